"""The findings that lead the equity report: chosen from the published comparisons, worded.

A finding is a published comparison whose verdict is a clear (certain) difference, looked at over
every year pooled (``all_years``, the most certain view) and over the last four quarters
(``rolling4q``, the most recent). One finding per process, stage, dimension and group: the
broadest population that shows it. Findings are ordered by the size that is certain, the upper
bound of the impact ratio's 95% interval (smallest first). Nothing here computes a statistic:
rates, intervals, tests and verdicts all come from the analyse step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from gelijkekansen.analyse.stats import CLEAR_DIFFERENCES, FOLLOW_UP

ALL_YEARS = "all_years"
ROLLING = "rolling4q"
CERTAIN = CLEAR_DIFFERENCES
"""Verdicts a headline names: differences that are certain after multiplicity control."""
NOT_CERTAIN = tuple(v for v in FOLLOW_UP if v not in CLEAR_DIFFERENCES)
"""Verdicts shown as signals to follow up: large, but not yet certain."""
END_TO_END = "applied>hired"
POPULATIONS = ("candidates:all", "all_staff", "teachers", "support")
"""Populations a headline may name, broadest first; narrower ones are in the tables."""
COLUMNS = (
    "window_type", "window_start", "window_end", "org_unit", "process", "stage", "population",
    "dimension", "group", "reference_group", "pool", "selected", "rate", "rate_ci_low",
    "rate_ci_high", "impact_ratio", "ir_ci_low", "ir_ci_high", "p_fisher", "q_value",
    "verdict", "suppressed", "suppression_reason",
)
KEY = ("process", "stage", "dimension", "group")

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Finding:
    """One comparison worth a sentence: its row, its reference group's row, and the same
    comparison in the other window (``None`` when that window has no such row)."""

    row: Row
    reference: Row | None
    other: Row | None


def windows(frame: pl.DataFrame, period_end: date) -> pl.DataFrame:
    """The pooled window ending last on or before ``period_end`` and the rolling year ending
    at ``period_end``: windows that end later would show figures from after the period."""
    pooled = frame.filter(
        (pl.col("window_type") == ALL_YEARS) & (pl.col("window_end") <= period_end)
    )
    if not pooled.is_empty():
        pooled = pooled.filter(pl.col("window_end") == pooled.get_column("window_end").max())
    rolling = frame.filter(
        (pl.col("window_type") == ROLLING) & (pl.col("window_end") == period_end)
    )
    return pl.concat([pooled, rolling])


def choose(frame: pl.DataFrame, *, verdicts: Sequence[str], single: bool) -> list[Finding]:
    """Findings with one of ``verdicts`` in ``frame`` (both windows, one org unit).

    ``single`` keeps single dimensions (intersections are signals, not headlines) and drops the
    end-to-end hiring stage where a stage of the funnel shows the same group.
    """
    flagged = frame.filter(
        pl.col("verdict").is_in(list(verdicts)) & pl.col("population").is_in(POPULATIONS)
    )
    if single:
        flagged = flagged.filter(~pl.col("dimension").str.contains("×"))
        staged = flagged.filter(pl.col("stage") != END_TO_END).select(
            "dimension", "group"
        ).unique()
        flagged = flagged.join(
            staged.with_columns(pl.lit(True).alias("_staged")), on=["dimension", "group"],
            how="left",
        ).filter(~((pl.col("stage") == END_TO_END) & pl.col("_staged").fill_null(False)))
    rank = {p: i for i, p in enumerate(POPULATIONS)}
    best: dict[tuple[Any, ...], Row] = {}
    for row in flagged.iter_rows(named=True):
        key = tuple(row[k] for k in KEY)
        held = best.get(key)
        if held is None or _preferred(row, held, rank):
            best[key] = row
    chosen = sorted(best.values(), key=certain_size)
    return [
        Finding(row=row, reference=_reference(frame, row), other=_other_window(frame, row))
        for row in chosen
    ]


def one_per_comparison(
    findings: Sequence[Finding], limit: int
) -> tuple[list[Finding], list[Finding]]:
    """The first finding of each process, stage and dimension, up to ``limit``, and the rest:
    55+ and 45-54 behind the same reference tell one story, the headline tells it once."""
    seen: set[tuple[Any, ...]] = set()
    first: list[Finding] = []
    rest: list[Finding] = []
    for finding in findings:
        key = tuple(finding.row[k] for k in ("process", "stage", "dimension"))
        if key in seen or len(first) == limit:
            rest.append(finding)
        else:
            seen.add(key)
            first.append(finding)
    return first, rest


def _preferred(row: Row, held: Row, rank: Mapping[str, int]) -> bool:
    """Broadest population first; within it the pooled window, which counts most people."""
    mine = (rank[row["population"]], row["window_type"] != ALL_YEARS)
    theirs = (rank[held["population"]], held["window_type"] != ALL_YEARS)
    return mine < theirs


def certain_size(row: Row) -> tuple[float, float]:
    """Order by the upper bound of the impact ratio's interval, then by the q-value."""
    high = row["ir_ci_high"]
    q = row["q_value"]
    return (1.0 if high is None else float(high), 1.0 if q is None else float(q))


def _matching(frame: pl.DataFrame, row: Row, **changes: Any) -> Row | None:
    wanted = {k: row[k] for k in ("window_type", "window_end", "process", "stage",
                                  "population", "dimension", "group")}
    wanted.update(changes)
    match = frame.filter(*(pl.col(k) == v for k, v in wanted.items()))
    return match.row(0, named=True) if match.height else None


def _reference(frame: pl.DataFrame, row: Row) -> Row | None:
    if row["reference_group"] is None:
        return None
    return _matching(frame, row, group=row["reference_group"])


def _other_window(frame: pl.DataFrame, row: Row) -> Row | None:
    other = ROLLING if row["window_type"] == ALL_YEARS else ALL_YEARS
    candidates = frame.filter(pl.col("window_type") == other)
    if candidates.is_empty():
        return None
    end = candidates.get_column("window_end").max()
    return _matching(candidates, row, window_type=other, window_end=end)
