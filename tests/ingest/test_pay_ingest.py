"""The optional pay table: loaded into core with its hourly pay level, guarded like the rest."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gelijkekansen.config import Config
from gelijkekansen.errors import PrivacyError
from gelijkekansen.ingest.load import ingest
from tests.helpers.extraction import copy_tiny

PAY = """person_id,year,basic_annual_pay,variable_pay,paid_hours,fte,category
P001,2021,50000,2000,1300,,DOC11
P002,2021,49770,0,,1.0,DOC11
"""


def test_pay_reaches_core_with_hourly_pay_from_hours_or_cao_fte(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "tiny")
    (folder / "pay.csv").write_text(PAY)
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select person_id, gender, hours, hourly_pay, basic_hourly_pay from core.pay"
        ).fetchall()
    # P001: (50,000 + 2,000) / 1,300 h = 40; P002: 1.0 FTE x 1,659 CAO hours, 49,770 / 1,659 = 30.
    assert rows == [
        ("P001", "vrouw", 1300.0, 40.0, pytest.approx(50000 / 1300)),
        ("P002", "man", 1659.0, 30.0, 30.0),
    ]


def test_an_identifier_in_the_pay_file_is_refused(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "tiny")
    lines = PAY.splitlines()
    rows = [lines[0] + ",email"] + [f"{line},x{i}@example.nl" for i, line in enumerate(lines[1:])]
    (folder / "pay.csv").write_text("\n".join(rows) + "\n")
    with pytest.raises(PrivacyError) as caught:
        ingest(folder, warehouse=tmp_path / "w.duckdb", config=Config())
    assert "pay.csv" in str(caught.value) and "email" in str(caught.value)
    assert "example.nl" not in str(caught.value)
    assert not (tmp_path / "w.duckdb").exists()
