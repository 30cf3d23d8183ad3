"""Turn a landed all-text table into the contract's typed columns, or say exactly what is wrong.

Every check runs as one SQL query over the whole table; when a value cannot be read, the error
names the file, the first offending row and the column, and how to fix it, without echoing the
value (it may be personal data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from gelijkekansen.contract import Column, Table
from gelijkekansen.errors import InputError, Location
from gelijkekansen.ingest.sources import normalise
from gelijkekansen.warehouse import first_row

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")
_EXPECTED = {
    "int": "a whole number (e.g. 1975)",
    "float": "a number (e.g. 0.8 or 0,8)",
    "date": "a date (e.g. 2024-03-31 or 31-03-2024)",
    "str": "a text",
    "bool": "ja or nee",
}


@dataclass(frozen=True)
class CastPlan:
    """How each contract column is read from the landed text columns."""

    select_list: str
    extra_columns: tuple[str, ...]


def plan_columns(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    *,
    table: Table,
    file: str,
    landed_columns: list[str],
    renames: Mapping[str, str],
) -> CastPlan:
    """Match headers to the contract (after the config's renames) and build the typed select."""
    mapping = {normalise(source): target for source, target in renames.items()}
    by_target = {mapping.get(column, column): column for column in landed_columns}
    missing = [c.name for c in table.columns if c.required and c.name not in by_target]
    if missing:
        found = ", ".join(landed_columns) or "none"
        raise InputError(
            Location(file, column=missing[0]),
            f"required column missing (also missing: {', '.join(missing[1:]) or 'none'}; "
            f"found: {found})",
            hint=f"Rename the column in the export, or map it under [columns.{table.name}] in "
            "gelijkekansen.toml; check the separator if only one column was found.",
        )
    expressions = []
    for column in table.columns:
        source = by_target.get(column.name)
        if source is None:
            expressions.append(f'cast(null as {SQL_TYPES[column.type]}) as "{column.name}"')
            continue
        expression = _typed(con, relation, column, source, file)
        expressions.append(f'{expression} as "{column.name}"')
    extra = tuple(c for c in landed_columns if mapping.get(c, c) not in table.column_names)
    return CastPlan(", ".join([*expressions, "source_row"]), extra)


SQL_TYPES = {
    "str": "varchar",
    "int": "bigint",
    "float": "double",
    "date": "date",
    "bool": "boolean",
}


def _typed(
    con: duckdb.DuckDBPyConnection, relation: str, column: Column, source: str, file: str
) -> str:
    text = f"nullif(trim(\"{source}\"), '')"
    if column.type == "str":
        expression = text
    elif column.type == "int":
        expression = f"try_cast({text} as bigint)"
    elif column.type == "float":
        expression = f"try_cast(replace({text}, ',', '.') as double)"
    elif column.type == "date":
        expression = _date_expression(con, relation, text)
    else:
        expression = f"try_cast({text} as boolean)"
    _first_unreadable(con, relation, text, expression, column, file)
    if not column.nullable:
        _first_missing(con, relation, text, column, file)
    return expression


def _date_expression(con: duckdb.DuckDBPyConnection, relation: str, text: str) -> str:
    """The one date format that reads every value of the column (ISO first, then Dutch)."""
    candidates = [f"try_strptime({text}, '{fmt}')::date" for fmt in DATE_FORMATS]
    counts = first_row(
        con, "select " + ", ".join(f"count({c})" for c in candidates) + f" from {relation}"
    )
    assert counts is not None
    best = max(range(len(candidates)), key=lambda i: counts[i])
    return candidates[best]


def _first_unreadable(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    text: str,
    expression: str,
    column: Column,
    file: str,
) -> None:
    row = first_row(
        con,
        f"select min(source_row), count(*) from {relation} "
        f"where {text} is not null and {expression} is null",
    )
    if row is not None and row[1]:
        raise InputError(
            Location(file, row=int(row[0]), column=column.name),
            f"expected {_EXPECTED[column.type]} ({row[1]} value(s) in this column cannot be read)",
            hint="Correct the export; numbers may use a decimal comma or point, dates one format "
            "throughout.",
        )


def _first_missing(
    con: duckdb.DuckDBPyConnection, relation: str, text: str, column: Column, file: str
) -> None:
    row = first_row(con, f"select min(source_row), count(*) from {relation} where {text} is null")
    if row is not None and row[1]:
        raise InputError(
            Location(file, row=int(row[0]), column=column.name),
            f"is empty ({row[1]} row(s)); {column.description[0].lower()}{column.description[1:]}"
            " is required",
            hint="Fill in the value, or use the explicit unknown code 'onbekend' where the "
            "contract allows it.",
        )
