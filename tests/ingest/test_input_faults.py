"""Bad files: refused in words (file, row as a spreadsheet shows it, column), never re-decoded."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import openpyxl
import pytest

from gelijkekansen.config import Config
from gelijkekansen.errors import InputError
from gelijkekansen.ingest.load import ingest
from tests.helpers.extraction import copy_tiny


def _ingest(folder: Path, tmp_path: Path) -> None:
    ingest(folder, warehouse=tmp_path / "w.duckdb", config=Config())


def _rows(folder: Path, name: str) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines()


def test_a_file_mixing_utf8_and_cp1252_is_refused_with_the_line(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    lines = _rows(folder, "positions.csv")
    utf8 = [line.replace("DIENST-HR", "DIËNST-HR") for line in lines]
    bad_line = next(n for n, line in enumerate(utf8, start=1) if "DIËNST" in line) + 1
    data = "\n".join(utf8[: bad_line - 1]).encode("utf-8") + b"\n"
    data += "\n".join(utf8[bad_line - 1 :]).encode("cp1252") + b"\n"
    (folder / "positions.csv").write_bytes(data)
    with pytest.raises(InputError, match="mixes encodings") as caught:
        _ingest(folder, tmp_path)
    assert f"line {bad_line}" in str(caught.value)
    assert not (tmp_path / "w.duckdb").exists()


def test_a_wholly_cp1252_file_is_read_with_its_accents(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    text = (folder / "positions.csv").read_text().replace("DIENST-HR", "DIËNST-HR")
    (folder / "positions.csv").write_bytes(text.encode("cp1252"))
    _ingest(folder, tmp_path)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        units = {r[0] for r in con.sql("select distinct org_unit from core.spells").fetchall()}
    assert "DIËNST-HR" in units


def test_a_duplicate_header_names_the_column_and_both_positions(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    lines = _rows(folder, "persons.csv")
    (folder / "persons.csv").write_text(
        "\n".join([lines[0] + ",Gender", *(line + ",x" for line in lines[1:])]) + "\n"
    )
    position = len(lines[0].split(",")) + 1
    with pytest.raises(InputError) as caught:
        _ingest(folder, tmp_path)
    message = str(caught.value)
    assert "persons.csv, row 1, column gender" in message
    assert f"columns 3 and {position}" in message
    assert "[columns.persons]" in message


def test_a_stray_quote_in_the_header_is_named(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    text = (folder / "persons.csv").read_text().replace("gender", 'gen"der', 1)
    (folder / "persons.csv").write_text(text)
    with pytest.raises(InputError, match="row 1: the header line has an unmatched double quote"):
        _ingest(folder, tmp_path)


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def test_an_hr_system_workbook_with_typed_dates_and_numbers_as_text_loads(
    tmp_path: Path,
) -> None:
    folder = copy_tiny(tmp_path / "e")
    lines = _rows(folder, "positions.csv")
    header = lines[0].split(",")
    rows: list[list[object]] = [header]
    for line in lines[1:]:
        cells: list[object] = line.split(",")
        cells[1] = date.fromisoformat(str(cells[1]))  # a real date cell
        if cells[2]:
            cells[2] = datetime.fromisoformat(str(cells[2]))  # a datetime cell at midnight
        rows.append(cells)  # fte and cao_scale stay numbers stored as text
    _workbook(folder / "positions.xlsx", {"Toelichting": [["export van AFAS"]],
                                          "positions": rows})
    (folder / "positions.csv").unlink()
    _ingest(folder, tmp_path)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        count = con.sql("select count(*) from core.spells").fetchall()[0][0]
    assert count == len(lines) - 1


def test_a_workbook_without_the_tables_sheet_names_its_sheets(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "e")
    _workbook(folder / "persons.xlsx", {"Blad1": [["a"]], "Blad2": [["b"]]})
    (folder / "persons.csv").unlink()
    with pytest.raises(InputError, match="Blad1, Blad2"):
        _ingest(folder, tmp_path)
