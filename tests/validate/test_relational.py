"""The parser of checks/relational.sql: headers become checks, $name binds the configuration."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gelijkekansen.assets import CHECKS_DIR
from gelijkekansen.config import Config, ValidationSettings
from gelijkekansen.contract import TABLES
from gelijkekansen.validate.relational import SqlCheck, bind, sql_checks

BLOCK = """-- a comment before the first check is not a check

-- check: too_much_fte
-- table: positions
-- needs: positions
-- columns: fte, person_id
-- severity: warning
-- scope: group
-- problem: more than $max_total_fte FTE at once
-- hint: Correct the FTE.
select source_file, source_row, null as detail
from staging.positions
where fte > $max_total_fte;
"""


def parsed(tmp_path: Path, text: str, config: Config | None = None) -> list[SqlCheck]:
    (tmp_path / "relational.sql").write_text(text, encoding="utf-8")
    return sql_checks(tmp_path, config or Config())


def test_key_uniqueness_comes_first_then_the_file_in_order(tmp_path: Path) -> None:
    checks = parsed(tmp_path, BLOCK + BLOCK.replace("too_much_fte", "second"))
    assert [c.check.name for c in checks] == [
        *(["key_unique"] * len(TABLES)),
        "too_much_fte",
        "second",
    ]
    assert [c.check.table for c in checks[: len(TABLES)]] == [t.name for t in TABLES]


def test_a_header_becomes_the_check_and_the_limit_is_filled_into_its_message(
    tmp_path: Path,
) -> None:
    config = Config(validation=ValidationSettings(max_total_fte=1.25))
    check = parsed(tmp_path, BLOCK, config)[-1]
    assert (check.check.table, check.check.severity, check.check.scope) == (
        "positions",
        "warning",
        "group",
    )
    assert check.check.columns == ("fte", "person_id")
    assert check.needs == ("positions",)
    assert check.check.problem == "more than 1.25 FTE at once"
    assert check.sql.endswith("where fte > $max_total_fte")


def test_the_query_binds_the_limit_as_a_parameter(tmp_path: Path) -> None:
    config = Config(validation=ValidationSettings(max_total_fte=1.25))
    check = parsed(tmp_path, BLOCK, config)[-1]
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute(
        "create table staging.positions as select * from (values "
        "('p.csv', 1, 1.0), ('p.csv', 2, 1.5)) as t(source_file, source_row, fte)"
    )
    assert bind(check.sql, config) == {"max_total_fte": 1.25}
    assert con.execute(check.sql, bind(check.sql, config)).fetchall() == [("p.csv", 2, None)]


def test_an_unknown_severity_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too_much_fte: bad severity or scope"):
        parsed(tmp_path, BLOCK.replace("severity: warning", "severity: fatal"))


def test_the_shipped_checks_parse_and_name_contract_tables() -> None:
    checks = sql_checks(CHECKS_DIR, Config())
    assert {c.check.table for c in checks} <= {t.name for t in TABLES}
    assert all(c.check.table in c.needs for c in checks)
    assert len({(c.check.table, c.check.name) for c in checks}) == len(checks)
