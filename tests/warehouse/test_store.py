"""One writer at a time: a second writer waits, then fails clearly."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gelijkekansen.config import WarehouseSettings
from gelijkekansen.errors import WarehouseBusy
from gelijkekansen.warehouse.store import write_transaction


def test_a_second_writer_fails_with_a_clear_message(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    holding, release = threading.Event(), threading.Event()

    def first_writer() -> None:
        with write_transaction(warehouse, WarehouseSettings()) as con:
            con.execute("create table meta.x as select 1 as a")
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=first_writer)
    thread.start()
    holding.wait(10)
    try:
        busy = pytest.raises(WarehouseBusy, match="another gelijkekansen process is writing")
        with busy, write_transaction(warehouse, WarehouseSettings(lock_timeout_seconds=0.3)):
            pass
    finally:
        release.set()
        thread.join()


def test_a_failed_write_publishes_nothing(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with write_transaction(warehouse, WarehouseSettings()) as con:
        con.execute("create table meta.kept as select 1 as a")
    before = warehouse.read_bytes()
    with pytest.raises(RuntimeError), write_transaction(warehouse, WarehouseSettings()) as con:
        con.execute("create table meta.lost as select 1 as a")
        raise RuntimeError("boom")
    assert warehouse.read_bytes() == before
    assert not list(tmp_path.glob(".*scratch*"))
