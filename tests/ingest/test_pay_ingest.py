"""The optional pay table: loaded into core with its hourly pay level, guarded like the rest."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import Config, PaySettings
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


def test_the_cao_annual_hours_setting_converts_fte_to_hours(tmp_path: Path) -> None:
    # A CAO year of 1,872 hours (36 h x 52 weeks). P002 exports 0.5 FTE and no paid hours:
    # 0.5 x 1,872 = 936 h, 49,770 / 936 = 53.1731 an hour (with the default 1,659 it would be
    # 829.5 h and 60.00). P001 exports its paid hours: 52,000 / 1,300 = 40 whatever the CAO.
    folder = copy_tiny(tmp_path / "tiny")
    (folder / "pay.csv").write_text(PAY.replace("P002,2021,49770,0,,1.0", "P002,2021,49770,0,,0.5"))
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config(pay=PaySettings(annual_hours=1872)))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select person_id, hours, hourly_pay from core.pay").fetchall()
    assert rows == [("P001", 1300.0, 40.0), ("P002", 936.0, pytest.approx(53.17307692))]


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


def test_recorded_justification_is_applied_by_analyse(tmp_path: Path) -> None:
    # DOC11: P001 40.00 an hour, P002 30.00: a 25% gap in women's favour, justified on record;
    # H1: P003 (woman) 20.00, P004 (man) 25.00, a 20% gap without a justification.
    folder = copy_tiny(tmp_path / "tiny")
    (folder / "pay.csv").write_text(
        PAY
        + "P003,2021,33180,0,,1.0,H1\n"  # 33,180 / 1,659 = 20.00
        + "P004,2021,41475,0,,1.0,H1\n"  # 41,475 / 1,659 = 25.00
    )
    (folder / "pay_justifications.csv").write_text(
        "year,category,justification\n2021,DOC11,scale steps by years of service\n"
    )
    warehouse = tmp_path / "w.duckdb"
    config = Config(min_cell=1)
    ingest(folder, warehouse=warehouse, config=config)
    analyse(warehouse, config=config, out_dir=tmp_path / "metrics")
    published = pl.read_csv(tmp_path / "metrics" / "pay_indicators.csv")
    assessed = published.filter(pl.col("indicator") == "art10_assessment")
    assert dict(assessed.select("category", "assessment").iter_rows()) == {
        "DOC11": "justified",
        "H1": "joint_assessment",
    }
    assert assessed.filter(pl.col("category") == "H1")["remedy_by"].to_list() == ["2022-12-07"]
    assert assessed.filter(pl.col("category") == "H1")["gap_pct"].to_list() == [20.0]
