"""Nothing from the data becomes markup: hostile values reach the HTML as text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pypandoc
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import Config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.report.build import REPORTS, build_reports
from gelijkekansen.report.formatting import markdown_table, plain, strong
from tests.helpers.extraction import copy_tiny

HOSTILE = "<img src=x onerror=alert(1)>"
TABLE_TAGS = {"table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td"}
# Strings that are markup in pandoc markdown or HTML, mixed with ordinary text by hypothesis.
PAYLOADS = [
    HOSTILE,
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "`x`{=html}",
    "**vet** _schuin_ ~sub~ ^sup^",
    "$x^2$",
    "&lt;b&gt; &amp;",
    "@citation",
    "a | b",
    "\\",
    "<!-- c -->",
    "[span]{onclick=alert(1)}",
]
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=st.sampled_from("<>&[]()`*_{}|\\$^~@#=!\"' ab1"), min_size=1, max_size=30),
)


class _Tags(HTMLParser):
    """The element names and the text content of each table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


@settings(max_examples=25, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=8))
def test_any_value_in_a_table_reaches_the_html_as_exactly_its_text(values: list[str]) -> None:
    rows = [[value, "12"] for value in values]
    html = pypandoc.convert_text(
        markdown_table(["eenheid", "n"], rows, caption="Tabel", label="t"), "html5",
        format="markdown",
    )
    parsed = _parse(html)
    assert set(parsed.tags) <= TABLE_TAGS
    # compared as a browser shows text: any run of whitespace (pandoc wraps long lines) is a space
    expected = [" ".join(v.split()) for v in values]
    assert [" ".join(cell.split()) for cell in parsed.cells[2::2]] == expected


def test_markup_the_report_composed_itself_stays_markup() -> None:
    html = pypandoc.convert_text(
        markdown_table(["status"], [[strong(HOSTILE)]], caption="Tabel", label="t"), "html5",
        format="markdown",
    )
    parsed = _parse(html)
    assert "strong" in parsed.tags
    assert "img" not in parsed.tags


def test_a_heading_built_with_plain_is_text() -> None:
    html = pypandoc.convert_text(f"## Eenheid {plain(HOSTILE)}", "html5", format="markdown")
    assert _parse(html).tags == ["h2"]


def test_a_hostile_unit_name_in_an_extraction_is_text_in_the_rendered_report(
    tmp_path: Path,
) -> None:
    folder = copy_tiny(tmp_path / "extraction")
    for name in ("positions.csv", "vacancies.csv"):
        path = folder / name
        path.write_text(path.read_text().replace("INST01", HOSTILE), encoding="utf-8")
    out = tmp_path / "out"
    ingest(folder, warehouse=out / "warehouse.duckdb", config=Config())
    analyse(out / "warehouse.duckdb", config=Config(), out_dir=out / "metrics")
    assert HOSTILE in (out / "metrics" / "representation.csv").read_text()
    written = build_reports(out, config=Config(), language="en")
    assert {p.stem for p in written} == {names["en"] for names in REPORTS.values()}  # no pay
    pages = [p for p in written if p.suffix == ".html"]
    monitor = next(p for p in pages if "monitor" in p.name).read_text()
    assert "onerror=alert(1)&gt;" in monitor or "onerror=alert(1)&gt" in monitor
    for page in pages:
        html = page.read_text()
        assert "<img src=x" not in html
        assert "img" not in _parse(html).tags
