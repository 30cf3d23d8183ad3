"""The pay transparency report on a hand-made extraction: both languages, the article 10 flag,
hostile category names and justifications as text, and no report without pay data."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gelijkekansen.analyse.run import analyse
from gelijkekansen.assets import REPORTS_DIR
from gelijkekansen.config import Config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.report.published import Warehouse
from gelijkekansen.report.render.engine import render_report
from tests.helpers.extraction import copy_tiny
from tests.helpers.system_tools import tool_or_skip

HOSTILE = "<img src=x onerror=alert(1)>"
JUSTIFICATION = "**senior** <b>allowance</b> [x](javascript:alert(1))"
# P001 (woman) and P002 (man) in the hostile category: 40.00 and 30.00 an hour, a gap of
# (30 - 40) / 30 = -33.3%, justified on record. P003 (woman) 20.00 and P004 (man) 25.00 in
# HDOC12: (25 - 20) / 25 = 20% without a justification -> joint assessment by 7 December 2022
# (six months after 7 June 2022, the report's due date for pay year 2021).
PAY = f"""person_id,year,basic_annual_pay,variable_pay,paid_hours,fte,category
P001,2021,52000,0,1300,,"{HOSTILE}"
P002,2021,49770,0,,1.0,"{HOSTILE}"
P003,2021,33180,0,,1.0,HDOC12
P004,2021,41475,0,,1.0,HDOC12
"""
CONFIG = Config(min_cell=1)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pay-report")
    folder = copy_tiny(root / "extraction")
    (folder / "pay.csv").write_text(PAY, encoding="utf-8")
    (folder / "pay_justifications.csv").write_text(
        f'year,category,justification\n2021,"{HOSTILE}","{JUSTIFICATION}"\n', encoding="utf-8"
    )
    target = root / "out"
    ingest(folder, warehouse=target / "warehouse.duckdb", config=CONFIG)
    analyse(target / "warehouse.duckdb", config=CONFIG, out_dir=target / "metrics")
    return target


@pytest.fixture(scope="module")
def rendered(out: Path) -> dict[str, list[Path]]:
    return {
        lang: render_report(
            REPORTS_DIR / "pay.qmd",
            out_dir=out / f"pay-{lang}",
            params={"out": str(out), "lang": lang, "config": None},
        )
        for lang in ("nl", "en")
    }


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _text(html: str) -> str:
    return " ".join(" ".join(_parse(html).text).split())


@pytest.mark.parametrize(
    ("lang", "flag", "date"),
    [("nl", "gezamenlijke beoordeling", "7-12-2022"), ("en", "joint pay assessment", "2022-12-07")],
)
def test_the_report_names_the_flagged_category_with_its_remedy_date(
    rendered: dict[str, list[Path]], lang: str, flag: str, date: str
) -> None:
    html, pdf = rendered[lang]
    text = _text(html.read_text(encoding="utf-8"))
    line = re.search(r"⚠ HDOC12 ?: [^.]*?20[.,]0%[^⚠]*?" + re.escape(date), text)
    assert line is not None and flag in line.group(0), text[:3000]
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "HDOC12" in pdf_text and date in pdf_text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_hostile_category_and_justification_are_text(
    rendered: dict[str, list[Path]], lang: str
) -> None:
    html = rendered[lang][0].read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html and "img" not in _parse(html).tags
    assert "<b>allowance" not in html and "javascript:" not in re.findall(r'href="([^"]*)"', html)
    assert JUSTIFICATION in _text(html)  # the recorded text, character for character


def test_the_internal_indicators_are_marked_as_beyond_the_legal_minimum(
    rendered: dict[str, list[Path]],
) -> None:
    text = _text(rendered["en"][0].read_text(encoding="utf-8"))
    internal = text.index("Beyond the legal minimum: for internal use only")
    assert internal > text.index("Joint pay assessment (article 10)")
    assert "Pay gap within categories (adjusted)" in text[internal:]


def test_without_pay_data_the_warehouse_has_no_pay_indicators(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "extraction")
    warehouse = tmp_path / "out" / "warehouse.duckdb"
    ingest(folder, warehouse=warehouse, config=CONFIG)
    analyse(warehouse, config=CONFIG, out_dir=tmp_path / "out" / "metrics")
    assert not Warehouse(warehouse).has("pay_indicators")


def test_with_pay_data_it_has(out: Path) -> None:
    assert Warehouse(out / "warehouse.duckdb").has("pay_indicators")
