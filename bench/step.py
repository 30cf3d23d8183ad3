"""Run one pipeline step in this fresh process and print its phases as JSON on stdout.

``bench/run.py`` starts one of these per step, so each step pays its own imports and its peak
memory is its own. Phases are timed here: ``ingest`` validates before it commits, and its
``progress`` callback marks where validation starts and ends, which splits the one call into
the ingest and validate rows of the table without running the extraction twice.

Peak memory per phase is the larger of a 10 ms RSS sampler and, when the process high-water
mark (``ru_maxrss``) rose during the phase, that mark; the sampler alone would miss short peaks.

Usage: python bench/step.py {ingest,analyse,report,pipeline} EXTRACTION OUT CONFIG
"""

from __future__ import annotations

import json
import resource
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

_SAMPLE_SECONDS = 0.01


class PhaseClock:
    """Wall time, CPU time (all threads) and peak RSS per named phase of this process."""

    def __init__(self) -> None:
        self.phases: list[dict[str, Any]] = []
        self._process = psutil.Process()
        self._peak = 0
        self._mark = _high_water()
        self._lock = threading.Lock()
        self._done = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def start(self, name: str) -> None:
        """Close the running phase (if any) and open ``name``."""
        now = time.time()
        with self._lock:
            self._close(now)
            self.phases.append({"phase": name, "start": now, "cpu_start": time.process_time()})
            self._peak = self._process.memory_info().rss
            self._mark = _high_water()

    def stop(self) -> list[dict[str, Any]]:
        """Close the last phase and stop sampling."""
        with self._lock:
            self._close(time.time())
        self._done.set()
        return self.phases

    def _close(self, now: float) -> None:
        if not self.phases:
            return
        mark = _high_water()
        peak = max(self._peak, mark if mark > self._mark else 0)
        self.phases[-1] |= {"end": now, "cpu_end": time.process_time(), "peak_rss": peak}

    def _sample(self) -> None:
        while not self._done.wait(_SAMPLE_SECONDS):
            rss = self._process.memory_info().rss
            with self._lock:
                self._peak = max(self._peak, rss)


def _high_water() -> int:
    """This process's peak RSS so far, in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(step: str, extraction: Path, out: Path, config_path: Path) -> dict[str, Any]:
    """Run ``step`` as the CLI would and return its phases; imports count towards the step."""
    if step not in ("ingest", "analyse", "report", "pipeline"):
        raise SystemExit(f"unknown step {step}")
    clock = PhaseClock()
    clock.start(step)
    from gelijkekansen.config import find_config, load_config

    config = load_config(find_config(extraction, config_path))
    result: dict[str, Any] = {"step": step}
    if step in ("ingest", "pipeline"):
        from gelijkekansen.ingest.load import ingest

        def progress(detail: str) -> None:
            # "ingest: <detail>" phases add up to the ingest row, "validating" is validate
            clock.start("validate" if detail == "validating" else f"ingest: {detail}")

        loaded = ingest(
            extraction,
            warehouse=out / "warehouse.duckdb",
            config=config,
            report_dir=out / "validation",
            progress=progress,
        )
        result["rows"] = dict(loaded.row_counts)
        result["status"] = loaded.status
    if step in ("analyse", "pipeline"):
        # pipeline is what `gelijkekansen run` does before the reports: imports are paid once
        from gelijkekansen.analyse.run import analyse

        clock.start("analyse")
        analyse(
            out / "warehouse.duckdb",
            config=config,
            out_dir=out / "metrics",
            progress=lambda detail: clock.start(f"analyse: {detail}"),
        )
    if step == "report":
        from gelijkekansen.cli import app

        code = app(
            ["report", "--out", str(out), "--config", str(config_path)], standalone_mode=False
        )
        result["exit_code"] = code or 0
    result["phases"] = clock.stop()
    return result


if __name__ == "__main__":
    name, folder, target, settings = sys.argv[1:5]
    outcome = main(name, Path(folder), Path(target), Path(settings))
    sys.stdout.write(json.dumps(outcome) + "\n")
