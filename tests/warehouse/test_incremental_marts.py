"""Incremental marts: whatever sequence of new quarters, corrections of old rows and changed
settings reaches a warehouse, the marts it keeps equal the marts built from scratch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.periods import parse_period
from gelijkekansen.synthetic import generate, parse_scale
from gelijkekansen.warehouse.models import run_model, run_models

CORE = ("spells", "persons", "applications", "vacancies", "pay")
REFERENCES = ("marts.ref_groups", "marts.ref_intersections")
COMPARED = {
    # table: the columns it is ordered by in the warehouse (None: compared sorted on all)
    "marts.group_counts": "as stored",
    "marts.population_flows": "as stored",
    "marts.staff_snapshots": None,
    "marts.cells": None,
    "marts.windows": "as stored",
    "marts.quarters": "as stored",
}
CORRECTED = {
    "persons": ("gender", "origin", "disability", "birth_year"),
    "spells": ("org_unit", "fte", "leadership_layer", "valid_to", None),  # None: row deleted
    "applications": ("furthest_stage", "withdrawn", "gender", "applied_on"),
    "vacancies": ("org_unit",),
}


@dataclass(frozen=True)
class History:
    """The whole generated history as core tables, the quarters it covers, the settings."""

    tables: dict[str, pl.DataFrame]
    references: dict[str, pl.DataFrame]
    periods: list[str]
    gap_days: int
    recent_quarters: int
    intersections_by_unit: bool


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("incremental")
    extraction = root / "extraction"
    generate(
        extraction,
        seed=11,
        scale=parse_scale(
            "employees=40,quarters=7,applications_per_year=60,institutes=2,services=2"
        ),
    )
    config = load_config(extraction / "gelijkekansen.toml")
    warehouse = root / "warehouse.duckdb"
    ingest(extraction, warehouse=warehouse, config=config)
    analyse(warehouse, config=config, out_dir=root / "metrics")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {name: con.sql(f"select * from core.{name}").pl() for name in CORE}
        references = {name: con.sql(f"select * from {name}").pl() for name in REFERENCES}
        last = con.sql("select max(extraction_period) from core.delivered_positions").fetchall()
    periods = _periods_up_to(last[0][0], count=4)
    return History(
        tables,
        references,
        periods,
        config.analysis.continuity_gap_days,
        config.analysis.recent_quarters,
        config.analysis.intersections_by_unit,
    )


def _periods_up_to(last: str, *, count: int) -> list[str]:
    """The ``count`` quarters ending with ``last`` (``YYYYQn``), oldest first."""
    periods = [last]
    while len(periods) < count:
        first_day, _ = parse_period(periods[0])
        previous = first_day - timedelta(days=1)
        periods.insert(0, f"{previous.year}Q{(previous.month - 1) // 3 + 1}")
    return periods


def _known_at(tables: dict[str, pl.DataFrame], period: str) -> dict[str, pl.DataFrame]:
    """The core tables as a delivery of ``period`` gives them: later spells, applications and
    spell ends are not known yet (a spell running then is open)."""
    _, last_day = parse_period(period)
    spells = tables["spells"].filter(pl.col("valid_from") <= last_day)
    spells = spells.with_columns(
        pl.when(pl.col("valid_to") > last_day)
        .then(None)
        .otherwise(pl.col("valid_to"))
        .alias("valid_to")
    )
    applications = tables["applications"].filter(pl.col("applied_on") <= last_day)
    return tables | {"spells": spells, "applications": applications}


def _load(
    con: duckdb.DuckDBPyConnection, history: History, tables: dict[str, pl.DataFrame], period: str
) -> None:
    """Replace the warehouse's core tables (and group references) by ``tables`` at ``period``."""
    for schema in ("core", "marts"):
        con.execute(f"create schema if not exists {schema}")
    for name, frame in [
        *((f"core.{name}", frame) for name, frame in _known_at(tables, period).items()),
        *history.references.items(),
        ("core.delivered_positions", pl.DataFrame({"extraction_period": [period]})),
    ]:
        con.register("frame", frame)
        con.execute(f"create or replace table {name} as select * from frame")
        con.unregister("frame")
    run_model(con, "core.events", gap_days=history.gap_days)


def _marts(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """The compared mart tables, each in its stored order or sorted on all its columns."""
    frames = {}
    for name, order in COMPARED.items():
        frame = con.sql(f"select * from {name}").pl()
        frames[name] = frame if order else frame.sort(frame.columns, nulls_last=True)
    return frames


@st.composite
def steps(draw: st.DrawFn, history: History) -> list[tuple[str, object, object, object]]:
    """A short sequence of deliveries: the next quarter, a correction of one row of an earlier
    delivery (a new value, or a spell withdrawn), or a change of the settings."""
    sequence: list[tuple[str, object, object, object]] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["quarter", "correction", "correction", "settings"]))
        if kind == "correction":
            table = draw(st.sampled_from(sorted(CORRECTED)))
            column = draw(st.sampled_from(CORRECTED[table]))
            row = draw(st.integers(0, history.tables[table].height - 1))
            values = (
                history.tables[table].get_column(column).unique().sort(nulls_last=True)
                if column
                else pl.Series([None])
            )
            value = values[draw(st.integers(0, len(values) - 1))]
            sequence.append((kind, (table, column), row, value))
        elif kind == "settings":
            sequence.append((kind, draw(st.integers(1, 3)), draw(st.booleans()), None))
        else:
            sequence.append((kind, None, None, None))
    return sequence


def _corrected(
    tables: dict[str, pl.DataFrame], table: str, column: str | None, row: int, value: object
) -> dict[str, pl.DataFrame]:
    """``tables`` with one row of ``table`` given ``value`` in ``column`` (deleted: None)."""
    frame = tables[table].with_row_index("_row")
    if column is None:
        frame = frame.filter(pl.col("_row") != row)
    else:
        new = pl.lit(value, dtype=frame.schema[column])
        frame = frame.with_columns(
            pl.when(pl.col("_row") == row).then(new).otherwise(pl.col(column)).alias(column)
        )
    return tables | {table: frame.drop("_row")}


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_marts_equal_a_build_from_scratch(
    history: History, data: st.DataObject
) -> None:
    tables = dict(history.tables)
    position = data.draw(st.integers(0, len(history.periods) - 2), label="first quarter")
    parameters = {
        "recent_quarters": history.recent_quarters,
        "intersections_by_unit": history.intersections_by_unit,
    }
    incremental = duckdb.connect(config={"threads": 1})
    _load(incremental, history, tables, history.periods[position])
    run_models(incremental, "marts", **parameters)
    for kind, what, row, value in data.draw(steps(history), label="deliveries"):
        if kind == "quarter":
            position = min(position + 1, len(history.periods) - 1)
        elif kind == "correction":
            table, column = what  # type: ignore[misc]
            tables = _corrected(tables, table, column, row, value)  # type: ignore[arg-type]
        else:
            parameters = {"recent_quarters": what, "intersections_by_unit": row}
        period = history.periods[position]
        _load(incremental, history, tables, period)
        run_models(incremental, "marts", **parameters)
        scratch = duckdb.connect(config={"threads": 1})
        _load(scratch, history, tables, period)
        run_models(scratch, "marts", **parameters)
        got, expected = _marts(incremental), _marts(scratch)
        for name in COMPARED:
            assert got[name].schema == expected[name].schema, name
            assert got[name].equals(expected[name]), f"{name} after {kind} {what} {row} {value}"


def _stale(con: duckdb.DuckDBPyConnection, window_type: str) -> set[object]:
    rows = con.execute(
        "select window_end from marts.window_fingerprints where stale and window_type = ?",
        [window_type],
    ).fetchall()
    return {row[0] for row in rows}


def test_a_new_quarter_counts_its_own_snapshot_and_flows_again_not_the_older_ones(
    history: History,
) -> None:
    parameters = {
        "recent_quarters": history.recent_quarters,
        "intersections_by_unit": history.intersections_by_unit,
    }
    con = duckdb.connect(config={"threads": 1})
    _load(con, history, history.tables, history.periods[-2])
    run_models(con, "marts", **parameters)
    _load(con, history, history.tables, history.periods[-1])
    run_models(con, "marts", **parameters)
    _, new_end = parse_period(history.periods[-1])
    assert _stale(con, "quarter_end") == {new_end}
    assert _stale(con, "population_flows") == {new_end}
    assert new_end in _stale(con, "quarter")


def test_a_corrected_person_counts_again_exactly_the_snapshots_the_person_is_in(
    history: History,
) -> None:
    parameters = {
        "recent_quarters": history.recent_quarters,
        "intersections_by_unit": history.intersections_by_unit,
    }
    con = duckdb.connect(config={"threads": 1})
    period = history.periods[-1]
    _load(con, history, history.tables, period)
    run_models(con, "marts", **parameters)
    person = con.sql("select any_value(person_id) from marts.staff_snapshots").fetchall()[0][0]
    index = history.tables["persons"].get_column("person_id").to_list().index(person)
    gender = history.tables["persons"].get_column("gender")[index]
    other = "man" if gender != "man" else "vrouw"
    _load(con, history, _corrected(history.tables, "persons", "gender", index, other), period)
    run_models(con, "marts", **parameters)
    present = con.execute(
        "select snapshot_date from marts.staff_snapshots where person_id = ? "
        "and snapshot_date in (select quarter_end from marts.quarters)",
        [person],
    ).fetchall()
    assert _stale(con, "quarter_end") == {row[0] for row in present}
