"""Run a document's code cells in one Jupyter kernel, with the report parameters injected.

Parameters reach a template the way Quarto passes them to Jupyter (papermill style): as plain
variables, assigned in a cell placed right after the cell tagged `parameters`
(`#| tags: [parameters]`, which holds the defaults), or at the top when there is none. The
built-in chain also takes defaults from the front matter's `params:` and sets `params`, a dict
of all values; Quarto does neither for Python, so templates that must render both ways read the
variables.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePath

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from gelijkekansen.report.render.document import Cell, Document
from gelijkekansen.report.render.errors import RenderError

CELL_TIMEOUT_SECONDS = 600

# Matplotlib figures as SVG, like the charts: sharp in HTML and in the PDF.
_SETUP = "get_ipython().run_line_magic('config', \"InlineBackend.figure_formats = ['svg']\")"


class _ThisInterpreter(KernelSpecManager):
    """Resolves every kernel to this interpreter, so a fresh venv needs no `ipykernel install`."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3",
            language="python",
            name=kernel_name,
        )


def resolve_params(document: Document, params: Mapping[str, object]) -> dict[str, object]:
    """The front matter's `params:` defaults overridden by the caller's values, checked."""
    defaults = document.metadata.get("params") or {}
    if not isinstance(defaults, dict):
        raise RenderError(f"{document.path}: 'params' in the front matter must be a mapping.")
    merged = {str(name): value for name, value in {**defaults, **params}.items()}
    for name in merged:
        if not name.isidentifier():
            raise RenderError(
                f"{document.path}: parameter name '{name}' is not a Python identifier.",
                hint="Use letters, digits and underscores, e.g. min_cell.",
            )
    return {name: _literal(document, name, value) for name, value in merged.items()}


def execute(document: Document, params: Mapping[str, object]) -> Document:
    """The document with every evaluated code cell's outputs; a failing cell is a RenderError."""
    code = [i for i, cell in enumerate(document.cells) if cell.kind == "code"]
    after = next((n + 1 for n, i in enumerate(code) if _is_parameters(document.cells[i])), 0)
    plan: list[tuple[str, int | None]] = [(_SETUP, None)]
    plan += [(document.cells[i].source, i) for i in code[:after]]
    plan.append((_parameter_source(params), None))
    plan += [(document.cells[i].source, i) for i in code[after:]]
    plan = [(source, i) for source, i in plan if i is None or _evaluated(document.cells[i])]

    notebook = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    notebook.cells = [
        nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
        for source, _ in plan
    ]
    cells = list(document.cells)
    with tempfile.TemporaryDirectory(prefix="gk-kernel-") as sockets:
        client = NotebookClient(
            notebook,
            km=_kernel_manager(Path(sockets)),
            timeout=CELL_TIMEOUT_SECONDS,
            resources={"metadata": {"path": str(document.path.parent)}},
        )
        with _running(client, document):
            for index, (nb_cell, (_, position)) in enumerate(
                zip(notebook.cells, plan, strict=True)
            ):
                try:
                    client.execute_cell(nb_cell, index)
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                    raise _cell_failed(document, position, exc) from exc
                if position is not None:
                    cells[position] = replace(cells[position], outputs=tuple(nb_cell.outputs))
    return replace(document, cells=tuple(cells))


def _kernel_manager(socket_dir: Path) -> AsyncKernelManager:
    """Unix sockets where available: no open TCP port, no plain-text-transport warning."""
    if os.name == "nt":
        return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=_ThisInterpreter())
    return AsyncKernelManager(
        kernel_name="python3",
        kernel_spec_manager=_ThisInterpreter(),
        transport="ipc",
        ip=str(socket_dir / "kernel"),
    )


@contextmanager
def _running(client: NotebookClient, document: Document) -> Iterator[None]:
    """The kernel started and, whatever happens, shut down; a start failure is a RenderError."""
    started = False
    try:
        with client.setup_kernel(cleanup_kc=True):
            started = True
            yield
    except RuntimeError as exc:
        if started:
            raise
        raise RenderError(
            f"{document.path}: the Python kernel did not start: {exc}.",
            hint="Check that ipykernel is installed in this environment.",
        ) from exc


def _is_parameters(cell: Cell) -> bool:
    tags = cell.options.get("tags") or []
    return "parameters" in tags


def _evaluated(cell: Cell) -> bool:
    return cell.options.get("eval", True) is not False


def _parameter_source(params: Mapping[str, object]) -> str:
    lines = [f"params = {dict(params)!r}"]
    lines += [f"{name} = {value!r}" for name, value in params.items()]
    return "\n".join(lines)


def _literal(document: Document, name: str, value: object) -> object:
    """Paths become strings; anything else must survive repr() as a Python literal."""
    if isinstance(value, PurePath):
        return str(value)
    try:
        if ast.literal_eval(repr(value)) == value:
            return value
    except (ValueError, SyntaxError):
        pass
    raise RenderError(
        f"{document.path}: parameter '{name}' has a {type(value).__name__} value, which cannot "
        "be passed to a report.",
        hint="Pass text, numbers, booleans, None, or lists and dicts of those.",
    )


def _cell_failed(document: Document, position: int | None, exc: Exception) -> RenderError:
    if position is None:
        where = "the injected parameters"
    else:
        number = sum(cell.kind == "code" for cell in document.cells[: position + 1])
        where = document.cells[position].describe(number)
    if isinstance(exc, CellExecutionError):
        problem = f"{exc.ename}: {exc.evalue}"
    elif isinstance(exc, CellTimeoutError):
        problem = f"did not finish within {CELL_TIMEOUT_SECONDS} seconds"
    else:
        problem = "the Python kernel died"
    return RenderError(
        f"{document.path}: {where} failed: {problem}.",
        hint="Run the report as a notebook to see the full traceback; no output was written.",
    )
