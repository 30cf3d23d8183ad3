"""The same disparity table computed five ways from one 5M-row applications file.

The table: for each step of the hiring funnel (applied>screened ... offered>hired, and
applied>hired) and each group of origin and of gender, the selection rate and the impact ratio
against the group with the highest rate (the unknown group is never the reference). The pool of
a step is everyone who reached its first stage, less those who withdrew there, as in
``pipelines/marts/cells.sql``. Methods:

  a. fairlearn ``MetricFrame`` on rows (``selection_rate``, y_pred = reached the stage)
  b. Aequitas ``Group``/``Bias`` on rows, both attributes in one crosstab (pprev, pprev_disparity)
  c. a plain pandas groupby on rows
  d. a bare DuckDB GROUP BY over the Parquet file, rates and ratios in SQL
  e. the product: DuckDB aggregation to counts, then ``disparities.compare_selection``

a-c start from one pandas frame read from the Parquet file (its read time is reported and
counted in their totals); d and e read the file themselves. Every method's rates and impact
ratios must equal the product's to 1e-9, or the script fails. The product computes more than
the peers (Wilson and Katz intervals, Fisher, BH, detectable effect, verdicts) in its time.

Usage: python bench/peers.py APPLICATIONS_CSV   (prints a JSON line for bench/run.py)
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl

from gelijkekansen.analyse.comparisons import compare_selection
from gelijkekansen.config import AnalysisSettings
from gelijkekansen.contract import FUNNEL_STAGES, UNKNOWN

DIMENSIONS = ("origin", "gender")
STEPS = (  # name, first stage (pool), stage reached (selected), as ranks 0 = applied .. 4 = hired
    ("applied>screened", 0, 1),
    ("screened>interviewed", 1, 2),
    ("interviewed>offered", 2, 3),
    ("offered>hired", 3, 4),
    ("applied>hired", 0, 4),
)
TOLERANCE = 1e-9
REPEATS = 3
SLOW_SECONDS = 20.0

Table = dict[tuple[str, str, str], tuple[float, float]]
"""(step, dimension, group) -> (selection rate, impact ratio)."""

# Counts per step, dimension and group in one scan: first per (gender, origin) cell, then
# unnested, the way the marts count hiring. Shared by the bare query (d) and the product (e).
_COUNTS = """
with cells as (
    select
        gender,
        origin,
        count(*) as applied,
        {reached},
        {withdrew}
    from (
        select
            gender,
            origin,
            list_position($stages, furthest_stage) - 1 as stage_reached,
            withdrawn = 'ja' as withdrew
        from read_parquet($path)
    )
    group by gender, origin
),

steps as (
    select
        step.stage,
        gender,
        origin,
        step.pool,
        step.selected
    from cells,
        unnest([{steps}]) as t(step)
),

counts as (
    select stage, 'gender' as dimension, gender as "group", sum(pool)::bigint as pool,
        sum(selected)::bigint as selected
    from steps
    group by all
    union all
    select stage, 'origin', origin, sum(pool)::bigint, sum(selected)::bigint
    from steps
    group by all
)
"""


def _counts_sql() -> str:
    reached = ",\n        ".join(
        f"count_if(stage_reached >= {rank}) as reached_{rank}" for rank in range(1, 5)
    )
    withdrew = ",\n        ".join(
        f"count_if(withdrew and stage_reached >= {lo} and stage_reached < {hi}) as withdrew_{i}"
        for i, (_, lo, hi) in enumerate(STEPS)
    )
    steps = ", ".join(
        f"{{'stage': '{name}', 'pool': {'applied' if lo == 0 else f'reached_{lo}'} - withdrew_{i},"
        f" 'selected': reached_{hi}}}"
        for i, (name, lo, hi) in enumerate(STEPS)
    )
    return _COUNTS.format(reached=reached, withdrew=withdrew, steps=steps)


def bare_duckdb(path: Path) -> Table:
    """(d) Rates and impact ratios in SQL: the floor for anything built on DuckDB."""
    sql = (
        _counts_sql()
        + """
    select
        stage,
        dimension,
        "group",
        selected / pool as rate,
        rate / max(rate) filter (where "group" <> $unknown)
            over (partition by stage, dimension) as impact_ratio
    from counts
    """
    )
    with duckdb.connect() as con:
        rows = con.execute(sql, _parameters(path) | {"unknown": UNKNOWN}).fetchall()
    return {(s, d, g): (float(r), float(i)) for s, d, g, r, i in rows}


def product(path: Path) -> Table:
    """(e) The product's way: counts from DuckDB, every statistic from gelijkekansen."""
    with duckdb.connect() as con:
        counts = con.sql(_counts_sql() + "select * from counts", params=_parameters(path)).pl()
    frame = counts.with_columns(
        pl.lit("hiring").alias("process"),
        pl.lit("all_years").alias("window_type"),
        pl.lit(None, pl.Date).alias("window_start"),
        pl.lit(None, pl.Date).alias("window_end"),
        pl.lit("candidates:all").alias("population"),
        pl.lit("totaal").alias("org_unit"),
        pl.lit(False).alias("suppressed"),
    )
    # the peers take the highest rate over every group, whatever its size
    compared = compare_selection(
        frame, analysis=AnalysisSettings(reference="highest", reference_min_pool=1)
    )
    return {
        (s, d, g): (float(r), float(i))
        for s, d, g, r, i in compared.select(
            "stage", "dimension", "group", "rate", "impact_ratio"
        ).iter_rows()
    }


def _parameters(path: Path) -> dict[str, Any]:
    return {"path": str(path), "stages": list(FUNNEL_STAGES)}


def load(path: Path) -> pd.DataFrame:
    """The rows as a pandas user has them, with the stage as a rank and withdrawal as a flag."""
    frame = pd.read_parquet(path)
    frame["stage_reached"] = frame["furthest_stage"].map(
        {stage: rank for rank, stage in enumerate(FUNNEL_STAGES)}
    )
    frame["withdrew"] = frame["withdrawn"] == "ja"
    return frame


def _steps(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame, np.ndarray]]:
    """Per step: its pool's rows and whether each reached the step's stage."""
    reached = frame["stage_reached"].to_numpy()
    withdrew = frame["withdrew"].to_numpy()
    chosen = []
    for name, lo, hi in STEPS:
        pool = (reached >= lo) & ~(withdrew & (reached < hi))
        chosen.append((name, frame[pool], reached[pool] >= hi))
    return chosen


def _with_ratios(step: str, dimension: str, rates: pd.Series) -> Table:
    reference = rates.drop(UNKNOWN, errors="ignore").max()
    return {(step, dimension, str(g)): (float(r), float(r / reference)) for g, r in rates.items()}


def fairlearn_rows(frame: pd.DataFrame) -> Table:
    """(a) One MetricFrame per step and attribute; ``ratio()`` is checked against the rates."""
    from fairlearn.metrics import MetricFrame, selection_rate

    table: Table = {}
    for step, rows, selected in _steps(frame):
        for dimension in DIMENSIONS:
            metric = MetricFrame(
                metrics=selection_rate,
                y_true=selected,
                y_pred=selected,
                sensitive_features=rows[dimension],
            )
            rates = metric.by_group
            if abs(float(metric.ratio()) - rates.min() / rates.max()) > TOLERANCE:
                raise AssertionError(f"fairlearn ratio() disagrees for {step}, {dimension}")
            table |= _with_ratios(step, dimension, rates)
    return table


def aequitas_rows(frame: pd.DataFrame) -> Table:
    """(b) One crosstab over both attributes per step, disparities against the top group."""
    from aequitas.bias import Bias
    from aequitas.group import Group

    table: Table = {}
    for step, rows, selected in _steps(frame):
        # Aequitas accepts object columns only; pandas 3 reads text as its own string dtype
        attributes = rows[list(DIMENSIONS)].astype(object)
        scored = attributes.assign(score=selected.astype(int), label_value=selected)
        crosstab, _ = Group().get_crosstabs(scored, attr_cols=list(DIMENSIONS))
        known = crosstab[crosstab["attribute_value"] != UNKNOWN]
        top = known.loc[known.groupby("attribute_name")["pprev"].idxmax()]
        references = dict(zip(top["attribute_name"], top["attribute_value"], strict=True))
        biased = Bias().get_disparity_predefined_groups(
            crosstab,
            original_df=scored,
            ref_groups_dict=references,
            check_significance=False,
            mask_significance=False,
        )
        for dimension, group, rate, ratio in biased[
            ["attribute_name", "attribute_value", "pprev", "pprev_disparity"]
        ].itertuples(index=False):
            table[(step, dimension, str(group))] = (float(rate), float(ratio))
    return table


def pandas_rows(frame: pd.DataFrame) -> Table:
    """(c) What an analyst writes in pandas: a groupby mean per step and attribute."""
    table: Table = {}
    for step, rows, selected in _steps(frame):
        for dimension in DIMENSIONS:
            rates = pd.Series(selected).groupby(rows[dimension].to_numpy()).mean()
            table |= _with_ratios(step, dimension, rates)
    return table


def _best(action: Callable[[], Table]) -> tuple[float, Table]:
    """Best wall time of a few runs (one run when it is slow) and the last result."""
    best, result = float("inf"), {}
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
        if best > SLOW_SECONDS:
            break
    return best, result


def _agree(name: str, table: Table, expected: Table) -> None:
    if table.keys() != expected.keys():
        different = sorted(table.keys() ^ expected.keys())
        raise AssertionError(f"{name}: other cells than the product: {different}")
    for key, (rate, ratio) in table.items():
        want_rate, want_ratio = expected[key]
        if abs(rate - want_rate) > TOLERANCE or abs(ratio - want_ratio) > TOLERANCE:
            raise AssertionError(f"{name} disagrees with the product at {key}")


def prepare(csv: Path) -> Path:
    """The applications as Parquet, delivered text as is (not timed)."""
    parquet = csv.with_name("applications.parquet")
    if not parquet.is_file():
        with duckdb.connect() as con:
            con.execute(
                "copy (select gender, origin, furthest_stage, withdrawn from read_csv($csv)) "
                "to $parquet (format parquet)",
                {"csv": str(csv), "parquet": str(parquet)},
            )
    return parquet


def main(csv: Path) -> dict[str, Any]:
    """Time every method, check they agree, and return the table for bench/run.py."""
    path = prepare(csv)
    started = time.perf_counter()
    frame = load(path)
    load_seconds = time.perf_counter() - started
    own_seconds, expected = _best(lambda: product(path))
    methods = [
        ("a. fairlearn MetricFrame on rows", lambda: fairlearn_rows(frame), True),
        ("b. Aequitas Group/Bias on rows", lambda: aequitas_rows(frame), True),
        ("c. pandas groupby on rows", lambda: pandas_rows(frame), True),
        ("d. bare DuckDB GROUP BY", lambda: bare_duckdb(path), False),
    ]
    timings = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, action, in_pandas in methods:
            seconds, table = _best(action)
            _agree(name, table, expected)
            total = seconds + (load_seconds if in_pandas else 0.0)
            timings.append((name, total, seconds))
    timings.append(("e. product: DuckDB counts + compare_selection", own_seconds, own_seconds))
    return {
        "rows": len(frame),
        "cells": len(expected),
        "load": load_seconds,
        "methods": [
            {
                "method": name,
                "total": total,
                "total_ratio": total / own_seconds,
                "compute": compute,
                "compute_ratio": compute / own_seconds,
            }
            for name, total, compute in timings
        ],
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(Path(sys.argv[1]))) + "\n")
