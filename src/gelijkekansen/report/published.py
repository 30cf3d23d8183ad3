"""Read-only access to what a report may show: the published tables and the run log.

Reports never see marts or core tables; this module opens the warehouse read-only and knows
only the ``published`` schema (privacy-filtered results) and the ``meta`` schema (run log,
file fingerprints, validation outcomes). Filters are bound as parameters, never pasted in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
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
    "pay_indicators",
    "pay_indicators_internal",
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

    def check(self, *, period_end: date | None, org_unit: str) -> None:
        """Refuse, in words, what a report cannot show: no analysis yet, a quarter that was
        never loaded, an org unit the data does not have."""
        with duckdb.connect(str(self.path), read_only=True) as con:
            analysed = con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'published' and table_name = 'representation'"
            ).fetchall()[0][0]
            if not analysed:
                raise GelijkeKansenError(
                    f"{self.path}: nothing analysed yet, so there is nothing to report.",
                    hint="Run 'gelijkekansen analyse' first.",
                )
            ends = [r[0] for r in con.execute(
                "select distinct period_end from published.representation order by 1"
            ).fetchall()]
            units = [r[0] for r in con.execute(
                "select distinct org_unit from published.representation order by 1"
            ).fetchall()]
        if not ends:
            raise GelijkeKansenError(
                f"{self.path}: the analysis published no figures.",
                hint="Run 'gelijkekansen analyse' again and read its messages.",
            )
        if period_end is not None and period_end not in ends:
            quarters = ", ".join(f"{d.year}Q{(d.month - 1) // 3 + 1}" for d in ends[-8:])
            raise GelijkeKansenError(
                f"No figures for the quarter ending {period_end.isoformat()}.",
                hint=f"Loaded quarters end with: {quarters}.",
            )
        if org_unit not in units:
            raise GelijkeKansenError(
                f"No figures for org unit '{org_unit}'.",
                hint=f"Known units: {', '.join(u for u in units if u != 'totaal')}.",
            )

    def has(self, table: str) -> bool:
        """Whether ``published.<table>`` exists and holds rows (optional tables such as pay)."""
        if table not in PUBLISHED:
            raise ValueError(f"published.{table} is not a published table.")
        with duckdb.connect(str(self.path), read_only=True) as con:
            exists = con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'published' and table_name = ?",
                [table],
            ).fetchall()[0][0]
            return bool(exists) and bool(
                con.execute(f"select exists (from published.{quote_identifier(table)})")
                .fetchall()[0][0]
            )

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
