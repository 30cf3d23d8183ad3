"""Published counts handed to analysts as a fairlearn ``MetricFrame``.

fairlearn's MetricFrame is the reference implementation most auditors know, and analysts who
want to explore a comparison further (their own metrics, ``ratio()``, ``difference()``) can start
from it. It works on rows, so the counts are fed to it as two weighted rows per group (selected,
not selected) with the counts as ``sample_weight``: the same answer as on the raw rows, at the
cost of the number of groups instead of the number of people. Only published (privacy-filtered)
counts should go in; hidden groups are left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
from fairlearn.metrics import MetricFrame, selection_rate


def metric_frame(counts: pl.DataFrame) -> MetricFrame:
    """A MetricFrame of the selection rate per group, from one comparison's counts.

    ``counts`` has one row per group with ``group``, ``pool`` and ``selected`` (for example one
    comparison of ``selection_rates.parquet``); groups with an empty or hidden (null) pool are
    left out, because fairlearn cannot weigh nothing.
    """
    present = counts.filter(pl.col("pool").is_not_null() & (pl.col("pool") > 0))
    if present.is_empty():
        raise ValueError("metric_frame: no group with a published, non-empty pool.")
    groups = present.get_column("group").to_list()
    selected = present.get_column("selected").to_numpy()
    pool = present.get_column("pool").to_numpy()
    outcome = np.tile([1, 0], len(groups))
    return MetricFrame(
        metrics=selection_rate,
        y_true=outcome,
        y_pred=outcome,
        sensitive_features=pd.Series(np.repeat(groups, 2), name="group"),
        sample_params={"sample_weight": np.column_stack([selected, pool - selected]).ravel()},
    )
