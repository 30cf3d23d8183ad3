"""The release auditor: what an attacker holding only ``OUT/metrics`` can learn of hidden counts.

It rebuilds the documented relations (docs/metrics.md, Privacy filter) from the published
files alone, and for every hidden count of a ``primary`` row (and its not-selected complement)
computes by linear programming the interval the count can take under those relations,
and non-negativity. A relation that the published figures contradict (not
exact on fully published sets) is left out and named. The release fails if any published count
is sensitive under the primary rule, or if a hidden count can be narrowed to an interval
narrower than the protection width that still reaches below k.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from gelijkekansen.analyse.disclosure import BASE, linked_families, population_parts
from gelijkekansen.analyse.intervals import EQUATIONS, narrow_unknowns
from gelijkekansen.analyse.suppression import PRIMARY, REASON, SUPPRESSED, primary_rule
from gelijkekansen.config import Config
from gelijkekansen.contract import TOTAL

COUNTS = ("pool", "selected", "withdrawn")


@dataclass
class AuditReport:
    """The auditor's findings; ``passed`` when nothing is too small or too narrow."""

    published_small: list[str] = field(default_factory=list)
    too_narrow: list[str] = field(default_factory=list)
    families: list[str] = field(default_factory=list)
    inexact_families: list[str] = field(default_factory=list)
    hidden_checked: int = 0
    hidden_skipped: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.published_small and not self.too_narrow


def audit_release(
    metrics: Path,
    *,
    config: Config,
    width: int | None = None,
    budget_seconds: float | None = None,
    workers: int = 1,
) -> AuditReport:
    """Audit the representation and selection-rate files in ``metrics`` (see module doc).

    ``width`` defaults to the configured protection width; ``budget_seconds`` stops the
    interval computations after that long (the skipped cells are counted, never passed);
    ``workers`` threads share the independent components of the relations.
    """
    return audit_cells(
        published_cells(metrics),
        config=config,
        width=width,
        budget_seconds=budget_seconds,
        workers=workers,
    )


def audit_cells(
    cells: pl.DataFrame,
    *,
    config: Config,
    width: int | None = None,
    budget_seconds: float | None = None,
    workers: int = 1,
) -> AuditReport:
    """Audit published rows in the shape of ``published_cells`` (a ``row`` index first)."""
    started = time.monotonic()
    report = AuditReport()
    k = config.min_cell
    need = width or config.privacy.protection_width or 1
    rule = primary_rule(
        ["pool", "selected", "withdrawn"],
        [("pool", "selected")],
        min_cell=k,
        policy=config.privacy,
    )
    small = cells.filter(~pl.col(SUPPRESSED) & rule)
    report.published_small = [_describe(row) for row in small.head(50).iter_rows(named=True)]
    equations = _equations(
        cells, config.analysis.intersections, population_parts(config), report
    )
    _intervals(
        cells, equations, k=k, width=need, report=report, budget=budget_seconds, workers=workers
    )
    report.seconds = time.monotonic() - started
    return report


def published_cells(metrics: Path) -> pl.DataFrame:
    """Both tables as one frame of rows with the selection-rate keys and counts."""
    representation = pl.read_parquet(metrics / "representation.parquet").select(
        pl.lit("representation").alias("process"),
        pl.lit("stock").alias("stage"),
        pl.lit("quarter_end").alias("window_type"),
        pl.col("period_end").alias("window_start"),
        pl.col("period_end").alias("window_end"),
        "population",
        "org_unit",
        "dimension",
        "group",
        pl.col("headcount").alias("pool"),
        pl.lit(None, pl.Int64).alias("selected"),
        pl.lit(None, pl.Int64).alias("withdrawn"),
        SUPPRESSED,
        REASON,
    )
    selection = pl.read_parquet(metrics / "selection_rates.parquet").select(
        *BASE, "org_unit", "dimension", "group", *COUNTS, SUPPRESSED, REASON
    )
    return pl.concat([representation, selection], how="vertical_relaxed").with_row_index("row")


def _families(
    cells: pl.DataFrame,
    intersections: Sequence[tuple[str, str]],
    populations: Mapping[str, Sequence[str]],
) -> list[tuple[str, pl.Expr, list[str], pl.Expr]]:
    """Every documented relation as (name, membership tag, keys, which row is the total)."""
    families = [
        (
            "units",
            pl.lit("x"),
            [*BASE, "dimension", "group"],
            pl.col("org_unit") == TOTAL,
        )
    ]
    dimensions = [
        d for d in cells.get_column("dimension").unique().sort() if d != TOTAL and "×" not in d
    ]
    families += [
        (
            f"groups:{d}",
            pl.when(pl.col("dimension").is_in([d, TOTAL])).then(pl.lit("x")),
            [*BASE, "org_unit"],
            pl.col("dimension") == TOTAL,
        )
        for d in dimensions
    ]
    for first, second in intersections:
        pair = f"{first}×{second}"
        for side, component in ((0, first), (1, second)):
            margin = (
                pl.when(pl.col("dimension") == pair)
                .then(pl.col("group").str.split("×").list.get(side, null_on_oob=True))
                .when(pl.col("dimension") == component)
                .then(pl.col("group"))
            )
            families.append(
                (
                    f"margin:{pair}:{component}",
                    margin,
                    [*BASE, "org_unit"],
                    pl.col("dimension") == component,
                )
            )
    return families + linked_families(populations)


def _equations(
    cells: pl.DataFrame,
    intersections: Sequence[tuple[str, str]],
    populations: Mapping[str, Sequence[str]],
    report: AuditReport,
) -> pl.DataFrame:
    """(eq, row, column, coef) for every exact relation: Σ coef · value = 0."""
    parts = []
    offset = 0
    for name, tag, keys, is_total in _families(cells, intersections, populations):
        member = cells.with_columns(tag.alias("__tag"), is_total.alias("__total")).filter(
            pl.col("__tag").is_not_null() & pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
        )
        member = member.with_columns(
            (pl.struct(*keys, "__tag").rank("dense").cast(pl.Int64) + offset).alias("eq")
        ).filter(
            (pl.len().over("eq") >= 2) & (pl.col("__total").cast(pl.Int32).sum().over("eq") == 1)
        )
        if member.is_empty():
            continue
        offset = int(member.get_column("eq").max()) + 1  # type: ignore[arg-type]
        long = (
            member.select("eq", "row", "__total", "process", *COUNTS)
            .unpivot(
                index=["eq", "row", "__total", "process"], on=list(COUNTS), variable_name="column"
            )
            .filter(
                (pl.col("column") == "pool")
                | ((pl.col("column") == "selected") & (pl.col("process") != "representation"))
                | ((pl.col("column") == "withdrawn") & (pl.col("process") == "hiring"))
            )
            .with_columns(
                (
                    pl.col("eq") * 4
                    + pl.col("column").replace_strict(
                        {"pool": 0, "selected": 1, "withdrawn": 2}, return_dtype=pl.Int64
                    )
                ).alias("eq"),
                pl.when(pl.col("__total")).then(-1).otherwise(1).alias("coef"),
            )
        )
        residual = (
            long.group_by("eq")
            .agg(
                (pl.col("coef") * pl.col("value")).sum().alias("sum"),
                pl.col("value").null_count().alias("unknown"),
            )
            .filter(pl.col("unknown") == 0)
        )
        if (residual.get_column("sum") != 0).any():
            report.inexact_families.append(name)
            continue
        report.families.append(name)
        parts.append(long.select("eq", "row", "column", "coef", "value"))
    if not parts:
        return pl.DataFrame(schema=EQUATIONS)
    return pl.concat(parts, how="vertical_relaxed")


def _intervals(
    cells: pl.DataFrame,
    equations: pl.DataFrame,
    *,
    k: int,
    width: int,
    report: AuditReport,
    budget: float | None,
    workers: int,
) -> None:
    """The exact interval of every hidden count of a primary row, over all relations at once."""
    targets = cells.filter(pl.col(SUPPRESSED) & (pl.col(REASON) == PRIMARY)).select("row")
    narrow, report.hidden_checked, report.hidden_skipped = narrow_unknowns(
        equations, targets, min_cell=k, width=width, budget_seconds=budget, workers=workers
    )
    for found in narrow.iter_rows(named=True):
        row = cells.row(int(found["row"]), named=True)
        report.too_narrow.append(
            f"{_describe(row)} {found['column']} in [{found['low']:g}, {found['high']:g}]"
        )


def _describe(row: dict[str, object]) -> str:
    keys = (
        "process",
        "stage",
        "window_type",
        "window_start",
        "population",
        "org_unit",
        "dimension",
        "group",
    )
    return " ".join(str(row[k]) for k in keys)
