"""Run the whole pipeline on a synthetic organisation, for end-to-end tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import Config, load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.synthetic import generate, parse_scale


def run_synthetic(
    out: Path, *, seed: int, scale: str, effects: Path | None = None, check_chains: bool = True
) -> tuple[Path, Path]:
    """Generate, ingest and analyse; returns (extraction folder, output folder).

    ``check_chains=False`` is for tests of the statistics over several organisations: the chain
    check decides which further cells are hidden, at several times the filter's cost, and the
    default policy is tested on the HU release and in tests/e2e.
    """
    extraction = out / "extraction"
    generate(extraction, seed=seed, scale=parse_scale(scale), effects=effects)
    config = load_config(extraction / "gelijkekansen.toml")
    if not check_chains:
        config = without_chain_check(config)
    warehouse = out / "warehouse.duckdb"
    ingest(extraction, warehouse=warehouse, config=config)
    analyse(warehouse, config=config, out_dir=out / "metrics")
    return extraction, out


def without_chain_check(config: Config) -> Config:
    """``config`` with the privacy filter's chain check off: for tests of what does not depend
    on which further cells are hidden (statistics, pruning), at a third of the filter's cost."""
    return replace(config, privacy=replace(config.privacy, check_chains=False))
