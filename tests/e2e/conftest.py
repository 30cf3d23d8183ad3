"""The rendered reports, built once per test session (see report_output), and the demo
organisation at HU scale, analysed once for the slow tests that need its planted effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.synthetic import generate, parse_scale
from tests.e2e.report_output import Rendered, build


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return build(tmp_path_factory.mktemp("report-e2e"))


@pytest.fixture(scope="session")
def hu(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation at HU scale (seed 42), ingested and analysed, not rendered."""
    out = tmp_path_factory.mktemp("hu")
    extraction = out / "extraction"
    generate(extraction, seed=42, scale=parse_scale("hu"))
    config = load_config(extraction / "gelijkekansen.toml")
    ingest(extraction, warehouse=out / "warehouse.duckdb", config=config)
    analyse(out / "warehouse.duckdb", config=config, out_dir=out / "metrics")
    return out
