"""Layout regression: every report (the pay report too), both languages, on a desktop and on
a phone, and on paper.

Nothing may be wider than its container or the page in the browser, at 1280 and at 390 px;
in the PDF no word may fall outside its page and no two words may overlap. The checks are
measured (Chromium's layout, poppler's word boxes), so a table that runs off the page or a
header printed over its neighbour fails here before a reader sees it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gelijkekansen.messages import Labels
from gelijkekansen.report.build import PAY_REPORT, REPORTS
from gelijkekansen.report.equity import CAREER
from tests.e2e.layout import Word, _overlap, html_overflows, pdf_defects, pdf_words
from tests.e2e.report_output import Rendered
from tests.helpers.system_tools import CHROMIUM, tool_or_skip

LANGS = ("nl", "en")
TEMPLATES = (*REPORTS, *PAY_REPORT)  # the synthetic extraction has pay data


def _paths(rendered: Rendered, lang: str, template: str) -> list[Path]:
    return next(r for r in rendered.reports[lang] if r.template == template).paths


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", TEMPLATES)
def test_nothing_in_the_html_is_wider_than_its_container_or_the_page(
    rendered: Rendered, template: str, lang: str, width: int, tmp_path: Path
) -> None:
    tool_or_skip(CHROMIUM.is_file(), "chromium")
    html = _paths(rendered, lang, template)[0]
    assert html_overflows(html, width=width, scratch=tmp_path) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_layout_checks_reach_the_process_sections(rendered: Rendered, lang: str) -> None:
    """The checks above measure whole documents; the equity report's longest tables, those of
    the flagged comparisons per process and per unit, are among what they measure."""
    html, pdf = _paths(rendered, lang, "equity")
    assert re.search(r'<table id="tbl-flagged-', html.read_text(encoding="utf-8"))
    _, words = pdf_words(pdf)
    heading = Labels(lang, {})("r.eq.flagged_heading").split()[0]
    assert sum(1 for word in words if word.text == heading) >= len(CAREER) + 1


def test_the_html_check_notices_a_table_wider_than_the_phone(tmp_path: Path) -> None:
    tool_or_skip(CHROMIUM.is_file(), "chromium")
    page = tmp_path / "wide.html"
    cells = "".join(f"<td>{'breed' * 8}</td>" for _ in range(6))
    page.write_text(f"<html><body><h1>t</h1><table><tr>{cells}</tr></table></body></html>")
    found = html_overflows(page, width=390, scratch=tmp_path)
    assert any("table" in line for line in found)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_pdf_word_falls_off_its_page_or_overlaps_another(
    rendered: Rendered, template: str, lang: str
) -> None:
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    pdf = _paths(rendered, lang, template)[1]
    pages, words = pdf_words(pdf)
    assert len(pages) > 1 and len(words) > 500  # the check read the document
    assert pdf_defects(pdf) == []


def test_overlap_means_a_collision_not_neighbours() -> None:
    left = Word(1, "aantal", 10, 10, 40, 20)
    assert _overlap(left, Word(1, "geselecteerd", 30, 10, 80, 20))
    assert not _overlap(left, Word(1, "naast", 40.5, 10, 60, 20))
    assert not _overlap(left, Word(1, "eronder", 10, 20, 40, 30))


def test_the_pdf_check_notices_words_printed_over_each_other(tmp_path: Path) -> None:
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    typst = pytest.importorskip("typst")
    source = tmp_path / "clash.typ"
    source.write_text(
        '#place(dx: 0pt, dy: 0pt)[aantal (n)]\n#place(dx: 12pt, dy: 0pt)[geselecteerd]\n'
        '#place(dx: 480pt, dy: 40pt)[onderdrukt onderdrukt]\n', encoding="utf-8"
    )
    pdf = tmp_path / "clash.pdf"
    pdf.write_bytes(typst.compile(str(source)))
    defects = pdf_defects(pdf)
    assert any("overlaps" in d for d in defects)
    assert any("outside the page" in d for d in defects)


def test_screenshots_at_desktop_and_phone_width_are_drawn(
    rendered: Rendered, tmp_path: Path
) -> None:
    tool_or_skip(CHROMIUM.is_file(), "chromium")
    image = pytest.importorskip("PIL.Image")
    html = _paths(rendered, "nl", "equity")[0]
    for width in (1280, 390):
        shot = tmp_path / f"shot-{width}.png"
        subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
             f"--window-size={width},1600", html.as_uri()],
            capture_output=True, timeout=120, check=True,
        )
        assert image.open(shot).size == (width, 1600)
