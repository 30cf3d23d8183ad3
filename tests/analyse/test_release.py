"""The two audiences of an analyse run: the designed published release and the restricted view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from gelijkekansen.analyse.restricted import CLASSIFICATION, CONFIDENTIAL, README
from gelijkekansen.analyse.run import RELEASE_WINDOWS, analyse, unit_populations
from gelijkekansen.config import load_config
from gelijkekansen.contract import TOTAL
from gelijkekansen.ingest.load import ingest

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"
CELL = ["window_type", "window_start", "window_end", "process", "stage", "population",
        "org_unit", "dimension", "group"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample ingested and analysed into OUT/metrics (and so OUT/restricted)."""
    base = tmp_path_factory.mktemp("release")
    config = load_config(SAMPLE / "gelijkekansen.toml")
    ingest(SAMPLE, warehouse=base / "w.duckdb", config=config)
    analyse(base / "w.duckdb", config=config, out_dir=base / "out" / "metrics")
    return base / "out"


def _read(out: Path, folder: str, table: str) -> pl.DataFrame:
    return pl.read_parquet(out / folder / f"{table}.parquet")


def test_the_release_holds_the_pooled_and_rolling_windows_and_whole_populations_per_unit(
    out: Path,
) -> None:
    published = _read(out, "metrics", "selection_rates")
    assert set(published["window_type"]) == set(RELEASE_WINDOWS)
    per_unit = published.filter(pl.col("org_unit") != TOTAL)
    config = load_config(SAMPLE / "gelijkekansen.toml")
    assert set(per_unit["population"]) <= set(unit_populations(config))
    assert not per_unit["dimension"].str.contains("×").any()
    # what is left out is not lost: the restricted view holds it
    restricted = _read(out, "restricted", "selection_rates")
    assert {"quarter", "year"} <= set(restricted["window_type"])
    assert restricted.filter(pl.col("org_unit") != TOTAL)["population"].str.starts_with(
        "leaders:"
    ).any()


def test_the_restricted_view_is_every_count_unsuppressed_and_marked_on_every_row(
    out: Path,
) -> None:
    for table in ("representation", "selection_rates"):
        restricted = _read(out, "restricted", table)
        assert restricted.columns[0] == CLASSIFICATION
        assert (restricted[CLASSIFICATION] == CONFIDENTIAL).all(), table
        assert not restricted["suppressed"].any(), table
        csv = (out / "restricted" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        assert all("CONFIDENTIAL" in line for line in csv[1:]), table
    assert "CONFIDENTIAL" in (out / "restricted" / README).read_text(encoding="utf-8")
    assert not (out / "metrics" / README).exists()


def test_published_counts_are_the_true_counts_of_the_restricted_view(out: Path) -> None:
    published = _read(out, "metrics", "selection_rates").filter(~pl.col("suppressed"))
    restricted = _read(out, "restricted", "selection_rates")
    joined = published.join(restricted, on=CELL, how="left", suffix="_true")
    assert joined.height == published.height > 0
    for column in ("pool", "selected", "rate"):
        assert (joined[column] == joined[f"{column}_true"]).all(), column


def test_signals_hidden_from_the_release_are_in_the_restricted_view(out: Path) -> None:
    """#14: a unit's signal to follow up is always where the analyst can see it."""
    published = _read(out, "metrics", "selection_rates").select(
        *CELL, pl.col("suppressed").alias("hidden")
    )
    signals = _read(out, "restricted", "selection_rates").filter(pl.col("follow_up_signal"))
    seen = signals.join(published, on=CELL, how="left")
    assert seen.filter(pl.col("hidden").fill_null(True)).height > 0  # hidden or left out


def test_the_restricted_view_is_written_only_when_configured(tmp_path: Path) -> None:
    config = load_config(SAMPLE / "gelijkekansen.toml")
    config = replace(config, privacy=replace(config.privacy, restricted_view=False))
    ingest(SAMPLE, warehouse=tmp_path / "w.duckdb", config=config)
    written = analyse(tmp_path / "w.duckdb", config=config, out_dir=tmp_path / "out" / "metrics")
    assert not (tmp_path / "out" / "restricted").exists()
    assert all(path.parent.name == "metrics" for path in written)
