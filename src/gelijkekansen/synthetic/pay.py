"""Pay of the synthetic hogeschool over its last complete calendar year, with one planted gap.

Hourly basic pay follows the CAO scale with a personal step factor, the same for women and men,
except in one category of workers (``PLANTED_CATEGORY``) where women are placed on lower steps
(``PLANTED_WOMEN_RATIO`` of the men's pay). Variable pay (allowances, in cash or kind) goes to
some workers regardless of gender. The realised gaps, tallied here from the generated rows, are
the ground truth written next to the extraction (``PAY_TRUTH``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl

from gelijkekansen.config import PaySettings
from gelijkekansen.contract import PAY

PAY_TRUTH = "pay_truth.json"
PLANTED_CATEGORY = "HDOC12"
"""Hoofddocent in scale 12: a large category, so the planted gap is well above k and noise."""
PLANTED_WOMEN_RATIO = 0.90
CAO_ANNUAL_HOURS = PaySettings().annual_hours
"""A full-time year in the CAO hbo, the default of ``[pay] annual_hours``."""
STEP_SD = 0.03
"""Spread of personal step factors within a scale (log scale): small, so chance gaps stay < 5%."""


@dataclass(frozen=True)
class PayTruth:
    """What was planted and the mean hourly pay gap it realised in every category."""

    year: int
    planted_category: str
    women_ratio: float
    gaps_pct: dict[str, float]

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "year": self.year,
            "planted_category": self.planted_category,
            "women_ratio": self.women_ratio,
            "realised_mean_gap_pct": {k: round(v, 6) for k, v in sorted(self.gaps_pct.items())},
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def pay_table(
    rng: np.random.Generator, persons: pl.DataFrame, positions: pl.DataFrame, year: int
) -> tuple[pl.DataFrame, PayTruth]:
    """One ``pay`` row per person employed in `year`; the category is the year's last job code."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    days_in_year = (end - start).days + 1
    spells = (
        positions.filter(
            (pl.col("valid_from") <= end)
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= start))
        )
        .join(persons.select("person_id", "gender"), on="person_id")
        .with_columns(
            (
                (
                    pl.min_horizontal(pl.col("valid_to").fill_null(end), pl.lit(end))
                    - pl.max_horizontal(pl.col("valid_from"), pl.lit(start))
                ).dt.total_days()
                + 1
            ).alias("days")
        )
        .with_columns(
            (pl.col("fte") * CAO_ANNUAL_HOURS * pl.col("days") / days_in_year).alias("hours")
        )
        .sort("person_id", "valid_from")
    )
    people = spells.select("person_id").unique().sort("person_id")
    step = pl.DataFrame(
        {
            "person_id": people["person_id"],
            "step": rng.lognormal(0.0, STEP_SD, people.height),
            "variable_draw": rng.random(people.height),
            "variable_share": rng.uniform(0.02, 0.08, people.height),
        }
    )
    planted = (pl.col("job_code") == PLANTED_CATEGORY) & (pl.col("gender") == "vrouw")
    rate = (12.0 + 2.4 * pl.col("cao_scale")) * pl.col("step")
    rows = (
        spells.join(step, on="person_id")
        .with_columns(
            (rate * pl.when(planted).then(PLANTED_WOMEN_RATIO).otherwise(1.0)).alias("rate")
        )
        .group_by("person_id")
        .agg(
            (pl.col("rate") * pl.col("hours")).sum().alias("basic"),
            pl.col("hours").sum(),
            (pl.col("fte") * pl.col("days")).sum().alias("fte_days"),
            pl.col("job_code").last().alias("category"),
            (pl.col("leadership_layer").last() != "geen").alias("leader"),
            pl.col("gender").first(),
            pl.col("variable_draw").first(),
            pl.col("variable_share").first(),
        )
        .with_columns(
            pl.col("basic").round(0).alias("basic_annual_pay"),
            pl.when(pl.col("variable_draw") < pl.when(pl.col("leader")).then(0.5).otherwise(0.15))
            .then((pl.col("basic") * pl.col("variable_share")).round(0))
            .otherwise(0.0)
            .alias("variable_pay"),
            pl.col("hours").round(1).alias("paid_hours"),
            (pl.col("fte_days") / days_in_year).round(1).clip(0.1).alias("fte"),
            pl.lit(year).alias("year"),
        )
        .sort("person_id")
    )
    return rows.select(PAY.column_names), PayTruth(
        year=year,
        planted_category=PLANTED_CATEGORY,
        women_ratio=PLANTED_WOMEN_RATIO,
        gaps_pct=_mean_gaps(rows),
    )


def _mean_gaps(rows: pl.DataFrame) -> dict[str, float]:
    """Mean gap in (basic + variable) pay per paid hour, per category with women and men."""
    hourly = rows.with_columns(
        ((pl.col("basic_annual_pay") + pl.col("variable_pay")) / pl.col("paid_hours")).alias("h")
    )
    means = hourly.group_by("category").agg(
        pl.col("h").filter(pl.col("gender") == g).mean().alias(g) for g in ("vrouw", "man")
    )
    complete = means.drop_nulls()
    gap = (complete["man"] - complete["vrouw"]) / complete["man"] * 100
    return dict(zip(complete["category"].to_list(), gap.to_list(), strict=True))
