"""The benchmark: one command, a table of wall time, peak memory and throughput per step.

    .venv/bin/python bench/run.py [--scenario NAME]   # hu large peers growth quarterly
                                                 # quarterly-large budgets all

Each step (ingest, validate, analyse, report) runs in a fresh process (``bench/step.py``) on a
fresh output folder, so a step pays its own imports and its peak RSS is its own. This parent
also polls the RSS of the step's whole process tree (a report may start pandoc or quarto) and
keeps the larger of that and what the step reports. Data lives under /tmp/bench, never in the
repository. Results are also written as JSON to /tmp/bench/results/ for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from scale import ROOT, SIZES, Size, bench_config, extraction

from gelijkekansen.synthetic.delta import split_last_quarter

HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
STEPS = ("ingest", "validate", "analyse", "report")
ONE_PROCESS = "ingest + validate + analyse, one process"
SCENARIOS: dict[str, tuple[str, ...]] = {
    "hu": ("hu",),
    "large": ("large",),
    "growth": ("hu", "x10", "x100"),
    "peers": (),
    "quarterly": (),
    "quarterly-large": (),
    "budgets": ("hu",),
}
QUARTERLY = {"quarterly": "hu", "quarterly-large": "large"}
"""The quarterly cycle's scenarios and the size each runs at."""
BUDGETS: dict[tuple[str, str], float] = {
    # was tests/validate/test_gate.py::test_hogeschool_size_validates_in_seconds
    ("hu", "validate"): 20.0,
}
"""Wall seconds a step may take at a size; ``--scenario budgets`` fails when one is exceeded.
Timed here rather than in the test suite, where a loaded machine made them fail at random."""
MIB = 1024 * 1024
_POLL_SECONDS = 0.02


def run_size(size: Size, *, one_process: bool) -> list[dict[str, Any]]:
    """Ingest (with validation), analyse and report one size, one row per step; with
    ``one_process`` also ingest, validate and analyse again in a single process."""
    folder = extraction(size)
    config = bench_config(size)
    out = ROOT / size.name / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    rows: list[dict[str, Any]] = []
    ingested = _step("ingest", folder, out, config)
    if ingested is None:
        return [_missing(size.name, step) for step in STEPS]
    input_rows = sum(int(n) for n in ingested["rows"].values())
    phases = ingested["phases"]
    assert isinstance(phases, list)
    for step in ("ingest", "validate"):
        own = [p for p in phases if p["phase"].split(":")[0] == step]
        seconds = sum(float(p["end"]) - float(p["start"]) for p in own)
        cpu = sum(float(p["cpu_end"]) - float(p["cpu_start"]) for p in own)
        peak = max(int(p["peak_rss"]) for p in own)
        if step == "ingest":
            # interpreter start-up happens before the step's first phase: the parent saw it
            seconds += float(phases[0]["start"]) - float(ingested["launched"])
            cpu += float(ingested["cpu"]) - sum(
                float(p["cpu_end"]) - float(p["cpu_start"]) for p in phases
            )
        rows.append(_row(size.name, step, seconds, cpu, peak, input_rows))
    rows[-2]["phases"] = {p["phase"]: round(float(p["end"]) - float(p["start"]), 2) for p in phases}
    for step in ("analyse", "report"):
        outcome = _step(step, folder, out, config)
        rows.append(_process_row(size.name, step, outcome, input_rows))
    if one_process:
        rows.append(_one_process(size.name, folder, config, input_rows))
    return rows


def _one_process(name: str, folder: Path, config: Path, input_rows: int) -> dict[str, Any]:
    """Ingest, validate and analyse in one process on a fresh warehouse, as `gelijkekansen run`
    does: the imports (a third of the HU time) are paid once instead of per step."""
    out = ROOT / name / "out-one-process"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return _process_row(name, ONE_PROCESS, _step("pipeline", folder, out, config), input_rows)


def _process_row(
    scenario: str, label: str, outcome: dict[str, Any] | None, input_rows: int
) -> dict[str, Any]:
    """A table row for a whole child process: launch to exit, its CPU and its tree's peak RSS."""
    if outcome is None or outcome.get("exit_code", 0):
        return _missing(scenario, label)
    seconds = float(outcome["finished"]) - float(outcome["launched"])
    peak = max(int(outcome["tree_peak_rss"]), int(outcome["max_rss"]))
    return _row(scenario, label, seconds, float(outcome["cpu"]), peak, input_rows)


def _step(step: str, folder: Path, out: Path, config: Path) -> dict[str, Any] | None:
    """Run ``bench/step.py`` in a child; its JSON outcome and process figures, None on failure."""
    command = [sys.executable, str(HERE / "step.py"), step, str(folder), str(out), str(config)]
    measured = _measure(command, out / f"{step}.stderr")
    if measured is None:
        return None
    lines = measured.pop("stdout")
    if not lines:
        return None
    outcome: dict[str, Any] = json.loads(lines[-1])
    return outcome | measured


def _measure(command: list[str], log: Path) -> dict[str, Any] | None:
    """Run ``command`` and poll its process tree; None (and its last message) if it failed.

    ``wait4`` gives the child's exact CPU time and peak RSS (those of its own children that it
    waited for included); polling adds children still alive, such as a renderer. CPU time is
    the figure to trust when other work shares the machine: wall time then grows, CPU barely.
    """
    launched = time.time()
    with tempfile.TemporaryFile("w+") as stdout, log.open("w") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True)
        watched = psutil.Process(child.pid)
        peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(watched))
            time.sleep(_POLL_SECONDS)
        finished = time.time()
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        lines = stdout.read().strip().splitlines()
    if child.returncode != 0:
        last = (log.read_text(encoding="utf-8").strip().splitlines() or ["no message"])[-1]
        print(f"  {command[2]} failed (exit {child.returncode}): {last}", file=sys.stderr)
        return None
    return {
        "stdout": lines,
        "launched": launched,
        "finished": finished,
        "tree_peak_rss": peak,
        "max_rss": usage.ru_maxrss * 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
    }


def run_quarterly(size: Size) -> list[dict[str, Any]]:
    """The quarterly cycle, each step a whole ``gelijkekansen run`` (reports included).

    The generated history is split into the previous quarter's full extraction and the last
    quarter as a delta (``gelijkekansen.synthetic.delta``). On one output folder: a fresh run on
    the base, the same run again (nothing changed), then the delta; and, to compare, a fresh run
    on the whole history in its own folder.
    """
    folder = extraction(size)
    root = ROOT / size.name / "quarterly"
    split = split_last_quarter(folder, base=root / "base", delta=root / "delta")
    config = bench_config(size)
    cycle, whole = root / "out", root / "out-whole"
    for out in (cycle, whole):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
    base_rows, delta_rows = sum(split.base_rows.values()), sum(split.delta_rows.values())
    full_rows = sum(len(path.read_bytes().splitlines()) - 1 for path in folder.glob("*.csv"))
    steps = (
        (f"fresh run, base {split.base_period}", root / "base", cycle, base_rows),
        ("run again, nothing changed", root / "base", cycle, base_rows),
        (f"run with delta {split.delta_period}", root / "delta", cycle, delta_rows),
        (f"fresh run, whole history to {split.delta_period}", folder, whole, full_rows),
    )
    rows = []
    for number, (label, source, out, input_rows) in enumerate(steps, start=1):
        command = [sys.executable, "-m", "gelijkekansen", "run", str(source), "--out", str(out)]
        outcome = _measure([*command, "--config", str(config)], out / f"step{number}.stderr")
        rows.append(_process_row(f"quarterly {size.name}", label, outcome, input_rows))
    return rows + _quarterly_analyse(size, root, split.delta_period, config)


def _quarterly_analyse(size: Size, root: Path, period: str, config: Path) -> list[dict[str, Any]]:
    """The analyse step alone (``bench/step.py``): after the delta on a warehouse whose marts
    hold the base's 39 quarters (incremental), and fresh on the whole history; the marts phase
    ("building marts") is given beside the whole step."""
    cycle, whole = root / "out-steps", root / "out-whole-steps"
    for out in (cycle, whole):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
    runs = (
        ("analyse, fresh, base", root / "base", cycle),
        (f"analyse, delta {period} on the base's marts", root / "delta", cycle),
        (f"analyse, fresh, whole history to {period}", extraction(size), whole),
    )
    rows = []
    for label, source, out in runs:
        ingested = _step("ingest", source, out, config)
        outcome = _step("analyse", source, out, config) if ingested else None
        loaded = sum(int(n) for n in ingested["rows"].values()) if ingested else 0
        row = _process_row(f"quarterly {size.name}", label, outcome, loaded)
        if outcome:
            phases = {
                p["phase"]: (float(p["end"]) - float(p["start"]), p["cpu_end"] - p["cpu_start"])
                for p in outcome["phases"]
            }
            row["phases_cpu"] = {name: round(cpu, 2) for name, (_, cpu) in phases.items()}
            wall, cpu = phases.get("analyse: building marts", (0.0, 0.0))
            row["marts_seconds"], row["marts_cpu_seconds"] = round(wall, 2), round(cpu, 2)
        rows.append(row)
    return rows


def _tree_rss(process: psutil.Process) -> int:
    try:
        family = [process, *process.children(recursive=True)]
        return sum(p.memory_info().rss for p in family)
    except psutil.NoSuchProcess:
        return 0


def _row(
    scenario: str, step: str, seconds: float, cpu: float, peak: int, rows: int
) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "step": step,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mib": round(peak / MIB),
        "input_rows": rows,
        "rows_per_second": round(rows / seconds) if seconds else None,
    }


def _missing(scenario: str, step: str) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "step": step,
        "seconds": None,
        "cpu_seconds": None,
        "peak_rss_mib": None,
        "input_rows": None,
        "rows_per_second": None,
    }


def run_peers() -> dict[str, Any]:
    """The peer comparison in its own process (it holds 5M rows in pandas)."""
    folder = extraction(SIZES["peers"])
    done = subprocess.run(
        [sys.executable, str(HERE / "peers.py"), str(folder / "applications.csv")],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _cell(value: object, suffix: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.2f}{suffix}"
    if isinstance(value, int):
        return f"{value:,}{suffix}"
    return f"{value}{suffix}"


def print_steps(rows: list[dict[str, Any]]) -> None:
    """The step table, Markdown so that it pastes into docs/performance.md as is."""
    print("| scenario | step | wall (s) | CPU (s) | peak RSS (MiB) | input rows | rows/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['scenario']} | {row['step']} | {_cell(row['seconds'])} | "
            f"{_cell(row['cpu_seconds'])} | "
            f"{_cell(row['peak_rss_mib'])} | {_cell(row['input_rows'])} | "
            f"{_cell(row['rows_per_second'])} |"
        )
    marts = [row for row in rows if "marts_cpu_seconds" in row]
    for row in marts:
        print(
            f"{row['step']}: building marts {row['marts_seconds']:.2f} s wall, "
            f"{row['marts_cpu_seconds']:.2f} CPU s; CPU s per phase: {row['phases_cpu']}"
        )
    for scenario in dict.fromkeys(str(r["scenario"]) for r in rows):
        own = {str(r["step"]): r for r in rows if r["scenario"] == scenario}
        core = [own[s]["seconds"] for s in ("ingest", "validate", "analyse") if s in own]
        if core and None not in core:
            total = sum(float(s) for s in core)
            peak = max(int(own[s]["peak_rss_mib"]) for s in own if own[s]["peak_rss_mib"])
            print(f"\n{scenario}: ingest + validate + analyse {total:.1f} s, peak {peak:,} MiB")
        if "phases" in own.get("ingest", {}):
            parts = ", ".join(f"{name} {s:.1f}" for name, s in own["ingest"]["phases"].items())
            print(f"{scenario} ingest call, wall s per phase (after start-up): {parts}")


def check_budgets(rows: list[dict[str, Any]]) -> list[str]:
    """One line per budget of ``BUDGETS``, ending in ``ok``, ``EXCEEDED`` or ``NOT RUN`` (the
    step failed): the step's wall and CPU seconds against its limit."""
    lines = []
    for (scenario, step), limit in BUDGETS.items():
        found = [r for r in rows if r["scenario"] == scenario and r["step"] == step]
        seconds = found[0]["seconds"] if found else None
        if seconds is None:
            lines.append(f"budget {scenario} {step} ({limit:.0f} s): NOT RUN")
            continue
        verdict = "ok" if seconds <= limit else "EXCEEDED"
        lines.append(
            f"budget {scenario} {step}: {_cell(seconds)} s wall "
            f"({_cell(found[0]['cpu_seconds'])} s CPU) of {limit:.0f} s: {verdict}"
        )
    return lines


def print_peers(result: dict[str, Any]) -> None:
    """The peer table: each method's time and its ratio to the product."""
    print(
        f"\npeers: {result['rows']:,} applications, {result['cells']} rates and impact ratios "
        f"(stages x dimensions x groups), all methods agree to 1e-9"
    )
    print("| method | total (s) | x product | compute only (s) | x product |")
    print("|---|---:|---:|---:|---:|")
    methods = result["methods"]
    assert isinstance(methods, list)
    for method in methods:
        print(
            f"| {method['method']} | {method['total']:.3f} | {method['total_ratio']:.1f} | "
            f"{method['compute']:.3f} | {method['compute_ratio']:.1f} |"
        )
    print(f"\npandas read_parquet of the input (part of 'total' for a-c): {result['load']:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=[*SCENARIOS, "all"], default="hu")
    chosen = parser.parse_args().scenario
    names = list(SCENARIOS) if chosen == "all" else [chosen]
    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = list(dict.fromkeys(size for name in names for size in SCENARIOS[name]))
    rows: list[dict[str, Any]] = []
    for name in sizes:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        before = os.getloadavg()[0]
        measured = run_size(SIZES[name], one_process=name == "hu")
        print(
            f"  load average before/after: {before:.1f}/{os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores",
            file=sys.stderr,
            flush=True,
        )
        (RESULTS / f"{name}.json").write_text(json.dumps(measured, indent=1), encoding="utf-8")
        rows += measured
    if rows:
        print_steps(rows)
    if "budgets" in names:
        verdicts = check_budgets(rows)
        print("\n" + "\n".join(verdicts))
        if not all(line.endswith(": ok") for line in verdicts):
            raise SystemExit(1)
    for scenario, size in QUARTERLY.items():
        if scenario not in names:
            continue
        print(f"running quarterly {size} ...", file=sys.stderr, flush=True)
        cycle = run_quarterly(SIZES[size])
        (RESULTS / f"quarterly-{size}.json").write_text(json.dumps(cycle, indent=1), "utf-8")
        print_steps(cycle)
    if "peers" in names:
        print("running peers ...", file=sys.stderr, flush=True)
        result = run_peers()
        (RESULTS / "peers.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print_peers(result)


if __name__ == "__main__":
    main()
