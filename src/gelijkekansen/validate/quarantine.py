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
from gelijkekansen.warehouse.store import first_row

_REASONS = "gk_validation_reasons"


def quarantine(
    con: duckdb.DuckDBPyConnection,
    report: ValidationReport,
    columns: Mapping[str, set[str]],
    *,
    failures: str,
) -> dict[str, int]:
    """Move rows failing a row-level warning into ``quarantine.<table>``, with the reasons."""
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
        con.execute(
            f"""
            create or replace table quarantine.{table.name} as
            with failing as (
                select
                    failures.source_file,
                    failures.source_row,
                    string_agg(failures.check_name, ', ' order by failures.check_name)
                        as check_name,
                    string_agg(reasons.reason, '; ' order by failures.check_name) as reason
                from {failures} as failures
                inner join {_REASONS} as reasons
                    using (table_name, check_name)
                where failures.table_name = ?
                group by failures.source_file, failures.source_row
            )
            select staged.*, failing.check_name, failing.reason
            from staging.{table.name} as staged
            inner join failing
                on staged.source_file = failing.source_file
                and staged.source_row = failing.source_row
            order by staged.source_file, staged.source_row
            """,
            [table.name],
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
