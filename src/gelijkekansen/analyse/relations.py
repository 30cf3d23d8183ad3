"""The documented relations between published counts (docs/metrics.md, Privacy filter).

One definition for both sides: the privacy filter protects every relation listed here, and the
auditor rebuilds the same relations from the published files as an attacker would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from gelijkekansen.config import Config

BASE = ["process", "stage", "window_type", "window_start", "window_end", "population"]
CELL = ["org_unit", "dimension", "group"]


def population_parts(config: Config) -> dict[str, tuple[str, ...]]:
    """Populations that are the sum of others (docs/metrics.md, Populations)."""
    teaching, support = config.ladder.teaching, config.ladder.support
    return {
        "all_staff": ("teachers", "support"),
        "teachers": tuple(f"ladder:{level}" for level in teaching),
        "support": tuple(f"ladder:{level}" for level in support),
        "leaders": tuple(f"leaders:{layer}" for layer in config.leadership_layers),
        "candidates:all": ("candidates:internal", "candidates:external"),
    }


def linked_families(
    populations: Mapping[str, Sequence[str]],
) -> list[tuple[str, pl.Expr, list[str], pl.Expr]]:
    """Relations across comparisons: (name, membership tag, keys, which row is the total).

    A population that adds up from others; the calendar years that add up to ``all_years``; two
    windows that cover the same days (the rolling year ending in December is that year).
    """
    families: list[tuple[str, pl.Expr, list[str], pl.Expr]] = [
        (
            f"population:{parent}",
            pl.when(pl.col("population").is_in([parent, *parts])).then(pl.lit("x")),
            ["process", "stage", "window_type", "window_start", "window_end", *CELL],
            pl.col("population") == parent,
        )
        for parent, parts in populations.items()
    ]
    families.append(
        (
            "years",
            pl.when(pl.col("window_type").is_in(["year", "all_years"])).then(pl.lit("x")),
            ["process", "stage", "population", *CELL],
            pl.col("window_type") == "all_years",
        )
    )
    families.append(
        (
            "same_days",
            pl.lit("x"),
            ["process", "stage", "window_start", "window_end", "population", *CELL],
            pl.col("window_type") == "year",
        )
    )
    return families
