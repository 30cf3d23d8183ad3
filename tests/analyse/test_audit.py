"""The release auditor finds what an attacker finds, from the published rows alone."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.audit import audit_cells
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
