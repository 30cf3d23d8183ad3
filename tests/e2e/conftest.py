"""The rendered reports, built once per test session (see report_output), and the demo
organisation at HU scale (tests/conftest.py) for the slow tests that need its planted effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.report_output import Rendered, build


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return build(tmp_path_factory.mktemp("report-e2e"))


@pytest.fixture(scope="session")
def hu(hu_output: tuple[Path, Path]) -> Path:
    """The demo organisation at HU scale, analysed (the session's ``hu_output``)."""
    return hu_output[1]
