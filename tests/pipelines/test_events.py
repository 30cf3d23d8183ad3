"""Career events derived in SQL (pipelines/core/events.sql) from hand-written histories."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gelijkekansen.config import Config
from gelijkekansen.ingest.load import ingest
from tests.helpers.extraction import copy_tiny, write_positions


def events_of(tmp_path: Path, spells: list[str]) -> list[tuple[str, str, str]]:
    folder = copy_tiny(tmp_path / "x")
    write_positions(folder, spells)
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select person_id, strftime(event_date, '%Y-%m-%d'), event_type from core.events "
            "order by person_id, event_date, event_type"
        ).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def test_the_tiny_history_gives_the_events_worked_out_by_hand(tmp_path: Path) -> None:
    folder = copy_tiny(tmp_path / "x")
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=Config())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select person_id, strftime(event_date, '%Y-%m-%d'), event_type from core.events "
            "order by all"
        ).fetchall()
    assert rows == [
        ("P001", "2019-01-01", "hire"),
        ("P001", "2020-07-01", "promotion"),  # docent -> hoofddocent
        ("P002", "2019-01-01", "hire"),
        ("P002", "2020-01-01", "internal_move"),  # INST01 -> INST02, same level
        ("P002", "2021-04-01", "exit"),
        ("P003", "2018-01-01", "hire"),
        ("P003", "2021-01-01", "promotion"),  # scale 7 -> 8 on the same ladder level
        ("P004", "2019-01-01", "hire"),
        ("P004", "2020-04-01", "leadership_entry"),  # becomes teamleider
        ("P005", "2019-01-01", "hire"),
        ("P005", "2019-07-01", "exit"),  # half a year away: a new hire, not a continuation
        ("P005", "2020-01-01", "hire"),
    ]


def test_a_one_day_gap_still_counts_as_continuous(tmp_path: Path) -> None:
    events = events_of(
        tmp_path,
        [
            "P001,2019-01-01,2019-12-30,INST01,DOC,docent,geen,11,1.0,vast",
            "P001,2020-01-01,,INST02,DOC,docent,geen,11,1.0,vast",
        ],
    )
    assert events == [("P001", "2019-01-01", "hire"), ("P001", "2020-01-01", "internal_move")]


def test_a_demotion_is_neither_promotion_nor_move(tmp_path: Path) -> None:
    events = events_of(
        tmp_path,
        [
            "P001,2019-01-01,2019-12-31,INST01,HDOC,hoofddocent,geen,12,1.0,vast",
            "P001,2020-01-01,,INST01,DOC,docent,geen,11,1.0,vast",
        ],
    )
    assert events == [("P001", "2019-01-01", "hire")]


def test_leaving_a_leadership_role_is_not_a_leadership_entry(tmp_path: Path) -> None:
    events = events_of(
        tmp_path,
        [
            "P001,2019-01-01,2019-12-31,INST01,TL,docent,teamleider,12,1.0,vast",
            "P001,2020-01-01,2020-12-31,INST01,DIR,docent,directeur,14,1.0,vast",
            "P001,2021-01-01,,INST01,TL,docent,teamleider,12,1.0,vast",
        ],
    )
    assert events == [
        ("P001", "2019-01-01", "hire"),
        ("P001", "2020-01-01", "leadership_entry"),
    ]


@pytest.mark.parametrize("gap_days, expected", [(0, "hire"), (40, "internal_move")])
def test_the_continuity_gap_is_configurable(tmp_path: Path, gap_days: int, expected: str) -> None:
    from dataclasses import replace

    from gelijkekansen.config import AnalysisSettings

    folder = copy_tiny(tmp_path / "x")
    write_positions(
        folder,
        [
            "P001,2019-01-01,2019-11-30,INST01,DOC,docent,geen,11,1.0,vast",
            "P001,2020-01-01,,INST02,DOC,docent,geen,11,1.0,vast",
        ],
    )
    config = replace(Config(), analysis=AnalysisSettings(continuity_gap_days=gap_days))
    warehouse = tmp_path / "w.duckdb"
    ingest(folder, warehouse=warehouse, config=config)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "select event_type from core.events where event_date = date '2020-01-01'"
        ).fetchone()
    assert row == (expected,)
