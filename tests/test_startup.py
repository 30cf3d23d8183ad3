"""Start-up: a command imports the heavy libraries only when it needs them.

Great Expectations alone costs about 5 CPU seconds to import (it loads every expectation it
ships, altair and scipy among their dependencies), so `--help`, `runs` and a no-op ingest must
never pay it. Each check runs in a fresh interpreter, as the command line would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest

SAMPLE = Path(__file__).parents[1] / "data" / "synthetic" / "sample"
HEAVY = ("great_expectations", "scipy", "statsmodels", "altair", "pandas")


def _heavy_imports(code: str) -> list[str]:
    """The heavy top-level packages loaded after running ``code`` in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_command_line_and_the_package_load_none_of_the_heavy_libraries() -> None:
    assert _heavy_imports("import gelijkekansen, gelijkekansen.cli") == []


def test_a_no_op_ingest_does_not_import_great_expectations(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    ingest(SAMPLE, warehouse=warehouse, config=load_config(SAMPLE / "gelijkekansen.toml"))
    again = (
        "from pathlib import Path\n"
        "from gelijkekansen.config import load_config\n"
        "from gelijkekansen.ingest.load import ingest\n"
        f"sample = Path({str(SAMPLE)!r})\n"
        f"result = ingest(sample, warehouse=Path({str(warehouse)!r}), "
        "config=load_config(sample / 'gelijkekansen.toml'))\n"
        "assert result.status == 'no-op', result.status\n"
    )
    assert _heavy_imports(again) == []
