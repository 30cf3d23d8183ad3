"""A Quarto document read into front matter and cells, with each code cell's `#|` options.

jupytext's own qmd reader shells out to Quarto, so the document is read as R Markdown, which
has the same fenced ```{python} cells; the option lines are then parsed here the way Quarto
does (YAML after `#|`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jupytext
import yaml

from gelijkekansen.report.render.errors import RenderError

CellKind = Literal["code", "markdown"]


@dataclass(frozen=True)
class Cell:
    """One cell; `outputs` holds Jupyter output dicts once the document has been executed."""

    kind: CellKind
    source: str
    options: Mapping[str, Any] = field(default_factory=dict)
    outputs: tuple[Mapping[str, Any], ...] = ()

    def describe(self, number: int) -> str:
        """Name a code cell for an error message: by its label, else by its first line."""
        label = self.options.get("label")
        if label:
            return f"cell {number} (label '{label}')"
        first = next((line for line in self.source.splitlines() if line.strip()), "")
        return f"cell {number} ('{first.strip()[:60]}')"


@dataclass(frozen=True)
class Document:
    """A report template: where it lives, its YAML front matter (raw and parsed) and cells."""

    path: Path
    front_matter: str
    metadata: Mapping[str, Any]
    cells: tuple[Cell, ...]


def read_document(path: Path) -> Document:
    """Read a .qmd file; malformed YAML in the front matter or cell options is a RenderError."""
    notebook = jupytext.reads(path.read_text(encoding="utf-8"), fmt="Rmd")
    front_matter = ""
    cells: list[Cell] = []
    for cell in notebook.cells:
        if cell.cell_type == "raw" and not cells and not front_matter:
            front_matter = cell.source
        elif cell.cell_type == "code":
            options, source = _split_options(path, cell.source)
            cells.append(Cell("code", source, options))
        else:
            cells.append(Cell("markdown", cell.source))
    yaml_lines = front_matter.strip().splitlines()[1:-1]
    metadata = _load_yaml(path, "\n".join(yaml_lines), "the front matter")
    return Document(path, front_matter, metadata, tuple(cells))


def _split_options(path: Path, source: str) -> tuple[dict[str, Any], str]:
    lines = source.splitlines()
    count = next((i for i, line in enumerate(lines) if not line.startswith("#|")), len(lines))
    option_text = "\n".join(line[2:].removeprefix(" ") for line in lines[:count])
    first = lines[count] if count < len(lines) else ""
    options = _load_yaml(path, option_text, f"the options of the cell starting '{first[:60]}'")
    return options, "\n".join(lines[count:])


def _load_yaml(path: Path, text: str, what: str) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise RenderError(f"{path}: {what} is not valid YAML: {exc}.") from exc
    if not isinstance(loaded, dict):
        raise RenderError(f"{path}: {what} must be YAML 'key: value' lines.")
    return loaded
