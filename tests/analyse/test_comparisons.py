"""Comparisons from counts: invariants that must hold whatever the counts."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import compare_selection
from gelijkekansen.analyse.disclosure import filter_counts
from gelijkekansen.config import AnalysisSettings

HIGHEST = AnalysisSettings(reference="highest", reference_min_pool=1)

KEYS = {
    "process": "promotion",
    "stage": "promotion",
    "window_type": "year",
    "window_start": "2025-01-01",
    "window_end": "2025-12-31",
    "population": "teachers",
}


@st.composite
def comparisons(draw: st.DrawFn) -> pl.DataFrame:
    """One comparison: 2 to 5 named groups with pool and selected counts."""
    names = draw(
        st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=2, max_size=5, unique=True)
    )
    pools = [draw(st.integers(1, 400)) for _ in names]
    selected = [draw(st.integers(0, n)) for n in pools]
    return pl.DataFrame(
        {
            **{k: [v] * len(names) for k, v in KEYS.items()},
            "org_unit": "totaal",
            "dimension": "gender",
            "group": names,
            "pool": pools,
            "selected": selected,
            "suppressed": False,
        }
    )


def by_group(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {row["group"]: row for row in frame.iter_rows(named=True)}


@settings(max_examples=60, deadline=None)
@given(comparisons(), st.randoms())
def test_results_do_not_depend_on_row_order(counts: pl.DataFrame, rng: object) -> None:
    shuffled = counts.sample(fraction=1.0, shuffle=True, seed=rng.randint(0, 10**6))  # type: ignore[attr-defined]
    assert by_group(compare_selection(counts)) == by_group(compare_selection(shuffled))


@settings(max_examples=60, deadline=None)
@given(comparisons())
def test_renaming_groups_renames_the_results_only(counts: pl.DataFrame) -> None:
    renamed = counts.with_columns(("x_" + pl.col("group")).alias("group"))
    original = by_group(compare_selection(counts))
    after = by_group(compare_selection(renamed))
    # ties between equal rates are broken by name, which renaming with a prefix preserves
    for name, row in original.items():
        moved = after["x_" + name]
        reference = row["reference_group"]
        assert moved["reference_group"] == (None if reference is None else "x_" + reference)
        for column in ("rate", "impact_ratio", "p_fisher", "q_value", "verdict"):
            assert moved[column] == row[column], column


@settings(max_examples=60, deadline=None)
@given(comparisons())
def test_rates_intervals_and_the_reference(counts: pl.DataFrame) -> None:
    result = compare_selection(counts, analysis=HIGHEST)
    rate = result["rate"].to_numpy()
    assert np.all((rate >= 0) & (rate <= 1))
    assert np.all(result["rate_ci_low"].to_numpy() <= rate + 1e-12)
    assert np.all(rate <= result["rate_ci_high"].to_numpy() + 1e-12)
    reference = result.filter(pl.col("group") == pl.col("reference_group"))
    if reference.height:
        assert reference["impact_ratio"].to_list() == [1.0]
        assert reference["verdict"].to_list() == ["reference"]
        assert result["impact_ratio"].max() <= 1.0 + 1e-12  # the reference has the top rate


@settings(max_examples=60, deadline=None)
@given(comparisons())
def test_each_compared_row_gets_its_own_test_and_the_reference_none(counts: pl.DataFrame) -> None:
    result = compare_selection(counts)
    groups = by_group(result)
    for row in groups.values():
        if row["reference_group"] is None or row["group"] == row["reference_group"]:
            assert row["p_fisher"] is None and row["power_four_fifths"] is None
            continue
        ref = groups[row["reference_group"]]
        x1, n1, x2, n2 = row["selected"], row["pool"], ref["selected"], ref["pool"]
        assert row["p_fisher"] == stats.fisher_exact_p(x1, n1, x2, n2)
        odds = stats.odds_ratio_for(x2 / n2, stats.FOUR_FIFTHS)
        power = stats.fisher_power(n1, n2, x1 + x2, odds_ratio=odds, level=row["test_level"])
        assert row["power_four_fifths"] == float(power)


@st.composite
def unit_grids(draw: st.DrawFn) -> pl.DataFrame:
    """Units × groups of one dimension, with the 'totaal' unit and the population totals."""
    units = [f"u{i}" for i in range(draw(st.integers(1, 4)))]
    groups = ["vrouw", "man", "anders", "onbekend"][: draw(st.integers(2, 4))]
    pools = {(u, g): draw(st.integers(0, 60)) for u in units for g in groups}
    chosen = {key: draw(st.integers(0, n)) for key, n in pools.items()}
    rows = []
    for unit in [*units, "totaal"]:
        members = units if unit == "totaal" else [unit]
        for group in [*groups, "totaal"]:
            cells = groups if group == "totaal" else [group]
            pool = sum(pools[(u, g)] for u in members for g in cells)
            selected = sum(chosen[(u, g)] for u in members for g in cells)
            rows.append(
                {
                    **KEYS,
                    "org_unit": unit,
                    "dimension": "gender" if group != "totaal" else "totaal",
                    "group": group,
                    "pool": pool,
                    "selected": selected,
                    "margin_a": None,
                    "margin_b": None,
                }
            )
    return pl.DataFrame(rows)


@settings(max_examples=80, deadline=None)
@given(unit_grids(), st.integers(3, 15))
def test_the_publication_filter_leaves_nothing_recoverable(grid: pl.DataFrame, k: int) -> None:
    result = filter_counts(
        grid, min_cell=k, intersections=(), count_columns=["pool", "selected"], complement=True
    )
    shown = result.filter(~pl.col("suppressed"))
    assert (shown["pool"] >= k).all() and (shown["selected"] >= k).all()
    assert ((shown["pool"] - shown["selected"]) >= k).all()
    # every way the counts add up must hide none or at least two cells
    groups_with_total = result.group_by("org_unit").agg(pl.col("suppressed").sum())
    units_per_group = result.group_by("group").agg(pl.col("suppressed").sum())
    for hidden in (groups_with_total["suppressed"], units_per_group["suppressed"]):
        assert (hidden != 1).all()


def one_comparison(
    pools: dict[str, tuple[int, int]], *, process: str = "promotion", unit: str = "totaal"
) -> pl.DataFrame:
    return pl.DataFrame(
        {
            **{k: [v] * len(pools) for k, v in KEYS.items()},
            "process": process,
            "org_unit": unit,
            "dimension": "gender",
            "group": list(pools),
            "pool": [n for n, _ in pools.values()],
            "selected": [x for _, x in pools.values()],
            "suppressed": False,
        }
    )


def references(result: pl.DataFrame) -> dict[str, str | None]:
    return dict(zip(result["group"], result["reference_group"], strict=True))


def test_the_default_reference_is_the_largest_group_not_a_chance_high_small_one() -> None:
    counts = one_comparison({"man": (100, 45), "anders": (20, 9), "vrouw": (150, 60)})
    assert set(references(compare_selection(counts)).values()) == {"vrouw"}
    highest = compare_selection(counts, analysis=AnalysisSettings(reference="highest"))
    # 'anders' has the top rate but a pool below reference_min_pool (30)
    assert set(references(highest).values()) == {"man"}


def test_the_highest_rate_reading_stays_visible_next_to_the_chosen_reference() -> None:
    counts = one_comparison({"man": (100, 50), "vrouw": (150, 30)})
    rows = by_group(compare_selection(counts))
    assert rows["man"]["reference_group"] == "vrouw" and rows["man"]["highest_group"] == "man"
    assert rows["vrouw"]["impact_ratio"] == 1.0
    assert rows["vrouw"]["impact_ratio_vs_highest"] == pytest.approx(0.4)
    assert rows["vrouw"]["below_four_fifths_vs_highest"] is True
    assert rows["vrouw"]["below_four_fifths"] is False


def test_named_and_rest_references_per_dimension() -> None:
    counts = one_comparison({"man": (100, 50), "vrouw": (150, 30), "anders": (40, 10)})
    named = compare_selection(counts, analysis=AnalysisSettings(references={"gender": "anders"}))
    assert set(references(named).values()) == {"anders"}
    rest = by_group(compare_selection(counts, analysis=AnalysisSettings(reference="rest")))
    assert rest["vrouw"]["reference_group"] == "rest"
    assert rest["vrouw"]["impact_ratio"] == pytest.approx((30 / 150) / (60 / 140))


def test_exits_are_compared_as_exits() -> None:
    counts = one_comparison({"man": (400, 20), "vrouw": (400, 40)}, process="exit")
    rows = by_group(
        compare_selection(counts, analysis=AnalysisSettings(references={"gender": "man"}))
    )
    women = rows["vrouw"]
    assert women["rate"] == pytest.approx(0.1)
    assert women["impact_ratio"] == pytest.approx(2.0)  # twice the exit rate: adverse
    assert women["below_four_fifths"] is True  # the men's exit rate is below 4/5 of theirs
    assert women["verdict"] == "clear_large_difference"
    assert women["shortfall"] == 20 and women["shortfall_four_fifths"] == 15


def test_a_small_unit_below_four_fifths_is_a_signal_only_with_enough_people() -> None:
    big = one_comparison({"man": (60, 30), "vrouw": (60, 18)}, unit="INST01")
    small = one_comparison({"man": (15, 8), "vrouw": (12, 3)}, unit="INST02")
    result = compare_selection(
        pl.concat([big, small]), analysis=AnalysisSettings(signal_min_pool=20)
    )
    women = result.filter(pl.col("group") == "vrouw")
    assert dict(zip(women["org_unit"], women["follow_up_signal"], strict=True)) == {
        "INST01": True,
        "INST02": False,
    }


def test_organisation_wide_rows_get_the_mantel_haenszel_ratio_over_units() -> None:
    """Simpson's paradox: women do better in each unit, worse in the collapsed table."""
    unit_a = one_comparison({"man": (400, 320), "vrouw": (100, 90)}, unit="A")
    unit_b = one_comparison({"man": (100, 3), "vrouw": (400, 20)}, unit="B")
    org = one_comparison({"man": (500, 323), "vrouw": (500, 110)})
    result = compare_selection(
        pl.concat([unit_a, unit_b, org]), analysis=AnalysisSettings(references={"gender": "man"})
    )
    (women,) = result.filter(
        (pl.col("org_unit") == "totaal") & (pl.col("group") == "vrouw")
    ).iter_rows(named=True)
    mh = stats.mantel_haenszel_ratio(
        [90, 20], [100, 400], [320, 3], [400, 100], comparison=[0, 0], comparisons=1
    )
    assert women["impact_ratio"] < 0.5 and women["verdict"] == "clear_large_difference"
    assert women["mh_ratio"] == pytest.approx(float(mh.ratio[0]))
    assert women["mh_ratio"] > 1 and women["verdict_stratified"] == "clear_advantage"


def test_hidden_units_enter_the_stratified_ratio_only_as_the_published_remainder() -> None:
    unit_a = one_comparison({"man": (400, 320), "vrouw": (100, 90)}, unit="A")
    unit_b = one_comparison({"man": (100, 3), "vrouw": (400, 20)}, unit="B").with_columns(
        pl.lit(True).alias("suppressed")
    )
    org = one_comparison({"man": (500, 323), "vrouw": (500, 110)})
    result = compare_selection(
        pl.concat([unit_a, unit_b, org]), analysis=AnalysisSettings(references={"gender": "man"})
    )
    (women,) = result.filter(
        (pl.col("org_unit") == "totaal") & (pl.col("group") == "vrouw")
    ).iter_rows(named=True)
    # B is hidden, but the organisation minus A is published arithmetic: the same strata
    assert women["mh_ratio"] == pytest.approx(
        float(
            stats.mantel_haenszel_ratio(
                [90, 20], [100, 400], [320, 3], [400, 100], comparison=[0, 0], comparisons=1
            ).ratio[0]
        )
    )
