"""Render the reports of an output folder, in one language: the two standard reports and,
when the warehouse holds pay indicators, the pay transparency report.

Each report is one template in ``reports/`` rendered with the output folder, language and
configuration as parameters; the file names follow the language so a Dutch and an English set
can sit side by side in ``OUT/reports``. Charts are drawn into a scratch folder that is removed
afterwards, and a report's files only appear once all its formats rendered.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gelijkekansen.assets import REPORTS_DIR
from gelijkekansen.config import LANGUAGES, Config
from gelijkekansen.contract import TOTAL
from gelijkekansen.errors import ConfigError
from gelijkekansen.periods import parse_period
from gelijkekansen.progress import Progress, silent
from gelijkekansen.report.published import Warehouse
from gelijkekansen.report.render.engine import FORMATS, render_report
from gelijkekansen.warehouse.fingerprint import forget_reports, record_reports

REPORTS: dict[str, dict[str, str]] = {
    "equity": {"nl": "kwartaalrapportage-gelijke-kansen", "en": "quarterly-equity-report"},
    "monitor": {"nl": "monitor-leidinggevenden-docenten", "en": "leaders-teachers-monitor"},
}
"""Template stem in ``reports/`` to the published file name per language."""
PAY_REPORT: dict[str, dict[str, str]] = {
    "pay": {"nl": "rapportage-loontransparantie", "en": "pay-transparency-report"},
}
"""Rendered beside ``REPORTS`` only when ``published.pay_indicators`` has rows, and only for
the whole organisation (the directive's indicators are the employer's); otherwise not at all."""


@dataclass(frozen=True)
class RenderedReport:
    """One rendered report: its files and how many charts the presentation API drew for it."""

    template: str
    paths: list[Path]
    charts: int


def build_reports(
    out: Path,
    *,
    config: Config,
    language: str,
    progress: Progress = silent,
    period: str | None = None,
    org_unit: str | None = None,
) -> list[Path]:
    """Render every report of ``out`` in ``language``; returns the HTML and PDF paths."""
    rendered = render_reports(
        out, config=config, language=language, progress=progress, period=period,
        org_unit=org_unit or TOTAL,
    )
    return [path for report in rendered for path in report.paths]


def render_reports(
    out: Path,
    *,
    config: Config,
    language: str,
    progress: Progress = silent,
    period: str | None = None,
    org_unit: str = TOTAL,
) -> list[RenderedReport]:
    """Render each report to ``out/reports/<name>.html`` and ``.pdf``."""
    if language not in LANGUAGES:
        raise ConfigError(
            f"Reports are written in {', '.join(LANGUAGES)}, not '{language}'.",
            hint="Use --lang nl or --lang en.",
        )
    # Checked here, so that a report that cannot be written says why in words instead of
    # failing inside the template's first cell.
    warehouse = Warehouse(out / "warehouse.duckdb")
    warehouse.check(period_end=parse_period(period)[1] if period else None, org_unit=org_unit)
    target = out / "reports"
    target.mkdir(parents=True, exist_ok=True)
    params: dict[str, object] = {
        "out": str(out.resolve()),
        "lang": language,
        "period": period,
        "org_unit": org_unit,
        # Settings stored in the warehouse are read there again by the template (None).
        "config": str(config.source.resolve())
        if config.source and config.stored_run is None else None,
    }
    forget_reports(out, language)
    suffix = "".join(f"-{part}" for part in (org_unit if org_unit != TOTAL else None, period)
                     if part)
    templates = dict(REPORTS)
    if org_unit == TOTAL and warehouse.has("pay_indicators"):
        templates |= PAY_REPORT
    else:  # no pay data (any more): no pay report, and none left over from an earlier run
        for names in PAY_REPORT.values():
            for fmt in FORMATS:
                (target / f"{names[language]}{suffix}.{fmt}").unlink(missing_ok=True)
    # Each report runs its own kernel, pandoc and Typst: side by side they take half the time.
    with ThreadPoolExecutor(max_workers=len(REPORTS)) as pool:
        futures = [
            pool.submit(
                _render_one, template, names[language] + suffix, target, params, progress
            )
            for template, names in templates.items()
        ]
        rendered = [future.result() for future in futures]
    paths = [path for report in rendered for path in report.paths]
    record_reports(out, config, language=language, period=period, org_unit=org_unit, paths=paths)
    return rendered


def _render_one(
    template: str, name: str, target: Path, params: dict[str, object], progress: Progress
) -> RenderedReport:
    """Render one template and move its files to their published names."""
    progress(name)
    with (
        tempfile.TemporaryDirectory(prefix="gk-figures-") as figures,
        tempfile.TemporaryDirectory(prefix=f".{name}-", dir=target) as staging,
    ):
        staged = render_report(
            REPORTS_DIR / f"{template}.qmd",
            out_dir=Path(staging),
            params={**params, "figures": figures},
        )
        paths = []
        for path, fmt in zip(staged, FORMATS, strict=True):
            final = target / f"{name}.{fmt}"
            os.replace(path, final)
            paths.append(final)
        charts = len(list(Path(figures).glob("*.svg")))
    return RenderedReport(template=template, paths=paths, charts=charts)
