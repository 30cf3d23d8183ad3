"""Which counts may be published: the minimum cell size applied to comparison tables.

A comparison table adds up in several directions at once (groups to the population total, org
units to the organisation, intersection cells to their margins); each direction is one sibling
set for the complementary suppression in ``gelijkekansen.analyse.suppression``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from gelijkekansen.analyse.comparisons import TOTAL
from gelijkekansen.analyse.suppression import suppress


def filter_counts(
    frame: pl.DataFrame,
    *,
    min_cell: int,
    intersections: Sequence[tuple[str, str]],
    count_columns: list[str],
    complement: bool,
) -> pl.DataFrame:
    """Minimum cell size with complementary suppression over every way counts add up.

    Sets: the groups of each dimension with the population total (``in_<dimension>``), the org
    units with the organisation-wide row, and for each intersection the cells within one group
    of either component dimension together with that group's own row.
    """
    base = ["process", "stage", "window_type", "window_start", "window_end", "population"]
    helpers = []
    sibling_sets: list[list[str]] = [[*base, "dimension", "group"]]
    dimensions = [d for d in frame.get_column("dimension").unique().sort() if d != TOTAL]
    for dimension in dimensions:
        column = f"_in_{dimension}"
        helpers.append(
            pl.when(pl.col("dimension").is_in([dimension, TOTAL])).then(pl.lit("x")).alias(column)
        )
        sibling_sets.append([*base, "org_unit", column])
    for first, second in intersections:
        pair = f"{first}×{second}"
        for side, component in (("margin_a", first), ("margin_b", second)):
            column = f"_{pair}_{side}"
            helpers.append(
                pl.when(pl.col("dimension") == pair)
                .then(pl.col(side))
                .when(pl.col("dimension") == component)
                .then(pl.col("group"))
                .alias(column)
            )
            sibling_sets.append([*base, "org_unit", column])
    work = frame.with_columns(helpers) if helpers else frame
    filtered = suppress(
        work,
        count_columns=count_columns,
        sibling_sets=sibling_sets,
        min_cell=min_cell,
        complement_of=[("pool", "selected")] if complement else [],
    )
    return filtered.drop([c for c in filtered.columns if c.startswith("_")])
