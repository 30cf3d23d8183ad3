"""Small categories merged before publication, so a 5-person group does not hide a large one.

A group of a few people is hidden by the primary rule, and its relation then needs a second
hidden cell, often a large group. Publishing ``anders`` and ``onbekend`` (or two adjacent age
bands) as one group instead keeps both visible. Counts add up, so a merged group's counts are
the sums of its members'; the statistics are computed on the merged counts afterwards. Merging
is per dimension (``[privacy.merge]``) and applies to intersections through their components;
only the published release is merged, the restricted view keeps every group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from gelijkekansen.contract import MERGED, TOTAL

_ADDITIVE = ("pool", "selected", "withdrawn", "fte")


def merge_groups(
    counts: pl.DataFrame, merges: Mapping[str, Sequence[Sequence[str]]]
) -> pl.DataFrame:
    """``counts`` with each merge's groups summed into one group (unchanged without merges).

    A sum is null only where every member's count is (a process without that count).
    """
    if not any(merges.values()):
        return counts
    renamed = counts.with_columns(
        _renamed(pl.col("group"), pl.col("dimension"), merges).alias("group"),
        *(
            _renamed(pl.col(margin), _component(side), merges).alias(margin)
            for side, margin in enumerate(("margin_a", "margin_b"))
        ),
    )
    sums = [c for c in _ADDITIVE if c in counts.columns]
    keys = [c for c in counts.columns if c not in (*sums, "suppressed")]
    aggregations = [
        pl.when(pl.col(c).is_null().all()).then(None).otherwise(pl.col(c).sum()).alias(c)
        for c in sums
    ]
    if "suppressed" in counts.columns:
        aggregations.append(pl.col("suppressed").any())
    merged = renamed.group_by(keys, maintain_order=True).agg(aggregations)
    return merged.select(counts.columns).cast(counts.schema)


def _component(side: int) -> pl.Expr:
    """The dimension a margin column belongs to: a side of ``a×b``."""
    return pl.col("dimension").str.split("×").list.get(side, null_on_oob=True)


def _renamed(
    group: pl.Expr, dimension: pl.Expr, merges: Mapping[str, Sequence[Sequence[str]]]
) -> pl.Expr:
    """Each group, or each side of an intersection group, under its merged name."""
    mapping = {
        f"{name}\x00{member}": MERGED.join(members)
        for name, groups in merges.items()
        for members in groups
        for member in members
    }

    def one(value: pl.Expr, of: pl.Expr) -> pl.Expr:
        key = pl.concat_str(of, pl.lit("\x00"), value)
        return key.replace_strict(mapping, default=value)

    sides = group.str.split("×")
    crossed = pl.concat_str(
        one(sides.list.get(0, null_on_oob=True), _component(0)),
        pl.lit("×"),
        one(sides.list.get(1, null_on_oob=True), _component(1)),
    )
    return (
        pl.when(group.is_null() | (group == TOTAL))
        .then(group)
        .when(dimension.str.contains("×", literal=True) & group.str.contains("×", literal=True))
        .then(crossed)
        .otherwise(one(group, dimension))
    )
