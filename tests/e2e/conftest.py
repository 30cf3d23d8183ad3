"""The rendered reports, built once per test session (see report_output)."""

from __future__ import annotations

import pytest

from tests.e2e.report_output import Rendered, build


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return build(tmp_path_factory.mktemp("report-e2e"))
