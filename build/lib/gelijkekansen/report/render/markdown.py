"""Executed cells to Pandoc markdown, choosing each output's form the way Quarto does.

Code is hidden unless a cell says `echo: true` (reports show results, not code). Per output:
markdown stays markdown; SVG and PNG become image files with the cell's `fig-cap` and
`fig-alt`; printed text becomes a code block, or raw markdown under `output: asis`. HTML-only
output (e.g. a DataFrame's table) goes into the HTML report only, with its text form in the PDF.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from gelijkekansen.report.render.document import Cell, Document
from gelijkekansen.report.render.errors import RenderError

Target = Literal["html", "typst"]


def to_markdown(document: Document, *, target: Target, image_dir: Path) -> str:
    """The whole document as Pandoc markdown; images are written to `image_dir`."""
    blocks = [document.front_matter]
    number = 0
    for cell in document.cells:
        if cell.kind == "markdown":
            blocks.append(cell.source)
            continue
        number += 1
        blocks += _code_cell(document, cell, number, target, image_dir)
    return "\n\n".join(block.rstrip("\n") for block in blocks if block.strip()) + "\n"


def _code_cell(
    document: Document, cell: Cell, number: int, target: Target, image_dir: Path
) -> list[str]:
    options = cell.options
    if options.get("include") is False:
        return []
    blocks = [_fence(cell.source, "python")] if options.get("echo") is True else []
    if options.get("output") is False:
        return blocks
    asis = options.get("output") == "asis"
    images = _Images(options, image_dir, f"cell{number}")
    for output in _merge_streams(cell.outputs):
        if output["output_type"] == "stream":
            if output["name"] == "stdout" or options.get("warning") is True:
                text = _text(output["text"])
                blocks.append(text if asis else _fence(text))
        elif output["output_type"] in ("display_data", "execute_result"):
            blocks.append(_rich(output["data"], asis=asis, target=target, images=images,
                                where=f"{document.path}: {cell.describe(number)}"))
    label = str(options.get("label", ""))
    if label.startswith("tbl-") and options.get("tbl-cap"):
        blocks.append(f": {_one_line(options['tbl-cap'])} {{#{label}}}")
    return blocks


def _rich(
    bundle: Mapping[str, Any], *, asis: bool, target: Target, images: _Images, where: str
) -> str:
    if "text/markdown" in bundle:
        return _text(bundle["text/markdown"])
    svg = _text(bundle.get("image/svg+xml", "")) or _svg_in_html(_text(bundle.get("text/html", "")))
    if svg:
        return images.add(svg.encode("utf-8"), "svg")
    if "image/png" in bundle:
        return images.add(base64.b64decode(_text(bundle["image/png"])), "png")
    if any(mime.startswith("application/vnd.vegalite") for mime in bundle):
        raise RenderError(
            f"{where} shows an interactive chart, which a report cannot contain.",
            hint="Display it as SVG: IPython.display.SVG(vl_convert.vegalite_to_svg("
            "chart.to_json())), or call alt.renderers.enable('svg') first.",
        )
    if target == "html" and "text/html" in bundle:
        return _fence(_text(bundle["text/html"]), "{=html}")
    plain = _text(bundle.get("text/plain", ""))
    return plain if asis else _fence(plain)


class _Images:
    """Writes a cell's images; the first carries the cell's `fig-` label, all get captions."""

    def __init__(self, options: Mapping[str, Any], folder: Path, prefix: str) -> None:
        self._options = options
        self._folder = folder
        self._prefix = prefix
        self._count = 0

    def add(self, content: bytes, extension: str) -> str:
        path = self._folder / f"{self._prefix}-{self._count + 1}.{extension}"
        path.write_bytes(content)
        caption = _nth(self._options.get("fig-cap"), self._count)
        alt = _nth(self._options.get("fig-alt"), self._count)
        label = str(self._options.get("label", ""))
        attributes = [f"#{label}"] if label.startswith("fig-") and self._count == 0 else []
        if alt:
            escaped = alt.replace("\\", "\\\\").replace('"', '\\"')
            attributes.append(f'fig-alt="{escaped}"')
        self._count += 1
        braces = "{" + " ".join(attributes) + "}" if attributes else ""
        return f"![{caption}](<{path.as_posix()}>){braces}"


def _nth(option: object, index: int) -> str:
    """A `fig-cap`/`fig-alt` value for the index-th image: a list gives one per image."""
    if isinstance(option, Sequence) and not isinstance(option, str):
        return _one_line(option[index]) if index < len(option) else ""
    return _one_line(option) if option and index == 0 else ""


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _merge_streams(outputs: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Joins consecutive prints: one table printed line by line must stay one block."""
    merged: list[Mapping[str, Any]] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output["output_type"] == previous["output_type"] == "stream"
            and output["name"] == previous["name"]
        ):
            merged[-1] = {**previous, "text": _text(previous["text"]) + _text(output["text"])}
        else:
            merged.append(output)
    return merged


def _svg_in_html(html: str) -> str:
    stripped = html.strip()
    return stripped if re.match(r"(<\?xml[^>]*\?>\s*)?<svg\b", stripped) else ""


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _fence(text: str, info: str = "") -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text.rstrip()}\n{ticks}"
