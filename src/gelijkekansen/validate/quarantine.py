"""Quarantine: rows failing a row-level warning are set aside, with the reasons, not lost.

They move from ``staging.<table>`` to ``quarantine.<table>`` so that they are neither analysed
nor dropped; the analyst gets them as CSV files next to the validation report.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb

from gelijkekansen.contract import TABLES
from gelijkekansen.validate.results import ValidationReport
from gelijkekansen.warehouse.models import query
from gelijkekansen.warehouse.store import first_row

_REASONS = "gk_validation_reasons"
"""The reason per quarantining check; ``validate/quarantined_rows.sql`` reads it by this name."""


def quarantine(
    con: duckdb.DuckDBPyConnection,
    report: ValidationReport,
    columns: Mapping[str, set[str]],
) -> dict[str, int]:
    """Move rows failing a row-level warning into ``quarantine.<table>``, with the reasons.

    The failing rows come from the gate's ``gk_validation_failures`` table.
    """
    reasons = [
        (r.check.table, r.check.name, f"{', '.join(r.check.columns)}: {r.check.problem}")
        for r in report.warnings
        if r.check.quarantines
    ]
    con.execute(
        f"create or replace temp table {_REASONS} "
        "(table_name varchar, check_name varchar, reason varchar)"
    )
    if reasons:
        con.executemany(f"insert into {_REASONS} values (?, ?, ?)", reasons)
    con.execute("create schema if not exists quarantine")
    moved = {}
    for table in TABLES:
        if table.name not in columns:
            continue
        con.execute(f"drop table if exists quarantine.{table.name}")
        query(con, "validate.quarantined_rows", table_name=table.name).create(
            f"quarantine.{table.name}"
        )
        con.execute(
            f"delete from staging.{table.name} as staged using quarantine.{table.name} as moved "
            "where staged.source_file = moved.source_file "
            "and staged.source_row = moved.source_row"
        )
        (count,) = first_row(con, f"select count(*) from quarantine.{table.name}") or (0,)
        if count:
            moved[table.name] = count
    con.execute(f"drop table {_REASONS}")
    return moved


def write_quarantine_csv(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write each non-empty ``quarantine.<table>`` to ``<out_dir>/<table>.csv`` for the analyst.

    The files hold input rows as delivered: treat them like the extraction itself.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'quarantine' order by table_name"
    ).fetchall()
    paths = []
    for (table,) in tables:
        (rows,) = first_row(con, f"select count(*) from quarantine.{table}") or (0,)
        if not rows:
            continue
        path = out_dir / f"{table}.csv"
        target = str(path).replace("'", "''")
        con.execute(
            f"copy (select * from quarantine.{table} order by source_file, source_row) "
            f"to '{target}' (header, delimiter ',')"
        )
        paths.append(path)
    return paths
