"""The library face: ``import gelijkekansen as gk`` offers every step as a function."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import gelijkekansen as gk
from gelijkekansen import cli

STEPS = ("ingest", "validate", "analyse", "build_reports", "compare", "synth")


def test_every_step_is_a_function_even_after_its_stage_package_is_imported() -> None:
    from gelijkekansen.analyse import run  # noqa: F401  (binds the package on its parent)
    from gelijkekansen.ingest import load  # noqa: F401
    from gelijkekansen.validate import gate  # noqa: F401

    for step in STEPS:
        assert inspect.isfunction(getattr(gk, step)), step
        assert step in gk.__all__


def test_the_steps_run_a_synthetic_extraction_end_to_end(tmp_path: Path) -> None:
    extraction, out = tmp_path / "extraction", tmp_path / "out"
    truth = gk.synth(extraction, seed=3, scale="sample")
    assert truth.effects
    config = gk.load_config(extraction / "gelijkekansen.toml")
    checked = gk.validate(extraction, config=config, report_dir=out / "validation")
    assert checked.validation is not None and not checked.validation.blocking
    loaded = gk.ingest(extraction, warehouse=out / "warehouse.duckdb", config=config)
    assert loaded.status == "loaded"
    written = gk.analyse(out / "warehouse.duckdb", config=config, out_dir=out / "metrics")
    assert out / "metrics" / "selection_rates.parquet" in written


def test_the_cli_imports_nothing_of_the_library_but_the_face_config_and_errors() -> None:
    tree = ast.parse(Path(cli.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gelijk")
    }
    assert imported <= {
        "gelijkekansen.config",
        "gelijkekansen.errors",
        "gelijkekansen.validate.results",  # a type only, under TYPE_CHECKING
    }
