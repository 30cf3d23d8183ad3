"""Minimum cell size and complementary suppression: known answers and invariants."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from scipy.optimize import linprog

from gelijkekansen.analyse.suppression import Memo, publishable, suppress
from gelijkekansen.config import PrivacySettings

TOTAL = "totaal"


def hidden(frame: pl.DataFrame, *keys: str) -> list[tuple[object, ...]]:
    """The key values of the suppressed rows, in frame order."""
    return frame.filter(pl.col("suppressed")).select(keys).rows()


def test_counts_below_k_are_suppressed_and_an_empty_group_by_policy() -> None:
    frame = pl.DataFrame({"group": ["a", "b", "c", "d", "e"], "n": [0, 9, 10, 25, None]})
    out = suppress(frame, count_columns=["n"], sibling_sets=[], min_cell=10)
    assert out.get_column("suppressed").to_list() == [True, True, False, False, False]
    assert_frame_equal(out.drop("suppressed", "suppression_reason"), frame)
    lenient = PrivacySettings(empty_group_is_sensitive=False)
    out = suppress(frame, count_columns=["n"], sibling_sets=[], min_cell=10, policy=lenient)
    assert out.get_column("suppressed").to_list() == [False, True, False, False, False]


def test_any_count_column_below_k_suppresses_the_row() -> None:
    frame = pl.DataFrame({"pool": [40, 40, 8], "selected": [12, 3, 8]})
    out = suppress(frame, count_columns=["pool", "selected"], sibling_sets=[], min_cell=5)
    assert out.get_column("suppressed").to_list() == [False, True, False]


def test_derivable_complement_below_k_is_suppressed() -> None:
    # Not-selected = pool - selected: 28, 5, 10 and 0; the last two publish nothing new.
    frame = pl.DataFrame({"pool": [40, 40, 20, 15], "selected": [12, 35, 10, 15]})
    out = suppress(
        frame,
        count_columns=["pool", "selected"],
        sibling_sets=[],
        min_cell=10,
        complement_of=[("pool", "selected")],
    )
    assert out.get_column("suppressed").to_list() == [False, True, False, True]


def test_lone_suppressed_sibling_takes_the_smallest_other_with_it() -> None:
    frame = pl.DataFrame(
        {
            "unit": ["A"] * 4,
            "group": ["vrouw", "man", "onbekend", TOTAL],
            "n": [25, 30, 3, 58],
        }
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10)
    # onbekend (3) is below k; 58 - 30 - 25 would reveal it, so vrouw (25) goes too.
    assert hidden(out, "group") == [("vrouw",), ("onbekend",)]
    assert out.height == frame.height


def test_unknown_category_is_published_like_any_other() -> None:
    frame = pl.DataFrame(
        {"unit": ["A"] * 4, "group": ["vrouw", "man", "onbekend", TOTAL], "n": [25, 30, 12, 67]}
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10)
    assert hidden(out, "group") == []
    assert out.get_column("group").to_list() == frame.get_column("group").to_list()


def test_ties_are_broken_on_the_key_columns_whatever_the_row_order() -> None:
    frame = pl.DataFrame({"unit": ["A"] * 4, "group": ["x", "b", "a", TOTAL], "n": [3, 20, 20, 43]})
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1]):
        out = suppress(
            frame[order], count_columns=["n"], sibling_sets=[["unit"], ["group"]], min_cell=10
        )
        assert sorted(hidden(out, "group")) == [("a",), ("x",)]


def test_suppression_cascades_across_sibling_sets_until_fixpoint() -> None:
    #        g1  g2  totaal
    # u1      5  20      25
    # u2     30  40      70
    # totaal 35  60      95
    # (u1,g1) < k; row u1 then hides g2 (20); column g1 hides u2 (30); column g2, now with one
    # hidden cell, hides u2 (40). Every row and column then holds 0 or 2 hidden cells.
    frame = grid_frame({("u1", "g1"): 5, ("u1", "g2"): 20, ("u2", "g1"): 30, ("u2", "g2"): 40})
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"], ["group"]], min_cell=10)
    assert sorted(hidden(out, "unit", "group")) == [
        ("u1", "g1"),
        ("u1", "g2"),
        ("u2", "g1"),
        ("u2", "g2"),
    ]


def test_null_keys_keep_a_row_out_of_that_kind_of_set() -> None:
    # Gender rows have no margin: they are not a set "within one gender", so the lone hidden
    # vrouw row (8) must not pull onbekend (12) with it through the margin_a sets.
    frame = pl.DataFrame(
        {
            "dimension": ["gender"] * 4 + ["gender_x_origin"] * 6,
            "margin_a": [None] * 4 + ["vrouw"] * 3 + ["man"] * 3,
            "group": ["vrouw", "man", "onbekend", TOTAL] + ["nl", "buiten_europa", TOTAL] * 2,
            "n": [8, 50, 12, 70, 30, 4, 34, 40, 10, 50],
        }
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[["margin_a"]], min_cell=10)
    assert hidden(out, "dimension", "margin_a", "group") == [
        ("gender", None, "vrouw"),
        ("gender_x_origin", "vrouw", "nl"),
        ("gender_x_origin", "vrouw", "buiten_europa"),
    ]


def test_an_existing_flag_is_kept_and_protected() -> None:
    # Hidden upstream (say, to stop differencing between periods) although 50 >= k.
    frame = pl.DataFrame(
        {
            "unit": ["A"] * 3,
            "group": ["vrouw", "man", TOTAL],
            "n": [50, 40, 90],
            "suppressed": [True, False, False],
        }
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10)
    assert out.get_column("suppressed").to_list() == [True, True, False]
    assert out.columns == [*frame.columns, "suppression_reason"]


def test_publishable_nulls_every_value_on_suppressed_rows_only() -> None:
    frame = pl.DataFrame(
        {
            "group": ["vrouw", "onbekend", "man"],
            "n": [25, 3, 30],
            "rate": [0.4, 0.33, 0.5],
            "suppressed": [False, True, None],
        }
    )
    out = publishable(frame, value_columns=["n", "rate"])
    expected = pl.DataFrame(
        {
            "group": ["vrouw", "onbekend", "man"],
            "n": [25, None, None],
            "rate": [0.4, None, None],
            "suppressed": [False, True, None],
        }
    )
    assert_frame_equal(out, expected)


def test_publishable_needs_the_flag() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        publishable(pl.DataFrame({"n": [1]}), value_columns=["n"])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"count_columns": ["n"], "sibling_sets": [], "min_cell": 0}, "min_cell"),
        ({"count_columns": [], "sibling_sets": [], "min_cell": 10}, "count_columns"),
        ({"count_columns": ["n"], "sibling_sets": [["nope"]], "min_cell": 10}, "nope"),
        ({"count_columns": ["n"], "sibling_sets": [[]], "min_cell": 10}, "key column"),
        (
            {"count_columns": ["n"], "sibling_sets": [], "totals": [None], "min_cell": 10},
            "totals has more entries",
        ),
        (
            {"count_columns": ["n"], "sibling_sets": [], "linked_totals": [None], "min_cell": 2},
            "linked_totals has more entries",
        ),
    ],
)
def test_impossible_calls_are_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        suppress(pl.DataFrame({"n": [1]}), **arguments)  # type: ignore[arg-type]


# --- invariants -------------------------------------------------------------------------------


def grid_frame(cells: dict[tuple[str, str], int]) -> pl.DataFrame:
    """Units × groups with row totals, column totals and a grand total, all as rows."""
    units = sorted({u for u, _ in cells})
    groups = sorted({g for _, g in cells})
    rows = [(u, g, n) for (u, g), n in cells.items()]
    rows += [(u, TOTAL, sum(cells[u, g] for g in groups)) for u in units]
    rows += [(TOTAL, g, sum(cells[u, g] for u in units)) for g in groups]
    rows.append((TOTAL, TOTAL, sum(cells.values())))
    return pl.DataFrame(rows, schema=["unit", "group", "n"], orient="row")


ANY_SIZE = st.integers(0, 40)
# groups that are empty or tiny beside large ones: what pins counts between protected sets
SPARSE = st.one_of(st.integers(0, 2), st.integers(12, 60))


@st.composite
def funnel_grids(draw: st.DrawFn, *, sizes: st.SearchStrategy[int] = ANY_SIZE) -> pl.DataFrame:
    """A units × groups grid of (pool, selected) with all margins."""
    units = [f"u{i}" for i in range(draw(st.integers(1, 4)))]
    groups = [f"g{j}" for j in range(draw(st.integers(1, 4)))]
    pools = {(u, g): draw(sizes) for u in units for g in groups}
    selected = {cell: draw(st.integers(0, pool)) for cell, pool in pools.items()}
    frame = grid_frame(pools).rename({"n": "pool"})
    return frame.join(
        grid_frame(selected).rename({"n": "selected"}), on=["unit", "group"], how="left"
    )


def assert_no_small_published_count(out: pl.DataFrame, min_cell: int) -> None:
    """Under the default policy (0 and "all selected" sensitive); k = 1 hides nothing."""
    if min_cell == 1:
        assert not out.get_column("suppressed").any()
    for row in out.iter_rows(named=True) if min_cell > 1 else []:
        if not row["suppressed"]:
            published = [row["pool"], row["selected"], row["pool"] - row["selected"]]
            assert all(count >= min_cell for count in published), row


def lone_hidden_sets(
    out: pl.DataFrame, sibling_sets: Sequence[Sequence[str]], *, min_rows: int = 1
) -> list[tuple[object, ...]]:
    """Sets (of at least `min_rows` rows) holding exactly one suppressed row."""
    lone = []
    for keys in sibling_sets:
        sizes: Counter[tuple[object, ...]] = Counter()
        hiddens: Counter[tuple[object, ...]] = Counter()
        for row in out.iter_rows(named=True):
            key = tuple(row[k] for k in keys)
            if None not in key:
                sizes[key] += 1
                hiddens[key] += row["suppressed"]
        lone += [key for key, size in sizes.items() if size >= min_rows and hiddens[key] == 1]
    return lone


GRID_SETS = [["unit"], ["group"]]


def suppress_grid(frame: pl.DataFrame, min_cell: int) -> pl.DataFrame:
    return suppress(
        frame,
        count_columns=["pool", "selected"],
        sibling_sets=GRID_SETS,
        min_cell=min_cell,
        complement_of=[("pool", "selected")],
    )


@settings(max_examples=150, deadline=None)
@given(funnel_grids(), st.integers(1, 15), st.randoms(use_true_random=False))
def test_grid_suppression_invariants(
    frame: pl.DataFrame, min_cell: int, rnd: random.Random
) -> None:
    out = suppress_grid(frame, min_cell)
    # (a) nothing below k is published, derived complements included
    assert_no_small_published_count(out, min_cell)
    # (b) no row or column of the grid, margins included, has exactly one hidden cell
    assert lone_hidden_sets(out, GRID_SETS) == []
    # (c) idempotent
    assert_frame_equal(suppress_grid(out, min_cell), out)
    # (d) row order does not matter
    order = list(range(frame.height))
    rnd.shuffle(order)
    assert_frame_equal(suppress_grid(frame[order], min_cell), out[order])
    # data is never altered, only flagged
    assert_frame_equal(out.drop("suppressed", "suppression_reason"), frame)


@settings(max_examples=80, deadline=None)
@given(funnel_grids(sizes=SPARSE), st.integers(2, 12))
def test_no_small_hidden_count_of_a_grid_can_be_pinned_by_its_margins(
    frame: pl.DataFrame, min_cell: int
) -> None:
    # what the auditor asks of a release, on random grids: every hidden count of a primary
    # row whose interval reaches below k is at least 1 wide under all the grid's relations
    out = suppress(
        frame,
        count_columns=["pool", "selected"],
        sibling_sets=GRID_SETS,
        totals=[pl.col("group") == TOTAL, pl.col("unit") == TOTAL],
        min_cell=min_cell,
        complement_of=[("pool", "selected")],
    )
    primary = set(out.with_row_index("i").filter(pl.col("suppression_reason") == "primary")["i"])
    relations = [("unit", "group", TOTAL), ("group", "unit", TOTAL)]
    for column in ("pool", "selected"):
        for row, (low, high) in _intervals(out, column, relations).items():
            if row in primary and low < min_cell:
                assert high - low >= 1 - 1e-7, (column, out.row(row))


@st.composite
def keyed_tables(draw: st.DrawFn) -> tuple[pl.DataFrame, list[list[str]]]:
    """Random rows over three small key columns (with nulls) and random kinds of sibling set."""
    keys = ["a", "b", "c"]
    value = st.one_of(st.none(), st.sampled_from(["x", "y", "z"]))
    rows = draw(
        st.lists(
            st.tuples(value, value, value, st.integers(0, 30), st.integers(0, 30)),
            min_size=1,
            max_size=25,
        )
    )
    frame = pl.DataFrame(
        rows,
        schema={"a": pl.String, "b": pl.String, "c": pl.String, "n": pl.Int64, "m": pl.Int64},
        orient="row",
    )
    subsets = st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True)
    return frame, draw(st.lists(subsets, max_size=4))


@settings(max_examples=150, deadline=None)
@given(keyed_tables(), st.integers(1, 15), st.randoms(use_true_random=False))
def test_random_sibling_structure_invariants(
    table: tuple[pl.DataFrame, list[list[str]]], min_cell: int, rnd: random.Random
) -> None:
    frame, sibling_sets = table

    def run(data: pl.DataFrame) -> pl.DataFrame:
        return suppress(
            data, count_columns=["n", "m"], sibling_sets=sibling_sets, min_cell=min_cell
        )

    out = run(frame)
    small = (frame.get_column("n") < min_cell) | (frame.get_column("m") < min_cell)
    primary = small & (min_cell > 1)
    flags = out.get_column("suppressed")
    assert (flags | ~primary).all(), "every primary cell is suppressed"
    published = out.filter(~pl.col("suppressed"))
    if min_cell > 1:
        assert (published.get_column("n") >= min_cell).all()
        assert (published.get_column("m") >= min_cell).all()
    # A set of one row has no sibling to hide; every larger set is protected.
    assert lone_hidden_sets(out, sibling_sets, min_rows=2) == []
    assert_frame_equal(run(out), out)
    order = list(range(frame.height))
    rnd.shuffle(order)
    shuffled = run(frame[order])
    # Rows identical in every column are interchangeable, so compare as sorted multisets.
    assert_frame_equal(shuffled.sort(shuffled.columns), out.sort(out.columns))


# --- policy, reasons and protection width -----------------------------------------------------


def test_k_of_one_hides_nothing_not_even_zeros() -> None:
    frame = pl.DataFrame({"group": ["a", "b", TOTAL], "pool": [20, 5, 25], "selected": [0, 5, 5]})
    out = suppress(
        frame,
        count_columns=["pool", "selected"],
        sibling_sets=[],
        min_cell=1,
        complement_of=[("pool", "selected")],
    )
    assert not out.get_column("suppressed").any()
    assert out.get_column("suppression_reason").null_count() == out.height


@pytest.mark.parametrize(
    ("zero", "everyone", "empty", "expected"),
    [
        (True, True, True, [True, True, False, True]),
        (False, True, True, [False, True, False, True]),
        (True, False, True, [True, False, False, True]),
        (False, False, True, [False, False, False, True]),
        (True, True, False, [True, True, False, False]),
    ],
)
def test_zero_all_selected_and_empty_groups_follow_the_policy(
    zero: bool, everyone: bool, empty: bool, expected: list[bool]
) -> None:
    # 0 of 20 selected; 15 of 15 selected; 10 of 30 selected; an empty group (0 of 0).
    frame = pl.DataFrame({"pool": [20, 15, 30, 0], "selected": [0, 15, 10, 0]})
    policy = PrivacySettings(
        zero_is_sensitive=zero, all_selected_is_sensitive=everyone, empty_group_is_sensitive=empty
    )
    out = suppress(
        frame,
        count_columns=["pool", "selected"],
        sibling_sets=[],
        min_cell=10,
        complement_of=[("pool", "selected")],
        policy=policy,
    )
    assert out.get_column("suppressed").to_list() == expected


def test_each_hidden_row_says_why() -> None:
    frame = pl.DataFrame(
        {"unit": ["A"] * 4, "group": ["vrouw", "man", "onbekend", TOTAL], "n": [25, 30, 3, 58]}
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10)
    assert out.get_column("suppression_reason").to_list() == ["secondary", None, "primary", None]


def test_two_small_cells_do_not_protect_each_other_below_the_width() -> None:
    # 3 + 4 = 7: hiding only the two small cells tells an attacker both lie in 0..7.
    frame = pl.DataFrame(
        {"unit": ["A"] * 5, "group": ["a", "b", "c", "d", TOTAL], "n": [3, 4, 40, 50, 97]}
    )
    out = suppress(
        frame,
        count_columns=["n"],
        sibling_sets=[["unit"]],
        min_cell=10,
        policy=PrivacySettings(protection_width=10),
    )
    assert hidden(out, "group") == [("a",), ("b",), ("c",)]
    narrow = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10)
    assert hidden(narrow, "group") == [("a",), ("b",)]


def test_cheaper_cells_are_hidden_first() -> None:
    # The 5 needs a partner; a cost that favours the total over the 40 picks the total.
    frame = pl.DataFrame({"unit": ["A"] * 4, "group": ["a", "b", "c", TOTAL], "n": [5, 40, 50, 95]})
    cost = pl.when(pl.col("group") == TOTAL).then(1.0).otherwise(pl.col("n") + 1.0)
    out = suppress(frame, count_columns=["n"], sibling_sets=[["unit"]], min_cell=10, cost=cost)
    assert hidden(out, "group") == [("a",), (TOTAL,)]


def test_a_lone_hidden_row_in_a_linked_set_pulls_a_sibling() -> None:
    # Years 2019 and 2020 add up to all_years, linked across the per-year sets.
    frame = pl.DataFrame(
        {
            "window": ["2019", "2019", "2019", "2020", "2020", "2020", "all", "all", "all"],
            "group": ["a", "b", TOTAL] * 3,
            "n": [4, 30, 34, 20, 30, 50, 24, 60, 84],
        }
    )
    out = suppress(
        frame, count_columns=["n"], sibling_sets=[["window"]], linked_sets=[["group"]], min_cell=10
    )
    for keys in ("group", "window"):
        for _, part in out.group_by(keys):
            assert part.get_column("suppressed").sum() != 1, keys
    # 2019's a (4) and b; then a's years need a second year: 2020's a (20) and its partner.
    assert hidden(out, "window", "group") == [
        ("2019", "a"),
        ("2019", "b"),
        ("2020", "a"),
        ("2020", "b"),
    ]



def _widths(
    frame: pl.DataFrame, column: str, relations: Sequence[tuple[str, str, str]]
) -> list[float]:
    """An attacker's interval width for every hidden ``column`` count (``_intervals``)."""
    return [high - low for low, high in _intervals(frame, column, relations).values()]


def _intervals(
    frame: pl.DataFrame, column: str, relations: Sequence[tuple[str, str, str]]
) -> dict[int, tuple[float, float]]:
    """An attacker's interval for every hidden ``column`` count, by row (scipy's linprog, an
    oracle independent of the suppression code): each relation (key, part column, total
    value) says that the rows sharing ``key`` add up to the row whose ``part`` is the total."""
    rows = frame.with_row_index("i").to_dicts()
    unknown = [r["i"] for r in rows if r["suppressed"]]
    position = {row: j for j, row in enumerate(unknown)}
    equations, sums = [], []
    for key, part, total in relations:
        for _, members in frame.with_row_index("i").group_by(key):
            line, rest = [0.0] * len(unknown), 0.0
            for r in members.to_dicts():
                sign = -1.0 if r[part] == total else 1.0
                if r["i"] in position:
                    line[position[r["i"]]] += sign
                else:
                    rest -= sign * r[column]
            if any(line):
                equations.append(line)
                sums.append(rest)
    system = {"A_eq": equations or None, "b_eq": sums or None, "bounds": (0, None)}
    intervals = {}
    for j, row in enumerate(unknown):
        goal = [0.0] * len(unknown)
        goal[j] = 1.0
        low = linprog(goal, **system).fun
        highest = linprog([-g for g in goal], **system)
        intervals[row] = (low, float("inf") if highest.status == 3 else -highest.fun)
    return intervals


def test_every_count_of_a_hidden_row_keeps_room_not_only_the_first() -> None:
    # a and b protect each other's pools (3 and 4), but neither was selected: with the total
    # and c published, a.selected + b.selected = 10 − 10 = 0 would pin both zeros.
    frame = pl.DataFrame(
        {
            "unit": ["A"] * 4,
            "group": ["a", "b", "c", TOTAL],
            "pool": [3, 4, 93, 100],
            "selected": [0, 0, 10, 10],
        }
    )
    out = suppress(
        frame, count_columns=["pool", "selected"], sibling_sets=[["unit"]], min_cell=10
    )
    assert hidden(out, "group")[:2] == [("a",), ("b",)]
    for column in ("pool", "selected"):
        assert min(_widths(out, column, [("unit", "group", TOTAL)])) >= 1, column


def test_a_linked_set_whose_hidden_rows_hold_nothing_pulls_a_row_that_holds_some() -> None:
    # Three years add up to all years (a linked set). Two empty years are hidden, but with
    # 2021 and the total published they add up to 20 − 20 = 0: both zeros would be pinned.
    frame = pl.DataFrame(
        {"group": ["a"] * 4, "window": ["2019", "2020", "2021", "all"], "n": [0, 0, 20, 20]}
    )
    out = suppress(frame, count_columns=["n"], sibling_sets=[], linked_sets=[["group"]], min_cell=3)
    assert hidden(out, "window")[:2] == [("2019",), ("2020",)]
    assert min(_widths(out, "n", [("group", "window", "all")])) >= 1


def test_sets_that_are_each_protected_still_pin_no_zero_between_them() -> None:
    # gender × origin with all margins (the sample's staff in 2024). Each row and column of
    # hidden cells has room on its own, but anders and onbekend fill the be and nl columns
    # beside published men and women: those two columns and the two gender totals add up to
    # 0 left for the four zeros. Hiding a published cell one step away closes a free cycle.
    counts = {
        "anders": (1, 0, 2, 0),
        "man": (21, 18, 184, 12),
        "onbekend": (1, 0, 2, 0),
        "vrouw": (28, 23, 197, 11),
    }
    origins = ("be", "eu", "nl", "onb")
    frame = grid_frame(
        {(g, o): n for g, row in counts.items() for o, n in zip(origins, row, strict=True)}
    )
    out = suppress(
        frame,
        count_columns=["n"],
        sibling_sets=GRID_SETS,
        totals=[pl.col("group") == TOTAL, pl.col("unit") == TOTAL],
        min_cell=10,
    )
    assert min(_widths(out, "n", [("unit", "group", TOTAL), ("group", "unit", TOTAL)])) >= 1


def test_a_population_sum_with_its_total_pins_no_layer_through_the_other() -> None:
    # The sample's leaders in 2024 (empty groups not sensitive). Directeur vrouw (6) is hidden
    # with teamleider vrouw beside it in the leaders sum, and each layer has room of its own;
    # but the empty groups hidden to give that room add up to 0 in the leaders row, so
    # teamleider vrouw = 29 − 18 − 0 = 11 and directeur vrouw = 17 − 11 = 6. With its total
    # the leaders sum joins the check of the layers, which then hides enough to leave it open.
    counts = {"p": (35, 17, 0, 0), "a": (18, 11, 0, 0), "b": (17, 6, 0, 0), "c": (0, 0, 0, 0)}
    groups = ("man", "vrouw", "anders", "onbekend")
    rows = [(pop, g, n) for pop, ns in counts.items() for g, n in zip(groups, ns, strict=True)]
    rows += [(pop, TOTAL, sum(ns)) for pop, ns in counts.items()]
    frame = pl.DataFrame(rows, schema=["population", "group", "n"], orient="row")
    policy = PrivacySettings(empty_group_is_sensitive=False)
    widths = {}
    for checked in (False, True):
        out = suppress_population_sum(frame, min_cell=10, policy=policy, checked=checked)
        directeur_vrouw = out.with_row_index("i").filter(
            (pl.col("population") == "b") & (pl.col("group") == "vrouw")
        )["i"][0]
        low, high = _intervals(out, "n", POPULATION_SUM_RELATIONS)[directeur_vrouw]
        widths[checked] = high - low
    assert widths == {False: 0.0, True: pytest.approx(17.0)}


POPULATION_SUM_RELATIONS = [("population", "group", TOTAL), ("group", "population", "p")]


def suppress_population_sum(
    frame: pl.DataFrame, *, min_cell: int, policy: PrivacySettings, checked: bool = True
) -> pl.DataFrame:
    """Groups per population with its total; a linked set per group across the populations
    and their sum ``p``, whose total is known (``checked``) or not."""
    return suppress(
        frame,
        count_columns=["n"],
        sibling_sets=[["population"]],
        totals=[pl.col("group") == TOTAL],
        linked_sets=[["group"]],
        linked_totals=[pl.col("population") == "p"] if checked else [],
        min_cell=min_cell,
        policy=policy,
    )


@st.composite
def population_sums(draw: st.DrawFn) -> pl.DataFrame:
    """Populations and their sum ``p`` (leaders = its layers), each split into groups with its
    total: sibling sets per population, a linked set per group."""
    groups = [f"g{j}" for j in range(draw(st.integers(2, 4)))]
    layers = ["a", "b", "c"][: draw(st.integers(2, 3))]
    # a group empty in every layer (nobody of gender anders) is what chains pass through
    empty = draw(st.sets(st.sampled_from(groups), max_size=len(groups) - 1))
    parts = {
        (layer, group): 0 if group in empty else draw(SPARSE)
        for layer in layers
        for group in groups
    }
    rows = [(layer, group, n) for (layer, group), n in parts.items()]
    rows += [("p", group, sum(parts[layer, group] for layer in layers)) for group in groups]
    frame = pl.DataFrame(rows, schema=["population", "group", "n"], orient="row")
    totals = frame.group_by("population").agg(pl.col("n").sum()).with_columns(
        pl.lit(TOTAL).alias("group")
    )
    return pl.concat([frame, totals.select(frame.columns)]).sort("population", "group")


@settings(max_examples=200, deadline=None)
@given(population_sums(), st.integers(2, 12), st.booleans())
def test_no_small_hidden_count_can_be_pinned_through_a_population_sum(
    frame: pl.DataFrame, min_cell: int, empty_is_sensitive: bool
) -> None:
    # the chain the auditor found on the sample: leaders' empty groups are pinned at 0, so a
    # layer's groups follow, and with them the other layer's; a linked set with its total
    # joins the LP check of both populations
    policy = PrivacySettings(empty_group_is_sensitive=empty_is_sensitive)
    out = suppress_population_sum(frame, min_cell=min_cell, policy=policy)
    primary = set(out.with_row_index("i").filter(pl.col("suppression_reason") == "primary")["i"])
    for row, (low, high) in _intervals(out, "n", POPULATION_SUM_RELATIONS).items():
        if row in primary and low < min_cell:
            assert high - low >= 1 - 1e-7, out.row(row)


# --- independent pieces and the memo ----------------------------------------------------------


def suppress_windows(
    frame: pl.DataFrame, *, min_cell: int, memo: Memo | None = None
) -> pl.DataFrame:
    """Population sums per window: no set reaches across windows, so each is a piece."""
    return suppress(
        frame,
        count_columns=["n"],
        sibling_sets=[["window", "population"]],
        totals=[pl.col("group") == TOTAL],
        linked_sets=[["window", "group"]],
        linked_totals=[pl.col("population") == "p"],
        min_cell=min_cell,
        memo=memo,
    )


def windows(*sums: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(
        frame.select(pl.lit(f"w{i}").alias("window"), pl.all()) for i, frame in enumerate(sums)
    )


@settings(max_examples=60, deadline=None)
@given(population_sums(), population_sums(), st.integers(2, 12))
def test_each_window_is_solved_as_if_alone(
    first: pl.DataFrame, second: pl.DataFrame, min_cell: int
) -> None:
    # what a window's answer may depend on: its own rows, not how many others share the call
    together = suppress_windows(windows(first, second), min_cell=min_cell)
    alone = suppress_windows(windows(first), min_cell=min_cell)
    assert_frame_equal(together.head(first.height), alone)


@settings(max_examples=60, deadline=None)
@given(population_sums(), population_sums(), population_sums(), st.integers(2, 12))
def test_the_memo_recalls_unchanged_windows_with_the_answer_solving_gives(
    first: pl.DataFrame, second: pl.DataFrame, corrected: pl.DataFrame, min_cell: int
) -> None:
    learned = Memo()
    released = suppress_windows(windows(first, second), min_cell=min_cell, memo=learned)
    hides = released.head(first.height).get_column("suppressed").any()
    # the next release: the first window unchanged, the second corrected
    nxt = windows(first, corrected)
    memo = Memo(known=learned.kept)
    recalled = suppress_windows(nxt, min_cell=min_cell, memo=memo)
    assert_frame_equal(recalled, suppress_windows(nxt, min_cell=min_cell))
    assert memo.recalled >= hides
    # ... as the ledger starts it: from the cells the first release hid
    flags = [*released.head(first.height)["suppressed"], *[False] * corrected.height]
    earlier = nxt.with_columns(pl.Series("suppressed", flags))
    memo = Memo(known=learned.kept)
    assert_frame_equal(
        suppress_windows(earlier, min_cell=min_cell, memo=memo),
        suppress_windows(earlier, min_cell=min_cell),
    )
    assert memo.recalled >= hides
