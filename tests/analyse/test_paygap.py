"""Specification of gelijkekansen.analyse.paygap: hand-worked answers, privacy, invariants.

The hand-worked cases are also in docs/pay-transparency.md; the numbers below were computed on
paper, not by the code under test.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse import paygap
from gelijkekansen.contract import TOTAL


def workers(
    women: list[float],
    men: list[float],
    *,
    women_variable: list[float] | None = None,
    men_variable: list[float] | None = None,
    category: str | None = None,
) -> pl.DataFrame:
    data: dict[str, list[object]] = {
        "gender": ["vrouw"] * len(women) + ["man"] * len(men),
        "hourly_pay": [float(p) for p in (*women, *men)],
        "variable_pay": [
            float(v)
            for v in (*(women_variable or [0] * len(women)), *(men_variable or [0] * len(men)))
        ],
    }
    if category is not None:
        data["category"] = [category] * (len(women) + len(men))
    return pl.DataFrame(data)


def row(frame: pl.DataFrame, indicator: str, category: str = TOTAL) -> dict[str, object]:
    rows = frame.filter((pl.col("indicator") == indicator) & (pl.col("category") == category))
    assert rows.height == 1, rows
    return rows.row(0, named=True)


# Women 10, 12, 14, 20: mean 14, median (12 + 14) / 2 = 13.
# Men 12, 16, 18, 22: mean 17, median (16 + 18) / 2 = 17.
# Variable pay: women 0, 100, 0, 300 -> 2 of 4 receive it, mean 200, median 200;
# men 200, 0, 300, 700 -> 3 of 4, mean 400, median 300.
HAND = workers(
    [10, 12, 14, 20],
    [12, 16, 18, 22],
    women_variable=[0, 100, 0, 300],
    men_variable=[200, 0, 300, 700],
)


def test_mean_and_median_gap_of_even_counts_by_hand() -> None:
    out = paygap.pay_indicators(HAND, min_cell=1)
    mean = row(out, "a_mean_gap")
    assert (mean["women"], mean["men"]) == (14.0, 17.0)
    assert mean["gap_pct"] == pytest.approx(3 / 17 * 100)  # 17.647...
    median = row(out, "c_median_gap")
    assert (median["women"], median["men"]) == (13.0, 17.0)
    assert median["gap_pct"] == pytest.approx(4 / 17 * 100)  # 23.529...


def test_variable_pay_gaps_are_over_recipients_by_hand() -> None:
    out = paygap.pay_indicators(HAND, min_cell=1)
    mean = row(out, "b_variable_mean_gap")
    assert (mean["n_women"], mean["n_men"], mean["women"], mean["men"]) == (2, 3, 200.0, 400.0)
    assert mean["gap_pct"] == pytest.approx(50.0)
    median = row(out, "d_variable_median_gap")
    assert median["gap_pct"] == pytest.approx(100 / 3)
    share = row(out, "e_variable_pay_share")
    assert (share["women"], share["men"]) == (50.0, 75.0)


def test_quartile_bands_split_a_tie_straddling_a_boundary_by_hand() -> None:
    # Ranked: 10W 10M | 12W 15? | 15? 15? | 20M 25M. Pay level 15 (1 man, 2 women) holds the
    # last place of band 2 and both places of band 3: band 2 gets 1/3 man and 2/3 woman,
    # band 3 gets 2/3 man and 4/3 women. Women: 1/2, (1 + 2/3)/2, (4/3)/2, 0.
    pay = np.array([10, 10, 12, 15, 15, 15, 20, 25], dtype=float)
    woman = np.array([1, 0, 1, 0, 1, 1, 0, 0], dtype=bool)
    counts = paygap.quartile_bands(pay, woman)
    np.testing.assert_allclose(counts[:, 0], [1, 5 / 3, 4 / 3, 0])
    np.testing.assert_allclose(counts[:, 1], [1, 1 / 3, 2 / 3, 2])
    frame = pl.DataFrame({"gender": np.where(woman, "vrouw", "man"), "hourly_pay": pay})
    bands = paygap.pay_indicators(frame, min_cell=1).filter(
        pl.col("indicator") == "f_quartile_band"
    )
    np.testing.assert_allclose(bands["women"].to_numpy(), [50, 250 / 3, 200 / 3, 0])
    np.testing.assert_allclose(bands["men"].to_numpy(), [50, 50 / 3, 100 / 3, 100])


def test_quartile_bands_of_a_count_not_divisible_by_four_by_hand() -> None:
    # Six workers, alternately woman and man from the lowest pay up; bands of 1.5 places.
    counts = paygap.quartile_bands(np.arange(6.0), np.array([1, 0, 1, 0, 1, 0], dtype=bool))
    np.testing.assert_allclose(counts, [[1, 0.5], [1, 0.5], [0.5, 1], [0.5, 1]])


def test_gap_is_undefined_when_men_earn_nothing() -> None:
    assert np.isnan(paygap.gap_pct(0.0, 5.0))
    assert paygap.gap_pct([20.0], [15.0])[0] == pytest.approx(25.0)


def test_threshold_of_exactly_five_percent_is_reached() -> None:
    # Men 10.20 an hour, women 9.69: exactly 5%, though the float quotient is 4.999999999999998.
    assert (10.20 - 9.69) / 10.20 * 100 < 5
    assert paygap.reaches_threshold(102_000, 1, 96_900, 1)
    assert paygap.reaches_threshold(204_000, 2, 96_900, 1)
    assert not paygap.reaches_threshold(1_000_000, 1, 950_100, 1)
    assert paygap.reaches_threshold(100, 1, 106, 1)  # women paid more: a difference too


def test_article_10_per_category() -> None:
    frame = pl.concat(
        [
            workers([9.69, 9.69], [10.20, 10.20], category="a_exactly_five"),
            workers([95.5, 95.5], [100, 100], category="b_below"),
            workers([90, 90], [100, 100], category="c_justified"),
            workers([106, 106], [100, 100], category="d_women_higher"),
        ]
    )
    out = paygap.pay_indicators(
        frame,
        by="category",
        min_cell=1,
        justified={"c_justified": "seniority steps"},
        report_date=date(2027, 6, 7),
    ).filter(pl.col("indicator") == "art10_assessment")
    assert dict(zip(out["category"], out["assessment"], strict=True)) == {
        "a_exactly_five": "joint_assessment",
        "b_below": "below_threshold",
        "c_justified": "justified",
        "d_women_higher": "joint_assessment",
    }
    remedy = dict(zip(out["category"], out["remedy_by"], strict=True))
    assert remedy["a_exactly_five"] == date(2027, 12, 7)
    assert remedy["b_below"] is None


def test_remedy_date_clamps_to_month_end() -> None:
    assert paygap.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert paygap.add_months(date(2027, 6, 7), 6) == date(2027, 12, 7)


def test_category_with_too_few_women_is_reported_as_such_and_complemented() -> None:
    # k = 3: category b has 2 women (primary). Within the women, b is then the only hidden
    # category next to the organisation total, so the smallest other (a, 5 women) is hidden too.
    frame = pl.concat(
        [
            workers([20] * 5, [22] * 5, category="a"),
            workers([20] * 2, [22] * 6, category="b"),
            workers([20] * 9, [21] * 9, category="c"),
        ]
    )
    out = paygap.pay_indicators(frame, by="category", min_cell=3)
    # (nobody receives variable pay: a 0 is sensitive, so (e) is withheld organisation-wide)
    hidden = out.filter((pl.col("status") == "too_few") & (pl.col("category") != TOTAL))
    assert set(hidden["category"]) == {"a", "b"}
    assert hidden["gap_pct"].null_count() == hidden.height
    assert hidden["n_women"].null_count() == hidden.height
    assert row(out, "art10_assessment", "b")["assessment"] == "too_few"
    assert row(out, "g_basic_mean_gap", "c")["status"] == "published"
    assert row(out, "a_mean_gap")["status"] == "published"


def test_variable_gap_withheld_when_too_few_receive_it() -> None:
    frame = workers([10] * 4, [12] * 4, women_variable=[0, 0, 0, 50], men_variable=[60] * 4)
    out = paygap.pay_indicators(frame, min_cell=3)
    assert row(out, "b_variable_mean_gap")["status"] == "too_few"
    assert row(out, "b_variable_mean_gap")["women"] is None
    assert row(out, "a_mean_gap")["status"] == "published"


def test_other_genders_are_counted_but_in_no_statistic() -> None:
    frame = pl.concat(
        [HAND, pl.DataFrame({"gender": ["anders"], "hourly_pay": [1000.0], "variable_pay": [0.0]})]
    )
    out = paygap.pay_indicators(frame, min_cell=1)
    assert row(out, "workers")["n_other"] == 1
    assert row(out, "a_mean_gap")["gap_pct"] == pytest.approx(3 / 17 * 100)


# --- properties ---------------------------------------------------------------------------

cents = st.integers(0, 10_000_00)


@st.composite
def payroll(draw: st.DrawFn) -> pl.DataFrame:
    size = draw(st.integers(8, 40))
    genders = draw(st.lists(st.sampled_from(["vrouw", "man"]), min_size=size, max_size=size))
    pay = draw(st.lists(st.integers(1_000, 1_010), min_size=size, max_size=size))  # many ties
    variable = draw(st.lists(st.sampled_from([0, 0, 500, 1200]), min_size=size, max_size=size))
    category = draw(st.lists(st.sampled_from(["x", "y"]), min_size=size, max_size=size))
    return pl.DataFrame(
        {
            "gender": genders,
            "hourly_pay": [p / 100 for p in pay],
            "variable_pay": [float(v) for v in variable],
            "category": category,
        }
    )


@settings(max_examples=25, deadline=None)
@given(payroll(), st.randoms(use_true_random=False))
def test_indicators_do_not_depend_on_row_order(frame: pl.DataFrame, rnd: object) -> None:
    order = list(range(frame.height))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    before = paygap.pay_indicators(frame, by="category", min_cell=2)
    after = paygap.pay_indicators(frame[order], by="category", min_cell=2)
    numeric = ["women", "men", "gap_pct"]
    assert before.drop(numeric).equals(after.drop(numeric))
    for column in numeric:
        np.testing.assert_allclose(
            before[column].fill_null(np.nan).to_numpy(),
            after[column].fill_null(np.nan).to_numpy(),
            rtol=1e-9,
            atol=1e-9,
        )


@settings(max_examples=25, deadline=None)
@given(payroll(), st.integers(2, 500))
def test_gap_percentages_and_bands_unchanged_when_all_pay_is_scaled(
    frame: pl.DataFrame, factor: int
) -> None:
    scaled = frame.with_columns(pl.col("hourly_pay") * factor, pl.col("variable_pay") * factor)
    before = paygap.pay_indicators(frame, by="category", min_cell=2)
    after = paygap.pay_indicators(scaled, by="category", min_cell=2)
    for column in ("gap_pct",):
        np.testing.assert_allclose(
            before[column].fill_null(np.nan).to_numpy(),
            after[column].fill_null(np.nan).to_numpy(),
            rtol=1e-9,
            atol=1e-9,
        )
    bands = pl.col("indicator").is_in(["f_quartile_band", "e_variable_pay_share"])
    assert before.filter(bands).equals(after.filter(bands))
    assert before["assessment"].equals(after["assessment"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(cents, st.booleans()), min_size=1, max_size=60))
def test_bands_hold_a_quarter_each_and_keep_every_worker(pairs: list[tuple[int, bool]]) -> None:
    pay = np.array([p for p, _ in pairs], dtype=float)
    woman = np.array([w for _, w in pairs], dtype=bool)
    counts = paygap.quartile_bands(pay, woman)
    np.testing.assert_allclose(counts.sum(axis=1), [len(pairs) / 4] * 4)
    np.testing.assert_allclose(counts.sum(axis=0), [woman.sum(), (~woman).sum()])


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 15), st.data())
def test_bands_equal_a_plain_split_when_no_pay_is_tied(quarter: int, data: st.DataObject) -> None:
    size = 4 * quarter
    pay = np.array(data.draw(st.lists(cents, min_size=size, max_size=size, unique=True)), float)
    woman = np.array(data.draw(st.lists(st.booleans(), min_size=size, max_size=size)))
    ranked = woman[np.argsort(pay)]
    expected = [ranked[b * quarter : (b + 1) * quarter].sum() for b in range(4)]
    np.testing.assert_allclose(paygap.quartile_bands(pay, woman)[:, 0], expected)


def test_adjusted_gap_pools_the_within_category_gaps_by_hand() -> None:
    # Category a: 2 women at 10, 2 men at 12 (n 4); category b: 1 woman at 20, 3 men at 20 (n 4).
    # Crude: women (10+10+20)/3 = 13.33, men (12+12+60)/5 = 16.8 -> 20.6%. Within categories:
    # 4·(12 − 10) + 4·(20 − 20) = 8 over 4·12 + 4·20 = 128 -> 6.25%.
    frame = pl.concat(
        [workers([10, 10], [12, 12], category="a"), workers([20], [20, 20, 20], category="b")]
    )
    out = paygap.adjusted_gap(frame, by="category", min_cell=1)
    assert out["gap_pct"][0] == pytest.approx(6.25)
    crude = row(paygap.pay_indicators(frame, min_cell=1), "a_mean_gap")["gap_pct"]
    assert crude == pytest.approx((16.8 - 40 / 3) / 16.8 * 100)


def test_adjusted_gap_without_publishable_categories_is_too_few() -> None:
    out = paygap.adjusted_gap(workers([10], [12], category="a"), by="category", min_cell=3)
    assert (out["status"][0], out["gap_pct"][0]) == ("too_few", None)
