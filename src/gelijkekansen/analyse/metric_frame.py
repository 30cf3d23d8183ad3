"""An independent second opinion from fairlearn on the disaggregated selection rates.

fairlearn's MetricFrame is the reference implementation most auditors know. It works on rows,
so the counts are fed to it as two weighted rows per group (selected, not selected) with the
counts as ``sample_weight``: the same answer as on the raw rows, at the cost of the number of
groups instead of the number of people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
from fairlearn.metrics import MetricFrame, selection_rate


def fairlearn_rates(counts: pl.DataFrame) -> pl.DataFrame:
    """Selection rate per group and its ratio to the highest rate, computed by fairlearn.

    ``counts`` has one row per group with ``group``, ``pool`` and ``selected``; groups with an
    empty pool are left out (fairlearn cannot weigh nothing).
    """
    present = counts.filter(pl.col("pool") > 0)
    groups = present.get_column("group").to_list()
    selected = present.get_column("selected").to_numpy()
    pool = present.get_column("pool").to_numpy()
    outcome = np.tile([1, 0], len(groups))
    frame = MetricFrame(
        metrics=selection_rate,
        y_true=outcome,
        y_pred=outcome,
        sensitive_features=pd.Series(np.repeat(groups, 2), name="group"),
        sample_params={"sample_weight": np.column_stack([selected, pool - selected]).ravel()},
    )
    by_group = frame.by_group
    highest = float(by_group.max())
    return pl.DataFrame(
        {
            "group": [str(g) for g in by_group.index],
            "rate": by_group.to_numpy(dtype=np.float64),
            "ratio_to_highest": by_group.to_numpy(dtype=np.float64) / highest,
        }
    ).with_columns(pl.lit(float(frame.ratio(method="between_groups"))).alias("min_ratio"))
