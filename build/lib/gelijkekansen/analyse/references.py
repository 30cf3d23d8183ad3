"""Representation against reference populations: the level below, the applicants, benchmarks.

A share means little on its own; DOMAIN §3 compares it with the pipeline one level down, with
the applicant pool and with user-supplied benchmarks (students, the labour market). Everything
here is computed from tables that already passed the privacy filter, so a suppressed share
stays unknown rather than being rebuilt from other numbers.
"""

from __future__ import annotations

import itertools

import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.config import Config

TOTAL = "totaal"
COLUMNS = (
    "period_end",
    "population",
    "dimension",
    "group",
    "share",
    "reference",
    "reference_population",
    "reference_share",
    "proportionality_index",
)
APPLICANT_STAGE = "applied>screened"
"""Its pool is everyone who applied (minus those who withdrew at once): the applicant pool."""


def pipeline_pairs(config: Config) -> list[tuple[str, str]]:
    """(population, the population one level below it) along every ladder and layer."""
    pairs = [("leaders", "all_staff")]
    for ladder in (config.ladder.teaching, config.ladder.support):
        pairs += [(f"ladder:{up}", f"ladder:{down}") for down, up in itertools.pairwise(ladder)]
    layers = config.leadership_layers
    pairs += [(f"leaders:{up}", f"leaders:{down}") for down, up in itertools.pairwise(layers)]
    return pairs


def reference_comparison(
    representation: pl.DataFrame, selection: pl.DataFrame, *, config: Config
) -> pl.DataFrame:
    """One row per organisation-wide share and reference it is compared with."""
    shares = representation.filter(
        (pl.col("org_unit") == TOTAL) & (pl.col("dimension") != TOTAL)
    ).select("period_end", "population", "dimension", "group", "share")
    frames = [
        _level_below(shares, config),
        _applicants(shares, selection),
        _benchmarks(shares, config),
    ]
    combined = pl.concat(
        [f.select(COLUMNS[:-1]) for f in frames if f.height], how="vertical_relaxed"
    )
    if combined.is_empty():
        return pl.DataFrame(schema={c: shares.schema.get(c, pl.Utf8) for c in COLUMNS})
    index = stats.proportionality_index(
        combined["share"].fill_null(float("nan")).to_numpy(),
        combined["reference_share"].fill_null(float("nan")).to_numpy(),
    )
    return (
        combined.with_columns(pl.Series("proportionality_index", index).fill_nan(None))
        .select(COLUMNS)
        .sort("period_end", "population", "dimension", "group", "reference")
    )


def _level_below(shares: pl.DataFrame, config: Config) -> pl.DataFrame:
    pairs = pl.DataFrame(
        pipeline_pairs(config),
        schema={"population": pl.Utf8, "reference_population": pl.Utf8},
        orient="row",
    )
    below = shares.rename({"population": "reference_population", "share": "reference_share"})
    return (
        shares.join(pairs, on="population")
        .join(below, on=["period_end", "reference_population", "dimension", "group"], how="left")
        .with_columns(pl.lit("level_below").alias("reference"))
    )


def _applicants(shares: pl.DataFrame, selection: pl.DataFrame) -> pl.DataFrame:
    """Share of each group among the applicants of the four quarters up to the period end."""
    pools = selection.filter(
        (pl.col("process") == "hiring")
        & (pl.col("stage") == APPLICANT_STAGE)
        & (pl.col("window_type") == "rolling4q")
        & (pl.col("population") == "candidates:all")
        & (pl.col("org_unit") == TOTAL)
    )
    totals = pools.filter(pl.col("dimension") == TOTAL).select(
        "window_end", pl.col("pool").alias("_all")
    )
    applicant_shares = (
        pools.filter(pl.col("dimension") != TOTAL)
        .join(totals, on="window_end")
        .select(
            pl.col("window_end").alias("period_end"),
            "dimension",
            "group",
            (pl.col("pool") / pl.col("_all")).alias("reference_share"),
        )
    )
    staff = shares.filter(pl.col("population").is_in(["all_staff", "teachers", "support"]))
    return staff.join(applicant_shares, on=["period_end", "dimension", "group"]).with_columns(
        pl.lit("applicants").alias("reference"),
        pl.lit("candidates:all").alias("reference_population"),
    )


def _benchmarks(shares: pl.DataFrame, config: Config) -> pl.DataFrame:
    benchmarks = pl.DataFrame(
        [(b.population, b.dimension, b.group, b.share, b.source) for b in config.benchmarks],
        schema={
            "population": pl.Utf8,
            "dimension": pl.Utf8,
            "group": pl.Utf8,
            "reference_share": pl.Float64,
            "reference": pl.Utf8,
        },
        orient="row",
    )
    return shares.join(benchmarks, on=["population", "dimension", "group"]).with_columns(
        pl.lit(None, dtype=pl.Utf8).alias("reference_population")
    )
