"""Specification of gelijkekansen.analyse.stats: known answers from scipy, statsmodels and textbook
formulas computed here independently, plus property tests for the invariants."""

from __future__ import annotations

from fractions import Fraction
from typing import get_args

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps
from statsmodels.stats.contingency_tables import StratifiedTable
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from gelijkekansen.analyse import stats

# --- strategies ---------------------------------------------------------------------------


@st.composite
def group(draw: st.DrawFn, min_pool: int = 0, max_pool: int = 60) -> tuple[int, int]:
    """(selected, pool) with 0 <= selected <= pool."""
    pool = draw(st.integers(min_pool, max_pool))
    return draw(st.integers(0, pool)), pool


@st.composite
def comparison(draw: st.DrawFn, min_pool: int = 0, max_pool: int = 60) -> tuple[int, ...]:
    """(x1, n1, x2, n2) of a focal and a reference group."""
    return draw(group(min_pool, max_pool)) + draw(group(min_pool, max_pool))


def columns(tables: list[tuple[int, ...]]) -> tuple[np.ndarray, ...]:
    return tuple(np.array(column) for column in zip(*tables, strict=True))


# --- input checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2"),
    [(-1, 10, 2, 10), (1, 10, 2, -10), (11, 10, 2, 10), (1, 10, 3, 2), (1.5, 10, 2, 10)],
)
def test_invalid_counts_are_refused(x1: float, n1: int, x2: int, n2: int) -> None:
    with pytest.raises(ValueError, match=r"x1|n1|x2|n2"):
        stats.impact_ratio(x1, n1, x2, n2)


def test_nan_count_is_refused() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        stats.selection_rate([1.0, np.nan], [2, 2])


def test_whole_float_counts_are_accepted() -> None:
    np.testing.assert_array_equal(stats.selection_rate([1.0, 3.0], [4.0, 4.0]), [0.25, 0.75])


def test_error_names_the_first_offending_position() -> None:
    with pytest.raises(ValueError, match=r"\(2,\)"):
        stats.selection_rate([1, 2, 5], [4, 4, 4])


# --- selection rate and Wilson ------------------------------------------------------------


def test_selection_rate_known_values_and_empty_pool() -> None:
    rate = stats.selection_rate([0, 3, 4, 0], [5, 12, 4, 0])
    np.testing.assert_array_equal(rate[:3], [0.0, 0.25, 1.0])
    assert np.isnan(rate[3])


def test_wilson_equals_statsmodels_including_edges() -> None:
    x = np.array([0, 1, 5, 9, 10, 0, 1, 37, 250])
    n = np.array([10, 10, 10, 10, 10, 1, 1, 100, 251])
    for confidence in (0.9, 0.95, 0.99):
        low, high = stats.wilson_interval(x, n, confidence=confidence)
        ref_low, ref_high = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
        np.testing.assert_allclose(low, ref_low, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(high, ref_high, rtol=1e-12, atol=1e-15)


def test_wilson_bounds_are_exact_at_zero_and_all_selected() -> None:
    low, high = stats.wilson_interval([0, 7], [7, 7])
    assert low[0] == 0.0
    assert high[1] == 1.0


def test_wilson_empty_pool_is_nan() -> None:
    low, high = stats.wilson_interval(0, 0)
    assert np.isnan(low) and np.isnan(high)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95.0])
def test_wilson_refuses_impossible_confidence(confidence: float) -> None:
    with pytest.raises(ValueError, match="confidence"):
        stats.wilson_interval(1, 2, confidence=confidence)


@given(group(min_pool=1, max_pool=10_000))
def test_rate_in_unit_interval_and_inside_wilson(g: tuple[int, int]) -> None:
    x, n = g
    rate = float(stats.selection_rate(x, n))
    low, high = stats.wilson_interval(x, n)
    assert 0.0 <= low <= rate <= high <= 1.0


# --- impact ratio and four-fifths ---------------------------------------------------------


def test_impact_ratio_known_values() -> None:
    ir = stats.impact_ratio([30, 0, 5], [100, 10, 10], [60, 4, 5], [100, 10, 20])
    np.testing.assert_allclose(ir, [0.5, 0.0, 2.0])


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), [(0, 0, 2, 5), (1, 5, 0, 0), (1, 5, 0, 5)])
def test_impact_ratio_undefined_cases_are_nan(x1: int, n1: int, x2: int, n2: int) -> None:
    assert np.isnan(stats.impact_ratio(x1, n1, x2, n2))


@given(group(min_pool=1, max_pool=10_000))
def test_impact_ratio_of_a_group_against_itself_is_one(g: tuple[int, int]) -> None:
    x, n = g
    ir = float(stats.impact_ratio(x, n, x, n))
    assert ir == 1.0 if x > 0 else np.isnan(ir)


def test_four_fifths_boundary_is_decided_exactly() -> None:
    assert (36 / 100) / (45 / 100) < 0.8  # the floating-point trap this rule avoids
    assert not stats.below_four_fifths(36, 100, 45, 100)
    assert not stats.below_four_fifths(72, 200, 45, 100)
    assert stats.below_four_fifths(35, 100, 45, 100)
    assert stats.below_four_fifths(71, 200, 45, 100)


def test_four_fifths_is_never_flagged_when_undefined() -> None:
    flagged = stats.below_four_fifths([0, 0, 0], [0, 10, 10], [5, 0, 0], [10, 0, 10])
    np.testing.assert_array_equal(flagged, [False, False, False])


def test_four_fifths_is_exact_for_huge_counts() -> None:
    n = 3 * 10**9  # 5·x1·n2 overflows int64 here
    assert not stats.below_four_fifths(4 * 10**9 // 5 * 3, n, n, n)
    assert stats.below_four_fifths(4 * 10**9 // 5 * 3 - 1, n, n, n)


@given(comparison(min_pool=1, max_pool=500))
def test_four_fifths_agrees_with_fractions(t: tuple[int, ...]) -> None:
    x1, n1, x2, n2 = t
    expected = x2 > 0 and Fraction(x1, n1) / Fraction(x2, n2) < Fraction(4, 5)
    assert bool(stats.below_four_fifths(x1, n1, x2, n2)) == expected


def test_rate_difference_in_percentage_points() -> None:
    diff = stats.rate_difference_pp([30, 0], [100, 0], [45, 1], [100, 2])
    np.testing.assert_allclose(diff[0], -15.0)
    assert np.isnan(diff[1])


# --- Katz interval ------------------------------------------------------------------------


@given(st.lists(comparison(min_pool=1, max_pool=300), min_size=1, max_size=20))
def test_katz_equals_statsmodels_log_method(tables: list[tuple[int, ...]]) -> None:
    x1, n1, x2, n2 = columns(tables)
    positive = (x1 > 0) & (x2 > 0)
    low, high = stats.katz_interval(x1, n1, x2, n2)
    ref = confint_proportions_2indep(
        x1[positive], n1[positive], x2[positive], n2[positive], compare="ratio", method="log"
    )
    np.testing.assert_allclose(low[positive], ref[0], rtol=1e-8)
    np.testing.assert_allclose(high[positive], ref[1], rtol=1e-8)


def test_katz_formula_by_hand() -> None:
    p1, p2 = 12 / 40, 30 / 50
    spread = sps.norm.isf(0.05) * np.sqrt((1 - p1) / 12 + (1 - p2) / 30)
    low, high = stats.katz_interval(12, 40, 30, 50, confidence=0.9)
    np.testing.assert_allclose([low, high], np.exp(np.log(p1 / p2) + np.array([-1, 1]) * spread))


@pytest.mark.parametrize(("x1", "x2"), [(0, 7), (7, 0), (0, 0)])
def test_katz_zero_count_adds_a_half_to_all_cells(x1: int, x2: int) -> None:
    low, high = stats.katz_interval(x1, 20, x2, 30)
    ref = confint_proportions_2indep(x1, 20, x2, 30, compare="ratio", method="log-adjusted")
    np.testing.assert_allclose([low, high], ref, rtol=1e-12)
    assert 0.0 < low < high


def test_katz_empty_pool_is_nan() -> None:
    low, high = stats.katz_interval([0, 1], [0, 5], [1, 0], [5, 0])
    assert np.all(np.isnan(low)) and np.all(np.isnan(high))


@given(comparison(min_pool=1, max_pool=300))
def test_katz_interval_contains_the_impact_ratio(t: tuple[int, ...]) -> None:
    x1, n1, x2, n2 = t
    low, high = stats.katz_interval(x1, n1, x2, n2)
    if x1 > 0 and x2 > 0:
        assert low <= stats.impact_ratio(x1, n1, x2, n2) * (1 + 1e-12)
        assert stats.impact_ratio(x1, n1, x2, n2) <= high * (1 + 1e-12)


# --- Fisher exact -------------------------------------------------------------------------


def scipy_fisher(x1: int, n1: int, x2: int, n2: int) -> float:
    return float(sps.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue)


@settings(max_examples=80, deadline=None)
@given(st.lists(comparison(min_pool=1, max_pool=80), min_size=1, max_size=25))
def test_fisher_equals_scipy(tables: list[tuple[int, ...]]) -> None:
    expected = [scipy_fisher(*t) for t in tables]
    np.testing.assert_allclose(stats.fisher_exact_p(*columns(tables)), expected, rtol=1e-9)


def test_fisher_equals_scipy_on_edges_and_large_tables() -> None:
    tables = [
        (0, 10, 0, 10),
        (10, 10, 10, 10),
        (0, 10, 10, 10),
        (10, 10, 0, 5),
        (0, 1, 1, 1),
        (5, 10, 5, 10),  # the observed table is the mode
        (3, 10, 7, 10),  # equal groups: the mirrored table ties exactly
        (36, 100, 45, 100),
        (512, 825, 89, 108),
        (4_000, 20_000, 4_200, 19_000),
    ]
    expected = [scipy_fisher(*t) for t in tables]
    np.testing.assert_allclose(stats.fisher_exact_p(*columns(tables)), expected, rtol=1e-9)


def test_fisher_empty_pool_is_nan_and_one_table_margins_give_one() -> None:
    p = stats.fisher_exact_p([0, 0, 0, 4], [0, 5, 4, 4], [1, 0, 0, 6], [3, 0, 6, 6])
    assert np.isnan(p[0]) and np.isnan(p[1])
    np.testing.assert_array_equal(p[2:], [1.0, 1.0])


@given(comparison(max_pool=80))
def test_fisher_p_in_unit_interval_and_symmetric_in_groups(t: tuple[int, ...]) -> None:
    x1, n1, x2, n2 = t
    p = stats.fisher_exact_p(x1, n1, x2, n2)
    if n1 == 0 or n2 == 0:
        assert np.isnan(p)
    else:
        assert 0.0 < p <= 1.0
        np.testing.assert_allclose(stats.fisher_exact_p(x2, n2, x1, n1), p, rtol=1e-9)


def test_fisher_broadcasts_and_repeated_tables_agree() -> None:
    p = stats.fisher_exact_p(np.array([[2, 3], [2, 3]]), 10, 6, 10)
    assert p.shape == (2, 2)
    np.testing.assert_array_equal(p[0], p[1])
    np.testing.assert_allclose(p[0], [scipy_fisher(2, 10, 6, 10), scipy_fisher(3, 10, 6, 10)])


def test_fisher_on_many_random_tables_matches_scipy() -> None:
    rng = np.random.default_rng(7)
    n1, n2 = rng.integers(1, 300, 100_000), rng.integers(1, 300, 100_000)
    x1, x2 = rng.integers(0, n1 + 1), rng.integers(0, n2 + 1)
    p = stats.fisher_exact_p(x1, n1, x2, n2)
    sample = rng.choice(100_000, 50, replace=False)
    expected = [scipy_fisher(x1[i], n1[i], x2[i], n2[i]) for i in sample]
    np.testing.assert_allclose(p[sample], expected, rtol=1e-9)


# --- z-test -------------------------------------------------------------------------------


@given(comparison(min_pool=1, max_pool=500))
def test_ztest_equals_statsmodels_where_defined(t: tuple[int, ...]) -> None:
    x1, n1, x2, n2 = t
    p = float(stats.ztest_p(x1, n1, x2, n2))
    if 0 < x1 + x2 < n1 + n2:
        expected = proportions_ztest([x1, x2], [n1, n2])[1]
        np.testing.assert_allclose(p, expected, rtol=1e-10, atol=1e-300)
    else:
        assert p == 1.0


def test_ztest_undefined_and_degenerate_cases() -> None:
    p = stats.ztest_p([0, 4, 1], [0, 4, 3], [1, 6, 0], [3, 6, 0])
    assert p[1] == 1.0
    assert np.isnan(p[0]) and np.isnan(p[2])


# --- shortfall ----------------------------------------------------------------------------


def test_shortfall_known_values() -> None:
    # reference 45/100: parity needs 45 of 100, four-fifths needs 36 of 100.
    assert stats.shortfall(10, 100, 45, 100) == 35
    assert stats.shortfall(10, 100, 45, 100, target_ratio=stats.FOUR_FIFTHS) == 26
    assert stats.shortfall(36, 100, 45, 100, target_ratio=Fraction(4, 5)) == 0
    # 4/5 · 1/3 · 10 = 8/3 -> 3 selections needed, from 0.
    assert stats.shortfall(0, 10, 1, 3, target_ratio=Fraction(4, 5)) == 3


def test_shortfall_is_zero_when_ahead_or_without_reference() -> None:
    np.testing.assert_array_equal(stats.shortfall([9, 1, 0], [10, 5, 0], [1, 0, 2], [10, 0, 4]), 0)


def test_shortfall_returns_integers() -> None:
    assert stats.shortfall([1, 2], [10, 10], 5, 10).dtype == np.int64


@pytest.mark.parametrize("target", [0.8, True, Fraction(0), -1])
def test_shortfall_refuses_float_or_non_positive_target(target: object) -> None:
    with pytest.raises((TypeError, ValueError)):
        stats.shortfall(1, 10, 5, 10, target_ratio=target)  # type: ignore[arg-type]


@given(
    comparison(min_pool=1, max_pool=1_000),
    st.fractions(min_value=Fraction(1, 10), max_value=Fraction(3, 2), max_denominator=20),
)
def test_shortfall_is_the_least_that_reaches_the_target(
    t: tuple[int, ...], target: Fraction
) -> None:
    x1, n1, x2, n2 = t
    need = int(stats.shortfall(x1, n1, x2, n2, target_ratio=target))
    goal = target * Fraction(x2, n2)
    assert need >= 0
    assert Fraction(x1 + need, n1) >= goal
    if need > 0:
        assert Fraction(x1 + need - 1, n1) < goal


# --- Benjamini-Hochberg -------------------------------------------------------------------


probabilities = st.floats(0.0, 1.0, allow_nan=False)


@given(st.lists(st.one_of(probabilities, st.just(float("nan"))), max_size=40))
def test_bh_equals_scipy_on_the_non_nan_part(p_list: list[float]) -> None:
    p = np.array(p_list, dtype=np.float64)
    q = stats.benjamini_hochberg(p)
    present = ~np.isnan(p)
    np.testing.assert_array_equal(np.isnan(q), ~present)
    if present.any():
        expected = sps.false_discovery_control(p[present], method="bh")
        np.testing.assert_allclose(q[present], expected, rtol=1e-12)


@given(st.lists(probabilities, min_size=1, max_size=40))
def test_bh_q_at_least_p_and_monotone_in_p(p_list: list[float]) -> None:
    p = np.array(p_list)
    q = stats.benjamini_hochberg(p)
    assert np.all(q >= p) and np.all(q <= 1.0)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= 0)


def test_bh_textbook_example_and_shape() -> None:
    p = np.array([[0.01, 0.04], [0.03, 0.5]])
    # m = 4: 0.01·4/1, 0.03·4/2, 0.04·4/3, 0.5·4/4, then running minimum from the top.
    np.testing.assert_allclose(stats.benjamini_hochberg(p), [[0.04, 0.16 / 3], [0.16 / 3, 0.5]])


def test_bh_refuses_values_outside_unit_interval() -> None:
    with pytest.raises(ValueError, match="p_values"):
        stats.benjamini_hochberg([0.1, 1.2])


# --- Cochran-Mantel-Haenszel --------------------------------------------------------------

# Berkeley 1973 admissions per department A-F (Bickel et al. 1975; R's UCBAdmissions).
MEN_ADMITTED = np.array([512, 353, 120, 138, 53, 22])
MEN_APPLIED = MEN_ADMITTED + np.array([313, 207, 205, 279, 138, 351])
WOMEN_ADMITTED = np.array([89, 17, 202, 131, 94, 24])
WOMEN_APPLIED = WOMEN_ADMITTED + np.array([19, 8, 391, 244, 299, 317])


def breslow_day_by_hand(a: np.ndarray, n1: np.ndarray, m: np.ndarray, n: np.ndarray) -> float:
    """Breslow & Day (1980) eq. 4.30: fitted cell under the MH odds ratio, per stratum."""
    b, c = n1 - a, m - a
    d = n - n1 - c
    psi = np.sum(a * d / n) / np.sum(b * c / n)
    statistic = 0.0
    for ak, n1k, mk, nk in zip(a, n1, m, n, strict=True):
        roots = np.roots([1 - psi, nk - n1k - mk + psi * (n1k + mk), -psi * n1k * mk]).real
        low, high = max(0, mk - (nk - n1k)), min(n1k, mk)
        fit = next(r for r in roots if low <= r <= high)
        cells = np.array([fit, n1k - fit, mk - fit, nk - n1k - mk + fit])
        statistic += (ak - fit) ** 2 * np.sum(1.0 / cells)
    return float(sps.chi2.sf(statistic, len(a) - 1))


def test_cmh_berkeley_admissions_textbook_values() -> None:
    result = stats.cochran_mantel_haenszel(MEN_ADMITTED, MEN_APPLIED, WOMEN_ADMITTED, WOMEN_APPLIED)
    # R: mantelhaen.test(UCBAdmissions, correct = FALSE)
    np.testing.assert_allclose(result.common_odds_ratio, 0.9046968, rtol=1e-6)
    np.testing.assert_allclose(
        [result.or_ci_low, result.or_ci_high], [0.7719074, 1.0603298], rtol=1e-6
    )
    # Mantel-Haenszel formulas, computed here from the counts.
    a, b = MEN_ADMITTED, MEN_APPLIED - MEN_ADMITTED
    c, d = WOMEN_ADMITTED, WOMEN_APPLIED - WOMEN_ADMITTED
    n = MEN_APPLIED + WOMEN_APPLIED
    np.testing.assert_allclose(
        result.common_odds_ratio, np.sum(a * d / n) / np.sum(b * c / n), rtol=1e-12
    )
    m = a + c
    expected_a = MEN_APPLIED * m / n
    variance = MEN_APPLIED * WOMEN_APPLIED * m * (n - m) / (n**2 * (n - 1))
    chi2 = np.sum(a - expected_a) ** 2 / np.sum(variance)
    np.testing.assert_allclose(result.statistic, chi2, rtol=1e-12)
    np.testing.assert_allclose(result.p_value, sps.chi2.sf(chi2, 1), rtol=1e-12)
    np.testing.assert_allclose(
        result.breslow_day_p, breslow_day_by_hand(a, MEN_APPLIED, m, n), rtol=1e-8
    )
    assert result.breslow_day_p < 0.01  # department A differs: the odds ratios are not common


def test_cmh_drops_strata_with_an_empty_group() -> None:
    full = stats.cochran_mantel_haenszel(
        np.append(MEN_ADMITTED, 0),
        np.append(MEN_APPLIED, 0),
        np.append(WOMEN_ADMITTED, 3),
        np.append(WOMEN_APPLIED, 9),
    )
    plain = stats.cochran_mantel_haenszel(MEN_ADMITTED, MEN_APPLIED, WOMEN_ADMITTED, WOMEN_APPLIED)
    assert full == plain


def test_cmh_without_informative_strata_is_nan() -> None:
    result = stats.cochran_mantel_haenszel([0, 1], [0, 2], [1, 0], [2, 0])
    assert all(np.isnan(v) for v in vars(result).values())


def test_cmh_single_stratum_matches_statsmodels() -> None:
    result = stats.cochran_mantel_haenszel([12], [40], [30], [50])
    table = StratifiedTable(np.array([[[12], [28]], [[30], [20]]], dtype=float))
    np.testing.assert_allclose(result.common_odds_ratio, (12 * 20) / (28 * 30))
    np.testing.assert_allclose(result.p_value, table.test_null_odds().pvalue)


# --- Mantel-Haenszel rate ratio ---------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.lists(comparison(min_pool=1, max_pool=80), min_size=1, max_size=6))
def test_mh_ratio_and_cmh_p_equal_statsmodels(tables: list[tuple[int, ...]]) -> None:
    x1, n1, x2, n2 = columns(tables)
    result = stats.mantel_haenszel_ratio(
        x1, n1, x2, n2, comparison=np.zeros(len(tables), dtype=int), comparisons=1
    )
    table = StratifiedTable(np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float))
    r, s = np.sum(x1 * n2 / (n1 + n2)), np.sum(x2 * n1 / (n1 + n2))
    if s > 0:
        np.testing.assert_allclose(result.ratio, table.riskratio_pooled, rtol=1e-12)
    if np.sum(x1 + x2) > 0 and np.sum(n1 - x1 + n2 - x2) > 0 and r > 0:
        # from statsmodels' statistic: its own p-value is imprecise far in the tail
        expected = sps.chi2.sf(table.test_null_odds(correction=False).statistic, 1)
        np.testing.assert_allclose(result.p_value, expected, rtol=1e-9)


@given(comparison(min_pool=1, max_pool=80))
def test_mh_interval_for_one_stratum_is_katz(t: tuple[int, ...]) -> None:
    x1, n1, x2, n2 = t
    result = stats.mantel_haenszel_ratio(x1, n1, x2, n2, comparison=[0], comparisons=1)
    if x1 > 0 and x2 > 0:
        np.testing.assert_allclose(
            [result.ci_low[0], result.ci_high[0]], stats.katz_interval(x1, n1, x2, n2), rtol=1e-9
        )


def test_mh_ratio_survives_simpsons_paradox() -> None:
    """Women do better in both units but apply more to the selective one: the collapsed ratio
    says disadvantage, the stratified one advantage."""
    women, women_pool = np.array([90, 20]), np.array([100, 400])
    men, men_pool = np.array([320, 3]), np.array([400, 100])
    crude = stats.impact_ratio(women.sum(), women_pool.sum(), men.sum(), men_pool.sum())
    mh = stats.mantel_haenszel_ratio(
        women, women_pool, men, men_pool, comparison=[0, 0], comparisons=1
    )
    assert crude < 0.5 and np.all(women / women_pool > men / men_pool)
    assert mh.ratio[0] > 1 and mh.ci_low[0] > 1 and mh.p_value[0] < 0.05


def test_mh_many_comparisons_at_once_equal_one_by_one() -> None:
    rng = np.random.default_rng(7)
    n1, n2 = rng.integers(1, 200, 30), rng.integers(1, 200, 30)
    x1, x2 = rng.integers(0, n1 + 1), rng.integers(0, n2 + 1)
    which = rng.integers(0, 5, 30)
    together = stats.mantel_haenszel_ratio(x1, n1, x2, n2, comparison=which, comparisons=6)
    for k in range(5):
        alone = stats.mantel_haenszel_ratio(
            x1[which == k],
            n1[which == k],
            x2[which == k],
            n2[which == k],
            comparison=0,
            comparisons=1,
        )
        np.testing.assert_allclose(together.ratio[k], alone.ratio[0])
        np.testing.assert_allclose(together.p_value[k], alone.p_value[0])
    assert np.isnan(together.ratio[5])  # a comparison without strata


# --- exact power --------------------------------------------------------------------------


def power_by_enumeration(n1: int, n2: int, s: int, odds: float, level: float) -> float:
    """Every table with these margins: scipy's Fisher p and scipy's noncentral pmf."""
    x = np.arange(max(0, s - n2), min(n1, s) + 1)
    pmf = sps.nchypergeom_fisher(n1 + n2, n1, s, odds).pmf(x)
    p = np.array([sps.fisher_exact([[k, n1 - k], [s - k, n2 - s + k]]).pvalue for k in x])
    return float(pmf[p <= level].sum())


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 60),
    st.floats(0.0, 1.0),
    st.sampled_from([0.3, 0.6, 0.8, 1.0, 1.5]),
    st.sampled_from([0.05, 0.01, 0.001, 1e-4]),
)
def test_fisher_power_equals_brute_force_enumeration(
    n1: int, n2: int, share: float, odds: float, level: float
) -> None:
    s = int(share * (n1 + n2))
    power = stats.fisher_power(n1, n2, s, odds_ratio=odds, level=level)
    assert float(power) == pytest.approx(power_by_enumeration(n1, n2, s, odds, level), abs=1e-9)


def test_fisher_power_of_many_margins_at_once_equals_each_alone_and_enumeration() -> None:
    """Margins of different support sizes share batches padded to a common width; odds 0
    and ∞ put all mass on one end table. A row must not depend on its batch mates."""
    rng = np.random.default_rng(11)
    n1, n2 = rng.integers(1, 70, 60), rng.integers(1, 70, 60)
    s = rng.integers(0, n1 + n2 + 1)
    odds = rng.choice([0.0, 0.4, 0.8, 1.0, 1.7, np.inf], 60)
    level = rng.choice([0.05, 0.01, 1e-3], 60)
    together = stats.fisher_power(n1, n2, s, odds_ratio=odds, level=level)
    for i in range(60):
        alone = stats.fisher_power(n1[i], n2[i], s[i], odds_ratio=odds[i], level=level[i])
        assert together[i] == float(alone)
        if np.isfinite(odds[i]) and odds[i] > 0:
            expected = power_by_enumeration(n1[i], n2[i], s[i], odds[i], level[i])
        else:  # all tables at the lowest (odds 0) or highest (odds ∞) count of group one
            x = max(0, s[i] - n2[i]) if odds[i] == 0 else min(n1[i], s[i])
            table = [[x, n1[i] - x], [s[i] - x, n2[i] - s[i] + x]]
            expected = float(sps.fisher_exact(table).pvalue <= level[i])
        assert together[i] == pytest.approx(expected, abs=1e-9)


def test_fisher_power_under_the_null_is_at_most_the_level() -> None:
    power = stats.fisher_power(
        [40, 200, 500], [60, 300, 500], [30, 120, 400], odds_ratio=1.0, level=0.05
    )
    assert np.all(power <= 0.05) and np.all(power > 0)


def test_fisher_power_grows_with_people_and_shrinks_with_a_stricter_level() -> None:
    odds = stats.odds_ratio_for(0.3, stats.FOUR_FIFTHS)
    sizes = np.array([50, 200, 800, 3_200])
    growing = stats.fisher_power(
        sizes, sizes, (0.27 * 2 * sizes).astype(int), odds_ratio=odds, level=0.05
    )
    assert np.all(np.diff(growing) > 0) and growing[-1] > 0.99
    stricter = stats.fisher_power(800, 800, 432, odds_ratio=odds, level=[0.05, 0.001, 1e-5])
    assert np.all(np.diff(stricter) < 0)


def test_fisher_power_edges() -> None:
    power = stats.fisher_power([0, 10, 10], [10, 10, 10], [5, 0, 20], odds_ratio=0.5, level=0.05)
    assert np.isnan(power[0]) and power[1] == 0.0 and power[2] == 0.0
    with pytest.raises(ValueError, match="level"):
        stats.fisher_power(10, 10, 5, odds_ratio=0.5, level=0.0)


def test_odds_ratio_for_a_four_fifths_difference() -> None:
    odds = stats.odds_ratio_for([0.5, 0.0, 0.9], Fraction(5, 4))
    np.testing.assert_allclose(odds[0], (0.625 / 0.375) / 1.0)
    assert odds[1] == 0.0 and np.isinf(odds[2])


# --- multiplicity -------------------------------------------------------------------------


@settings(max_examples=40)
@given(st.lists(st.tuples(st.floats(0, 1), st.sampled_from("abc")), min_size=1, max_size=40))
def test_bh_families_equal_scipy_per_family(pairs: list[tuple[float, str]]) -> None:
    p, family = np.array([v for v, _ in pairs]), np.array([f for _, f in pairs])
    q = stats.benjamini_hochberg(p, family=family)
    for label in set(family):
        np.testing.assert_allclose(
            q[family == label], sps.false_discovery_control(p[family == label]), rtol=1e-12
        )


def test_bh_level_is_the_largest_rejected_threshold() -> None:
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.5, 0.01, 0.9, np.nan])
    family = np.array(["a"] * 5 + ["b"] * 3)
    q = stats.benjamini_hochberg(p, family=family)
    level = stats.bh_level(q, family=family, alpha=0.05)
    # family a: BH rejects the two smallest (0.008 <= 2·0.05/5); b: none, bar is 0.05/2
    np.testing.assert_allclose(level, [0.02] * 5 + [0.025] * 3)
    assert np.all((p[:5] <= level[:5]) == (q[:5] < 0.05))


# --- pipeline indices ---------------------------------------------------------------------


def test_glass_ceiling_index() -> None:
    gci = stats.glass_ceiling_index([0.56, 0.4, 0.3], [0.4, 0.4, 0.0])
    np.testing.assert_allclose(gci[:2], [1.4, 1.0])
    assert np.isnan(gci[2])


def test_proportionality_index() -> None:
    index = stats.proportionality_index([0.2, 0.5, 0.1], [0.4, 0.5, 0.0])
    np.testing.assert_allclose(index[:2], [0.5, 1.0])
    assert np.isnan(index[2])


def test_shares_outside_unit_interval_are_refused() -> None:
    with pytest.raises(ValueError, match="share_at_level"):
        stats.glass_ceiling_index(0.5, 1.5)


# --- size bands and verdict ----------------------------------------------------------------


def test_verdict_codes_are_exported_and_complete() -> None:
    assert get_args(stats.VerdictCode) == stats.VERDICT_CODES
    assert set(stats.FOLLOW_UP) <= set(stats.VERDICT_CODES)
    assert Fraction(4, 5) == stats.FOUR_FIFTHS


@pytest.mark.parametrize(
    ("x1", "code"),
    [
        (35, "large"),
        (36, "small"),
        (42, "small"),
        (43, "negligible"),
        (47, "negligible"),
        (48, "advantage"),
    ],
)
def test_size_bands_are_decided_exactly_at_their_boundaries(x1: int, code: str) -> None:
    # reference 45/100: 36/100 is exactly 4/5, 42.75 would be 19/20, 47.37 is 20/19
    assert stats.size_band(x1, 100, 45, 100) == code


def test_size_band_undefined_and_the_float_twin() -> None:
    bands = stats.size_band([0, 3, 0], [0, 10, 10], [1, 0, 0], [10, 10, 10])
    np.testing.assert_array_equal(bands, ["undefined", "advantage", "undefined"])
    np.testing.assert_array_equal(
        stats.size_band_of_ratio([0.79, 0.8, 0.95, 1.05, 1.06, np.nan]),
        ["large", "small", "negligible", "negligible", "advantage", "undefined"],
    )


@pytest.mark.parametrize(
    ("q", "band", "power", "reference", "code"),
    [
        (np.nan, "negligible", np.nan, True, "reference"),
        (0.01, "large", 0.9, False, "clear_large_difference"),
        (0.01, "small", 0.9, False, "clear_small_difference"),
        (0.01, "advantage", 0.9, False, "clear_advantage"),
        (0.01, "negligible", 0.9, False, "clear_negligible_difference"),
        (0.30, "large", 0.9, False, "large_difference_not_certain"),
        (0.30, "large", 0.1, False, "large_difference_not_certain"),
        (0.30, "small", 0.5, False, "too_few_to_tell"),
        (np.nan, "small", 0.9, False, "too_few_to_tell"),
        (0.30, "undefined", 0.9, False, "too_few_to_tell"),
        (0.30, "small", np.nan, False, "too_few_to_tell"),
        (0.30, "small", 0.8, False, "no_evidence"),
        (0.05, "large", 0.9, False, "large_difference_not_certain"),
    ],
)
def test_verdict_rules(q: float, band: str, power: float, reference: bool, code: str) -> None:
    result = stats.verdict(q_value=q, size_band=band, power=power, is_reference=reference)
    assert result == code


def test_no_verdict_calls_a_negligible_ratio_a_disparity() -> None:
    result = stats.verdict(
        q_value=[1e-9],
        size_band=stats.size_band(95, 100, 100, 100),
        power=1.0,
        is_reference=False,
    )
    assert result.tolist() == ["clear_negligible_difference"]


def test_verdict_is_vectorised_and_respects_alpha() -> None:
    result = stats.verdict(
        q_value=[0.08, 0.08], size_band="large", power=0.9, is_reference=False, alpha=0.1
    )
    np.testing.assert_array_equal(result, ["clear_large_difference"] * 2)


def power_over_the_whole_support(n1: int, n2: int, s: int, odds: float, level: float) -> float:
    """scipy's central pmf for the two-sided p of every table (as or less probable, with
    R's relative tolerance) and scipy's noncentral pmf for its probability."""
    x = np.arange(max(0, s - n2), min(n1, s) + 1)
    null = sps.hypergeom(n1 + n2, n1, s).pmf(x)
    order = np.argsort(null, kind="stable")
    cumulative = np.cumsum(null[order])
    p = cumulative[np.searchsorted(null[order], null * (1 + 1e-7), side="right") - 1]
    alternative = sps.nchypergeom_fisher(n1 + n2, n1, s, odds).pmf(x)
    return float(alternative[p <= level].sum())


@pytest.mark.parametrize(
    ("n1", "n2", "s", "odds"),
    [(20_000, 30_000, 15_000, 0.9), (60_000, 8_000, 9_000, 1.1), (12_000, 12_000, 6_000, 0.9)],
)
def test_fisher_power_on_large_pools_sums_only_where_the_mass_is(
    n1: int, n2: int, s: int, odds: float
) -> None:
    """Supports of thousands of tables are summed over the window where either pmf is not
    0.0 in float64; the result is the whole support's."""
    power = stats.fisher_power(n1, n2, s, odds_ratio=odds, level=1e-3)
    expected = power_over_the_whole_support(n1, n2, s, odds, 1e-3)
    assert 0.01 < expected < 0.99  # neither trivially 0 nor 1
    assert float(power) == pytest.approx(expected, abs=1e-9)
