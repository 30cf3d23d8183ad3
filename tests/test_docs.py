"""The documentation cannot drift from the code: contract, exported metrics, config keys."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from gelijkekansen import config as config_module
from gelijkekansen.analyse.dictionary import DICTIONARY
from gelijkekansen.analyse.pay_release import PAY_COLUMNS, PAY_INTERNAL_COLUMNS
from gelijkekansen.analyse.references import COLUMNS as REFERENCE_COLUMNS
from gelijkekansen.analyse.run import REPRESENTATION_COLUMNS, SELECTION_COLUMNS
from gelijkekansen.analyse.targets import publish_targets
from gelijkekansen.config import Config
from gelijkekansen.contract import CODES, TABLES, Table
from gelijkekansen.ingest.snapshots import SNAPSHOTS
from tests.helpers.marts import NOTHING_PUBLISHED

DOCS = Path(__file__).parents[1] / "docs"
ROW = re.compile(r"^\| `([^`]+)` \|(.*)\|$")


def sections(text: str, heading: str) -> dict[str, str]:
    """Body of each ``<heading> `name` `` section, up to the next heading of any level."""
    pattern = re.compile(rf"^{re.escape(heading)} `([^`]+)`\s*$(.*?)(?=^#|\Z)", re.M | re.S)
    return {match.group(1): match.group(2) for match in pattern.finditer(text)}


def rows(section: str) -> dict[str, list[str]]:
    """Markdown table rows whose first cell is a `name`, as name -> the other cells."""
    found = {}
    for line in section.splitlines():
        match = ROW.match(line.strip())
        if match:
            found[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return found


# --- docs/data-contract.md ---------------------------------------------------------------

CONTRACT_DOC = (DOCS / "data-contract.md").read_text(encoding="utf-8")


def test_every_contract_table_is_documented_and_nothing_else() -> None:
    documented = set(sections(CONTRACT_DOC, "### Table"))
    assert documented == {table.name for table in (*TABLES, SNAPSHOTS)}


@pytest.mark.parametrize("table", [*TABLES, SNAPSHOTS], ids=lambda table: table.name)
def test_each_column_is_documented_as_the_contract_defines_it(table: Table) -> None:
    section = sections(CONTRACT_DOC, "### Table")[table.name]
    documented = {
        name: (cells[0], cells[1], cells[2], cells[3].strip("`"))
        for name, cells in rows(section).items()
    }
    expected = {
        column.name: (
            column.type,
            "yes" if column.required else "no",
            "yes" if column.nullable else "no",
            column.codes or "",
        )
        for column in table.columns
    }
    assert documented == expected


def test_every_code_list_is_documented_with_exactly_its_codes() -> None:
    section = CONTRACT_DOC.split("## Code lists", 1)[1].split("\n## ", 1)[0]
    documented = {
        name: tuple(re.findall(r"`([^`]+)`", cells[0])) for name, cells in rows(section).items()
    }
    assert documented == CODES


# --- docs/metrics.md ---------------------------------------------------------------------

METRICS_DOC = (DOCS / "metrics.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exported_columns() -> dict[str, tuple[str, ...]]:
    """Columns of every table analyse exports: the constants of analyse/run.py, and the target
    tables as publish_targets builds them from a one-quarter warehouse."""
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.population_flows as select "
            "date '2024-10-01' as quarter_start, date '2024-12-31' as quarter_end, "
            "'leaders' as population, 'totaal' as org_unit, dimension, \"group\", "
            "3::bigint as stock_start, 3::bigint as stock_end, "
            "0::bigint as inflow, 0::bigint as outflow "
            "from (values ('totaal', 'totaal'), ('gender', 'vrouw')) as t(dimension, \"group\")"
        )
        targets = publish_targets(con, Config(), representation=NOTHING_PUBLISHED)
    return {
        "representation": REPRESENTATION_COLUMNS,
        "selection_rates": SELECTION_COLUMNS,
        "reference_comparison": REFERENCE_COLUMNS,
        **{name: tuple(frame.columns) for name, frame in targets.items()},
        "pay_indicators": PAY_COLUMNS,
        "pay_indicators_internal": PAY_INTERNAL_COLUMNS,
    }


def test_every_exported_table_is_documented_and_nothing_else(
    exported_columns: dict[str, tuple[str, ...]],
) -> None:
    assert set(sections(METRICS_DOC, "###")) == set(exported_columns)


def test_every_exported_column_is_documented_in_order(
    exported_columns: dict[str, tuple[str, ...]],
) -> None:
    documented = sections(METRICS_DOC, "###")
    for name, columns in exported_columns.items():
        assert tuple(rows(documented[name])) == columns, name


def test_the_exported_data_dictionary_says_what_docs_metrics_says() -> None:
    documented = sections(METRICS_DOC[METRICS_DOC.index("## Exported tables"):], "###")
    assert set(DICTIONARY) == set(documented)
    for name, entries in DICTIONARY.items():
        written = {column: [meaning, unit] for column, meaning, unit in entries}
        assert written == {c: cells[:2] for c, cells in rows(documented[name]).items()}, name


# --- docs/configuration.md ---------------------------------------------------------------

CONFIG_DOC = (DOCS / "configuration.md").read_text(encoding="utf-8")
_READ = re.compile(r"\breader\.(\w+)\(\s*\"([\w.]+)\"")
_ITEM_READ = re.compile(r"\bitem_reader\.\w+\(\s*\"(\w+)\"")
PLACEHOLDERS = {"codes": "<list>", "columns": "<table>", "labels": "<language>"}


def keys_read() -> set[str]:
    """Every key parse_config passes to its readers, from config.py's source, so that a new key
    fails this test until it is documented. Free-form tables (nested_strings) become
    ``codes.<list>``; the keys of each ``[[targets]]`` item become ``targets.<key>``."""
    source = Path(config_module.__file__).read_text(encoding="utf-8")
    calls = _READ.findall(source)
    keys = {key for method, key in calls if method not in ("nested_strings", "table_list")}
    keys |= {f"{key}.{PLACEHOLDERS[key]}" for method, key in calls if method == "nested_strings"}
    for function in source.split("\ndef ")[1:]:  # each [[array]] is read item by item
        arrays = {key for method, key in _READ.findall(function) if method == "table_list"}
        for array in arrays:
            keys |= {f"{array}.{key}" for key in _ITEM_READ.findall(function)}
    return keys


def test_the_key_scan_finds_keys_of_every_kind() -> None:
    assert {
        "privacy.min_cell",
        "analysis.intersections",
        "codes.<list>",
        "targets.date",
        "targets.baseline_date",
        "benchmarks.source",
    } <= keys_read()


def test_every_config_key_is_documented_and_nothing_else() -> None:
    assert set(rows(CONFIG_DOC)) == keys_read()


def test_the_readme_notebook_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(example.replace('scale="hu"', 'scale="sample"'), namespace)
    assert (tmp_path / "out" / "reports").is_dir()
