"""Run the whole pipeline on a synthetic organisation, for end-to-end tests."""

from __future__ import annotations

from pathlib import Path

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.synthetic import generate, parse_scale


def run_synthetic(
    out: Path, *, seed: int, scale: str, effects: Path | None = None
) -> tuple[Path, Path]:
    """Generate, ingest and analyse; returns (extraction folder, output folder)."""
    extraction = out / "extraction"
    generate(extraction, seed=seed, scale=parse_scale(scale), effects=effects)
    config = load_config(extraction / "gelijkekansen.toml")
    warehouse = out / "warehouse.duckdb"
    ingest(extraction, warehouse=warehouse, config=config)
    analyse(warehouse, config=config, out_dir=out / "metrics")
    return extraction, out
