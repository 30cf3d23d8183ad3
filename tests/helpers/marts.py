"""Run single marts models on hand-made inputs, for tests that check one model against Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import polars as pl

from gelijkekansen.assets import PIPELINES_DIR


def run_models(
    tables: Mapping[str, pl.DataFrame], models: Sequence[str]
) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse holding just ``tables`` (schema-qualified names), then ``models``
    from pipelines/marts in the given order."""
    con = duckdb.connect()
    for schema in sorted({name.split(".")[0] for name in tables} | {"marts"}):
        con.execute(f"create schema if not exists {schema}")
    for name, frame in tables.items():
        con.register("_frame", frame)
        con.execute(f"create table {name} as select * from _frame")
        con.unregister("_frame")
    for model in models:
        sql = (PIPELINES_DIR / "marts" / model).read_text(encoding="utf-8")
        for statement in duckdb.extract_statements(sql):
            con.execute(statement.query)
    return con
