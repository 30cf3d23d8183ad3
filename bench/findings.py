"""False discoveries on null data and the planted effects found, at a given scale.

    .venv/bin/python bench/findings.py --scale hu --null 1 2 3 --planted 42 43 44

Each seed is generated, ingested and analysed in a fresh folder under /tmp/bench/findings.
For null seeds (synthetic/null.toml) every significant verdict on a protected dimension is
false (age is left out: the simulation lets age drive careers and retirement on purpose); the
false-discovery proportion is averaged over BH families (process × dimension), which is what
Benjamini–Hochberg bounds by alpha. For planted seeds it reports each planted effect: the
hiring effects' verdicts in the latest rolling year and the multi-year pool, the promotion
gap's per-unit signals and its stratified organisation-wide estimate. Prints one JSON line per
seed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gelijkekansen.synthetic.effects import NULL, packaged
from tests.helpers.pipeline import run_synthetic

ROOT = Path("/tmp/bench/findings")
PROTECTED = ["gender", "origin", "disability", "gender×origin"]
STAGE = {"screened": "applied>screened", "offered": "interviewed>offered"}


def r3(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def null_row(rates: pl.DataFrame) -> dict[str, object]:
    compared = rates.filter(pl.col("p_fisher").is_not_null() & pl.col("dimension").is_in(PROTECTED))
    families = compared.group_by("process", "dimension").agg(
        pl.col("verdict").str.starts_with("clear_").any().alias("any")
    )
    significant = compared.filter(pl.col("verdict").str.starts_with("clear_"))
    return {
        "compared": compared.height,
        "significant": significant.height,
        "per_comparison_rate": round(significant.height / max(compared.height, 1), 5),
        "families": families.height,
        "families_with_a_false_discovery": int(families["any"].sum()),
        "fdp_over_families": round(int(families["any"].sum()) / max(families.height, 1), 4),
        "signals": int(
            rates.filter(pl.col("dimension").is_in(PROTECTED))["follow_up_signal"].sum()
        ),
    }


def planted_row(rates: pl.DataFrame, effects: list[dict[str, object]]) -> dict[str, object]:
    found: dict[str, object] = {}
    latest = rates.filter(pl.col("window_type") == "rolling4q")["window_end"].max()
    for effect in effects:
        scope = (pl.col("dimension") == effect["dimension"]) & (
            pl.col("group") == effect["focal_group"]
        )
        if effect["process"] == "hiring":
            rows = rates.filter(
                scope
                & (pl.col("stage") == STAGE[str(effect["stage"])])
                & (pl.col("population") == "candidates:all")
                & (pl.col("org_unit") == "totaal")
                & (
                    (pl.col("window_type") == "all_years")
                    | ((pl.col("window_type") == "rolling4q") & (pl.col("window_end") == latest))
                )
            )
            found[str(effect["id"])] = {
                row["window_type"]: [row["verdict"], r3(row["impact_ratio"]), row["q_value"]]
                for row in rows.iter_rows(named=True)
            }
            continue
        rows = rates.filter(
            scope
            & (pl.col("process") == "promotion")
            & (pl.col("population") == f"ladder:{effect['from_level']}")
            & (pl.col("window_type") == "all_years")
        )
        planted_units = [str(u) for u in effect["org_units"]]  # type: ignore[attr-defined]
        units = rows.filter(pl.col("org_unit").is_in(planted_units))
        (org,) = rows.filter(pl.col("org_unit") == "totaal").iter_rows(named=True)
        # when the focal group is the reference (the largest), the other side carries the MH
        (other,) = rates.filter(
            (pl.col("process") == "promotion")
            & (pl.col("population") == f"ladder:{effect['from_level']}")
            & (pl.col("window_type") == "all_years")
            & (pl.col("org_unit") == "totaal")
            & (pl.col("dimension") == effect["dimension"])
            & (
                pl.col("group")
                == (
                    effect["reference"][0]  # type: ignore[index]
                    if org["verdict"] == "reference"
                    else effect["focal_group"]
                )
            )
        ).iter_rows(named=True)
        invert = org["verdict"] == "reference"

        def focal_view(value: float | None, invert: bool = invert) -> float | None:
            return None if value is None else r3(1 / value if invert else value)

        found[str(effect["id"])] = {
            "units": {
                r["org_unit"]: {
                    "signal": r["follow_up_signal"],
                    "verdict": r["verdict"],
                    "ir_vs_highest": r3(r["impact_ratio_vs_highest"]),
                    "ci": [r3(r["ir_vs_highest_ci_low"]), r3(r["ir_vs_highest_ci_high"])],
                }
                for r in units.iter_rows(named=True)
            },
            "other_units_with_signal": int(
                rows.filter(~pl.col("org_unit").is_in([*planted_units, "totaal"]))[
                    "follow_up_signal"
                ].sum()
            ),
            "org_crude_vs_highest": r3(org["impact_ratio_vs_highest"]),
            "org_stratified_focal_vs_reference": {
                "row": other["group"],
                "verdict_stratified": other["verdict_stratified"],
                "mh_ratio": focal_view(other["mh_ratio"]),
                "ci": sorted(
                    v
                    for v in (focal_view(other["mh_ci_low"]), focal_view(other["mh_ci_high"]))
                    if v is not None
                ),
                "p_cmh": other["p_cmh"],
            },
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="hu")
    parser.add_argument("--null", type=int, nargs="*", default=[])
    parser.add_argument("--planted", type=int, nargs="*", default=[])
    args = parser.parse_args()
    for kind, seeds in (("null", args.null), ("planted", args.planted)):
        for seed in seeds:
            out = ROOT / f"{kind}_{seed}"
            shutil.rmtree(out, ignore_errors=True)
            started = time.perf_counter()
            extraction, folder = run_synthetic(
                out, seed=seed, scale=args.scale, effects=packaged(NULL) if kind == "null" else None
            )
            rates = pl.read_parquet(folder / "metrics" / "selection_rates.parquet")
            truth = json.loads((extraction / "ground_truth.json").read_text())
            row = null_row(rates) if kind == "null" else planted_row(rates, truth["effects"])
            seconds = round(time.perf_counter() - started)
            print(json.dumps({"kind": kind, "seed": seed, "seconds": seconds, **row}), flush=True)


if __name__ == "__main__":
    main()
