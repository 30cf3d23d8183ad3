"""How much the published release hides, and what the auditor finds in it.

    .venv/bin/python bench/release.py --out /tmp/hu/out --budget 600

Reads ``OUT/metrics`` (after ``gelijkekansen analyse``): the share of published rows hidden and
of persons (pool or headcount) in hidden rows, per table and window, split by reason; then runs
the release auditor (``gelijkekansen.analyse.audit``) with the configuration stored in the
warehouse, for ``--budget`` seconds, latest figures first. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gelijkekansen.analyse.audit import audit_release
from gelijkekansen.config import load_config


def hidden_shares(frame: pl.DataFrame, persons: str, by: list[str]) -> list[dict[str, object]]:
    """Rows and persons hidden per ``by`` group, from the unsuppressed sizes in the
    restricted view when given (published rows carry no count where hidden)."""
    return (
        frame.group_by(by)
        .agg(
            pl.len().alias("rows"),
            pl.col("suppressed").mean().round(4).alias("rows_hidden"),
            (pl.col("suppression_reason") == "primary").mean().round(4).alias("primary"),
            (pl.col(persons).filter(pl.col("suppressed")).sum() / pl.col(persons).sum())
            .round(4)
            .alias("persons_hidden"),
        )
        .sort(by)
        .to_dicts()
    )


def with_true_sizes(
    published: pl.DataFrame, restricted: pl.DataFrame, keys: list[str], persons: str
) -> pl.DataFrame:
    """The published rows with their true size from the restricted view."""
    sizes = restricted.select(*keys, pl.col(persons).alias("__size"))
    return published.drop(persons).join(sizes, on=keys, how="left").rename({"__size": persons})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--budget", type=float, default=600.0)
    parser.add_argument("--config", type=Path, default=None)
    args = parser.parse_args()
    metrics, restricted = args.out / "metrics", args.out / "restricted"
    selection = pl.read_parquet(metrics / "selection_rates.parquet")
    representation = pl.read_parquet(metrics / "representation.parquet")
    if restricted.is_dir():
        keys = [
            "window_type",
            "window_start",
            "window_end",
            "process",
            "stage",
            "population",
            "org_unit",
            "dimension",
            "group",
        ]
        selection = with_true_sizes(
            selection, pl.read_parquet(restricted / "selection_rates.parquet"), keys, "pool"
        )
        keys = ["period_end", "population", "org_unit", "dimension", "group"]
        representation = with_true_sizes(
            representation,
            pl.read_parquet(restricted / "representation.parquet"),
            keys,
            "headcount",
        )
    report = audit_release(metrics, config=load_config(args.config), budget_seconds=args.budget)
    result = {
        "selection_rates": hidden_shares(
            selection.with_columns(pl.lit("all").alias("all")), "pool", ["all"]
        ),
        "selection_by_window": hidden_shares(selection, "pool", ["window_type"]),
        "representation": hidden_shares(
            representation.with_columns(pl.lit("all").alias("all")), "headcount", ["all"]
        ),
        "audit": {
            "passed": report.passed,
            "relations": report.families,
            "inexact_relations": report.inexact_families,
            "checked": report.hidden_checked,
            "skipped": report.hidden_skipped,
            "too_narrow": len(report.too_narrow),
            "examples": report.too_narrow[:10],
            "published_small": len(report.published_small),
            "seconds": round(report.seconds, 1),
        },
    }
    print(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
