"""Comparisons from summarised counts, for data that arrives only as numbers per group.

Recruitment agencies and CBS often deliver ``group,pool,selected`` (optionally per ``stratum``:
a quarter, a unit). The same statistics, privacy filter and verdicts as the warehouse analysis
apply; with strata, each group is also compared over all strata at once: the pooled row's
verdict takes its direction, size and significance from one estimate, the Mantel–Haenszel
ratio with its CMH test, never from the collapsed table (which Simpson's paradox can reverse).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import TOTAL, compare_selection
from gelijkekansen.analyse.disclosure import filter_counts
from gelijkekansen.analyse.exports import to_csv
from gelijkekansen.analyse.run import SELECTION_COLUMNS, SELECTION_VALUES
from gelijkekansen.analyse.suppression import publishable
from gelijkekansen.config import AnalysisSettings
from gelijkekansen.errors import ConfigError, InputError, Location

POOLED = "pooled"
UNDATED = date(1970, 1, 1)
"""Summarised counts carry no window; a fixed date keeps the comparison keys complete."""
CMH_COLUMNS = ("common_odds_ratio", "breslow_day_p")


def compare_counts(path: Path, *, reference: str = "largest", min_cell: int = 10) -> str:
    """Read counts, compare every group with the reference, return CSV text."""
    if min_cell < 1:
        raise ConfigError(
            f"--min-cell must be at least 1, got {min_cell}.",
            hint="Use 1 to hide nothing (counts that are public already), 10 by default.",
        )
    return to_csv(compare_frame(read_counts(path), reference=reference, min_cell=min_cell))


def read_counts(path: Path) -> pl.DataFrame:
    """``group,pool,selected[,stratum]`` with whole, non-negative counts and selected ≤ pool."""
    try:
        raw = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(
            Location(path.name), f"cannot be read as CSV ({type(exc).__name__})"
        ) from None
    missing = [c for c in ("group", "pool", "selected") if c not in raw.columns]
    if missing:
        raise InputError(
            Location(path.name, column=missing[0]),
            f"required column missing (found: {', '.join(raw.columns)})",
            hint="The file needs the columns group,pool,selected and optionally stratum.",
        )
    if "stratum" not in raw.columns:
        raw = raw.with_columns(pl.lit(TOTAL).alias("stratum"))
    frame = raw.select(
        "stratum",
        "group",
        *(
            pl.col(c).str.strip_chars().cast(pl.Int64, strict=False).alias(c)
            for c in ("pool", "selected")
        ),
    )
    for column in ("pool", "selected"):
        bad = frame.with_row_index("row", offset=1).filter(
            pl.col(column).is_null() | (pl.col(column) < 0)
        )
        if bad.height:
            raise InputError(
                Location(path.name, row=int(bad["row"][0]), column=column),
                "expected a whole number of persons, 0 or more",
            )
    over = frame.with_row_index("row", offset=1).filter(pl.col("selected") > pl.col("pool"))
    if over.height:
        raise InputError(
            Location(path.name, row=int(over["row"][0]), column="selected"),
            "more selected than in the pool",
        )
    return frame


def compare_frame(counts: pl.DataFrame, *, reference: str, min_cell: int) -> pl.DataFrame:
    """Comparison rows per stratum, and pooled over strata when there are several."""
    strata = counts.get_column("stratum").unique()
    rows = counts
    if strata.len() > 1:
        rows = pl.concat([counts, _pooled(counts)])
    totals = rows.group_by("stratum").agg(pl.col("pool").sum(), pl.col("selected").sum())
    frame = pl.concat(
        [
            rows.with_columns(pl.lit("group").alias("dimension")),
            totals.with_columns(pl.lit(TOTAL).alias("group"), pl.lit(TOTAL).alias("dimension")),
        ],
        how="diagonal",
    ).with_columns(
        pl.lit("counts").alias("process"),
        pl.lit("selection").alias("stage"),
        pl.lit("counts").alias("window_type"),
        pl.lit(None, dtype=pl.Date).alias("window_start"),
        pl.lit("counts").alias("population"),
        pl.col("stratum").alias("org_unit"),
        pl.lit(None, dtype=pl.Int64).alias("withdrawn"),
        pl.lit(None, dtype=pl.Utf8).alias("margin_a"),
        pl.lit(None, dtype=pl.Utf8).alias("margin_b"),
    )
    frame = filter_counts(
        frame.with_columns(
            pl.lit(UNDATED).alias("window_start"), pl.lit(UNDATED).alias("window_end")
        ),
        min_cell=min_cell,
        intersections=(),
        count_columns=["pool", "selected"],
        complement=True,
    )
    analysis = AnalysisSettings(reference=reference)
    if strata.len() > 1:
        # the pooled rows play the organisation-wide part, so they get the stratified statistics
        overall = pl.col("org_unit").replace(POOLED, TOTAL)
        compared = compare_selection(frame.with_columns(overall), analysis=analysis)
        compared = _with_cmh(
            compared.with_columns(pl.col("org_unit").replace(TOTAL, POOLED)), counts
        )
    else:
        compared = compare_selection(frame, analysis=analysis).with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c) for c in CMH_COLUMNS
        )
    compared = publishable(compared, value_columns=[*SELECTION_VALUES, *CMH_COLUMNS])
    columns = [
        c
        for c in SELECTION_COLUMNS
        if c
        not in (
            "window_type",
            "window_start",
            "window_end",
            "process",
            "stage",
            "population",
            "withdrawn",
        )
    ]
    return (
        compared.drop("stratum")
        .rename({"org_unit": "stratum"})
        .select([c if c != "org_unit" else "stratum" for c in columns] + list(CMH_COLUMNS))
        .sort(["stratum", "dimension", "group"])
    )


def _pooled(counts: pl.DataFrame) -> pl.DataFrame:
    return (
        counts.group_by("group")
        .agg(pl.col("pool").sum(), pl.col("selected").sum())
        .select(pl.lit(POOLED).alias("stratum"), "group", "pool", "selected")
    )


def _with_cmh(compared: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """On pooled rows, the Mantel–Haenszel odds ratio and Breslow–Day homogeneity over all
    strata, and the verdict from the stratified estimate."""
    results: dict[str, stats.CMHResult] = {}
    pooled = compared.filter((pl.col("org_unit") == POOLED) & pl.col("p_fisher").is_not_null())
    for group, reference in pooled.select("group", "reference_group").iter_rows():
        focal = counts.filter(pl.col("group") == group).sort("stratum")
        ref = counts.filter(pl.col("group") == reference).sort("stratum")
        joined = focal.join(ref, on="stratum", suffix="_ref")
        results[group] = stats.cochran_mantel_haenszel(
            joined["selected"], joined["pool"], joined["selected_ref"], joined["pool_ref"]
        )
    is_pooled = (pl.col("org_unit") == POOLED) & pl.col("group").is_in(list(results))
    cmh = pl.DataFrame(
        {
            "group": list(results),
            "common_odds_ratio": [r.common_odds_ratio for r in results.values()],
            "breslow_day_p": [r.breslow_day_p for r in results.values()],
        },
        schema={"group": pl.Utf8, **{c: pl.Float64 for c in CMH_COLUMNS}},
    )
    return (
        compared.join(cmh, on="group", how="left")
        .with_columns(pl.when(is_pooled).then(pl.col(c)).alias(c) for c in CMH_COLUMNS)
        .with_columns(
            pl.when(is_pooled)
            .then(pl.col("verdict_stratified"))
            .otherwise(pl.col("verdict"))
            .alias("verdict")
        )
    )

