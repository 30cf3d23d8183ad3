"""The system tools the end-to-end tests drive (Chromium, poppler), in one place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # without these Chromium keeps trying hosts this closed network refuses
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def tool_or_skip(available: bool, name: str) -> None:
    """Skip when a system tool is missing on a developer machine; in CI it must be there."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI")
    pytest.skip(f"{name} not installed")
