"""The release the pipeline publishes under its default policy passes its own auditor."""

from __future__ import annotations

import pytest

from gelijkekansen.analyse.audit import audit_release
from gelijkekansen.config import PrivacySettings
from tests.e2e.report_output import Rendered


@pytest.mark.slow
def test_the_default_release_passes_audit_release(rendered: Rendered) -> None:
    """Every hidden count of the published files stays wide under all their relations, and no
    published count is small: what an attacker holding ``OUT/metrics`` can compute, checked."""
    assert rendered.config.privacy == PrivacySettings(), "the fixture must keep the defaults"
    report = audit_release(rendered.out / "metrics", config=rendered.config, workers=2)
    assert report.hidden_checked > 100, "the release hides too little to test the auditor"
    assert report.passed, report.too_narrow[:5] + report.published_small[:5]
    assert report.hidden_skipped == 0
    assert not report.inexact_families, "every relation family holds on the published figures"
