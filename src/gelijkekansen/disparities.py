"""Comparisons between groups, from privacy-filtered counts to verdicts.

Input rows are counts per comparison (window, process, stage, population, org unit, dimension)
and group, already marked ``suppressed`` by the privacy filter. The reference group is chosen
among the published groups only, so a hidden count never shapes a published figure; every
statistic comes from ``gelijkekansen.stats``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from gelijkekansen import stats
from gelijkekansen.contract import UNKNOWN

COMPARISON_KEYS: tuple[str, ...] = (
    "process",
    "stage",
    "window_type",
    "window_start",
    "window_end",
    "population",
    "org_unit",
    "dimension",
)
ADVERSE_PROCESSES = ("exit",)
"""Processes where being selected is the unfavourable outcome: compared on the complement."""
TOTAL = "totaal"


def compare_selection(
    counts: pl.DataFrame, *, reference: str = "highest", alpha: float = 0.05
) -> pl.DataFrame:
    """Add rates, the reference group and every comparison statistic to selection counts.

    ``reference`` is ``highest`` (the published group with the highest favourable rate, as the
    Uniform Guidelines prescribe; never the unknown category), ``all_others`` (each group
    against the rest of its population) or the name of a group. For exits the favourable
    outcome is staying, so rates are exit rates but impact ratios compare retention. BH
    q-values are taken over every comparison in ``counts`` at once.
    """
    frame = counts.with_columns(
        pl.when(pl.col("process").is_in(ADVERSE_PROCESSES))
        .then(pl.col("pool") - pl.col("selected"))
        .otherwise(pl.col("selected"))
        .alias("_favourable")
    )
    frame = _attach_reference(frame, reference)
    is_focal = (
        (pl.col("dimension") != TOTAL)
        & ~pl.col("suppressed")
        & pl.col("_ref_pool").is_not_null()
        & (pl.col("_ref_pool") > 0)
    )
    frame = frame.with_columns(is_focal.fill_null(False).alias("_focal"))
    return _statistics(frame, alpha=alpha).drop(
        "_favourable", "_ref_pool", "_ref_favourable", "_focal", "_is_reference"
    )


def _attach_reference(frame: pl.DataFrame, reference: str) -> pl.DataFrame:
    keys = list(COMPARISON_KEYS)
    if reference == "all_others":
        totals = frame.filter(pl.col("dimension") != TOTAL).group_by(keys).agg(
            pl.col("pool").sum().alias("_total_pool"),
            pl.col("_favourable").sum().alias("_total_favourable"),
        )
        return (
            frame.join(totals, on=keys, how="left", nulls_equal=True)
            .with_columns(
                pl.lit("all_others").alias("reference_group"),
                (pl.col("_total_pool") - pl.col("pool")).alias("_ref_pool"),
                (pl.col("_total_favourable") - pl.col("_favourable")).alias("_ref_favourable"),
                pl.lit(False).alias("_is_reference"),
            )
            .drop("_total_pool", "_total_favourable")
        )
    candidates = frame.filter(
        ~pl.col("suppressed")
        & (pl.col("dimension") != TOTAL)
        & (pl.col("pool") > 0)
        & ~pl.col("group").str.contains(UNKNOWN, literal=True)
    )
    if reference == "highest":
        candidates = candidates.with_columns(
            (pl.col("_favourable") / pl.col("pool")).alias("_rate")
        ).sort([*keys, "_rate", "group"], descending=[False] * len(keys) + [True, False])
    else:
        candidates = candidates.filter(pl.col("group") == reference)
    chosen = candidates.group_by(keys, maintain_order=True).first().select(
        *keys,
        pl.col("group").alias("reference_group"),
        pl.col("pool").alias("_ref_pool"),
        pl.col("_favourable").alias("_ref_favourable"),
    )
    return frame.join(chosen, on=keys, how="left", nulls_equal=True).with_columns(
        (pl.col("group") == pl.col("reference_group")).fill_null(False).alias("_is_reference")
    )


def _statistics(frame: pl.DataFrame, *, alpha: float) -> pl.DataFrame:
    """Vectorised statistics on the focal rows; other rows get nulls (and no verdict)."""
    focal = frame.get_column("_focal").to_numpy()
    is_reference = frame.get_column("_is_reference").to_numpy() & focal
    compared = focal & ~is_reference
    pool = _ints(frame, "pool")
    selected = _ints(frame, "selected")
    favourable = _ints(frame, "_favourable")
    ref_pool = _ints(frame, "_ref_pool")
    ref_favourable = _ints(frame, "_ref_favourable")
    rate_low, rate_high = stats.wilson_interval(selected, pool)
    x1, n1 = np.where(focal, favourable, 0), np.where(focal, pool, 0)
    x2, n2 = np.where(focal, ref_favourable, 0), np.where(focal, ref_pool, 0)
    ratio = stats.impact_ratio(x1, n1, x2, n2)
    ir_low, ir_high = stats.katz_interval(x1, n1, x2, n2)
    p_fisher = np.where(compared, stats.fisher_exact_p(x1, n1, x2, n2), np.nan)
    q_value = stats.benjamini_hochberg(p_fisher)
    mdir = stats.min_detectable_impact_ratio(n1, n2, stats.selection_rate(x2, n2), alpha=alpha)
    flagged = stats.below_four_fifths(x1, n1, x2, n2)
    codes = stats.verdict(
        q_value=q_value,
        impact_ratio=np.where(is_reference, 1.0, ratio),
        below_four_fifths=flagged & compared,
        min_detectable_ir=mdir,
        alpha=alpha,
    )
    columns = {
        "impact_ratio": np.where(is_reference, 1.0, ratio),
        "ir_ci_low": np.where(compared, ir_low, np.nan),
        "ir_ci_high": np.where(compared, ir_high, np.nan),
        "rate_difference_pp": stats.rate_difference_pp(x1, n1, x2, n2),
        "p_fisher": p_fisher,
        "p_ztest": np.where(compared, stats.ztest_p(x1, n1, x2, n2), np.nan),
        "q_value": q_value,
        "shortfall": stats.shortfall(x1, n1, x2, n2).astype(np.float64),
        "shortfall_four_fifths": stats.shortfall(
            x1, n1, x2, n2, target_ratio=stats.FOUR_FIFTHS
        ).astype(np.float64),
        "min_detectable_ir": np.where(compared, mdir, np.nan),
    }
    out = frame.with_columns(
        pl.Series("rate", stats.selection_rate(selected, pool)).fill_nan(None),
        pl.Series("rate_ci_low", rate_low).fill_nan(None),
        pl.Series("rate_ci_high", rate_high).fill_nan(None),
        *(_masked(name, values, focal) for name, values in columns.items()),
        pl.Series("below_four_fifths", flagged & compared),
        pl.Series("verdict", codes.astype(str).tolist(), dtype=pl.Utf8),
    )
    return out.with_columns(
        pl.when(pl.col("_focal")).then(pl.col("below_four_fifths")).alias("below_four_fifths"),
        pl.when(pl.col("_focal")).then(pl.col("verdict")).alias("verdict"),
        pl.when(pl.col("_focal")).then(pl.col("shortfall").cast(pl.Int64)).alias("shortfall"),
        pl.when(pl.col("_focal"))
        .then(pl.col("shortfall_four_fifths").cast(pl.Int64))
        .alias("shortfall_four_fifths"),
    )


def share_with_interval(
    counts: pl.DataFrame, *, keys: Sequence[str], count: str = "headcount"
) -> pl.DataFrame:
    """Share of each group in its population total (the 'totaal' row), with a Wilson interval."""
    totals = counts.filter(pl.col("dimension") == TOTAL).select(
        *keys, pl.col(count).alias("_total")
    )
    frame = counts.join(totals, on=list(keys), how="left", nulls_equal=True)
    part = _ints(frame, count)
    whole = _ints(frame, "_total")
    low, high = stats.wilson_interval(part, whole)
    return frame.with_columns(
        pl.Series("share", stats.selection_rate(part, whole)),
        pl.Series("share_ci_low", low),
        pl.Series("share_ci_high", high),
    ).drop("_total")


def _ints(frame: pl.DataFrame, column: str) -> np.ndarray:
    return frame.get_column(column).fill_null(0).cast(pl.Int64).to_numpy()


def _masked(name: str, values: np.ndarray, mask: np.ndarray) -> pl.Series:
    return pl.Series(name, np.where(mask, values, np.nan)).fill_nan(None)
