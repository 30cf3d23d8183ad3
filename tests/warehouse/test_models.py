"""The models of pipelines/: named after what they build, run in the order they declare."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from gelijkekansen.assets import PIPELINES_DIR
from gelijkekansen.warehouse import models
from gelijkekansen.warehouse.models import (
    Model,
    ModelError,
    load_model,
    run_model,
    run_models,
    run_order,
)
from gelijkekansen.warehouse.store import SCHEMAS as WAREHOUSE_SCHEMAS

MODEL_FILES = sorted(PIPELINES_DIR.glob("*/*.sql"))
SCHEMAS = ("raw", "staging", "core", "marts", "meta", "published")
REFERENCE = re.compile(rf"\b({'|'.join(SCHEMAS)})\.([a-z_]+)\b")
BUILDS = re.compile(r"create (?:or replace )?(?:table|view) (?:if not exists )?(\w+\.\w+)")
MACRO = re.compile(r"create or replace macro (\w+\.\w+)")


def code(sql: str) -> str:
    """The SQL without its comments."""
    return re.sub(r"--[^\n]*", "", sql)


def macro_files() -> dict[str, str]:
    """Each macro's name and the model (``<layer>.macros``) that defines it."""
    return {
        name: f"{path.parent.name}.macros"
        for path in PIPELINES_DIR.glob("*/macros.sql")
        for name in MACRO.findall(path.read_text(encoding="utf-8"))
    }


LAYERS = {"staging", "core", "marts", "meta"}
"""Folders of models; the others hold the queries a package runs (one select statement)."""


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_model_builds_exactly_the_table_its_file_is_named_after(path: Path) -> None:
    sql = code(path.read_text(encoding="utf-8"))
    built = set(BUILDS.findall(sql))
    if path.parent.name not in LAYERS:
        assert not built
        assert len(duckdb.extract_statements(sql)) == 1
    elif path.stem == "macros":
        assert not built
        assert {name.split(".")[0] for name in MACRO.findall(sql)} == {path.parent.name}
    else:
        assert built == {f"{path.parent.name}.{path.stem}"}


def test_every_layer_is_a_schema_of_the_warehouse() -> None:
    assert {path.parent.name for path in MODEL_FILES} >= LAYERS
    assert set(WAREHOUSE_SCHEMAS) >= LAYERS


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_model_declares_exactly_the_tables_and_macros_it_reads(path: Path) -> None:
    model = load_model(path)
    macros = macro_files()
    references = {
        macros.get(f"{schema}.{name}", f"{schema}.{name}")
        for schema, name in REFERENCE.findall(code(model.sql))
    }
    assert model.depends_on == references - {model.name}


@pytest.mark.parametrize("path", MODEL_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_a_model_declares_exactly_the_parameters_it_uses(path: Path) -> None:
    model = load_model(path)
    used = {
        name
        for statement in duckdb.extract_statements(model.sql)
        for name in statement.named_parameters
    }
    assert model.parameters == used


def make(name: str, *depends_on: str, sql: str = "select 1", parameters: str = "") -> Model:
    return Model(name, sql, frozenset(depends_on), frozenset(filter(None, [parameters])))


def test_the_run_order_follows_the_dependencies_not_the_names() -> None:
    models = [make("m.a", "m.c"), make("m.b"), make("m.c", "m.b")]
    assert [model.name for model in run_order(models)] == ["m.b", "m.c", "m.a"]


def test_a_dependency_the_warehouse_holds_is_not_a_model_to_run() -> None:
    models = [make("m.a", "raw.persons")]
    assert [model.name for model in run_order(models, available={"raw.persons"})] == ["m.a"]


def test_a_missing_dependency_is_named() -> None:
    with pytest.raises(ModelError, match=r"m\.a depends on raw\.persons, which no model builds"):
        run_order([make("m.a", "raw.persons")])


def test_a_cycle_is_refused_and_shown() -> None:
    with pytest.raises(ModelError, match=r"cycle: m\.(a -> m\.b -> m\.a|b -> m\.a -> m\.b)"):
        run_order([make("m.a", "m.b"), make("m.b", "m.a"), make("m.c")])


def test_parameters_are_bound_by_name_and_only_where_used() -> None:
    con = duckdb.connect()
    sql = "create table t as select $gap as gap; insert into t select $gap + 1"
    run_model(con, make("main.t", sql=sql, parameters="gap"), gap=2, other="ignored")
    assert con.execute("select gap from t order by gap").fetchall() == [(2,), (3,)]


def test_an_undeclared_parameter_is_refused() -> None:
    with pytest.raises(ModelError, match=r"uses \$gap without declaring it"):
        run_model(duckdb.connect(), make("main.t", sql="select $gap"), gap=1)


def test_a_declared_parameter_must_be_given() -> None:
    with pytest.raises(ModelError, match="needs the parameter"):
        run_model(duckdb.connect(), make("main.t", sql="select $gap", parameters="gap"))


def test_a_layer_refuses_a_parameter_none_of_its_models_takes() -> None:
    con = duckdb.connect()
    con.execute("create schema meta")
    with pytest.raises(ModelError, match="takes the parameter"):
        run_models(con, "meta", recent_quarter=4)
    assert run_models(con, "meta") == [
        "meta.config",
        "meta.files",
        "meta.outputs",
        "meta.runs",
        "meta.suppression_ledger",
        "meta.suppression_memo",
        "meta.validation_results",
    ]


KEPT_SQL = (
    "-- kept across runs\n"
    "create table if not exists m.runs as select 0 as run where false;\n"
    "insert into m.runs select count(*) + 1 from m.runs;\n"
)


def _layer(root: Path, **files: str) -> None:
    (root / "m").mkdir(exist_ok=True)
    for name, sql in files.items():
        (root / "m" / f"{name}.sql").write_text(sql, encoding="utf-8")


def _runs(con: duckdb.DuckDBPyConnection) -> list[tuple[int]]:
    return con.execute("select run from m.runs order by run").fetchall()


def test_a_kept_table_lives_on_until_the_layer_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "PIPELINES_DIR", tmp_path)
    con = duckdb.connect()
    con.execute("create schema m")
    _layer(tmp_path, runs=KEPT_SQL, other="create or replace view m.other as select 1 as one")
    run_models(con, "m")
    run_models(con, "m")
    assert _runs(con) == [(1,), (2,)]
    _layer(tmp_path, other="create or replace table m.other as select 2 as two")
    run_models(con, "m")  # a view became a table: built from scratch, without an error
    assert _runs(con) == [(1,)]
    assert con.execute("select two from m.other").fetchall() == [(2,)]


def test_a_kept_table_is_not_trusted_after_an_unfinished_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "PIPELINES_DIR", tmp_path)
    con = duckdb.connect()
    con.execute("create schema m")
    failing = (
        "-- depends on: m.runs\n-- parameters: fail\n"
        "create or replace table m.after as select case when $fail then error('stop') end as x"
    )
    _layer(tmp_path, runs=KEPT_SQL, after=failing)
    run_models(con, "m", fail=False)
    with pytest.raises(duckdb.Error, match="stop"):
        run_models(con, "m", fail=True)
    assert _runs(con) == [(1,), (2,)]
    run_models(con, "m", fail=False)
    assert _runs(con) == [(1,)]
