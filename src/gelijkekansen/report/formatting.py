"""Numbers, dates and tables written the way a Dutch or English reader expects them.

One place decides how a figure looks in a report (1.234 or 1,234; 45,2% or 45.2%), and how a
hidden figure looks: always the word for suppressed, never a zero or an empty cell. And one place
makes a value from the data literal text: a unit named ``<img onerror=...>`` or ``[x](javascript:)``
must reach the HTML as those characters, never as markup (pandoc passes raw HTML through).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date

from gelijkekansen.messages import Labels

Cell = str
Align = str  # "l" or "r"
_WIDEST = 24
# Characters that start markup inside a pandoc inline: raw HTML and entities, links and spans,
# emphasis, code and raw attributes, math, super/subscript, citations, table pipes, escapes;
# and what pandoc's smart typography would change (quotes, -- and ...), so a value stays exact.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|$^~@&\"'.-])")


class Markup(str):
    """Markdown the report composed itself (not a value from the data): tables keep it as is."""


def plain(value: object) -> str:
    """A value as literal text in pandoc markdown: one line, every markup character escaped."""
    return _MARKUP.sub(r"\\\1", " ".join(str(value).split()))


def capital(text: str) -> str:
    """``text`` with its first letter a capital, the rest as it was (``CV``, ``INST03``)."""
    return text[:1].upper() + text[1:]


def strong(value: object) -> Markup:
    """A value in bold, the value itself escaped."""
    return Markup(f"**{plain(value)}**")


class Numbers:
    """Formats figures in one language; ``None`` (a suppressed value) becomes the marker."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels
        self._nl = labels.language == "nl"
        self.suppressed = labels("suppressed_short")

    def count(self, value: int | None) -> str:
        """A whole number with a thousands separator."""
        if value is None:
            return self.suppressed
        text = f"{int(value):,}"
        return text.replace(",", ".") if self._nl else text

    def n(self, value: int | None) -> str:
        """A sample size as the reports write it in prose, ``n = 1.234``."""
        return f"n\u00a0=\u00a0{self.count(value)}"

    def decimal(self, value: float | None, digits: int = 2) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.suppressed
        text = f"{value:,.{digits}f}"
        if self._nl:
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text

    def percent(self, value: float | None, digits: int = 1) -> str:
        """A share in [0, 1] as a percentage."""
        if value is None or math.isnan(value):
            return self.suppressed
        return f"{self.decimal(100 * value, digits)}%"

    def interval(self, low: float | None, high: float | None, *, percent: bool = True) -> str:
        """A 95% interval, ``40,1–50,3%``; empty when not computed (never a made-up bound)."""
        if low is None or high is None or math.isnan(low) or math.isnan(high):
            return "–"
        if percent:
            return f"{self.decimal(100 * low, 1)}–{self.percent(high)}"
        return f"{self.decimal(low)}–{self.decimal(high)}"

    def p_value(self, value: float | None) -> str:
        """A p- or q-value to three decimals; below 0.001 as ``< 0,001``."""
        if value is None or math.isnan(value):
            return "–"
        if value < 0.001:
            return "< 0,001" if self._nl else "< 0.001"
        return self.decimal(value, 3)

    def p_relation(self, value: float | None) -> str:
        """``= 0,012`` or ``< 0,001``, to follow ``p`` or ``q`` in a sentence."""
        text = self.p_value(value)
        return text if text.startswith("<") else f"= {text}"

    def quarter(self, day: date) -> str:
        """``2026 K3`` in Dutch, ``2026 Q3`` in English."""
        letter = "K" if self._nl else "Q"
        return f"{day.year} {letter}{(day.month - 1) // 3 + 1}"

    def day(self, day: date) -> str:
        return f"{day.day}-{day.month}-{day.year}" if self._nl else day.isoformat()


def markdown_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    caption: str,
    label: str,
    align: Sequence[Align] | None = None,
    widths: Sequence[int] | None = None,
) -> str:
    """A pandoc pipe table with a numbered caption; header and cells are literal text (see
    ``plain``) unless they are ``Markup``. ``widths`` are relative column widths on paper (the
    render filter applies them to the PDF; by default columns size to their content)."""
    aligns = align or ["l"] + ["r"] * (len(header) - 1)
    dashes = [
        min(_WIDEST, max(len(str(r[i])) for r in [header, *rows]))
        for i in range(len(header))
    ]
    rule = [
        "-" * max(3, w) + ":" if a == "r" else ":" + "-" * max(3, w)
        for a, w in zip(aligns, dashes, strict=True)
    ]
    lines = [_row([_literal(cell) for cell in header]), _row(rule)]
    lines += [_row([_literal(cell) for cell in row]) for row in rows]
    attributes = f"#tbl-{label}"
    if widths:
        attributes += f' widths="{" ".join(str(int(w)) for w in widths)}"'
    lines += ["", f": {' '.join(caption.split())} {{{attributes}}}"]
    return "\n".join(lines)


def _literal(cell: Cell) -> str:
    return cell if isinstance(cell, Markup) else plain(cell)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
