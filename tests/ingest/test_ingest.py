"""Loading an extraction: formats, idempotence, replacement, and all-or-nothing failure."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from gelijkekansen.config import Config
from gelijkekansen.errors import InputError, PrivacyError, ValidationFailed
from gelijkekansen.ingest.load import ingest
from tests.helpers.extraction import copy_tiny


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def core_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: int(con.execute(f"select count(*) from core.{table}").fetchone()[0])  # type: ignore[index]
            for table in ("persons", "spells", "events", "vacancies", "applications")
        }


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A warehouse holding the tiny extraction."""
    warehouse = tmp_path / "w.duckdb"
    ingest(copy_tiny(tmp_path / "tiny"), warehouse=warehouse, config=Config())
    return warehouse


def test_ingest_loads_every_table(loaded: Path) -> None:
    assert core_counts(loaded) == {
        "persons": 5,
        "spells": 10,
        "events": 12,
        "vacancies": 2,
        "applications": 6,
    }


def test_reingesting_the_same_extraction_is_a_logged_no_op(tmp_path: Path, loaded: Path) -> None:
    before = core_counts(loaded)
    result = ingest(tmp_path / "tiny", warehouse=loaded, config=Config())
    assert result.status == "no-op"
    assert core_counts(loaded) == before
    with duckdb.connect(str(loaded), read_only=True) as con:
        statuses = [
            row[0]
            for row in con.execute("select status from meta.runs order by finished_at").fetchall()
        ]
        files = con.execute("select count(*) from meta.files").fetchone()
    assert statuses == ["loaded", "no-op"]
    assert files == (4,)


def test_a_corrected_redelivery_replaces_its_period_and_keeps_others(
    tmp_path: Path, loaded: Path
) -> None:
    later = copy_tiny(tmp_path / "later")
    (later / "extraction.toml").write_text('period = "2021Q2"\n')
    persons = later / "persons.csv"
    persons.write_text(persons.read_text().replace("P005,1970", "P005,1971"))
    assert ingest(later, warehouse=loaded, config=Config()).status == "loaded"
    persons.write_text(persons.read_text().replace("P005,1971", "P005,1972"))
    assert ingest(later, warehouse=loaded, config=Config()).status == "replaced"
    with duckdb.connect(str(loaded), read_only=True) as con:
        delivered = con.execute(
            "select extraction_period, birth_year from core.delivered_persons "
            "where person_id = 'P005' order by 1"
        ).fetchall()
        current = con.execute("select birth_year from core.persons where person_id = 'P005'")
        assert current.fetchone() == (1972,)
    assert delivered == [("2021Q1", 1970), ("2021Q2", 1972)]


def test_dutch_excel_csv_in_cp1252_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "nl")
    for name in ("persons", "positions", "vacancies", "applications"):
        frame = pl.read_csv(folder / f"{name}.csv", infer_schema=False)
        text = frame.write_csv(separator=";")
        text = text.replace(";1.0;", ";1,0;").replace(";0.8;", ";0,8;")
        for iso in {
            v
            for col in frame.columns
            for v in frame[col].drop_nulls()
            if len(v) == 10 and v[4] == "-"
        }:
            text = text.replace(iso, f"{iso[8:]}-{iso[5:7]}-{iso[:4]}")
        (folder / f"{name}.csv").write_bytes(text.encode("cp1252"))
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        fte = con.execute("select sum(fte) from core.spells").fetchone()
        first = con.execute("select min(valid_from) from core.spells").fetchone()
    assert fte is not None and fte[0] == pytest.approx(7.8)
    assert first is not None and str(first[0]) == "2018-01-01"


def test_utf8_with_bom_and_parquet_and_xlsx_are_read(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "mixed")
    persons = folder / "persons.csv"
    persons.write_bytes(b"\xef\xbb\xbf" + persons.read_bytes())
    positions = pl.read_csv(folder / "positions.csv", try_parse_dates=True)
    positions.write_parquet(folder / "positions.parquet")
    (folder / "positions.csv").unlink()
    pl.read_csv(folder / "vacancies.csv").write_excel(folder / "vacancies.xlsx")
    (folder / "vacancies.csv").unlink()
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config())
    assert core_counts(warehouse)["spells"] == 10
    assert core_counts(warehouse)["vacancies"] == 2


def breaks(tmp_path: Path, loaded: Path, file: str, new_text: str) -> InputError:
    """Deliver a broken file for the next period; the warehouse must not change."""
    folder = copy_tiny(tmp_path / "broken")
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    (folder / file).write_text(new_text, encoding="utf-8")
    before = digest(loaded)
    with pytest.raises(InputError) as caught:
        ingest(folder, warehouse=loaded, config=Config())
    assert digest(loaded) == before
    return caught.value


def test_an_empty_file_is_refused(tmp_path: Path, loaded: Path) -> None:
    error = breaks(tmp_path, loaded, "persons.csv", "")
    assert "persons.csv: is empty" in str(error)


def test_a_missing_column_is_named_with_a_fix(tmp_path: Path, loaded: Path) -> None:
    text = (copy_tiny(tmp_path / "src") / "persons.csv").read_text()
    error = breaks(tmp_path, loaded, "persons.csv", text.replace("gender", "geslacht"))
    message = str(error)
    assert "persons.csv, column gender: required column missing" in message
    assert "[columns.persons]" in message


def test_a_renamed_column_can_be_mapped_in_the_config(tmp_path: Path) -> None:
    from dataclasses import replace

    folder = copy_tiny(tmp_path / "x")
    text = (folder / "persons.csv").read_text().replace("gender", "Geslacht")
    (folder / "persons.csv").write_text(text)
    config = replace(Config(), column_maps={"persons": {"geslacht": "gender"}})
    ingest(folder, warehouse=tmp_path / "w.duckdb", config=config)
    assert core_counts(tmp_path / "w.duckdb")["persons"] == 5


def test_a_wrong_type_names_file_row_and_column_without_the_value(
    tmp_path: Path, loaded: Path
) -> None:
    text = (copy_tiny(tmp_path / "src") / "positions.csv").read_text()
    # the row as a spreadsheet shows it: the line number, the header being row 1
    row = next(n for n, line in enumerate(text.splitlines(), start=1) if ",0.6," in line)
    error = breaks(tmp_path, loaded, "positions.csv", text.replace(",0.6,", ",zes,", 1))
    assert f"positions.csv, row {row}, column fte: expected a number" in str(error)
    assert "zes" not in str(error)


def test_a_truncated_file_is_refused(tmp_path: Path, loaded: Path) -> None:
    text = (copy_tiny(tmp_path / "src") / "positions.csv").read_text()
    error = breaks(tmp_path, loaded, "positions.csv", text[: text.rindex("INST01")])
    assert "positions.csv" in str(error)
    assert "truncated" in str(error) or "empty" in str(error)


def test_an_unknown_extra_column_is_ignored_with_a_warning(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "x")
    lines = (folder / "persons.csv").read_text().splitlines()
    lines = [lines[0] + ",favourite_colour"] + [line + ",blauw" for line in lines[1:]]
    (folder / "persons.csv").write_text("\n".join(lines) + "\n")
    result = ingest(folder, warehouse=tmp_path / "w.duckdb", config=Config())
    assert result.warnings == (
        "persons.csv, column favourite_colour: not in the data contract; ignored (not loaded).",
    )
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        columns = [row[0] for row in con.execute("describe raw.persons").fetchall()]
    assert "favourite_colour" not in columns


def test_an_xlsx_with_several_unnamed_sheets_is_refused(tmp_path: Path, loaded: Path) -> None:
    from openpyxl import Workbook

    folder = copy_tiny(tmp_path / "xlsx")
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    book = Workbook()
    book.active.title = "Blad1"  # type: ignore[union-attr]
    book.create_sheet("Blad2")
    book.save(folder / "vacancies.xlsx")
    (folder / "vacancies.csv").unlink()
    before = digest(loaded)
    with pytest.raises(InputError, match=r"vacancies\.xlsx: has 2 sheets"):
        ingest(folder, warehouse=loaded, config=Config())
    assert digest(loaded) == before


def test_direct_identifiers_are_refused_before_anything_is_written(
    tmp_path: Path, loaded: Path
) -> None:
    folder = copy_tiny(tmp_path / "bsn")
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    lines = (folder / "persons.csv").read_text().splitlines()
    lines = [lines[0] + ",bsn"] + [line + ",111222333" for line in lines[1:]]
    (folder / "persons.csv").write_text("\n".join(lines) + "\n")
    before = digest(loaded)
    with pytest.raises(PrivacyError) as caught:
        ingest(folder, warehouse=loaded, config=Config())
    assert "persons.csv" in str(caught.value) and "bsn" in str(caught.value)
    assert "111222333" not in str(caught.value)
    assert digest(loaded) == before


def test_a_blocking_validation_failure_leaves_the_warehouse_unchanged(
    tmp_path: Path, loaded: Path
) -> None:
    folder = copy_tiny(tmp_path / "dangling")
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    with (folder / "applications.csv").open("a") as handle:
        handle.write("V999,C100,2021-02-05,nee,applied,nee,man,25-34,nederland\n")
    before = digest(loaded)
    with pytest.raises(ValidationFailed, match="vacancy_id"):
        ingest(folder, warehouse=loaded, config=Config())
    assert digest(loaded) == before


KILL_SCRIPT = """
import signal, sys
from pathlib import Path
from gelijkekansen.ingest import load
from gelijkekansen.config import Config

original = load.run_models
def slow_apply(con, layer, **parameters):
    names = original(con, layer, **parameters)
    if layer == "core":
        Path(sys.argv[3]).write_text("core written")
        signal.pause()  # until the test kills it
    return names
load.run_models = slow_apply
load.ingest(Path(sys.argv[1]), warehouse=Path(sys.argv[2]), config=Config())
"""


def test_killing_ingest_midway_leaves_the_warehouse_byte_for_byte_unchanged(
    tmp_path: Path, loaded: Path
) -> None:
    folder = copy_tiny(tmp_path / "next")
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    # a new quarter's export differs (the same bytes under another period are refused)
    vacancies = folder / "vacancies.csv"
    vacancies.write_text(vacancies.read_text().replace("2021-02-01", "2021-02-02"))
    marker = tmp_path / "marker"
    before = digest(loaded)
    process = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(folder), str(loaded), str(marker)]
    )
    while not marker.exists():
        assert process.poll() is None, "ingest ended before the kill"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert digest(loaded) == before
    result = ingest(folder, warehouse=loaded, config=Config())
    assert result.status == "loaded"


def test_source_codes_are_recoded_case_insensitively(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "x")
    persons = folder / "persons.csv"
    text = persons.read_text().replace(",vrouw,", ",V,").replace(",man,", ",m,")
    persons.write_text(text.replace(",nederland,", ",NL,"))
    config = Config(code_maps={"gender": {"v": "vrouw", "M": "man"}, "origin": {"nl": "nederland"}})
    ingest(folder, warehouse=tmp_path / "w.duckdb", config=config)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select person_id, gender, origin from core.persons order by person_id"
        ).fetchall()
    assert rows == [
        ("P001", "vrouw", "nederland"),
        ("P002", "man", "buiten_europa"),
        ("P003", "vrouw", "europa"),
        ("P004", "man", "nederland"),
        ("P005", "anders", "onbekend"),
    ]
