"""Results of the validation gate, as messages an analyst can act on and a per-step report.

Kept apart from ``validate`` (which runs GX and DuckDB) so that the CLI and the reports can read
and render results without importing Great Expectations. No message echoes a value from the
input: a row number and a column name locate a problem without repeating personal data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gelijkekansen.errors import ValidationFailed

Severity = Literal["blocking", "warning"]
Scope = Literal["row", "group", "table"]
Status = Literal["passed", "failed", "skipped"]

SAMPLE_SIZE = 5
"""How many failing row numbers a result keeps and a message shows."""


@dataclass(frozen=True)
class Check:
    """What one check verifies and what the analyst is told when it fails.

    ``scope`` says what a failure points at: single rows, a group of rows that is only wrong
    together (a person's overlapping spells), or the table as a whole (a missing quarter).
    """

    table: str
    name: str
    severity: Severity
    columns: tuple[str, ...]
    problem: str
    hint: str
    scope: Scope = "row"

    @property
    def quarantines(self) -> bool:
        """Only rows that are wrong on their own are set aside; the run stops on blocking ones."""
        return self.severity == "warning" and self.scope == "row"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: how many rows failed and where, never what they held."""

    check: Check
    status: Status
    source_file: str
    failing_rows: int = 0
    sample_rows: tuple[int, ...] = ()
    details: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.status != "failed"

    def message(self) -> str:
        """``<file>, row <n>, column <c>: <what>. <how to fix>``, with a count for many rows."""
        parts = [self.source_file]
        if self.sample_rows:
            parts.append(_rows(self.sample_rows, self.failing_rows))
        if self.check.columns:
            label = "column" if len(self.check.columns) == 1 else "columns"
            parts.append(f"{label} {', '.join(self.check.columns)}")
        what = self.check.problem
        if self.details:
            what = f"{what} ({', '.join(self.details[:SAMPLE_SIZE])}"
            extra = len(self.details) - SAMPLE_SIZE
            what += f" and {extra} more)" if extra > 0 else ")"
        return f"{', '.join(parts)}: {what}. {self.check.hint}"


def _rows(sample: tuple[int, ...], total: int) -> str:
    if total == 1:
        return f"row {sample[0]}"
    shown = ", ".join(str(row) for row in sample)
    more = total - len(sample)
    return f"rows {shown} and {more} more ({total} rows)" if more > 0 else f"rows {shown}"


@dataclass(frozen=True)
class TableSummary:
    """Counts of checks per outcome for one table."""

    passed: int = 0
    warnings: int = 0
    blocking: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class ValidationReport:
    """Every check of one run; ``blocking`` decides whether the warehouse may change."""

    run_id: str
    results: tuple[CheckResult, ...]
    quarantined: Mapping[str, int] = field(default_factory=dict)

    @property
    def blocking(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if not r.passed and r.check.severity == "blocking")

    @property
    def warnings(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if not r.passed and r.check.severity == "warning")

    def summary(self) -> dict[str, TableSummary]:
        """Per table: checks passed, failed as warning, failed as blocking, and skipped."""
        counts: dict[str, Counter[str]] = {}
        for result in self.results:
            tally = counts.setdefault(result.check.table, Counter())
            if result.status != "failed":
                tally[result.status] += 1
            elif result.check.severity == "blocking":
                tally["blocking"] += 1
            else:
                tally["warnings"] += 1
        return {table: TableSummary(**tally) for table, tally in counts.items()}

    def raise_if_blocking(self) -> None:
        """Stop the run with one line per blocking failure, so all can be fixed in one go."""
        failures = self.blocking
        if not failures:
            return
        lines = [f"{len(failures)} blocking data problem(s); the warehouse was not changed:"]
        lines += [f"- {result.message()}" for result in failures]
        raise ValidationFailed("\n".join(lines))


def write_validation_report(report: ValidationReport, path: Path) -> Path:
    """Write a Markdown report with pass/fail counts per step, as pointblank's table does."""
    lines = [
        f"# Validation report, run {report.run_id}",
        "",
        "| table | passed | warnings | blocking | skipped | quarantined rows |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for table, counts in sorted(report.summary().items()):
        lines.append(
            f"| {table} | {counts.passed} | {counts.warnings} | {counts.blocking} "
            f"| {counts.skipped} | {report.quarantined.get(table, 0)} |"
        )
    lines += [
        "",
        "## Steps",
        "",
        "| # | table | check | columns | severity | status | failing rows | first rows |",
        "|---:|---|---|---|---|---|---:|---|",
    ]
    for step, result in enumerate(report.results, start=1):
        check = result.check
        rows = ", ".join(str(row) for row in result.sample_rows)
        lines.append(
            f"| {step} | {check.table} | {check.name} | {', '.join(check.columns)} "
            f"| {check.severity} | {result.status} | {result.failing_rows} | {rows} |"
        )
    failed = report.blocking + report.warnings
    if failed:
        lines += ["", "## What to fix", ""]
        lines += [f"- **{r.check.severity}**: {r.message()}" for r in failed]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
