"""Run single models on hand-made inputs, for tests that check one model against Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import polars as pl

from gelijkekansen.warehouse.models import run_model


def run_models(
    tables: Mapping[str, pl.DataFrame], models: Sequence[str], **parameters: object
) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse holding just ``tables`` (schema-qualified names), then ``models``
    (e.g. ``marts.staff_snapshots``) in the given order, each bound the ``parameters`` it
    declares."""
    con = duckdb.connect()
    for schema in sorted({name.split(".")[0] for name in [*tables, *models]}):
        con.execute(f"create schema if not exists {schema}")
    for name, frame in tables.items():
        con.register("_frame", frame)
        con.execute(f"create table {name} as select * from _frame")
        con.unregister("_frame")
    for name in models:
        run_model(con, name, **parameters)
    return con


NOTHING_PUBLISHED = pl.DataFrame(
    schema={
        "period_end": pl.Date,
        "population": pl.Utf8,
        "org_unit": pl.Utf8,
        "dimension": pl.Utf8,
        "group": pl.Utf8,
        "suppressed": pl.Boolean,
    }
)
"""A representation without rows: every stock counts as hidden."""
