"""The Great Expectations side of the validation gate: one suite per table, two ways to run it.

Why pandas and not GX's SQL datasource on the warehouse itself: with duckdb-engine, GX's
SqlAlchemyExecutionEngine loses the result before fetching it and every expectation comes back
as an IndexError (great_expectations issues #10738 and #11579). So a staging table of normal size
(up to ``GX_MAX_ROWS`` rows) is materialised from DuckDB into pandas and handed to a dataframe
asset, in bounded slices (``CHUNK_ROWS``, cut by DuckDB ``rowid`` so each slice is a cheap range
scan). Every expectation here is row-local (not null, in set, between), so slices give exactly
the answer for the whole table.

Why SQL above the threshold: materialising a 20-million-row applications table in pandas costs
minutes (a minute for ``.df()`` alone, three more in GX), far over the budget for a large
organisation. So on a bigger table the same expectations are translated into DuckDB predicates,
true for a failing row with GX's own semantics (empty values pass every check but not-null, and
pandas counts NaN as empty), and checked in one scan that writes failing rows straight into the
caller's failure table (``gelijkekansen.validate.sql_translation``);
tests/validate/test_sql_translation.py proves both engines find the same rows. An expectation
without a translation still runs on GX: nothing is skipped.

Whole-table properties (key uniqueness, references, overlaps, quarters) are not row-local and
live in DuckDB SQL (``checks/relational.sql``) instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.core.expect_table_columns_to_match_set import (
    ExpectTableColumnsToMatchSet,
)
from great_expectations.expectations.expectation import Expectation

from gelijkekansen.contract import CODES, UNKNOWN, Table
from gelijkekansen.validate.results import Check, Severity
from gelijkekansen.validate.sql_translation import record_sql_failures
from gelijkekansen.warehouse.store import first_row

CHUNK_ROWS = 500_000
GX_MAX_ROWS = 1_000_000
"""Tables up to this size run on GX in pandas; bigger ones are checked in DuckDB SQL."""
LINEAGE = ("source_file", "source_row")
FAILURE_COLUMNS = ("table_name", "check_name", "source_file", "source_row", "detail")
_PASS_FAIL = {"result_format": "BOOLEAN_ONLY"}
_RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": list(LINEAGE),
    "return_unexpected_index_query": False,
}


@dataclass(frozen=True)
class CodeList:
    """Values a coded column may take, and where the analyst fixes an unknown one."""

    values: tuple[str, ...]
    hint: str


@dataclass(frozen=True)
class Expect:
    """A GX expectation together with the check it reports as."""

    check: Check
    expectation: Expectation


def contract_codes(table: Table) -> dict[str, CodeList]:
    """The contract's code lists for ``table``; unknown codes are mapped in the config."""
    return {
        column.name: CodeList(
            CODES[column.codes],
            f"Map it under [codes.{column.codes}] in gelijkekansen.toml or correct the export.",
        )
        for column in table.columns
        if column.codes is not None
    }


def contract_expectations(table: Table, codes: Mapping[str, CodeList]) -> list[Expect]:
    """What the contract alone demands: required columns, no empty keys or codes, known codes.

    An empty key or code is blocking (the row cannot be placed or counted); another empty
    required value is a warning and only that row is set aside.
    """
    required = [column.name for column in table.columns if column.required]
    expects = [
        Expect(
            Check(
                table.name,
                "columns_present",
                "blocking",
                (),
                "required columns are missing",
                "Add them to the export; docs/data-contract.md lists every column.",
                scope="table",
            ),
            ExpectTableColumnsToMatchSet(column_set=[*required, *LINEAGE], exact_match=False),
        )
    ]
    for column in table.columns:
        if column.nullable:
            continue
        coded = column.name in codes
        blocking = coded or column.name in table.key
        fix = "Fill it in or correct the export."
        if coded and UNKNOWN in codes[column.name].values:
            fix = f"Use '{UNKNOWN}' for unknown or declined, or correct the export."
        expects.append(
            Expect(
                Check(
                    table.name,
                    f"not_null_{column.name}",
                    "blocking" if blocking else "warning",
                    (column.name,),
                    "is empty",
                    fix,
                ),
                ExpectColumnValuesToNotBeNull(column=column.name),
            )
        )
    for name, code_list in codes.items():
        expects.append(
            Expect(
                Check(
                    table.name,
                    f"allowed_{name}",
                    "blocking",
                    (name,),
                    f"unknown code; allowed: {', '.join(code_list.values)}",
                    code_list.hint,
                ),
                ExpectColumnValuesToBeInSet(column=name, value_set=list(code_list.values)),
            )
        )
    return expects


def plausible(
    table: Table,
    column: str,
    expectation: Expectation,
    *,
    problem: str,
    hint: str,
    severity: Severity = "warning",
) -> Expect:
    """A plausibility bound on one column; by default a warning that sets the row aside."""
    return Expect(
        Check(table.name, f"plausible_{column}", severity, (column,), problem, hint), expectation
    )


def plausible_fte(table: Table, max_fte: float) -> Expect:
    """FTE above 0 and at most ``validation.max_total_fte``: the same bound wherever FTE occurs."""
    return plausible(
        table,
        "fte",
        ExpectColumnValuesToBeBetween(
            column="fte", min_value=0, max_value=max_fte, strict_min=True
        ),
        problem=f"FTE outside (0, {max_fte}]",
        hint="Correct the export, or raise [validation] max_total_fte.",
    )


@functools.cache
def _context() -> Any:
    """One ephemeral context per process: creating it and its assets costs more than a chunk."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas(name="staging")
    return context


@functools.cache
def _batch_definition(table: str) -> BatchDefinition[Any]:
    asset = _context().data_sources.get("staging").add_dataframe_asset(name=table)
    definition: BatchDefinition[Any] = asset.add_batch_definition_whole_dataframe("whole")
    return definition


def record_suite_failures(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    expects: Sequence[Expect],
    *,
    into: str,
    chunk_rows: int = CHUNK_ROWS,
    gx_max_rows: int = GX_MAX_ROWS,
) -> None:
    """Run ``table``'s suite over ``staging.<table>``; insert its failures into table ``into``.

    ``into`` has ``FAILURE_COLUMNS``: one row per failing source row (``detail`` names a missing
    column for the table-level check). Up to ``gx_max_rows`` rows GX runs the suite on pandas
    slices; a bigger table is checked in SQL, and only what has no translation goes to GX.
    Failures go to the database as they are found, so memory stays bounded even when every row
    fails.
    """
    on_gx = list(expects)
    (rows,) = first_row(con, f"select count(*) from staging.{table.name}") or (0,)
    if rows > gx_max_rows:
        on_gx = record_sql_failures(con, table.name, expects, into=into)
    if on_gx:
        for failures in _gx_failures(con, table, on_gx, chunk_rows=chunk_rows):
            con.register("gk_chunk_failures", failures)
            con.execute(
                f"insert into {into} select {', '.join(FAILURE_COLUMNS)} from gk_chunk_failures"
            )
            con.unregister("gk_chunk_failures")


def _gx_failures(
    con: duckdb.DuckDBPyConnection, table: Table, expects: Sequence[Expect], *, chunk_rows: int
) -> Iterator[pd.DataFrame]:
    """GX's failures of ``expects`` on ``staging.<table>``, one frame per slice that failed."""
    definition = _batch_definition(table.name)  # creates the context a suite needs first
    by_name = {expect.check.name: expect for expect in expects}
    suite = _suite(table.name, expects)
    last = first_row(con, f"select coalesce(max(rowid) + 1, 0) from staging.{table.name}")
    rows = last[0] if last else 0
    for start in range(0, max(rows, 1), chunk_rows):
        frame = con.execute(
            f"select * from staging.{table.name} where rowid >= ? and rowid < ?",
            [start, start + chunk_rows],
        ).df()
        batch = definition.get_batch(batch_parameters={"dataframe": frame})
        # Pass/fail first: listing failing rows costs a quarter of the time even when none fail,
        # so only expectations that failed on this slice are run again for their rows.
        verdicts = batch.validate(suite, result_format=_PASS_FAIL)
        failed = [by_name[_check_of(r)] for r in verdicts.results if not r.success]
        if not failed:
            continue
        outcome = batch.validate(_suite(table.name, failed), result_format=_RESULT_FORMAT)
        failures = [_failures(table.name, r, by_name) for r in outcome.results if not r.success]
        if failures:
            yield pd.concat(failures, ignore_index=True)


def _suite(table: str, expects: Sequence[Expect]) -> gx.ExpectationSuite:
    """A suite of ``expects``, each expectation tagged with the check it reports as."""
    suite = gx.ExpectationSuite(name=f"gelijkekansen.{table}")
    for expect in expects:
        suite.add_expectation(
            expect.expectation.copy(update={"meta": {"check": expect.check.name}})
        )
    return suite


def _check_of(result: Any) -> str:
    """The check a GX result reports as (tagged in ``_suite``)."""
    return str(result.expectation_config.meta["check"])


def _failures(table: str, result: Any, by_name: Mapping[str, Expect]) -> pd.DataFrame:
    check = by_name[_check_of(result)].check
    error = _exception(result.exception_info)
    if error is not None:
        # a broken check or a staging type the contract does not allow: a bug, not bad data
        raise RuntimeError(f"GX could not evaluate {table}.{check.name}: {error}")
    if check.scope == "table":
        missing = result.result["details"]["mismatched"]["missing"]
        rows = pd.DataFrame({"source_file": None, "source_row": None, "detail": missing})
    else:
        rows = pd.DataFrame(result.result["unexpected_index_list"], columns=list(LINEAGE))
        rows["detail"] = None
    rows.insert(0, "check_name", check.name)
    rows.insert(0, "table_name", table)
    return rows[list(FAILURE_COLUMNS)]


def _exception(info: Mapping[str, Any]) -> str | None:
    """GX reports an exception flat, or nested per metric that failed to compute."""
    for entry in (info, *(v for v in info.values() if isinstance(v, Mapping))):
        if entry.get("raised_exception"):
            return str(entry.get("exception_message"))
    return None
