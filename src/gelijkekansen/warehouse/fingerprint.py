"""What the last analysis and the last reports were made from, so an unchanged run reuses them.

A fingerprint is a SHA-256 over everything a result depends on: the files of each period's
current delivery (their SHA-256 as the run log recorded them), the parsed configuration and the
package version. ``analyse`` stores its fingerprint in ``meta.outputs`` inside its own write
transaction; the reports store theirs (the analysis fingerprint, configuration, language and
selection) in a small manifest in the output folder (``OUT/.reports-<lang>.json``, outside
``reports/`` so that folder holds only reports); a set is reused only while every file it
lists still exists. ``gelijkekansen run`` compares before it redoes anything, and this module
imports only DuckDB, so the comparison costs milliseconds, not the statistics and rendering
imports.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path

import duckdb

from gelijkekansen import __version__
from gelijkekansen.config import Config, WarehouseSettings
from gelijkekansen.contract import TOTAL
from gelijkekansen.warehouse.models import query
from gelijkekansen.warehouse.store import first_row

ANALYSIS = "analyse"

def inputs_fingerprint(con: duckdb.DuckDBPyConnection, config: Config) -> str:
    """SHA-256 of each period's current files, the configuration and the package version.

    Where the warehouse lives and how many threads DuckDB gets change no result, so they are
    left out; so is the configuration file's path (the same settings elsewhere are the same).
    """
    files = query(con, "warehouse.current_files").fetchall()
    return _digest(json.dumps(files), _settings(config))


def record_analysis(
    con: duckdb.DuckDBPyConnection, fingerprint: str, *, run_id: str, files: list[str]
) -> None:
    """Remember, in the caller's transaction, what this analysis was made from
    (``inputs_fingerprint``) and wrote."""
    con.execute(
        "insert or replace into meta.outputs values (?, ?, ?, ?)",
        [ANALYSIS, fingerprint, run_id, files],
    )


def current_analysis(warehouse: Path, config: Config, out_dir: Path) -> list[Path] | None:
    """The exported files of the last analysis if nothing it used has changed since, else None.

    None also when any of its files is missing from ``out_dir``: then it must be redone.
    """
    stored = _stored_analysis(warehouse, config)
    if stored is None or stored[0] != stored[1]:
        return None
    # names may climb out of out_dir (the restricted view sits beside it)
    paths = [Path(os.path.normpath(out_dir / name)) for name in stored[2]]
    return paths if all(path.is_file() for path in paths) else None


def record_reports(
    out: Path,
    config: Config,
    *,
    language: str,
    period: str | None,
    org_unit: str,
    paths: list[Path],
) -> None:
    """Write the manifest of a report set just rendered, unless the analysis is unknown."""
    fingerprint = _reports_fingerprint(out, config, language, period, org_unit)
    manifest = _manifest(out, language)
    if fingerprint is None:
        manifest.unlink(missing_ok=True)
        return
    files = [str(path.relative_to(out)) for path in paths]
    manifest.write_text(json.dumps({"fingerprint": fingerprint, "files": files}), encoding="utf-8")


def forget_reports(out: Path, language: str) -> None:
    """Drop the manifest before rendering, so a half-rendered set is never reused."""
    _manifest(out, language).unlink(missing_ok=True)


def current_reports(out: Path, config: Config, *, language: str) -> list[Path] | None:
    """The standard reports of ``out`` in ``language`` if they show the current analysis."""
    manifest = _manifest(out, language)
    if not manifest.is_file():
        return None
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    wanted = _reports_fingerprint(out, config, language, None, TOTAL)
    if wanted is None or recorded.get("fingerprint") != wanted:
        return None
    paths = [out / name for name in recorded.get("files", [])]
    return paths if paths and all(path.is_file() for path in paths) else None


def _reports_fingerprint(
    out: Path, config: Config, language: str, period: str | None, org_unit: str
) -> str | None:
    stored = _stored_analysis(out / "warehouse.duckdb", config)
    if stored is None:
        return None
    # the reports show what the last analysis published, current or not
    return _digest(stored[0], _settings(config), language, str(period), org_unit)


def _stored_analysis(warehouse: Path, config: Config) -> tuple[str, str, list[str]] | None:
    """(stored fingerprint, current inputs' fingerprint, exported files), or None."""
    if not warehouse.is_file():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        exists = first_row(
            con,
            "select count(*) from information_schema.tables "
            "where table_schema = 'meta' and table_name = 'outputs'",
        )
        if not exists or not exists[0]:
            return None
        row = first_row(
            con, "select fingerprint, files from meta.outputs where step = ?", [ANALYSIS]
        )
        if row is None:
            return None
        return str(row[0]), inputs_fingerprint(con, config), [str(name) for name in row[1]]


def _settings(config: Config) -> str:
    return repr(replace(config, source=None, warehouse=WarehouseSettings()))


def _manifest(out: Path, language: str) -> Path:
    return out / f".reports-{language}.json"


def _digest(*parts: str) -> str:
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()
