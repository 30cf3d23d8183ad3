"""Which counts may be published: the minimum cell size applied to comparison tables.

A comparison table adds up in several directions at once (groups to the population total, org
units to the organisation, intersection cells to their margins); each direction is one sibling
set for the complementary suppression in ``gelijkekansen.analyse.suppression``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence

import polars as pl

from gelijkekansen.analyse.audit import find_leaks
from gelijkekansen.analyse.relations import BASE, CELL, linked_families
from gelijkekansen.analyse.suppression import REASON, SUPPRESSED, suppress
from gelijkekansen.config import PrivacySettings
from gelijkekansen.contract import TOTAL

log = logging.getLogger(__name__)

# Price factors for hiding a row: the unknown category says least, and a total is still
# bounded by its published parts; a large named group is what the reader came for.
UNKNOWN_FACTOR = 0.5
TOTAL_FACTOR = 0.2


def filter_counts(
    frame: pl.DataFrame,
    *,
    min_cell: int,
    intersections: Sequence[tuple[str, str]],
    count_columns: list[str],
    complement: bool,
    policy: PrivacySettings | None = None,
    populations: Mapping[str, Sequence[str]] | None = None,
) -> pl.DataFrame:
    """Minimum cell size with secondary suppression over every way counts add up.

    Sets within a comparison: the groups of each dimension with the population total
    (``in_<dimension>``), the org units with the organisation-wide row, and for each
    intersection the cells within one group of either component dimension together with that
    group's own row. Linked sets across comparisons: ``linked_families``.
    """
    base = BASE
    helpers = []
    sibling_sets: list[list[str]] = [[*base, "dimension", "group"]]
    dimensions = [d for d in frame.get_column("dimension").unique().sort() if d != TOTAL]
    for dimension in dimensions:
        column = f"_in_{dimension}"
        helpers.append(
            pl.when(pl.col("dimension").is_in([dimension, TOTAL])).then(pl.lit("x")).alias(column)
        )
        sibling_sets.append([*base, "org_unit", column])
    for first, second in intersections:
        pair = f"{first}×{second}"
        for side, component in (("margin_a", first), ("margin_b", second)):
            column = f"_{pair}_{side}"
            helpers.append(
                pl.when(pl.col("dimension") == pair)
                .then(pl.col(side))
                .when(pl.col("dimension") == component)
                .then(pl.col("group"))
                .alias(column)
            )
            sibling_sets.append([*base, "org_unit", column])
    linking = policy is None or policy.linked_tables
    for name, tag, keys, _ in linked_families(populations or {}) if linking else []:
        helpers.append(tag.alias(f"_{name}"))
        sibling_sets.append([*keys, f"_{name}"])
    work = frame.with_columns(helpers) if helpers else frame
    persons = pl.col(count_columns[0]).cast(pl.Float64).fill_null(0.0) + 1.0
    price = (
        pl.when((pl.col("group") == TOTAL) | (pl.col("org_unit") == TOTAL))
        .then(persons * TOTAL_FACTOR)
        .when(pl.col("group") == "onbekend")
        .then(persons * UNKNOWN_FACTOR)
        .otherwise(persons)
    )
    policy = policy or PrivacySettings()

    def protect(data: pl.DataFrame) -> pl.DataFrame:
        return suppress(
            data,
            count_columns=count_columns,
            sibling_sets=sibling_sets,
            min_cell=min_cell,
            complement_of=[("pool", "selected")] if complement else [],
            cost=price,
            policy=policy,
        )

    filtered = protect(work)
    if min_cell > 1:
        filtered = _repair(
            filtered,
            protect,
            price=price,
            count_columns=count_columns,
            min_cell=min_cell,
            policy=policy,
            intersections=intersections,
            populations=populations or {},
        )
    return filtered.drop([c for c in filtered.columns if c.startswith("_")])


def _repair(
    filtered: pl.DataFrame,
    protect: Callable[[pl.DataFrame], pl.DataFrame],
    *,
    price: pl.Expr,
    count_columns: Sequence[str],
    min_cell: int,
    policy: PrivacySettings,
    intersections: Sequence[tuple[str, str]],
    populations: Mapping[str, Sequence[str]],
) -> pl.DataFrame:
    """Verify the pattern with the auditor and hide more until it finds no narrow cell.

    The set rule of ``suppress`` is necessary, not sufficient: relations combine (a hidden
    cell bounded through its unit, its group and the published grand total). Each round the
    auditor's linear programmes find the hidden small counts still narrower than the
    protection width; for each, the cheapest published row with a positive count in its
    relations is hidden too, and ``suppress`` balances the sets again. Hiding only grows, so
    this ends; ``policy.audit_seconds`` bounds the time, and what was left unchecked is logged.
    """
    deadline = time.monotonic() + policy.audit_seconds
    costs = filtered.select(price.alias("cost")).get_column("cost").to_numpy()
    while (left := deadline - time.monotonic()) > 0:
        report = find_leaks(
            _as_cells(filtered, count_columns),
            min_cell=min_cell,
            policy=policy,
            intersections=intersections,
            populations=populations,
            budget_seconds=left,
        )
        if report.hidden_skipped:
            log.warning(
                "privacy filter: %d hidden counts not verified within audit_seconds = %g",
                report.hidden_skipped,
                policy.audit_seconds,
            )
        if not report.narrow_rows:
            return filtered
        hidden = filtered.get_column(SUPPRESSED).to_numpy().copy()
        for candidates in report.narrow_rows.values():
            shown = [row for row in candidates if not hidden[row]]
            if not shown:
                continue
            hidden[min(shown, key=lambda row: (costs[row], row))] = True
        filtered = protect(filtered.with_columns(pl.Series(SUPPRESSED, hidden)))
    return filtered


def _as_cells(filtered: pl.DataFrame, count_columns: Sequence[str]) -> pl.DataFrame:
    """The frame as an attacker sees it, in the auditor's shape: hidden counts null."""
    names = dict(zip(("pool", "selected", "withdrawn"), count_columns, strict=False))
    shown = ~pl.col(SUPPRESSED)
    return filtered.select(
        *BASE,
        *CELL,
        *(
            pl.when(shown).then(pl.col(names[c])).otherwise(None).cast(pl.Int64).alias(c)
            if c in names
            else pl.lit(None, pl.Int64).alias(c)
            for c in ("pool", "selected", "withdrawn")
        ),
        SUPPRESSED,
        REASON,
    ).with_row_index("row")
