"""Reuse of an analysis and its reports: found when nothing changed, refused after any change."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gelijkekansen.analyse.run import analyse
from gelijkekansen.cli import app
from gelijkekansen.config import Config, WarehouseSettings, load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.warehouse.fingerprint import (
    current_analysis,
    current_reports,
    record_reports,
)

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"


@pytest.fixture(scope="module")
def analysed_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed sample ingested and analysed once for this module."""
    out = tmp_path_factory.mktemp("analysed")
    config = load_config(SAMPLE / "gelijkekansen.toml")
    ingest(SAMPLE, warehouse=out / "warehouse.duckdb", config=config)
    analyse(out / "warehouse.duckdb", config=config, out_dir=out / "metrics")
    return out


@pytest.fixture
def analysed(analysed_once: Path, tmp_path: Path) -> tuple[Path, Config, list[Path]]:
    """A private copy of the analysed sample; returns (out, config, exported files)."""
    out = tmp_path / "out"
    shutil.copytree(analysed_once, out)
    written = sorted([*(out / "metrics").iterdir(), *(out / "restricted").iterdir()])
    return out, load_config(SAMPLE / "gelijkekansen.toml"), written


def test_an_unchanged_analysis_is_found_with_the_files_it_wrote(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, written = analysed
    found = current_analysis(out / "warehouse.duckdb", config, out / "metrics")
    assert found is not None and sorted(found) == written


def test_settings_that_change_no_result_do_not_invalidate_the_analysis(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, written = analysed
    elsewhere = replace(config, source=None, warehouse=WarehouseSettings(threads=1))
    found = current_analysis(out / "warehouse.duckdb", elsewhere, out / "metrics")
    assert found is not None and sorted(found) == written


def test_a_changed_setting_invalidates_the_analysis(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, _ = analysed
    stricter = replace(config, min_cell=config.min_cell + 1)
    assert current_analysis(out / "warehouse.duckdb", stricter, out / "metrics") is None


def test_a_missing_export_invalidates_the_analysis(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, written = analysed
    written[-1].unlink()
    assert current_analysis(out / "warehouse.duckdb", config, out / "metrics") is None


def test_a_new_delivery_invalidates_the_analysis_and_the_reports(
    analysed: tuple[Path, Config, list[Path]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out, config, _ = analysed
    reports = _fake_reports(out, config, "nl")
    assert current_reports(out, config, language="nl") == reports
    corrected = tmp_path_factory.mktemp("corrected") / "extraction"
    shutil.copytree(SAMPLE, corrected)
    persons = (corrected / "persons.csv").read_text(encoding="utf-8").splitlines()
    (corrected / "persons.csv").write_text("\n".join(persons[:-1]) + "\n", encoding="utf-8")
    positions = (corrected / "positions.csv").read_text(encoding="utf-8").splitlines()
    dropped = persons[-1].split(",")[0]
    kept = [line for line in positions if not line.startswith(f"{dropped},")]
    (corrected / "positions.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = ingest(corrected, warehouse=out / "warehouse.duckdb", config=config)
    assert result.status == "replaced"
    assert current_analysis(out / "warehouse.duckdb", config, out / "metrics") is None
    # the reports still show the analysis they were made from; it is the analysis that is stale
    assert current_reports(out, config, language="nl") == reports
    analyse(out / "warehouse.duckdb", config=config, out_dir=out / "metrics")
    assert current_reports(out, config, language="nl") is None


def test_reports_are_reused_only_in_their_language_settings_and_selection(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, _ = analysed
    reports = _fake_reports(out, config, "nl")
    assert current_reports(out, config, language="nl") == reports
    assert current_reports(out, config, language="en") is None
    relabelled = replace(config, organisation="Another name")
    assert current_reports(out, relabelled, language="nl") is None
    record_reports(out, config, language="nl", period="2026Q2", org_unit="totaal", paths=reports)
    assert current_reports(out, config, language="nl") is None


def test_a_deleted_report_is_rendered_again(analysed: tuple[Path, Config, list[Path]]) -> None:
    out, config, _ = analysed
    reports = _fake_reports(out, config, "nl")
    reports[0].unlink()
    assert current_reports(out, config, language="nl") is None


def test_a_second_run_says_it_reuses_the_analysis_and_the_reports(
    analysed: tuple[Path, Config, list[Path]],
) -> None:
    out, config, _ = analysed
    _fake_reports(out, config, config.language)
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no-op" in result.output
    assert "analysis unchanged" in result.output
    assert "reports unchanged" in result.output


def _fake_reports(out: Path, config: Config, language: str) -> list[Path]:
    """Stand-ins for a rendered report set: the manifest logic does not read their content."""
    paths = [out / "reports" / f"report.{fmt}" for fmt in ("html", "pdf")]
    paths[0].parent.mkdir(parents=True, exist_ok=True)
    for path in paths:
        path.write_text(path.suffix, encoding="utf-8")
    record_reports(out, config, language=language, period=None, org_unit="totaal", paths=paths)
    return paths
