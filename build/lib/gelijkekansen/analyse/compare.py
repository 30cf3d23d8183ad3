"""Comparisons from summarised counts, for data that arrives only as numbers per group.

Recruitment agencies and CBS often deliver ``group,pool,selected`` (optionally per ``stratum``:
a quarter, a unit). The same statistics, privacy filter and verdicts as the warehouse analysis
apply; with strata, each group is also compared over all strata at once with the
Cochran–Mantel–Haenszel test, which then drives that pooled row's verdict.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import TOTAL, compare_selection
from gelijkekansen.analyse.disclosure import filter_counts
from gelijkekansen.analyse.run import SELECTION_COLUMNS, SELECTION_VALUES
from gelijkekansen.analyse.suppression import publishable
from gelijkekansen.errors import InputError, Location

POOLED = "pooled"
UNDATED = date(1970, 1, 1)
"""Summarised counts carry no window; a fixed date keeps the comparison keys complete."""
CMH_COLUMNS = ("p_cmh", "common_odds_ratio", "breslow_day_p")


def compare_counts(path: Path, *, reference: str = "highest", min_cell: int = 10) -> str:
    """Read counts, compare every group with the reference, return CSV text."""
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
    compared = compare_selection(frame, reference=reference)
    if strata.len() > 1:
        compared = _with_cmh(compared, counts)
    else:
        compared = compared.with_columns(
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
    """On pooled rows, test each group against the reference across strata (CMH)."""
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
            "p_cmh": [r.p_value for r in results.values()],
            "common_odds_ratio": [r.common_odds_ratio for r in results.values()],
            "breslow_day_p": [r.breslow_day_p for r in results.values()],
        },
        schema={"group": pl.Utf8, **{c: pl.Float64 for c in CMH_COLUMNS}},
    )
    out = compared.join(cmh, on="group", how="left").with_columns(
        pl.when(is_pooled).then(pl.col(c)).alias(c) for c in CMH_COLUMNS
    )
    p_used = (
        out.select(pl.when(is_pooled).then(pl.col("p_cmh")).otherwise(pl.col("p_fisher")))
        .to_series()
        .fill_null(np.nan)
        .to_numpy()
    )
    q = stats.benjamini_hochberg(p_used)
    verdicts = stats.verdict(
        q_value=q,
        impact_ratio=out["impact_ratio"].fill_null(np.nan).to_numpy(),
        below_four_fifths=out["below_four_fifths"].fill_null(False).to_numpy(),
        min_detectable_ir=out["min_detectable_ir"].fill_null(np.nan).to_numpy(),
    )
    has_verdict = out["verdict"].is_not_null()
    return out.with_columns(
        pl.when(has_verdict).then(pl.Series("q_value", q).fill_nan(None)).alias("q_value"),
        pl.when(has_verdict).then(pl.Series(verdicts.astype(str).tolist())).alias("verdict"),
    )


def to_csv(frame: pl.DataFrame) -> str:
    """CSV with fixed float formatting, so the same counts give the same bytes."""
    buffer = io.StringIO()
    frame.write_csv(buffer, float_precision=6)
    return buffer.getvalue()
