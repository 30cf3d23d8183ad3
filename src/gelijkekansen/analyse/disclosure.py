"""Which counts may be published: the minimum cell size applied to comparison tables.

A comparison table adds up in several directions at once (groups to the population total, org
units to the organisation, intersection cells to their margins); each direction is one sibling
set for the complementary suppression in ``gelijkekansen.analyse.suppression``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from gelijkekansen.analyse.suppression import Memo, suppress
from gelijkekansen.config import Config, PrivacySettings
from gelijkekansen.contract import TOTAL

BASE = ["process", "stage", "window_type", "window_start", "window_end", "population"]
CELL = ["org_unit", "dimension", "group"]
# Price factors for hiding a row: the unknown category says least, and a total is still
# bounded by its published parts; a large named group is what the reader came for. Within a
# unit, a population that is the sum of others (teachers = its ladder levels) is bounded by its
# parts in the same way, so with linked tables its rows cost a fifth again: a small lector cell
# is protected by the unit's teachers row, not by its docenten, where the findings are. The
# organisation-wide row stays at a fifth (all candidates are what the hiring tables show).
# Where shares of a total are published (representation), the population total is dear
# instead: every share of its groups is hidden with it, since a share and its count would give
# the total back.
UNKNOWN_FACTOR = 0.5
# An intersection cell splits a group that is published on its own as well: hiding it loses
# less than hiding a group of a single dimension, where the findings are read.
INTERSECTION_FACTOR = 0.5
TOTAL_FACTOR = 0.2
SHARED_TOTAL_FACTOR = 2.0
# A cell a configured target reads (the target's group and its population total) is what
# leadership monitors: hiding it hides the target's status, so it is hidden last.
MONITORED_FACTOR = 10.0


def population_parts(config: Config) -> dict[str, tuple[str, ...]]:
    """Populations that are the sum of others (docs/metrics.md, Populations)."""
    teaching, support = config.ladder.teaching, config.ladder.support
    return {
        "all_staff": ("teachers", "support"),
        "teachers": tuple(f"ladder:{level}" for level in teaching),
        "support": tuple(f"ladder:{level}" for level in support),
        "leaders": tuple(f"leaders:{layer}" for layer in config.leadership_layers),
        "candidates:all": ("candidates:internal", "candidates:external"),
    }


def linked_families(
    populations: Mapping[str, Sequence[str]],
) -> list[tuple[str, pl.Expr, list[str], pl.Expr]]:
    """Relations across comparisons: (name, membership tag, keys, which row is the total).

    A population that adds up from others; the calendar years that add up to ``all_years``; two
    windows that cover the same days (the rolling year ending in December is that year).
    """
    families: list[tuple[str, pl.Expr, list[str], pl.Expr]] = [
        (
            f"population:{parent}",
            pl.when(pl.col("population").is_in([parent, *parts])).then(pl.lit("x")),
            ["process", "stage", "window_type", "window_start", "window_end", *CELL],
            pl.col("population") == parent,
        )
        for parent, parts in populations.items()
    ]
    families.append(
        (
            "years",
            pl.when(pl.col("window_type").is_in(["year", "all_years"])).then(pl.lit("x")),
            ["process", "stage", "population", *CELL],
            pl.col("window_type") == "all_years",
        )
    )
    families.append(
        (
            "same_days",
            pl.lit("x"),
            ["process", "stage", "window_start", "window_end", "population", *CELL],
            pl.col("window_type") == "year",
        )
    )
    return families


def filter_counts(
    frame: pl.DataFrame,
    *,
    min_cell: int,
    intersections: Sequence[tuple[str, str]],
    count_columns: list[str],
    complement: bool,
    shares: bool = False,
    monitored: pl.Expr | None = None,
    policy: PrivacySettings | None = None,
    populations: Mapping[str, Sequence[str]] | None = None,
    memo: Memo | None = None,
) -> pl.DataFrame:
    """Minimum cell size with secondary suppression over every way counts add up.

    Sets within a comparison: the groups of each dimension with the population total
    (``in_<dimension>``), the org units with the organisation-wide row, and for each
    intersection the cells within one group of either component dimension together with that
    group's own row. Linked sets across comparisons: ``linked_families``. ``shares``: the
    table publishes each group's share of its total, which makes hiding a total dear.
    ``monitored``: rows a target reads, hidden only when nothing cheaper protects. ``memo``:
    earlier answers per independent piece (``suppression.Memo``).
    """
    base = BASE
    helpers = []
    sibling_sets: list[list[str]] = [[*base, "dimension", "group"]]
    totals: list[pl.Expr | None] = [pl.col("org_unit") == TOTAL]
    dimensions = [d for d in frame.get_column("dimension").unique().sort() if d != TOTAL]
    for dimension in dimensions:
        column = f"_in_{dimension}"
        helpers.append(
            pl.when(pl.col("dimension").is_in([dimension, TOTAL])).then(pl.lit("x")).alias(column)
        )
        sibling_sets.append([*base, "org_unit", column])
        totals.append(pl.col("dimension") == TOTAL)
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
            totals.append(pl.col("dimension") == component)
    linked_sets = []
    linked_totals: list[pl.Expr | None] = []
    linking = policy is not None and policy.linked_tables
    chains = policy is not None and policy.check_chains
    for name, tag, keys, total in linked_families(populations or {}) if linking else []:
        helpers.append(tag.alias(f"_{name}"))
        linked_sets.append([*keys, f"_{name}"])
        # a population sum stays within one window: its chains are checked with the
        # components it joins; the windows' families would join the whole release
        linked_totals.append(total if chains and name.startswith("population:") else None)
    work = frame.with_columns(helpers) if helpers else frame
    persons = pl.col(count_columns[0]).cast(pl.Float64).fill_null(0.0) + 1.0
    parent = (
        pl.col("population").is_in(list(populations or {}))
        & (pl.col("org_unit") != TOTAL)
        & linking
    )
    price = (
        pl.when(pl.col("group") == TOTAL)
        .then(persons * (SHARED_TOTAL_FACTOR if shares else TOTAL_FACTOR))
        .when(pl.col("org_unit") == TOTAL)
        .then(persons * TOTAL_FACTOR)
        .when(pl.col("group") == "onbekend")
        .then(persons * UNKNOWN_FACTOR)
        .otherwise(persons)
    ) * pl.when(parent).then(TOTAL_FACTOR).otherwise(1.0)
    pairs = [f"{first}×{second}" for first, second in intersections]
    price = price * pl.when(pl.col("dimension").is_in(pairs)).then(INTERSECTION_FACTOR).otherwise(
        1.0
    )
    if monitored is not None:
        price = price * pl.when(monitored).then(MONITORED_FACTOR).otherwise(1.0)
    filtered = suppress(
        work,
        count_columns=count_columns,
        sibling_sets=sibling_sets,
        linked_sets=linked_sets,
        totals=totals,
        linked_totals=linked_totals,
        min_cell=min_cell,
        complement_of=[("pool", "selected")] if complement else [],
        cost=price,
        policy=policy,
        memo=memo,
    )
    return filtered.drop([c for c in filtered.columns if c.startswith("_")])
