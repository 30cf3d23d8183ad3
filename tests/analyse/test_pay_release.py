"""The paygap command and its library call: reading worker rows, errors, CSV output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from gelijkekansen.analyse.pay_release import paygap_file, publish_pay
from gelijkekansen.cli import app
from gelijkekansen.config import PrivacySettings
from gelijkekansen.contract import TOTAL

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
    assert docent["justification"] == "years of service in scale 11"


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


# --- what publish_pay may publish: the primary rule, k = min_cell, the [privacy] policy -------


def warehouse_with(
    categories: dict[str, tuple[int, int, int, int, int]],
) -> duckdb.DuckDBPyConnection:
    """marts.pay_workers for 2025: per category (women, men, others, women and men with
    variable pay); everyone earns 30 an hour, women in "a" 27 (a 10% gap)."""
    rows = []
    for category, (women, men, others, women_paid, men_paid) in categories.items():
        for gender, n, paid in (("vrouw", women, women_paid), ("man", men, men_paid),
                                ("anders", others, 0)):
            hourly = 27.0 if (category, gender) == ("a", "vrouw") else 30.0
            rows += [
                {"year": 2025, "category": category, "gender": gender, "origin": "nederland",
                 "age_band": "35-44", "hourly_pay": hourly, "basic_hourly_pay": hourly,
                 "variable_pay": 500.0 if i < paid else 0.0}
                for i in range(n)
            ]
    con = duckdb.connect()
    con.execute("create schema marts; create schema core")
    con.register("workers", pl.DataFrame(rows))
    con.execute("create table marts.pay_workers as select * from workers")
    con.execute(
        "create table core.pay_justifications (year integer, category varchar, "
        "justification varchar)"
    )
    return con


# b has 9 women (< k = 10); d has no women; c has 11 other-gender workers and all its women
# receive variable pay; a has 2 other-gender workers. Men receiving it and men without are at
# least k everywhere, so the men's side hides nothing of the variable pay.
CATEGORIES = {
    "a": (12, 25, 2, 0, 10),
    "b": (9, 30, 0, 0, 10),
    "c": (20, 20, 11, 20, 10),
    "d": (0, 25, 0, 0, 10),
    "e": (40, 40, 0, 15, 15),
}


def published(policy: PrivacySettings | None = None) -> pl.DataFrame:
    con = warehouse_with(CATEGORIES)
    return publish_pay(con, min_cell=10, policy=policy)["pay_indicators"]


def category_rows(frame: pl.DataFrame, category: str) -> pl.DataFrame:
    return frame.filter(pl.col("category") == category)


def test_a_category_with_fewer_than_k_women_publishes_no_figure_of_its_own() -> None:
    rows = category_rows(published(), "b")
    assert set(rows["status"]) == {"too_few"}
    for column in ("n_women", "n_men", "n_other", "women", "men", "gap_pct"):
        assert rows[column].null_count() == rows.height, column


def test_no_single_hidden_category_can_be_recovered_from_the_organisation_total() -> None:
    frame = published()
    counts = frame.filter(pl.col("indicator") == "workers")
    organisation = counts.filter(pl.col("category") == TOTAL).row(0, named=True)
    categories = counts.filter(pl.col("category") != TOTAL)
    for column in ("n_women", "n_men"):
        hidden = categories.filter(pl.col(column).is_null())
        # total - published categories is then the sum over at least two hidden categories
        assert hidden.height != 1, column
        assert organisation[column] is not None
    assert categories["n_other"].null_count() == categories.height  # 11 + 2 would give a's 2
    assert organisation["n_other"] == 13


def test_zero_women_follows_the_empty_group_policy() -> None:
    hidden = category_rows(published(), "d").filter(pl.col("indicator") == "workers")
    assert hidden["status"].to_list() == ["too_few"]
    shown = category_rows(
        published(PrivacySettings(empty_group_is_sensitive=False)), "d"
    ).filter(
        pl.col("indicator").is_in(["workers", "art10_assessment"])
    )
    assert shown["n_women"].to_list() == [0, 0] and shown["n_men"].to_list() == [25, 25]
    assert shown.filter(pl.col("indicator") == "art10_assessment")["status"].to_list() == [
        "undefined"
    ]


def test_all_women_receiving_variable_pay_follows_the_all_selected_policy() -> None:
    def complementary(policy: PrivacySettings | None) -> str:
        rows = category_rows(published(policy), "c")
        return str(rows.filter(pl.col("indicator") == "g_complementary_mean_gap")["status"][0])

    assert complementary(None) == "too_few"
    assert complementary(PrivacySettings(all_selected_is_sensitive=False)) == "published"

