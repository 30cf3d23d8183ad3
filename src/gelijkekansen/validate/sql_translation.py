"""The expectations of a suite as DuckDB SQL, for staging tables too big for GX in pandas.

Each translation is a predicate true for a row that fails the expectation with GX's own
semantics: empty values pass every check but not-null, and pandas counts NaN as empty. Only the
shapes our suites use translate (every row must pass, numeric bounds, lists of codes, a row
condition of equality to a text); anything else is left to GX rather than approximated, and
tests/validate/test_sql_translation.py proves both engines find the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.core.expect_table_columns_to_match_set import (
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.expectation import ColumnMapExpectation, Expectation
from great_expectations.expectations.row_conditions import ComparisonCondition, Operator

from gelijkekansen.warehouse.store import quote_identifier

if TYPE_CHECKING:
    from gelijkekansen.validate.gx_runner import Expect

_NUMBERS = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "FLOAT", "DOUBLE"})
_FLOATS = frozenset({"FLOAT", "DOUBLE"})


@dataclass(frozen=True)
class Predicate:
    """DuckDB SQL over one staging row, with the values its ``?`` placeholders bind in order."""

    sql: str
    values: tuple[object, ...] = ()

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(f"({self.sql}) and ({other.sql})", self.values + other.values)


def record_sql_failures(
    con: duckdb.DuckDBPyConnection, table: str, expects: Sequence[Expect], *, into: str
) -> list[Expect]:
    """Insert the failures of every expectation that translates to SQL; return the others."""
    columns = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'staging' and table_name = ?",
            [table],
        ).fetchall()
    )
    missing: list[tuple[str, str, str]] = []
    failing: dict[str, Predicate] = {}
    untranslated = []
    for expect in expects:
        if (absent := _missing_columns(expect.expectation, columns)) is not None:
            missing += [(table, expect.check.name, column) for column in absent]
        elif (predicate := failing_row(expect.expectation, columns)) is not None:
            failing[expect.check.name] = predicate
        else:
            untranslated.append(expect)
    if missing:
        con.executemany(f"insert into {into} values (?, ?, null, null, ?)", missing)
    if failing:
        _record_failing_rows(con, table, failing, into=into)
    return untranslated


def _record_failing_rows(
    con: duckdb.DuckDBPyConnection, table: str, failing: Mapping[str, Predicate], *, into: str
) -> None:
    """One scan: a flag per check, rows with any flag set, then one failure row per flag set.

    Built here, not kept in ``pipelines/``: each flag is the translation of an expectation of the
    table's suite (``checks/<table>.py``, read at run time), so the query has as many columns as
    the suite has translatable checks. Names are quoted and values bound: no delivered text
    enters the SQL.
    """
    flags = {quote_identifier(check): predicate for check, predicate in failing.items()}
    columns = ", ".join(f"({predicate.sql}) as {flag}" for flag, predicate in flags.items())
    con.execute(
        f"""
        insert into {into}
        select ?, check_name, source_file, source_row, null
        from (
            unpivot (
                select * from (select source_file, source_row, {columns} from staging.{table})
                where {" or ".join(flags)}
            )
            on {", ".join(flags)}
            into name check_name value failed
        )
        where failed
        """,
        [table, *(value for predicate in flags.values() for value in predicate.values)],
    )


def _missing_columns(expectation: Expectation, columns: Mapping[str, str]) -> list[str] | None:
    """The required columns absent from ``columns``, as GX lists them; None if not that check."""
    if not (
        isinstance(expectation, ExpectTableColumnsToMatchSet)
        and expectation.exact_match is False
        and isinstance(expectation.column_set, list)
    ):
        return None
    return sorted({str(column) for column in expectation.column_set} - set(columns))


def failing_row(expectation: Expectation, columns: Mapping[str, str]) -> Predicate | None:
    """SQL true for a row that fails ``expectation`` in GX; None without an exact translation.

    ``columns`` maps each column of the table to its DuckDB type. Only the shapes our suites use
    translate (every row must pass, numeric bounds, lists of codes, a row condition of equality
    to a text); anything else is left to GX rather than approximated.
    """
    if not isinstance(expectation, ColumnMapExpectation) or expectation.mostly != 1:
        return None
    condition = _row_condition(expectation.row_condition, columns)
    fails = _column_fails(expectation, columns)
    if condition is None or fails is None:
        return None
    return condition & fails


def _row_condition(condition: object, columns: Mapping[str, str]) -> Predicate | None:
    """The rows a GX ``Column(name) == text`` applies to; an empty value equals no text."""
    if condition is None:
        return Predicate("true")
    if (
        isinstance(condition, ComparisonCondition)
        and condition.operator == Operator.EQUAL
        and isinstance(condition.parameter, str)
        and columns.get(condition.column.name) == "VARCHAR"
    ):
        return Predicate(f"{quote_identifier(condition.column.name)} = ?", (condition.parameter,))
    return None


def _column_fails(
    expectation: ColumnMapExpectation, columns: Mapping[str, str]
) -> Predicate | None:
    """SQL true for a row whose value fails: empty for not-null, else present and out of range."""
    column_type = columns.get(expectation.column)
    if column_type is None:
        return None
    column = quote_identifier(expectation.column)
    # pandas, and so GX, counts a float NaN as empty; DuckDB keeps NaN as a value
    empty = f"{column} is null" + (f" or isnan({column})" if column_type in _FLOATS else "")
    if isinstance(expectation, ExpectColumnValuesToNotBeNull):
        return Predicate(empty)
    if isinstance(expectation, ExpectColumnValuesToBeInSet):
        outside = _outside_set(column, column_type, expectation.value_set)
    elif isinstance(expectation, ExpectColumnValuesToBeBetween):
        outside = _outside_bounds(column, column_type, expectation)
    else:
        return None
    # GX passes an empty value in every other expectation
    return None if outside is None else Predicate(f"not ({empty})") & outside


def _outside_set(column: str, column_type: str, values: object) -> Predicate | None:
    """A text not in a list of texts; other kinds of sets compare as pandas does, so stay GX."""
    if not (
        column_type == "VARCHAR"
        and isinstance(values, list)
        and all(isinstance(value, str) for value in values)
    ):
        return None
    if not values:
        return Predicate("true")  # pandas' isin([]) is false for every value
    return Predicate(f"{column} not in ({', '.join('?' * len(values))})", tuple(values))


def _outside_bounds(
    column: str, column_type: str, expectation: ExpectColumnValuesToBeBetween
) -> Predicate | None:
    """A number below the minimum or above the maximum, each bound strict or not."""
    lower, upper = expectation.min_value, expectation.max_value
    if column_type not in _NUMBERS or not _plain_bounds(lower, upper):
        return None
    outside, values = [], []
    if lower is not None:
        outside.append(f"{column} {'<=' if expectation.strict_min else '<'} ?")
        values.append(lower)
    if upper is not None:
        outside.append(f"{column} {'>=' if expectation.strict_max else '>'} ?")
        values.append(upper)
    return Predicate(" or ".join(outside), tuple(values))


def _plain_bounds(lower: object, upper: object) -> bool:
    """One or two numbers in order; GX raises on no bound or a minimum above the maximum."""
    given = [bound for bound in (lower, upper) if bound is not None]
    numbers = [
        bound
        for bound in given
        if isinstance(bound, int | float) and not isinstance(bound, bool) and not math.isnan(bound)
    ]
    return 0 < len(numbers) == len(given) and numbers == sorted(numbers)
