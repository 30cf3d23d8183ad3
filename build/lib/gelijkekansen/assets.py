"""Where the reviewable assets live: SQL models, check suites and report templates.

In a checkout they are the plain folders at the top of the repository (``pipelines/``,
``checks/``, ``reports/``), so an HR analyst can read them; a built wheel carries copies of the
same folders in ``gelijkekansen/_assets/`` (``setup.py`` copies them in at build time), so an
installed package works without the repository. ``GELIJKEKANSEN_HOME`` points elsewhere for a
relocated install. This module is the one place that decides.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "_assets"
_CHECKOUT = Path(__file__).resolve().parents[2]


def _assets_root() -> Path:
    if home := os.environ.get("GELIJKEKANSEN_HOME"):
        return Path(home)
    return _PACKAGED if _PACKAGED.is_dir() else _CHECKOUT


ASSETS_ROOT = _assets_root()
PIPELINES_DIR = ASSETS_ROOT / "pipelines"
CHECKS_DIR = ASSETS_ROOT / "checks"
REPORTS_DIR = ASSETS_ROOT / "reports"
