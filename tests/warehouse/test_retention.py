"""Pruning superseded deliveries: fewer rows kept, the same latest rows, the same results."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.run import analyse
from gelijkekansen.config import Config, load_config
from gelijkekansen.contract import TABLES
from gelijkekansen.ingest.load import ingest
from gelijkekansen.warehouse.retention import prune_deliveries
from gelijkekansen.warehouse.runlog import list_runs
from tests.helpers.pipeline import without_chain_check

SAMPLE = Path(__file__).parents[2] / "data" / "synthetic" / "sample"
PERIODS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")

# a delivery: for each of a few keys, present (with a value) or absent
deliveries = st.lists(
    st.dictionaries(st.integers(0, 5), st.integers(0, 3), max_size=6), min_size=1, max_size=5
)


def _warehouse(rows: list[dict[int, int]]) -> duckdb.DuckDBPyConnection:
    """An in-memory core.delivered_* set; every table holds the same keyed rows."""
    con = duckdb.connect()
    con.execute("create schema core")
    for table in TABLES:
        keys = ", ".join(f'"{column}" varchar' for column in table.key)
        con.execute(
            f"create table core.delivered_{table.name} "
            f"({keys}, value integer, extraction_period varchar)"
        )
    for number, delivery in enumerate(rows):
        _deliver(con, f"2020Q{number + 1}" if number < 4 else f"2021Q{number - 3}", delivery)
    return con


def _deliver(con: duckdb.DuckDBPyConnection, period: str, delivery: dict[int, int]) -> None:
    """Re-deliver ``period``: its earlier rows go, these come (as ingest does)."""
    for table in TABLES:
        con.execute(
            f"delete from core.delivered_{table.name} where extraction_period = ?", [period]
        )
        for key, value in delivery.items():
            keys = [f"k{key}"] * len(table.key)
            marks = ", ".join("?" for _ in range(len(keys) + 2))
            con.execute(
                f"insert into core.delivered_{table.name} values ({marks})",
                [*keys, value, period],
            )


def _latest(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    """What core reads: the latest delivered row per key, for every table."""
    rows: list[tuple[object, ...]] = []
    for table in TABLES:
        keys = ", ".join(f'"{column}"' for column in table.key)
        rows += con.execute(
            f"select '{table.name}', {keys}, value from core.delivered_{table.name} "
            f"qualify row_number() over (partition by {keys} order by extraction_period desc) = 1 "
            "order by all"
        ).fetchall()
    return rows


@settings(max_examples=60, deadline=None)
@given(
    history=deliveries,
    keep=st.integers(1, 3),
    correction=st.dictionaries(st.integers(0, 5), st.integers(0, 3), max_size=6),
    corrected=st.integers(0, 2),
)
def test_pruning_keeps_what_core_reads_even_after_correcting_a_kept_delivery(
    history: list[dict[int, int]], keep: int, correction: dict[int, int], corrected: int
) -> None:
    full, pruned = _warehouse(history), _warehouse(history)
    prune_deliveries(pruned, keep=keep)
    assert _latest(pruned) == _latest(full)
    periods = sorted(
        {
            str(p)
            for (p,) in full.execute(
                "select distinct extraction_period from core.delivered_persons"
            ).fetchall()
        },
        reverse=True,
    )
    if periods:
        period = periods[min(corrected, keep - 1, len(periods) - 1)]
        _deliver(full, period, correction)
        _deliver(pruned, period, correction)
        assert _latest(pruned) == _latest(full)


def test_only_rows_superseded_outside_the_kept_deliveries_are_deleted() -> None:
    con = _warehouse([{1: 0, 2: 0, 3: 0}, {1: 1}, {1: 2, 2: 2}, {3: 3}])
    assert prune_deliveries(con, keep=1) == {table.name: 3 for table in TABLES}
    left = con.execute(
        "select person_id, extraction_period from core.delivered_persons order by all"
    ).fetchall()
    # 2020Q3 supersedes k1 of Q1 and Q2 and k2 of Q1; k3 of Q1 only the kept Q4 repeats, and
    # a correction of Q4 could still drop it
    assert left == [("k1", "2020Q3"), ("k2", "2020Q3"), ("k3", "2020Q1"), ("k3", "2020Q4")]


def test_keep_must_leave_the_latest_delivery() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        prune_deliveries(_warehouse([{1: 1}]), keep=0)


def _delivery(root: Path, period: str, *, without: tuple[str, ...] = ()) -> Path:
    """The sample as the delivery for ``period``, leaving out some persons, their spells and pay."""
    folder = root / f"{period}-{'-'.join(without) or 'full'}"
    shutil.copytree(SAMPLE, folder)
    (folder / "extraction.toml").write_text(f'period = "{period}"\n', encoding="utf-8")
    for name in ("persons.csv", "positions.csv", "pay.csv"):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        header, *kept = [line for line in lines if line.split(",")[0] not in without]
        # rows in a period-dependent order: the same content, but not a byte-identical copy of
        # another period's delivery (which ingest refuses)
        turn = (int(period[:4]) * 4 + int(period[-1])) % len(kept)
        kept = kept[turn:] + kept[:turn]
        (folder / name).write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    return folder


def _core(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select * from core.{table} order by all").fetchall()
            for table in ("persons", "spells", "events", "vacancies", "applications")
        }


def _delivered_rows(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute("select count(*) from core.delivered_positions").fetchall()
    return int(row[0][0])


def test_analysis_results_do_not_change_when_superseded_deliveries_are_pruned(
    tmp_path: Path,
) -> None:
    config = without_chain_check(load_config(SAMPLE / "gelijkekansen.toml"))
    keep_all = replace(config, warehouse=replace(config.warehouse, keep_deliveries=1000))
    sequence = [
        _delivery(tmp_path, "2025Q4"),
        _delivery(tmp_path, "2026Q1", without=("P0000001",)),
        _delivery(tmp_path, "2026Q2", without=("P0000002",)),
        _delivery(tmp_path, "2026Q3", without=("P0000001", "P0000003")),
        _delivery(tmp_path, "2026Q3"),  # a correction of the kept delivery
    ]
    outs = {"pruned": tmp_path / "pruned", "kept": tmp_path / "kept"}
    settings_for: dict[str, Config] = {"pruned": config, "kept": keep_all}
    for folder in sequence:
        for name, out in outs.items():
            ingest(folder, warehouse=out / "warehouse.duckdb", config=settings_for[name])
        assert _core(outs["pruned"] / "warehouse.duckdb") == _core(
            outs["kept"] / "warehouse.duckdb"
        )
    assert _delivered_rows(outs["pruned"] / "warehouse.duckdb") < _delivered_rows(
        outs["kept"] / "warehouse.duckdb"
    )
    runs = list_runs(outs["pruned"] / "warehouse.duckdb")
    assert any("pruned superseded rows: persons" in str(row[6]) for row in runs)
    assert len([row for row in runs if row[5]]) == len(sequence)  # every delivery's files logged
    for name, out in outs.items():
        analyse(out / "warehouse.duckdb", config=settings_for[name], out_dir=out / "metrics")
    exported = sorted(path.name for path in (outs["kept"] / "metrics").iterdir())
    assert exported
    for file in exported:
        assert (outs["pruned"] / "metrics" / file).read_bytes() == (
            outs["kept"] / "metrics" / file
        ).read_bytes(), file
