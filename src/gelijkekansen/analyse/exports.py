"""What leaves the warehouse for spreadsheets: text that Excel can never run as a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel and LibreOffice (CSV injection, see the OWASP page of that name). Every such text cell gets
a leading single quote, which spreadsheets show as text. Only text columns are touched: a
negative number is a number, and the Parquet files keep the values exactly as computed.
"""

from __future__ import annotations

import io
import re

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = "^([" + re.escape("".join(FORMULA_START)) + "])"


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed with ``'``."""
    text = [name for name, dtype in frame.schema.items() if dtype in (pl.Utf8, pl.Categorical)]
    return frame.with_columns(
        pl.col(name).cast(pl.Utf8).str.replace(_FORMULA, "'$1") for name in text
    )


def to_csv(frame: pl.DataFrame) -> str:
    """CSV text for standard output: floats fixed at 6 decimals, formulas neutralised."""
    buffer = io.StringIO()
    neutralise_formulas(frame).write_csv(buffer, float_precision=6)
    return buffer.getvalue()
