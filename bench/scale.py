"""Benchmark sizes of the synthetic hogeschool, generated once and reused under /tmp/bench.

The generator is the product's own (``gelijkekansen.synthetic``), so the benchmark measures the
same organisation, codes and planted effects as the tests, only bigger. A generated folder is
reused when its ``ground_truth.json`` records the same scale and seed, because generating the
large size costs about as much as ingesting it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from gelijkekansen.synthetic import generate, parse_scale

ROOT = Path("/tmp/bench")
SEED = 42


@dataclass(frozen=True)
class Size:
    """One benchmark size: a name, the generator's scale text and the memory DuckDB may use."""

    name: str
    scale: str
    memory_limit: str = "4GB"


SIZES: dict[str, Size] = {
    size.name: size
    for size in (
        Size("hu", "hu"),
        Size("x10", "employees=35000,quarters=40,applications_per_year=150000"),
        Size("x100", "employees=350000,quarters=40,applications_per_year=1500000"),
        Size("large", "employees=1000000,quarters=40,applications_per_year=2000000"),
        # 10 years x 500k: the 5M-row applications input of the peer comparison
        Size("peers", "employees=35000,quarters=40,applications_per_year=500000"),
    )
}


def extraction(size: Size, root: Path = ROOT) -> Path:
    """The extraction folder for ``size``, generated unless an identical one exists."""
    folder = root / size.name / "extraction"
    truth = folder / "ground_truth.json"
    wanted = parse_scale(size.scale)
    if truth.is_file():
        recorded = json.loads(truth.read_text(encoding="utf-8"))
        if recorded.get("seed") == SEED and recorded.get("scale") == wanted.describe():
            return folder
    shutil.rmtree(folder, ignore_errors=True)
    generate(folder, seed=SEED, scale=wanted)
    return folder


def bench_config(size: Size, root: Path = ROOT) -> Path:
    """The extraction's gelijkekansen.toml plus a [warehouse] section bounding DuckDB's memory.

    Without it DuckDB may take 80% of RAM; the large scenario must stay under 8 GiB in all.
    """
    folder = extraction(size, root)
    spill = root / size.name / "duckdb_tmp"
    spill.mkdir(parents=True, exist_ok=True)
    text = (folder / "gelijkekansen.toml").read_text(encoding="utf-8")
    path = root / size.name / "bench.toml"
    path.write_text(
        f'{text}\n[warehouse]\nmemory_limit = "{size.memory_limit}"\ntemp_directory = "{spill}"\n',
        encoding="utf-8",
    )
    return path
