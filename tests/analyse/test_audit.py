"""The release auditor finds what an attacker finds, from the published rows alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gelijkekansen.analyse.audit import audit_cells
from gelijkekansen.cli import app
from gelijkekansen.config import Config

TOTAL = "totaal"
UNITS = ["U1", "U2"]
GROUPS = ["a", "b"]


def published(
    pools: dict[tuple[str, str], int], hidden: dict[tuple[str, str], str]
) -> pl.DataFrame:
    """One representation comparison: units × groups with every margin, some rows hidden."""
    cells = dict(pools)
    for unit in UNITS:
        cells[unit, TOTAL] = sum(pools[unit, g] for g in GROUPS)
    for group in GROUPS:
        cells[TOTAL, group] = sum(pools[u, group] for u in UNITS)
    cells[TOTAL, TOTAL] = sum(pools.values())
    rows = [
        {
            "process": "representation",
            "stage": "stock",
            "window_type": "quarter_end",
            "window_start": date(2025, 12, 31),
            "window_end": date(2025, 12, 31),
            "population": "all_staff",
            "org_unit": unit,
            "dimension": TOTAL if group == TOTAL else "gender",
            "group": group,
            "pool": None if (unit, group) in hidden else n,
            "selected": None,
            "withdrawn": None,
            "suppressed": (unit, group) in hidden,
            "suppression_reason": hidden.get((unit, group)),
        }
        for (unit, group), n in sorted(cells.items())
    ]
    schema = {"pool": pl.Int64, "selected": pl.Int64, "withdrawn": pl.Int64}
    return pl.DataFrame(rows, schema_overrides=schema).with_row_index("row")


counts = st.integers(10, 60)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 9), counts, counts, counts)
def test_a_lone_hidden_small_cell_is_caught(small: int, b1: int, a2: int, b2: int) -> None:
    pools = {("U1", "a"): small, ("U1", "b"): b1, ("U2", "a"): a2, ("U2", "b"): b2}
    report = audit_cells(published(pools, {("U1", "a"): "primary"}), config=Config())
    assert not report.passed
    assert any(f"in [{small}, {small}]" in line for line in report.too_narrow)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 9), counts, counts, counts)
def test_a_protected_rectangle_passes(small: int, b1: int, a2: int, b2: int) -> None:
    pools = {("U1", "a"): small, ("U1", "b"): b1, ("U2", "a"): a2, ("U2", "b"): b2}
    hidden = dict.fromkeys(pools, "secondary") | {("U1", "a"): "primary"}
    report = audit_cells(published(pools, hidden), config=Config(), width=10)
    assert report.passed, report.too_narrow
    assert report.hidden_checked == 1


def test_a_published_small_count_fails() -> None:
    pools = {("U1", "a"): 4, ("U1", "b"): 30, ("U2", "a"): 30, ("U2", "b"): 30}
    report = audit_cells(published(pools, {}), config=Config())
    assert [line.split()[-3:] for line in report.published_small] == [["U1", "gender", "a"]]


def test_audit_release_over_two_threads_names_the_pinned_count(tmp_path: Path) -> None:
    """Two quarters are two components, one per thread: the lone hidden 3 of the first is
    found, the rectangle of the second passes."""
    quarters = []
    for day, small in ((date(2025, 9, 30), 3), (date(2025, 12, 31), 4)):
        pools = {("U1", "a"): small, ("U1", "b"): 20, ("U2", "a"): 30, ("U2", "b"): 40}
        hidden = {("U1", "a"): "primary"}
        if day.month == 12:
            hidden = dict.fromkeys(pools, "secondary") | hidden
        quarters.append(published(pools, hidden).with_columns(pl.lit(day).alias("window_end")))
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    pl.concat(quarters).select(
        pl.col("window_end").alias("period_end"), "population", "org_unit", "dimension",
        "group", pl.col("pool").alias("headcount"), "suppressed", "suppression_reason",
    ).write_parquet(metrics / "representation.parquet")
    pl.concat(quarters).drop("row").head(0).write_parquet(metrics / "selection_rates.parquet")
    result = CliRunner().invoke(app, ["audit-release", "--out", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "checked 2, skipped 0; published small 0, too narrow 1" in output
    assert "2025-09-30 all_staff U1 gender a pool in [3, 3]" in output
