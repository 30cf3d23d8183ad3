"""Rendering Quarto reports: the built-in chain end to end, Quarto's command line, failures."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pypandoc
import pytest

from gelijkekansen.report.formatting import markdown_table
from gelijkekansen.report.render import RenderError, render_report
from gelijkekansen.report.render.document import Cell, Document
from gelijkekansen.report.render.markdown import to_markdown
from gelijkekansen.report.render.pandoc import _FILTER, write_html
from tests.helpers.system_tools import CHROMIUM, CHROMIUM_FLAGS, tool_or_skip

FIXTURE = Path(__file__).parents[1] / "fixtures" / "hello.qmd"
PARAMS = {"organisation": "Acme Zorg"}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("out")
    return render_report(FIXTURE, out_dir=out, params=PARAMS, quarto=None)


@pytest.fixture(scope="module")
def html(rendered: list[Path]) -> str:
    return rendered[0].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_text(rendered: list[Path]) -> str:
    tool_or_skip(shutil.which("pdftotext") is not None, "pdftotext")
    result = subprocess.run(
        ["pdftotext", "-layout", str(rendered[1]), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_writes_html_and_pdf_and_nothing_else(rendered: list[Path]) -> None:
    out = rendered[0].parent
    assert [path.name for path in rendered] == ["hello.html", "hello.pdf"]
    assert sorted(path.name for path in out.iterdir()) == ["hello.html", "hello.pdf"]
    assert rendered[1].read_bytes().startswith(b"%PDF-")


def test_html_shows_the_parameter_not_the_default(html: str) -> None:
    assert "Acme Zorg" in html
    assert "Voorbeeld BV" not in html


def test_html_language_comes_from_params(html: str) -> None:
    assert re.search(r'<html[^>]*\blang="nl"', html)


def test_html_renders_the_callout_as_a_titled_box(html: str) -> None:
    callout = re.search(r'<div class="callout callout-note"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert callout is not None
    assert re.search(r'class="callout-title">\s*Over deze cijfers', callout.group(1))


def test_html_renders_the_pipe_table_with_numbered_caption(html: str) -> None:
    table = re.search(r'<table id="tbl-flows">.*?</table>', html, re.S)
    assert table is not None
    assert "<caption>Tabel\xa01: Instroom en doorstroom per groep</caption>" in table.group(0)
    assert '<td style="text-align: right;">12</td>' in table.group(0)


def test_html_inlines_the_chart_with_caption_and_alt_text(html: str) -> None:
    figure = re.search(r'<figure id="fig-flows">(.*?)</figure>', html, re.S)
    assert figure is not None
    assert '<svg role="img" aria-label="Staafdiagram: groep A 12, groep B 9."' in figure.group(1)
    assert "<figcaption>Figuur\xa01: Instroom per groep</figcaption>" in figure.group(1)
    assert '<a href="#fig-flows">Figuur\xa01</a>' in html


def test_html_hides_code_and_shortcodes(html: str) -> None:
    assert "vegalite_to_svg" not in html
    assert "{{<" not in html


def test_html_references_no_external_resource(html: str) -> None:
    references = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", html, re.I)
    references += re.findall(r"""url\(\s*["']?([^"')]*)""", html, re.I)
    assert references, "the scan must see the document's own references"
    external = [ref for ref in references if re.match(r"(https?:)?//", ref.strip(), re.I)]
    assert external == []
    assert "@import" not in html


def test_pdf_text_has_title_parameter_and_callout(pdf_text: str) -> None:
    assert "Hallo gelijke kansen" in pdf_text
    assert "Acme Zorg" in pdf_text
    assert "Over deze cijfers" in pdf_text
    assert "Figuur 1" in pdf_text


def test_pdf_numbers_pages_and_breaks_at_the_shortcode(pdf_text: str) -> None:
    pages = pdf_text.split("\f")
    assert re.search(r"\b1\s*/\s*2\s*$", pages[0])
    assert "Grafiek" in pages[1]
    assert "Grafiek" not in pages[0]


def test_rendering_twice_gives_identical_files(rendered: list[Path], tmp_path: Path) -> None:
    again = render_report(FIXTURE, out_dir=tmp_path, params=PARAMS, quarto=None)
    assert [path.read_bytes() for path in again] == [path.read_bytes() for path in rendered]


def test_html_looks_like_a_page_in_headless_chromium(rendered: list[Path], tmp_path: Path) -> None:
    tool_or_skip(CHROMIUM.exists(), "chromium")
    image_module = pytest.importorskip("PIL.Image")
    screenshot = tmp_path / "page.png"
    subprocess.run(
        [
            str(CHROMIUM),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={screenshot}",
            "--window-size=1200,1600",
            rendered[0].as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    with image_module.open(screenshot) as image:
        grey = image.convert("L")
        inked = sum(grey.histogram()[:200])
        total = grey.width * grey.height
    assert 0.01 < inked / total < 0.5


def _write_qmd(folder: Path, body: str, front_matter: str = 'title: "T"') -> Path:
    qmd = folder / "doc.qmd"
    qmd.write_text(f"---\n{front_matter}\n---\n\n{body}", encoding="utf-8")
    return qmd


def test_failing_cell_names_the_cell_and_writes_nothing(tmp_path: Path) -> None:
    qmd = _write_qmd(tmp_path, "```{python}\n#| label: tbl-broken\n1 / 0\n```\n")
    out = tmp_path / "out"
    with pytest.raises(RenderError, match=r"doc\.qmd: cell 1 \(label 'tbl-broken'\).*ZeroDivision"):
        render_report(qmd, out_dir=out, params={})
    assert list(out.iterdir()) == []


def test_failing_cell_without_label_is_named_by_its_first_line(tmp_path: Path) -> None:
    qmd = _write_qmd(tmp_path, "```{python}\nx = 1\n```\n\n```{python}\nraise KeyError('k')\n```\n")
    with pytest.raises(RenderError, match=r"cell 2 \('raise KeyError\('k'\)'\).*KeyError"):
        render_report(qmd, out_dir=tmp_path / "out", params={}, formats=("html",))


def test_failed_render_keeps_the_previous_report(tmp_path: Path) -> None:
    qmd = _write_qmd(tmp_path, "```{python}\nimport no_such_module_here\n```\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.html").write_text("previous", encoding="utf-8")
    with pytest.raises(RenderError):
        render_report(qmd, out_dir=out, params={}, formats=("html",))
    assert [path.name for path in out.iterdir()] == ["doc.html"]
    assert (out / "doc.html").read_text(encoding="utf-8") == "previous"


def test_params_default_from_front_matter_and_run_in_the_documents_folder(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("from the folder", encoding="utf-8")
    body = (
        "```{python}\n#| output: asis\nprint(params['unit'], unit, open('data.txt').read())\n```\n"
    )
    qmd = _write_qmd(tmp_path, body, front_matter="title: T\nparams:\n  unit: dagen")
    [html] = render_report(qmd, out_dir=tmp_path / "out", params={}, formats=("html",))
    assert "dagen dagen from the folder" in html.read_text(encoding="utf-8")


def test_a_relative_output_folder_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    rendered = render_report(FIXTURE, out_dir=Path("out/demo"), params=PARAMS, quarto=None)
    assert [path.name for path in rendered] == ["hello.html", "hello.pdf"]
    assert (tmp_path / "out" / "demo" / "hello.pdf").read_bytes().startswith(b"%PDF")


def test_rendering_never_changes_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reports render in parallel threads that share the process's working folder: one that
    # moved it (pypandoc's cworkdir did) sent another's relative paths elsewhere.
    def refuse(path: object) -> None:
        raise AssertionError(f"rendering changed the working folder to {path}")

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("os.chdir", refuse)
    rendered = render_report(FIXTURE, out_dir=Path("out"), params=PARAMS, quarto=None)
    assert [path.name for path in rendered] == ["hello.html", "hello.pdf"]


def test_unknown_format_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="docx"):
        render_report(FIXTURE, out_dir=tmp_path / "out", params={}, formats=("docx",))
    assert not (tmp_path / "out").exists()


def test_parameter_that_is_not_a_literal_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="parameter 'organisation'"):
        render_report(FIXTURE, out_dir=tmp_path, params={"organisation": object()})


def test_quarto_is_called_per_format_with_params(tmp_path: Path) -> None:
    log = tmp_path / "calls.jsonl"
    fake = tmp_path / "quarto"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        "args = sys.argv[1:]\n"
        f"with open({str(log)!r}, 'a') as log: log.write(json.dumps(args) + '\\n')\n"
        "out = pathlib.Path(args[args.index('--output-dir') + 1])\n"
        "suffix = {'html': '.html', 'typst': '.pdf'}[args[args.index('--to') + 1]]\n"
        "(out / (pathlib.Path(args[1]).stem + suffix)).write_text('rendered')\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    out = tmp_path / "out"
    written = render_report(FIXTURE, out_dir=out, params={"organisation": "Acme"}, quarto=str(fake))
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert written == [out / "hello.html", out / "hello.pdf"]
    assert [call[call.index("--to") + 1] for call in calls] == ["html", "typst"]
    assert all(call[:2] == ["render", str(FIXTURE.resolve())] for call in calls)
    assert all(call[call.index("-P") + 1] == 'organisation:"Acme"' for call in calls)
    assert "embed-resources:true" in calls[0]


def _executed(options: Mapping[str, object], *outputs: Mapping[str, object]) -> Document:
    cell = Cell("code", "chart", options, tuple(outputs))
    return Document(Path("report.qmd"), "", {}, (cell,))


def _svg_output() -> Mapping[str, object]:
    return {"output_type": "display_data", "data": {"image/svg+xml": "<svg></svg>"}}


def test_figure_gets_label_caption_and_alt_text(tmp_path: Path) -> None:
    options = {"label": "fig-a", "fig-cap": "Share", "fig-alt": 'Bars "A"'}
    markdown = to_markdown(_executed(options, _svg_output()), target="typst", image_dir=tmp_path)
    image = tmp_path / "cell1-1.svg"
    assert markdown == f'![Share](<{image}>){{#fig-a fig-alt="Bars \\"A\\""}}\n'
    assert image.read_text(encoding="utf-8") == "<svg></svg>"


def test_png_output_is_written_as_an_image_file(tmp_path: Path) -> None:
    png = {"output_type": "display_data", "data": {"image/png": base64.b64encode(b"PNG").decode()}}
    markdown = to_markdown(_executed({}, png), target="html", image_dir=tmp_path)
    assert markdown == f"![](<{tmp_path / 'cell1-1.png'}>)\n"
    assert (tmp_path / "cell1-1.png").read_bytes() == b"PNG"


def test_asis_prints_are_joined_into_raw_markdown(tmp_path: Path) -> None:
    lines = ["| a |\n", "|---|\n", "| 1 |\n"]
    outputs = [{"output_type": "stream", "name": "stdout", "text": line} for line in lines]
    options = {"output": "asis", "label": "tbl-x", "tbl-cap": "Caption"}
    markdown = to_markdown(_executed(options, *outputs), target="html", image_dir=tmp_path)
    assert markdown == "| a |\n|---|\n| 1 |\n\n: Caption {#tbl-x}\n"


def test_plain_output_is_a_code_block_unless_asis(tmp_path: Path) -> None:
    output = {"output_type": "execute_result", "data": {"text/plain": "42"}}
    assert to_markdown(_executed({}, output), target="html", image_dir=tmp_path) == "```\n42\n```\n"
    asis = to_markdown(_executed({"output": "asis"}, output), target="html", image_dir=tmp_path)
    assert asis == "42\n"


def test_echo_shows_code_and_include_false_hides_everything(tmp_path: Path) -> None:
    output = {"output_type": "stream", "name": "stdout", "text": "hi\n"}
    echoed = to_markdown(_executed({"echo": True}, output), target="html", image_dir=tmp_path)
    assert echoed == "```python\nchart\n```\n\n```\nhi\n```\n"
    hidden = to_markdown(_executed({"include": False}, output), target="html", image_dir=tmp_path)
    assert hidden == "\n"


def test_html_only_output_falls_back_to_text_in_the_pdf(tmp_path: Path) -> None:
    output = {"output_type": "execute_result", "data": {"text/html": "<b>t</b>", "text/plain": "t"}}
    html = to_markdown(_executed({}, output), target="html", image_dir=tmp_path)
    typst = to_markdown(_executed({}, output), target="typst", image_dir=tmp_path)
    assert html == "```{=html}\n<b>t</b>\n```\n"
    assert typst == "```\nt\n```\n"


def test_interactive_chart_is_refused_with_a_hint(tmp_path: Path) -> None:
    output = {
        "output_type": "display_data",
        "data": {"application/vnd.vegalite.v5+json": {}, "text/plain": "alt.Chart(...)"},
    }
    with pytest.raises(RenderError, match=r"report\.qmd: cell 1 \('chart'\).*SVG"):
        to_markdown(_executed({}, output), target="html", image_dir=tmp_path)


def test_callout_title_attribute_and_kind_reach_the_html(tmp_path: Path) -> None:
    markdown = '::: {.callout-warning title="Let *op*"}\nKleine aantallen.\n:::\n'
    dest = tmp_path / "c.html"
    write_html(markdown, dest, source_dir=tmp_path, metadata={}, lang="nl")
    html = dest.read_text(encoding="utf-8")
    assert re.search(
        r'<div class="callout callout-warning" role="note">\s*'
        r'<div class="callout-title">\s*Let <em>op</em>',
        html,
    )


def test_unsupported_shortcode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="shortcode"):
        write_html(
            "{{< meta title >}}\n", tmp_path / "s.html", source_dir=tmp_path, metadata={}, lang="en"
        )


def test_table_widths_apply_on_paper_and_leave_the_browser_to_size_columns() -> None:
    table = markdown_table(["eenheid", "n"], [["INST01", "12"]], caption="c", label="t",
                           widths=[1, 3])
    options = [f"--lua-filter={_FILTER}", "--columns=100000"]
    typst_source = pypandoc.convert_text(table, "typst", format="markdown", extra_args=options)
    assert "columns: (25%, 75%)" in typst_source
    html = pypandoc.convert_text(table, "html5", format="markdown", extra_args=options)
    assert "widths" not in html and "<col" not in html
