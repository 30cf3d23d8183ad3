"""Pruning superseded deliveries from ``core.delivered_*`` without changing any result.

The core tables take, per contract key, the row of the latest delivered period, so a row that
a later delivery repeats is never read again, unless that later delivery is itself re-delivered
without the key. Hence the rule: the ``keep`` most recent deliveries stay whole, so any of them
can be corrected with the same outcome as if nothing had been pruned; a row of an older delivery
is deleted once a later delivery outside those ``keep`` has the same key. Rows no later delivery
repeats (what a delta delivery leaves alone) are never deleted. The run log keeps every
delivery's files, SHA-256 and row counts (``meta.files``), so what was pruned stays traceable.
"""

from __future__ import annotations

import duckdb

from gelijkekansen.contract import TABLES
from gelijkekansen.warehouse.store import first_row, quote_identifier


def prune_deliveries(con: duckdb.DuckDBPyConnection, *, keep: int) -> dict[str, int]:
    """Delete superseded rows of deliveries older than the ``keep`` latest; rows per table."""
    if keep < 1:
        raise ValueError("keep must be at least 1: the latest delivery is what core reads.")
    periods = sorted(
        {
            str(period)
            for table in TABLES
            for (period,) in con.execute(
                f"select distinct extraction_period from core.delivered_{table.name}"
            ).fetchall()
        },
        reverse=True,
    )
    if len(periods) <= keep:
        return {}
    newest_pruning = periods[keep]  # the latest delivery that may supersede a row for good
    pruned = {}
    for table in TABLES:
        same_key = " and ".join(
            f"later.{quote_identifier(column)} is not distinct from "
            f"delivered.{quote_identifier(column)}"
            for column in table.key
        )
        # DuckDB reports the rows a DELETE removed as its result
        row = first_row(
            con,
            f"delete from core.delivered_{table.name} as delivered "
            "where delivered.extraction_period < ? and exists ("
            f"select 1 from core.delivered_{table.name} as later where {same_key} "
            "and later.extraction_period > delivered.extraction_period "
            "and later.extraction_period <= ?)",
            [newest_pruning, newest_pruning],
        )
        if row and row[0]:
            pruned[table.name] = int(row[0])
    return pruned
