"""compare on summarised counts: pooled rows read direction and significance from one estimate."""

from __future__ import annotations

import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.compare import compare_frame


def simpson() -> pl.DataFrame:
    """Women do better in both strata but apply mostly where few are selected."""
    return pl.DataFrame(
        {
            "stratum": ["A", "A", "B", "B"],
            "group": ["vrouw", "man", "vrouw", "man"],
            "pool": [100, 400, 400, 100],
            "selected": [90, 320, 20, 3],
        }
    )


def test_a_pooled_row_takes_direction_and_significance_from_the_mh_estimate() -> None:
    result = compare_frame(simpson(), reference="man", min_cell=1)
    (pooled,) = result.filter(
        (pl.col("stratum") == "pooled") & (pl.col("group") == "vrouw")
    ).iter_rows(named=True)
    crude = float(stats.impact_ratio(110, 500, 323, 500))
    assert pooled["impact_ratio"] == crude < 1  # the collapsed table points the other way
    assert pooled["mh_ratio"] > 1 and pooled["common_odds_ratio"] > 1
    assert pooled["p_cmh"] < 0.05
    assert pooled["verdict"] == "clear_advantage"
    per_stratum = result.filter((pl.col("stratum") != "pooled") & (pl.col("group") == "vrouw"))
    assert (per_stratum["impact_ratio"] > 1).all()


def test_without_strata_there_is_no_pooled_row() -> None:
    counts = simpson().filter(pl.col("stratum") == "A").drop("stratum")
    result = compare_frame(
        counts.with_columns(pl.lit("totaal").alias("stratum")), reference="man", min_cell=1
    )
    assert "pooled" not in result["stratum"].to_list()
