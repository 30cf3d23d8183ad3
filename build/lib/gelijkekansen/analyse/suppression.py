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
_SHARED = "__gelijkekansen_shared"
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
    flagged = frame.with_row_index(_POSITION).with_columns(primary.alias(SUPPRESSED))
    if not sibling_sets:
        return flagged.drop(_POSITION)
    state = _set_state(flagged, sibling_sets).join(
        _ranked(flagged, count_columns, sibling_sets), on=_POSITION, how="left"
    )
    hidden = _fixpoint(state).filter(pl.col(SUPPRESSED)).get_column(_POSITION)
    outcome = pl.col(SUPPRESSED) | pl.col(_POSITION).is_in(hidden.implode())
    return flagged.with_columns(outcome).drop(_POSITION)


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
    flagged: pl.DataFrame, count_columns: Sequence[str], sibling_sets: Sequence[Sequence[str]]
) -> pl.DataFrame:
    """Position and rank of every visible row in a total order that decides which sibling goes
    first. Hidden rows stay hidden, so they are never a candidate and need no rank.

    The order is: first count column (smallest first), key columns, the other counts, then the
    remaining sortable columns, so rows that differ anywhere get a row-order-free rank.
    """
    keys = [c for keys in sibling_sets for c in keys]
    leading = list(dict.fromkeys([count_columns[0], *keys, *count_columns[1:]]))
    rest = [
        c
        for c, dtype in flagged.schema.items()
        if c not in {*leading, SUPPRESSED, _POSITION}
        and not dtype.is_nested()
        and dtype != pl.Object
    ]
    order = [
        pl.col(c).cast(pl.String) if isinstance(flagged.schema[c], pl.Categorical) else pl.col(c)
        for c in [*leading, *rest]
    ]
    return (
        flagged.filter(~pl.col(SUPPRESSED))
        .sort(order, nulls_last=True, maintain_order=True)
        .select(_POSITION)
        .with_row_index(_RANK)
    )


def _set_state(flagged: pl.DataFrame, sibling_sets: Sequence[Sequence[str]]) -> pl.DataFrame:
    """Position, flag and one integer id column per kind of set, so the passes group on one
    column; only rows in at least one set that can still change.

    Key columns shared by every kind (a comparison table's window, process and population) are
    grouped once into an id, and each kind groups on that id and its own columns: hashing the
    shared columns again for every kind would cost more than all the rest.
    """
    shared = [k for k in dict.fromkeys(sibling_sets[0]) if all(k in ks for ks in sibling_sets)]
    if shared:
        flagged = flagged.with_columns(pl.col(_POSITION).min().over(shared).alias(_SHARED))
    names = [f"{_SET}{i}" for i in range(len(sibling_sets))]
    ids = [
        _set_id(keys, [_SHARED, *(k for k in keys if k not in shared)] if shared else keys)
        for keys in sibling_sets
    ]
    return flagged.select(
        _POSITION, SUPPRESSED, *(i.alias(n) for i, n in zip(ids, names, strict=True))
    ).filter(pl.any_horizontal(pl.col(name) > 0 for name in names))


def _set_id(keys: Sequence[str], partition: Sequence[str]) -> pl.Expr:
    """An id per set that holds a visible row (its first visible position, plus 1); 0 for a row
    in no set (a null key) or in a set of hidden rows only, which no pass can change (a hidden
    row stays hidden). `partition` groups rows as `keys` would.

    A hash group-by rather than a dense rank, which sorts on every key: the passes only compare
    ids for equality. 0 rather than null: polars groups a large null partition far more slowly.
    """
    in_set = pl.all_horizontal(pl.col(k).is_not_null() for k in keys)
    first_visible = pl.when(~pl.col(SUPPRESSED)).then(pl.col(_POSITION)).min().over(partition)
    return pl.when(in_set).then(first_visible + 1).fill_null(0)


def _fixpoint(state: pl.DataFrame) -> pl.DataFrame:
    """Passes over every kind of set until a full round hides nothing more."""
    names = [c for c in state.columns if c.startswith(_SET)]
    hidden = state.get_column(SUPPRESSED).sum()
    while True:
        for name in names:
            state = state.with_columns(_candidate_rank(name)).with_columns(
                _complementary(name).alias(SUPPRESSED)
            )
        now_hidden = state.get_column(SUPPRESSED).sum()
        if now_hidden == hidden:
            return state
        hidden = now_hidden


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
