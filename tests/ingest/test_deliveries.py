"""Deliveries that would damage what was loaded are refused, or warned about with numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gelijkekansen.config import Config
from gelijkekansen.errors import ValidationFailed
from gelijkekansen.ingest.load import IngestResult, ingest
from tests.helpers.extraction import copy_tiny


def _load(folder: Path, warehouse: Path, **options: object) -> IngestResult:
    return ingest(folder, warehouse=warehouse, config=Config(), **options)  # type: ignore[arg-type]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _applications(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return int(con.sql("select count(*) from raw.applications").fetchall()[0][0])


def test_a_header_only_redelivery_is_refused_unless_allowed(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    first = copy_tiny(tmp_path / "a")
    _load(first, warehouse)
    loaded = _applications(warehouse)
    before = warehouse.read_bytes()
    again = copy_tiny(tmp_path / "b")
    applications = again / "applications.csv"
    applications.write_text(_lines(applications)[0] + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        _load(again, warehouse)
    assert f"applications from {loaded} to 0 rows" in str(caught.value)
    assert "--allow-shrink" in str(caught.value)
    assert warehouse.read_bytes() == before
    result = _load(again, warehouse, allow_shrink=True)
    assert result.status == "replaced"
    assert any("allowed by --allow-shrink" in w for w in result.warnings)


def test_files_identical_to_another_periods_are_refused(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    _load(copy_tiny(tmp_path / "a"), warehouse)
    with pytest.raises(ValidationFailed, match="identical to the one loaded for 2021Q1"):
        _load(copy_tiny(tmp_path / "b"), warehouse, period="2021Q2")


def test_dates_after_the_period_are_a_warning_naming_the_range(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    _replace(folder / "vacancies.csv", "2021-02-01", "2021-08-15")
    result = _load(folder, tmp_path / "w.duckdb")
    warning = next(w for w in result.warnings if "opened_on" in w)
    assert "vacancies.csv, column opened_on: dates run from" in warning
    assert "to 2021-08-15, 1 row(s) after the end of the period (2021-03-31)" in warning


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("positions.csv", "2019-01-01", "1800-01-01"),
        ("positions.csv", "2019-01-01,2020-06-30", "2019-01-01,9999-12-31"),
        ("vacancies.csv", "2021-02-01", "2026-02-01"),
        ("applications.csv", "2020-01-20", "1901-01-20"),
    ],
)
def test_implausible_dates_block_the_load_naming_file_and_row(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    folder = copy_tiny(tmp_path / "e")
    row = next(n for n, line in enumerate(_lines(folder / file), start=1) if old in line)
    _replace(folder / file, old, new)
    with pytest.raises(ValidationFailed) as caught:
        _load(folder, tmp_path / "w.duckdb")
    assert f"{file}, row {row}" in " ".join(str(caught.value).split())
    assert not (tmp_path / "w.duckdb").exists()


def test_the_earliest_plausible_date_is_a_setting(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import date

    folder = copy_tiny(tmp_path / "e")
    _replace(folder / "positions.csv", "2019-01-01", "1940-01-01")
    config = Config()
    lenient = replace(config, validation=replace(config.validation, earliest_date=date(1900, 1, 1)))
    assert ingest(folder, warehouse=tmp_path / "w.duckdb", config=lenient).status == "loaded"


def test_a_vacancy_closed_before_it_opened_is_quarantined_with_a_message(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    _replace(folder / "vacancies.csv", "2020-01-15,2020-03-01", "2020-01-15,2019-03-01")
    result = _load(folder, tmp_path / "w.duckdb", report_dir=tmp_path / "v")
    assert result.validation is not None
    assert "the vacancy closes before it opens" in (tmp_path / "v" / "validation.md").read_text()


def test_stray_files_in_the_extraction_are_named(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    (folder / "persoonen.csv").write_text("x\n")
    (folder / "notes.docx").write_bytes(b"PK")
    result = _load(folder, tmp_path / "w.duckdb")
    assert any(w.startswith("persoonen.csv: its name is not a table") for w in result.warnings)
    assert any(w.startswith("notes.docx: not a table file") for w in result.warnings)
