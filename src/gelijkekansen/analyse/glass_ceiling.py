"""Glass ceiling index per quarter end, ladder step and group, from the privacy-filtered stocks.

A group's share one level up divided by its share one level down (``stats.glass_ceiling_index``);
the steps come from the configured ladders and leadership layers.
"""

from __future__ import annotations

from itertools import pairwise

import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.projection import IntArray
from gelijkekansen.analyse.suppression import publishable
from gelijkekansen.config import Config
from gelijkekansen.contract import TOTAL


def glass_ceiling(stocks: pl.DataFrame, *, config: Config) -> pl.DataFrame:
    """Glass ceiling index per quarter end, ladder step and group (``stats.glass_ceiling_index``).

    Steps are consecutive levels of each ladder, all staff to leaders, and consecutive
    leadership layers. A row is hidden when the group's count at either level is.
    """
    steps = pl.DataFrame(
        ladder_steps(config), schema=["step", "lower_population", "upper_population"],
        orient="row",
    )
    groups = stocks.filter(pl.col("dimension") != TOTAL)
    level = ["period_end", "population", "dimension", "group", "headcount", "total", "suppressed"]
    measures = ("headcount", "total", "suppressed")
    lower = groups.select(level).rename({c: f"{c}_lower" for c in measures})
    upper = groups.select(level).rename({c: f"{c}_upper" for c in measures})
    frame = (
        steps.join(lower.rename({"population": "lower_population"}), on="lower_population")
        .join(
            upper.rename({"population": "upper_population"}),
            on=["upper_population", "period_end", "dimension", "group"],
        )
    )
    share_lower = stats.selection_rate(_ints(frame, "headcount_lower"), _ints(frame, "total_lower"))
    share_upper = stats.selection_rate(_ints(frame, "headcount_upper"), _ints(frame, "total_upper"))
    frame = frame.with_columns(
        pl.Series("share_lower", share_lower).fill_nan(None),
        pl.Series("share_upper", share_upper).fill_nan(None),
        pl.Series(
            "glass_ceiling_index", stats.glass_ceiling_index(share_lower, share_upper)
        ).fill_nan(None),
        (pl.col("suppressed_lower") | pl.col("suppressed_upper")).alias("suppressed"),
    )
    values = ["share_lower", "share_upper", "glass_ceiling_index"]
    return (
        publishable(frame, value_columns=values)
        .select("period_end", "step", "lower_population", "upper_population", "dimension",
                "group", *values, "suppressed")
        .sort("period_end", "step", "dimension", "group")
    )


def ladder_steps(config: Config) -> list[tuple[str, str, str]]:
    """(step, lower population, upper population) for every step up a ladder or a layer."""
    steps = [
        (f"{a}>{b}", f"ladder:{a}", f"ladder:{b}")
        for ladder in (config.ladder.teaching, config.ladder.support)
        for a, b in pairwise(ladder)
    ]
    steps.append(("all_staff>leaders", "all_staff", "leaders"))
    steps += [
        (f"{a}>{b}", f"leaders:{a}", f"leaders:{b}") for a, b in pairwise(config.leadership_layers)
    ]
    return steps


def _ints(frame: pl.DataFrame, column: str) -> IntArray:
    return frame.get_column(column).cast(pl.Int64).to_numpy()
