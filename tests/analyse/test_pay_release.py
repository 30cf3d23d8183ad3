"""The paygap command and its library call: reading worker rows, errors, CSV output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gelijkekansen.analyse.pay_release import paygap_file
from gelijkekansen.cli import app

runner = CliRunner()

# Category "docent": women 20, 22, men 24, 26 -> mean gap (25 - 21) / 25 = 16%.
# Category "=staf" (a name a spreadsheet would run): women 30, 30, men 30, 30 -> 0%.
PAY = """gender,hourly_pay,variable_pay,category
vrouw,20,,docent
vrouw,22,100,docent
man,24,100,docent
man,26,,docent
vrouw,30,,=staf
vrouw,30,,=staf
man,30,50,=staf
man,30,,=staf
anders,28,,docent
"""


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_paygap_prints_one_row_per_indicator_and_category(tmp_path: Path) -> None:
    pay = tmp_path / "pay.csv"
    pay.write_text(PAY)
    result = runner.invoke(
        app,
        ["paygap", str(pay), "--by", "category", "--min-cell", "2", "--report-date", "2027-06-07"],
    )
    assert result.exit_code == 0, result.output
    rows = parse(result.output)
    docent = {r["indicator"]: r for r in rows if r["category"] == "docent"}
    assert float(docent["g_basic_mean_gap"]["gap_pct"]) == pytest.approx(16.0)
    assert docent["art10_assessment"]["assessment"] == "joint_assessment"
    assert docent["art10_assessment"]["remedy_by"] == "2027-12-07"
    assert {r["category"] for r in rows} == {"totaal", "docent", "'=staf"}
    staf = next(
        r for r in rows if r["category"] == "'=staf" and r["indicator"] == "art10_assessment"
    )
    assert staf["assessment"] == "below_threshold"
    organisation = {r["indicator"] for r in rows if r["category"] == "totaal"}
    assert {"a_mean_gap", "c_median_gap", "e_variable_pay_share", "f_quartile_band"} <= organisation


def test_justification_file_clears_the_flag(tmp_path: Path) -> None:
    pay = tmp_path / "pay.csv"
    pay.write_text(PAY)
    reasons = tmp_path / "justifications.csv"
    reasons.write_text("category,justification\ndocent,years of service in scale 11\n")
    rows = parse(paygap_file(pay, by="category", min_cell=2, justifications=reasons))
    docent = next(r for r in rows if r["category"] == "docent" and r["indicator"].startswith("art"))
    assert docent["assessment"] == "justified"


def test_without_by_there_are_no_category_rows(tmp_path: Path) -> None:
    pay = tmp_path / "pay.csv"
    pay.write_text(PAY)
    rows = parse(paygap_file(pay, min_cell=2))
    assert {r["category"] for r in rows} == {"totaal"}
    assert not any(r["indicator"].startswith(("g_", "art10")) for r in rows)


@pytest.mark.parametrize(
    "content, where",
    [
        ("gender,hourly_pay\nvrouw,20\nX,21\n", "pay.csv, row 2, column gender"),
        ("gender,hourly_pay\nvrouw,20\nman,twintig\n", "pay.csv, row 2, column hourly_pay"),
        ("gender,hourly_pay\nvrouw,-1\n", "pay.csv, row 1, column hourly_pay"),
        ("gender,hourly_pay,variable_pay\nvrouw,20,\nman,21,veel\n", "row 2, column variable_pay"),
        ("gender,pay\nvrouw,20\n", "pay.csv, column hourly_pay"),
        ("gender,hourly_pay\nvrouw,20\n", "pay.csv, column category"),
    ],
)
def test_bad_input_names_file_row_and_column(tmp_path: Path, content: str, where: str) -> None:
    pay = tmp_path / "pay.csv"
    pay.write_text(content)
    result = (
        runner.invoke(app, ["paygap", str(pay), "--by", "category"])
        if "category" in where
        else (runner.invoke(app, ["paygap", str(pay)]))
    )
    assert result.exit_code == 2, result.output
    assert where in " ".join(result.output.split())


def test_justification_for_an_unknown_category_is_refused(tmp_path: Path) -> None:
    pay = tmp_path / "pay.csv"
    pay.write_text(PAY)
    reasons = tmp_path / "j.csv"
    reasons.write_text("category,justification\nlector,x\n")
    result = runner.invoke(
        app, ["paygap", str(pay), "--by", "category", "--justifications", str(reasons)]
    )
    assert result.exit_code == 2
    assert "j.csv, row 1, column category" in " ".join(result.output.split())
