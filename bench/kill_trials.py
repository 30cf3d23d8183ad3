"""kill -9 at spread-out moments of a HU-sized ingest: what state is found, what is left behind.

    .venv/bin/python bench/kill_trials.py [--trials 50]

A warehouse holds one good delivery (seed 42, period 2026Q3). Each trial copies it, starts
``gelijkekansen ingest`` of a different delivery for the same period (seed 43, so it replaces
the first), and kills the whole process group at moment (i + 0.5) / N of a measured full run.
It then records the state: ``before`` (byte-identical to the good warehouse), ``after`` (the
complete new delivery: a ``replaced`` run with its row counts) or ``CORRUPT``; the bytes of
scratch copies and lock files the kill left; and what is left once the next writer has taken
the lock (must be nothing). Data lives under /tmp/bench-kill, never in the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from gelijkekansen.config import WarehouseSettings
from gelijkekansen.warehouse.store import write_transaction

ROOT = Path("/tmp/bench-kill")
CLI = [sys.executable, "-m", "gelijkekansen"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ingest(extraction: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "ingest", str(extraction), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _runs(warehouse: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.sql("select run_id, status from meta.runs order by finished_at").fetchall()
    return [(str(a), str(b)) for a, b in rows]


def _leftovers(folder: Path) -> dict[str, int]:
    found = {}
    for path in folder.rglob("*"):
        if path.name != "warehouse.duckdb" and path.is_file() and "validation" not in path.parts:
            found[path.name] = path.stat().st_size
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    options = parser.parse_args()
    ROOT.mkdir(parents=True, exist_ok=True)
    first, second = ROOT / "seed42", ROOT / "seed43"
    for folder, seed in ((first, 42), (second, 43)):
        if not folder.is_dir():
            subprocess.run([*CLI, "synth", "--out", str(folder), "--seed", str(seed)], check=True)
    good = ROOT / "good"
    shutil.rmtree(good, ignore_errors=True)
    subprocess.run([*CLI, "ingest", str(first), "--out", str(good)], check=True,
                   stdout=subprocess.DEVNULL)
    before = _digest(good / "warehouse.duckdb")
    base_runs = _runs(good / "warehouse.duckdb")

    timing = ROOT / "timing"
    shutil.rmtree(timing, ignore_errors=True)
    shutil.copytree(good, timing)
    started = time.monotonic()
    assert _ingest(second, timing).wait() == 0
    duration = time.monotonic() - started
    print(f"full ingest of the second delivery: {duration:.1f} s", flush=True)

    results = []
    for trial in range(options.trials):
        folder = ROOT / "trial"
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(good, folder)
        moment = (trial + 0.5) / options.trials * duration
        process = _ingest(second, folder)
        time.sleep(moment)
        finished = process.poll() is not None
        if not finished:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        warehouse = folder / "warehouse.duckdb"
        left = _leftovers(folder)
        if _digest(warehouse) == before:
            state = "before"
        else:
            runs = _runs(warehouse)
            state = "after" if runs[:-1] == base_runs and runs[-1][1] == "replaced" else "CORRUPT"
        with write_transaction(warehouse, WarehouseSettings(), publish=False):
            pass  # the next writer: takes the lock and clears what the killed run left
        after_next = _leftovers(folder)
        results.append({"trial": trial, "kill_at_s": round(moment, 2), "finished_first": finished,
                        "state": state, "left_bytes": sum(left.values()),
                        "left_files": sorted(left), "left_after_next_run": after_next})
        print(json.dumps(results[-1]), flush=True)
    states = {s: sum(r["state"] == s for r in results) for s in ("before", "after", "CORRUPT")}
    left_total = sum(sum(r["left_after_next_run"].values()) for r in results)
    print(json.dumps({"trials": len(results), "duration_s": round(duration, 1), **states,
                      "bytes_left_by_kills": sum(r["left_bytes"] for r in results),
                      "bytes_left_after_next_run": left_total}))


if __name__ == "__main__":
    main()
