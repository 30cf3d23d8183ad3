"""The quarterly split: base plus delta loads to exactly what the full history loads to."""

from __future__ import annotations

from pathlib import Path

import duckdb

from gelijkekansen.config import load_config
from gelijkekansen.ingest.load import ingest
from gelijkekansen.synthetic.delta import split_last_quarter

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"
CORE = ("persons", "spells", "events", "vacancies", "applications", "aggregates")


def _core(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select * from core.{table} order by all").fetchall()
            for table in CORE
        }


def test_base_then_delta_loads_to_the_same_core_tables_as_the_full_history(
    tmp_path: Path,
) -> None:
    split = split_last_quarter(SAMPLE, base=tmp_path / "base", delta=tmp_path / "delta")
    assert (split.base_period, split.delta_period) == ("2026Q2", "2026Q3")
    config = load_config(SAMPLE / "gelijkekansen.toml")
    stepwise, whole = tmp_path / "stepwise.duckdb", tmp_path / "whole.duckdb"
    loaded = [
        ingest(tmp_path / "base", warehouse=stepwise, config=config),
        ingest(tmp_path / "delta", warehouse=stepwise, config=config),
        ingest(SAMPLE, warehouse=whole, config=config),
    ]
    assert [result.status for result in loaded] == ["loaded", "loaded", "loaded"]
    assert _core(stepwise) == _core(whole)
    full_rows = loaded[2].row_counts
    # a delta is a small part of the history; the disability survey is yearly (31 December)
    for table, rows in split.delta_rows.items():
        assert (0 if table == "aggregates" else 1) <= rows < full_rows[table], table


def test_the_base_knows_nothing_after_its_quarter(tmp_path: Path) -> None:
    split_last_quarter(SAMPLE, base=tmp_path / "base", delta=tmp_path / "delta")
    with duckdb.connect() as con:
        latest = con.execute(
            f"""
            select max(greatest(valid_from, valid_to))
            from read_csv('{tmp_path}/base/positions.csv')
            union all
            select max(greatest(applied_on, screened_on, interviewed_on, offered_on, hired_on))
            from read_csv('{tmp_path}/base/applications.csv')
            """
        ).fetchall()
    assert all(str(day) <= "2026-06-30" for (day,) in latest)
