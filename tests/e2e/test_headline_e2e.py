"""Page one of the equity report, as rendered: the planted effect in one plain sentence, the
three parts of the headline, and every target's status as icon and word."""

from __future__ import annotations

import shutil
import subprocess

import duckdb
import pytest

from gelijkekansen.messages import Labels
from gelijkekansen.report.presentation import ICONS
from tests.e2e.report_output import Rendered
from tests.helpers.system_tools import tool_or_skip

SENTENCE = {
    "nl": "Kandidaten van 55+ komen ongeveer",
    "en": "Candidates aged 55+ get through CV screening about",
}
PARTS = {
    "nl": ("De belangrijkste bevindingen", "Signalen om te volgen", "Streefcijfers"),
    "en": ("The findings that matter", "Signals to follow up", "Targets"),
}


def _page_one(rendered: Rendered, lang: str) -> str:
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    report = next(r for r in rendered.reports[lang] if r.template == "equity")
    result = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(report.paths[1]), "-"],
        capture_output=True, text=True, check=True,
    )
    return " ".join(result.stdout.replace("\u00a0", " ").split())


def _rows(rendered: Rendered, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(rendered.out / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_planted_screening_effect_leads_page_one_in_plain_words(
    rendered: Rendered, lang: str
) -> None:
    [(verdict,)] = _rows(rendered, """
        select verdict from published.selection_rates
        where window_type = 'all_years' and org_unit = 'totaal' and process = 'hiring'
          and stage = 'applied>screened' and population = 'candidates:all'
          and dimension = 'age_band' and "group" = '55+'""")
    assert verdict == "significant_disparity"  # planted at 0.8 in the synthetic data
    text = _page_one(rendered, lang)
    for part in PARTS[lang]:
        assert part in text
    assert SENTENCE[lang] in text
    # the sentence comes before the signals: it is a headline, not a footnote
    assert text.index(SENTENCE[lang]) < text.index(PARTS[lang][1])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_target_status_is_shown_by_icon_and_word(rendered: Rendered, lang: str) -> None:
    statuses = [status for (status,) in _rows(
        rendered, "select status from published.targets where not suppressed")]
    assert statuses
    labels = Labels(lang, {})
    text = _page_one(rendered, lang)
    for status in statuses:
        assert f"{ICONS[str(status)]} {labels(str(status))}" in text
