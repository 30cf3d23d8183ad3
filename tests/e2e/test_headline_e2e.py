"""Page one of the equity report: the three parts of the headline in order, every target's
status as icon and word, and, at HU scale, both planted hiring effects in plain sentences."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from gelijkekansen.messages import Labels
from gelijkekansen.report.equity import EquityReport
from gelijkekansen.report.presentation import ICONS
from tests.e2e.report_output import Rendered
from tests.helpers.system_tools import tool_or_skip

PLANTED = {
    "nl": (
        (r"Kandidaten van 55\+ komen ongeveer (\d+(?:,\d+)?) keer zo vaak door de cv-selectie als",
         0.8),
        (r"Kandidaten van buiten Europa krijgen na het gesprek ongeveer (\d+(?:,\d+)?) keer zo "
         r"vaak een aanbod als kandidaten uit Nederland", 0.75),
    ),
    "en": (
        (r"Candidates aged 55\+ get through CV screening about (\d+(?:\.\d+)?) times as often as",
         0.8),
        (r"Candidates from outside Europe receive an offer after the interview about "
         r"(\d+(?:\.\d+)?) times as often as candidates from the Netherlands", 0.75),
    ),
}
"""The effects planted in the synthetic data (ground_truth.json), each with its planted ratio:
the sentence must name it, with the estimate within 0.05 of what was planted (the reference
group is the largest, so the estimate is not exactly the planted ratio)."""
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
def test_page_one_holds_findings_signals_and_targets_in_that_order(
    rendered: Rendered, lang: str
) -> None:
    text = _page_one(rendered, lang)
    places = [text.index(part) for part in PARTS[lang]]
    assert places == sorted(places)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_both_planted_hiring_effects_lead_the_hu_demo_in_plain_words(hu: Path, lang: str) -> None:
    headline = EquityReport.open(hu, lang=lang).headline()
    findings = headline.split(PARTS[lang][1])[0]  # the numbered findings, before the signals
    for pattern, planted in PLANTED[lang]:
        found = re.search(pattern, findings)
        assert found is not None, findings
        assert abs(float(found.group(1).replace(",", ".")) - planted) <= 0.05, found.group(0)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_target_status_is_shown_by_icon_and_word(rendered: Rendered, lang: str) -> None:
    statuses = [status for (status,) in _rows(
        rendered, "select status from published.targets where not suppressed")]
    assert statuses
    labels = Labels(lang, {})
    text = _page_one(rendered, lang)
    for status in statuses:
        assert f"{ICONS[str(status)]} {labels(str(status))}" in text
