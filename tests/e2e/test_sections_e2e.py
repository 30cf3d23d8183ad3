"""The equity report's sections per process: a table row for every flagged comparison, a
page-one sentence that counts exactly those rows, hidden rows that say why, and data values
that stay text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import polars as pl
import pypandoc
import pytest

from gelijkekansen.analyse.stats import FOLLOW_UP
from gelijkekansen.contract import TOTAL
from gelijkekansen.messages import Labels
from gelijkekansen.report.build import RenderedReport
from gelijkekansen.report.equity import DIMENSIONS, EquityReport
from gelijkekansen.report.headline import POPULATIONS
from gelijkekansen.report.monitor import MonitorReport
from tests.e2e.report_output import MIN_CELL, Rendered

LANGS = ("nl", "en")
HOSTILE = "<img src=x onerror=alert(1)>"
PROMISE = {
    "nl": r"Alle ([\d.]+) gesignaleerde vergelijkingen staan met hun cijfers in de tabellen per "
          r"proces: ([\d.]+) voor de hele organisatie en ([\d.]+) binnen eenheden\.",
    "en": r"All ([\d,]+) flagged comparisons are in the tables per process, with their figures: "
          r"([\d,]+) for the whole organisation and ([\d,]+) within units\.",
}
HIDDEN = {
    "nl": {"primary": f"onderdrukt (<\u00a0{MIN_CELL})",
           "secondary": "onderdrukt (ter bescherming)"},
    "en": {"primary": f"suppressed (<\u00a0{MIN_CELL})",
           "secondary": "suppressed (to protect others)"},
}
"""The words for a hidden row; ``< 13`` never breaks between its two halves."""


class _Tables(HTMLParser):
    """The tables of a page by id, each as rows of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._current: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._current = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self._current is not None:
            self._current.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._current is not None:
            self._current[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _flagged_rows(tables: dict[str, list[list[str]]]) -> list[list[str]]:
    return [row for name, table in tables.items() if name.startswith("tbl-flagged-")
            for row in table[1:]]


def _text(words: str) -> str:
    """Text as a page shows it, and as the table reader gives it: every space one space."""
    return " ".join(words.split())


def _number(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def _flagged_in_sql(out: Path, period_end: object) -> tuple[int, int]:
    """Flagged comparisons (organisation-wide, within units) counted in SQL from the published
    table: a follow-up verdict or signal, in the latest pooled window and the rolling year; a
    part of all staff as large as all staff (the same people) counted once."""
    with duckdb.connect(str(out / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            """
            with candidates as (
                select * from published.selection_rates
                where dimension in (select unnest($dimensions))
                  and population in (select unnest($populations))
            ),
            pooled as (
                select max(window_end) as window_end from candidates
                where window_type = 'all_years' and window_end <= $period_end
            )
            select count(distinct comparison) filter (where org_unit = 'totaal'),
                   count(distinct comparison) filter (where org_unit <> 'totaal')
            from (select *, (window_type, window_end, org_unit, process, stage, dimension,
                             "group", pool) as comparison from candidates)
            where ((window_type = 'all_years' and window_end = (select window_end from pooled))
                   or (window_type = 'rolling4q' and window_end = $period_end))
              and (verdict in (select unnest($follow_up)) or coalesce(follow_up_signal, false))
            """,
            {"dimensions": list(DIMENSIONS), "populations": list(POPULATIONS),
             "follow_up": list(FOLLOW_UP), "period_end": period_end},
        ).fetchall()
    return rows[0][0], rows[0][1]


def _equity(rendered: Rendered, lang: str) -> RenderedReport:
    return next(r for r in rendered.reports[lang] if r.template == "equity")


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_promises_exactly_the_rows_the_process_tables_show(
    rendered: Rendered, lang: str
) -> None:
    html = _equity(rendered, lang).paths[0].read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    promise = re.search(PROMISE[lang], text)
    assert promise is not None
    total, own, units = (_number(g) for g in promise.groups())
    rows = _flagged_rows(_tables(html))
    period_end = EquityReport.open(rendered.out, lang=lang).period_end
    assert (own, units) == _flagged_in_sql(rendered.out, period_end)
    assert total == own + units == len(rows) > 0


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_each_planted_flagged_comparison_has_a_row_in_the_hiring_section(
    hu: Path, lang: str
) -> None:
    labels = Labels(lang, {})
    report = EquityReport.open(hu, lang=lang)
    html = pypandoc.convert_text(report.hiring(), "html5", format="markdown")
    own = _tables(html)["tbl-flagged-hiring"][1:]
    planted = [("applied>screened", "age_band", "55+"),
               ("interviewed>offered", "origin", "buiten_europa")]
    for stage, dimension, group in planted:
        found = [row for row in own if row[0].startswith(labels(stage) + " · ")
                 and row[1] == f"{labels(dimension)}: {labels(group)}"]
        assert found, (stage, group)
        assert all(any(labels(f"r.short.{v}") in row[-1] for v in FOLLOW_UP) for row in found)
    promise = re.search(PROMISE[lang], " ".join(report.headline().split()))
    assert promise is not None
    rows = _flagged_rows(_tables(pypandoc.convert_text(
        report.hiring() + "\n\n" + report.processes(), "html5", format="markdown")))
    own, units = _flagged_in_sql(hu, report.period_end)
    assert [_number(g) for g in promise.groups()] == [len(rows), own, units]
    assert len(rows) == own + units


def _reasons(rendered: Rendered, sql: str) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(rendered.out / "warehouse.duckdb"), read_only=True) as con:
        return {(a, b): reason for a, b, reason in con.execute(sql).fetchall()}


@pytest.mark.parametrize("lang", LANGS)
def test_a_hidden_row_says_whether_it_is_small_or_protects_a_small_one(
    rendered: Rendered, lang: str
) -> None:
    labels = Labels(lang, {})
    report = EquityReport.open(rendered.out, lang=lang)
    tables = _tables(_equity(rendered, lang).paths[0].read_text(encoding="utf-8"))
    seen = set()
    for dimension in ("gender", "origin"):
        reasons = _reasons(rendered, f"""
            select stage, "group", suppression_reason from published.selection_rates
            where window_type = 'rolling4q' and window_end = '{report.period_end}'
              and org_unit = 'totaal' and process = 'hiring' and population = 'candidates:all'
              and dimension = '{dimension}'""")
        by_label = {(labels(stage), labels(group)): reason
                    for (stage, group), reason in reasons.items()}
        for row in tables[f"tbl-funnel-{dimension}"][1:]:
            reason = by_label[(row[0], row[1])]
            words = [_text(w) for w in HIDDEN[lang].values() if _text(w) in row[-1]]
            assert words == ([_text(HIDDEN[lang][reason])] if reason else []), row
            seen.add(reason)
    assert "primary" in seen, "the fixture no longer hides small rows in the funnel"


@pytest.mark.parametrize("lang", LANGS)
def test_every_hidden_comparison_and_share_is_worded_by_its_reason(
    rendered: Rendered, lang: str
) -> None:
    """On every published row of the report's quarter, not only those a figure shows: the
    funnel and career figures show gender and origin, where few rows protect others."""
    report = EquityReport.open(rendered.out, lang=lang)
    hidden = report.comparisons(report.period_end).filter(pl.col("suppressed"))
    for row in hidden.iter_rows(named=True):
        assert report.rate_row(row, first="")[-1] == f"– {HIDDEN[lang][row['suppression_reason']]}"
    shares = report.warehouse.published(
        "representation", where={"period_end": report.period_end, "suppressed": True})
    for row in shares.iter_rows(named=True):
        assert report.share_cell(row) == HIDDEN[lang][row["suppression_reason"]]
    reasons = {*hidden.get_column("suppression_reason"), *shares.get_column("suppression_reason")}
    assert reasons == {"primary", "secondary"}
    assert report.share_cell(None) == {"nl": "niet gepubliceerd", "en": "not published"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_both_reports_explain_both_reasons_for_hiding(rendered: Rendered, lang: str) -> None:
    heading = Labels(lang, {})("r.method.heading")
    for report in (r for r in rendered.reports[lang] if r.template != "pay"):  # no such rows
        html = report.paths[0].read_text(encoding="utf-8").split(heading)[-1]
        method = unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))
        for word in HIDDEN[lang].values():
            assert _text(word) in method, (report.template, word)


@pytest.mark.parametrize("lang", LANGS)
def test_the_monitor_says_why_a_share_is_hidden(rendered: Rendered, lang: str) -> None:
    monitor = next(r for r in rendered.reports[lang] if r.template == "monitor")
    tables = _tables(monitor.paths[0].read_text(encoding="utf-8"))
    cells = [cell for name, table in tables.items() if name.startswith(("tbl-leaders",
             "tbl-teachers")) for row in table[1:] for cell in row]
    assert _text(HIDDEN[lang]["primary"]) in cells
    assert Labels(lang, {})("suppressed_short") not in cells  # every hidden share says why


def test_a_unit_name_from_the_data_is_text_in_a_flagged_table(rendered: Rendered) -> None:
    report = EquityReport.open(rendered.out, lang="en")
    frame = report.flagged.head(3).with_columns(org_unit=pl.lit(HOSTILE))
    assert frame.height > 0
    table = report._flagged_table("t", frame, by_unit=True, caption="c")
    html = pypandoc.convert_text(table, "html5", format="markdown")
    assert "<img" not in html
    assert all(row[0].startswith(HOSTILE + " · ") for row in _tables(html)["tbl-t"][1:])


@pytest.mark.parametrize("lang", LANGS)
def test_a_units_monitor_says_its_layers_are_published_for_the_organisation_only(
    rendered: Rendered, lang: str
) -> None:
    whole = MonitorReport.open(rendered.out, lang=lang)
    units = whole.warehouse.published("representation", columns=["org_unit"])
    unit = sorted(set(units.get_column("org_unit")) - {TOTAL})[0]
    sentence = whole.t("r.mon.layers_organisation_only")
    assert sentence not in whole.leaders()
    assert sentence in MonitorReport.open(rendered.out, lang=lang, org_unit=unit).leaders()
