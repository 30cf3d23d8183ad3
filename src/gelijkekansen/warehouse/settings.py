"""The settings that travel with the data: the gelijkekansen.toml stored at ingest.

``analyse`` and ``report`` run after ``ingest``, often without the extraction folder at hand;
reading the settings stored in ``meta.config`` keeps the organisation's name, targets and
minimum cell size instead of silently falling back to the defaults.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from gelijkekansen.config import Config, WarehouseSettings, load_config, parse_config
from gelijkekansen.errors import ConfigError
from gelijkekansen.warehouse.models import query
from gelijkekansen.warehouse.store import connect


def stored_config(warehouse: Path) -> Config | None:
    """The settings of the latest load into ``warehouse``; ``None`` when none were stored."""
    if not warehouse.is_file():
        return None
    with connect(warehouse, WarehouseSettings(), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'meta' and table_name = 'config'"
        ).fetchall()
        if not exists[0][0]:
            return None
        rows = query(con, "warehouse.latest_config").fetchall()
    if not rows:
        return None
    run_id, source, text = rows[0]
    path = Path(source) if source else None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{warehouse}: the settings stored by run {run_id} are not valid "
                          f"TOML ({exc}).", hint="Pass --config gelijkekansen.toml.") from exc
    parsed = parse_config(raw, source=path) if text else Config()
    return dataclasses.replace(parsed, source=path, stored_run=run_id)


def resolve_config(warehouse: Path, explicit: Path | None) -> Config:
    """The settings named with ``--config``, else those stored at ingest, else the defaults."""
    if explicit is not None:
        return load_config(explicit)
    return stored_config(warehouse) or Config()


def describe(config: Config) -> str:
    """Which settings were used, for the command line: a user must see it was not a default."""
    if config.stored_run is not None:
        origin = f" (from {config.source})" if config.source else " (built-in defaults)"
        return f"settings stored in the warehouse by ingest run {config.stored_run}{origin}"
    if config.source is not None:
        return f"settings from {config.source}"
    return "built-in default settings (no gelijkekansen.toml found or stored)"
