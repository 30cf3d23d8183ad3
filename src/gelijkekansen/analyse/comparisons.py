"""Comparisons between groups, from privacy-filtered counts to verdicts.

Input rows are counts per comparison (window, process, stage, population, org unit, dimension)
and group, already marked ``suppressed`` by the privacy filter. The reference group is chosen
by design per dimension (docs/metrics.md#reference-groups) among the published groups only, so
a hidden count never shapes a published figure; every statistic comes from
``gelijkekansen.analyse.stats``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.config import AnalysisSettings
from gelijkekansen.contract import TOTAL, UNKNOWN

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
ACROSS_UNITS = [k for k in COMPARISON_KEYS if k != "org_unit"]
ADVERSE_PROCESSES = ("exit",)
"""Processes where being selected is the adverse outcome: a higher rate is worse."""
REST = "rest"
FAMILY = ("process", "dimension")
"""Benjamini–Hochberg families: one per process and dimension (all windows, stages,
populations and units of it), so a reader can name the set a q-value was adjusted over."""


def compare_selection(
    counts: pl.DataFrame, *, analysis: AnalysisSettings | None = None
) -> pl.DataFrame:
    """Add rates, the reference group and every comparison statistic to selection counts.

    The reference per dimension follows ``analysis.references`` (else ``analysis.reference``):
    ``largest`` (the largest published group), ``highest`` (the highest favourable rate among
    groups with at least ``reference_min_pool``), ``rest`` (everyone else in the population) or
    a named group; never the unknown category. The highest-rate reading of the Uniform
    Guidelines is always added as its own columns. Exits are compared as exits: a higher exit
    rate is the adverse outcome. Organisation-wide rows also get the Mantel–Haenszel ratio over
    units; unit rows below four-fifths with enough people are signals to follow up.
    """
    settings = analysis or AnalysisSettings()
    frame = counts.with_columns(
        pl.col("process").is_in(ADVERSE_PROCESSES).alias("_adverse"),
        _rule(settings).alias("_rule"),
    )
    frame = _attach_reference(frame, min_pool=settings.reference_min_pool)
    is_focal = (
        (pl.col("dimension") != TOTAL)
        & ~pl.col("suppressed")
        & pl.col("_ref_pool").is_not_null()
        & (pl.col("_ref_pool") > 0)
    )
    frame = _with_rates(frame.with_columns(is_focal.fill_null(False).alias("_focal")))
    compared = _statistics(frame.filter(pl.col("_focal")), settings)
    compared = _with_stratified(compared, frame, settings)
    context = frame.filter(~pl.col("_focal"))
    return pl.concat([compared, context], how="diagonal_relaxed").drop(
        [c for c in compared.columns if c.startswith("_")]
    )


def _rule(settings: AnalysisSettings) -> pl.Expr:
    if not settings.references:
        return pl.lit(settings.reference)
    return pl.col("dimension").replace_strict(
        list(settings.references),
        list(settings.references.values()),
        default=pl.lit(settings.reference),
        return_dtype=pl.Utf8,
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


def _pick(candidates: pl.DataFrame, prefix: str, order: list[pl.Expr]) -> pl.DataFrame:
    """Per comparison, the first candidate in ``order`` (ties by group name)."""
    keys = list(COMPARISON_KEYS)
    return (
        candidates.sort([*keys, *order, pl.col("group")])
        .group_by(keys, maintain_order=True)
        .first()
        .select(
            *keys,
            pl.col("group").alias(f"{prefix}_group"),
            pl.col("pool").alias(f"{prefix}_pool"),
            pl.col("selected").alias(f"{prefix}_selected"),
        )
    )


def _attach_reference(frame: pl.DataFrame, *, min_pool: int) -> pl.DataFrame:
    """Reference group and counts by each row's rule; the highest-rate group alongside."""
    keys = list(COMPARISON_KEYS)
    candidates = frame.filter(
        ~pl.col("suppressed")
        & (pl.col("dimension") != TOTAL)
        & (pl.col("pool") > 0)
        & ~pl.col("group").str.contains(UNKNOWN, literal=True)
    )
    favourable = pl.when(pl.col("_adverse")).then(pl.col("pool") - pl.col("selected"))
    rate = favourable.otherwise(pl.col("selected")) / pl.col("pool")
    largest = _pick(candidates, "_lg", [-pl.col("pool")])
    highest = _pick(candidates.filter(pl.col("pool") >= min_pool), "_hi", [-rate])
    named = candidates.filter(pl.col("group") == pl.col("_rule")).select(
        *keys,
        pl.col("group").alias("_nm_group"),
        pl.col("pool").alias("_nm_pool"),
        pl.col("selected").alias("_nm_selected"),
    )
    totals = (
        frame.filter(pl.col("dimension") != TOTAL)
        .group_by(keys)
        .agg(
            pl.col("pool").sum().alias("_rest_pool"),
            pl.col("selected").sum().alias("_rest_selected"),
        )
    )
    for part in (largest, highest, named, totals):
        frame = frame.join(part, on=keys, how="left", nulls_equal=True)
    rule = pl.col("_rule")

    def chosen(field: str, rest: pl.Expr) -> pl.Expr:
        return (
            pl.when(rule == "largest")
            .then(pl.col(f"_lg_{field}"))
            .when(rule == "highest")
            .then(pl.col(f"_hi_{field}"))
            .when(rule == REST)
            .then(rest)
            .otherwise(pl.col(f"_nm_{field}"))
        )

    return frame.with_columns(
        chosen("group", pl.lit(REST)).alias("reference_group"),
        chosen("pool", pl.col("_rest_pool") - pl.col("pool")).alias("_ref_pool"),
        chosen("selected", pl.col("_rest_selected") - pl.col("selected")).alias("_ref_selected"),
        pl.col("_hi_group").alias("highest_group"),
    ).with_columns(
        (pl.col("group") == pl.col("reference_group")).fill_null(False).alias("_is_reference")
    )


def _oriented(
    adverse: np.ndarray, x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Counts such that p1/p2 < 1 is adverse: as given for selections, the two groups swapped
    for exits (the reference's exit rate over the group's)."""
    return (
        np.where(adverse, x2, x1),
        np.where(adverse, n2, n1),
        np.where(adverse, x1, x2),
        np.where(adverse, n1, n2),
    )


def _family(frame: pl.DataFrame) -> np.ndarray:
    """One integer per ``FAMILY``: sorting a hundred thousand strings cost more than BH."""
    family = pl.concat_str(list(FAMILY), separator="|").rank("dense")
    return frame.select(family).to_series().to_numpy()


def _statistics(focal: pl.DataFrame, settings: AnalysisSettings) -> pl.DataFrame:
    """Every comparison statistic for rows that have a reference (the reference row itself
    gets IR = 1 and no test); BH q-values within each family (``FAMILY``)."""
    alpha = settings.alpha
    is_reference = focal.get_column("_is_reference").to_numpy()
    adverse = focal.get_column("_adverse").to_numpy()
    x1, n1 = _ints(focal, "selected"), _ints(focal, "pool")
    x2, n2 = _ints(focal, "_ref_selected"), _ints(focal, "_ref_pool")
    fx, fn, rx, rn = _oriented(adverse, x1, n1, x2, n2)
    ratio = np.where(is_reference, 1.0, stats.impact_ratio(x1, n1, x2, n2))
    ir_low, ir_high = stats.katz_interval(x1, n1, x2, n2)
    # The costly statistics only on compared rows: reference rows (often half of them) get
    # NaN anyway, and their verdict does not read these values.
    tested = ~is_reference
    p_fisher = _scatter(
        tested, stats.fisher_exact_p(x1[tested], n1[tested], x2[tested], n2[tested])
    )
    family = _family(focal)
    q_value = stats.benjamini_hochberg(p_fisher, family=family)
    level = stats.bh_level(q_value, family=family, alpha=alpha)
    power = _power(fx, fn, rx, rn, level)
    band = stats.size_band(fx, fn, rx, rn)
    codes = stats.verdict(
        q_value=q_value, size_band=band, power=power, is_reference=is_reference, alpha=alpha
    )
    flagged = (band == "large") & tested
    hx, hn = _ints(focal, "_hi_selected"), _ints(focal, "_hi_pool")
    has_highest = focal.get_column("_hi_pool").is_not_null().to_numpy()
    hfx, hfn, hrx, hrn = _oriented(adverse, x1, n1, hx, hn)
    below_highest = stats.below_four_fifths(hfx, hfn, hrx, hrn) & has_highest
    high_low, high_high = stats.katz_interval(x1, n1, np.where(has_highest, hx, 0), hn)
    is_unit = focal.get_column("org_unit").to_numpy() != TOTAL
    compared_only = {
        "ir_ci_low": ir_low,
        "ir_ci_high": ir_high,
        "p_ztest": stats.ztest_p(x1, n1, x2, n2),
        "power_four_fifths": power,
        "test_level": level,
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
        pl.Series("shortfall", _shortfall(adverse, x1, n1, x2, n2, Fraction(1))),
        pl.Series(
            "shortfall_four_fifths",
            _shortfall(adverse, x1, n1, x2, n2, stats.FOUR_FIFTHS),
        ),
        pl.Series("below_four_fifths", flagged),
        pl.Series("verdict", codes.astype(str).tolist(), dtype=pl.Utf8),
        pl.Series(
            "impact_ratio_vs_highest",
            np.where(has_highest, stats.impact_ratio(x1, n1, hx, hn), np.nan),
        ).fill_nan(None),
        pl.Series("ir_vs_highest_ci_low", np.where(has_highest, high_low, np.nan)).fill_nan(None),
        pl.Series("ir_vs_highest_ci_high", np.where(has_highest, high_high, np.nan)).fill_nan(None),
        pl.Series("below_four_fifths_vs_highest", below_highest),
        # below four-fifths of the reference or of the most favoured group: the largest group
        # can be the one held back, and then only the UGESP reading shows it
        pl.Series(
            "follow_up_signal",
            (flagged | below_highest) & is_unit & (n1 >= settings.signal_min_pool),
        ),
    )


def _power(
    fx: np.ndarray, fn: np.ndarray, rx: np.ndarray, rn: np.ndarray, level: np.ndarray
) -> np.ndarray:
    """Exact Fisher power against a four-fifths difference, at each row's applied level."""
    usable = ~np.isnan(level) & (fn > 0) & (rn > 0)
    odds = stats.odds_ratio_for(rx[usable] / rn[usable], stats.FOUR_FIFTHS)
    values = stats.fisher_power(
        fn[usable], rn[usable], fx[usable] + rx[usable], odds_ratio=odds, level=level[usable]
    )
    return _scatter(usable, values)


def _shortfall(
    adverse: np.ndarray,
    x1: np.ndarray,
    n1: np.ndarray,
    x2: np.ndarray,
    n2: np.ndarray,
    target: Fraction,
) -> np.ndarray:
    """Selections short of ``target`` × the reference rate; for exits, exits above 1/target ×
    the reference's exit rate."""
    return np.where(
        adverse,
        stats.excess(x1, n1, x2, n2, target_ratio=1 / target),
        stats.shortfall(x1, n1, x2, n2, target_ratio=target),
    )


def _with_stratified(
    compared: pl.DataFrame, frame: pl.DataFrame, settings: AnalysisSettings
) -> pl.DataFrame:
    """Mantel–Haenszel ratio over units for each organisation-wide comparison, its CMH test
    and a stratified verdict. Strata are the units where both groups are published, plus one
    remainder stratum (the organisation minus those units, which the published numbers give
    away anyway), so no hidden count enters."""
    index = pl.col("org_unit").eq(TOTAL) & ~pl.col("_is_reference")
    org = compared.with_row_index("_row").filter(index).with_row_index("_cmp")
    if org.height == 0:
        return compared.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in ("mh_ratio", "mh_ci_low", "mh_ci_high", "p_cmh", "q_cmh")
        ).with_columns(pl.lit(None, dtype=pl.Utf8).alias("verdict_stratified"))
    units = frame.filter((pl.col("org_unit") != TOTAL) & ~pl.col("suppressed")).select(
        *COMPARISON_KEYS, "group", "pool", "selected"
    )
    focal = org.select("_cmp", *ACROSS_UNITS, "group", "reference_group").join(
        units, on=[*ACROSS_UNITS, "group"], nulls_equal=True
    )
    named = focal.join(
        units.rename({"group": "reference_group", "pool": "n2", "selected": "x2"}),
        on=[*COMPARISON_KEYS, "reference_group"],
        nulls_equal=True,
    )
    unit_totals = units.filter(pl.col("dimension") == TOTAL).drop("dimension", "group")
    across = [k for k in COMPARISON_KEYS if k != "dimension"]
    rest = (
        focal.filter(pl.col("reference_group") == REST)
        .join(unit_totals.rename({"pool": "_tp", "selected": "_ts"}), on=across, nulls_equal=True)
        .with_columns(
            (pl.col("_tp") - pl.col("pool")).alias("n2"),
            (pl.col("_ts") - pl.col("selected")).alias("x2"),
        )
    )
    columns = ["_cmp", "selected", "pool", "x2", "n2"]
    strata = pl.concat([named.select(columns), rest.select(columns)])
    used = strata.group_by("_cmp").agg(pl.col(c).sum() for c in columns[1:])
    remainder = (
        org.select(
            "_cmp",
            "selected",
            "pool",
            pl.col("_ref_selected").alias("x2"),
            pl.col("_ref_pool").alias("n2"),
        )
        .join(used, on="_cmp", how="left", suffix="_u")
        .select(
            "_cmp",
            *(
                (pl.col(c) - pl.col(f"{c}_u").fill_null(0)).clip(lower_bound=0).alias(c)
                for c in columns[1:]
            ),
        )
        .with_columns(
            pl.min_horizontal("selected", "pool").alias("selected"),
            pl.min_horizontal("x2", "n2").alias("x2"),
        )
    )
    strata = pl.concat([strata, remainder])
    mh = stats.mantel_haenszel_ratio(
        _ints(strata, "selected"),
        _ints(strata, "pool"),
        _ints(strata, "x2"),
        _ints(strata, "n2"),
        comparison=_ints(strata, "_cmp"),
        comparisons=org.height,
    )
    family = _family(org)
    q_cmh = stats.benjamini_hochberg(mh.p_value, family=family)
    adverse = org.get_column("_adverse").to_numpy()
    with np.errstate(divide="ignore"):
        oriented = np.where(adverse, 1.0 / mh.ratio, mh.ratio)
    # CMH's power is close to the crude Fisher test's on the same people; that one is used.
    verdicts = stats.verdict(
        q_value=q_cmh,
        size_band=stats.size_band_of_ratio(oriented),
        power=org.get_column("power_four_fifths").fill_null(np.nan).to_numpy(),
        is_reference=np.zeros(org.height, dtype=np.bool_),
        alpha=settings.alpha,
    )
    results = org.select("_row").with_columns(
        pl.Series("mh_ratio", mh.ratio).fill_nan(None),
        pl.Series("mh_ci_low", mh.ci_low).fill_nan(None),
        pl.Series("mh_ci_high", mh.ci_high).fill_nan(None),
        pl.Series("p_cmh", mh.p_value).fill_nan(None),
        pl.Series("q_cmh", q_cmh).fill_nan(None),
        pl.Series("verdict_stratified", verdicts.astype(str).tolist(), dtype=pl.Utf8),
    )
    return compared.with_row_index("_row").join(results, on="_row", how="left").drop("_row")


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
