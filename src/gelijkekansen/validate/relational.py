"""The cross-row checks of the gate: ``checks/relational.sql`` parsed, plus key uniqueness.

Each check in ``relational.sql`` is a DuckDB query returning the failing rows as
(source_file, source_row, detail), after a header of ``-- key: value`` lines (check, table,
severity, scope, columns, needs, problem, hint). ``$name`` in a query is a bound parameter
(the configuration's limits); in the header's texts it is filled in for the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast, get_args

from gelijkekansen.config import Config
from gelijkekansen.contract import FUNNEL_STAGES, TABLES, Table
from gelijkekansen.validate.results import Check, Scope, Severity


@dataclass(frozen=True)
class SqlCheck:
    """A check written as a DuckDB query returning (source_file, source_row, detail)."""

    check: Check
    needs: tuple[str, ...]
    sql: str


def key_unique(table: Table) -> SqlCheck:
    """Uniqueness over the whole table, generated from the contract's key.

    A semi-join to the keys that occur more than once. Measured no faster than a count over a
    window (2-5 s either way at 20M rows); it needs no sort. Equality never matches an empty
    key part, so rows missing one are left to not_null.
    """
    key = ", ".join(f'"{column}"' for column in table.key)
    present = " and ".join(f'"{column}" is not null' for column in table.key)
    sql = (
        f"select source_file, source_row, null as detail from staging.{table.name} "
        f"semi join (select {key} from staging.{table.name} where {present} "
        f"group by {key} having count(*) > 1) as duplicated using ({key})"
    )
    label = "key" if len(table.key) == 1 else f"combination of {', '.join(table.key)}"
    check = Check(
        table.name,
        "key_unique",
        "blocking",
        table.key,
        f"the same {label} appears on more than one row",
        "Keep one row per key: remove the duplicates or correct the ids.",
    )
    return SqlCheck(check, (table.name,), sql)


def sql_checks(checks_dir: Path, config: Config) -> list[SqlCheck]:
    """Key uniqueness per table, then the checks of ``checks/relational.sql`` in file order."""
    text = (checks_dir / "relational.sql").read_text(encoding="utf-8")
    blocks = re.split(r"^(?=-- check:)", text, flags=re.MULTILINE)[1:]
    return [key_unique(table) for table in TABLES] + [
        _parse_sql_check(block, config) for block in blocks
    ]


def _parse_sql_check(block: str, config: Config) -> SqlCheck:
    header: dict[str, str] = {}
    lines = block.strip().splitlines()
    while lines and lines[0].startswith("-- ") and ":" in lines[0]:
        key, _, value = lines.pop(0)[3:].partition(":")
        header[key.strip()] = _fill(value.strip(), config)
    severity, scope = header["severity"], header["scope"]
    if severity not in get_args(Severity) or scope not in get_args(Scope):
        raise ValueError(f"relational.sql, check {header['check']}: bad severity or scope")
    check = Check(
        table=header["table"],
        name=header["check"],
        severity=cast(Severity, severity),
        columns=_names(header["columns"]),
        problem=header["problem"],
        hint=header["hint"],
        scope=cast(Scope, scope),
    )
    return SqlCheck(check, _names(header["needs"]), "\n".join(lines).strip().rstrip(";"))


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _parameters(config: Config) -> dict[str, object]:
    """The values a relational check may refer to as ``$name``."""
    return {
        "max_total_fte": config.validation.max_total_fte,
        "max_headcount_drop": config.validation.max_headcount_drop,
        "stages": list(FUNNEL_STAGES),
    }


def _fill(text: str, config: Config) -> str:
    values = _parameters(config)
    return re.sub(r"\$(\w+)", lambda m: f"{values[m[1]]}", text)


def bind(sql: str, config: Config) -> dict[str, object]:
    """The parameters a query uses; DuckDB refuses values it has no placeholder for."""
    values = _parameters(config)
    return {name: values[name] for name in re.findall(r"\$(\w+)", sql)}


