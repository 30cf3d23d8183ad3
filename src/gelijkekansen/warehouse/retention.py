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

from gelijkekansen.contract import TABLES, Table
from gelijkekansen.warehouse.models import query
from gelijkekansen.warehouse.store import first_row


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
        pruned_rows = _delete_superseded(con, table, newest_pruning)
        if pruned_rows:
            pruned[table.name] = pruned_rows
    return pruned


def _delete_superseded(con: duckdb.DuckDBPyConnection, table: Table, newest_pruning: str) -> int:
    """Delete the rows of ``core.delivered_<table>`` that ``warehouse.superseded_rows`` finds.

    DuckDB cannot take the target of a DELETE as a parameter, nor expand the key columns inside
    one, so the query picks the rows by rowid from a view of the table.
    """
    delivered = f"core.delivered_{table.name}"
    con.execute(
        f"create or replace temp view gk_delivered as select rowid as row_id, * from {delivered}"
    )
    superseded = query(
        con, "warehouse.superseded_rows", key=list(table.key), newest_pruning=newest_pruning
    )
    con.register("gk_superseded", superseded)
    try:
        # DuckDB reports the rows a DELETE removed as its result
        row = first_row(
            con, f"delete from {delivered} where rowid in (select row_id from gk_superseded)"
        )
    finally:
        con.unregister("gk_superseded")
        con.execute("drop view gk_delivered")
    return int(row[0]) if row else 0
