"""Turn a landed all-text table into the contract's typed columns, or say exactly what is wrong.

Every check runs as one SQL query over the whole table; when a value cannot be read, the error
names the file, the first offending row and the column, and how to fix it, without echoing the
value (it may be personal data).

This is the one place that writes SQL column by column from the data contract (the typed
select of ``raw.<table>``, also for a table without a file). It cannot be a file of
``pipelines/``: the columns and their types come from ``contract.py``, the source header of each
from the file and the configuration's renames, and the date format of each date column from its
values, all known only when a file is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from gelijkekansen.contract import Column, Table
from gelijkekansen.errors import InputError, Location
from gelijkekansen.ingest.sources import normalise
from gelijkekansen.warehouse.store import first_row

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
    present = [
        (column, by_target[column.name]) for column in table.columns if column.name in by_target
    ]
    typed = _typed(con, relation, present, file)
    expressions = [
        f'{typed[column.name]} as "{column.name}"' if column.name in typed else _null(column)
        for column in table.columns
    ]
    extra = tuple(c for c in landed_columns if mapping.get(c, c) not in table.column_names)
    return CastPlan(", ".join([*expressions, "source_row"]), extra)


def empty_select_list(table: Table) -> str:
    """The typed select of a table with no file: every contract column empty, and source_row."""
    return ", ".join(
        [*(_null(column) for column in table.columns), "cast(null as bigint) as source_row"]
    )


def _null(column: Column) -> str:
    return f'cast(null as {SQL_TYPES[column.type]}) as "{column.name}"'


SQL_TYPES = {
    "str": "varchar",
    "int": "bigint",
    "float": "double",
    "date": "date",
    "bool": "boolean",
}


def _typed(
    con: duckdb.DuckDBPyConnection, relation: str, present: list[tuple[Column, str]], file: str
) -> dict[str, str]:
    """The typed expression per contract column, after checking every value can be read.

    All columns are checked in one scan of the table (a 20M-row file is read once, not twice
    per column); the first problem in column order is reported, unreadable before empty.
    """
    texts = {column.name: f"nullif(trim(\"{source}\"), '')" for column, source in present}
    dates = _date_expressions(
        con, relation, [texts[column.name] for column, _ in present if column.type == "date"]
    )
    expressions = {}
    for column, _ in present:
        text = texts[column.name]
        if column.type == "str":
            expressions[column.name] = text
        elif column.type == "int":
            expressions[column.name] = f"try_cast({text} as bigint)"
        elif column.type == "float":
            expressions[column.name] = f"try_cast(replace({text}, ',', '.') as double)"
        elif column.type == "date":
            expressions[column.name] = dates[text]
        else:
            expressions[column.name] = f"try_cast({text} as boolean)"
    problems = []
    for column, _ in present:
        text = texts[column.name]
        problems.append(
            (column, "unreadable", f"{text} is not null and {expressions[column.name]} is null")
        )
        if not column.nullable:
            problems.append((column, "missing", f"{text} is null"))
    if problems:
        found = first_row(
            con,
            "select "
            + ", ".join(
                f"count(*) filter (where {condition}), min(source_row) filter (where {condition})"
                for _, _, condition in problems
            )
            + f" from {relation}",
        )
        assert found is not None
        for i, (column, kind, _) in enumerate(problems):
            count, row = found[2 * i], found[2 * i + 1]
            if count:
                raise (_unreadable if kind == "unreadable" else _missing)(column, file, row, count)
    return expressions


def _date_expressions(
    con: duckdb.DuckDBPyConnection, relation: str, texts: list[str]
) -> dict[str, str]:
    """Per date column, the one format that reads most of its values (ISO first, then Dutch).

    Formats are tried on each distinct value once, weighted by its rows: a 20M-row file holds
    a few thousand distinct dates, and parsing every row five times dominated the load.
    """
    chosen = {}
    for text in texts:
        counts = first_row(
            con,
            "select "
            + ", ".join(
                f"coalesce(sum(_rows) filter (where try_strptime(_value, '{fmt}') is not null), 0)"
                for fmt in DATE_FORMATS
            )
            + f" from (select {text} as _value, count(*) as _rows from {relation} group by all)",
        )
        assert counts is not None
        best = max(range(len(DATE_FORMATS)), key=lambda i: counts[i])
        chosen[text] = f"try_strptime({text}, '{DATE_FORMATS[best]}')::date"
    return chosen


def _unreadable(column: Column, file: str, row: int, count: int) -> InputError:
    return InputError(
        Location(file, row=int(row), column=column.name),
        f"expected {_EXPECTED[column.type]} ({count} value(s) in this column cannot be read)",
        hint="Correct the export; numbers may use a decimal comma or point, dates one format "
        "throughout.",
    )


def _missing(column: Column, file: str, row: int, count: int) -> InputError:
    return InputError(
        Location(file, row=int(row), column=column.name),
        f"is empty ({count} row(s)); {column.description[0].lower()}{column.description[1:]}"
        " is required",
        hint="Fill in the value, or use the explicit unknown code 'onbekend' where the "
        "contract allows it.",
    )
