"""The report building blocks: number formats, tables, charts, data access and language.

The rendered reports themselves are checked end to end in tests/e2e/test_reports_e2e.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypandoc
import pytest

from gelijkekansen.config import Config
from gelijkekansen.errors import ConfigError, GelijkeKansenError
from gelijkekansen.messages import CATALOGUE, Labels
from gelijkekansen.report.build import REPORTS, build_reports
from gelijkekansen.report.charts import OKABE_ITO, Axis, bars, to_svg
from gelijkekansen.report.formatting import Numbers, markdown_table
from gelijkekansen.report.published import Warehouse

DUTCH = Numbers(Labels("nl", {}))
ENGLISH = Numbers(Labels("en", {}))


def test_counts_use_each_languages_thousands_separator() -> None:
    assert (DUTCH.count(1234567), ENGLISH.count(1234567)) == ("1.234.567", "1,234,567")


def test_a_suppressed_value_is_named_never_zero() -> None:
    for value in (DUTCH.count(None), DUTCH.percent(None), DUTCH.n(None)):
        assert "onderdrukt" in value and "0" not in value
    assert ENGLISH.count(None) == "suppressed"


def test_percentages_and_intervals_use_the_decimal_comma_in_dutch() -> None:
    assert DUTCH.percent(0.4523) == "45,2%"
    assert ENGLISH.percent(0.4523) == "45.2%"
    assert DUTCH.interval(0.401, 0.503) == "40,1–50,3%"
    assert DUTCH.interval(None, 0.5) == "–"


def test_p_values_below_a_thousandth_are_not_written_as_zero() -> None:
    assert DUTCH.p_relation(0.00001) == "< 0,001"
    assert ENGLISH.p_relation(0.0123) == "= 0.012"


def test_quarters_are_written_per_language() -> None:
    from datetime import date

    assert (DUTCH.quarter(date(2026, 9, 30)), ENGLISH.quarter(date(2026, 9, 30))) == (
        "2026 K3",
        "2026 Q3",
    )


def test_markdown_table_is_a_captioned_pandoc_table_with_pipes_escaped() -> None:
    text = markdown_table(["groep", "n"], [["a | b", "12"]], caption="Een tabel", label="x")
    html = pypandoc.convert_text(text, "html5", format="markdown")
    assert re.search(r"<caption>\s*Een tabel", html)
    assert re.search(r"<td[^>]*>a \| b</td>", html)
    assert 'id="tbl-x"' in html


def test_a_suppressed_bar_is_labelled_not_drawn() -> None:
    rows = [
        {"category": "fase", "series": "vrouw", "value": 0.4, "low": 0.3, "high": 0.5},
        {"category": "fase", "series": "anders", "value": None, "low": None, "high": None},
    ]
    svg = to_svg(bars(rows, axis=Axis("percentage"), category_title="", series_title="gender",
                      categories=["fase"], series=["vrouw", "anders"],
                      suppressed_label="onderdrukt"))
    assert svg.count('aria-roledescription="bar"') == 1
    assert ">onderdrukt</text>" in svg
    bar = re.search(r'<path[^>]*aria-roledescription="bar"[^>]*>', svg)
    assert bar is not None and f'fill="{OKABE_ITO[0]}"' in bar.group(0)


def test_the_warehouse_reader_reaches_only_published_and_meta_tables(tmp_path: Path) -> None:
    (tmp_path / "warehouse.duckdb").write_bytes(b"")
    warehouse = Warehouse(tmp_path / "warehouse.duckdb")
    with pytest.raises(ValueError, match="not a published table"):
        warehouse.published("group_counts")
    with pytest.raises(ValueError, match="not part of the run log"):
        warehouse.meta("persons")


def test_reporting_without_a_warehouse_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(GelijkeKansenError, match="no warehouse") as caught:
        Warehouse(tmp_path / "warehouse.duckdb")
    assert "gelijkekansen analyse" in caught.value.render()


def test_an_unknown_report_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'fr'"):
        build_reports(tmp_path, config=Config(), language="fr")
    assert not (tmp_path / "reports").exists()


def test_every_report_has_a_file_name_per_language() -> None:
    for names in REPORTS.values():
        assert set(names) == {"nl", "en"}
        assert names["nl"] != names["en"]


def test_every_report_text_exists_in_both_languages_with_the_same_fields() -> None:
    for key, (dutch, english) in CATALOGUE.items():
        assert dutch and english, key
        fields = re.compile(r"\{(\w+)\}")
        assert set(fields.findall(dutch)) == set(fields.findall(english)), key
