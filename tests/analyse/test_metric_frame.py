"""The statistics module and fairlearn agree on rates and impact ratios."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.comparisons import compare_selection
from gelijkekansen.analyse.metric_frame import fairlearn_rates
from gelijkekansen.config import AnalysisSettings


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
    # fairlearn's ratio is to the highest rate over every group, whatever its size
    highest = AnalysisSettings(reference="highest", reference_min_pool=1)
    ours = compare_selection(comparison(pools, selected), analysis=highest).sort("group")
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
