"""The analyse step on the committed synthetic sample: deterministic, private, complete."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"


@pytest.fixture(scope="module")
def metrics(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample analysed twice, from the same warehouse, into two folders."""
    base = tmp_path_factory.mktemp("analyse")
    config = load_config(SAMPLE / "gelijkekansen.toml")
    ingest(SAMPLE, warehouse=base / "w.duckdb", config=config)
    first = base / "first"
    second = base / "second"
    analyse(base / "w.duckdb", config=config, out_dir=first)
    analyse(base / "w.duckdb", config=config, out_dir=second)
    return first, second


def test_the_same_warehouse_gives_byte_identical_exports(metrics: tuple[Path, Path]) -> None:
    first, second = metrics
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert {"representation.csv", "selection_rates.parquet", "targets.csv"} <= set(names)
    for name in names:
        digest = [hashlib.sha256((d / name).read_bytes()).hexdigest() for d in (first, second)]
        assert digest[0] == digest[1], name


def test_no_exported_count_is_below_the_minimum_cell_size(metrics: tuple[Path, Path]) -> None:
    first, _ = metrics
    min_cell = load_config(SAMPLE / "gelijkekansen.toml").min_cell
    for name, columns in {
        "representation": ["headcount"],
        "selection_rates": ["pool", "selected"],
    }.items():
        table = pl.read_parquet(first / f"{name}.parquet")
        shown = table.filter(~pl.col("suppressed"))
        assert shown.height > 0, name
        for column in columns:
            assert (shown[column] >= min_cell).all(), (name, column)
        hidden = table.filter(pl.col("suppressed"))
        assert hidden.select(pl.col(columns).is_null().all()).row(0) == (True,) * len(columns)
    rates = pl.read_parquet(first / "selection_rates.parquet").filter(~pl.col("suppressed"))
    assert ((rates["pool"] - rates["selected"]) >= min_cell).all()
    withdrawn = rates["withdrawn"].drop_nulls()
    assert withdrawn.len() > 0 and (withdrawn >= min_cell).all()


def test_the_unknown_category_is_always_reported(metrics: tuple[Path, Path]) -> None:
    first, _ = metrics
    table = pl.read_parquet(first / "representation.parquet")
    for dimension in ("gender", "origin", "disability", "age_band"):
        groups = table.filter(pl.col("dimension") == dimension)["group"].unique().to_list()
        assert "onbekend" in groups, dimension


def test_no_share_is_published_beside_a_hidden_total(metrics: tuple[Path, Path]) -> None:
    """A share and its count give the total back: where the total is hidden, so is the share."""
    first, _ = metrics
    table = pl.read_parquet(first / "representation.parquet")
    keys = ["period_end", "population", "org_unit"]
    totals = table.filter(pl.col("dimension") == "totaal").select(
        *keys, pl.col("suppressed").alias("total_hidden")
    )
    rows = table.join(totals, on=keys)
    assert rows.filter(pl.col("total_hidden")).height > 0  # the case occurs in the sample
    assert rows.filter(pl.col("total_hidden") & pl.col("share").is_not_null()).is_empty()
