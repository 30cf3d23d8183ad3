"""Writing extraction tables in one of two dialects: plain CSV or a Dutch Excel export.

Both carry the same content; ``excel-nl`` is what a Dutch Excel "CSV (puntkomma)" save gives:
semicolons, decimal commas, day-first dates, a byte-order mark and CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl

Dialect = Literal["csv", "excel-nl"]
DIALECTS: tuple[str, ...] = ("csv", "excel-nl")

_OPTIONS: dict[str, dict[str, Any]] = {
    "csv": {"separator": ",", "date_format": "%Y-%m-%d", "line_terminator": "\n"},
    "excel-nl": {
        "separator": ";",
        "date_format": "%d-%m-%Y",
        "decimal_comma": True,
        "line_terminator": "\r\n",
    },
}
FLOAT_DIGITS = 1
"""fte is the contract's only float and comes in tenths."""


def write_table(frame: pl.DataFrame, path: Path, dialect: Dialect) -> None:
    """Write one table in full."""
    write_chunks((frame,), path, dialect, columns=frame.columns)


def write_chunks(
    frames: Iterable[pl.DataFrame], path: Path, dialect: Dialect, *, columns: Sequence[str]
) -> int:
    """Append chunk after chunk under one header; returns the number of data rows."""
    options = {**_OPTIONS[dialect], "float_precision": FLOAT_DIGITS}
    rows = 0
    with path.open("wb") as handle:
        pl.DataFrame(schema=dict.fromkeys(columns, pl.String)).write_csv(
            handle, include_bom=dialect == "excel-nl", **options
        )
        for frame in frames:
            frame.write_csv(handle, include_header=False, **options)
            rows += frame.height
    return rows
