"""Yearly leadership figures in the shape of the SER Diversiteitsportaal.

Large Dutch NVs and BVs report per layer the number of men and women at year end and their
target with its year (Wet ingroeiquotum en streefcijfers, 2022); a hogeschool can report the
same voluntarily. People registered as neither man nor woman, and those whose gender is
unknown, are counted in columns of their own rather than dropped; kept apart
rather than summed, their usually empty cells hide each other under complementary suppression
instead of taking the count of women with them.
"""

from __future__ import annotations

import polars as pl

from gelijkekansen.analyse.suppression import publishable
from gelijkekansen.config import Config, Target
from gelijkekansen.contract import TOTAL

CATEGORIES = {
    "man": "men",
    "vrouw": "women",
    "anders": "other",
    "onbekend": "unknown",
    TOTAL: "total",
}
"""Gender code (and the population total) to its SER column."""
COUNTS = list(CATEGORIES.values())
COLUMNS = (
    "year",
    "period_end",
    "layer",
    *COUNTS,
    "target_share",
    "target_year",
    "suppressed",
)


EMPTY_SCHEMA = {
    "year": pl.Int32,
    "period_end": pl.Date,
    "layer": pl.Utf8,
    **{c: pl.Int64 for c in COUNTS},
    "target_share": pl.Float64,
    "target_year": pl.Int32,
    "suppressed": pl.Boolean,
}


def ser_summary(stocks: pl.DataFrame, *, config: Config) -> pl.DataFrame:
    """Men, women, other, unknown and total per leadership layer at each year end, with the
    women's target for that layer.

    ``stocks`` are the organisation-wide stocks with the published representation's
    ``suppressed`` flag (``targets.protected_stocks``): this table is a view of those cells,
    hidden where they are hidden, so it adds no relation an attacker could use. Layers are
    ``config.leadership_layers`` plus ``totaal`` for all leaders. A hidden count is null;
    ``suppressed`` marks rows with any.
    """
    populations = {f"leaders:{layer}": layer for layer in config.leadership_layers}
    populations["leaders"] = TOTAL
    year_ends = stocks.filter(
        (pl.col("period_end").dt.month() == 12)
        & pl.col("population").is_in(list(populations))
        & pl.col("dimension").is_in(["gender", TOTAL])
    )
    if year_ends.is_empty():  # no year end in the history yet: nothing to report, same columns
        return pl.DataFrame(schema=EMPTY_SCHEMA)
    cells = year_ends.select(
        "period_end",
        pl.col("population").replace_strict(populations).alias("layer"),
        pl.col("group").replace_strict(CATEGORIES).alias("category"),
        pl.col("headcount").alias("count"),
        "suppressed",
    )
    wide = publishable(cells, value_columns=["count"]).pivot(
        on="category", index=["period_end", "layer"], values=["count", "suppressed"]
    )
    return (
        wide.join(_layer_targets(config), on="layer", how="left")
        .select(
            pl.col("period_end").dt.year().cast(pl.Int32).alias("year"),
            "period_end",
            "layer",
            *(pl.col(f"count_{c}").cast(pl.Int64).alias(c) for c in COUNTS),
            "target_share",
            "target_year",
            pl.any_horizontal(f"suppressed_{c}" for c in COUNTS).alias("suppressed"),
        )
        .sort("period_end", "layer")
        .select(COLUMNS)
    )


def _layer_targets(config: Config) -> pl.DataFrame:
    """The women's target of each layer (``leaders:<layer>``; ``leaders`` for the total row);
    of several, the one with the earliest date, the next the organisation must report on."""
    layer_of = {f"leaders:{layer}": layer for layer in config.leadership_layers}
    layer_of["leaders"] = TOTAL
    chosen: dict[str, Target] = {}
    for target in sorted(config.targets, key=lambda t: (t.target_date, t.target_id)):
        layer = layer_of.get(target.population)
        if (target.dimension, target.group) == ("gender", "vrouw") and layer is not None:
            chosen.setdefault(layer, target)
    return pl.DataFrame(
        [(layer, t.share, t.target_date.year) for layer, t in chosen.items()],
        schema={"layer": pl.Utf8, "target_share": pl.Float64, "target_year": pl.Int32},
        orient="row",
    )
