"""Choosing the headline findings from published comparisons: windows, one per comparison,
the broadest population, the end-to-end stage only when no stage shows it, and the order."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from gelijkekansen.report import headline as hl

POOLED_END = date(2025, 12, 31)
PERIOD_END = date(2026, 9, 30)


def _row(**values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {column: None for column in hl.COLUMNS}
    row.update(
        window_type=hl.ALL_YEARS, window_start=date(2017, 1, 1), window_end=POOLED_END,
        org_unit="totaal", process="hiring", stage="applied>screened",
        population="candidates:all", dimension="age_band", reference_group="35-44",
        pool=1000, selected=300, rate=0.3, suppressed=False, verdict=hl.DISPARITY,
        impact_ratio=0.8, ir_ci_low=0.7, ir_ci_high=0.9, q_value=0.001, p_fisher=0.0001,
    )
    row.update(values)
    return row


def _frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema_overrides={"window_end": pl.Date,
                                                      "window_start": pl.Date})


def test_pooled_years_after_the_period_are_not_used() -> None:
    frame = _frame(_row(group="55+"), _row(group="55+", window_type=hl.ROLLING,
                                           window_end=PERIOD_END))
    assert hl.windows(frame, date(2025, 9, 30)).is_empty()
    chosen = hl.windows(frame, PERIOD_END)
    assert sorted(chosen.get_column("window_type")) == [hl.ALL_YEARS, hl.ROLLING]


def test_one_finding_per_comparison_from_the_broadest_population() -> None:
    frame = _frame(
        _row(group="55+", population="candidates:external", ir_ci_high=0.5),
        _row(group="55+"),
        _row(group="35-44", verdict="reference", impact_ratio=1.0, rate=0.375),
    )
    [finding] = hl.choose(frame, verdicts=[hl.DISPARITY], single=True)
    assert finding.row["population"] == "candidates:all"
    assert finding.reference is not None and finding.reference["rate"] == 0.375


def test_end_to_end_stage_gives_way_to_the_stage_that_shows_the_same_group() -> None:
    frame = _frame(
        _row(group="55+", stage="applied>hired", ir_ci_high=0.6),
        _row(group="55+"),
        _row(group="<25", stage="applied>hired"),
    )
    found = {(f.row["stage"], f.row["group"])
             for f in hl.choose(frame, verdicts=[hl.DISPARITY], single=True)}
    assert found == {("applied>screened", "55+"), ("applied>hired", "<25")}


def test_intersections_are_left_to_the_signals() -> None:
    frame = _frame(_row(group="vrouw×buiten_europa", dimension="gender×origin"))
    assert hl.choose(frame, verdicts=[hl.DISPARITY], single=True) == []
    assert len(hl.choose(frame, verdicts=[hl.DISPARITY], single=False)) == 1


def test_findings_are_ordered_by_the_upper_bound_of_the_interval() -> None:
    frame = _frame(
        _row(group="a", impact_ratio=0.5, ir_ci_high=0.95),  # big but uncertain
        _row(group="b", impact_ratio=0.8, ir_ci_high=0.83),  # smaller but certain
        _row(group="c", verdict="no_evidence"),
    )
    order = [f.row["group"] for f in hl.choose(frame, verdicts=[hl.DISPARITY], single=True)]
    assert order == ["b", "a"]


def test_the_other_window_is_attached_even_when_it_is_suppressed() -> None:
    frame = _frame(
        _row(group="55+"),
        _row(group="55+", window_type=hl.ROLLING, window_end=PERIOD_END, suppressed=True,
             verdict=None, impact_ratio=None),
    )
    [finding] = hl.choose(frame, verdicts=[hl.DISPARITY], single=True)
    assert finding.other is not None and finding.other["suppressed"]


def test_the_headline_tells_each_comparison_once() -> None:
    frame = _frame(
        _row(group="55+", ir_ci_high=0.7),
        _row(group="45-54", ir_ci_high=0.8),
        _row(group="buiten_europa", dimension="origin", ir_ci_high=0.9),
    )
    first, rest = hl.one_per_comparison(
        hl.choose(frame, verdicts=[hl.DISPARITY], single=True), limit=5
    )
    assert [f.row["group"] for f in first] == ["55+", "buiten_europa"]
    assert [f.row["group"] for f in rest] == ["45-54"]
