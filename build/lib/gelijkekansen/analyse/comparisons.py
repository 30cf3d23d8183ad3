"""Comparisons between groups, from privacy-filtered counts to verdicts.

Input rows are counts per comparison (window, process, stage, population, org unit, dimension)
and group, already marked ``suppressed`` by the privacy filter. The reference group is chosen
among the published groups only, so a hidden count never shapes a published figure; every
statistic comes from ``gelijkekansen.analyse.stats``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from gelijkekansen.analyse import stats
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
    frame = _with_rates(frame.with_columns(is_focal.fill_null(False).alias("_focal")))
    compared = _statistics(frame.filter(pl.col("_focal")), alpha=alpha)
    context = frame.filter(~pl.col("_focal"))
    return pl.concat([compared, context], how="diagonal_relaxed").drop(
        "_favourable", "_ref_pool", "_ref_favourable", "_focal", "_is_reference"
    )


def _with_rates(frame: pl.DataFrame) -> pl.DataFrame:
    """Rate and Wilson interval for every row, compared or not (totals, lone groups)."""
    pool, selected = _ints(frame, "pool"), _ints(frame, "selected")
    low, high = stats.wilson_interval(selected, pool)
    return frame.with_columns(
        pl.Series("rate", stats.selection_rate(selected, pool)).fill_nan(None),
        pl.Series("rate_ci_low", low).fill_nan(None),
        pl.Series("rate_ci_high", high).fill_nan(None),
    )


def _attach_reference(frame: pl.DataFrame, reference: str) -> pl.DataFrame:
    keys = list(COMPARISON_KEYS)
    if reference == "all_others":
        totals = (
            frame.filter(pl.col("dimension") != TOTAL)
            .group_by(keys)
            .agg(
                pl.col("pool").sum().alias("_total_pool"),
                pl.col("_favourable").sum().alias("_total_favourable"),
            )
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
    chosen = (
        candidates.group_by(keys, maintain_order=True)
        .first()
        .select(
            *keys,
            pl.col("group").alias("reference_group"),
            pl.col("pool").alias("_ref_pool"),
            pl.col("_favourable").alias("_ref_favourable"),
        )
    )
    return frame.join(chosen, on=keys, how="left", nulls_equal=True).with_columns(
        (pl.col("group") == pl.col("reference_group")).fill_null(False).alias("_is_reference")
    )


def _statistics(focal: pl.DataFrame, *, alpha: float) -> pl.DataFrame:
    """Every comparison statistic for rows that have a reference (the reference row itself
    gets IR = 1 and no test); BH q-values are taken over all compared rows at once."""
    is_reference = focal.get_column("_is_reference").to_numpy()
    x1, n1 = _ints(focal, "_favourable"), _ints(focal, "pool")
    x2, n2 = _ints(focal, "_ref_favourable"), _ints(focal, "_ref_pool")
    ratio = np.where(is_reference, 1.0, stats.impact_ratio(x1, n1, x2, n2))
    ir_low, ir_high = stats.katz_interval(x1, n1, x2, n2)
    # The two costly statistics only on compared rows: reference rows (often half of them) get
    # NaN anyway, and their verdict does not read these values.
    tested = ~is_reference
    t1, tn1, t2, tn2 = (v[tested] for v in (x1, n1, x2, n2))
    p_fisher = _scatter(tested, stats.fisher_exact_p(t1, tn1, t2, tn2))
    q_value = stats.benjamini_hochberg(p_fisher)
    mdir = _scatter(
        tested,
        stats.min_detectable_impact_ratio(tn1, tn2, stats.selection_rate(t2, tn2), alpha=alpha),
    )
    flagged = stats.below_four_fifths(x1, n1, x2, n2) & ~is_reference
    codes = stats.verdict(
        q_value=q_value,
        impact_ratio=ratio,
        below_four_fifths=flagged,
        min_detectable_ir=mdir,
        alpha=alpha,
    )
    compared_only = {
        "ir_ci_low": ir_low,
        "ir_ci_high": ir_high,
        "p_ztest": stats.ztest_p(x1, n1, x2, n2),
        "min_detectable_ir": mdir,
    }
    return focal.with_columns(
        pl.Series("impact_ratio", ratio).fill_nan(None),
        pl.Series("rate_difference_pp", stats.rate_difference_pp(x1, n1, x2, n2)).fill_nan(None),
        pl.Series("p_fisher", p_fisher).fill_nan(None),
        pl.Series("q_value", q_value).fill_nan(None),
        *(
            pl.Series(name, np.where(is_reference, np.nan, values)).fill_nan(None)
            for name, values in compared_only.items()
        ),
        pl.Series("shortfall", stats.shortfall(x1, n1, x2, n2)),
        pl.Series(
            "shortfall_four_fifths",
            stats.shortfall(x1, n1, x2, n2, target_ratio=stats.FOUR_FIFTHS),
        ),
        pl.Series("below_four_fifths", flagged),
        pl.Series("verdict", codes.astype(str).tolist(), dtype=pl.Utf8),
    )


def _scatter(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` (one per true entry of `mask`) at the mask's positions, NaN elsewhere."""
    out = np.full(mask.shape, np.nan)
    out[mask] = values
    return out


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
