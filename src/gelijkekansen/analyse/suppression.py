"""Minimum cell size with secondary suppression: the one place where k is applied.

Primary: a published count in 1..k−1 could single out a person, so it is hidden; whether a 0 and
an "all selected" (pool − selected = 0) are sensitive is policy (``PrivacySettings``). k = 1
hides nothing.

Secondary: hiding one number is not enough when it is part of a relation whose other members
are published (groups add up to their total, units to the organisation): subtraction recovers
it. Every relation is a *set* of rows. In every set that holds a hidden row at least two rows
are hidden, and for each count below k of a primary row the other hidden rows of each of its
sets together hold at least the protection width of that count, so the hidden cell cannot be
pinned down within that set. Which rows to hide is chosen by a mixed-integer programme (scipy's
HiGHS) per connected component of sets, minimising the persons hidden (``cost``). Sets that
are each protected can still pin a count between them, so each solved component is then
checked as the auditor would, by linear programming over its relations, and repaired until
none of its hidden counts is narrower than the width. Sets passed as ``linked_sets``
(relations across windows and populations, which would join everything into one component)
are resolved by iteration: a set with a lone hidden row, or without that room, hides its
cheapest sibling that helps, and its component is solved again. A linked set with a known
total (a population that adds up from others, within one window) then joins the same LP check
over all the components it connects, so a chain through it is repaired too; chains across
windows (years, rolling windows) are not checked exactly (docs/metrics.md, Auditor).
The auditor (``gelijkekansen.analyse.audit``) verifies the result by linear programming.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import numpy as np
import polars as pl
import scipy
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from gelijkekansen.analyse import intervals
from gelijkekansen.analyse.intervals import narrow_unknowns
from gelijkekansen.analyse.threads import largest_first
from gelijkekansen.config import PrivacySettings
from gelijkekansen.contract import TOTAL

SUPPRESSED = "suppressed"
REASON = "suppression_reason"
PRIMARY = "primary"
SECONDARY = "secondary"

_POSITION = "__gelijkekansen_position"
_RANK = "__gelijkekansen_rank"
_COST = "__gelijkekansen_cost"


def primary_rule(
    count_columns: Sequence[str],
    complement_of: Sequence[tuple[str, str]],
    *,
    min_cell: int,
    policy: PrivacySettings,
) -> pl.Expr:
    """True where a published count, or a difference total − part, would be sensitive.

    A count in 1..k−1 always is. A 0 is an *outcome* ("none of 25 promoted", an attribute of
    every member) when the group it is drawn from is known and not empty: the total of its
    ``complement_of`` pair, else the first count column, the group's size. Such a 0 is
    sensitive only if ``policy.zero_is_sensitive``; any other 0 is an empty group, which
    describes nobody, and is sensitive only if ``policy.empty_group_is_sensitive``. A
    difference of 0 (every member of a non-empty group selected) is sensitive only if
    ``policy.all_selected_is_sensitive``. Null counts are not published numbers and trigger
    nothing; k = 1 hides nothing.
    """
    if min_cell <= 1:
        return pl.lit(False)

    def small(value: pl.Expr, *, zero: pl.Expr) -> pl.Expr:
        return ((value >= 1) & (value < min_cell)) | zero

    drawn_from = {part: total for total, part in complement_of}
    size = count_columns[0]

    def zero(column: str) -> pl.Expr:
        group = drawn_from.get(column, size if column != size else None)
        sensitive = (
            pl.when(pl.col(group) > 0)
            .then(pl.lit(policy.zero_is_sensitive))
            .otherwise(pl.lit(policy.empty_group_is_sensitive))
            if group is not None
            else pl.lit(policy.empty_group_is_sensitive)
        )
        return (pl.col(column) == 0) & sensitive

    terms = [small(pl.col(c), zero=zero(c)) for c in count_columns]
    for total, part in complement_of:
        difference = pl.col(total) - pl.col(part)
        everyone = (difference == 0) & (pl.col(total) > 0) & policy.all_selected_is_sensitive
        terms.append(small(difference, zero=everyone))
    return pl.any_horizontal(*terms).fill_null(False)


def suppress(
    frame: pl.DataFrame,
    *,
    count_columns: Sequence[str],
    sibling_sets: Sequence[Sequence[str]],
    min_cell: int,
    complement_of: Sequence[tuple[str, str]] = (),
    linked_sets: Sequence[Sequence[str]] = (),
    totals: Sequence[pl.Expr | None] = (),
    linked_totals: Sequence[pl.Expr | None] = (),
    cost: pl.Expr | None = None,
    policy: PrivacySettings | None = None,
    memo: Memo | None = None,
) -> pl.DataFrame:
    """Return `frame` with `suppressed` and `suppression_reason` columns, rows in order.

    Each entry of `sibling_sets` and `linked_sets` lists key columns; rows sharing those keys
    (none of them null) form a set. Include the published total in its set (as a row sharing
    the keys): a set of one row cannot be protected by siblings it does not have. `cost` is the
    price of hiding a row (default: its first count + 1); ties are broken on a total order of
    the columns, so the result does not depend on row order. `totals` says, for each of
    `sibling_sets` in order (None or missing: not known), which row is the set's total: the
    sets with a total are checked by LP after they are solved. `linked_totals` does the same for
    `linked_sets`: a linked set with a known total joins the LP check of every component it
    connects (chains through it are checked), while its room is still kept by iteration. Give
    totals only to links that stay within one table (populations of one window): links across
    windows would join the release into one programme.

    An existing `suppressed` column is kept as a starting point (cells hidden in an earlier
    release), which also makes the function idempotent. `memo` remembers the answer of every
    independent piece (``Memo``), so a later call solves only the pieces that changed.
    """
    policy = policy or PrivacySettings()
    _check_arguments(frame, count_columns, [*sibling_sets, *linked_sets], min_cell, complement_of)
    total_of = _padded(totals, sibling_sets, "totals")
    linked_total_of = _padded(linked_totals, linked_sets, "linked_totals")
    joined = [i for i, total in enumerate(linked_total_of) if total is not None]
    width = policy.protection_width or 1
    primary = primary_rule(count_columns, complement_of, min_cell=min_cell, policy=policy)
    earlier = (
        frame.get_column(SUPPRESSED).cast(pl.Boolean).fill_null(False)
        if SUPPRESSED in frame.columns
        else pl.Series([False] * frame.height, dtype=pl.Boolean)
    )
    base = frame.drop([c for c in (SUPPRESSED, REASON) if c in frame.columns])
    flagged = base.with_row_index(_POSITION).with_columns(
        primary.alias("__primary"), earlier.alias("__earlier")
    )
    hidden = flagged.get_column("__primary").to_numpy() | flagged.get_column("__earlier").to_numpy()
    if hidden.any() and (sibling_sets or linked_sets):
        counts = [pl.col(c).cast(pl.Float64).fill_null(0.0) for c in count_columns]
        values = flagged.select(counts).to_numpy()  # float64, one column per count
        present = flagged.select(pl.col(c).is_not_null() for c in count_columns).to_numpy()
        price = flagged.select(
            (cost if cost is not None else counts[0] + 1.0).cast(pl.Float64)
        ).to_series().to_numpy()
        local = _memberships(flagged, sibling_sets, total_of)
        linked = _memberships(flagged, linked_sets, linked_total_of)
        joined_sets = _memberships(
            flagged, [linked_sets[i] for i in joined], [linked_total_of[i] for i in joined]
        )
        pieces = _Pieces.of(local.joined_with(linked), hidden)
        ranks = pieces.within(_ranks(flagged, count_columns, [*sibling_sets, *linked_sets]))
        recalled: dict[int, NDArray[np.int64]] = {}
        if memo is not None:
            fingerprint = _Fingerprint(
                repr(
                    (
                        count_columns, sibling_sets, linked_sets, [str(t) for t in total_of],
                        [str(t) for t in linked_total_of], min_cell, complement_of, width,
                        policy.solver_seconds, flagged.schema,
                    )
                ),
                flagged.drop(_POSITION),
                price,
            )
            asked = fingerprint.keys(pieces)
            recalled = memo.recall(asked)
        todo = pieces.rows_of([piece for piece in pieces.rows if piece not in recalled])
        hidden = _protect(
            hidden=hidden & todo,
            primary=flagged.get_column("__primary").to_numpy(),
            values=values,
            present=present,
            cost=price * (1.0 + 1e-3 * ranks),
            local=local.among(todo),
            linked=linked.among(todo),
            joined=joined_sets.among(todo),
            need=_Need(width=width, min_cell=min_cell),
            seconds=policy.solver_seconds,
        )
        for piece, offsets in recalled.items():
            hidden[pieces.rows[piece][offsets]] = True
        if memo is not None:
            memo.learn(pieces, asked, fingerprint.keys(pieces, earlier=hidden), hidden)
    flags = pl.DataFrame(
        {SUPPRESSED: hidden, "__primary": flagged.get_column("__primary")},
        schema={SUPPRESSED: pl.Boolean, "__primary": pl.Boolean},
    ).select(
        SUPPRESSED,
        pl.when(pl.col("__primary"))
        .then(pl.lit(PRIMARY))
        .when(pl.col(SUPPRESSED))
        .then(pl.lit(SECONDARY))
        .alias(REASON),
    )
    return pl.concat([base, flags], how="horizontal")


def _padded(
    totals: Sequence[pl.Expr | None], sets: Sequence[Sequence[str]], name: str
) -> list[pl.Expr | None]:
    """One total (or None: not known) per set."""
    if len(totals) > len(sets):
        raise ValueError(f"suppress: {name} has more entries than there are sets.")
    return [*totals, *[None] * (len(sets) - len(totals))]


def publishable(frame: pl.DataFrame, *, value_columns: Sequence[str]) -> pl.DataFrame:
    """Null every value column on suppressed rows, so no hidden number leaves; the flag stays.

    A null flag counts as suppressed: when in doubt, publish nothing.
    """
    missing = [c for c in (SUPPRESSED, *value_columns) if c not in frame.columns]
    if missing:
        raise ValueError(f"publishable: missing columns {missing}; run suppress() first.")
    shown = ~pl.col(SUPPRESSED).fill_null(True)
    return frame.with_columns(pl.when(shown).then(pl.col(c)).alias(c) for c in value_columns)


SHARE_COLUMNS = ("share", "share_ci_low", "share_ci_high")


def hidden_with_total(
    frame: pl.DataFrame, *, keys: list[str], columns: Sequence[str]
) -> pl.DataFrame:
    """Null ``columns`` (shares) wherever the row's population total is hidden: a share and
    its published count give the total back, and with it every hidden group."""
    totals = frame.filter(pl.col("dimension") == TOTAL).select(
        *keys, pl.col(SUPPRESSED).alias("_total_hidden")
    )
    shown = ~pl.col("_total_hidden").fill_null(True)
    return (
        frame.join(totals, on=keys, how="left", nulls_equal=True)
        .with_columns(pl.when(shown).then(pl.col(c)).alias(c) for c in columns)
        .drop("_total_hidden")
    )


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


def _ranks(
    flagged: pl.DataFrame, count_columns: Sequence[str], sibling_sets: Sequence[Sequence[str]]
) -> NDArray[np.float64]:
    """Each row's rank in a total order of its columns, so ties between equally costly rows
    are broken the same way whatever the row order.

    The order is: first count column (smallest first), key columns, the other counts, then the
    remaining sortable columns.
    """
    keys = [c for keys in sibling_sets for c in keys]
    leading = list(dict.fromkeys([count_columns[0], *keys, *count_columns[1:]]))
    rest = [
        c
        for c, dtype in flagged.schema.items()
        if c not in {*leading, _POSITION, "__primary", "__earlier"}
        and not dtype.is_nested()
        and dtype != pl.Object
    ]
    order = [
        pl.col(c).cast(pl.String) if isinstance(flagged.schema[c], pl.Categorical) else pl.col(c)
        for c in [*leading, *rest]
    ]
    ranked = (
        flagged.select(_POSITION, *order)
        .sort(order, nulls_last=True, maintain_order=True)
        .with_row_index(_RANK)
        .sort(_POSITION)
    )
    return ranked.get_column(_RANK).to_numpy().astype(float)


@dataclass(frozen=True)
class _Members:
    """Set memberships as parallel arrays: set id, row position, whether the row is the set's
    total."""

    sets: NDArray[np.int64]
    rows: NDArray[np.int64]
    total: NDArray[np.bool_]

    def subset(self, keep: NDArray[np.bool_] | NDArray[np.intp]) -> _Members:
        return _Members(self.sets[keep], self.rows[keep], self.total[keep])

    def among(self, rows: NDArray[np.bool_]) -> _Members:
        """The memberships of the rows marked in ``rows`` (one flag per frame row)."""
        return self.subset(rows[self.rows])

    def joined_with(self, other: _Members) -> _Members:
        """Both memberships, ``other``'s sets numbered after this one's."""
        offset = int(self.sets.max()) + 1 if self.sets.size else 0
        return _Members(
            np.r_[self.sets, other.sets + offset],
            np.r_[self.rows, other.rows],
            np.r_[self.total, other.total],
        )

    def lines(self, columns: int, **by_row: NDArray[np.generic]) -> pl.DataFrame:
        """One line per member and count column: set, row, column, total, and each array of
        ``by_row`` at the member's row (one value per row, or one per row and count)."""
        rows = self.rows
        frame = {
            "set": np.tile(self.sets, columns),
            "row": np.tile(rows, columns),
            "column": np.repeat(np.arange(columns), rows.size),
            "total": np.tile(self.total, columns),
        }
        for name, array in by_row.items():
            taken = array[rows]
            frame[name] = taken.T.ravel() if taken.ndim == 2 else np.tile(taken, columns)
        return pl.DataFrame(frame)


def _memberships(
    flagged: pl.DataFrame,
    sibling_sets: Sequence[Sequence[str]],
    totals: Sequence[pl.Expr | None],
) -> _Members:
    """Every set of at least two rows, with dense ids, and which member is its total."""
    parts = []
    for kind, (keys, total) in enumerate(zip(sibling_sets, totals, strict=True)):
        in_set = flagged.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in keys))
        parts.append(
            in_set.select(
                (pl.struct(*keys).rank("dense").cast(pl.Int64) + kind * (1 << 40)).alias("__set"),
                pl.col(_POSITION).cast(pl.Int64),
                (pl.lit(False) if total is None else total.fill_null(False)).alias("__total"),
            )
        )
    if not parts:
        return _Members(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.bool_))
    pairs = pl.concat(parts).filter(pl.len().over("__set") >= 2)
    return _Members(
        pairs.get_column("__set").rank("dense").cast(pl.Int64).to_numpy() - 1,
        pairs.get_column(_POSITION).to_numpy(),
        pairs.get_column("__total").to_numpy(),
    )


@dataclass(frozen=True)
class _Pieces:
    """The independent pieces of a call: rows that no set links to a row outside. Each is
    solved as if alone (ties broken within it), so its answer depends on its own rows only.
    ``rows``: the rows, in frame order, of each piece that holds a hidden row (the others have
    nothing to protect)."""

    label: NDArray[np.int64]
    rows: dict[int, NDArray[np.int64]]

    @classmethod
    def of(cls, members: _Members, hidden: NDArray[np.bool_]) -> _Pieces:
        label = _components(members.sets, members.rows, hidden.size)
        order = np.argsort(label, kind="stable")
        starts = np.searchsorted(label[order], np.arange(label.max() + 2 if hidden.size else 1))
        return cls(
            label,
            {int(p): order[starts[p] : starts[p + 1]] for p in np.unique(label[hidden])},
        )

    def within(self, ranks: NDArray[np.float64]) -> NDArray[np.float64]:
        """Each row's place among its piece's rows in the order of ``ranks``, in [0, 1)."""
        order = np.lexsort((ranks, self.label))
        sorted_label = self.label[order]
        first = np.searchsorted(sorted_label, sorted_label, side="left")
        size = np.searchsorted(sorted_label, sorted_label, side="right") - first
        place = np.empty(ranks.size)
        place[order] = (np.arange(ranks.size) - first) / size
        return place

    def rows_of(self, pieces: Sequence[int]) -> NDArray[np.bool_]:
        flags = np.zeros(self.label.size, dtype=bool)
        for piece in pieces:
            flags[self.rows[piece]] = True
        return flags


@dataclass(frozen=True)
class _Fingerprint:
    """Names a piece by everything its answer depends on: its rows (every column, the primary
    and earlier flags), their prices, the call's settings and the code and libraries that
    solve it."""

    settings: str
    frame: pl.DataFrame
    price: NDArray[np.float64]

    def keys(
        self, pieces: _Pieces, *, earlier: NDArray[np.bool_] | None = None
    ) -> dict[int, str]:
        """One key per piece; ``earlier``: as if these rows had been hidden before."""
        frame = self.frame
        if earlier is not None:
            frame = frame.with_columns(pl.Series("__earlier", earlier, dtype=pl.Boolean))
        rows = frame.hash_rows(seed=0).to_numpy()
        salt = (_solver_digest() + self.settings).encode()
        return {
            piece: hashlib.sha256(
                salt + rows[members].tobytes() + self.price[members].tobytes()
            ).hexdigest()
            for piece, members in pieces.rows.items()
        }


@cache
def _solver_digest() -> str:
    """The code that decides a pattern, and the library versions its answers depend on."""
    digest = hashlib.sha256(
        f"{pl.__version__} {np.__version__} {scipy.__version__}".encode()
    )
    for module in (__file__, intervals.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


@dataclass
class Memo:
    """Answers of earlier calls by piece key (``_Fingerprint``): the same piece gets the same
    answer, so a quarterly release solves only the windows that changed. ``known``: loaded from
    the warehouse; ``kept``: what this run asked or answered, to store for the next. An answer
    is also kept under its own key (the piece with its hidden rows as earlier flags), since the
    ledger starts the next release of an unchanged window from exactly those cells, and
    ``suppress`` leaves a protected pattern as it is."""

    known: Mapping[str, Sequence[int]] = field(default_factory=dict)
    kept: dict[str, list[int]] = field(default_factory=dict)
    recalled: int = 0
    solved: int = 0

    def recall(self, keys: Mapping[int, str]) -> dict[int, NDArray[np.int64]]:
        """The known answers, as row offsets within each piece."""
        found = {
            piece: np.asarray(self.known[key], dtype=np.int64)
            for piece, key in keys.items()
            if key in self.known
        }
        self.recalled += len(found)
        self.solved += len(keys) - len(found)
        return found

    def learn(
        self,
        pieces: _Pieces,
        asked: Mapping[int, str],
        answered: Mapping[int, str],
        hidden: NDArray[np.bool_],
    ) -> None:
        for piece, rows in pieces.rows.items():
            offsets = np.flatnonzero(hidden[rows]).tolist()
            self.kept[asked[piece]] = offsets
            self.kept[answered[piece]] = offsets


@dataclass(frozen=True)
class _Need:
    """What protecting a primary row takes: each of its counts below ``min_cell`` must keep room
    of ``width`` (or all there is) among the other hidden rows of each of its sets."""

    width: int
    min_cell: int


def _protect(
    *,
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    present: NDArray[np.bool_],
    cost: NDArray[np.float64],
    local: _Members,
    linked: _Members,
    joined: _Members,
    need: _Need,
    seconds: float,
) -> NDArray[np.bool_]:
    """Hide rows until every set is protected: MILP per component, checked and repaired by
    linear programming over the component's relations; iteration over links; then the same
    check over the components that the ``joined`` links connect."""
    hidden = hidden.copy()
    n = hidden.size
    label = _components(local.sets, local.rows, n)
    local = local.subset(np.argsort(label[local.rows], kind="stable"))
    bounds = np.searchsorted(label[local.rows], np.arange(label.max() + 2 if n else 1))

    def solve(components: NDArray[np.int64]) -> None:
        for component in components:
            part = local.subset(np.arange(bounds[component], bounds[component + 1]))
            _solve(hidden, primary, values, cost, part, need, seconds)

    def resolve(rows: NDArray[np.int64]) -> None:
        solve(np.unique(label[rows]))

    exact = _exact_relations(values, present, local, cost, label)
    joint = _Joint.of(exact, local, joined, values, present, cost)
    # a component that joined links connect is checked with them, its own relations included
    relations = _by_component(
        exact.filter(pl.Series(joint.label[exact.get_column("row").to_numpy()] < 0))
    )
    dirty = np.unique(label[hidden]) if n else np.zeros(0, np.int64)
    seen = np.zeros_like(hidden)  # the hidden rows as the linked sets were last checked
    checked = np.zeros_like(hidden)  # ... and as the joined components were last checked
    settled_locally = np.zeros(values.shape, dtype=bool)  # counts shown wide (_repair)
    settled_jointly = np.zeros(values.shape, dtype=bool)
    while True:
        opened = _open_components(hidden, primary, values, local, label, dirty, need)
        solve(opened)
        # every touched component is checked, also one whose sets were protected from the
        # start: sets that are each protected can still pin a count between them
        _repair_each(
            hidden,
            primary,
            values,
            [relations[c] for c in dirty if c in relations],
            need,
            settled=settled_locally,
            resolve=resolve,
        )
        # only a linked set with a row hidden since its last check can have become open
        changed = linked.sets[(hidden != seen)[linked.rows]]
        seen = hidden.copy()
        extra = _unprotected_links(
            hidden, primary, values, cost, linked.subset(np.isin(linked.sets, changed)), need
        )
        if extra.size:
            hidden[extra] = True
            dirty = np.unique(label[extra])
            continue
        before = hidden.copy()
        groups = [
            joint.relations[g] for g in np.unique(joint.label[hidden != checked])
            if g in joint.relations
        ]
        _repair_each(
            hidden, primary, values, groups, need, settled=settled_jointly, resolve=resolve
        )
        checked = hidden.copy()
        if (hidden == before).all():
            return hidden
        dirty = np.unique(label[hidden != before])


@dataclass(frozen=True)
class _Joint:
    """The groups of components that joined links connect, and the exact relations of each
    (local sets and joined links together); ``label`` is -1 outside such a group."""

    label: NDArray[np.int64]
    relations: dict[int, pl.DataFrame]

    @classmethod
    def of(
        cls,
        exact: pl.DataFrame,
        local: _Members,
        joined: _Members,
        values: NDArray[np.float64],
        present: NDArray[np.bool_],
        cost: NDArray[np.float64],
    ) -> _Joint:
        """``exact``: the local sets' exact relations (``_exact_relations``), re-labelled here."""
        if joined.sets.size == 0:
            return cls(np.full(values.shape[0], -1, dtype=np.int64), {})
        members = local.joined_with(joined)
        label = _components(members.sets, members.rows, values.shape[0])
        first_joined = int(local.sets.max()) + 1 if local.sets.size else 0
        links = _exact_relations(values, present, joined, cost, label).with_columns(
            pl.col("set") + first_joined
        )
        regrouped = exact.with_columns(
            pl.Series("component", label[exact.get_column("row").to_numpy()])
        )
        relations = pl.concat([regrouped, links])
        linked = links.get_column("component").unique()
        # a group without a joined relation is one local component, checked on its own
        label = np.where(np.isin(label, linked.to_numpy()), label, -1)
        checked = relations.filter(pl.col("component").is_in(linked.implode()))
        return cls(label, _by_component(checked))


def _by_component(relations: pl.DataFrame) -> dict[int, pl.DataFrame]:
    return {
        int(key[0]): part
        for key, part in relations.partition_by("component", as_dict=True).items()
    }


def _components(sets: NDArray[np.int64], rows: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    """Connected component of every row through shared sets (a row in no set is its own)."""
    m = int(sets.max()) + 1 if sets.size else 0
    graph = coo_matrix((np.ones(rows.size), (rows, n + sets)), shape=(n + m, n + m)).tocsr()
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels[:n], dtype=np.int64)


def _open_components(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    members: _Members,
    label: NDArray[np.int64],
    candidates: NDArray[np.int64],
    need: _Need,
) -> NDArray[np.int64]:
    """The components among ``candidates`` with a set that leaves a hidden row open, found in
    one pass over their sets (a pass per component costs more than most of their solves)."""
    inside = members.subset(np.isin(label[members.rows], candidates))
    gaps = _gaps(hidden, primary, values, inside, need)
    open_rows = gaps.filter(pl.col("lone") | pl.col("short")).get_column("row").to_numpy()
    return np.unique(label[open_rows])


def _unprotected_links(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    cost: NDArray[np.float64],
    members: _Members,
    need: _Need,
) -> NDArray[np.int64]:
    """For every linked set that leaves a hidden row unprotected, its cheapest visible row that
    helps: a row holding some of the count that lacks room, else any row beside a lone hidden
    one."""
    if members.sets.size == 0:
        return np.zeros(0, np.int64)
    gaps = _gaps(hidden, primary, values, members, need).with_columns(
        pl.Series("cost", np.tile(cost[members.rows], values.shape[1]))
    )
    # a row that gives the room a set lacks also ends its lone hidden row: one pick, not two
    lacks_room = pl.col("short").any().over("set")
    helpers = gaps.filter(
        ~pl.col("hidden")
        & ((pl.col("lone") & ~lacks_room) | (pl.col("short") & (pl.col("value") > 0)))
    )
    chosen = helpers.sort("cost", "row").group_by("set", "column", maintain_order=True).first()
    return np.unique(chosen.get_column("row").to_numpy())


def _solve(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    cost: NDArray[np.float64],
    members: _Members,
    need: _Need,
    seconds: float,
) -> None:
    """One open component's cheapest protecting pattern, written into `hidden` in place.

    Variables: x (row hidden) and y (set touched). x_r ≤ y_s for r in s; Σ x_r ≥ 2 y_s; and for
    a primary row i in s and each count c with c_i < k, Σ_{j ≠ i} c_j x_j ≥ min(width,
    Σ_{j ≠ i} c_j). If HiGHS finds no pattern in time, the whole component is hidden: never
    publish an unprotected pattern.
    """
    rows = members.rows
    unique_rows, local = np.unique(rows, return_inverse=True)
    set_ids, set_local = np.unique(members.sets, return_inverse=True)
    n, m, k = unique_rows.size, set_ids.size, rows.size
    link = coo_matrix(
        (
            np.r_[np.ones(k), -np.ones(k)],
            (np.r_[np.arange(k), np.arange(k)], np.r_[local, n + set_local]),
        ),
        shape=(k, n + m),
    )
    count = coo_matrix(
        (
            np.r_[np.ones(k), -2.0 * np.ones(m)],
            (np.r_[set_local, np.arange(m)], np.r_[local, n + np.arange(m)]),
        ),
        shape=(m, n + m),
    )
    constraints = [
        LinearConstraint(link, -np.inf, 0.0),
        LinearConstraint(count, 0.0, np.inf),
    ]
    capacity = _capacity(
        primary[rows] & hidden[rows], values[rows], set_local, local, n + m, need
    )
    if capacity is not None:
        constraints.append(capacity)
    lower = np.r_[hidden[unique_rows].astype(float), np.zeros(m)]
    result = milp(
        np.r_[cost[unique_rows], np.zeros(m)],
        integrality=np.ones(n + m),
        bounds=Bounds(lower, np.ones(n + m)),
        constraints=constraints,
        options={"time_limit": seconds, "mip_rel_gap": 0.0},
    )
    if result.x is None:
        hidden[unique_rows] = True
        return
    hidden[unique_rows] |= result.x[:n] > 0.5


def _repair(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    relations: pl.DataFrame,
    need: _Need,
    *,
    settled: NDArray[np.bool_],
    resolve: Callable[[NDArray[np.int64]], None],
) -> None:
    """Hide more of one solved component until its ``relations`` narrow no hidden primary
    count below the protection width (the auditor's test, ``analyse.intervals``).

    The room rule looks at one set at a time, and sets that are each protected can still pin
    a count between them: a zero whose partner in one direction is protected, in the next
    direction, only by zeros. Each round hides, for every count still narrow, the cheapest
    visible member holding some of that count in its sets or in the sets of the hidden members
    beside it (what pins a count is often one step away: the published cells that close a
    cycle of hidden ones), and lets ``resolve`` solve the components of those rows again.
    Hiding more only widens intervals, so a count once shown wide under these relations is
    ``settled`` (rows × counts, kept between calls) and not asked about again.
    """
    while not relations.is_empty():
        narrow = _narrow_counts(hidden, primary, values, relations, need, settled)
        is_hidden = pl.Series(hidden[relations.get_column("row").to_numpy()])
        own = relations.join(narrow, on=["row", "column"]).select("set", "column", "narrow")
        neighbours = relations.filter(is_hidden).join(own, on=["set", "column"])
        further = relations.join(
            neighbours.select("row", "column", "narrow"), on=["row", "column"]
        ).select("set", "column", "narrow")
        beside = pl.concat([own, further]).unique()
        candidates = relations.filter(~is_hidden).join(beside, on=["set", "column"])
        if candidates.is_empty():
            return  # nothing narrow, or nothing left beside it: the auditor names the rest
        # a member holding some of the count gives it room; a zero gives none
        chosen = candidates.sort(pl.col("value") <= 0, "cost", "row").group_by(
            "narrow", maintain_order=True
        ).first()
        rows = chosen.get_column("row").to_numpy()
        hidden[rows] = True
        resolve(rows)


def _repair_each(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    parts: list[pl.DataFrame],
    need: _Need,
    *,
    settled: NDArray[np.bool_],
    resolve: Callable[[NDArray[np.int64]], None],
) -> None:
    """``_repair`` each part's relations, one thread per core, the largest parts first.

    The parts are independent: repairing one reads and hides rows of its own components only
    (``resolve`` solves the components of the rows it hides), so the threads change when the
    answers are found, never which, and the release is the same as in one thread.
    """
    repair = partial(
        _repair, hidden, primary, values, need=need, settled=settled, resolve=resolve
    )
    largest_first(
        repair, parts, size=lambda relations: relations.height, workers=os.cpu_count() or 1
    )


def _exact_relations(
    values: NDArray[np.float64],
    present: NDArray[np.bool_],
    members: _Members,
    cost: NDArray[np.float64],
    label: NDArray[np.int64],
) -> pl.DataFrame:
    """(set, row, column, coef, value, cost, component) for every set with one total that its
    parts add up to in a count column all its members have: the relations an attacker can
    use, with the connected component (``label``) of their rows."""
    frame = members.lines(
        values.shape[1], value=values, present=present, cost=cost, component=label
    ).with_columns(pl.when(pl.col("total")).then(-1).otherwise(1).alias("coef"))
    relation = ["set", "column"]
    exact = (
        ((pl.col("coef") == -1).sum().over(relation) == 1)
        & pl.col("present").all().over(relation)
        & ((pl.col("coef") * pl.col("value")).sum().over(relation).abs() < 0.5)
    )
    return frame.filter(exact).drop("present", "total")


def _narrow_counts(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    relations: pl.DataFrame,
    need: _Need,
    settled: NDArray[np.bool_],
) -> pl.DataFrame:
    """(row, column, narrow) of every hidden primary count not yet ``settled`` that the
    relations pin too closely; the others asked about become settled."""
    rows = relations.get_column("row").to_numpy()
    equations = relations.select(
        (pl.col("set") * values.shape[1] + pl.col("column")).alias("eq"),
        pl.col("row").cast(pl.UInt32),
        pl.col("column").cast(pl.String),
        pl.col("coef").cast(pl.Int32),
        pl.when(pl.Series(~hidden[rows])).then(pl.col("value").cast(pl.Int64)).alias("value"),
    )
    # a count of k + width or more cannot be narrower than the width and reach below k
    columns = relations.get_column("column").to_numpy()
    small = relations.get_column("value").to_numpy() < need.min_cell + need.width
    asked = primary[rows] & hidden[rows] & ~settled[rows, columns] & small
    targets = relations.filter(pl.Series(asked)).select(
        pl.col("row").cast(pl.UInt32), pl.col("column").cast(pl.String)
    )
    narrow, _, _ = narrow_unknowns(
        equations, targets, min_cell=need.min_cell, width=float(need.width)
    )
    found = narrow.select(pl.col("row").cast(pl.Int64), pl.col("column").cast(pl.Int64))
    settled[rows[asked], columns[asked]] = True
    settled[found.get_column("row").to_numpy(), found.get_column("column").to_numpy()] = False
    return found.with_columns(pl.int_range(pl.len()).alias("narrow"))


def _capacity(
    protect: NDArray[np.bool_],
    values: NDArray[np.float64],
    set_local: NDArray[np.int64],
    local: NDArray[np.int64],
    width_columns: int,
    need: _Need,
) -> LinearConstraint | None:
    """Σ_{j ≠ i in s} c_j x_j ≥ min(width, Σ_{j ≠ i in s} c_j) for each primary i in s and each
    count c with c_i < k."""
    columns = values.shape[1]
    # every (set, count) pair as a run of members, a member being one row's count in one set
    group = np.tile(set_local, columns) * columns + np.repeat(np.arange(columns), set_local.size)
    row = np.tile(local, columns)
    value = values.T.ravel()
    anchors = np.flatnonzero(np.tile(protect, columns) & (value < need.min_cell))
    if anchors.size == 0:
        return None
    order = np.argsort(group, kind="stable")
    first = np.searchsorted(group[order], group[anchors], side="left")
    sizes = np.searchsorted(group[order], group[anchors], side="right") - first
    line = np.repeat(np.arange(anchors.size), sizes)
    offsets = np.arange(line.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    partner = order[np.repeat(first, sizes) + offsets]
    keep = row[partner] != row[anchors][line]
    line, partner = line[keep], partner[keep]
    wanted = np.minimum(
        np.bincount(line, weights=value[partner], minlength=anchors.size), need.width
    )
    lines = np.flatnonzero(wanted > 0)
    if lines.size == 0:
        return None
    renumber = np.full(anchors.size, -1)
    renumber[lines] = np.arange(lines.size)
    used = (renumber[line] >= 0) & (value[partner] > 0)
    matrix = coo_matrix(
        (value[partner][used], (renumber[line][used], row[partner][used])),
        shape=(lines.size, width_columns),
    )
    return LinearConstraint(matrix, wanted[lines].astype(float), np.inf)


def _gaps(
    hidden: NDArray[np.bool_],
    primary: NDArray[np.bool_],
    values: NDArray[np.float64],
    members: _Members,
    need: _Need,
) -> pl.DataFrame:
    """One line per set member and count column, saying where the set leaves a hidden row open.

    ``lone``: the set has exactly one hidden row. ``short``: a hidden primary row's count in
    this column is below k, and the set's other hidden rows hold less of that count than
    min(width, what the other rows hold): it could be pinned within the set.
    """
    frame = members.lines(values.shape[1], hidden=hidden, primary=primary & hidden, value=values)
    in_set = ["set", "column"]
    cover = pl.when(pl.col("hidden")).then(pl.col("value")).otherwise(0.0).sum().over(in_set)
    total = pl.col("value").sum().over(in_set)
    open_row = (
        pl.col("primary")
        & (pl.col("value") < need.min_cell)
        & (
            (cover - pl.col("value"))
            < pl.min_horizontal(pl.lit(float(need.width)), total - pl.col("value"))
        )
    )
    return frame.with_columns(
        (pl.col("hidden").sum().over(in_set) == 1).alias("lone"),
        open_row.any().over(in_set).alias("short"),
    )
