"""Layout checks on rendered reports: what a reader would see as broken, found by measuring.

HTML: the page is opened in headless Chromium at a given width with a small script appended
that measures every table, figure, chart and heading against its container and the viewport;
the script writes what it found into the DOM, which ``--dump-dom`` returns.

PDF: ``pdftotext -bbox`` gives the box of every word; a word outside its page, or two words
whose boxes overlap, is text a reader cannot read.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from tests.helpers.system_tools import CHROMIUM, CHROMIUM_FLAGS

SLACK = 1.0
"""Pixels or points of tolerance: sub-pixel rounding is not a defect."""
EDGE = 30.0
"""Points at each page edge no word may reach: the page margins are wider than this, so a word
there ran out of the text block (poppler drops what lies wholly beyond the page itself)."""

_MEASURE = """
<script>
(() => {
  const found = [];
  const page = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    " " + (el.textContent || "").trim().slice(0, 40);
  const measured = "table, figure, svg, img, h1, h2, h3, h4, p.subtitle";
  for (const el of document.querySelectorAll(measured)) {
    const box = el.getBoundingClientRect();
    const parent = el.parentElement.getBoundingClientRect();
    if (box.right > page + SLACK || box.left < -SLACK) found.push("past the page: " + name(el));
    if (box.width > parent.width + SLACK) found.push("wider than its container: " + name(el));
    if (!["TABLE", "svg"].includes(el.tagName) && el.scrollWidth > el.clientWidth + SLACK)
      found.push("content overflows: " + name(el));
  }
  if (document.documentElement.scrollWidth > page + SLACK)
    found.push("the page scrolls sideways: " + document.documentElement.scrollWidth + "px");
  const out = document.createElement("pre");
  out.id = "layout-findings";
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
})();
</script>
""".replace("SLACK", str(SLACK))


def html_overflows(page: Path, *, width: int, scratch: Path) -> list[str]:
    """What sticks out of its container or the viewport when ``page`` is ``width`` px wide."""
    probe = scratch / f"probe-{width}-{page.name}"
    html = page.read_text(encoding="utf-8")
    probe.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    command = [
        str(CHROMIUM), *CHROMIUM_FLAGS, "--hide-scrollbars", f"--user-data-dir={scratch / 'p'}",
        f"--window-size={width},2000", "--dump-dom", probe.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    match = re.search(r'<pre id="layout-findings">(.*?)</pre>', result.stdout, re.S)
    assert match, "the measuring script did not run"
    found: list[str] = json.loads(unescape(match.group(1)))
    return found


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Page sizes and every word's box, from poppler's ``pdftotext -bbox``."""
    result = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages: list[tuple[float, float]] = []
    words: list[Word] = []
    for chunk in re.split(r"(?=<page )", result.stdout):
        size = re.match(r'<page width="([\d.]+)" height="([\d.]+)"', chunk)
        if not size:
            continue
        pages.append((float(size.group(1)), float(size.group(2))))
        for m in re.finditer(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">'
            r"(.*?)</word>", chunk,
        ):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            words.append(Word(len(pages), unescape(m.group(5)), x0, y0, x1, y1))
    return pages, words


def pdf_defects(pdf: Path) -> list[str]:
    """Words outside their page and pairs of words that overlap, each named with its page."""
    pages, words = pdf_words(pdf)
    defects = []
    for w in words:
        width, height = pages[w.page - 1]
        if w.x0 < EDGE or w.y0 < EDGE or w.x1 > width - EDGE or w.y1 > height - EDGE:
            defects.append(f"page {w.page}: '{w.text}' outside the page")
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page, page_words in by_page.items():
        ordered = sorted(page_words, key=lambda w: w.x0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if b.x0 >= a.x1 - SLACK:
                    break
                if _overlap(a, b):
                    defects.append(f"page {page}: '{a.text}' overlaps '{b.text}'")
    return defects


def _overlap(a: Word, b: Word) -> bool:
    """Boxes that share more than a sliver (accents and tight kerning touch, they do not
    collide): at least a quarter of the smaller box's height and a point of width."""
    wide = min(a.x1, b.x1) - max(a.x0, b.x0)
    tall = min(a.y1, b.y1) - max(a.y0, b.y0)
    smaller = min(a.y1 - a.y0, b.y1 - b.y0)
    return wide > SLACK and tall > 0.25 * smaller
