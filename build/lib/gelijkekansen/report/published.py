"""Read-only access to what a report may show: the published tables and the run log.

Reports never see marts or core tables; this module opens the warehouse read-only and knows
only the ``published`` schema (privacy-filtered results) and the ``meta`` schema (run log,
file fingerprints, validation outcomes). Filters are bound as parameters, never pasted in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import polars as pl

from gelijkekansen.errors import GelijkeKansenError
from gelijkekansen.warehouse.store import quote_identifier

PUBLISHED = (
    "representation",
    "selection_rates",
    "targets",
    "target_history",
    "glass_ceiling",
    "ser_summary",
)
META = ("runs", "files", "validation_results")

Filter = object | Sequence[object]


class Warehouse:
    """The warehouse of one output folder, opened read-only for each query."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise GelijkeKansenError(
                f"{path}: no warehouse to report on.",
                hint="Run 'gelijkekansen ingest' and 'gelijkekansen analyse' first.",
            )
        self.path = path

    def published(
        self, table: str, *, columns: Sequence[str] = (), where: Mapping[str, Filter] = {}
    ) -> pl.DataFrame:
        """Rows of ``published.<table>``; ``where`` maps a column to a value or a list of them."""
        if table not in PUBLISHED:
            raise ValueError(f"published.{table} is not a published table.")
        return self._select(f"published.{table}", columns, where)

    def meta(self, table: str) -> pl.DataFrame:
        """The run log (``runs``), its files, or the validation outcomes."""
        if table not in META:
            raise ValueError(f"meta.{table} is not part of the run log.")
        return self._select(f"meta.{table}", (), {})

    def _select(
        self, table: str, columns: Sequence[str], where: Mapping[str, Filter]
    ) -> pl.DataFrame:
        select = ", ".join(quote_identifier(c) for c in columns) if columns else "*"
        clauses, values = [], []
        for column, wanted in where.items():
            if isinstance(wanted, list | tuple):
                clauses.append(f"{quote_identifier(column)} in ({', '.join('?' for _ in wanted)})")
                values += list(wanted)
            else:
                clauses.append(f"{quote_identifier(column)} = ?")
                values.append(wanted)
        sql = f"select {select} from {table}"
        if clauses:
            sql += " where " + " and ".join(clauses)
        # The published tables were written in a defined order; a parallel scan does not keep
        # it unless asked, and reports must come out the same every time.
        sql += " order by rowid"
        with duckdb.connect(str(self.path), read_only=True) as con:
            frame: pl.DataFrame = con.sql(sql, params=values).pl()
        return frame
