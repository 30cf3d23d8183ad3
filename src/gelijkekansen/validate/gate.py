"""The validation gate between staging and core: run checks/, grade them, record.

Two kinds of checks, one report. Row-local expectations (schema, empty values, codes, plausible
ranges) are Great Expectations suites, one per table in ``checks/<table>.py``, run by
``validate.gx_runner`` (on GX in pandas slices, above ``gx_max_rows`` rows translated into
DuckDB SQL by ``validate.sql_translation``). Everything that looks across rows or tables (key
uniqueness, references, spell overlaps, funnels, quarters) is DuckDB SQL in
``checks/relational.sql`` (``validate.relational``), so it scales with the warehouse.

All checks write failing rows, as (file, row) and never as values, to one temporary table;
from it come the results, the quarantine (``validate.quarantine``) and
``meta.validation_results``. A blocking failure stops the run and sets nothing aside; rows
failing a row-level warning move from ``staging.<table>`` to ``quarantine.<table>`` so they are
neither analysed nor lost.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import cast

import duckdb

from gelijkekansen.assets import CHECKS_DIR
from gelijkekansen.config import Config
from gelijkekansen.contract import TABLES, Table
from gelijkekansen.validate.gx_runner import CHUNK_ROWS, GX_MAX_ROWS, Expect, record_suite_failures
from gelijkekansen.validate.quarantine import quarantine
from gelijkekansen.validate.relational import bind, sql_checks
from gelijkekansen.validate.results import (
    SAMPLE_SIZE,
    Check,
    CheckResult,
    ValidationReport,
)
from gelijkekansen.warehouse.models import query, run_model
from gelijkekansen.warehouse.store import first_row

_FAILURES = "gk_validation_failures"
"""Every check's failing rows; the queries of ``pipelines/validate/`` read it by this name."""


def validate_staging(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    *,
    run_id: str,
    chunk_rows: int = CHUNK_ROWS,
    gx_max_rows: int = GX_MAX_ROWS,
    checks_dir: Path = CHECKS_DIR,
) -> ValidationReport:
    """Check every ``staging.<table>``; quarantine warning rows unless anything is blocking.

    Results are also written to ``meta.validation_results``. The caller decides what a blocking
    failure means (the loader discards its scratch warehouse); see ``raise_if_blocking``.
    Suites run on GX in slices of ``chunk_rows`` for tables up to ``gx_max_rows`` rows, in SQL
    above that.
    """
    columns = _staging_columns(con)
    complete = {
        table.name
        for table in TABLES
        if table.name in columns
        and {c.name for c in table.columns if c.required} <= columns[table.name]
    } | (set(columns) - {table.name for table in TABLES})  # the loader's own (date bounds)
    con.execute(
        f"create or replace temp table {_FAILURES} (table_name varchar, check_name varchar, "
        "source_file varchar, source_row bigint, detail varchar)"
    )
    checks: list[Check] = []
    skipped: set[tuple[str, str]] = set()
    for table in TABLES:
        expects = _suite(checks_dir, table.name)(config)
        checks += [expect.check for expect in expects]
        if table.name not in columns:
            skipped |= {(table.name, e.check.name) for e in expects}
            if not table.optional:
                checks.append(_missing_file(con, table))
            continue
        runnable = [e for e in expects if set(e.check.columns) <= columns[table.name]]
        skipped |= {(table.name, e.check.name) for e in expects if e not in runnable}
        record_suite_failures(
            con, table, runnable, into=_FAILURES, chunk_rows=chunk_rows, gx_max_rows=gx_max_rows
        )
    for sql_check in sql_checks(checks_dir, config):
        checks.append(sql_check.check)
        if not set(sql_check.needs) <= complete:
            skipped.add((sql_check.check.table, sql_check.check.name))
            continue
        con.execute(
            f"insert into {_FAILURES} select $table_name, $check_name, * from ({sql_check.sql})",
            {
                "table_name": sql_check.check.table,
                "check_name": sql_check.check.name,
                **bind(sql_check.sql, config, sql_check.parameters),
            },
        )
    results = _results(con, checks, skipped, _table_files(con, columns))
    report = ValidationReport(run_id, results)
    if not report.blocking:
        report = ValidationReport(run_id, results, quarantine(con, report, columns))
    _write_results(con, report)
    con.execute(f"drop table {_FAILURES}")
    return report


def _staging_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'staging'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    return columns


def _table_files(con: duckdb.DuckDBPyConnection, columns: Mapping[str, set[str]]) -> dict[str, str]:
    """The file each table came from, to name in messages that do not point at a row."""
    files = {table.name: table.name for table in TABLES}
    for table in files:
        if "source_file" in columns.get(table, set()):
            (first,) = first_row(con, f"select min(source_file) from staging.{table}") or (None,)
            files[table] = first or table
    return files


def _suite(checks_dir: Path, table: str) -> Callable[[Config], list[Expect]]:
    """``expectations(config)`` from ``checks/<table>.py``, a reviewable file outside src/."""
    path = checks_dir / f"{table}.py"
    spec = importlib.util.spec_from_file_location(f"gelijkekansen_checks.{table}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Callable[[Config], list[Expect]], module.expectations)


def _missing_file(con: duckdb.DuckDBPyConnection, table: Table) -> Check:
    check = Check(
        table.name,
        "file_present",
        "blocking",
        (),
        "the extraction has no file for this required table",
        "Add the file; docs/data-contract.md lists the files of an extraction.",
        scope="table",
    )
    con.execute(
        f"insert into {_FAILURES} values (?, ?, null, null, ?)",
        [table.name, check.name, table.name],
    )
    return check


def _results(
    con: duckdb.DuckDBPyConnection,
    checks: Sequence[Check],
    skipped: set[tuple[str, str]],
    files: Mapping[str, str],
) -> tuple[CheckResult, ...]:
    rows = query(con, "validate.check_results", sample_size=SAMPLE_SIZE).fetchall()
    failed = {(table, name): rest for table, name, *rest in rows}
    results = []
    for check in checks:
        key = (check.table, check.name)
        if key in skipped:
            results.append(CheckResult(check, "skipped", files[check.table]))
        elif key in failed:
            count, first_file, sample, details = failed[key]
            results.append(
                CheckResult(
                    check,
                    "failed",
                    first_file or files[check.table],
                    failing_rows=count,
                    sample_rows=tuple(sample or ()),
                    details=tuple(details or ()),
                )
            )
        else:
            results.append(CheckResult(check, "passed", files[check.table]))
    return tuple(results)


def _write_results(con: duckdb.DuckDBPyConnection, report: ValidationReport) -> None:
    """One row per check and run; a re-run with the same id replaces its rows."""
    con.execute("create schema if not exists meta")
    run_model(con, "meta.validation_results")
    con.execute("delete from meta.validation_results where run_id = ?", [report.run_id])
    con.executemany(
        "insert into meta.validation_results values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                report.run_id,
                r.check.table,
                r.check.name,
                ", ".join(r.check.columns),
                r.check.severity,
                None if r.status == "skipped" else r.passed,
                r.failing_rows,
                list(r.sample_rows),
            )
            for r in report.results
        ],
    )
