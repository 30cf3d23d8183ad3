"""End to end on the synthetic hogeschool: planted disparities are found, nothing else is.

The planted effects and what they realised are read from ground_truth.json; the product's
findings are read from the exported selection_rates, as an analyst would.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.compare import compare_frame
from gelijkekansen.synthetic.effects import NULL, packaged
from tests.helpers.pipeline import run_synthetic

FLAGGED = stats.FOLLOW_UP
CLEAR_DISPARITY = stats.CLEAR_DIFFERENCES
HIRING_STAGES = {
    "screened": "applied>screened",
    "interviewed": "screened>interviewed",
    "offered": "interviewed>offered",
    "hired": "offered>hired",
}


@pytest.fixture(scope="module")
def planted(hu_output: tuple[Path, Path]) -> tuple[list[dict[str, object]], pl.DataFrame]:
    extraction, out = hu_output
    truth = json.loads((extraction / "ground_truth.json").read_text())
    rates = pl.read_parquet(out / "metrics" / "selection_rates.parquet")
    return truth["effects"], rates


def findings_for(effect: dict[str, object], rates: pl.DataFrame) -> pl.DataFrame:
    """The pooled-years rows of the effect's focal group in each unit it was planted in."""
    units = ["totaal"] if effect["org_units"] == "all" else effect["org_units"]
    if effect["process"] == "hiring":
        scope = (pl.col("stage") == HIRING_STAGES[str(effect["stage"])]) & (
            pl.col("population") == "candidates:all"
        )
    else:
        scope = (pl.col("process") == effect["process"]) & (
            pl.col("population") == f"ladder:{effect['from_level']}"
        )
    return rates.filter(
        scope
        & (pl.col("window_type") == "all_years")
        & pl.col("org_unit").is_in(units)  # type: ignore[arg-type]
        & (pl.col("dimension") == effect["dimension"])
        & (pl.col("group") == effect["focal_group"])
    )


def against_planted_reference(
    row: dict[str, object], effect: dict[str, object], rates: pl.DataFrame
) -> tuple[float, float, float]:
    """The focal group's IR and interval against its reference; when the focal group is the
    reference itself (the largest group), the reference side's row read the other way."""
    if row["verdict"] != "reference":
        return row["impact_ratio"], row["ir_ci_low"], row["ir_ci_high"]  # type: ignore[return-value]
    (other,) = rates.filter(
        (pl.col("process") == row["process"])
        & (pl.col("stage") == row["stage"])
        & (pl.col("window_type") == row["window_type"])
        & (pl.col("population") == row["population"])
        & (pl.col("org_unit") == row["org_unit"])
        & (pl.col("dimension") == row["dimension"])
        & (pl.col("group") == effect["reference"][0])  # type: ignore[index]
    ).iter_rows(named=True)
    return 1 / other["impact_ratio"], 1 / other["ir_ci_high"], 1 / other["ir_ci_low"]


def test_every_planted_disparity_is_flagged_in_the_right_direction_and_size(
    planted: tuple[list[dict[str, object]], pl.DataFrame],
) -> None:
    effects, rates = planted
    assert len(effects) == 3
    for effect in effects:
        rows = findings_for(effect, rates)
        expected_rows = 1 if effect["org_units"] == "all" else len(effect["org_units"])  # type: ignore[arg-type]
        assert rows.height == expected_rows, effect["id"]
        for row in rows.iter_rows(named=True):
            label = f"{effect['id']} in {row['org_unit']}"
            assert not row["suppressed"], label
            ratio, low, high = against_planted_reference(row, effect, rates)
            assert ratio < 1, label
            assert low <= effect["ratio"] <= high, label  # type: ignore[operator]


def test_the_promotion_gap_is_a_signal_to_follow_up_in_both_institutes(
    planted: tuple[list[dict[str, object]], pl.DataFrame],
) -> None:
    effects, rates = planted
    (effect,) = (e for e in effects if e["process"] == "promotion")
    rows = findings_for(effect, rates)
    assert rows["follow_up_signal"].to_list() == [True, True]
    assert (rows["ir_vs_highest_ci_low"] <= effect["ratio"]).all()


def test_hiring_effects_with_large_numbers_are_significant_after_bh(
    planted: tuple[list[dict[str, object]], pl.DataFrame],
) -> None:
    effects, rates = planted
    for effect in (e for e in effects if e["process"] == "hiring"):
        (row,) = findings_for(effect, rates).iter_rows(named=True)
        assert row["verdict"] in CLEAR_DISPARITY, effect["id"]
        assert row["q_value"] < 0.05


def test_the_promotion_gap_pooled_over_its_two_institutes_is_significant(
    planted: tuple[list[dict[str, object]], pl.DataFrame],
) -> None:
    """One institute's numbers are too small to be sure; pooling strata (CMH) is the remedy."""
    effects, rates = planted
    (effect,) = (e for e in effects if e["process"] == "promotion")
    counts = rates.filter(
        (pl.col("process") == "promotion")
        & (pl.col("window_type") == "all_years")
        & (pl.col("population") == "ladder:docent")
        & pl.col("org_unit").is_in(effect["org_units"])  # type: ignore[arg-type]
        & pl.col("group").is_in(["vrouw", "man"])
    ).select(pl.col("org_unit").alias("stratum"), "group", "pool", "selected")
    pooled = compare_frame(counts, reference="man", min_cell=10).filter(
        (pl.col("stratum") == "pooled") & (pl.col("group") == "vrouw")
    )
    (row,) = pooled.iter_rows(named=True)
    assert row["p_cmh"] < 0.05
    assert row["common_odds_ratio"] < 1
    assert row["ir_ci_low"] <= effect["ratio"] <= row["ir_ci_high"]
    assert row["verdict"] in FLAGGED


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_without_planted_effects_bh_keeps_false_findings_below_the_nominal_rate(
    tmp_path: Path, seed: int
) -> None:
    _, out = run_synthetic(
        tmp_path,
        seed=seed,
        scale="employees=1500,quarters=16,applications_per_year=6000",
        effects=packaged(NULL),
        check_chains=False,
    )
    # Age drives retirement and careers in the simulation on purpose; the protected
    # dimensions carry no effect at all under null.toml. The published release holds over a
    # hundred comparisons at this size (every count of a hidden row keeps room, which hides
    # more); the restricted view (k = 1, every window) thousands.
    for folder, enough in (("metrics", 100), ("restricted", 2000)):
        rates = pl.read_parquet(out / folder / "selection_rates.parquet")
        compared = rates.filter(
            pl.col("p_fisher").is_not_null()
            & pl.col("dimension").is_in(["gender", "origin", "disability", "gender×origin"])
        )
        significant = compared.filter(pl.col("verdict").str.starts_with("clear_"))
        assert compared.height > enough, folder
        assert significant.height / compared.height <= 0.05, folder


def test_a_met_target_is_on_track_and_the_blocked_one_is_off_track(
    hu_output: tuple[Path, Path],
) -> None:
    _, out = hu_output
    targets = pl.read_parquet(out / "metrics" / "targets.parquet")
    status = dict(zip(targets["target_id"], targets["status"], strict=True))
    met = targets.filter(pl.col("target_id") == "vrouwen_docenten_2030").row(0, named=True)
    assert met["current_share"] >= met["target_share"]
    assert status["vrouwen_docenten_2030"] == "on_track"
    # women are promoted to hoofddocent at 0.7x the men's rate in two large institutes
    assert status["vrouwen_hoofddocenten_2030"] == "off_track"


# --- pay transparency (docs/pay-transparency.md) ------------------------------------------


def test_planted_pay_gap_is_the_only_category_sent_to_joint_assessment(
    hu_output: tuple[Path, Path],
) -> None:
    extraction, out = hu_output
    truth = json.loads((extraction / "pay_truth.json").read_text())
    published = pl.read_parquet(out / "metrics" / "pay_indicators.parquet").filter(
        pl.col("year") == truth["year"]
    )
    assessed = published.filter(pl.col("indicator") == "art10_assessment")
    flagged = assessed.filter(pl.col("assessment") == "joint_assessment")
    assert flagged["category"].to_list() == [truth["planted_category"]]
    assert flagged["remedy_by"].to_list() == [date(truth["year"] + 1, 12, 7)]
    realised = truth["realised_mean_gap_pct"]
    shown = assessed.filter(pl.col("status") == "published")
    for category, gap in shown.select("category", "gap_pct").iter_rows():
        assert gap == pytest.approx(realised[category], abs=1e-5), category


def test_pay_categories_with_too_few_women_or_men_are_withheld(
    hu_output: tuple[Path, Path],
) -> None:
    extraction, out = hu_output
    config_k = 10
    pay = pl.read_csv(extraction / "pay.csv").join(
        pl.read_csv(extraction / "persons.csv").select("person_id", "gender"), on="person_id"
    )
    counts = pay.group_by("category").agg(
        *((pl.col("gender") == g).sum().alias(g) for g in ("vrouw", "man"))
    )
    small = set(counts.filter(pl.min_horizontal("vrouw", "man") < config_k)["category"])
    published = pl.read_parquet(out / "metrics" / "pay_indicators.parquet")
    withheld = set(published.filter(pl.col("status") == "too_few")["category"])
    assert small and small <= withheld
    shown = published.filter(pl.col("status") == "published")
    assert shown.select(pl.min_horizontal("n_women", "n_men").min()).item() >= config_k
