"""The settings travel with the data: ingest stores gelijkekansen.toml in the warehouse, and
analyse and report use it unless --config names another; a report that cannot be written
says why in words."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from gelijkekansen.cli import app
from gelijkekansen.warehouse.settings import resolve_config, stored_config

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"
runner = CliRunner()
ORGANISATION = "Hogeschool Meereizende Instellingen"


def _extraction(tmp_path: Path) -> Path:
    """The sample with an organisation name no default has, read from its own folder only."""
    folder = tmp_path / "extraction"
    shutil.copytree(SAMPLE, folder)
    toml = folder / "gelijkekansen.toml"
    text = toml.read_text(encoding="utf-8")
    lines = [f'name = "{ORGANISATION}"' if line.startswith("name = ") else line
             for line in text.splitlines()]
    assert lines != text.splitlines(), "the sample config no longer names the organisation"
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_ingest_stores_the_settings_text_it_used(tmp_path: Path) -> None:
    extraction = _extraction(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["ingest", str(extraction), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        [(text,)] = con.execute("select toml from meta.config").fetchall()
    assert text == (extraction / "gelijkekansen.toml").read_text(encoding="utf-8")
    stored = stored_config(out / "warehouse.duckdb")
    assert stored is not None and stored.organisation == ORGANISATION
    assert stored.stored_run is not None


def test_analyse_uses_the_stored_settings_and_says_so(tmp_path: Path) -> None:
    extraction = _extraction(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", str(extraction), "--out", str(out)]).exit_code == 0
    shutil.rmtree(extraction)  # analyse must not need the extraction folder any more
    result = runner.invoke(app, ["analyse", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "settings stored in the warehouse by ingest run" in " ".join(result.output.split())
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        [(targets,)] = con.execute("select count(*) from published.targets").fetchall()
    assert targets > 0  # the defaults set no targets; the sample's settings do


def test_an_explicit_config_wins_over_the_stored_one(tmp_path: Path) -> None:
    extraction = _extraction(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", str(extraction), "--out", str(out)]).exit_code == 0
    other = tmp_path / "other.toml"
    other.write_text('[organisation]\nname = "Elders"\n', encoding="utf-8")
    chosen = resolve_config(out / "warehouse.duckdb", other)
    assert chosen.organisation == "Elders" and chosen.stored_run is None


def test_report_before_analyse_says_what_to_run(tmp_path: Path) -> None:
    extraction = _extraction(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["ingest", str(extraction), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["report", "--out", str(out)])
    assert result.exit_code != 0
    text = " ".join(result.output.split())
    assert "gelijkekansen analyse" in text
    assert "Traceback" not in text and "Cell" not in text
