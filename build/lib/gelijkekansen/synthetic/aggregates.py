"""The yearly staff survey: disability counts per org unit, known only in aggregate.

Written as the optional ``aggregates`` table so that the engine meets mixed granularity.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from gelijkekansen.contract import CODES

TOTAL = "totaal"


def survey_dates(first: date, last: date) -> list[date]:
    """Every 31 December within the history."""
    return [
        date(year, 12, 31)
        for year in range(first.year, last.year + 1)
        if first <= date(year, 12, 31) <= last
    ]


def disability_counts(
    persons: pl.DataFrame, positions: pl.DataFrame, dates: list[date]
) -> pl.DataFrame:
    """Headcount per unit (and ``totaal``) and disability group on each survey date, zeros kept."""
    disability = persons.select("person_id", "disability")
    groups = pl.DataFrame({"group": list(CODES["disability"])})
    units = positions.select(pl.col("org_unit").unique()).vstack(
        pl.DataFrame({"org_unit": [TOTAL]})
    )
    frames = []
    for day in dates:
        present = positions.filter(
            (pl.col("valid_from") <= day)
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= day))
        ).join(disability, on="person_id")
        counts = (
            present.group_by("org_unit", "disability")
            .len()
            .vstack(
                present.group_by("disability")
                .len()
                .select(pl.lit(TOTAL).alias("org_unit"), "disability", "len")
            )
        )
        full = units.join(groups, how="cross").join(
            counts.rename({"disability": "group"}), on=["org_unit", "group"], how="left"
        )
        frames.append(full.with_columns(pl.lit(day).alias("period_end")))
    schema = {"period_end": pl.Date, "org_unit": pl.String, "group": pl.String, "len": pl.UInt32}
    return (
        (pl.concat(frames) if frames else pl.DataFrame(schema=schema))
        .select(
            "period_end",
            "org_unit",
            pl.lit("all_staff").alias("population"),
            pl.lit("disability").alias("dimension"),
            "group",
            pl.col("len").fill_null(0).cast(pl.Int64).alias("headcount"),
        )
        .sort("period_end", "org_unit", "group")
    )
