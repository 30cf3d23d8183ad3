"""The SQL engine for big tables finds exactly the rows GX finds, check by check.

Above ``gx_max_rows`` rows the suites' expectations run as DuckDB predicates instead of GX on
pandas. That is only sound if both engines agree on every value GX treats specially: empty
values, NaN, strict and non-strict bounds, codes that differ in case or are empty, row
conditions and missing columns. Hypothesis throws such tables at both; the known-answer test pins
the SQL engine's verdicts by hand.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import Any, NoReturn

import duckdb
import pytest
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_match_regex import (
    ExpectColumnValuesToMatchRegex,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.core.expect_table_columns_to_match_set import (
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gelijkekansen.config import Config
from gelijkekansen.contract import Table
from gelijkekansen.validate import gx_runner
from gelijkekansen.validate.gate import validate_staging
from gelijkekansen.validate.gx_runner import Expect, record_suite_failures
from gelijkekansen.validate.results import Check
from gelijkekansen.validate.sql_translation import failing_row
from tests.validate.test_gate import BLOCKING_FAULTS, WARNING_FAULTS, Fault, plant, stage

PROBE = Table("probe", "A table of every column type the suites check.", (), ())
COLUMNS = {"code": "varchar", "n": "bigint", "x": "double", "d": "date", "dimension": "varchar"}
Row = tuple[Any, ...]
Failure = tuple[str, str, str | None, int | None, str | None]


def probe(rows: list[Row]) -> duckdb.DuckDBPyConnection:
    """``staging.probe`` with ``rows`` of (code, n, x, d, dimension), numbered from 1."""
    con = duckdb.connect()
    con.execute("create schema staging")
    ddl = ", ".join(f"{name} {sql_type}" for name, sql_type in COLUMNS.items())
    con.execute(f"create table staging.probe ({ddl}, source_file varchar, source_row bigint)")
    if rows:
        con.executemany(
            "insert into staging.probe values (?, ?, ?, ?, ?, 'probe.csv', ?)",
            [(*row, number) for number, row in enumerate(rows, start=1)],
        )
    return con


def failures(
    con: duckdb.DuckDBPyConnection, expects: list[Expect], *, gx_max_rows: int
) -> Counter[Failure]:
    con.execute(
        "create or replace temp table failures (table_name varchar, check_name varchar, "
        "source_file varchar, source_row bigint, detail varchar)"
    )
    record_suite_failures(con, PROBE, expects, into="failures", gx_max_rows=gx_max_rows)
    return Counter(con.execute("select * from failures").fetchall())


def expect(name: str, expectation: Expectation) -> Expect:
    scope = "table" if isinstance(expectation, ExpectTableColumnsToMatchSet) else "row"
    return Expect(Check("probe", name, "warning", (), "fails", "fix it", scope=scope), expectation)


codes = st.none() | st.sampled_from(["a", "b", "c", "A", "", " a"])
numbers = st.none() | st.integers(-2, 20)
floats = (
    st.none()
    | st.sampled_from([0.0, -0.0, 0.5, 1.2, 1.2000000000000002, math.nan, math.inf, -math.inf])
    | st.floats(-2, 3)
)
rows = st.lists(
    st.tuples(
        codes,
        numbers,
        floats,
        st.none() | st.just(date(2023, 1, 1)),
        st.none() | st.sampled_from(["gender", "origin"]),
    ),
    min_size=1,
    max_size=12,
)


@st.composite
def between(draw: st.DrawFn, column: str, bounds: st.SearchStrategy[float]) -> Expectation:
    """Bounds in order, one of them possibly absent, each strict or not."""
    low, high = sorted((draw(bounds), draw(bounds)))
    keep = draw(st.sampled_from(["both", "min", "max"]))
    return ExpectColumnValuesToBeBetween(
        column=column,
        min_value=None if keep == "max" else low,
        max_value=None if keep == "min" else high,
        strict_min=draw(st.booleans()),
        strict_max=draw(st.booleans()),
    )


value_sets = st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=3)
suites = st.tuples(
    st.lists(st.sampled_from([*COLUMNS, "gone", "absent"]), unique=True).map(
        lambda names: ExpectTableColumnsToMatchSet(column_set=names, exact_match=False)
    ),
    value_sets.map(lambda values: ExpectColumnValuesToBeInSet(column="code", value_set=values)),
    st.tuples(value_sets, st.sampled_from(["gender", "origin"])).map(
        lambda args: ExpectColumnValuesToBeInSet(
            column="code", value_set=args[0], row_condition=Column("dimension") == args[1]
        )
    ),
    between("n", st.integers(-1, 19)),
    between("x", st.sampled_from([0, 0.5, 1.2, -1.5, math.inf])),
    between("n", st.sampled_from([0.5, 1.5, 18.0])),
).map(
    lambda drawn: [
        *(
            expect(f"not_null_{name}", ExpectColumnValuesToNotBeNull(column=name))
            for name in COLUMNS
        ),
        *(expect(f"check_{i}", expectation) for i, expectation in enumerate(drawn)),
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, expects=suites)
def test_sql_finds_the_same_failures_as_gx(rows: list[Row], expects: list[Expect]) -> None:
    con = probe(rows)
    assert failures(con, expects, gx_max_rows=0) == failures(con, expects, gx_max_rows=10**9)


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise AssertionError("an expectation of the contract suites fell back to GX")


@pytest.mark.parametrize("faults", [BLOCKING_FAULTS, WARNING_FAULTS], ids=["blocking", "warning"])
def test_contract_suites_report_the_same_in_sql(
    faults: tuple[Fault, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    frames, _ = plant(faults)
    on_gx = validate_staging(stage(frames), Config(), run_id="test")
    # every expectation of checks/*.py translates, so a big table never waits for pandas
    monkeypatch.setattr(gx_runner, "_gx_failures", _refuse)
    in_sql = validate_staging(stage(frames), Config(), run_id="test", gx_max_rows=0)
    assert in_sql.results == on_gx.results
    assert in_sql.quarantined == on_gx.quarantined


KNOWN_ROWS: list[Row] = [
    ("a", 1, 0.5, date(2023, 1, 1), "gender"),
    (None, None, None, None, None),
    ("X", 0, math.nan, date(2023, 1, 1), "gender"),
    ("", 18, 1.2, date(2023, 1, 1), "origin"),
    ("b", 19, 0.0, date(2023, 1, 1), "gender"),
    ("A", 5, math.inf, date(2023, 1, 1), "origin"),
]

KNOWN_ANSWERS: list[tuple[Expectation, tuple[int, ...] | tuple[str, ...]]] = [
    (
        ExpectTableColumnsToMatchSet(column_set=["code", "n", "gone", "absent"], exact_match=False),
        ("absent", "gone"),
    ),
    (ExpectColumnValuesToNotBeNull(column="code"), (2,)),
    # NaN is empty to pandas, so to GX
    (ExpectColumnValuesToNotBeNull(column="x"), (2, 3)),
    (ExpectColumnValuesToNotBeNull(column="d"), (2,)),
    # an empty text is a value, and codes are case-sensitive
    (ExpectColumnValuesToBeInSet(column="code", value_set=["a", "b"]), (3, 4, 6)),
    (ExpectColumnValuesToBeInSet(column="code", value_set=[]), (1, 3, 4, 5, 6)),
    (
        ExpectColumnValuesToBeInSet(
            column="code", value_set=["a"], row_condition=Column("dimension") == "gender"
        ),
        (3, 5),
    ),
    (ExpectColumnValuesToBeBetween(column="n", min_value=1, max_value=18), (3, 5)),
    (
        ExpectColumnValuesToBeBetween(column="n", min_value=1, max_value=18, strict_max=True),
        (3, 4, 5),
    ),
    (ExpectColumnValuesToBeBetween(column="n", max_value=10), (4, 5)),
    # NaN is skipped as empty; 0 fails a strict minimum of 0, infinity any maximum
    (
        ExpectColumnValuesToBeBetween(column="x", min_value=0, max_value=1.2, strict_min=True),
        (5, 6),
    ),
    # no translation: GX checks it on the big table too
    (ExpectColumnValuesToMatchRegex(column="code", regex="^[a-z]$"), (3, 4, 6)),
]


def test_sql_engine_known_answers() -> None:
    expects = [
        expect(f"check_{i}", expectation) for i, (expectation, _) in enumerate(KNOWN_ANSWERS)
    ]
    found = failures(probe(KNOWN_ROWS), expects, gx_max_rows=0)
    expected: Counter[Failure] = Counter()
    for i, (_, answer) in enumerate(KNOWN_ANSWERS):
        for item in answer:
            if isinstance(item, str):
                expected[("probe", f"check_{i}", None, None, item)] += 1
            else:
                expected[("probe", f"check_{i}", "probe.csv", item, None)] += 1
    assert found == expected


TYPES = {"code": "VARCHAR", "n": "BIGINT", "x": "DOUBLE", "d": "DATE", "dimension": "VARCHAR"}


@pytest.mark.parametrize(
    "expectation",
    [
        ExpectColumnValuesToNotBeNull(column="code", mostly=0.5),
        ExpectColumnValuesToBeBetween(column="d", min_value="2023-01-01"),
        ExpectColumnValuesToBeBetween(column="n", min_value=5, max_value=1),
        ExpectColumnValuesToBeInSet(column="n", value_set=[1, 2]),
        ExpectColumnValuesToBeInSet(
            column="code", value_set=["a"], row_condition="n > 1", condition_parser="pandas"
        ),
        ExpectColumnValuesToBeInSet(
            column="code", value_set=["a"], row_condition=Column("dimension") != "gender"
        ),
        ExpectColumnValuesToNotBeNull(column="gone"),
        ExpectColumnValuesToMatchRegex(column="code", regex="^a$"),
    ],
    ids=[
        "mostly",
        "date bounds",
        "bounds out of order",
        "numeric codes",
        "pandas query",
        "inequality condition",
        "missing column",
        "regex",
    ],
)
def test_what_sql_cannot_say_exactly_is_left_to_gx(expectation: Expectation) -> None:
    assert failing_row(expectation, TYPES) is None
