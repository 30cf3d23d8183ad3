"""Running the SQL models of ``pipelines/`` against the warehouse."""

from __future__ import annotations

import duckdb

from gelijkekansen.assets import PIPELINES_DIR


def run_models(con: duckdb.DuckDBPyConnection, layer: str, **parameters: object) -> list[str]:
    """Run every ``pipelines/<layer>/*.sql`` model in name order; returns the model names.

    Each file is one model; ``$name`` placeholders are bound from ``parameters``.
    """
    models = sorted((PIPELINES_DIR / layer).glob("*.sql"))
    for model in models:
        for statement in duckdb.extract_statements(model.read_text(encoding="utf-8")):
            sql = statement.query
            used = {key: value for key, value in parameters.items() if f"${key}" in sql}
            con.execute(sql, used) if used else con.execute(sql)
    return [model.stem for model in models]
