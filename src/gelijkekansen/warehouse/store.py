"""The DuckDB warehouse: one file, one writer at a time, all-or-nothing changes.

A write never touches the live file. It works on a scratch copy next to it and swaps the copy in
with an atomic rename only after everything succeeded, so a failure or a kill at any moment
leaves the warehouse byte-for-byte as it was. An advisory lock file serialises writers; a second
writer waits up to the configured timeout and then fails with a clear message.

A killed writer leaves its scratch copy (a full copy of pseudonymous personal data) and the lock
file behind; the next writer, once it holds the lock, removes both, so nothing outlives a run.
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from gelijkekansen.config import WarehouseSettings
from gelijkekansen.errors import WarehouseBusy, database_fault, environment_fault
from gelijkekansen.warehouse.models import run_models

SCHEMAS = ("raw", "staging", "quarantine", "core", "marts", "published", "meta")


def connect(
    path: Path, settings: WarehouseSettings, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse with the configured resources; a file that is not a DuckDB warehouse
    (or a folder DuckDB may not use) is an ``EnvironmentFault`` naming it."""
    config: dict[str, str | bool | int | float | list[str]] = {}
    if settings.threads:
        config["threads"] = settings.threads
    if settings.memory_limit:
        config["memory_limit"] = settings.memory_limit
    if settings.temp_directory:
        config["temp_directory"] = str(settings.temp_directory)
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.Error as exc:
        raise database_fault(path, exc) from exc


@contextmanager
def writer_lock(path: Path, timeout_seconds: float) -> Iterator[None]:
    """Hold the warehouse's lock file; wait up to ``timeout_seconds`` for another writer.

    The holder deletes the lock file before releasing it. A waiter that then gets the lock on the
    deleted file sees that the path no longer names its file and starts over on a fresh one, so
    two writers never both believe they hold the lock.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise environment_fault(exc, path.parent) from exc
    lock_path = path.with_name(path.name + ".lock")
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            handle = lock_path.open("a")
        except OSError as exc:
            raise environment_fault(exc, lock_path) from exc
        with handle:
            _wait_for(handle, path, deadline)
            if not _names(lock_path, handle.fileno()):
                continue
            try:
                yield
            finally:
                lock_path.unlink(missing_ok=True)
                fcntl.flock(handle, fcntl.LOCK_UN)
            return


def _wait_for(handle: Any, path: Path, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{path}: another gelijkekansen process is writing this warehouse.",
                    hint="Wait for it to finish and try again, or raise "
                    "warehouse.lock_timeout_seconds in gelijkekansen.toml.",
                ) from None
            time.sleep(0.2)


def _names(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the open file ``fd`` (not deleted or replaced meanwhile)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def remove_stale_scratch(path: Path) -> list[Path]:
    """Delete scratch copies of ``path`` left by killed writers; call only holding the lock."""
    stale = sorted(path.parent.glob(f".{glob.escape(path.name)}.*.scratch*"))
    for leftover in stale:
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    return stale


@contextmanager
def write_transaction(
    path: Path, settings: WarehouseSettings, *, publish: bool = True
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a scratch copy; publish it atomically only if the block succeeds.

    ``publish=False`` is a dry run: the same work, always discarded (``validate`` uses it).
    """
    with writer_lock(path, settings.lock_timeout_seconds):
        remove_stale_scratch(path)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.scratch")
        if path.exists():
            _check_is_warehouse(path, settings)
            _copy(path, scratch)
        con = connect(scratch, settings)
        try:
            ensure_schemas(con)
            yield con
            if not publish:
                raise _DryRunDone
            con.execute("checkpoint")
            con.close()
            _fsync(scratch)
            os.replace(scratch, path)
            _fsync_dir(path.parent)
        except _DryRunDone:
            con.close()
            _remove(scratch)
        except duckdb.IOException as exc:
            con.close()
            _remove(scratch)
            raise database_fault(path, exc) from exc
        except OSError as exc:
            con.close()
            _remove(scratch)
            raise environment_fault(exc) from exc
        except BaseException:
            con.close()
            _remove(scratch)
            raise


def _check_is_warehouse(path: Path, settings: WarehouseSettings) -> None:
    """Refuse early, naming the live file, rather than failing later on its scratch copy."""
    connect(path, settings, read_only=True).close()


def _copy(path: Path, scratch: Path) -> None:
    try:
        shutil.copyfile(path, scratch)
    except OSError as exc:
        _remove(scratch)
        raise environment_fault(exc, scratch.parent) from exc


class _DryRunDone(Exception):
    """Internal signal that a dry run finished and its scratch copy must be discarded."""


def ensure_schemas(con: duckdb.DuckDBPyConnection) -> None:
    """Create the layers and the run log if this is a new warehouse."""
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
    run_models(con, "meta")


def store_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Create or replace ``table`` (schema-qualified) with the rows of a polars frame."""
    con.register("_frame_to_store", frame)
    try:
        con.execute(f"create or replace table {table} as select * from _frame_to_store")
    finally:
        con.unregister("_frame_to_store")


def quote_identifier(name: str) -> str:
    """A table or column name as a DuckDB identifier, whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'


def first_row(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: list[object] | None = None
) -> tuple[Any, ...] | None:
    """The first row of a query, reading the result to the end.

    DuckDB refuses further work on a connection whose last result was only partly fetched, so
    ``fetchone()`` must not be used on a connection that is used again.
    """
    rows = con.execute(sql, parameters or []).fetchall()
    return rows[0] if rows else None


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
