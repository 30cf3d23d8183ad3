"""Exact Fisher power for many margins at once against one margin at a time.

    .venv/bin/python bench/power.py [--margins 20000] [--pools 10 30 100 300]

For each largest pool size, random margins (group one up to that size, group two up to ten
times it, odds 0 to infinity, three test levels) go through ``stats.fisher_power`` in one call
and through ``stats._power_one`` in a loop. Prints seconds for both and the largest difference;
fails if the two disagree by more than 1e-12.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from gelijkekansen.analyse import stats

ODDS = (0.0, 0.3, 0.8, 1.0, 1.5, np.inf)
LEVELS = (0.05, 1e-3, 1e-5)


def compare(margins: int, largest_pool: int, seed: int = 1) -> dict[str, float]:
    """Seconds of the batched call and of the per-margin loop, and their largest difference."""
    rng = np.random.default_rng(seed)
    n1 = rng.integers(1, largest_pool, margins)
    n2 = rng.integers(1, 10 * largest_pool, margins)
    selected = (rng.random(margins) * (n1 + n2)).astype(np.int64)
    odds, level = rng.choice(ODDS, margins), rng.choice(LEVELS, margins)
    started = time.perf_counter()
    together = stats.fisher_power(n1, n2, selected, odds_ratio=odds, level=level)
    batched = time.perf_counter() - started
    started = time.perf_counter()
    alone = np.array(
        [
            stats._power_one(int(a), int(b), int(s), float(o), float(t))
            for a, b, s, o, t in zip(n1, n2, selected, odds, level, strict=True)
        ]
    )
    looped = time.perf_counter() - started
    difference = float(np.abs(together - alone).max())
    return {"batched_s": batched, "looped_s": looped, "max_diff": difference}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margins", type=int, default=20_000)
    parser.add_argument("--pools", type=int, nargs="+", default=[10, 30, 100, 300])
    arguments = parser.parse_args()
    print("| largest pool | margins | batched (s) | loop (s) | max difference |")
    print("|---:|---:|---:|---:|---:|")
    worst = 0.0
    for pool in arguments.pools:
        result = compare(arguments.margins, pool)
        worst = max(worst, result["max_diff"])
        print(
            f"| {pool} | {arguments.margins:,} | {result['batched_s']:.2f} | "
            f"{result['looped_s']:.2f} | {result['max_diff']:.1e} |"
        )
    if worst > 1e-12:
        raise SystemExit(f"batched and per-margin power differ by {worst:.1e}")


if __name__ == "__main__":
    main()
