"""Minimum cell size with complementary suppression: the one place where k is applied.

A count below k could single out a person, so it is hidden (primary suppression). Hiding one
number is not enough when its siblings and their total are published: subtraction recovers it.
So within every sibling set (rows whose counts add up to a published or derivable total) a lone
hidden row drags a second row with it (complementary suppression), until no set has exactly one
hidden row. Sets are described by key columns, so the same machinery covers groups within a
dimension, units within the organisation and components within an intersection.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

SUPPRESSED = "suppressed"

_POSITION = "__gelijkekansen_position"
_RANK = "__gelijkekansen_rank"
_SET = "__gelijkekansen_set_"
_CANDIDATE = "__gelijkekansen_candidate"


def suppress(
    frame: pl.DataFrame,
    *,
    count_columns: Sequence[str],
    sibling_sets: Sequence[Sequence[str]],
    min_cell: int,
    complement_of: Sequence[tuple[str, str]] = (),
) -> pl.DataFrame:
    """Return `frame` with a boolean `suppressed` column, rows in their original order.

    Primary: any count below `min_cell` (a published 0 is a count below k too), or any derivable
    difference total − part below `min_cell` for the pairs in `complement_of`. Null counts are
    not published numbers and trigger nothing.

    Complementary: each entry of `sibling_sets` lists key columns; rows sharing those keys (none
    of them null) form a set. A set with exactly one suppressed row also loses its unsuppressed
    row with the smallest first count column, ties broken on the key columns and then the other
    columns, so the result does not depend on row order. Passes repeat until nothing changes.
    Include the published total in its set (as a row sharing the keys): a set of one row cannot
    be protected by siblings it does not have.

    An existing `suppressed` column is kept as a starting point (e.g. cells hidden to stop
    differencing between periods), which also makes the function idempotent.
    """
    _check_arguments(frame, count_columns, sibling_sets, min_cell, complement_of)
    primary = pl.any_horizontal(
        *(pl.col(column) < min_cell for column in count_columns),
        *(pl.col(total) - pl.col(part) < min_cell for total, part in complement_of),
    ).fill_null(False)
    if SUPPRESSED in frame.columns:
        primary = primary | pl.col(SUPPRESSED).cast(pl.Boolean).fill_null(False)
    work = _ranked(frame, count_columns, sibling_sets).with_columns(primary.alias(SUPPRESSED))
    # Each set kind becomes one integer id column once, so the passes group on one column.
    set_ids = [f"{_SET}{i}" for i in range(len(sibling_sets))]
    state = work.select(
        _POSITION,
        _RANK,
        SUPPRESSED,
        *(_set_id(keys).alias(name) for keys, name in zip(sibling_sets, set_ids, strict=True)),
    )
    hidden = state.get_column(SUPPRESSED).sum()
    while True:
        for name in set_ids:
            state = state.with_columns(_candidate_rank(name)).with_columns(
                _complementary(name).alias(SUPPRESSED)
            )
        now_hidden = state.get_column(SUPPRESSED).sum()
        if now_hidden == hidden:
            break
        hidden = now_hidden
    outcome = state.sort(_POSITION).get_column(SUPPRESSED)
    return work.sort(_POSITION).drop(_POSITION, _RANK).with_columns(outcome)


def publishable(frame: pl.DataFrame, *, value_columns: Sequence[str]) -> pl.DataFrame:
    """Null every value column on suppressed rows, so no hidden number leaves; the flag stays.

    A null flag counts as suppressed: when in doubt, publish nothing.
    """
    missing = [c for c in (SUPPRESSED, *value_columns) if c not in frame.columns]
    if missing:
        raise ValueError(f"publishable: missing columns {missing}; run suppress() first.")
    shown = ~pl.col(SUPPRESSED).fill_null(True)
    return frame.with_columns(pl.when(shown).then(pl.col(c)).alias(c) for c in value_columns)


def _check_arguments(
    frame: pl.DataFrame,
    count_columns: Sequence[str],
    sibling_sets: Sequence[Sequence[str]],
    min_cell: int,
    complement_of: Sequence[tuple[str, str]],
) -> None:
    """Refuse calls that would silently protect nothing."""
    if min_cell < 1:
        raise ValueError(f"suppress: min_cell must be at least 1, got {min_cell}.")
    if not count_columns:
        raise ValueError("suppress: count_columns is empty; there is nothing to protect.")
    if any(not keys for keys in sibling_sets):
        raise ValueError("suppress: a sibling set needs at least one key column.")
    named = [*count_columns, *(c for keys in sibling_sets for c in keys)]
    named += [c for pair in complement_of for c in pair]
    missing = sorted({c for c in named if c not in frame.columns})
    if missing:
        raise ValueError(f"suppress: missing columns {missing}.")


def _ranked(
    frame: pl.DataFrame, count_columns: Sequence[str], sibling_sets: Sequence[Sequence[str]]
) -> pl.DataFrame:
    """Add the original position and a total order that decides which sibling goes first.

    The order is: first count column (smallest first), key columns, the other counts, then the
    remaining sortable columns, so rows that differ anywhere get a row-order-free rank.
    """
    keys = [c for keys in sibling_sets for c in keys]
    leading = list(dict.fromkeys([count_columns[0], *keys, *count_columns[1:]]))
    rest = [
        c
        for c, dtype in frame.schema.items()
        if c not in leading and c != SUPPRESSED and not dtype.is_nested() and dtype != pl.Object
    ]
    order = [
        pl.col(c).cast(pl.String) if isinstance(frame.schema[c], pl.Categorical) else pl.col(c)
        for c in [*leading, *rest]
    ]
    return (
        frame.with_row_index(_POSITION)
        .sort(order, nulls_last=True, maintain_order=True)
        .with_row_index(_RANK)
    )


def _set_id(keys: Sequence[str]) -> pl.Expr:
    """A dense id (from 1) per distinct key combination; 0 where a key is null (in no set).

    0 rather than null: polars groups a large null partition far more slowly.
    """
    in_set = pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    return pl.when(in_set).then(pl.struct(keys).rank("dense")).otherwise(0)


def _candidate_rank(set_id: str) -> pl.Expr:
    """The rank of each visible row in a set with exactly one hidden row; null elsewhere.

    Materialised as its own column because a conditional inside ``over`` is slow in polars.
    """
    hidden = pl.col(SUPPRESSED)
    lone = hidden.cast(pl.UInt32).sum().over(set_id) == 1
    candidate = (pl.col(set_id) > 0) & lone & ~hidden
    return pl.when(candidate).then(pl.col(_RANK)).alias(_CANDIDATE)


def _complementary(set_id: str) -> pl.Expr:
    """One pass over one kind of sibling set: a lone hidden row hides its first-ranked sibling."""
    first = pl.col(_CANDIDATE).min().over(set_id)
    return pl.col(SUPPRESSED) | (pl.col(_CANDIDATE) == first).fill_null(False)
