"""Comparisons from counts: invariants that must hold whatever the counts."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import compare_selection
from gelijkekansen.analyse.disclosure import filter_counts

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
    result = compare_selection(counts)
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
            assert row["p_fisher"] is None and row["min_detectable_ir"] is None
            continue
        ref = groups[row["reference_group"]]
        x1, n1, x2, n2 = row["selected"], row["pool"], ref["selected"], ref["pool"]
        assert row["p_fisher"] == stats.fisher_exact_p(x1, n1, x2, n2)
        mdir = stats.min_detectable_impact_ratio(n1, n2, x2 / n2)
        assert row["min_detectable_ir"] == (None if np.isnan(mdir) else mdir)


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
