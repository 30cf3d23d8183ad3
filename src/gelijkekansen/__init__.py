"""gelijkekansen: equity monitor for hiring, promotion and internal mobility.

The library face: every step the command line runs is one call here, so an analyst can do in a
notebook what ``gelijkekansen run`` does, step by step::

    import gelijkekansen as gk

    config = gk.load_config(Path("exports/2026Q3/gelijkekansen.toml"))
    gk.ingest(Path("exports/2026Q3"), warehouse=Path("out/warehouse.duckdb"), config=config)
    gk.analyse(Path("out/warehouse.duckdb"), config=config, out_dir=Path("out/metrics"))
    gk.build_reports(Path("out"), config=config, language="nl")

Each function imports its stage only when called, so ``import gelijkekansen`` stays cheap.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from gelijkekansen.config import Config, load_config
from gelijkekansen.progress import Progress, silent

if TYPE_CHECKING:
    import polars as pl
    from fairlearn.metrics import MetricFrame

    from gelijkekansen.analyse.audit import AuditReport
    from gelijkekansen.ingest.load import IngestResult
    from gelijkekansen.ingest.snapshots import EndOnExit, Start
    from gelijkekansen.synthetic import GroundTruth
    from gelijkekansen.synthetic.writer import Dialect

__version__ = "0.1.0"
__all__ = [
    "Config",
    "analyse",
    "audit_release",
    "build_reports",
    "compare",
    "describe_config",
    "ingest",
    "list_runs",
    "load_config",
    "metric_frame",
    "paygap",
    "resolve_config",
    "reusable_analysis",
    "reusable_reports",
    "snapshots_to_spells",
    "synth",
    "validate",
]

# The stage packages ingest/, validate/ and analyse/ share their names with the steps below.
# Importing a package binds it as an attribute of its parent, so they are imported first and
# the functions defined after them are what ``gk.ingest`` and friends stay. (Import their
# modules with ``from gelijkekansen.analyse import stats``, not ``import gelijkekansen.analyse``.)
for _stage in ("ingest", "validate", "analyse"):
    importlib.import_module(f"gelijkekansen.{_stage}")


def ingest(
    extraction: Path,
    *,
    warehouse: Path,
    config: Config,
    period: str | None = None,
    report_dir: Path | None = None,
    allow_shrink: bool = False,
    progress: Progress = silent,
) -> IngestResult:
    """Load one quarterly extraction into the warehouse, all or nothing (re-loading is a no-op).

    A re-delivery that shrinks a table sharply for its period is refused unless ``allow_shrink``.
    """
    from gelijkekansen.ingest.load import ingest as load

    return load(
        extraction,
        warehouse=warehouse,
        config=config,
        period=period,
        report_dir=report_dir,
        allow_shrink=allow_shrink,
        progress=progress,
    )


def validate(
    extraction: Path,
    *,
    config: Config,
    report_dir: Path,
    period: str | None = None,
    progress: Progress = silent,
) -> IngestResult:
    """Check an extraction as ingest would, without loading it; writes ``report_dir``.

    The result's ``validation`` holds the report and ``warnings`` what ingest would warn about.
    """
    from gelijkekansen.ingest.load import ingest as load

    result = load(
        extraction,
        warehouse=report_dir / "dry-run.duckdb",
        config=config,
        period=period,
        dry_run=True,
        report_dir=report_dir,
        progress=progress,
    )
    return result


def analyse(
    warehouse: Path, *, config: Config, out_dir: Path, progress: Progress = silent
) -> list[Path]:
    """Rebuild the marts and the published, privacy-filtered tables; export them to ``out_dir``."""
    from gelijkekansen.analyse.run import analyse as run_analysis

    return run_analysis(warehouse, config=config, out_dir=out_dir, progress=progress)


def audit_release(
    metrics: Path,
    *,
    config: Config,
    width: int | None = None,
    budget_seconds: float | None = None,
    workers: int = 1,
) -> AuditReport:
    """Audit published exports as an attacker would: small counts, or hidden counts narrowed;
    ``workers`` threads share the linear programmes."""
    from gelijkekansen.analyse.audit import audit_release as audit

    return audit(
        metrics, config=config, width=width, budget_seconds=budget_seconds, workers=workers
    )


def reusable_analysis(warehouse: Path, *, config: Config, out_dir: Path) -> list[Path] | None:
    """The last analysis's exports if nothing it depends on has changed since, else None."""
    from gelijkekansen.warehouse.fingerprint import current_analysis

    return current_analysis(warehouse, config, out_dir)


def reusable_reports(out: Path, *, config: Config, language: str) -> list[Path] | None:
    """The last reports in ``language`` if they still show the current analysis, else None."""
    from gelijkekansen.warehouse.fingerprint import current_reports

    return current_reports(out, config, language=language)


def build_reports(
    out: Path,
    *,
    config: Config,
    language: str,
    period: str | None = None,
    org_unit: str | None = None,
    progress: Progress = silent,
) -> list[Path]:
    """Render the equity report and the leaders & teachers monitor (HTML and PDF) in ``out``,
    and the pay transparency report when the warehouse holds pay indicators.

    ``period`` (e.g. ``2025Q4``) and ``org_unit`` (e.g. ``INST03``) choose any loaded quarter and
    one unit; by default the latest quarter and the whole organisation.
    """
    from gelijkekansen.report.build import build_reports as render

    return render(
        out, config=config, language=language, period=period, org_unit=org_unit, progress=progress
    )


def resolve_config(warehouse: Path, explicit: Path | None = None) -> Config:
    """The settings named explicitly, else those stored at ingest, else the defaults."""
    from gelijkekansen.warehouse.settings import resolve_config as resolve

    return resolve(warehouse, explicit)


def describe_config(config: Config) -> str:
    """Which settings these are, in words (a file, the warehouse's stored copy, the defaults)."""
    from gelijkekansen.warehouse.settings import describe

    return describe(config)


def compare(counts: Path, *, reference: str = "highest", min_cell: int = 10) -> str:
    """The selection-rate comparison of counts per group (``group,pool,selected[,stratum]``)."""
    from gelijkekansen.analyse.compare import compare_counts

    return compare_counts(counts, reference=reference, min_cell=min_cell)


def paygap(
    pay: Path,
    *,
    by: str | None = None,
    min_cell: int = 10,
    justifications: Path | None = None,
    report_date: date | None = None,
) -> str:
    """EU Directive 2023/970 article 9 pay gap indicators (CSV) from one row per worker."""
    from gelijkekansen.analyse.pay_release import paygap_file

    return paygap_file(
        pay, by=by, min_cell=min_cell, justifications=justifications, report_date=report_date
    )


def synth(
    out: Path,
    *,
    seed: int = 42,
    scale: str = "hu",
    effects: Path | None = None,
    dialect: Dialect = "csv",
) -> GroundTruth:
    """Write a synthetic hogeschool extraction with planted disparities to ``out``."""
    from gelijkekansen.synthetic import generate, parse_scale

    return generate(out, seed=seed, scale=parse_scale(scale), effects=effects, dialect=dialect)


def metric_frame(counts: pl.DataFrame) -> MetricFrame:
    """One comparison's published counts as a fairlearn MetricFrame, for further exploration."""
    from gelijkekansen.analyse.metric_frame import metric_frame as as_metric_frame

    return as_metric_frame(counts)


def snapshots_to_spells(
    snapshots: Path,
    out: Path,
    *,
    start: Start = "observed",
    end_on_exit: EndOnExit = "last_observed",
    renames: dict[str, str] | None = None,
) -> tuple[Path, int]:
    """Turn periodic HR snapshots into the positions table (spells); returns the file and count."""
    from gelijkekansen.ingest.snapshots import snapshots_to_spells as convert
    from gelijkekansen.ingest.snapshots import write_spells

    spells = convert(snapshots, start=start, end_on_exit=end_on_exit, renames=renames or {})
    return write_spells(spells, out), spells.height


def list_runs(warehouse: Path) -> list[tuple[object, ...]]:
    """The run log: every run, oldest first, with the files it read."""
    from gelijkekansen.warehouse.runlog import list_runs as read_log

    return read_log(warehouse)
