"""Where the project's reviewable assets live: SQL models, check suites and report templates.

They are kept as plain files at the top of the repository (pipelines/, checks/, reports/) so an
HR analyst can read them; GELIJKEKANSEN_HOME points elsewhere for a relocated install.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("GELIJKEKANSEN_HOME", Path(__file__).resolve().parents[2]))
PIPELINES_DIR = PROJECT_ROOT / "pipelines"
CHECKS_DIR = PROJECT_ROOT / "checks"
REPORTS_DIR = PROJECT_ROOT / "reports"
