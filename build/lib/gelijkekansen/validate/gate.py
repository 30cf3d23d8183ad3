"""The validation gate between staging and core: run checks/, grade them, quarantine, record.

Two kinds of checks, one report. Row-local expectations (schema, empty values, codes, plausible
ranges) are Great Expectations suites, one per table in ``checks/<table>.py``. A table of normal
size runs them on GX in pandas slices: GX's SQL datasource does not work on DuckDB through
duckdb-engine (GX issues #10738 and #11579), and slicing keeps memory bounded. Above
``gx_max_rows`` rows the same expectations are translated into DuckDB SQL, because materialising
20 million rows in pandas costs minutes; the results are identical, which
tests/test_validation_sql.py proves (see ``validation_gx``). Everything that looks across rows or
tables (key uniqueness, references, spell overlaps, funnels, quarters) is DuckDB SQL in
``checks/relational.sql``, so it scales with the warehouse, not with pandas.

All checks write failing rows, as (file, row) and never as values, to one temporary table;
from it come the results, the quarantine and ``meta.validation_results``. A blocking failure
stops the run and sets nothing aside; rows failing a row-level warning move from
``staging.<table>`` to ``quarantine.<table>`` so they are neither analysed nor lost.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast, get_args

import duckdb

from gelijkekansen.assets import CHECKS_DIR
from gelijkekansen.config import Config
from gelijkekansen.contract import FUNNEL_STAGES, TABLES, Table
from gelijkekansen.validate.gx_suites import CHUNK_ROWS, GX_MAX_ROWS, Expect, record_suite_failures
from gelijkekansen.validate.results import (
    SAMPLE_SIZE,
    Check,
    CheckResult,
    Scope,
    Severity,
    ValidationReport,
)
from gelijkekansen.warehouse.store import first_row

_FAILURES = "gk_validation_failures"
_REASONS = "gk_validation_reasons"


@dataclass(frozen=True)
class SqlCheck:
    """A check written as a DuckDB query returning (source_file, source_row, detail)."""

    check: Check
    needs: tuple[str, ...]
    sql: str


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
    }
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
    for sql_check in _sql_checks(checks_dir, config):
        checks.append(sql_check.check)
        if not set(sql_check.needs) <= complete:
            skipped.add((sql_check.check.table, sql_check.check.name))
            continue
        con.execute(
            f"insert into {_FAILURES} select $table_name, $check_name, * from ({sql_check.sql})",
            {
                "table_name": sql_check.check.table,
                "check_name": sql_check.check.name,
                **_bind(sql_check.sql, config),
            },
        )
    results = _results(con, checks, skipped, _table_files(con, columns))
    report = ValidationReport(run_id, results)
    if not report.blocking:
        report = ValidationReport(run_id, results, _quarantine(con, report, columns))
    _write_results(con, report)
    con.execute(f"drop table {_FAILURES}")
    return report


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


def _key_unique(table: Table) -> SqlCheck:
    """Uniqueness over the whole table, generated from the contract's key.

    A semi-join to the keys that occur more than once. Measured no faster than a count over a
    window (2-5 s either way at 20M rows); it needs no sort. Equality never matches an empty
    key part, so rows missing one are left to not_null.
    """
    key = ", ".join(f'"{column}"' for column in table.key)
    present = " and ".join(f'"{column}" is not null' for column in table.key)
    sql = (
        f"select source_file, source_row, null as detail from staging.{table.name} "
        f"semi join (select {key} from staging.{table.name} where {present} "
        f"group by {key} having count(*) > 1) as duplicated using ({key})"
    )
    label = "key" if len(table.key) == 1 else f"combination of {', '.join(table.key)}"
    check = Check(
        table.name,
        "key_unique",
        "blocking",
        table.key,
        f"the same {label} appears on more than one row",
        "Keep one row per key: remove the duplicates or correct the ids.",
    )
    return SqlCheck(check, (table.name,), sql)


def _sql_checks(checks_dir: Path, config: Config) -> list[SqlCheck]:
    """Key uniqueness per table, then the checks of ``checks/relational.sql`` in file order."""
    text = (checks_dir / "relational.sql").read_text(encoding="utf-8")
    blocks = re.split(r"^(?=-- check:)", text, flags=re.MULTILINE)[1:]
    return [_key_unique(table) for table in TABLES] + [
        _parse_sql_check(block, config) for block in blocks
    ]


def _parse_sql_check(block: str, config: Config) -> SqlCheck:
    header: dict[str, str] = {}
    lines = block.strip().splitlines()
    while lines and lines[0].startswith("-- ") and ":" in lines[0]:
        key, _, value = lines.pop(0)[3:].partition(":")
        header[key.strip()] = _fill(value.strip(), config)
    severity, scope = header["severity"], header["scope"]
    if severity not in get_args(Severity) or scope not in get_args(Scope):
        raise ValueError(f"relational.sql, check {header['check']}: bad severity or scope")
    check = Check(
        table=header["table"],
        name=header["check"],
        severity=cast(Severity, severity),
        columns=_names(header["columns"]),
        problem=header["problem"],
        hint=header["hint"],
        scope=cast(Scope, scope),
    )
    return SqlCheck(check, _names(header["needs"]), "\n".join(lines).strip().rstrip(";"))


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _parameters(config: Config) -> dict[str, object]:
    """The values a relational check may refer to as ``$name``."""
    return {
        "max_total_fte": config.validation.max_total_fte,
        "max_headcount_drop": config.validation.max_headcount_drop,
        "stages": list(FUNNEL_STAGES),
    }


def _fill(text: str, config: Config) -> str:
    values = _parameters(config)
    return re.sub(r"\$(\w+)", lambda m: f"{values[m[1]]}", text)


def _bind(sql: str, config: Config) -> dict[str, object]:
    """The parameters a query uses; DuckDB refuses values it has no placeholder for."""
    values = _parameters(config)
    return {name: values[name] for name in re.findall(r"\$(\w+)", sql)}


def _results(
    con: duckdb.DuckDBPyConnection,
    checks: Sequence[Check],
    skipped: set[tuple[str, str]],
    files: Mapping[str, str],
) -> tuple[CheckResult, ...]:
    rows = con.execute(
        f"""
        with failures as (
            select distinct * from {_FAILURES}
        ),
        numbered as (
            select
                *,
                row_number() over per_check as n,
                min(source_file) over per_check as first_file
            from failures
            window per_check as (partition by table_name, check_name
                                 order by source_file, source_row)
        )
        select
            table_name,
            check_name,
            count(source_row),
            min(first_file),
            list(source_row order by source_row)
                filter (where n <= {SAMPLE_SIZE} and source_file = first_file),
            list(detail order by detail) filter (where detail is not null)
        from numbered
        group by table_name, check_name
        """
    ).fetchall()
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


def _quarantine(
    con: duckdb.DuckDBPyConnection, report: ValidationReport, columns: Mapping[str, set[str]]
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
                from {_FAILURES} as failures
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


def _write_results(con: duckdb.DuckDBPyConnection, report: ValidationReport) -> None:
    """One row per check and run; a re-run with the same id replaces its rows."""
    con.execute("create schema if not exists meta")
    con.execute(
        "create table if not exists meta.validation_results ("
        "run_id varchar, table_name varchar, check_name varchar, column_names varchar, "
        "severity varchar, passed boolean, failing_rows bigint, sample_rows bigint[])"
    )
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
