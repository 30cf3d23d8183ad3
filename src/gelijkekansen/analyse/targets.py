"""Targets (streefcijfers) published from the marts: share, gap, projection and status per target,
the share's trend, the glass ceiling indices and the SER summary.

Reads ``marts.population_flows`` and sends every published figure through the privacy filter;
the projection itself is ``gelijkekansen.analyse.projection`` (pure functions on counts).
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import NamedTuple

import duckdb
import numpy as np
import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.glass_ceiling import glass_ceiling
from gelijkekansen.analyse.leadership_summary import ser_summary
from gelijkekansen.analyse.projection import (
    WINDOW_QUARTERS,
    FloatArray,
    IntArray,
    ObservedFlows,
    project_share,
    quarters_until,
    target_status,
)
from gelijkekansen.analyse.suppression import publishable
from gelijkekansen.config import Config, Target
from gelijkekansen.contract import CODES, FIXED_DIMENSIONS, TOTAL
from gelijkekansen.warehouse.models import query

STOCK_KEYS = ["period_end", "population", "dimension", "group"]
TARGET_COLUMNS = (
    "target_id", "population", "dimension", "group", "target_share", "target_date",
    "current_share", "current_ci_low", "current_ci_high", "gap_persons", "projected_share",
    "projected_low", "projected_high", "p_reach", "required_inflow_share", "status", "suppressed",
)
TARGET_VALUES = [c for c in TARGET_COLUMNS[6:] if c != "suppressed"]
SHARE_VALUES = ["current_share", "current_ci_low", "current_ci_high"]


def publish_targets(
    con: duckdb.DuckDBPyConnection, config: Config, *, representation: pl.DataFrame
) -> dict[str, pl.DataFrame]:
    """Target tracking, trend, glass ceiling indices and the SER summary.

    Call inside the analyse transaction after ``run_models(con, "marts")``; the frames are meant
    for ``published.<name>``. Figures are organisation-wide. They show the stocks of the
    published ``representation``, hidden exactly where it hides them: one disclosure decision
    per cell, so no table can be differenced against another.
    """
    flows = _flows(con)
    stocks = protected_stocks(flows, representation=representation, config=config)
    return {
        "targets": target_table(flows, stocks, config.targets),
        "target_history": target_history(stocks, config.targets),
        "glass_ceiling": glass_ceiling(stocks, config=config),
        "ser_summary": ser_summary(stocks, config=config),
    }


def protected_stocks(
    flows: pl.DataFrame, *, representation: pl.DataFrame, config: Config
) -> pl.DataFrame:
    """Headcount per quarter end, population and group, zero-filled over the contract's codes,
    with the population total alongside and ``suppressed`` as the organisation-wide rows of the
    published representation have it (a stock it does not publish counts as hidden)."""
    groups = pl.DataFrame(
        [(TOTAL, TOTAL), *((d, g) for d in FIXED_DIMENSIONS for g in CODES[d])],
        schema={"dimension": pl.Utf8, "group": pl.Utf8},
        orient="row",
    )
    grid = (
        flows.select(pl.col("quarter_end").alias("period_end")).unique()
        .join(pl.DataFrame({"population": config.populations}), how="cross")
        .join(groups, how="cross")
    )
    counts = flows.select(
        pl.col("quarter_end").alias("period_end"),
        "population",
        "dimension",
        "group",
        pl.col("stock_end").alias("headcount"),
    )
    frame = grid.join(counts, on=STOCK_KEYS, how="left").with_columns(
        pl.col("headcount").fill_null(0)
    )
    totals = frame.filter(pl.col("dimension") == TOTAL).select(
        "period_end", "population", pl.col("headcount").alias("total")
    )
    hidden = representation.filter(pl.col("org_unit") == TOTAL).select(*STOCK_KEYS, "suppressed")
    total_hidden = hidden.filter(pl.col("dimension") == TOTAL).select(
        "period_end", "population", pl.col("suppressed").alias("_total_hidden")
    )
    # a share is hidden with its total, as in the representation (run.hidden_with_total)
    return (
        frame.join(totals, on=["period_end", "population"])
        .join(hidden, on=STOCK_KEYS, how="left")
        .join(total_hidden, on=["period_end", "population"], how="left")
        .with_columns(
            (pl.col("suppressed").fill_null(True) | pl.col("_total_hidden").fill_null(True))
            .alias("suppressed")
        )
        .drop("_total_hidden")
        .sort(STOCK_KEYS)
    )


def target_table(
    flows: pl.DataFrame, stocks: pl.DataFrame, targets: tuple[Target, ...]
) -> pl.DataFrame:
    """One row per target at the latest quarter end: share, gap, projection and status."""
    latest = _latest(stocks)
    chosen = _projectable(targets)
    rows = [] if latest is None else [_target_row(flows, stocks, t, latest) for t in chosen]
    frame = pl.DataFrame(rows, schema=_TARGET_SCHEMA)
    frame = frame.with_columns(pl.col(pl.Float64).fill_nan(None))
    return publishable(frame, value_columns=TARGET_VALUES).select(TARGET_COLUMNS)


def target_history(stocks: pl.DataFrame, targets: tuple[Target, ...]) -> pl.DataFrame:
    """Share of each target's group per quarter end with its Wilson interval, and the target
    line alongside, for trend charts."""
    lines = pl.DataFrame(
        [_describe(t) for t in _projectable(targets)], schema=_DESCRIPTION_SCHEMA
    )
    frame = lines.join(stocks, on=["population", "dimension", "group"], how="inner")
    share, low, high = _share_interval(_ints(frame, "headcount"), _ints(frame, "total"))
    frame = frame.with_columns(
        pl.Series("current_share", share).fill_nan(None),
        pl.Series("current_ci_low", low).fill_nan(None),
        pl.Series("current_ci_high", high).fill_nan(None),
    )
    return (
        publishable(frame, value_columns=SHARE_VALUES)
        .select("target_id", "period_end", *list(_DESCRIPTION_SCHEMA)[1:], *SHARE_VALUES,
                "suppressed")
        .sort("target_id", "period_end")
    )


def gap_persons(focal: int, total: int, target_share: float) -> int:
    """Persons of the group to add, at the current population size, to reach the target:
    ⌈τ·N⌉ − F, decided exactly on the target as written (0.3 is 3/10), 0 when it is met."""
    needed = math.ceil(Fraction(repr(target_share)) * total) - focal
    return max(needed, 0)


def observed_flows(flows: pl.DataFrame, target: Target, *, until: date) -> ObservedFlows:
    """The target group's and the rest's flows organisation-wide, quarters up to ``until``."""
    series = _target_series(flows, target).filter(pl.col("quarter_end") <= until)
    focal = {c: _ints(series, f"focal_{c}") for c in ("start", "inflow", "outflow")}
    total = {c: _ints(series, f"total_{c}") for c in ("start", "inflow", "outflow")}
    return ObservedFlows(
        focal_start=focal["start"],
        focal_inflow=focal["inflow"],
        focal_outflow=focal["outflow"],
        others_start=total["start"] - focal["start"],
        others_inflow=total["inflow"] - focal["inflow"],
        others_outflow=total["outflow"] - focal["outflow"],
    )


def backtest(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    *,
    origin_quarter: date,
    horizon_quarters: int,
    window: int = WINDOW_QUARTERS,
) -> pl.DataFrame:
    """Project each target from an earlier quarter end with only the flows up to it, and
    compare with the share realised ``horizon_quarters`` later: absolute error in percentage
    points and whether the realised share fell inside the band. Hidden where the published
    representation hides either quarter's count (call after ``analyse``)."""
    flows = _flows(con)
    representation = con.sql("select * from published.representation").pl()
    stocks = protected_stocks(flows, representation=representation, config=config)
    quarter_ends = stocks.get_column("period_end").unique().sort().to_list()
    if origin_quarter not in quarter_ends:
        raise ValueError(f"backtest: {origin_quarter} is not a quarter end of the history.")
    position = quarter_ends.index(origin_quarter) + horizon_quarters
    if horizon_quarters < 1 or position >= len(quarter_ends):
        raise ValueError(
            f"backtest: {horizon_quarters} quarters after {origin_quarter} lies outside the "
            f"history (last quarter end {quarter_ends[-1]})."
        )
    evaluated = quarter_ends[position]
    rows = []
    for target in _projectable(config.targets):
        start = _stock_row(stocks, target, origin_quarter)
        end = _stock_row(stocks, target, evaluated)
        row: dict[str, object] = {
            "target_id": target.target_id,
            "origin_quarter": origin_quarter,
            "evaluation_quarter": evaluated,
            "horizon_quarters": horizon_quarters,
            "suppressed": start.suppressed or end.suppressed,
        }
        if start.total > 0 and end.total > 0:
            projection = project_share(
                start.headcount,
                start.total - start.headcount,
                observed_flows(flows, target, until=origin_quarter),
                quarters=horizon_quarters,
                target_share=target.share,
                window=window,
            )
            realised = end.headcount / end.total
            row |= {
                "share_at_origin": start.headcount / start.total,
                "projected_share": projection.share,
                "projected_low": projection.share_low,
                "projected_high": projection.share_high,
                "realised_share": realised,
                "abs_error_pp": abs(projection.share - realised) * 100.0,
                "realised_in_band": projection.share_low <= realised <= projection.share_high,
            }
        rows.append(row)
    frame = pl.DataFrame(rows, schema=_BACKTEST_SCHEMA).with_columns(
        pl.col(pl.Float64).fill_nan(None)
    )
    return publishable(frame, value_columns=list(_BACKTEST_SCHEMA)[4:-1])


def _target_row(
    flows: pl.DataFrame, stocks: pl.DataFrame, target: Target, latest: date
) -> dict[str, object]:
    now = _stock_row(stocks, target, latest)
    focal, total = now.headcount, now.total
    share, low, high = _share_interval(np.array([focal]), np.array([total]))
    row: dict[str, object] = {
        **_describe(target),
        "current_share": float(share[0]),
        "current_ci_low": float(low[0]),
        "current_ci_high": float(high[0]),
        "gap_persons": gap_persons(focal, total, target.share),
        "suppressed": now.suppressed,
    }
    if total == 0:
        return row
    projection = project_share(
        focal,
        total - focal,
        observed_flows(flows, target, until=latest),
        quarters=quarters_until(latest, target.target_date),
        target_share=target.share,
    )
    return row | {
        "projected_share": projection.share,
        "projected_low": projection.share_low,
        "projected_high": projection.share_high,
        "p_reach": projection.p_reach,
        "required_inflow_share": projection.required_inflow_share,
        "status": target_status(
            projection.p_reach,
            float(share[0]),
            target.share,
            projection.required_inflow_share,
            projection.rates.inflow_share,
        ),
    }


def _projectable(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Refuse targets on a dimension without flows instead of reporting them as empty."""
    for target in targets:
        if target.dimension not in FIXED_DIMENSIONS:
            raise ValueError(
                f"target {target.target_id}: dimension '{target.dimension}' cannot be tracked; "
                f"targets are projected for {', '.join(FIXED_DIMENSIONS)} only."
            )
    return targets


def _flows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    flows: pl.DataFrame = query(con, "analyse.organisation_flows").pl()
    return flows


def _latest(stocks: pl.DataFrame) -> date | None:
    """The latest quarter end, None before any quarter was delivered."""
    latest = stocks.get_column("period_end").max()
    return latest if isinstance(latest, date) else None


def _target_series(flows: pl.DataFrame, target: Target) -> pl.DataFrame:
    """Per quarter (zero-filled): the group's and the population's start, in, out."""
    quarters = flows.select("quarter_end").unique().sort("quarter_end")
    measures = ["stock_start", "inflow", "outflow"]
    population = flows.filter(pl.col("population") == target.population)

    def side(dimension: str, group: str, prefix: str) -> pl.DataFrame:
        rows = population.filter(
            (pl.col("dimension") == dimension) & (pl.col("group") == group)
        ).select("quarter_end", *measures)
        return rows.rename({c: f"{prefix}_{c.removeprefix('stock_')}" for c in measures})

    return (
        quarters.join(side(target.dimension, target.group, "focal"), on="quarter_end", how="left")
        .join(side(TOTAL, TOTAL, "total"), on="quarter_end", how="left")
        .fill_null(0)
    )


class _Stock(NamedTuple):
    headcount: int
    total: int
    suppressed: bool


def _stock_row(stocks: pl.DataFrame, target: Target, period_end: date) -> _Stock:
    """The target group's headcount at a quarter end (the grid is zero-filled: always found)."""
    row = stocks.filter(
        (pl.col("period_end") == period_end)
        & (pl.col("population") == target.population)
        & (pl.col("dimension") == target.dimension)
        & (pl.col("group") == target.group)
    ).row(0, named=True)
    return _Stock(int(row["headcount"]), int(row["total"]), bool(row["suppressed"]))


def _share_interval(
    part: IntArray, whole: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    low, high = stats.wilson_interval(part, whole)
    return stats.selection_rate(part, whole), low, high


def _describe(target: Target) -> dict[str, object]:
    return {
        "target_id": target.target_id,
        "population": target.population,
        "dimension": target.dimension,
        "group": target.group,
        "target_share": target.share,
        "target_date": target.target_date,
    }


def _ints(frame: pl.DataFrame, column: str) -> IntArray:
    return frame.get_column(column).cast(pl.Int64).to_numpy()


_DESCRIPTION_SCHEMA = {
    "target_id": pl.Utf8,
    "population": pl.Utf8,
    "dimension": pl.Utf8,
    "group": pl.Utf8,
    "target_share": pl.Float64,
    "target_date": pl.Date,
}
_TARGET_SCHEMA = {
    **_DESCRIPTION_SCHEMA,
    **{c: pl.Float64 for c in SHARE_VALUES},
    "gap_persons": pl.Int64,
    **{c: pl.Float64 for c in ("projected_share", "projected_low", "projected_high", "p_reach",
                              "required_inflow_share")},
    "status": pl.Utf8,
    "suppressed": pl.Boolean,
}
_BACKTEST_SCHEMA = {
    "target_id": pl.Utf8,
    "origin_quarter": pl.Date,
    "evaluation_quarter": pl.Date,
    "horizon_quarters": pl.Int64,
    **{c: pl.Float64 for c in ("share_at_origin", "projected_share", "projected_low",
                              "projected_high", "realised_share", "abs_error_pp")},
    "realised_in_band": pl.Boolean,
    "suppressed": pl.Boolean,
}
