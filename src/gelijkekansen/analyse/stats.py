"""Disparity statistics on counts: pure, vectorised functions, one job each.

Notation: the focal group has ``x1`` selected out of a pool of ``n1``, the
reference group ``x2`` out of ``n2``. Every function takes array-likes of counts (broadcast
against each other; scalars allowed), never person rows, and returns float64 arrays with NaN
where the quantity is undefined. Each docstring states its undefined cases. Negative counts,
non-integer counts and ``x > n`` are refused with a ``ValueError``.

Rules that decide a flag (four-fifths, shortfall) use exact integer arithmetic: in floating
point (36/100)/(45/100) = 0.7999999999999999, which would wrongly flag a ratio of exactly 4/5.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, get_args

import numpy as np
import numpy.typing as npt
from scipy import special, stats

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
StrArray = npt.NDArray[np.str_]

FOUR_FIFTHS = Fraction(4, 5)
"""The Uniform Guidelines threshold (29 CFR 1607.4D): flag an impact ratio strictly below it."""

NEGLIGIBLE = Fraction(19, 20)
"""Ratios from 19/20 to 20/19 are negligible differences: a 0.95 is never called a disparity
without saying it is small."""
MIN_POWER = 0.8
"""Power below which a comparison that found nothing is ``too_few_to_tell``."""

VerdictCode = Literal[
    "reference",
    "clear_large_difference",
    "clear_small_difference",
    "clear_advantage",
    "clear_negligible_difference",
    "large_difference_not_certain",
    "too_few_to_tell",
    "no_evidence",
]
VERDICT_CODES: tuple[VerdictCode, ...] = get_args(VerdictCode)
"""In order of precedence: ``verdict`` takes the first that applies."""
FOLLOW_UP: tuple[VerdictCode, ...] = (
    "clear_large_difference",
    "clear_small_difference",
    "large_difference_not_certain",
)
"""Verdicts a report should name as findings to follow up."""
CLEAR_DIFFERENCES: tuple[VerdictCode, ...] = ("clear_large_difference", "clear_small_difference")
"""Follow-up verdicts that are certain after multiplicity control (the rest are signals)."""
SIZE_BANDS = ("large", "small", "negligible", "advantage", "undefined")
"""``size_band`` codes, from the most adverse; see docs/metrics.md#verdicts."""

# SciPy's relative tolerance for "as or less probable than the observed table" (scipy >= 1.9).
_FISHER_RTOL = 1e-14
_BISECTION_STEPS = 60


@dataclass(frozen=True)
class CMHResult:
    """Pooled comparison over strata: CMH test, Mantel–Haenszel odds ratio, Breslow–Day."""

    statistic: float
    p_value: float
    common_odds_ratio: float
    or_ci_low: float
    or_ci_high: float
    breslow_day_p: float


# --- input checks -------------------------------------------------------------------------


def _counts(name: str, value: npt.ArrayLike) -> IntArray:
    """Counts as int64; refuse negative, fractional, missing or non-numeric values."""
    arr = np.asarray(value)
    if arr.dtype.kind in "iu":
        counts = arr.astype(np.int64)
    elif arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.floor(arr)):
            raise ValueError(f"{name}: counts must be whole numbers (no NaN, no fractions).")
        counts = arr.astype(np.int64)
    else:
        raise ValueError(f"{name}: counts must be integers, got dtype {arr.dtype}.")
    if np.any(counts < 0):
        raise ValueError(f"{name}: counts must not be negative (first at {_first(counts < 0)}).")
    return counts


def _first(mask: BoolArray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _selected_of(
    selected: npt.ArrayLike, pool: npt.ArrayLike, names: tuple[str, str]
) -> tuple[IntArray, IntArray]:
    x, n = np.broadcast_arrays(_counts(names[0], selected), _counts(names[1], pool))
    if np.any(x > n):
        raise ValueError(
            f"{names[0]} exceeds {names[1]} (first at {_first(x > n)}): "
            "more selected than in the pool."
        )
    return x, n


def _two_groups(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    a, b = _selected_of(x1, n1, ("x1", "n1"))
    c, d = _selected_of(x2, n2, ("x2", "n2"))
    x1_, n1_, x2_, n2_ = np.broadcast_arrays(a, b, c, d)
    return x1_, n1_, x2_, n2_


def _probability(name: str, value: float) -> float:
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value}.")
    return float(value)


def _shares(name: str, value: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    outside = (arr < 0) | (arr > 1)
    if np.any(outside):
        raise ValueError(f"{name}: shares must lie in [0, 1] (first at {_first(outside)}).")
    return arr


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """num / den with NaN (not inf, no warning) where den = 0."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _z(confidence: float) -> float:
    return float(stats.norm.isf((1.0 - _probability("confidence", confidence)) / 2.0))


# --- rates and ratios ---------------------------------------------------------------------


def selection_rate(selected: npt.ArrayLike, pool: npt.ArrayLike) -> FloatArray:
    """Selection rate p = x / n; NaN for an empty pool (n = 0)."""
    x, n = _selected_of(selected, pool, ("selected", "pool"))
    return _ratio(x.astype(np.float64), n.astype(np.float64))


def wilson_interval(
    selected: npt.ArrayLike, pool: npt.ArrayLike, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for p = x / n, which keeps sensible coverage for small n.

    (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)  (Wilson 1927; Brown, Cai & DasGupta
    2001), written as statsmodels ``proportion_confint(method="wilson")`` does. x = 0 gives a
    lower bound of exactly 0, x = n an upper bound of exactly 1; n = 0 gives (NaN, NaN).
    """
    x, n = _selected_of(selected, pool, ("selected", "pool"))
    z2 = _z(confidence) ** 2
    nf = np.where(n > 0, n, 1).astype(np.float64)
    p = x / nf
    denom = 1.0 + z2 / nf
    center = (p + z2 / (2.0 * nf)) / denom
    half = np.sqrt(z2 * (p * (1.0 - p) / nf + z2 / (4.0 * nf**2))) / denom
    low = np.where(x == 0, 0.0, np.clip(center - half, 0.0, 1.0))
    high = np.where(x == n, 1.0, np.clip(center + half, 0.0, 1.0))
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def impact_ratio(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> FloatArray:
    """Impact ratio IR = p1 / p2 (UGESP, 29 CFR 1607.4D).

    NaN when either pool is empty or the reference rate p2 is 0; 0 when x1 = 0 < x2.
    """
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    return _ratio(selection_rate(a, b), selection_rate(c, d))


def ratio_below(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    threshold: Fraction,
) -> BoolArray:
    """True iff p1 / p2 < threshold strictly, decided exactly as t_den·x1·n2 < t_num·x2·n1
    (Python ints). Never true when the ratio is undefined (a pool is empty or x2 = 0)."""
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    num, den = threshold.numerator, threshold.denominator
    flagged = den * a.astype(object) * d < num * c.astype(object) * b
    defined = (b > 0) & (d > 0) & (c > 0)
    return np.asarray(flagged, dtype=np.bool_) & defined


def below_four_fifths(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> BoolArray:
    """True iff IR < 4/5 strictly, decided exactly as 5·x1·n2 < 4·x2·n1 (Python ints).

    Exact because a flag must not depend on rounding: 36 of 100 vs 45 of 100 is IR = 4/5 and is
    not flagged. Never flagged when IR is undefined (a pool is empty or x2 = 0).
    """
    return ratio_below(x1, n1, x2, n2, threshold=FOUR_FIFTHS)


def rate_difference_pp(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> FloatArray:
    """Rate difference in percentage points, (p1 − p2)·100; NaN when either pool is empty."""
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    return (selection_rate(a, b) - selection_rate(c, d)) * 100.0


def katz_interval(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Katz log interval for the impact ratio: exp(ln IR ± z·√((1−p1)/x1 + (1−p2)/x2)).

    Katz et al. (1978), Biometrics 34:469; equals statsmodels
    ``confint_proportions_2indep(compare="ratio", method="log")``. Where x1 = 0 or x2 = 0 the
    log is undefined, so that comparison adds 0.5 to all four counts (Haldane–Anscombe; as
    statsmodels ``method="log-adjusted"``). NaN when either pool is empty. When both groups
    are fully selected the variance is 0 and the interval collapses to IR.
    """
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    z = _z(confidence)
    half = np.where((a == 0) | (c == 0), 0.5, 0.0)
    xa, na, xc, nc = a + half, b + half, c + half, d + half
    defined = (b > 0) & (d > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ir = np.log((xa / na) / (xc / nc))
        spread = z * np.sqrt(1.0 / xa - 1.0 / na + 1.0 / xc - 1.0 / nc)
    low = np.where(defined, np.exp(log_ir - spread), np.nan)
    high = np.where(defined, np.exp(log_ir + spread), np.nan)
    return low, high


def _target(target_ratio: Fraction | int) -> Fraction:
    if isinstance(target_ratio, bool) or not isinstance(target_ratio, Fraction | int):
        raise TypeError("target_ratio must be a Fraction or an int, e.g. Fraction(4, 5).")
    target = Fraction(target_ratio)
    if target <= 0:
        raise ValueError(f"target_ratio must be positive, got {target}.")
    return target


def _ceil_gap(gap: npt.NDArray[Any], d: IntArray, den: int) -> IntArray:
    """max(0, ⌈gap / (den·d)⌉) on Python ints, and 0 where d = 0 (no reference rate)."""
    divisor = den * np.where(d > 0, d, 1).astype(object)
    needed = np.where(d > 0, -((-gap) // divisor), 0)
    return np.maximum(needed, 0).astype(np.int64)


def shortfall(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    target_ratio: Fraction | int = 1,
) -> IntArray:
    """Extra focal selections needed to reach target_ratio × the reference rate.

    max(0, ⌈target·p2·n1 − x1⌉), computed exactly in Python integers; give the target as a
    ``Fraction`` (``FOUR_FIFTHS`` for the four-fifths line), never a float. An empty reference
    pool (n2 = 0) sets no target, so the shortfall is 0 there; an empty focal pool needs 0.
    """
    target = _target(target_ratio)
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    gap = target.numerator * c.astype(object) * b - target.denominator * a.astype(object) * d
    return _ceil_gap(gap, d, target.denominator)


def excess(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    target_ratio: Fraction | int = 1,
) -> IntArray:
    """Focal selections above target_ratio × the reference rate, for adverse outcomes (exits):
    max(0, ⌈x1 − target·p2·n1⌉), exactly, with the conventions of ``shortfall``."""
    target = _target(target_ratio)
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    gap = target.denominator * a.astype(object) * d - target.numerator * c.astype(object) * b
    return _ceil_gap(gap, d, target.denominator)


# --- tests --------------------------------------------------------------------------------


def _first_true(
    pred: Callable[[IntArray, IntArray], BoolArray], lo: IntArray, hi: IntArray
) -> IntArray:
    """Smallest j in [lo, hi] with pred true (pred monotone false→true in j), else hi + 1.

    Vectorised integer bisection; ``pred(rows, j)`` is evaluated only on unfinished rows.
    """
    lo, hi = lo.copy(), hi + 1
    rows = np.flatnonzero(lo < hi)
    while rows.size:
        mid = (lo[rows] + hi[rows]) // 2
        hit = pred(rows, mid)
        hi[rows] = np.where(hit, mid, hi[rows])
        lo[rows] = np.where(hit, lo[rows], mid + 1)
        rows = rows[lo[rows] < hi[rows]]
    return lo


def _log_weight(j: IntArray, pool_1: IntArray, drawn: IntArray, total: IntArray) -> FloatArray:
    """log hypergeometric pmf up to a per-table constant; −inf outside the support. Fast but
    rounded (≈ ulps of lgamma(total)), so it only orders tables that are not near-ties."""
    rest = total - pool_1 - drawn + j
    inside = (j >= 0) & (j <= pool_1) & (j <= drawn) & (rest >= 0)
    w = -(
        special.gammaln(j + 1.0)
        + special.gammaln(pool_1 - j + 1.0)
        + special.gammaln(drawn - j + 1.0)
        + special.gammaln(rest + 1.0)
    )
    return np.where(inside, w, -np.inf)


def _fisher_unique(tables: IntArray) -> FloatArray:
    """Two-sided Fisher p for distinct tables (rows x1, n1, x2, n2, with n1, n2 > 0).

    As scipy: the observed tail by cdf/sf, the far tail from the first table beyond the mode
    whose pmf crosses pmf(observed)·(1 + rtol), found by bisection. The bisection runs on fast
    log weights; near-ties, where their rounding could matter, are redone with scipy's pmf.
    """
    k, pool_1, total = tables[:, 0], tables[:, 1], tables[:, 1] + tables[:, 3]
    drawn = tables[:, 0] + tables[:, 2]
    hg = stats.hypergeom
    mode = ((drawn + 1) * (pool_1 + 1)) // (total + 2)
    lower = k < mode
    # Far tail: pmf descends on [mode, drawn] when k lies below the mode, ascends on [0, mode]
    # when above; `sign` turns both into "pmf has crossed below the observed pmf".
    sign = np.where(lower, 1.0, -1.0)
    lo, hi = np.where(lower, mode, 0), np.where(lower, drawn, mode)
    w_obs = _log_weight(k, pool_1, drawn, total)

    def crossed_fast(rows: IntArray, j: IntArray) -> BoolArray:
        w = _log_weight(j, pool_1[rows], drawn[rows], total[rows])
        return np.asarray(sign[rows] * (w - w_obs[rows]) < 0.0)

    j = _first_true(crossed_fast, lo, hi)
    # Each lgamma term is off by a few ulps of at most lgamma(total + 1).
    band = 1e-9 + 64.0 * np.finfo(np.float64).eps * special.gammaln(total + 1.0)
    near = [_log_weight(i, pool_1, drawn, total) for i in (mode, j, j - 1)]
    tie = np.flatnonzero(np.any([np.abs(w - w_obs) <= band for w in near], axis=0))
    p_obs = hg.pmf(k[tie], total[tie], pool_1[tie], drawn[tie])
    p_mode = hg.pmf(mode[tie], total[tie], pool_1[tie], drawn[tie])
    threshold = p_obs * (1.0 + _FISHER_RTOL)

    def crossed_exact(rows: IntArray, j: IntArray) -> BoolArray:
        at = tie[rows]
        pmf = hg.pmf(j, total[at], pool_1[at], drawn[at])
        return np.asarray(sign[at] * (pmf - threshold[rows]) < 0.0)

    j[tie] = _first_true(crossed_exact, lo[tie], hi[tie])
    at_mode = np.zeros(k.shape, dtype=np.bool_)
    at_mode[tie] = np.abs(p_obs - p_mode) / np.maximum(p_obs, p_mode) <= _FISHER_RTOL

    def margins(rows: IntArray) -> tuple[IntArray, IntArray, IntArray]:
        return total[rows], pool_1[rows], drawn[rows]

    p = np.empty(k.shape)
    below, above = np.flatnonzero(lower), np.flatnonzero(~lower)
    p[below] = hg.cdf(k[below], *margins(below)) + hg.sf(j[below] - 1, *margins(below))
    p[above] = hg.sf(k[above] - 1, *margins(above)) + hg.cdf(j[above] - 1, *margins(above))
    one_table = (drawn == 0) | (drawn == total)
    return np.where(at_mode | one_table, 1.0, np.minimum(p, 1.0))


def _distinct_rows(table: IntArray) -> tuple[IntArray, IntArray]:
    """Distinct rows and, per input row, the index of its distinct row (np.unique(axis=0),
    but by lexsort, which is several times faster on integer columns)."""
    order = np.lexsort(table.T[::-1])
    ordered = table[order]
    starts = np.ones(len(ordered), dtype=np.bool_)
    starts[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    inverse = np.empty(len(ordered), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def fisher_exact_p(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> FloatArray:
    """Two-sided Fisher exact p-value for the 2×2 table [[x1, n1−x1], [x2, n2−x2]].

    SciPy's convention (``scipy.stats.fisher_exact``, scipy >= 1.9): the sum of hypergeometric
    probabilities of all tables with the same margins whose probability is at most
    pmf(observed)·(1 + 1e-14); note R's ``fisher.test`` uses 1 + 1e-7. As scipy does per
    table, the far tail is found by bisection on the pmf, here vectorised over all distinct
    tables at once. Nobody or everybody selected: p = 1 (only one table has these margins).
    An empty pool (n1 = 0 or n2 = 0) leaves nothing to compare: NaN.
    """
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    p = np.full(a.shape, np.nan)
    valid = (b > 0) & (d > 0)
    if np.any(valid):
        tables = np.stack([a[valid], b[valid], c[valid], d[valid]], axis=1)
        distinct, inverse = _distinct_rows(tables)
        p[valid] = _fisher_unique(distinct)[inverse]
    return p


def ztest_p(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> FloatArray:
    """Two-sided p of the pooled two-proportion z-test.

    z = (p1 − p2) / √(p̄(1−p̄)(1/n1 + 1/n2)), p̄ = (x1 + x2)/(n1 + n2) (Fleiss, Levin & Paik
    2003, §2.5); equals statsmodels ``proportions_ztest``. When nobody or everybody is
    selected the pooled variance is 0 and the rates are equal: p = 1. NaN for an empty pool.
    """
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    defined = (b > 0) & (d > 0)
    p1, p2 = selection_rate(a, b), selection_rate(c, d)
    pooled = _ratio((a + c).astype(np.float64), (b + d).astype(np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / b + 1.0 / d))
        p = 2.0 * stats.norm.sf(np.abs(p1 - p2) / se)
    return np.where(defined, np.where(se > 0, p, 1.0), np.nan)


def benjamini_hochberg(
    p_values: npt.ArrayLike, *, family: npt.ArrayLike | None = None
) -> FloatArray:
    """Benjamini–Hochberg q-values, within each family (all values given form one family
    when ``family`` is None; else one label per value).

    q(i) = min over j ≥ i of m·p(j)/j for ascending p (Benjamini & Hochberg 1995, JRSS-B
    57:289), capped at 1; equals ``scipy.stats.false_discovery_control(method="bh")`` per
    family. NaN entries (undefined tests) stay NaN and do not count in m. Shape is preserved.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p_values must lie in [0, 1] (NaN allowed for undefined tests).")
    flat = p.ravel()
    index = _family_index(family, p.shape)
    q = np.full(flat.shape, np.nan)
    present = ~np.isnan(flat)
    # one sort for all families: by family, then p
    order = np.lexsort((flat, index))
    order = order[present[order]]
    fam = index[order]
    starts = np.flatnonzero(np.r_[True, fam[1:] != fam[:-1]]) if order.size else order
    sizes = np.diff(np.r_[starts, order.size])
    rank = np.arange(order.size) - np.repeat(starts, sizes) + 1
    scaled = flat[order] * np.repeat(sizes, sizes) / rank
    # running minimum from the end, restarted at each family
    for begin, size in zip(starts, sizes, strict=True):
        block = slice(begin, begin + size)
        scaled[block] = np.minimum.accumulate(scaled[block][::-1])[::-1]
    # max with p: rounding in p·m/i must not give a q-value below its own p-value.
    q[order] = np.minimum(np.maximum(scaled, flat[order]), 1.0)
    return q.reshape(p.shape)


def cochran_mantel_haenszel(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    confidence: float = 0.95,
) -> CMHResult:
    """One pooled focal-vs-reference comparison over strata (quarters, units): each array
    element is one stratum.

    Cochran–Mantel–Haenszel χ² without continuity correction, the Mantel–Haenszel common odds
    ratio Σ(a·d/n)/Σ(b·c/n) with the Robins–Breslow–Greenland interval, and Breslow–Day for
    homogeneity of the odds ratios (Mantel & Haenszel 1959; Breslow & Day 1980), all from
    statsmodels ``StratifiedTable``. Strata with an empty group carry no information and are
    dropped; with no stratum left every field is NaN.
    """
    a, b, c, d = (np.ravel(v) for v in _two_groups(x1, n1, x2, n2))
    z = _z(confidence)
    keep = (b > 0) & (d > 0)
    if not np.any(keep):
        return CMHResult(*(float("nan"),) * 6)
    a, b, c, d = a[keep], b[keep], c[keep], d[keep]
    # imported here: statsmodels adds 0.3 s to every start-up and only pooled comparisons use it
    from statsmodels.stats.contingency_tables import StratifiedTable

    table = StratifiedTable(np.array([[a, b - a], [c, d - c]], dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore"):
        test = table.test_null_odds(correction=False)
        low, high = table.oddsratio_pooled_confint(alpha=2.0 * float(stats.norm.sf(z)))
        homogeneity = table.test_equal_odds(adjust=False)
    return CMHResult(
        statistic=float(test.statistic),
        p_value=float(test.pvalue),
        common_odds_ratio=float(table.oddsratio_pooled),
        or_ci_low=float(low),
        or_ci_high=float(high),
        breslow_day_p=float(homogeneity.pvalue),
    )


@dataclass(frozen=True)
class MHRatio:
    """Mantel–Haenszel rate ratios with their intervals and CMH p-values, one per comparison."""

    ratio: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    p_value: FloatArray


def mantel_haenszel_ratio(
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    *,
    comparison: npt.ArrayLike,
    comparisons: int,
    confidence: float = 0.95,
) -> MHRatio:
    """Stratified impact ratio for many comparisons at once: element i is one stratum (unit)
    of comparison ``comparison[i]`` (0 ≤ comparison < comparisons).

    RR_MH = Σ x1·n2/N ÷ Σ x2·n1/N (N = n1 + n2), the rate ratio within strata, so a mix of
    units can neither dilute nor reverse it (Mantel & Haenszel 1959); the log interval uses
    the Greenland–Robins (1985) variance Σ(n1·n2·(x1+x2)/N² − x1·x2/N) / (R·S), which for one
    stratum is Katz's. The p-value is the CMH χ² without continuity correction (as
    ``cochran_mantel_haenszel``). Strata with an empty group are dropped; a comparison with
    no information left gets NaN (ratio NaN also when no reference was selected).
    """
    a, b, c, d = (np.ravel(v).astype(np.float64) for v in _two_groups(x1, n1, x2, n2))
    index = np.broadcast_to(np.asarray(comparison, dtype=np.int64), np.shape(a)).ravel()
    z = _z(confidence)
    keep = (b > 0) & (d > 0)
    a, b, c, d, index = a[keep], b[keep], c[keep], d[keep], index[keep]
    total = b + d
    chosen = a + c

    def per(values: FloatArray) -> FloatArray:
        return np.bincount(index, weights=values, minlength=comparisons).astype(np.float64)

    r, s = per(a * d / total), per(c * b / total)
    spread = per(b * d * chosen / total**2 - a * c / total)
    observed, expected = per(a), per(b * chosen / total)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = per(
            np.where(total > 1, b * d * chosen * (total - chosen) / (total**2 * (total - 1)), 0)
        )
        ratio = np.where(s > 0, r / s, np.nan)
        half = z * np.sqrt(spread / (r * s))
        statistic = (observed - expected) ** 2 / variance
        finite = (r > 0) & (s > 0)
        low = np.where(finite, ratio * np.exp(-half), np.nan)
        high = np.where(finite, ratio * np.exp(half), np.nan)
        p = np.where(variance > 0, stats.chi2.sf(statistic, 1), 1.0)
    informative = per(np.ones_like(a)) > 0
    return MHRatio(
        ratio=np.where(informative, ratio, np.nan),
        ci_low=low,
        ci_high=high,
        p_value=np.where(informative, p, np.nan),
    )


# --- power ---


def odds_ratio_for(p_ref: npt.ArrayLike, ratio: Fraction | float) -> FloatArray:
    """The odds ratio of a focal rate ``ratio × p_ref`` (capped at 1) against ``p_ref``:
    the alternative a conditional (Fisher) test sees. 0 when p_ref = 0, inf when the focal
    rate reaches 1."""
    p2 = _shares("p_ref", p_ref)
    p1 = np.minimum(float(ratio) * p2, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = (p1 * (1.0 - p2)) / ((1.0 - p1) * p2)
    return np.where(p2 == 0, 0.0, np.where(p1 >= 1.0, np.inf, odds))


_TIE_LOG_TOLERANCE = 1e-7
"""Tables whose log-probabilities differ by less than this count as equally probable (R's
``fisher.test`` tolerance); wider than the rounding of lgamma at a million people."""


_UNDERFLOW = 746.0
"""exp(-746) is 0.0 in float64: a table this far below the most probable one adds nothing."""


_WINDOWED_SUPPORT = 4096
"""Supports of more tables than this are summed only where their mass is (``_window``)."""


_BATCH_CELLS = 1 << 20
"""Tables per batch of ``_power_together`` (rows × padded support): a few MB per array."""


def _power_one(n1: int, n2: int, s: int, odds: float, level: float) -> float:
    """Fisher power for one set of margins: the null pmf over the support gives every table's
    two-sided p-value (the mass of tables as or less probable), those at or below ``level``
    form the rejection region, and the noncentral pmf (the null one tilted by odds^x) gives
    its probability. Exact sums in log space over the window where either pmf is not 0.0 in
    float64 (``_window``), which is the whole support for small pools."""
    low, high = max(0, s - n2), min(n1, s)
    j, log_null = _window(n1, n2, s, odds, low, high)
    start, stop = int(j[0]), int(j[-1])
    degenerate = odds == 0.0 or math.isinf(odds)
    end = low if odds == 0.0 else high  # where all the mass lies when odds is 0 or infinite
    if degenerate and not start <= end <= stop:
        return 1.0  # a table whose null mass underflows has p = 0.0: always rejected
    null = np.exp(log_null - log_null.max())
    null /= null.sum()
    order = np.argsort(log_null, kind="stable")
    as_likely = np.searchsorted(log_null[order], log_null + _TIE_LOG_TOLERANCE, side="right")
    p_value = np.cumsum(null[order])[as_likely - 1]
    rejected = p_value <= level
    if degenerate:
        return float(rejected[end - start])
    log_alt = log_null + j * np.log(odds)
    alt = np.exp(log_alt - log_alt.max())
    return float(alt[rejected].sum() / alt.sum())


def _log_null(
    j: FloatArray, n1: int | IntArray, n2: int | IntArray, s: int | IntArray
) -> FloatArray:
    """Log of the hypergeometric pmf at ``j``, up to a constant (per row, for arrays)."""
    terms = (
        special.gammaln(j + 1.0)
        + special.gammaln(n1 - j + 1.0)
        + special.gammaln(s - j + 1.0)
        + special.gammaln(n2 - s + j + 1.0)
    )
    return -np.asarray(terms, dtype=np.float64)


def _window(
    n1: int, n2: int, s: int, odds: float, low: int, high: int
) -> tuple[FloatArray, FloatArray]:
    """The tables of the support [low, high] outside which both the null and the alternative
    pmf underflow to 0.0 in float64 (so dropping them changes no sum beyond rounding), with
    their null log-pmf.

    Both pmfs are log-concave, so their mass falls away monotonically from their modes; the
    window spans both modes and 45 standard deviations either side, and is accepted only if
    both pmfs have fallen below exp(-746) of their peak at each edge it cuts. Otherwise, and
    for supports of at most ``_WINDOWED_SUPPORT`` tables, the whole support is used.
    """
    start, stop = low, high
    if high - low + 1 > _WINDOWED_SUPPORT:
        total = n1 + n2
        sd = math.sqrt(s * n1 * n2 * (total - s) / (total**2 * max(total - 1, 1)))
        modes = [s * n1 / total]
        if 0.0 < odds < math.inf:
            modes.append(_noncentral_mode(n1, n2, s, odds))
        reach = 45.0 * sd + 64.0
        start = max(low, math.floor(min(modes) - reach))
        stop = min(high, math.ceil(max(modes) + reach))
    j = np.arange(start, stop + 1, dtype=np.float64)
    log_null = _log_null(j, n1, n2, s)
    if (start, stop) == (low, high):
        return j, log_null
    pmfs = [log_null]
    if 0.0 < odds < math.inf:
        pmfs.append(log_null + j * math.log(odds))
    for log_pmf in pmfs:
        peak = log_pmf.max()
        if (start > low and log_pmf[0] > peak - _UNDERFLOW) or (
            stop < high and log_pmf[-1] > peak - _UNDERFLOW
        ):
            j = np.arange(low, high + 1, dtype=np.float64)
            return j, _log_null(j, n1, n2, s)
    return j, log_null


def _noncentral_mode(n1: int, n2: int, s: int, odds: float) -> float:
    """Where Fisher's noncentral hypergeometric pmf peaks: the root in [low, high] of
    odds·(n1 − x)(s − x) = (x + 1)(n2 − s + x + 1), the point where f(x+1)/f(x) crosses 1."""
    a = odds - 1.0
    b = -(odds * (n1 + s) + (n2 - s + 2.0))
    c = odds * n1 * s - (n2 - s + 1.0)
    if abs(a) < 1e-12:
        return -c / b
    root = math.sqrt(max(b * b - 4.0 * a * c, 0.0))
    candidates = [(-b - root) / (2.0 * a), (-b + root) / (2.0 * a)]
    inside = [x for x in candidates if max(0, s - n2) - 1.0 <= x <= min(n1, s) + 1.0]
    return inside[0] if inside else s * n1 / (n1 + n2)


def fisher_power(
    n1: npt.ArrayLike,
    n2: npt.ArrayLike,
    selected: npt.ArrayLike,
    *,
    odds_ratio: npt.ArrayLike,
    level: npt.ArrayLike,
) -> FloatArray:
    """Exact power of the two-sided Fisher test at ``level``, given the margins.

    Fisher's test conditions on the pools n1, n2 and the number selected s in both; given
    those, the focal count follows Fisher's noncentral hypergeometric distribution with the
    true odds ratio (Fisher 1935; Fog 2008). The power is its probability of landing in the
    test's rejection region (``_power_one``), summed exactly over the support. Pass
    the level that applies after multiplicity control (``bh_level``), not the nominal alpha.
    0 when s = 0 or s = n1 + n2 (one table: never rejected); NaN when a pool is empty.
    """
    a, b, s, odds, at = np.broadcast_arrays(
        _counts("n1", n1),
        _counts("n2", n2),
        _counts("selected", selected),
        np.asarray(odds_ratio, dtype=np.float64),
        np.asarray(level, dtype=np.float64),
    )
    if np.any(s > a + b):
        raise ValueError("selected exceeds n1 + n2: more selected than in both pools.")
    if np.any(~((at > 0) & (at < 1))):
        raise ValueError("level must lie strictly between 0 and 1.")
    power = np.full(a.shape, np.nan)
    valid = (a > 0) & (b > 0) & ~np.isnan(odds)
    if not np.any(valid):
        return power
    table = np.stack(
        [a[valid], b[valid], s[valid], odds[valid].view(np.int64), at[valid].view(np.int64)],
        axis=1,
    )
    distinct, inverse = _distinct_rows(table)
    n1s, n2s, ss = distinct[:, 0], distinct[:, 1], distinct[:, 2]
    odds_d, level_d = distinct[:, 3].view(np.float64), distinct[:, 4].view(np.float64)
    support = np.minimum(n1s, ss) - np.maximum(0, ss - n2s) + 1
    together = support <= _WINDOWED_SUPPORT
    width = 2 ** np.ceil(np.log2(support)).astype(np.int64)
    values = np.empty(len(distinct))
    for padded in np.unique(width[together]):
        rows = np.flatnonzero(together & (width == padded))
        for chunk in np.array_split(rows, -(-len(rows) * int(padded) // _BATCH_CELLS)):
            values[chunk] = _power_together(
                n1s[chunk], n2s[chunk], ss[chunk], odds_d[chunk], level_d[chunk], int(padded)
            )
    for i in np.flatnonzero(~together):
        values[i] = _power_one(
            int(n1s[i]), int(n2s[i]), int(ss[i]), float(odds_d[i]), float(level_d[i])
        )
    power[valid] = values[inverse]
    return power


def _power_together(
    n1: IntArray,
    n2: IntArray,
    s: IntArray,
    odds: FloatArray,
    level: FloatArray,
    width: int,
) -> FloatArray:
    """``_power_one`` for many margins at once, each over its whole support (at most
    ``width`` tables): one Python call per margin cost more than its arithmetic. Rows are
    padded to ``width`` with tables of log-probability −inf, which sort first and weigh
    0 under both pmfs; the width depends only on the support's size, so a row's rounding
    does not depend on which other rows share its batch."""
    low = np.maximum(0, s - n2)[:, None]
    high = np.minimum(n1, s)[:, None]
    j = (low + np.arange(width)).astype(np.float64)
    real = j <= high
    log_null = np.where(
        real, _log_null(np.where(real, j, low), n1[:, None], n2[:, None], s[:, None]), -np.inf
    )
    null = np.exp(log_null - log_null.max(axis=1, keepdims=True))
    null /= null.sum(axis=1, keepdims=True)
    order = np.argsort(log_null, axis=1, kind="stable")
    ascending = np.take_along_axis(log_null, order, axis=1)
    cumulative = np.cumsum(np.take_along_axis(null, order, axis=1), axis=1)
    p_value = np.take_along_axis(cumulative, _last_as_likely(ascending), axis=1)
    rejected = p_value <= level[:, None]  # in ascending order of probability, as ``order``
    finite = (odds > 0) & np.isfinite(odds)
    log_alt = log_null + j * np.log(np.where(finite, odds, 1.0))[:, None]
    alt = np.exp(log_alt - log_alt.max(axis=1, keepdims=True))
    power = (np.take_along_axis(alt, order, axis=1) * rejected).sum(axis=1) / alt.sum(axis=1)
    # odds 0 or infinite: all the mass lies on the lowest or the highest table
    end = np.where(odds == 0.0, 0, high[:, 0] - low[:, 0])[:, None]
    at_end = np.take_along_axis(log_null, end, axis=1) + _TIE_LOG_TOLERANCE
    p_end = (null * (log_null <= at_end)).sum(axis=1)
    power_or_end: FloatArray = np.where(finite, power, p_end <= level)
    return power_or_end


def _last_as_likely(ascending: FloatArray) -> IntArray:
    """Per row, the index of the last of ``ascending`` at most ``_TIE_LOG_TOLERANCE`` above
    each (``np.searchsorted(side="right") - 1`` row by row). Near-ties are mirror-image
    tables, so the walk from each position takes a step or two; padding (−inf) stays put."""
    width = ascending.shape[1]
    last = np.broadcast_to(np.arange(width), ascending.shape).copy()
    bound = ascending + _TIE_LOG_TOLERANCE
    walking = np.isfinite(ascending)
    while True:
        step = np.minimum(last + 1, width - 1)
        walking &= (step > last) & (np.take_along_axis(ascending, step, axis=1) <= bound)
        if not walking.any():
            return last
        last[walking] = step[walking]


# --- multiplicity -------------------------------------------------------------------------


def _family_index(family: npt.ArrayLike | None, shape: tuple[int, ...]) -> IntArray:
    if family is None:
        return np.zeros(int(np.prod(shape)), dtype=np.int64)
    labels = np.asarray(family).ravel()
    if labels.size != int(np.prod(shape)):
        raise ValueError("family must give one label per p-value.")
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)


def bh_level(
    q_values: npt.ArrayLike, *, family: npt.ArrayLike | None = None, alpha: float = 0.05
) -> FloatArray:
    """The p-value threshold Benjamini–Hochberg applies in each family: α·R/m, with R the
    family's discoveries (q < α) and m its tests; α/m when it has none, which is the bar its
    smallest p-value had to clear. NaN for a family without tests. Power for "too few to tell"
    is taken at this level, because it is the one a comparison actually faces.
    """
    q = np.asarray(q_values, dtype=np.float64)
    level = _probability("alpha", alpha)
    index = _family_index(family, q.shape)
    flat = q.ravel()
    tests = np.bincount(index, weights=~np.isnan(flat))
    found = np.bincount(index, weights=flat < level)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_family = np.where(tests > 0, level * np.maximum(found, 1.0) / tests, np.nan)
    return per_family[index].reshape(q.shape)


# --- pipeline indices ---------------------------------------------------------------------


def glass_ceiling_index(
    share_level_below: npt.ArrayLike, share_at_level: npt.ArrayLike
) -> FloatArray:
    """Glass ceiling index (LNVH, Monitor Vrouwelijke Hoogleraren): share of the group one
    level below divided by its share at the level; 1 is parity, above 1 a ceiling. NaN when the
    share at the level is 0 (the group is absent there, the index is unbounded).
    """
    below = _shares("share_level_below", share_level_below)
    return _ratio(below, _shares("share_at_level", share_at_level))


def proportionality_index(
    share_among_selected: npt.ArrayLike, share_in_pool: npt.ArrayLike
) -> FloatArray:
    """Share of the group among the selected divided by its share in the pool; 1 is
    proportional, below 1 under-selection. NaN when the group is absent from the pool.
    """
    selected = _shares("share_among_selected", share_among_selected)
    return _ratio(selected, _shares("share_in_pool", share_in_pool))


# --- verdict ------------------------------------------------------------------------------


def _bands(defined: BoolArray, large: BoolArray, small: BoolArray, ahead: BoolArray) -> StrArray:
    large_, small_, negligible, advantage, undefined = SIZE_BANDS
    conditions = [~defined, large, small, ahead]
    return np.select(conditions, [undefined, large_, small_, advantage], negligible)


def size_band(
    x1: npt.ArrayLike, n1: npt.ArrayLike, x2: npt.ArrayLike, n2: npt.ArrayLike
) -> StrArray:
    """How big the difference is, on the ratio r = p1 / p2 of the favourable outcome, decided
    exactly (see ``ratio_below``): ``large`` below 4/5 (the four-fifths rule), ``small`` from
    4/5 to below 19/20, ``negligible`` from 19/20 to 20/19, ``advantage`` above 20/19.
    ``undefined`` when a pool is empty or nobody in either group was selected.
    """
    a, b, c, d = _two_groups(x1, n1, x2, n2)
    defined = (b > 0) & (d > 0) & ((a > 0) | (c > 0))
    return _bands(
        defined,
        ratio_below(a, b, c, d, threshold=FOUR_FIFTHS),
        ratio_below(a, b, c, d, threshold=NEGLIGIBLE),
        ratio_below(c, d, a, b, threshold=NEGLIGIBLE),
    )


def size_band_of_ratio(ratio: npt.ArrayLike) -> StrArray:
    """``size_band`` for an estimated ratio (a Mantel–Haenszel ratio), in floating point."""
    r = np.asarray(ratio, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return _bands(
            ~np.isnan(r),
            r < float(FOUR_FIFTHS),
            r < float(NEGLIGIBLE),
            r > 1.0 / float(NEGLIGIBLE),
        )


def verdict(
    *,
    q_value: npt.ArrayLike,
    size_band: npt.ArrayLike,
    power: npt.ArrayLike,
    is_reference: npt.ArrayLike,
    alpha: float = 0.05,
    min_power: float = MIN_POWER,
) -> StrArray:
    """Plain-language verdict: how big (``size_band``) and how sure (the BH q-value of the
    Fisher test; the z-test is shown alongside but does not decide). First match wins:

    - ``reference``: the row is the reference group itself;
    - ``clear_large_difference`` / ``clear_small_difference`` / ``clear_advantage`` /
      ``clear_negligible_difference``: q < alpha, by size band;
    - ``large_difference_not_certain``: below four-fifths but not significant, a signal to
      follow up;
    - ``too_few_to_tell``: q or band undefined, or the test's power to detect a four-fifths
      difference at the level that applies after multiplicity control is below ``min_power``;
    - ``no_evidence``: otherwise.
    """
    q = np.asarray(q_value, dtype=np.float64)
    band = np.asarray(size_band, dtype=np.str_)
    pw = np.asarray(power, dtype=np.float64)
    reference = np.asarray(is_reference, dtype=np.bool_)
    q, band, pw, reference = np.broadcast_arrays(q, band, pw, reference)
    significant = q < _probability("alpha", alpha)
    with np.errstate(invalid="ignore"):
        weak = np.isnan(q) | (band == "undefined") | np.isnan(pw) | (pw < min_power)
    conditions = [
        reference,
        significant & (band == "large"),
        significant & (band == "small"),
        significant & (band == "advantage"),
        significant & (band == "negligible"),
        band == "large",
        weak,
    ]
    return np.select(conditions, list(VERDICT_CODES[:7]), default=VERDICT_CODES[7])
