"""The built wheel works outside the checkout: the SQL models, checks and report templates ship
inside it, and ``gelijkekansen run`` completes on the committed sample from an empty folder."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SAMPLE = REPO / "data" / "synthetic" / "sample"
LOCAL_ONLY = (".git", ".venv", "out", "build", "*.egg-info", "__pycache__", ".*_cache")


@pytest.mark.slow
def test_an_installed_wheel_runs_the_pipeline_outside_the_checkout(tmp_path: Path) -> None:
    # setuptools builds in the source tree (build/, *.egg-info): build from a copy instead
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*LOCAL_ONLY))
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), source],
        check=True,
    )
    (wheel,) = dist.glob("gelijkekansen-*.whl")
    shipped = zipfile.ZipFile(wheel).namelist()
    for asset in ("pipelines/marts", "checks/persons.py", "reports/equity.qmd"):
        assert any(name.startswith(f"gelijkekansen/_assets/{asset}") for name in shipped), asset

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    # The dependencies are those of this test run (no second download): a .pth file adds our
    # site-packages after the new environment's own, where only the wheel gets installed.
    (site_packages,) = (env_dir / "lib").glob("python3*/site-packages")
    (site_packages / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )

    work = tmp_path / "elsewhere"
    work.mkdir()
    environment = {k: v for k, v in os.environ.items() if k != "GELIJKEKANSEN_HOME"}
    located = subprocess.run(
        [python, "-c", "import gelijkekansen.assets as a; print(a.ASSETS_ROOT)"],
        cwd=work, env=environment, capture_output=True, text=True, check=True,
    )
    assert Path(located.stdout.strip()).is_relative_to(site_packages)
    run = subprocess.run(
        [env_dir / "bin" / "gelijkekansen", "run", str(SAMPLE), "--out", "out"],
        cwd=work, env=environment, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (work / "out" / "metrics" / "selection_rates.parquet").is_file()
    assert sorted(p.suffix for p in (work / "out" / "reports").iterdir()) == [
        ".html", ".html", ".html", ".pdf", ".pdf", ".pdf",  # equity, monitor, pay (sample has pay)
    ]
