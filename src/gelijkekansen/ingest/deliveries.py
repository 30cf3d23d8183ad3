"""Guards that protect what was loaded from a delivery that is not what it claims to be.

A re-delivery replaces its period's data, so a header-only file would silently empty a table;
an extraction sent again under another period's name would count the same people twice; data
running years past the declared quarter means the period is wrong. Each of these is refused or
warned about before anything is published, with the numbers found.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from gelijkekansen.config import CONFIG_FILE, Config
from gelijkekansen.contract import TABLES
from gelijkekansen.errors import ValidationFailed
from gelijkekansen.ingest.sources import FORMATS, SourceFile
from gelijkekansen.warehouse.models import query
from gelijkekansen.warehouse.store import store_frame

EXPECTED_EXTRAS = ("extraction.toml", CONFIG_FILE, "ground_truth.json", "pay_truth.json")
"""Files an extraction folder may hold besides the tables (the *_truth.json: synthetic data)."""


def stray_files(folder: Path, sources: list[SourceFile]) -> list[str]:
    """Warnings naming each file in the folder that is neither a table nor a settings file."""
    used = {source.path.name for source in sources} | set(EXPECTED_EXTRAS)
    known = {table.name for table in TABLES}
    warnings = []
    for path in sorted(folder.iterdir()):
        if path.name in used or path.name.startswith("."):
            continue
        why = (
            "its name is not a table of the data contract"
            if path.suffix in FORMATS and path.stem not in known
            else "not a table file of the data contract"
        )
        warnings.append(f"{path.name}: {why}; ignored (not loaded).")
    return warnings


def refuse_copied_delivery(
    con: duckdb.DuckDBPyConnection, period: str, fingerprints: dict[str, str]
) -> list[str]:
    """Refuse a delivery whose files are all byte-identical to those loaded for another period
    (the same export sent again under another quarter's name); a single identical file (an
    unchanged vacancies list) is a warning naming it."""
    if not fingerprints:
        return []
    frame = pl.DataFrame(
        {"table_name": list(fingerprints), "sha256": list(fingerprints.values())}
    )
    con.register("delivered_fingerprints", frame)
    try:
        rows = query(con, "ingest.copied_files", period=period).fetchall()
    finally:
        con.unregister("delivered_fingerprints")
    names = "; ".join(f"{name} is identical to the one loaded for {other}"
                      for _, name, other in rows)
    if rows and {table for table, _, _ in rows} != set(fingerprints):
        return [f"{names}; check that it is this quarter's export."]
    if rows:
        raise ValidationFailed(
            f"This delivery for {period} repeats earlier files: {names}.",
            hint="Check that the extraction folder holds this quarter's export, and the "
            "period in extraction.toml or --period; nothing was loaded.",
        )
    return []


def refuse_shrinking(
    con: duckdb.DuckDBPyConnection,
    period: str,
    counts: dict[str, int],
    *,
    max_shrink: float,
    allow_shrink: bool,
) -> list[str]:
    """Refuse a re-delivery in which a table lost more than ``max_shrink`` of its rows."""
    previous = query(con, "ingest.loaded_row_counts", period=period).fetchall()
    shrunk = [
        (table, int(before), counts.get(table, 0))
        for table, before in previous
        if before and counts.get(table, 0) < (1 - max_shrink) * before
    ]
    if not shrunk:
        return []
    described = "; ".join(f"{table} from {old} to {new} rows" for table, old, new in shrunk)
    if allow_shrink:
        return [f"Re-delivery of {period} shrinks {described} (allowed by --allow-shrink)."]
    raise ValidationFailed(
        f"This re-delivery of {period} would shrink {described}, more than "
        f"{max_shrink:.0%} (validation.max_shrink); the loaded data was kept.",
        hint="If the smaller delivery is right, load it again with --allow-shrink.",
    )


def dates_beyond_period(con: duckdb.DuckDBPyConnection, period_end: date) -> list[str]:
    """Warnings for event dates after the period's end, with the range found per column
    (``ingest.dates_beyond_period`` lists the event dates)."""
    found = query(con, "ingest.dates_beyond_period", period_end=period_end).fetchall()
    return [
        f"{file}, column {column}: dates run from {low} to {high}, {after} row(s) "
        f"after the end of the period ({period_end}); check the period "
        "(extraction.toml or --period)."
        for column, low, high, file, after in found
    ]


def store_date_bounds(
    con: duckdb.DuckDBPyConnection, period_end: date, config: Config
) -> None:
    """``staging.delivery``: the period's end and the plausible date range the checks use."""
    latest = period_end.replace(year=period_end.year + config.validation.max_years_after_period)
    store_frame(
        con,
        "staging.delivery",
        pl.DataFrame(
            {
                "period_end": [period_end],
                "earliest_date": [config.validation.earliest_date],
                "latest_date": [latest],
            }
        ),
    )
