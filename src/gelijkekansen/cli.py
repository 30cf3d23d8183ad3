"""The command line: parse options, call the library face, print the outcome. No logic here.

Every command is a thin wrapper around one call of ``gelijkekansen`` (``gk.ingest``,
``gk.analyse``, ...), so an analyst can do in a notebook exactly what ``gelijkekansen run`` does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

import gelijkekansen as gk
from gelijkekansen.config import Config, find_config, load_config, warehouse_location
from gelijkekansen.errors import (
    INTERNAL_ERROR,
    GelijkeKansenError,
    environment_fault,
    write_error_log,
)

if TYPE_CHECKING:
    from gelijkekansen.validate.results import ValidationReport

app = typer.Typer(
    name="gelijkekansen",
    help="Equity monitor for hiring, promotion and internal mobility.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
T = TypeVar("T")

OutOption = Annotated[
    Path, typer.Option("--out", help="Output folder: warehouse, metrics, reports, validation.")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="gelijkekansen.toml (default: the extraction's).")
]
WarehouseOption = Annotated[
    Path | None, typer.Option("--warehouse", help="DuckDB file (default: OUT/warehouse.duckdb).")
]
LangOption = Annotated[str | None, typer.Option("--lang", help="Report language: nl or en.")]


def _guarded(action: Callable[[], T], log_dir: Path | None = None) -> T:
    """Run a command; every failure becomes one line and an exit code, never a traceback.

    A user-fixable error prints its message; an operating-system error (read-only folder, full
    disk) names the path and what to do; anything else is a defect: its traceback goes to
    ``log_dir/gelijkekansen-error.log`` (exit code 9, see docs/configuration.md).
    """
    try:
        return action()
    except (typer.Exit, typer.Abort, typer.BadParameter):
        raise
    except GelijkeKansenError as error:
        _fail(error)
    except OSError as error:
        _fail(environment_fault(error))
    except Exception as error:  # the one place that turns a defect into a line
        log = write_error_log(error, log_dir)
        console.print(
            f"[bold red]error:[/] unexpected {type(error).__name__}; this is a defect in "
            f"gelijkekansen. Details are in {log}; please report them.",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(INTERNAL_ERROR) from None


def _fail(error: GelijkeKansenError) -> NoReturn:
    console.print(f"[bold red]error:[/] {error.render()}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code) from None


@contextmanager
def _step(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner for steps that take more than a moment; yields a callback for sub-steps."""
    with console.status(f"{title}…") as status:
        yield lambda detail: status.update(f"{title}: {detail}…")


def _config(extraction: Path | None, explicit: Path | None) -> Config:
    return load_config(find_config(extraction, explicit))


def _warehouse(out: Path, explicit: Path | None, config: Config) -> Path:
    return warehouse_location(config, out=out, explicit=explicit)


def _stored_or_given(out: Path, warehouse: Path | None, config_path: Path | None) -> Config:
    """--config if given, else the settings ingest stored in the warehouse; says which."""
    settings = gk.resolve_config(warehouse or out / "warehouse.duckdb", config_path)
    console.print(f"using {gk.describe_config(settings)}")
    return settings


@app.command()
def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the extraction to.")],
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same bytes.")] = 42,
    scale: Annotated[
        str, typer.Option(help="sample, hu, or employees=N,quarters=Q,applications_per_year=A")
    ] = "hu",
    effects: Annotated[
        Path | None, typer.Option(help="Planted effects (TOML); default: the built-in set.")
    ] = None,
    dialect: Annotated[str, typer.Option(help="csv or excel-nl (;, decimal comma, BOM).")] = "csv",
) -> None:
    """Write a synthetic hogeschool extraction with planted disparities.

    Example: gelijkekansen synth --out data/hu --seed 7 --scale hu
    """
    def action() -> None:
        with _step("generating the synthetic organisation"):
            truth = gk.synth(
                out, seed=seed, scale=scale, effects=effects, dialect=_dialect(dialect)
            )
        console.print(f"wrote {out} ({len(truth.effects)} planted effects in ground_truth.json)")

    _guarded(action, out)


def _dialect(text: str) -> Literal["csv", "excel-nl"]:
    if text == "csv":
        return "csv"
    if text == "excel-nl":
        return "excel-nl"
    raise typer.BadParameter("choose csv or excel-nl", param_hint="--dialect")


@app.command()
def ingest(
    extraction: Annotated[Path, typer.Argument(help="Folder with one quarterly extraction.")],
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    warehouse: WarehouseOption = None,
    period: Annotated[str | None, typer.Option(help="Extraction period, e.g. 2026Q3.")] = None,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Accept a re-delivery in which a table lost more than validation.max_shrink "
            "of its rows.",
        ),
    ] = False,
) -> None:
    """Load one extraction into the warehouse (all or nothing; re-loading is a no-op).

    Example: gelijkekansen ingest exports/2026Q3 --out out
    """
    _guarded(lambda: _ingest(extraction, out, config, warehouse, period, allow_shrink), out)


def _ingest(
    extraction: Path,
    out: Path,
    config_path: Path | None,
    warehouse: Path | None,
    period: str | None,
    allow_shrink: bool = False,
) -> None:
    settings = _config(extraction, config_path)
    target = _warehouse(out, warehouse, settings)
    with _step(f"ingesting {extraction}") as progress:
        result = gk.ingest(
            extraction,
            warehouse=target,
            config=settings,
            period=period,
            allow_shrink=allow_shrink,
            report_dir=out / "validation",
            progress=progress,
        )
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if result.validation is not None:
        _print_validation(result.validation)
    counts = ", ".join(f"{table} {rows}" for table, rows in sorted(result.row_counts.items()))
    console.print(f"{result.status}: period {result.period}, run {result.run_id} ({counts})")


@app.command("snapshots-to-spells")
def snapshots_to_spells(
    snapshots: Annotated[Path, typer.Argument(help="Peildatum snapshots: CSV, Parquet or XLSX.")],
    out: Annotated[Path, typer.Option("--out", help="positions.csv or .parquet to write.")],
    config: ConfigOption = None,
    start: Annotated[
        Literal["observed", "after_previous"],
        typer.Option(help="Spell start: its first peildatum, or the day after the previous one."),
    ] = "observed",
    end_on_exit: Annotated[
        Literal["last_observed", "before_next"],
        typer.Option(help="Spell end at an exit: the last peildatum, or the day before the next."),
    ] = "last_observed",
) -> None:
    """Turn periodic snapshots into the positions table (spells); see docs/data-contract.md.

    Example: gelijkekansen snapshots-to-spells peildata.csv --out exports/2026Q3/positions.csv
    """
    def action() -> None:
        renames = dict(_config(None, config).column_maps.get("snapshots", {}))
        written, spells = gk.snapshots_to_spells(
            snapshots, out, start=start, end_on_exit=end_on_exit, renames=renames
        )
        console.print(f"wrote {written} ({spells} spells)")

    _guarded(action, out.parent)


@app.command()
def validate(
    extraction: Annotated[Path, typer.Argument(help="Folder with one quarterly extraction.")],
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    period: Annotated[str | None, typer.Option(help="Extraction period, e.g. 2026Q3.")] = None,
) -> None:
    """Check an extraction without loading it; writes OUT/validation/validation.md.

    Exit code 4 when a blocking check fails.
    """
    def action() -> None:
        settings = _config(extraction, config)
        with _step(f"validating {extraction}") as progress:
            result = gk.validate(
                extraction,
                config=settings,
                period=period,
                report_dir=out / "validation",
                progress=progress,
            )
        for warning in result.warnings:
            console.print(f"[yellow]warning:[/] {warning}", highlight=False)
        assert result.validation is not None
        _print_validation(result.validation)
        console.print(f"report: {out / 'validation' / 'validation.md'}")
        result.validation.raise_if_blocking()

    _guarded(action, out)


def _print_validation(report: ValidationReport) -> None:
    table = Table(title="Validation")
    for column in ("table", "passed", "warnings", "blocking", "skipped"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for name, counts in report.summary().items():
        table.add_row(
            name,
            *(str(n) for n in (counts.passed, counts.warnings, counts.blocking, counts.skipped)),
        )
    console.print(table)


@app.command()
def analyse(
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    warehouse: WarehouseOption = None,
    dialect: Annotated[
        str | None,
        typer.Option(
            help="CSV exports: csv, or excel-nl (;, decimal comma, BOM, labels beside codes); "
            "default: export.dialect in gelijkekansen.toml."
        ),
    ] = None,
) -> None:
    """Compute representation and selection-rate disparities; export OUT/metrics/ with a
    data dictionary (data-dictionary.csv)."""
    _guarded(lambda: _analyse(out, config, warehouse, dialect), out)


def _analyse(
    out: Path,
    config_path: Path | None,
    warehouse: Path | None,
    dialect: str | None = None,
    *,
    reuse: bool = False,
) -> None:
    settings = _stored_or_given(out, warehouse, config_path)
    if dialect is not None:
        settings = replace(settings, export_dialect=_dialect(dialect))
    target = _warehouse(out, warehouse, settings)
    if reuse and gk.reusable_analysis(target, config=settings, out_dir=out / "metrics"):
        console.print(
            f"analysis unchanged (same deliveries, configuration and version): "
            f"reusing {out / 'metrics'}"
        )
        return
    with _step("analysing") as progress:
        written = gk.analyse(target, config=settings, out_dir=out / "metrics", progress=progress)
    console.print(f"metrics: {', '.join(str(path) for path in written)}")


@app.command()
def report(
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    lang: LangOption = None,
    period: Annotated[
        str | None, typer.Option(help="Quarter to report on, e.g. 2025Q4 (default: latest).")
    ] = None,
    org_unit: Annotated[
        str | None, typer.Option(help="One org unit, e.g. INST03 (default: whole organisation).")
    ] = None,
) -> None:
    """Render the equity report and the leaders & teachers monitor (HTML and PDF), and the pay
    transparency report when the extraction delivered pay.

    Example: gelijkekansen report --out out --period 2025Q4 --org-unit INST03
    """
    _guarded(lambda: _report(out, config, lang, period, org_unit), out)


def _report(
    out: Path,
    config_path: Path | None,
    lang: str | None,
    period: str | None = None,
    org_unit: str | None = None,
    *,
    reuse: bool = False,
) -> None:
    settings = _stored_or_given(out, None, config_path)
    language = lang or settings.language
    if reuse:
        reused = gk.reusable_reports(out, config=settings, language=language)
        if reused is not None:
            console.print("reports unchanged (they show the current analysis): reusing")
            for path in reused:
                console.print(f"report: {path}")
            return
    with _step("rendering reports") as progress:
        written = gk.build_reports(
            out,
            config=settings,
            language=language,
            period=period,
            org_unit=org_unit,
            progress=progress,
        )
    for path in written:
        console.print(f"report: {path}")


@app.command()
def run(
    extraction: Annotated[Path, typer.Argument(help="Folder with one quarterly extraction.")],
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    lang: LangOption = None,
    rebuild: Annotated[
        bool, typer.Option(help="Analyse and render even when nothing changed.")
    ] = False,
) -> None:
    """All steps: ingest, validate, analyse, report.

    When the deliveries, the configuration and the version are those of the last analysis,
    the published metrics and reports are reused (and the output says so); --rebuild redoes them.
    """

    def action() -> None:
        config_path = find_config(extraction, config)
        _ingest(extraction, out, config_path, None, None)
        _analyse(out, config_path, None, reuse=not rebuild)
        _report(out, config_path, lang, reuse=not rebuild)

    _guarded(action, out)


@app.command()
def demo(
    out: OutOption = Path("out/demo"),
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic organisation.")] = 42,
    scale: Annotated[str, typer.Option(help="sample or hu.")] = "hu",
    lang: LangOption = None,
) -> None:
    """Generate the synthetic hogeschool and run every step on it, ending in the reports."""
    extraction = out / "extraction"
    synth(out=extraction, seed=seed, scale=scale, effects=None, dialect="csv")
    run(extraction=extraction, out=out, config=None, lang=lang, rebuild=False)


@app.command()
def runs(
    out: OutOption = Path("out"),
    warehouse: WarehouseOption = None,
) -> None:
    """List the run log: what was loaded when, from which files."""
    def action() -> None:
        target = _warehouse(out, warehouse, Config())
        table = Table(title=f"Runs in {target}")
        rows = gk.list_runs(target)
        for column in ("run_id", "command", "period", "status", "finished_at", "files", "detail"):
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(value) if value is not None else "" for value in row))
        console.print(table)

    _guarded(action, out)


@app.command()
def compare(
    counts: Annotated[Path, typer.Argument(help="CSV with group,pool,selected[,stratum].")],
    reference: Annotated[
        str | None,
        typer.Option(help="largest, highest, rest or a group name (default: the config's)."),
    ] = None,
    min_cell: Annotated[
        int | None, typer.Option(help="Minimum published cell size (default: the config's).")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="gelijkekansen.toml (default: defaults).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write CSV here instead of stdout.")] = None,
) -> None:
    """Compare selection rates from summarised counts (agencies, CBS).

    The organisation's gelijkekansen.toml (--config) sets the minimum cell size and reference
    group; the options override it. Example: gelijkekansen compare counts.csv --reference man
    """

    def action() -> None:
        settings = _config(None, config)
        text = gk.compare(
            counts,
            reference=reference or settings.analysis.reference,
            min_cell=settings.min_cell if min_cell is None else min_cell,
        )
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")

    _guarded(action, out.parent if out else None)


@app.command()
def paygap(
    pay: Annotated[Path, typer.Argument(help="CSV with gender,hourly_pay[,variable_pay].")],
    by: Annotated[
        str | None, typer.Option(help="Column with the category of workers (article 9(1)(g)).")
    ] = None,
    min_cell: Annotated[
        int, typer.Option(min=1, help="Minimum workers per gender and group.")
    ] = 10,
    justifications: Annotated[
        Path | None, typer.Option(help="CSV category,justification for article 10.")
    ] = None,
    report_date: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Submission date; remedy by six months later."),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write CSV here instead of stdout.")] = None,
) -> None:
    """Gender pay gap indicators of EU Directive 2023/970 (article 9) from one row per worker.

    Example: gelijkekansen paygap pay.csv --by category --min-cell 5
    """
    def action() -> None:
        text = gk.paygap(
            pay,
            by=by,
            min_cell=min_cell,
            justifications=justifications,
            report_date=report_date.date() if report_date else None,
        )
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")

    _guarded(action)


@app.command("audit-release")
def audit_release(
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    width: Annotated[
        int | None, typer.Option(help="Protection width (default: the configured one).")
    ] = None,
    budget: Annotated[
        float | None, typer.Option(help="Stop the interval LPs after this many seconds.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Threads for the interval LPs (default: one per CPU core)."),
    ] = None,
) -> None:
    """Audit OUT/metrics as an attacker would: fail on small published counts or hidden
    counts that the documented relations narrow too far.

    Example: gelijkekansen audit-release --out out --budget 300
    """
    def action() -> None:
        report = gk.audit_release(
            out / "metrics",
            config=_config(None, config),
            width=width,
            budget_seconds=budget,
            workers=workers or os.cpu_count() or 1,
        )
        console.print(f"relations: {', '.join(report.families)}")
        if report.inexact_families:
            console.print(f"left out (not exact): {', '.join(report.inexact_families)}")
        console.print(
            f"hidden counts checked {report.hidden_checked}, skipped {report.hidden_skipped}; "
            f"published small {len(report.published_small)}, too narrow {len(report.too_narrow)}"
        )
        for line in [*report.published_small, *report.too_narrow][:50]:
            console.print(f"  {line}")
        if not report.passed:
            raise typer.Exit(1)

    _guarded(action)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """gelijkekansen: equal opportunities in hiring, promotion and mobility."""
    if version:
        typer.echo(gk.__version__)
        raise typer.Exit()
