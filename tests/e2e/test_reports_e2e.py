"""Both reports end to end: files per language, a real browser, the PDF, and privacy."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pypandoc
import pytest

from gelijkekansen.messages import Labels
from gelijkekansen.report.build import PAY_REPORT, REPORTS, RenderedReport, render_reports
from gelijkekansen.report.formatting import Numbers, markdown_table
from gelijkekansen.report.presentation import COUNT_HEADERS
from tests.e2e.report_output import MIN_CELL, Rendered
from tests.helpers.system_tools import CHROMIUM, CHROMIUM_FLAGS, tool_or_skip

PAGE_FLAGS = (
    *CHROMIUM_FLAGS,
    "--hide-scrollbars",
    # Nothing can be fetched; the net log still records every request the page makes.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
)
HEADINGS = {
    "nl": {
        "equity": ("Samenvatting", "Wervingstrechter", "Datakwaliteit", "Verantwoording"),
        "monitor": (
            "Leidinggevenden per laag",
            "Streefcijfers",
            "Glazen plafond",
            "SER-overzicht per jaar",
        ),
    },
    "en": {
        "equity": ("Summary", "Hiring funnel", "Data quality", "Run manifest"),
        "monitor": ("Leaders per layer", "Targets", "Glass ceiling", "Yearly SER summary"),
    },
}
LANGS = ("nl", "en")
TEMPLATES = tuple(REPORTS)
WITH_PAY = (*REPORTS, *PAY_REPORT)
"""The synthetic extraction delivers pay, so the pay transparency report is rendered too."""


def _report(rendered: Rendered, lang: str, template: str) -> RenderedReport:
    return next(r for r in rendered.reports[lang] if r.template == template)


def _html(rendered: Rendered, lang: str, template: str) -> str:
    return _report(rendered, lang, template).paths[0].read_text(encoding="utf-8")


@functools.cache
def _pdf_text(path: Path) -> str:
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout.replace("\u00a0", " ")


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    tool_or_skip(CHROMIUM.is_file(), "chromium")
    profile = tmp_path / "profile"
    command = [
        str(CHROMIUM),
        *PAGE_FLAGS,
        f"--user-data-dir={profile}",
        f"--log-net-log={tmp_path / 'net.json'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _console_messages(stderr: str) -> list[str]:
    """The page has no script, so any console message (an error above all) is a defect."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _page_requests(tmp_path: Path) -> list[str]:
    """URLs the page itself asked for outside the file (the browser's own traffic, such as
    update checks, belongs to no page and is left out)."""
    log = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    return sorted(
        {
            params["url"]
            for event in log["events"]
            if "file://" in (params := event.get("params", {})).get("network_isolation_key", "")
            and not params.get("url", "file:").startswith(("file:", "data:"))
        }
    )


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_report_has_html_and_pdf_named_in_its_language(rendered: Rendered, lang: str) -> None:
    for template, names in REPORTS.items():
        paths = _report(rendered, lang, template).paths
        assert [p.name for p in paths] == [f"{names[lang]}.html", f"{names[lang]}.pdf"]
        assert paths[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert paths[1].read_bytes().startswith(b"%PDF-")


def test_the_reports_folder_holds_only_finished_reports(rendered: Rendered) -> None:
    expected = {
        f"{names[lang]}.{fmt}"
        for names in (REPORTS | PAY_REPORT).values()
        for lang in LANGS
        for fmt in ("html", "pdf")
    }
    assert {p.name for p in (rendered.out / "reports").iterdir()} == expected


@pytest.mark.parametrize("lang", LANGS)
def test_html_declares_its_language_and_title(rendered: Rendered, lang: str) -> None:
    html = _html(rendered, lang, "equity")
    assert re.search(rf'<html[^>]*\blang="{lang}"', html)
    title = "Kwartaalrapportage gelijke kansen" if lang == "nl" else "Quarterly equity report"
    assert f"<title>{title}</title>" in html


# --- the HTML in a browser -------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
def test_html_references_nothing_outside_the_file(rendered: Rendered, template: str) -> None:
    for lang in LANGS:
        html = _html(rendered, lang, template)
        links = re.findall(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", html)
        links += re.findall(r"""url\(\s*["']?([^"')]*)""", html)
        outside = [link for link in links if not link.startswith(("#", "data:"))]
        assert outside == []
        assert "@import" not in html


@pytest.mark.parametrize("template", TEMPLATES)
def test_browser_draws_every_chart_without_errors(
    rendered: Rendered, template: str, tmp_path: Path
) -> None:
    report = _report(rendered, "nl", template)
    result = _chromium(tmp_path, "--dump-dom", report.paths[0].as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_messages(result.stderr) == []
    assert _page_requests(tmp_path) == []
    figures = re.findall(r"<figure\b.*?</figure>", result.stdout, re.S)
    assert report.charts >= 6
    assert len(figures) == report.charts
    for figure in figures:
        assert re.search(r'<svg role="img" aria-label="[^"]{20,}"', figure), figure[:300]
        assert 'aria-roledescription="bar"' in figure or "mark-line" in figure
        assert re.search(r"<figcaption>.{10,}</figcaption>", figure, re.S)


def test_the_browser_check_notices_an_external_request(tmp_path: Path) -> None:
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="https://cdn.example.org/chart.png"></body></html>')
    _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert _page_requests(tmp_path) == ["https://cdn.example.org/chart.png"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_screenshot_is_not_blank(rendered: Rendered, template: str, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    report = _report(rendered, "en", template)
    result = _chromium(
        tmp_path, "--window-size=900,1800", f"--screenshot={shot}", report.paths[0].as_uri()
    )
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    image = pytest.importorskip("PIL.Image").open(shot).convert("L")
    stat = pytest.importorskip("PIL.ImageStat").Stat(image)
    dark = sum(image.histogram()[:200]) / (image.width * image.height)
    assert stat.stddev[0] > 20
    assert dark > 0.01


# --- the PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", TEMPLATES)
def test_pdf_has_pages_headings_and_figures(rendered: Rendered, lang: str, template: str) -> None:
    pdf = _report(rendered, lang, template).paths[1]
    tool_or_skip(shutil.which("pdfinfo") is not None, "pdfinfo")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    assert pages > 1
    text = _pdf_text(pdf)
    for heading in HEADINGS[lang][template]:
        assert heading in text
    word = "Figuur" if lang == "nl" else "Figure"
    assert f"{word} 1:" in text and f"{word} 6:" in text


def _published_one(rendered: Rendered, sql: str) -> tuple[object, ...]:
    with duckdb.connect(str(rendered.out / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_shows_the_published_staff_count(rendered: Rendered, lang: str) -> None:
    (headcount,) = _published_one(
        rendered,
        """
        select headcount from published.representation
        where population = 'all_staff' and org_unit = 'totaal' and dimension = 'totaal'
        order by period_end desc limit 1""",
    )
    numbers = Numbers(Labels(lang, {}))
    text = _pdf_text(_report(rendered, lang, "equity").paths[1])
    assert f"n = {numbers.count(int(headcount))}" in text  # type: ignore[call-overload]


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_shows_the_share_of_women_among_leaders_or_teachers(
    rendered: Rendered, lang: str
) -> None:
    # the latest published share of women in the monitor's headline populations (with a small
    # extraction and k = 13 the leaders' counts can all be hidden; then the teachers' count)
    share, headcount = _published_one(
        rendered,
        """
        select share, headcount from published.representation
        where population in ('leaders', 'teachers') and org_unit = 'totaal'
            and "group" = 'vrouw' and share is not null
        order by population, period_end desc limit 1""",
    )
    numbers = Numbers(Labels(lang, {}))
    expected = f"{numbers.percent(share)} (n = {numbers.count(headcount)})"  # type: ignore[arg-type]
    assert expected in _pdf_text(_report(rendered, lang, "monitor").paths[1])


# --- privacy: no count below the minimum cell size -------------------------------------------


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts, header row first."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _count_violations(html: str, text: str, lang: str) -> list[str]:
    """Counts below the minimum cell: in count columns of tables, and ``n = …`` anywhere."""
    labels = Labels(lang, {})
    headers = {labels(key) for key in COUNT_HEADERS}
    marker = Numbers(labels).suppressed
    parser = _Tables()
    parser.feed(html)
    problems = []
    checked = 0
    for table in parser.tables:
        header, *rows = table
        for index, name in enumerate(header):
            if name not in headers:
                continue
            for row in rows:
                cell = row[index]
                checked += 1
                if cell != marker and int(re.sub(r"[.,]", "", cell)) < MIN_CELL:
                    problems.append(f"{name}: {cell}")
    for match in re.finditer(r"\bn[\s\u00a0]*=[\s\u00a0]*([\d.,]+)", text):
        checked += 1
        if int(re.sub(r"[.,]", "", match.group(1))) < MIN_CELL:
            problems.append(match.group(0))
    assert checked > 0, "no counts found: the check would pass vacuously"
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template", WITH_PAY)
def test_no_count_below_the_minimum_cell_in_html_or_pdf(
    rendered: Rendered, lang: str, template: str
) -> None:
    report = _report(rendered, lang, template)
    html = report.paths[0].read_text(encoding="utf-8")
    assert _count_violations(html, re.sub(r"<[^>]+>", " ", html), lang) == []
    pdf = _pdf_text(report.paths[1])
    assert _count_violations(html, pdf, lang) == []


def test_the_count_check_catches_raw_counts_from_the_marts(rendered: Rendered) -> None:
    """A template that showed marts counts instead of published ones would be caught."""
    with duckdb.connect(str(rendered.out / "warehouse.duckdb"), read_only=True) as con:
        raw = con.execute("""
            select "group", pool from marts.group_counts
            where process = 'representation' and dimension = 'gender' and pool > 0
            order by pool limit 5""").fetchall()
    labels = Labels("nl", {})
    assert raw[0][1] < MIN_CELL, "the fixture no longer has small raw cells to hide"
    table = markdown_table(
        ["groep", labels("col.headcount")],
        [[group, str(pool)] for group, pool in raw],
        caption="raw",
        label="raw",
    )
    html = pypandoc.convert_text(table, "html5", format="markdown")
    assert _count_violations(html, "", "nl") != []


def test_published_tables_hold_no_unsuppressed_count_below_the_minimum(
    rendered: Rendered,
) -> None:
    checks = {
        "representation": ("headcount",),
        "selection_rates": ("pool", "selected"),
        "ser_summary": ("men", "women", "other", "unknown", "total"),
    }
    with duckdb.connect(str(rendered.out / "warehouse.duckdb"), read_only=True) as con:
        for table, columns in checks.items():
            for column in columns:
                small = con.execute(
                    f"select count(*) from published.{table} "
                    f"where {column} is not null and {column} < {MIN_CELL}"
                ).fetchall()
                assert small == [(0,)], f"published.{table}.{column}"


def test_rendering_again_gives_byte_identical_reports(rendered: Rendered) -> None:
    """Same published tables, same report: no ordering left to a parallel database scan."""
    first = {p: p.read_bytes() for r in rendered.reports["nl"] for p in r.paths}
    render_reports(rendered.out, config=rendered.config, language="nl")
    assert {p: p.read_bytes() for p in first} == first


# --- the pay transparency report -------------------------------------------------------------


@pytest.mark.parametrize(("lang", "flag"), [("nl", "gezamenlijke beoordeling"),
                                            ("en", "joint pay assessment")])
def test_the_pay_report_names_the_planted_gap_for_a_joint_assessment(
    rendered: Rendered, lang: str, flag: str
) -> None:
    """synthetic.pay plants a gap in HDOC12 (women at 0.90 of the men's rate): the only
    category sent to a joint pay assessment, in the HTML and in the PDF."""
    html, pdf = _report(rendered, lang, "pay").paths
    assert [html.name, pdf.name] == [f"{PAY_REPORT['pay'][lang]}.{fmt}" for fmt in ("html", "pdf")]
    text = " ".join(re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")).split())
    flagged = re.findall(r"⚠ (\S+) ?: [^⚠]*?" + flag, text)
    assert flagged == ["HDOC12"], text[-4000:]
    pdf_text = " ".join(_pdf_text(pdf).split())
    assert re.search(r"⚠ HDOC12 ?: ", pdf_text), pdf_text[:3000]
