"""Test-wide settings: hypothesis examples are judged by their answers, never by their speed.

A shared or loaded machine can take seconds for one example; a deadline would turn that into a
failure that says nothing about the code (speed is measured in bench/, not in tests).

The demo organisation at HU scale is analysed once per test run (shared by the xdist workers)
for the tests that need its planted effects, in analyse/ and e2e/ alike.
"""

from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers.pipeline import run_synthetic
from tests.helpers.shared import built_once

settings.register_profile("gelijkekansen", deadline=None)
settings.load_profile("gelijkekansen")


@pytest.fixture(scope="session")
def hu_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo organisation at HU scale (seed 42): (extraction, output folder), ingested and
    analysed under the default policy, not rendered; built once for all xdist workers (several
    minutes on two cores), so its tests only read it."""
    out = built_once(
        tmp_path_factory, "hu", lambda folder: run_synthetic(folder, seed=42, scale="hu")
    )
    return out / "extraction", out
