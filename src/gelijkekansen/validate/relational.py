"""The cross-row checks of the gate: ``checks/relational.sql`` parsed, plus key uniqueness.

Each check in ``relational.sql`` is a DuckDB query returning the failing rows as
(source_file, source_row, detail), after a header of ``-- key: value`` lines (check, table,
severity, scope, columns, needs, problem, hint). ``$name`` in a query is a bound parameter
(the configuration's limits); in the header's texts it is filled in for the message. Key
uniqueness is one query for every table, ``pipelines/validate/duplicate_keys.sql``, given the
table and the contract's key columns as parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast, get_args

from gelijkekansen.config import Config
from gelijkekansen.contract import FUNNEL_STAGES, TABLES, Table
from gelijkekansen.validate.results import Check, Scope, Severity
from gelijkekansen.warehouse.models import model


@dataclass(frozen=True)
class SqlCheck:
    """A check written as a DuckDB query returning (source_file, source_row, detail).

    ``parameters`` are the values of the check's own ``$name``s (a table and its key); the
    others come from the configuration (``bind``).
    """

    check: Check
    needs: tuple[str, ...]
    sql: str
    parameters: Mapping[str, object] = field(default_factory=dict)


def key_unique(table: Table) -> SqlCheck:
    """Uniqueness over the whole table, of the contract's key (``validate.duplicate_keys``)."""
    label = "key" if len(table.key) == 1 else f"combination of {', '.join(table.key)}"
    check = Check(
        table.name,
        "key_unique",
        "blocking",
        table.key,
        f"the same {label} appears on more than one row",
        "Keep one row per key: remove the duplicates or correct the ids.",
    )
    sql = model("validate.duplicate_keys").sql
    return SqlCheck(check, (table.name,), sql, {"table_name": table.name, "key": list(table.key)})


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


def bind(
    sql: str, config: Config, given: Mapping[str, object] | None = None
) -> dict[str, object]:
    """The parameters a query uses, ``given`` (a check's own) before the configuration's;
    DuckDB refuses values it has no placeholder for."""
    values = {**_parameters(config), **(given or {})}
    return {name: values[name] for name in re.findall(r"\$(\w+)", sql)}


