"""How far exact linear relations narrow unknown counts: the attacker's arithmetic, by LP.

Given relations Σ coef · value = 0 over published and hidden counts, each hidden count lies in
an interval over all non-negative solutions. The relations fall apart into connected components
(one window, one table), each a small LP solved with HiGHS (``highspy``), warm-started between
objectives. Most counts are shown wide without an LP of their own: every solution found widens
the range seen for every count, and each round pushes all open counts at once, within the width
of a reference solution, up and then down (later rounds with mixed signs, for counts that can
only move against each other). Only counts still narrow after three rounds that prove nothing
get their own minimum and maximum, which decide them exactly. Components can be solved in
several threads at once (HiGHS releases Python's lock while it solves).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

import highspy
import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy.sparse import bmat, coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from gelijkekansen.analyse.threads import largest_first

Vector = NDArray[np.float64]
Indices = NDArray[np.intp]

EQUATIONS = pl.Schema(
    {"eq": pl.Int64, "row": pl.UInt32, "column": pl.String, "coef": pl.Int32, "value": pl.Int64}
)
"""The relations ``narrow_unknowns`` reads: one row per member, value null where hidden."""

_TOLERANCE = 1e-7
_PUSH_ROUNDS = 60
_SAME_SIGN_ROUNDS = 4
_STALLED_ROUNDS = 3  # rounds that prove little before the open counts get their own LPs
# A round (two LPs) that shows fewer counts wide than this proves little: a count's own LPs
# start from the last solution and cost a fraction of a round (at HU a round cost 0.19 s and
# closed 2 to 9 of the last hundred counts, whose own LPs took 3 ms each; 12 halves that
# component's time and leaves the sample's audit as it was)
_WORTH_A_ROUND = 12
_DUAL, _PRIMAL = 1, 4  # HiGHS simplex_strategy values


def narrow_unknowns(
    equations: pl.DataFrame,
    targets: pl.DataFrame,
    *,
    min_cell: int,
    width: float,
    budget_seconds: float | None = None,
    workers: int = 1,
) -> tuple[pl.DataFrame, int, int]:
    """Hidden counts of ``targets`` rows that the relations pin below ``width`` under k.

    ``equations`` holds (eq, row, column, coef, value), value null where hidden; ``targets`` a
    ``row`` column, and a ``column`` column when only some counts of a row are asked about
    (the privacy filter knows which are small). Returns (row, column, low, high) of every
    target count whose feasible interval is narrower than ``width`` while its minimum is below
    ``min_cell``, with the numbers of target counts decided and left undecided (over the
    budget, never passed). ``workers`` > 1 solves the components in that many threads: they
    are independent, so the answer is the same, only sooner on a machine with the cores.
    """
    unknown = equations.filter(pl.col("value").is_null()).select("row", "column").unique()
    variables = unknown.sort("row", "column").with_row_index("var")
    on = [c for c in ("row", "column") if c in targets.columns]
    chosen = variables.join(targets.select(on).unique(), on=on, how="semi")
    empty = pl.DataFrame(
        schema={"row": pl.UInt32, "column": pl.String, "low": pl.Float64, "high": pl.Float64}
    )
    if chosen.is_empty():
        return empty, 0, 0
    incidence, rhs = _system(equations, variables)
    wanted = np.zeros(variables.height, dtype=bool)
    wanted[chosen.get_column("var").to_numpy()] = True
    pieces = [
        _Piece(incidence[rows][:, columns], rhs[rows], columns, np.flatnonzero(wanted[columns]))
        for columns, rows in _components(incidence)
        if wanted[columns].any()
    ]
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    answers = _answers(pieces, min_cell=min_cell, width=width, deadline=deadline, workers=workers)
    found: list[tuple[int, float, float]] = []
    decided = undecided = 0
    for piece, (pinned, done) in zip(pieces, answers, strict=True):
        found += [(int(piece.columns[index]), low, high) for index, low, high in pinned]
        decided += piece.targets.size if done else 0
        undecided += 0 if done else piece.targets.size
    if not found:
        return empty, decided, undecided
    hits = pl.DataFrame(found, schema=["var", "low", "high"], orient="row").with_columns(
        pl.col("var").cast(pl.UInt32)
    )
    narrow = hits.join(variables, on="var").select("row", "column", "low", "high")
    return narrow.sort("row", "column"), decided, undecided


@dataclass(frozen=True)
class _Piece:
    """One connected component: A x = b over its hidden counts, which of them are asked about,
    and where its columns sit among all the hidden counts."""

    a: csr_matrix
    b: Vector
    columns: Indices
    targets: Indices


_Answer = tuple[list[tuple[int, float, float]], bool]


def _answers(
    pieces: list[_Piece], *, min_cell: int, width: float, deadline: float | None, workers: int
) -> list[_Answer]:
    """Each piece's narrow targets and whether it was decided, in the order of ``pieces``."""
    solve = partial(_piece_narrow, min_cell=min_cell, width=width, deadline=deadline)
    # each thread solves with its own HiGHS instance (``_highs``)
    return largest_first(solve, pieces, size=lambda piece: piece.a.nnz, workers=workers)


def _piece_narrow(
    piece: _Piece, *, min_cell: int, width: float, deadline: float | None
) -> _Answer:
    if deadline is not None and time.monotonic() > deadline:
        return [], False
    polytope = _Polytope(_highs(), piece.a, piece.b)
    return _component_narrow(polytope, piece.targets, min_cell=min_cell, width=width), True


def _system(equations: pl.DataFrame, variables: pl.DataFrame) -> tuple[csr_matrix, Vector]:
    """The relations as A x = b over the hidden counts, known counts moved to b."""
    eqs = equations.join(variables, on=["row", "column"], how="left").with_columns(
        (pl.col("eq").rank("dense").cast(pl.Int64) - 1).alias("eq")
    )
    m = int(eqs.get_column("eq").max()) + 1  # type: ignore[arg-type]
    links = eqs.filter(pl.col("var").is_not_null())
    incidence = coo_matrix(
        (
            links.get_column("coef").to_numpy().astype(float),
            (links.get_column("eq").to_numpy(), links.get_column("var").to_numpy()),
        ),
        shape=(m, variables.height),
    ).tocsr()
    rhs = np.zeros(m)
    known = eqs.filter(pl.col("var").is_null())
    np.add.at(
        rhs,
        known.get_column("eq").to_numpy(),
        -(known.get_column("coef") * known.get_column("value")).to_numpy().astype(float),
    )
    return incidence, rhs


_PER_THREAD = threading.local()
_MAKING = threading.Lock()  # stdout is the process's: one thread at a time silences it


def _highs() -> highspy.Highs:
    """This thread's HiGHS instance, without the banner it prints on stdout when it is made
    (each component's model replaces the last one's)."""
    highs: highspy.Highs | None = getattr(_PER_THREAD, "highs", None)
    if highs is not None:
        return highs
    with _MAKING:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 1)
                highs = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")  # keeps the basis between objectives
    highs.setOptionValue("threads", 1)  # parallelism is across components, not within
    _PER_THREAD.highs = highs
    return highs


def _components(incidence: csr_matrix) -> Iterator[tuple[Indices, Indices]]:
    """(columns, rows) of each connected component of the relations."""
    n = incidence.shape[1]
    graph = bmat([[None, incidence.T], [incidence, None]]).tocsr()
    count, labels = connected_components(graph, directed=False)
    column_labels, row_labels = labels[:n], labels[n:]
    by_column = np.argsort(column_labels, kind="stable")
    by_row = np.argsort(row_labels, kind="stable")
    column_edges = np.searchsorted(column_labels[by_column], np.arange(count + 1))
    row_edges = np.searchsorted(row_labels[by_row], np.arange(count + 1))
    for label in range(count):
        columns = by_column[column_edges[label] : column_edges[label + 1]]
        if columns.size:
            yield columns, by_row[row_edges[label] : row_edges[label + 1]]


class _Polytope:
    """{x ≥ 0 : A x = b} in one HiGHS instance; every solution widens the ranges seen."""

    def __init__(self, highs: highspy.Highs, a: csr_matrix, b: Vector) -> None:
        n = a.shape[1]
        self.n = n
        self.everything = np.arange(n, dtype=np.int32)
        self.low_seen = np.full(n, np.inf)
        self.high_seen = np.full(n, -np.inf)
        self.highs = highs
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, a.shape[0]
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, highspy.kHighsInf)
        lp.row_lower_ = lp.row_upper_ = b
        columnwise = a.tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columnwise.indptr
        lp.a_matrix_.index_ = columnwise.indices
        lp.a_matrix_.value_ = columnwise.data
        self.highs.passModel(lp)

    def optimum(
        self,
        cost: Vector,
        *,
        maximise: bool,
        lower: Vector | None = None,
        upper: Vector | None = None,
        primal: bool = False,
    ) -> float | None:
        """The optimum of cost · x (None if infeasible, +inf if unbounded).

        ``primal``: the last solution is feasible under these bounds (they were only relaxed),
        so primal simplex goes on from it; dual simplex suits a cold start and tightened bounds.
        """
        self.highs.setOptionValue("simplex_strategy", _PRIMAL if primal else _DUAL)
        lower = np.zeros(self.n) if lower is None else lower
        upper = np.full(self.n, highspy.kHighsInf) if upper is None else upper
        self.highs.changeColsCost(self.n, self.everything, cost)
        self.highs.changeColsBounds(self.n, self.everything, lower, upper)
        self.highs.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        )
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnbounded:
            return float("inf")
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        x = np.asarray(self.highs.getSolution().col_value)
        np.minimum(self.low_seen, x, out=self.low_seen)
        np.maximum(self.high_seen, x, out=self.high_seen)
        return float(self.highs.getInfo().objective_function_value)

    def still_narrow(self, indices: Indices, width: float) -> Indices:
        narrow: Indices = indices[
            self.high_seen[indices] - self.low_seen[indices] < width - _TOLERANCE
        ]
        return narrow


def _component_narrow(
    polytope: _Polytope, targets: Indices, *, min_cell: int, width: float
) -> list[tuple[int, float, float]]:
    """(index, low, high) of the targets narrower than ``width`` with a low below k."""
    if polytope.optimum(np.zeros(polytope.n), maximise=False) is None:
        return []  # relations the figures contradict prove nothing
    reference = polytope.low_seen.copy()
    open_ = polytope.still_narrow(targets, width)
    signs = np.random.default_rng(0)
    lower, upper = np.zeros(polytope.n), np.full(polytope.n, highspy.kHighsInf)
    stalled = 0
    for push in range(_PUSH_ROUNDS):
        if open_.size == 0 or stalled == _STALLED_ROUNDS:
            break
        before = open_.size
        for direction in (1.0, -1.0):
            # all open counts up (then down) within the width of the reference; later rounds
            # mix the signs, as two counts may only move in opposite directions
            same = push < _SAME_SIGN_ROUNDS
            cost = np.zeros(polytope.n)
            cost[open_] = direction * (1.0 if same else signs.choice([-1.0, 1.0], open_.size))
            # a count seen at 0 can only widen upwards: it is pushed up in both LPs (on the HU
            # release's first chain checks 10% sooner, the same answers)
            cost[open_[polytope.low_seen[open_] <= _TOLERANCE]] = 1.0
            lower[:], upper[:] = 0.0, highspy.kHighsInf
            lower[open_] = np.maximum(reference[open_] - width, 0.0)
            upper[open_] = reference[open_] + width
            polytope.optimum(cost, maximise=True, lower=lower, upper=upper)
            open_ = polytope.still_narrow(open_, width)
        stalled = stalled + 1 if before - open_.size < _WORTH_A_ROUND else 0
    narrow = []
    for index in open_:
        if polytope.still_narrow(np.array([index]), width).size == 0:
            continue  # widened by an earlier count's own LPs
        cost = np.zeros(polytope.n)
        cost[index] = 1.0
        # a count's own minimum and maximum: at HU 60 of them took 2.9 s by dual simplex and
        # 0.14 s by primal, which starts from the last solution
        low = polytope.optimum(cost, maximise=False, primal=True)
        if low is None or low >= min_cell:
            continue
        high = polytope.optimum(cost, maximise=True, primal=True)
        high = float("inf") if high is None else high
        if high - low < width - _TOLERANCE:
            narrow.append((int(index), low, high))
    return narrow
