"""Render a Quarto report to HTML and PDF: with Quarto when it is installed, else built in.

The built-in chain uses the parts Quarto itself is made of (jupytext, a Jupyter kernel,
pandoc, Typst), so the same `reports/*.qmd` render on machines where Quarto cannot be
installed. Outputs are staged in a temporary folder inside `out_dir` and moved into place only
when every format has rendered, so a failure never leaves a half-written or partial report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from gelijkekansen.report.render.document import read_document
from gelijkekansen.report.render.errors import RenderError
from gelijkekansen.report.render.execute import execute, resolve_params
from gelijkekansen.report.render.markdown import to_markdown
from gelijkekansen.report.render.pandoc import write_html, write_pdf

__all__ = ["FORMATS", "RenderError", "render_report"]

FORMATS = ("html", "pdf")
_QUARTO_TARGETS = {"html": "html", "pdf": "typst"}


def render_report(
    qmd: Path,
    *,
    out_dir: Path,
    params: Mapping[str, object],
    formats: Sequence[str] = FORMATS,
    quarto: str | None = None,
) -> list[Path]:
    """Render `qmd` to `out_dir/<stem>.<format>` for each format; returns the written paths.

    `quarto` names a Quarto executable; by default one on PATH is used, and without one the
    built-in chain renders. `params` override the document's parameter defaults.
    """
    wanted = _check_formats(formats)
    qmd, out_dir = qmd.resolve(), out_dir.resolve()  # Typst resolves the PDF's files from "/"
    if not qmd.is_file():
        raise RenderError(f"{qmd}: report template not found.")
    out_dir.mkdir(parents=True, exist_ok=True)
    executable = quarto or shutil.which("quarto")
    with tempfile.TemporaryDirectory(prefix=f".{qmd.stem}-", dir=out_dir) as tmp:
        staging = Path(tmp)
        if executable:
            _render_with_quarto(executable, qmd, staging, params, wanted)
        else:
            _render_built_in(qmd, staging, params, wanted)
        return _publish(staging, out_dir, qmd.stem, wanted)


def _check_formats(formats: Sequence[str]) -> list[str]:
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise RenderError(
            f"Cannot render reports as {', '.join(unknown) or 'nothing'}.",
            hint=f"Choose one or more of: {', '.join(FORMATS)}.",
        )
    return list(dict.fromkeys(formats))


def _render_with_quarto(
    quarto: str, qmd: Path, staging: Path, params: Mapping[str, object], formats: list[str]
) -> None:
    """One `quarto render` per format; values go as JSON, which Quarto reads as YAML."""
    for fmt in formats:
        command = [quarto, "render", str(qmd), "--to", _QUARTO_TARGETS[fmt]]
        command += ["--output-dir", str(staging)]
        if fmt == "html":
            command += ["-M", "embed-resources:true"]
        if "lang" in params:
            command += ["-M", f"lang:{params['lang']}"]
        for name, value in params.items():
            command += ["-P", f"{name}:{json.dumps(value, default=str)}"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0:
            raise RenderError(
                f"{qmd}: quarto render --to {_QUARTO_TARGETS[fmt]} failed: "
                f"{completed.stderr.strip()[-2000:]}",
            )


def _render_built_in(
    qmd: Path, staging: Path, params: Mapping[str, object], formats: list[str]
) -> None:
    """Execute once, then write each format from the same outputs."""
    document = read_document(qmd)
    values = resolve_params(document, params)
    executed = execute(document, values)
    lang = str(values.get("lang") or document.metadata.get("lang") or "en")
    images = staging / "images"
    images.mkdir()
    if "html" in formats:
        write_html(
            to_markdown(executed, target="html", image_dir=images),
            staging / f"{qmd.stem}.html",
            source_dir=qmd.parent,
            metadata=document.metadata,
            lang=lang,
        )
    if "pdf" in formats:
        write_pdf(
            to_markdown(executed, target="typst", image_dir=images),
            staging / f"{qmd.stem}.pdf",
            source_dir=qmd.parent,
            work_dir=staging,
            metadata=document.metadata,
            lang=lang,
        )


def _publish(staging: Path, out_dir: Path, stem: str, formats: list[str]) -> list[Path]:
    staged = [staging / f"{stem}.{fmt}" for fmt in formats]
    missing = [path.name for path in staged if not path.is_file()]
    if missing:
        raise RenderError(f"{stem}: rendering produced no {', '.join(missing)}.")
    published = []
    for path in staged:
        target = out_dir / path.name
        os.replace(path, target)
        published.append(target)
    return published
