"""The interval finder against an independent oracle: scipy's LP, count by count."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from gelijkekansen.analyse.intervals import EQUATIONS, narrow_unknowns

TOTAL = -1


@st.composite
def hidden_cubes(draw: st.DrawFn) -> tuple[dict[tuple[int, ...], int], set[tuple[int, ...]]]:
    """A table of up to three dimensions with every margin, and which of its cells are hidden."""
    shape = draw(st.lists(st.integers(2, 3), min_size=2, max_size=3))
    inner = list(itertools.product(*(range(n) for n in shape)))
    values = {cell: draw(st.integers(0, 12)) for cell in inner}
    table = {}
    for cell in itertools.product(*([*range(n), TOTAL] for n in shape)):
        table[cell] = sum(
            v
            for inner_cell, v in values.items()
            if all(c in (TOTAL, i) for c, i in zip(cell, inner_cell, strict=True))
        )
    cells = sorted(table)
    hidden = {cell for cell in cells if draw(st.booleans())}
    return table, hidden


def equations_of(table: dict[tuple[int, ...], int], hidden: set[tuple[int, ...]]) -> pl.DataFrame:
    """Every margin relation: along each axis, the cells of a line add up to its total."""
    cells = sorted(table)
    row_of = {cell: i for i, cell in enumerate(cells)}
    rows = []
    eq = 0
    for axis in range(len(cells[0])):
        for total in (c for c in cells if c[axis] == TOTAL):
            line = [c for c in cells if c[axis] != TOTAL and _same_but(c, total, axis)]
            for cell, coef in [(total, -1), *((c, 1) for c in line)]:
                value = None if cell in hidden else table[cell]
                rows.append((eq, row_of[cell], "pool", coef, value))
            eq += 1
    return pl.DataFrame(rows, schema=EQUATIONS, orient="row")


def _same_but(cell: tuple[int, ...], other: tuple[int, ...], axis: int) -> bool:
    return all(a == b for i, (a, b) in enumerate(zip(cell, other, strict=True)) if i != axis)


def oracle(
    table: dict[tuple[int, ...], int], hidden: set[tuple[int, ...]], *, k: int, width: float
) -> set[int]:
    """Rows whose hidden count scipy's LP pins narrower than width with a minimum below k."""
    cells = sorted(table)
    unknown = [c for c in cells if c in hidden]
    index = {c: i for i, c in enumerate(unknown)}
    a_rows, b = [], []
    for axis in range(len(cells[0])):
        for total in (c for c in cells if c[axis] == TOTAL):
            members = [(total, -1)] + [
                (c, 1) for c in cells if c[axis] != TOTAL and _same_but(c, total, axis)
            ]
            row = np.zeros(len(unknown))
            rhs = 0.0
            for cell, coef in members:
                if cell in index:
                    row[index[cell]] += coef
                else:
                    rhs -= coef * table[cell]
            a_rows.append(row)
            b.append(rhs)
    narrow = set()
    for cell, i in index.items():
        c = np.zeros(len(unknown))
        c[i] = 1.0
        low = linprog(c, A_eq=np.array(a_rows), b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=np.array(a_rows), b_eq=b, bounds=(0, None), method="highs")
        top = np.inf if high.status == 3 else -high.fun
        if low.fun < k and top - low.fun < width - 1e-7:
            narrow.add(cells.index(cell))
    return narrow


@settings(max_examples=60, deadline=None)
@given(hidden_cubes(), st.integers(1, 10), st.sampled_from([1.0, 3.0, 10.0]))
def test_narrow_counts_are_exactly_those_the_oracle_pins(
    cube: tuple[dict[tuple[int, ...], int], set[tuple[int, ...]]], k: int, width: float
) -> None:
    table, hidden = cube
    equations = equations_of(table, hidden)
    targets = pl.DataFrame({"row": sorted(range(len(table)))}, schema={"row": pl.UInt32})
    narrow, decided, undecided = narrow_unknowns(equations, targets, min_cell=k, width=width)
    assert set(narrow.get_column("row").to_list()) == oracle(table, hidden, k=k, width=width)
    assert decided == len(hidden) and undecided == 0
    for found in narrow.iter_rows(named=True):
        true = table[sorted(table)[found["row"]]]
        assert found["low"] - 1e-7 <= true <= found["high"] + 1e-7


def rows_of(table: dict[tuple[int, ...], int], *cells: tuple[int, ...]) -> pl.DataFrame:
    order = sorted(table)
    return pl.DataFrame({"row": [order.index(c) for c in cells]}, schema={"row": pl.UInt32})


def test_a_lone_hidden_cell_is_pinned_at_its_value() -> None:
    table = {(0, 0): 3, (0, 1): 20, (0, TOTAL): 23}
    targets = rows_of(table, (0, 0))
    narrow, _, _ = narrow_unknowns(equations_of(table, {(0, 0)}), targets, min_cell=10, width=1)
    assert narrow.rows() == [(targets.item(), "pool", 3.0, 3.0)]


def test_out_of_budget_counts_are_undecided_not_passed() -> None:
    table = {(0, 0): 3, (0, 1): 20, (0, TOTAL): 23}
    equations = equations_of(table, {(0, 0), (0, 1)})
    narrow, decided, undecided = narrow_unknowns(
        equations, rows_of(table, (0, 0), (0, 1)), min_cell=10, width=1, budget_seconds=-1.0
    )
    assert narrow.is_empty() and (decided, undecided) == (0, 2)


Table = dict[tuple[int, ...], int]


def random_table(rng: np.random.Generator) -> tuple[Table, set[tuple[int, ...]]]:
    """A 3 × 3 table with its margins, values 0..12, each cell hidden with probability 0.6."""
    values = rng.integers(0, 13, size=(3, 3))
    table = {(i, j): int(values[i, j]) for i in range(3) for j in range(3)}
    table |= {(i, TOTAL): int(values[i].sum()) for i in range(3)}
    table |= {(TOTAL, j): int(values[:, j].sum()) for j in range(3)}
    table[(TOTAL, TOTAL)] = int(values.sum())
    return table, {cell for cell in sorted(table) if rng.random() < 0.6}


def test_threads_find_the_same_pinned_counts_as_one() -> None:
    """Independent tables side by side are independent components: spread over two threads
    they give what one thread and the oracle give, table by table."""
    rng = np.random.default_rng(7)
    parts, expected, offset = [], set(), 0
    for _ in range(12):
        table, hidden = random_table(rng)
        equations = equations_of(table, hidden)
        parts.append(
            equations.with_columns(
                pl.col("eq") + offset * 100, (pl.col("row") + offset).cast(pl.UInt32)
            )
        )
        expected |= {offset + row for row in oracle(table, hidden, k=10, width=3.0)}
        offset += len(table)
    equations = pl.concat(parts)
    targets = pl.DataFrame({"row": range(offset)}, schema={"row": pl.UInt32})
    alone = narrow_unknowns(equations, targets, min_cell=10, width=3.0)
    shared = narrow_unknowns(equations, targets, min_cell=10, width=3.0, workers=2)
    assert set(alone[0].get_column("row").to_list()) == expected
    assert expected  # some tables pin a count, or the comparison says little
    assert shared[0].equals(alone[0]) and shared[1:] == alone[1:]
