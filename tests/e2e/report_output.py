"""A small pipeline output with both reports rendered in Dutch and English.

The minimum cell size is set to 13, a value no default uses, so a count that slipped past the
privacy filter stands out in the rendered reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import Config, load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.report.build import RenderedReport, render_reports
from gelijkekansen.synthetic import generate, parse_scale

MIN_CELL = 13
SCALE = "employees=900,quarters=12,applications_per_year=3000"


@dataclass(frozen=True)
class Rendered:
    """The pipeline output folder, its config and the rendered reports per language."""

    out: Path
    config: Config
    reports: dict[str, list[RenderedReport]]


def build(out: Path) -> Rendered:
    """Generate, ingest and analyse a small organisation in ``out``; render every report."""
    extraction = out / "extraction"
    generate(extraction, seed=11, scale=parse_scale(SCALE))
    toml = extraction / "gelijkekansen.toml"
    text, count = re.subn(r"(?m)^min_cell = \d+$", f"min_cell = {MIN_CELL}", toml.read_text())
    assert count == 1, "the synthetic config no longer sets privacy.min_cell"
    toml.write_text(text, encoding="utf-8")
    config = load_config(toml)
    warehouse = out / "warehouse.duckdb"
    ingest(extraction, warehouse=warehouse, config=config, report_dir=out / "validation")
    analyse(warehouse, config=config, out_dir=out / "metrics")
    reports = {lang: render_reports(out, config=config, language=lang) for lang in ("nl", "en")}
    return Rendered(out=out, config=config, reports=reports)
