"""Small categories merged before publication: sums of their members, in the release only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from gelijkekansen.analyse.merging import merge_groups
from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import load_config
from gelijkekansen.contract import TOTAL
from gelijkekansen.ingest.load import ingest
from gelijkekansen.messages import Labels
from gelijkekansen.report.presentation import Report

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"
MERGES = {"gender": (("anders", "onbekend"),)}


def counts(rows: list[tuple[str, str, str | None, str | None, int, int | None]]) -> pl.DataFrame:
    """Rows of (dimension, group, margin_a, margin_b, pool, selected) in one unit and window."""
    return pl.DataFrame(
        rows,
        schema={
            "dimension": pl.String,
            "group": pl.String,
            "margin_a": pl.String,
            "margin_b": pl.String,
            "pool": pl.Int64,
            "selected": pl.Int64,
        },
        orient="row",
    ).with_columns(pl.lit("INST01").alias("org_unit"), pl.lit(False).alias("suppressed"))


def test_merged_groups_are_the_sums_of_their_members() -> None:
    frame = counts(
        [
            ("gender", "vrouw", None, None, 40, 10),
            ("gender", "anders", None, None, 3, 1),
            ("gender", "onbekend", None, None, 5, None),
            (TOTAL, TOTAL, None, None, 48, 11),
            ("gender×origin", "anders×europa", "anders", "europa", 2, 1),
            ("gender×origin", "onbekend×europa", "onbekend", "europa", 4, 0),
            ("gender×origin", "vrouw×europa", "vrouw", "europa", 9, 3),
        ]
    ).with_columns(suppressed=pl.Series([False, True, False, False, False, False, False]))
    merged = merge_groups(frame, MERGES)
    expected = counts(
        [
            ("gender", "vrouw", None, None, 40, 10),
            ("gender", "anders/onbekend", None, None, 8, 1),
            (TOTAL, TOTAL, None, None, 48, 11),
            ("gender×origin", "anders/onbekend×europa", "anders/onbekend", "europa", 6, 1),
            ("gender×origin", "vrouw×europa", "vrouw", "europa", 9, 3),
        ]
    ).with_columns(suppressed=pl.Series([False, True, False, False, False]))
    assert_frame_equal(merged, expected)


def test_a_sum_of_counts_that_do_not_exist_stays_null() -> None:
    frame = counts(
        [("gender", "anders", None, None, 3, None), ("gender", "onbekend", None, None, 5, None)]
    )
    assert merge_groups(frame, MERGES).get_column("selected").to_list() == [None]


def test_without_merges_the_counts_are_untouched() -> None:
    frame = counts([("gender", "anders", None, None, 3, 1)])
    assert merge_groups(frame, {}) is frame


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["vrouw", "man", "anders", "onbekend"]), st.integers(0, 50)),
        min_size=1,
        max_size=12,
    )
)
def test_merging_keeps_every_total_and_only_joins_the_merged_groups(
    groups: list[tuple[str, int]],
) -> None:
    frame = counts([("gender", g, None, None, n, n // 2) for g, n in groups])
    merged = merge_groups(frame, MERGES)
    assert merged.get_column("pool").sum() == frame.get_column("pool").sum()
    assert merged.get_column("selected").sum() == frame.get_column("selected").sum()
    named = {g for g, _ in groups}
    expected = (named - {"anders", "onbekend"}) | (
        {"anders/onbekend"} if named & {"anders", "onbekend"} else set()
    )
    assert set(merged.get_column("group")) == expected


def test_a_merged_group_reads_as_its_members() -> None:
    assert Labels("en", {})("anders/onbekend") == f"{Labels('en', {})('anders')} + unknown"


@pytest.fixture(scope="module")
def merged_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("merged")
    config = load_config(SAMPLE / "gelijkekansen.toml")
    # k = 3: the sample is small, and its merged group must be shown somewhere to be checked
    config = replace(config, min_cell=3, privacy=replace(config.privacy, merge=MERGES))
    warehouse = base / "out" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    ingest(SAMPLE, warehouse=warehouse, config=config)
    analyse(warehouse, config=config, out_dir=base / "out" / "metrics")
    return base / "out"


def test_the_release_publishes_the_merged_group_and_the_restricted_view_keeps_both(
    merged_out: Path,
) -> None:
    published = pl.read_parquet(merged_out / "metrics" / "representation.parquet")
    restricted = pl.read_parquet(merged_out / "restricted" / "representation.parquet")
    gender = published.filter(pl.col("dimension") == "gender")
    assert set(gender.get_column("group")) == {"vrouw", "man", "anders/onbekend"}
    assert {"anders", "onbekend"} <= set(restricted.get_column("group"))
    keys = ["period_end", "population", "org_unit"]
    shown = gender.filter((pl.col("group") == "anders/onbekend") & ~pl.col("suppressed"))
    assert not shown.is_empty()
    parts = (
        restricted.filter(
            (pl.col("dimension") == "gender") & pl.col("group").is_in(["anders", "onbekend"])
        )
        .group_by(keys)
        .agg(pl.col("headcount").sum().alias("parts"))
    )
    both = shown.join(parts, on=keys)
    assert both.height == shown.height
    assert (both.get_column("headcount") == both.get_column("parts")).all()


def test_the_report_says_which_groups_were_merged(merged_out: Path, tmp_path: Path) -> None:
    config = tmp_path / "gelijkekansen.toml"
    config.write_text(
        (SAMPLE / "gelijkekansen.toml").read_text()
        + '\n[privacy.merge]\ngender = [["anders", "onbekend"]]\n'
    )
    report = Report.open(merged_out, lang="en", config=config, figures=tmp_path)
    labels = report.labels
    assert f"{labels('gender')}: {labels('anders')} + {labels('onbekend')}" in report.methodology()
