"""What leaves the warehouse for spreadsheets: text that Excel can never run as a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel and LibreOffice (CSV injection, see the OWASP page of that name). Every such text cell gets
a leading single quote, which spreadsheets show as text. Only text columns are touched: a
negative number is a number, and the Parquet files keep the values exactly as computed.

Beside the tables goes ``data-dictionary.csv``, what each column means (docs/metrics.md), and
with ``export.dialect = "excel-nl"`` the CSV files open correctly in a Dutch Excel.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Literal

import polars as pl

from gelijkekansen.analyse.dictionary import DICTIONARY, RESTRICTED_COLUMNS
from gelijkekansen.messages import Labels

Dialect = Literal["csv", "excel-nl"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = "^([" + re.escape("".join(FORMULA_START)) + "])"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed with ``'``."""
    text = [name for name, dtype in frame.schema.items() if dtype in (pl.Utf8, pl.Categorical)]
    return frame.with_columns(
        pl.col(name).cast(pl.Utf8).str.replace(_FORMULA, "'$1") for name in text
    )


CODE_COLUMNS = (
    "population",
    "dimension",
    "group",
    "reference_group",
    "process",
    "stage",
    "window_type",
    "verdict",
    "status",
)
"""Columns holding a code that the label catalogue can say in words (``vrouw`` → ``Vrouw``)."""
DICTIONARY_FILE = "data-dictionary.csv"


def with_labels(frame: pl.DataFrame, labels: Labels) -> pl.DataFrame:
    """Beside each code column, ``<column>_label`` with the code in the report's language."""
    columns: list[pl.Expr] = []
    for name in frame.columns:
        columns.append(pl.col(name))
        if name in CODE_COLUMNS and frame.schema[name] == pl.Utf8:
            codes = frame.get_column(name).drop_nulls().unique().to_list()
            mapping = {code: labels(code) for code in codes}
            label = pl.col(name).replace_strict(mapping, default=None)
            columns.append(label.alias(f"{name}_label"))
    return frame.select(columns)


def write_csv(frame: pl.DataFrame, path: Path, *, dialect: Dialect, labels: Labels) -> None:
    """One export as CSV: ``csv`` (comma, decimal point) for tools, ``excel-nl`` (``;``,
    decimal comma, UTF-8 with BOM, a label beside each code) to open by double-click in a Dutch
    Excel. Text that a spreadsheet would run as a formula is neutralised either way."""
    if dialect == "csv":
        neutralise_formulas(frame).write_csv(path, float_precision=6, date_format="%Y-%m-%d")
        return
    neutralise_formulas(with_labels(frame, labels)).write_csv(
        path,
        separator=";",
        decimal_comma=True,
        include_bom=True,
        float_precision=6,
        date_format="%Y-%m-%d",
    )


def write_dictionary(tables: dict[str, pl.DataFrame], path: Path, *, dialect: Dialect) -> None:
    """``data-dictionary.csv``: table, column, meaning and unit of every exported column."""
    rows = []
    for table, frame in tables.items():
        entries = (*RESTRICTED_COLUMNS, *DICTIONARY.get(table, ()))
        meanings = {column: (meaning, unit) for column, meaning, unit in entries}
        for column in frame.columns:
            meaning, unit = meanings.get(column, ("", ""))
            rows.append((table, column, meaning.replace("`", ""), unit.replace("`", "")))
    dictionary = pl.DataFrame(
        rows, schema={"table": pl.Utf8, "column": pl.Utf8, "meaning": pl.Utf8, "unit": pl.Utf8},
        orient="row",
    )
    separator, bom = (";", True) if dialect == "excel-nl" else (",", False)
    neutralise_formulas(dictionary).write_csv(path, separator=separator, include_bom=bom)


def to_csv(frame: pl.DataFrame) -> str:
    """CSV text for standard output: floats fixed at 6 decimals, formulas neutralised."""
    buffer = io.StringIO()
    neutralise_formulas(frame).write_csv(buffer, float_precision=6)
    return buffer.getvalue()
