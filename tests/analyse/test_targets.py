"""Specification of gelijkekansen.analyse.projection, analyse.targets and
marts.population_flows: closed-form projections, hand-counted flows on tiny snapshot histories,
and the privacy filter on small populations."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import date
from itertools import pairwise

import duckdb
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.projection import (
    FlowRates,
    ObservedFlows,
    estimate_rates,
    expected_path,
    project_share,
    quarters_until,
    required_inflow_share,
    target_status,
)
from gelijkekansen.analyse.run import publish_representation
from gelijkekansen.analyse.targets import (
    backtest,
    gap_persons,
    protected_stocks,
    publish_targets,
)
from gelijkekansen.config import Config, Target
from tests.helpers.marts import NOTHING_PUBLISHED, run_models

EVE = date(2023, 12, 31)
QUARTER_ENDS = (date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31))
SNAPSHOT_COLUMNS = (
    "snapshot_date",
    "person_id",
    "org_unit",
    "staff_category",
    "ladder_level",
    "leadership_layer",
    "fte",
    "gender",
    "origin",
    "disability",
    "age_band",
)
# (org_unit, ladder_level, leadership_layer) a person holds on a snapshot date
POSITIONS = (
    ("A", "docent", "geen"),
    ("B", "docent", "geen"),
    ("A", "hoofddocent", "geen"),
    ("B", "hoofddocent", "teamleider"),
    ("A", "ondersteunend", "geen"),
    ("B", "lector", "cvb"),
)


# --- helpers ------------------------------------------------------------------------------


def steady_flows(quarters: int = 8) -> ObservedFlows:
    """Focal 40 and others 60 of 100; 10% of each leaves every quarter, 10 enter, 7 focal."""

    def constant(value: int) -> np.ndarray:
        return np.full(quarters, value, dtype=np.int64)

    return ObservedFlows(
        focal_start=constant(40),
        focal_inflow=constant(7),
        focal_outflow=constant(4),
        others_start=constant(60),
        others_inflow=constant(3),
        others_outflow=constant(6),
    )


def snapshot_row(
    day: date,
    person: str,
    position: tuple[str, str, str],
    gender: str,
    origin: str,
    disability: str = "nee",
) -> tuple[object, ...]:
    unit, level, layer = position
    category = "obp" if level == "ondersteunend" else "op"
    return (day, person, unit, category, level, layer, 1.0, gender, origin, disability, "35-44")


def warehouse(rows: list[tuple[object, ...]]) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with just the marts population_flows needs, then the model."""
    quarters = pl.DataFrame(
        {
            "quarter_start": [date(d.year, d.month - 2, 1) for d in QUARTER_ENDS],
            "quarter_end": list(QUARTER_ENDS),
        }
    )
    snapshots = pl.DataFrame(rows, schema=list(SNAPSHOT_COLUMNS), orient="row")
    # every quarter to count (a first run): what marts.window_fingerprints says of each
    partitions = quarters.select(
        pl.lit("population_flows").alias("window_type"),
        pl.col("quarter_start").alias("window_start"),
        pl.col("quarter_end").alias("window_end"),
        pl.lit(True).alias("stale"),
    )
    return run_models(
        {"marts.window_fingerprints": partitions, "marts.staff_snapshots": snapshots},
        ["marts.macros", "marts.quarter_flows", "marts.population_flows"],
    )


def memberships(
    rows: list[tuple[object, ...]], day: date
) -> set[tuple[object, str, str, str, str]]:
    """(person, population, org_unit, dimension, group) held on ``day``, computed in Python."""
    held = set()
    for snapshot, person, unit, category, level, layer, _, gender, origin, disability, _ in rows:
        if snapshot != day:
            continue
        category_population = "teachers" if category == "op" else "support"
        populations = ["all_staff", category_population, f"ladder:{level}"]
        if layer != "geen":
            populations += ["leaders", f"leaders:{layer}"]
        groups = (
            ("totaal", "totaal"),
            ("gender", str(gender)),
            ("origin", str(origin)),
            ("disability", str(disability)),
        )
        for population in populations:
            for org_unit in (str(unit), "totaal"):
                for dimension, group in groups:
                    held.add((person, population, org_unit, dimension, group))
    return held


def hand_flows(rows: list[tuple[object, ...]]) -> dict[tuple[object, ...], tuple[int, ...]]:
    """(quarter_end, population, org_unit, dimension, group) -> stock_start, stock_end, in, out."""
    counts: dict[tuple[object, ...], list[int]] = {}
    for start_day, end_day in zip((EVE, *QUARTER_ENDS[:-1]), QUARTER_ENDS, strict=True):
        before, after = memberships(rows, start_day), memberships(rows, end_day)
        for index, members in enumerate((before, after, after - before, before - after)):
            for key, n in Counter(m[1:] for m in members).items():
                counts.setdefault((end_day, *key), [0, 0, 0, 0])[index] += n
    return {key: tuple(value) for key, value in counts.items()}


def mart_flows(con: duckdb.DuckDBPyConnection) -> dict[tuple[object, ...], tuple[int, ...]]:
    rows = con.sql(
        'select quarter_end, population, org_unit, dimension, "group", '
        "stock_start, stock_end, inflow, outflow from marts.population_flows"
    ).fetchall()
    return {row[:5]: tuple(row[5:]) for row in rows}


# --- projection ---------------------------------------------------------------------------


def test_estimated_rates_are_the_pooled_observed_proportions() -> None:
    flows = ObservedFlows(
        focal_start=np.array([40, 50]),
        focal_inflow=np.array([6, 2]),
        focal_outflow=np.array([4, 5]),
        others_start=np.array([60, 0]),
        others_inflow=np.array([3, 1]),
        others_outflow=np.array([6, 0]),
    )
    rates = estimate_rates(flows)
    assert rates.outflow_focal == pytest.approx(9 / 90)
    assert rates.outflow_others == pytest.approx(6 / 60)
    assert rates.inflow == pytest.approx(12 / 2)
    assert rates.inflow_share == pytest.approx(8 / 12)


def test_a_group_never_present_gets_the_pooled_outflow_rate() -> None:
    flows = replace(
        steady_flows(2), focal_start=np.zeros(2, np.int64), focal_outflow=np.zeros(2, np.int64)
    )
    assert estimate_rates(flows).outflow_focal == pytest.approx(12 / 120)


def test_no_observed_quarters_is_refused() -> None:
    with pytest.raises(ValueError, match="no observed quarters"):
        estimate_rates(steady_flows(0))


@given(
    r=st.floats(0.01, 0.5),
    s=st.floats(0.0, 1.0),
    share0=st.floats(0.0, 1.0),
    quarters=st.integers(0, 40),
)
def test_steady_population_follows_the_closed_form(
    r: float, s: float, share0: float, quarters: int
) -> None:
    # Equal outflow r and inflow r·N keep N fixed: share_t = s + (share_0 − s)(1 − r)^t.
    size = 1000
    focal = round(share0 * size)
    rates = FlowRates(outflow_focal=r, outflow_others=r, inflow=r * size, inflow_share=s)
    t = np.arange(quarters + 1)
    closed = s + (focal / size - s) * (1 - r) ** t
    np.testing.assert_allclose(
        expected_path(focal, size - focal, rates, quarters=quarters), closed, rtol=0, atol=1e-9
    )


def test_projection_uses_the_observed_flows_for_its_expected_path() -> None:
    projection = project_share(40, 60, steady_flows(), quarters=12, target_share=0.5)
    closed = 0.7 + (0.4 - 0.7) * 0.9 ** np.arange(13)
    np.testing.assert_allclose(projection.expected, closed, rtol=0, atol=1e-9)


def test_window_keeps_only_the_most_recent_quarters() -> None:
    old = replace(steady_flows(4), focal_inflow=np.zeros(4, np.int64))
    history = ObservedFlows(
        *(
            np.concatenate([getattr(old, f), getattr(steady_flows(8), f)])
            for f in ObservedFlows.__dataclass_fields__
        )
    )
    assert project_share(40, 60, history, quarters=4, target_share=0.5).rates == estimate_rates(
        steady_flows(8)
    )
    assert project_share(
        40, 60, history, quarters=4, target_share=0.5, window=12
    ).rates.inflow_share == pytest.approx(56 / (56 + 24 + 12))


def test_bootstrap_band_contains_the_expected_path() -> None:
    flows = ObservedFlows(
        *(10 * getattr(steady_flows(), f) for f in ObservedFlows.__dataclass_fields__)
    )
    projection = project_share(400, 600, flows, quarters=16, target_share=0.5)
    assert np.all(projection.low <= projection.expected)
    assert np.all(projection.expected <= projection.high)
    assert projection.low[0] == projection.high[0] == 0.4
    assert projection.low[-1] < projection.high[-1]
    assert projection.share == pytest.approx(projection.expected[-1], abs=0.01)


def test_bootstrap_is_reproducible_with_its_seed() -> None:
    first = project_share(40, 60, steady_flows(), quarters=8, target_share=0.5)
    again = project_share(40, 60, steady_flows(), quarters=8, target_share=0.5)
    np.testing.assert_array_equal(first.median, again.median)
    assert first.p_reach == again.p_reach


def test_p_reach_falls_as_the_target_rises() -> None:
    targets = np.linspace(0.0, 1.0, 41)
    reach = [
        project_share(40, 60, steady_flows(), quarters=8, target_share=float(t), draws=500).p_reach
        for t in targets
    ]
    assert reach[0] == 1.0
    assert reach[-1] == 0.0
    assert all(a >= b for a, b in pairwise(reach))


@given(
    focal=st.integers(0, 500),
    others=st.integers(1, 500),
    out_f=st.floats(0.0, 0.6),
    out_o=st.floats(0.0, 0.6),
    inflow=st.floats(0.5, 80.0),
    quarters=st.integers(1, 30),
    target=st.floats(0.0, 1.0),
)
def test_required_inflow_share_reaches_the_target_when_fed_back(
    focal: int,
    others: int,
    out_f: float,
    out_o: float,
    inflow: float,
    quarters: int,
    target: float,
) -> None:
    rates = FlowRates(out_f, out_o, inflow, math.nan)
    needed = required_inflow_share(focal, others, rates, quarters=quarters, target_share=target)
    path = expected_path(focal, others, replace(rates, inflow_share=needed), quarters=quarters)
    assert path[-1] == pytest.approx(target, abs=1e-9)


def test_required_inflow_share_above_one_is_kept() -> None:
    # 10% of 100 now, 90% wanted in two quarters with 10 newcomers a quarter: impossible.
    rates = FlowRates(0.1, 0.1, 10.0, 0.5)
    needed = required_inflow_share(10, 90, rates, quarters=2, target_share=0.9)
    assert needed > 1
    assert expected_path(10, 90, replace(rates, inflow_share=1.0), quarters=2)[-1] < 0.9


def test_required_inflow_share_is_undefined_without_inflow_or_time() -> None:
    assert math.isnan(
        required_inflow_share(
            10, 90, FlowRates(0.1, 0.1, 0.0, math.nan), quarters=4, target_share=0.5
        )
    )
    assert math.isnan(
        required_inflow_share(10, 90, FlowRates(0.1, 0.1, 5.0, 0.5), quarters=0, target_share=0.5)
    )


def test_empty_population_cannot_be_projected() -> None:
    with pytest.raises(ValueError, match="empty"):
        project_share(0, 0, steady_flows(), quarters=4, target_share=0.5)


# --- status and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("p_reach", "current", "target", "required", "observed", "status"),
    [
        (0.8, 0.40, 0.50, 0.60, 0.70, "on_track"),
        (0.5, 0.40, 0.50, 0.60, 0.60, "on_track"),
        (0.6, 0.40, 0.50, 0.65, 0.60, "at_risk"),  # most draws reach it, the mean path not
        (0.3, 0.40, 0.50, 0.60, 0.55, "at_risk"),
        (0.1, 0.40, 0.50, 0.80, 0.50, "at_risk"),
        (0.09, 0.40, 0.50, 0.80, 0.50, "off_track"),
        (0.4, 0.40, 0.50, 1.20, 0.90, "off_track"),  # unreachable even with all inflow focal
        (0.9, 0.55, 0.50, math.nan, math.nan, "on_track"),  # no inflow, already met
        (0.9, 0.45, 0.50, math.nan, math.nan, "at_risk"),  # no inflow, not met
    ],
)
def test_status_rule(
    p_reach: float, current: float, target: float, required: float, observed: float, status: str
) -> None:
    assert target_status(p_reach, current, target, required, observed) == status


def test_status_refuses_an_undefined_probability() -> None:
    with pytest.raises(ValueError, match="p_reach"):
        target_status(math.nan, 0.4, 0.5, 0.6, 0.6)


@pytest.mark.parametrize(
    ("period_end", "target_date", "quarters"),
    [
        (date(2026, 6, 30), date(2028, 12, 31), 10),
        (date(2026, 6, 30), date(2028, 11, 30), 9),
        (date(2026, 6, 30), date(2026, 9, 29), 0),
        (date(2026, 6, 30), date(2026, 9, 30), 1),
        (date(2026, 6, 30), date(2025, 1, 1), 0),
    ],
)
def test_quarters_until_the_last_quarter_end_on_or_before_the_date(
    period_end: date, target_date: date, quarters: int
) -> None:
    assert quarters_until(period_end, target_date) == quarters


@pytest.mark.parametrize(
    ("focal", "total", "share", "gap"),
    [(3, 10, 0.3, 0), (2, 10, 0.3, 1), (3, 7, 0.5, 1), (0, 20, 0.35, 7), (9, 10, 0.5, 0)],
)
def test_gap_in_persons_is_exact(focal: int, total: int, share: float, gap: int) -> None:
    assert gap_persons(focal, total, share) == gap


# --- the population_flows mart ------------------------------------------------------------


def test_flows_match_hand_counts_for_a_promotion_a_move_a_hire_and_an_exit() -> None:
    rows = [
        snapshot_row(EVE, "p1", POSITIONS[0], "vrouw", "nederland"),
        snapshot_row(EVE, "p2", POSITIONS[0], "man", "europa"),
        snapshot_row(QUARTER_ENDS[0], "p1", POSITIONS[3], "vrouw", "nederland"),  # promoted
        snapshot_row(QUARTER_ENDS[0], "p2", POSITIONS[1], "man", "europa"),  # moved
        snapshot_row(QUARTER_ENDS[0], "p3", POSITIONS[0], "vrouw", "buiten_europa"),  # hired
        snapshot_row(QUARTER_ENDS[1], "p3", POSITIONS[0], "vrouw", "buiten_europa"),  # p1, p2 left
    ]
    flows = mart_flows(warehouse(rows))
    q1 = QUARTER_ENDS[0]
    assert flows[(q1, "ladder:docent", "totaal", "gender", "vrouw")] == (1, 1, 1, 1)
    assert flows[(q1, "ladder:docent", "totaal", "totaal", "totaal")] == (2, 2, 1, 1)
    assert flows[(q1, "all_staff", "totaal", "totaal", "totaal")] == (2, 3, 1, 0)
    assert flows[(q1, "all_staff", "A", "totaal", "totaal")] == (2, 1, 1, 2)
    assert flows[(q1, "leaders:teamleider", "totaal", "gender", "vrouw")] == (0, 1, 1, 0)
    assert flows[(QUARTER_ENDS[1], "all_staff", "totaal", "totaal", "totaal")] == (3, 1, 0, 2)
    assert flows == hand_flows(rows)


snapshot_histories = st.lists(
    st.tuples(
        st.sampled_from(["vrouw", "man", "onbekend"]),
        st.sampled_from(["nederland", "europa"]),
        st.sampled_from(["ja", "nee"]),
        st.lists(st.none() | st.sampled_from(POSITIONS), min_size=5, max_size=5),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=30, deadline=None)
@given(people=snapshot_histories)
def test_flows_balance_and_match_hand_counts_on_random_histories(
    people: list[tuple[str, str, str, list[tuple[str, str, str] | None]]],
) -> None:
    rows = [
        snapshot_row(day, f"p{i}", position, gender, origin, disability)
        for i, (gender, origin, disability, path) in enumerate(people)
        for day, position in zip((EVE, *QUARTER_ENDS), path, strict=True)
        if position is not None
    ]
    if not rows:
        return
    flows = mart_flows(warehouse(rows))
    assert flows == hand_flows(rows)
    for start, end, inflow, outflow in flows.values():
        assert end == start + inflow - outflow


# --- published tables ---------------------------------------------------------------------


def organisation() -> list[tuple[object, ...]]:
    """60 docenten (30 women), 20 hoofddocenten (6 women), 12 hoofddocenten who are teamleider
    (6 women) and a board of 3 lectoren (1 woman); each quarter 2 male docenten leave and 2
    women are hired as docent."""
    staff = (
        [("vrouw", POSITIONS[0])] * 30
        + [("man", POSITIONS[0])] * 30
        + [("vrouw", POSITIONS[2])] * 6
        + [("man", POSITIONS[2])] * 14
        + [("vrouw", POSITIONS[3])] * 6
        + [("man", POSITIONS[3])] * 6
        + [("vrouw", POSITIONS[5])]
        + [("man", POSITIONS[5])] * 2
    )
    rows = []
    for number, day in enumerate((EVE, *QUARTER_ENDS)):
        present = [
            (f"p{i}", g, pos)
            for i, (g, pos) in enumerate(staff)
            if not (g == "man" and pos == POSITIONS[0] and i < 30 + 2 * number)
        ]
        present += [(f"h{i}", "vrouw", POSITIONS[0]) for i in range(2 * number)]
        rows += [snapshot_row(day, p, pos, g, "nederland") for p, g, pos in present]
    return rows


def config_with_targets() -> Config:
    def target(target_id: str, population: str, share: float) -> Target:
        return Target(target_id, population, "gender", "vrouw", share, date(2028, 12, 31))

    return Config(
        targets=(
            target("docenten", "ladder:docent", 0.6),
            target("board", "leaders:cvb", 0.5),
            target("leaders", "leaders", 0.5),
        )
    )




def published_warehouse(config: Config) -> duckdb.DuckDBPyConnection:
    """The test warehouse with ``published.representation`` as analyse protects it: the
    organisation-wide stocks through the same privacy filter (``publish_representation``)."""
    con = warehouse(organisation())
    flows = con.sql("select * from marts.population_flows where org_unit = 'totaal'").pl()
    grid = protected_stocks(flows, representation=NOTHING_PUBLISHED, config=config)
    counts = grid.select(
        pl.lit("representation").alias("process"),
        pl.lit("stock").alias("stage"),
        pl.lit("quarter_end").alias("window_type"),
        pl.col("period_end").alias("window_start"),
        pl.col("period_end").alias("window_end"),
        "population",
        pl.lit("totaal").alias("org_unit"),
        "dimension",
        "group",
        pl.lit(None, pl.Utf8).alias("margin_a"),
        pl.lit(None, pl.Utf8).alias("margin_b"),
        pl.col("headcount").alias("pool"),
        pl.lit(None, pl.Int64).alias("selected"),
        pl.lit(None, pl.Int64).alias("withdrawn"),
        pl.lit(None, pl.Float64).alias("fte"),
    )
    con.register("representation", publish_representation(counts, config=config))
    con.execute("create schema published")
    con.execute("create table published.representation as select * from representation")
    con.unregister("representation")
    return con


def targets_of(config: Config) -> dict[str, pl.DataFrame]:
    con = published_warehouse(config)
    representation = con.sql("select * from published.representation").pl()
    return publish_targets(con, config, representation=representation)


@pytest.fixture(scope="module")
def published() -> dict[str, pl.DataFrame]:
    return targets_of(config_with_targets())


def test_target_rows_report_share_gap_and_projection(published: dict[str, pl.DataFrame]) -> None:
    docenten = published["targets"].filter(pl.col("target_id") == "docenten").row(0, named=True)
    # At 2024-12-31: 38 women of 60 docenten.
    assert docenten["current_share"] == pytest.approx(38 / 60)
    assert docenten["gap_persons"] == 0
    assert docenten["current_ci_low"] < 38 / 60 < docenten["current_ci_high"]
    # Every quarter 2 men leave and 2 women enter: all inflow is female, so the share rises.
    assert docenten["projected_share"] > 38 / 60
    assert docenten["p_reach"] == 1.0
    assert docenten["status"] == "on_track"
    assert docenten["suppressed"] is False


def test_a_board_of_three_is_suppressed(published: dict[str, pl.DataFrame]) -> None:
    board = published["targets"].filter(pl.col("target_id") == "board").row(0, named=True)
    assert board["suppressed"] is True
    assert all(
        board[c] is None
        for c in (
            "current_share",
            "gap_persons",
            "projected_share",
            "p_reach",
            "required_inflow_share",
            "status",
        )
    )
    history = published["target_history"].filter(pl.col("target_id") == "board")
    assert history.height == len(QUARTER_ENDS)
    assert history.get_column("current_share").null_count() == history.height
    ser = published["ser_summary"].filter(pl.col("layer") == "cvb").row(0, named=True)
    assert ser["suppressed"] is True
    assert all(ser[c] is None for c in ("men", "women", "total"))
    assert all(ser[c] in (None, 0) for c in ("other", "unknown"))  # a 0 is not sensitive


def test_target_history_follows_the_quarterly_shares(published: dict[str, pl.DataFrame]) -> None:
    history = published["target_history"].filter(pl.col("target_id") == "docenten")
    assert history.get_column("period_end").to_list() == list(QUARTER_ENDS)
    expected = [(30 + 2 * q) / 60 for q in range(1, 5)]
    assert history.get_column("current_share").to_list() == pytest.approx(expected)
    assert set(history.get_column("target_share")) == {0.6}


def test_glass_ceiling_divides_the_share_below_by_the_share_at_the_level() -> None:
    published = targets_of(replace(config_with_targets(), min_cell=1))  # the arithmetic only
    row = (
        published["glass_ceiling"]
        .filter(
            (pl.col("step") == "docent>hoofddocent")
            & (pl.col("group") == "vrouw")
            & (pl.col("period_end") == QUARTER_ENDS[-1])
        )
        .row(0, named=True)
    )
    assert row["share_lower"] == pytest.approx(38 / 60)
    # 20 hoofddocenten without a leadership role (6 women) and 12 who are teamleider (6 women)
    assert row["share_upper"] == pytest.approx(12 / 32)
    assert row["glass_ceiling_index"] == pytest.approx((38 / 60) / (12 / 32))
    steps = set(published["glass_ceiling"].get_column("step"))
    assert {
        "docent>hoofddocent",
        "hoofddocent>lector",
        "all_staff>leaders",
        "teamleider>directeur",
        "directeur>cvb",
    } <= steps


def test_ser_summary_counts_layers_at_year_end(published: dict[str, pl.DataFrame]) -> None:
    ser = published["ser_summary"]
    assert ser.get_column("year").unique().to_list() == [2024]
    all_leaders = ser.filter(pl.col("layer") == "totaal").row(0, named=True)
    # 15 leaders: 12 teamleiders and a board of 3, so all-leaders counts would reveal the board.
    assert all_leaders["target_share"] == 0.5
    assert all_leaders["target_year"] == 2028
    teamleiders = ser.filter(pl.col("layer") == "teamleider").row(0, named=True)
    # the cheapest protecting pattern (analyse.suppression) may hide the total, never alter it
    assert teamleiders["total"] in (12, None)
    assert teamleiders["target_share"] is None


def test_backtest_compares_with_the_realised_share() -> None:
    config = config_with_targets()
    result = backtest(
        published_warehouse(config), config, origin_quarter=QUARTER_ENDS[1], horizon_quarters=2
    ).filter(pl.col("target_id") == "docenten")
    row = result.row(0, named=True)
    assert row["evaluation_quarter"] == QUARTER_ENDS[3]
    assert row["share_at_origin"] == pytest.approx(34 / 60)
    assert row["realised_share"] == pytest.approx(38 / 60)
    assert row["abs_error_pp"] == pytest.approx(abs(row["projected_share"] - 38 / 60) * 100)
    assert row["realised_in_band"] is True


def test_a_target_on_a_changing_attribute_is_refused() -> None:
    config = Config(
        targets=(Target("young", "all_staff", "age_band", "<25", 0.2, date(2028, 12, 31)),)
    )
    with pytest.raises(ValueError, match="age_band"):
        targets_of(config)


def test_without_targets_only_the_target_tables_are_empty() -> None:
    tables = targets_of(Config())
    assert tables["targets"].height == tables["target_history"].height == 0
    assert tables["glass_ceiling"].height > 0
    assert tables["ser_summary"].height == len(Config().leadership_layers) + 1


def test_backtest_refuses_a_horizon_beyond_the_history() -> None:
    with pytest.raises(ValueError, match="outside the history"):
        backtest(
            published_warehouse(config_with_targets()),
            config_with_targets(),
            origin_quarter=QUARTER_ENDS[2],
            horizon_quarters=2,
        )


def test_ser_summary_without_a_year_end_is_empty_with_the_same_columns() -> None:
    from gelijkekansen.analyse.leadership_summary import COLUMNS, ser_summary

    flows = pl.DataFrame(
        schema={
            "quarter_start": pl.Date,
            "quarter_end": pl.Date,
            "population": pl.Utf8,
            "org_unit": pl.Utf8,
            "dimension": pl.Utf8,
            "group": pl.Utf8,
            "stock_start": pl.Int64,
            "stock_end": pl.Int64,
            "inflow": pl.Int64,
            "outflow": pl.Int64,
        }
    )
    stocks = protected_stocks(flows, representation=NOTHING_PUBLISHED, config=Config())
    summary = ser_summary(stocks, config=Config())
    assert summary.is_empty()
    assert summary.columns == list(COLUMNS)
