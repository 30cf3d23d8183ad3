"""Pandoc markdown to a self-contained HTML page, and to a PDF through Typst.

Both go through the same Lua filter (Quarto's callouts, page breaks, figure alt text and
cross-references). The HTML embeds its CSS and images, so it opens offline and makes no
requests. The PDF is A4 with page numbers, set in the fonts bundled with Typst, so it comes
out the same on every machine.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pypandoc
import typst

from gelijkekansen.report.render.errors import RenderError

_HERE = Path(__file__).parent
_FILTER = _HERE / "filters" / "quarto.lua"
_CSS = _HERE / "style.css"
_TYPST_HEADER = _HERE / "header.typ"


def write_html(
    markdown: str, dest: Path, *, source_dir: Path, metadata: Mapping[str, Any], lang: str
) -> None:
    """Render a standalone HTML5 page with everything embedded."""
    options = [
        *_common_options(metadata, lang),
        "--standalone",
        "--embed-resources",
        f"--css={_CSS}",
        f"--resource-path={source_dir}",
    ]
    if not metadata.get("title"):
        options.append(f"--metadata=pagetitle:{dest.stem}")
    _pandoc(markdown, "html5", options, source_dir, dest)


def write_pdf(
    markdown: str,
    dest: Path,
    *,
    source_dir: Path,
    work_dir: Path,
    metadata: Mapping[str, Any],
    lang: str,
) -> None:
    """Render Typst source with pandoc, then compile it to an A4 PDF."""
    options = [
        *_common_options(metadata, lang),
        "--standalone",
        f"--include-in-header={_TYPST_HEADER}",
        "--variable=papersize:a4",
        "--variable=fontsize:10pt",
        "--variable=page-numbering:1 / 1",
    ]
    source = work_dir / f"{dest.stem}.typ"
    _pandoc(markdown, "typst", options, source_dir, source)
    try:
        pdf = typst.compile(str(source), root="/", ignore_system_fonts=True)
    except typst.TypstError as exc:
        raise RenderError(
            f"{dest.stem}: Typst could not typeset the PDF: {exc}.",
            hint="Check raw Typst blocks and image files in the document.",
        ) from exc
    dest.write_bytes(pdf)


def _common_options(metadata: Mapping[str, Any], lang: str) -> list[str]:
    # Pipe tables wider than --columns get fixed relative widths from their dashes, which
    # squeeze short columns until "onderdrukt" runs into its neighbour; with room for any row,
    # columns size to their content and long values wrap (HTML and Typst alike).
    options = [f"--lua-filter={_FILTER}", f"--metadata=lang:{lang}", "--columns=100000"]
    if metadata.get("number-sections") is True:
        options.append("--number-sections")
    return options


def _pandoc(markdown: str, to: str, options: list[str], source_dir: Path, dest: Path) -> None:
    """Run pandoc in ``source_dir`` as a child process.

    Not ``pypandoc.convert_text(cworkdir=...)``: that changes this process's working folder
    while pandoc starts, and the reports render in parallel threads whose relative paths then
    point elsewhere (a report once vanished between rendering and publishing).
    """
    command = [pypandoc.get_pandoc_path(), "--from=markdown", f"--to={to}", *options,
               f"--output={dest}"]
    completed = subprocess.run(
        command, input=markdown, cwd=source_dir, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RenderError(
            f"{dest.stem}: pandoc could not convert the document to {to}: "
            f"{completed.stderr.strip()[-2000:]}",
            hint="Check the markdown near the place pandoc names.",
        )
