"""Running the SQL models of ``pipelines/`` against the warehouse.

A model is one file, ``pipelines/<layer>/<table>.sql``, that builds ``<layer>.<table>`` (or, for
``macros.sql``, the layer's macros); the layers are ``staging``, ``core``, ``marts`` and
``meta``. The other folders hold the queries the library runs, named after the package that
runs them (``pipelines/validate/check_results.sql``). A header comment declares what a file
reads and which parameters it takes::

    -- depends on: core.spells, marts.quarters
    -- parameters: gap_days

The run order of a layer follows those declarations, never the file names, and each statement
is bound exactly the declared parameters it names (``$gap_days``): no text is substituted.

A model whose header says ``-- kept across runs`` reads its own table as the previous run left
it (the incremental marts, docs/performance.md). Such tables are trusted only when the same
models built them: ``run_models`` drops them when the layer's SQL changed or its last run did
not finish, so that they are built from scratch.
"""

from __future__ import annotations

import graphlib
import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gelijkekansen.assets import PIPELINES_DIR
from gelijkekansen.errors import GelijkeKansenError

_DEPENDS = "-- depends on:"
_PARAMETERS = "-- parameters:"
_KEPT = "-- kept across runs"


class ModelError(GelijkeKansenError):
    """A model's declarations do not add up: a cycle, a missing input or a parameter."""


@dataclass(frozen=True)
class Model:
    """One SQL file of ``pipelines/``: its name (``layer.table``), what it reads and takes."""

    name: str
    sql: str
    depends_on: frozenset[str]
    parameters: frozenset[str]
    kept: bool = False


def _declared(header: Iterable[str], prefix: str) -> frozenset[str]:
    """The comma-separated names after ``prefix`` on any header line."""
    names: set[str] = set()
    for line in header:
        if line.lower().startswith(prefix):
            names.update(name.strip() for name in line[len(prefix) :].split(",") if name.strip())
    return frozenset(names)


def load_model(path: Path) -> Model:
    """Parse the model at ``path`` (``<layer>/<name>.sql``) and its header declarations."""
    sql = path.read_text(encoding="utf-8")
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    return Model(
        name=f"{path.parent.name}.{path.stem}",
        sql=sql,
        depends_on=_declared(header, _DEPENDS),
        parameters=_declared(header, _PARAMETERS),
        kept=any(line.lower().startswith(_KEPT) for line in header),
    )


def model(name: str) -> Model:
    """The model (or query) called ``name``, e.g. ``marts.staff_snapshots``."""
    layer, _, stem = name.partition(".")
    path = PIPELINES_DIR / layer / f"{stem}.sql"
    if not stem or not path.is_file():
        raise ModelError(f"{name}: no such model.", hint=f"Expected the file {path}.")
    return load_model(path)


def layer_models(layer: str) -> list[Model]:
    """Every model of ``pipelines/<layer>/``."""
    return [load_model(path) for path in sorted((PIPELINES_DIR / layer).glob("*.sql"))]


def run_order(models: Collection[Model], *, available: Collection[str] = ()) -> list[Model]:
    """``models`` sorted so that each runs after the models it depends on.

    A dependency that none of ``models`` builds must be in ``available`` (tables the warehouse
    already holds); ties are broken by name so the order is the same on every run.
    """
    by_name = {model.name: model for model in models}
    for model in models:
        missing = sorted(model.depends_on - by_name.keys() - set(available))
        if missing:
            raise ModelError(
                f"{model.name} depends on {', '.join(missing)}, which no model builds "
                "and the warehouse does not hold.",
                hint="Check the '-- depends on:' line of the model, or the layer built before it.",
            )
    sorter = graphlib.TopologicalSorter(
        {name: sorted(by_name[name].depends_on & by_name.keys()) for name in sorted(by_name)}
    )
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        raise ModelError(
            f"The models depend on each other in a cycle: {' -> '.join(error.args[1])}.",
            hint="A model cannot read, directly or through others, the table it builds.",
        ) from error
    ordered: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        ordered.extend(ready)
        sorter.done(*ready)
    return [by_name[name] for name in ordered]


def run_model(
    con: duckdb.DuckDBPyConnection, model_or_name: Model | str, **parameters: object
) -> None:
    """Run a model by name (``marts.cells``) or as loaded, binding by name exactly the
    parameters each statement uses, all of them declared."""
    item = model(model_or_name) if isinstance(model_or_name, str) else model_or_name
    for statement in duckdb.extract_statements(item.sql):
        values = _bound(item, set(statement.named_parameters), parameters)
        con.execute(statement.query, values) if values else con.execute(statement.query)


def query(
    con: duckdb.DuckDBPyConnection, name: str, **parameters: object
) -> duckdb.DuckDBPyRelation:
    """The result of the one-statement query ``name`` (``warehouse.list_runs``), as a relation
    to fetch from (``.fetchall()``, ``.pl()``), parameters bound as in ``run_model``."""
    item = model(name)
    (statement,) = duckdb.extract_statements(item.sql)
    values = _bound(item, set(statement.named_parameters), parameters)
    return con.sql(statement.query, params=values or None)


def _bound(item: Model, named: set[str], parameters: Mapping[str, object]) -> dict[str, object]:
    """The values of the parameters a statement of ``item`` names; refuses undeclared ones."""
    missing = sorted(item.parameters - parameters.keys())
    if missing:
        raise ModelError(f"{item.name} needs the parameter(s) {', '.join(missing)}.")
    undeclared = sorted(named - item.parameters)
    if undeclared:
        raise ModelError(
            f"{item.name} uses ${', $'.join(undeclared)} without declaring it.",
            hint="Add it to the model's '-- parameters:' line.",
        )
    return {key: parameters[key] for key in sorted(named)}


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The ``schema.table`` names the warehouse holds (tables and views)."""
    rows = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "union all select schema_name || '.' || view_name from duckdb_views()"
    ).fetchall()
    return {row[0] for row in rows}


def run_models(con: duckdb.DuckDBPyConnection, layer: str, **parameters: object) -> list[str]:
    """Run every model of ``pipelines/<layer>/`` in dependency order; returns their names.

    Each model gets the ``parameters`` it declares; a parameter no model declares is refused,
    so that a misspelt setting cannot go unnoticed.
    """
    models = layer_models(layer)
    unused = sorted(parameters.keys() - set().union(*(model.parameters for model in models)))
    if unused:
        raise ModelError(
            f"No model of pipelines/{layer} takes the parameter(s) {', '.join(unused)}."
        )
    version = _forget_unless_built_by(con, layer, models)
    ordered = run_order(models, available=_tables(con))
    for item in ordered:
        run_model(con, item, **parameters)
    if version:
        con.execute(f"create table {layer}.models_version as select ? as version", [version])
    return [item.name for item in ordered]


def _forget_unless_built_by(
    con: duckdb.DuckDBPyConnection, layer: str, models: Collection[Model]
) -> str | None:
    """The version (SHA-256 of the SQL) of a layer with kept tables. Unless that version built
    the layer, everything its models build is dropped (a table may have become a view); the
    stored version is removed until this run finishes."""
    if not any(item.kept for item in models):
        return None
    digest = hashlib.sha256(duckdb.__version__.encode())
    for item in sorted(models, key=lambda item: item.name):
        digest.update(f"\0{item.name}\0{item.sql}".encode())
    version = digest.hexdigest()
    stored = f"{layer}.models_version"
    built_by = []
    if stored in _tables(con):
        built_by = con.execute(f"select any_value(version) from {stored}").fetchall()
        con.execute(f"drop table {stored}")
    if built_by != [(version,)]:
        built = [item.name.partition(".")[2] for item in models]
        objects = con.execute(
            "select 'table', table_name from duckdb_tables() "
            "where schema_name = $layer and table_name in $built "
            "union all select 'view', view_name from duckdb_views() "
            "where schema_name = $layer and view_name in $built",
            {"layer": layer, "built": built},
        ).fetchall()
        for kind, name in objects:
            con.execute(f"drop {kind} {layer}.{name}")
    return version
