"""The MetricFrame handed to analysts agrees with the stats module and with fairlearn on rows."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import compare_selection
from gelijkekansen.analyse.metric_frame import metric_frame


def comparison(pools: list[int], selected: list[int]) -> pl.DataFrame:
    """One comparison as the analyse step hands it over: published counts per group."""
    groups = [f"g{i}" for i in range(len(pools))]
    return pl.DataFrame(
        {
            "process": "hiring",
            "stage": "applied>hired",
            "window_type": "year",
            "window_start": "2025-01-01",
            "window_end": "2025-12-31",
            "population": "candidates:all",
            "org_unit": "totaal",
            "dimension": "origin",
            "group": groups,
            "pool": pools,
            "selected": selected,
            "suppressed": False,
        }
    )


def fairlearn_rates(counts: pl.DataFrame) -> pl.DataFrame:
    """Rate per group, its ratio to the highest and the smallest ratio, as fairlearn reads them."""
    frame = metric_frame(counts)
    by_group = frame.by_group
    rates = by_group.to_numpy(dtype=np.float64)
    return pl.DataFrame(
        {
            "group": [str(g) for g in by_group.index],
            "rate": rates,
            "ratio_to_highest": rates / rates.max(),
        }
    ).with_columns(pl.lit(float(frame.ratio(method="between_groups"))).alias("min_ratio"))


@st.composite
def group_counts(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    pools = draw(st.lists(st.integers(1, 5000), min_size=2, max_size=6))
    selected = [draw(st.integers(0, n)) for n in pools]
    if not any(selected):
        selected[0] = 1
    return pools, selected


@settings(max_examples=40, deadline=None)
@given(group_counts())
def test_fairlearn_on_weighted_counts_equals_the_statistics_module(
    counts: tuple[list[int], list[int]],
) -> None:
    pools, selected = counts
    ours = compare_selection(comparison(pools, selected)).sort("group")
    theirs = fairlearn_rates(ours.select("group", "pool", "selected")).sort("group")
    np.testing.assert_allclose(ours["rate"].to_numpy(), theirs["rate"].to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        ours["impact_ratio"].to_numpy(), theirs["ratio_to_highest"].to_numpy(), rtol=1e-12
    )
    np.testing.assert_allclose(
        ours["impact_ratio"].min(),
        theirs["min_ratio"][0],
        rtol=1e-12,  # type: ignore[arg-type]
    )


def test_fairlearn_on_weighted_counts_equals_fairlearn_on_rows() -> None:
    from fairlearn.metrics import MetricFrame, selection_rate

    pools, selected = [40, 25, 60], [12, 3, 30]
    groups = np.repeat(["a", "b", "c"], pools)
    outcome = np.concatenate(
        [np.r_[np.ones(s), np.zeros(n - s)] for n, s in zip(pools, selected, strict=True)]
    )
    on_rows = MetricFrame(
        metrics=selection_rate, y_true=outcome, y_pred=outcome, sensitive_features=groups
    ).by_group.to_numpy()
    counts = pl.DataFrame({"group": ["a", "b", "c"], "pool": pools, "selected": selected})
    np.testing.assert_allclose(fairlearn_rates(counts)["rate"].to_numpy(), on_rows)
    np.testing.assert_allclose(on_rows, stats.selection_rate(selected, pools))


def test_hidden_and_empty_groups_are_left_out_and_nothing_left_is_refused() -> None:
    counts = pl.DataFrame(
        {"group": ["a", "b", "c"], "pool": [40, None, 0], "selected": [10, None, 0]},
        schema={"group": pl.Utf8, "pool": pl.Int64, "selected": pl.Int64},
    )
    assert list(metric_frame(counts).by_group.index) == ["a"]
    with pytest.raises(ValueError, match="no group"):
        metric_frame(counts.filter(pl.col("group") != "a"))
