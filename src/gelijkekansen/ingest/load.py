"""Load one extraction: land, guard, type, stage, validate, then publish it all at once.

Everything happens inside one warehouse write transaction (a scratch copy swapped in at the
end), so a refused file, a failed check or a kill leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import hashlib
import importlib
import tomllib
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import duckdb
import polars as pl

from gelijkekansen.config import Config
from gelijkekansen.contract import TABLES, Table
from gelijkekansen.errors import InputError, Location
from gelijkekansen.ingest.casting import empty_select_list, plan_columns
from gelijkekansen.ingest.deliveries import (
    dates_beyond_period,
    refuse_copied_delivery,
    refuse_shrinking,
    store_date_bounds,
    stray_files,
)
from gelijkekansen.ingest.privacy_guard import (
    IdentifierFinding,
    find_direct_identifiers,
    refuse_findings,
    sql_could_be_identifier,
)
from gelijkekansen.ingest.sources import SourceFile, find_sources, land
from gelijkekansen.periods import parse_period
from gelijkekansen.progress import Progress, silent
from gelijkekansen.validate.results import ValidationReport, write_validation_report
from gelijkekansen.warehouse.models import query, run_models
from gelijkekansen.warehouse.retention import prune_deliveries
from gelijkekansen.warehouse.runlog import record_run
from gelijkekansen.warehouse.store import (
    first_row,
    quote_identifier,
    store_frame,
    write_transaction,
)

EXTRACTION_FILE = "extraction.toml"
GUARD_CHUNK_ROWS = 500_000
_GUARD_WEIGHT = "gelijkekansen_rows"


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did, for the CLI to print."""

    run_id: str
    period: str
    status: str  # loaded, replaced or no-op
    row_counts: dict[str, int]
    warnings: tuple[str, ...]
    validation: ValidationReport | None


def ingest(
    folder: Path,
    *,
    warehouse: Path,
    config: Config,
    period: str | None = None,
    dry_run: bool = False,
    allow_shrink: bool = False,
    report_dir: Path | None = None,
    progress: Progress = silent,
) -> IngestResult:
    """Load the extraction in ``folder`` as the delivery for its period.

    ``dry_run`` reads, guards and validates exactly as a load would, reports blocking failures
    instead of raising them, and leaves the warehouse untouched (``gelijkekansen validate``).
    A re-delivery that shrinks a table sharply is refused unless ``allow_shrink``; files equal
    to another period's are refused (see ``ingest.deliveries``).
    """
    sources = find_sources(folder, TABLES)
    period = period or read_period(folder)
    _, period_end = parse_period(period)
    stray = stray_files(folder, sources)
    fingerprints = {source.table.name: _sha256(source.path) for source in sources}
    run_id = uuid.uuid4().hex[:12]
    started = datetime.now(UTC).replace(tzinfo=None)
    with write_transaction(warehouse, config.warehouse, publish=not dry_run) as con:
        previous = None if dry_run else _identical_run(con, period, fingerprints)
        if previous is not None:
            record_run(
                con, run_id, "ingest", period, "no-op", started, f"identical to run {previous}"
            )
            counts = _row_counts(con, previous)
            return IngestResult(run_id, period, "no-op", counts, (), None)
        stray += refuse_copied_delivery(con, period, fingerprints)
        # only now: a no-op must not start (and then wait at exit for) the GX import
        validation_engine = _import_in_background("gelijkekansen.validate.gate")
        replaced = _period_loaded(con, period)
        progress("reading files")
        warnings, counts = _land_all(con, sources, config)
        warnings = stray + warnings + dates_beyond_period(con, period_end)
        warnings += refuse_shrinking(
            con,
            period,
            counts,
            max_shrink=config.validation.max_shrink,
            allow_shrink=allow_shrink,
        )
        progress("staging")
        _load_reference_tables(con, config)
        store_date_bounds(con, period_end, config)
        run_models(con, "staging")
        progress("validating")
        validation_engine.result()  # an import error surfaces here
        from gelijkekansen.validate.gate import validate_staging
        from gelijkekansen.validate.quarantine import write_quarantine_csv

        report = validate_staging(con, config, run_id=run_id)
        if report_dir is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
            write_validation_report(report, report_dir / "validation.md")
            write_quarantine_csv(con, report_dir / "quarantine")
        if dry_run:
            return IngestResult(run_id, period, "validated", counts, tuple(warnings), report)
        report.raise_if_blocking()
        progress("building core")
        run_models(
            con,
            "core",
            period=period,
            gap_days=config.analysis.continuity_gap_days,
            annual_hours=config.pay.annual_hours,
        )
        pruned = prune_deliveries(con, keep=config.warehouse.keep_deliveries)
        status = "replaced" if replaced else "loaded"
        _log_files(con, run_id, sources, fingerprints, counts)
        detail = ", ".join(f"{table} {rows}" for table, rows in pruned.items())
        pruned_note = f"pruned superseded rows: {detail}" if pruned else None
        _log_config(con, run_id, config)
        record_run(con, run_id, "ingest", period, status, started, pruned_note)
    return IngestResult(run_id, period, status, counts, tuple(warnings), report)


def _import_in_background(module: str) -> Future[ModuleType]:
    """Import ``module`` on a thread while the caller goes on.

    The validation engine imports Great Expectations, about 3 s of a 10 s budget at hogeschool
    size. Reading and staging the files runs in DuckDB and polars, which release the GIL, so the
    import overlaps with them instead of delaying the start.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gelijkekansen-import")
    future = pool.submit(importlib.import_module, module)
    pool.shutdown(wait=False)
    return future


def read_period(folder: Path) -> str:
    """The extraction's period from its extraction.toml (``period = "2026Q3"``)."""
    manifest = folder / EXTRACTION_FILE
    if not manifest.is_file():
        raise InputError(
            Location(str(manifest)),
            "is missing, so the extraction period is unknown",
            hint='Add extraction.toml with period = "2026Q3", or pass --period 2026Q3.',
        )
    try:
        value = tomllib.loads(manifest.read_text(encoding="utf-8")).get("period")
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Location(manifest.name), f"is not valid TOML ({exc})") from None
    if not isinstance(value, str):
        raise InputError(Location(manifest.name, column="period"), "must be a text like 2026Q3")
    return value


def _land_all(
    con: duckdb.DuckDBPyConnection, sources: list[SourceFile], config: Config
) -> tuple[list[str], dict[str, int]]:
    """Land every file, refuse identifiers in any of them, then write the typed raw tables."""
    plans = {}
    findings: list[IdentifierFinding] = []
    for source in sources:
        landed = f"landed_{source.table.name}"
        columns = land(con, source, landed)
        findings += _guard(con, landed, columns, source.name)
        plans[source.table.name] = (source, landed, columns)
    refuse_findings(findings)
    warnings: list[str] = []
    counts: dict[str, int] = {}
    for table in TABLES:
        if table.name not in plans:
            _create_empty_raw(con, table)
            continue
        source, landed, columns = plans[table.name]
        plan = plan_columns(
            con,
            landed,
            table=table,
            file=source.name,
            landed_columns=columns,
            renames=config.column_maps.get(table.name, {}),
        )
        warnings += [
            f"{source.name}, column {extra}: not in the data contract; ignored (not loaded)."
            for extra in plan.extra_columns
        ]
        # No ORDER BY: DuckDB keeps the file's order (preserve_insertion_order), and sorting
        # tens of millions of rows by source_row cost minutes at the large benchmark scale.
        con.execute(
            f"create or replace table raw.{table.name} as "
            f"select {plan.select_list}, ? as source_file from {landed}",
            [source.name],
        )
        con.execute(f"drop table {landed}")
        row = first_row(con, f"select count(*) from raw.{table.name}")
        counts[table.name] = int(row[0]) if row else 0
    return warnings, counts


def _guard(
    con: duckdb.DuckDBPyConnection, landed: str, columns: list[str], file: str
) -> list[IdentifierFinding]:
    """Check each column's distinct values that could be identifiers, counted in DuckDB.

    DuckDB counts the distinct values in parallel and drops those that cannot be an identifier
    (``sql_could_be_identifier``), so a 20M-row file of pseudonymised ids hands polars only
    codes and dates; batches of ``GUARD_CHUNK_ROWS`` values keep memory bounded either way.
    """
    totals: dict[tuple[str, str], int] = {}
    for column in columns:
        text = quote_identifier(column)
        reader = con.sql(
            f"select {text}, count(*) as {_GUARD_WEIGHT} from {landed} "
            f"where {sql_could_be_identifier(column, text)} group by all"
        ).to_arrow_reader(GUARD_CHUNK_ROWS)
        for batch in reader:
            values = pl.from_arrow(batch)
            assert isinstance(values, pl.DataFrame)
            for finding in find_direct_identifiers(values, file=file, weight=_GUARD_WEIGHT):
                key = (finding.column, finding.kind)
                totals[key] = totals.get(key, 0) + finding.hits
    return [
        IdentifierFinding(file=file, column=column, kind=kind, hits=hits)  # type: ignore[arg-type]
        for (column, kind), hits in sorted(totals.items())
    ]


def _create_empty_raw(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """``raw.<table>`` for a table the extraction has no file for: its columns, no rows."""
    con.execute(
        f"create or replace table raw.{table.name} as "
        f"select {empty_select_list(table)}, cast(null as varchar) as source_file limit 0"
    )


def _load_reference_tables(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Config-derived lookups the SQL models join to: code maps, ladders, leadership layers."""
    code_map = pl.DataFrame(
        [
            (code_list, source, code)
            for code_list, mapping in sorted(config.code_maps.items())
            for source, code in sorted({s.lower(): c for s, c in mapping.items()}.items())
        ],
        schema={"code_list": pl.Utf8, "source_code": pl.Utf8, "code": pl.Utf8},
        orient="row",
    )
    ladder = pl.DataFrame(
        [(level, "op", rank) for rank, level in enumerate(config.ladder.teaching, start=1)]
        + [(level, "obp", rank) for rank, level in enumerate(config.ladder.support, start=1)],
        schema={"ladder_level": pl.Utf8, "staff_category": pl.Utf8, "ladder_rank": pl.Int64},
        orient="row",
    )
    layers = pl.DataFrame(
        [(layer, rank) for rank, layer in enumerate(config.leadership_layers, start=1)],
        schema={"leadership_layer": pl.Utf8, "layer_rank": pl.Int64},
        orient="row",
    )
    for name, frame in (("code_map", code_map), ("ref_ladder", ladder), ("ref_layers", layers)):
        store_frame(con, f"staging.{name}", frame)


def _identical_run(
    con: duckdb.DuckDBPyConnection, period: str, fingerprints: dict[str, str]
) -> str | None:
    """The latest load of this period, if it read exactly these files (by SHA-256)."""
    latest = _latest_load(con, period)
    if latest is None:
        return None
    loaded = dict(
        con.execute(
            "select table_name, sha256 from meta.files where run_id = ?", [latest]
        ).fetchall()
    )
    return latest if loaded == fingerprints else None


def _period_loaded(con: duckdb.DuckDBPyConnection, period: str) -> bool:
    return _latest_load(con, period) is not None


def _latest_load(con: duckdb.DuckDBPyConnection, period: str) -> str | None:
    """The run that loaded ``period`` last, if any did."""
    rows = query(con, "ingest.latest_load", period=period).fetchall()
    return str(rows[0][0]) if rows else None


def _row_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    rows = con.execute("select table_name, row_count from meta.files where run_id = ?", [run_id])
    return {str(name): int(count) for name, count in rows.fetchall()}


def _log_files(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    sources: list[SourceFile],
    fingerprints: dict[str, str],
    counts: dict[str, int],
) -> None:
    con.executemany(
        "insert into meta.files values (?, ?, ?, ?, ?)",
        [
            (run_id, s.table.name, s.name, fingerprints[s.table.name], counts[s.table.name])
            for s in sources
        ],
    )


def _log_config(con: duckdb.DuckDBPyConnection, run_id: str, config: Config) -> None:
    """Keep the settings text with the data it shaped (see warehouse.settings)."""
    source = config.source
    text = source.read_text(encoding="utf-8") if source is not None else ""
    con.execute(
        "insert into meta.config values (?, ?, ?)",
        [run_id, str(source.resolve()) if source is not None else None, text],
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
