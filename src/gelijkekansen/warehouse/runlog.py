"""Reading the run log back, for ``gelijkekansen runs`` and the report's manifest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from gelijkekansen import __version__
from gelijkekansen.errors import GelijkeKansenError
from gelijkekansen.warehouse.models import query


def record_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    command: str,
    period: str | None,
    status: str,
    started: datetime,
    detail: str | None,
) -> None:
    """Append one run to the log, inside the caller's transaction (so it lands or not with it)."""
    finished = datetime.now(UTC).replace(tzinfo=None)
    con.execute(
        "insert into meta.runs values (?, ?, ?, ?, ?, ?, ?, ?)",
        [run_id, command, period, status, started, finished, __version__, detail],
    )


def list_runs(warehouse: Path) -> list[tuple[object, ...]]:
    """Every run, oldest first, with the files it read (name and short SHA-256)."""
    if not warehouse.exists():
        raise GelijkeKansenError(
            f"{warehouse}: no warehouse yet.", hint="Run 'gelijkekansen ingest DIR' first."
        )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return query(con, "warehouse.list_runs").fetchall()
