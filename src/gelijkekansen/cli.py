"""The command line: parse options, call the library, print the outcome. No logic lives here.

Every command is a thin wrapper around a documented Python call, so an analyst can do in a
notebook exactly what ``gelijkekansen run`` does, step by step.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from gelijkekansen import __version__
from gelijkekansen.config import Config, find_config, load_config, warehouse_location
from gelijkekansen.errors import (
    INTERNAL_ERROR,
    GelijkeKansenError,
    environment_fault,
    write_error_log,
)

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
    from gelijkekansen.synthetic import generate, parse_scale

    def action() -> None:
        with _step("generating the synthetic organisation"):
            truth = generate(
                out, seed=seed, scale=parse_scale(scale), effects=effects, dialect=_dialect(dialect)
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
    from gelijkekansen.ingest.load import ingest as load

    settings = _config(extraction, config_path)
    target = _warehouse(out, warehouse, settings)
    with _step(f"ingesting {extraction}") as progress:
        result = load(
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
    from gelijkekansen.ingest.snapshots import snapshots_to_spells as convert
    from gelijkekansen.ingest.snapshots import write_spells

    def action() -> None:
        renames = _config(None, config).column_maps.get("snapshots", {})
        spells = convert(snapshots, start=start, end_on_exit=end_on_exit, renames=renames)
        console.print(f"wrote {write_spells(spells, out)} ({spells.height} spells)")

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
    from gelijkekansen.ingest.load import ingest as load

    def action() -> None:
        settings = _config(extraction, config)
        scratch = out / "validation" / "dry-run.duckdb"
        with _step(f"validating {extraction}") as progress:
            result = load(
                extraction,
                warehouse=scratch,
                config=settings,
                period=period,
                dry_run=True,
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


def _print_validation(report: object) -> None:
    from gelijkekansen.validate.results import ValidationReport

    assert isinstance(report, ValidationReport)
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
    out: Path, config_path: Path | None, warehouse: Path | None, dialect: str | None = None
) -> None:
    from gelijkekansen.analyse.run import analyse as run_analysis

    settings = _config(None, config_path)
    if dialect is not None:
        settings = replace(settings, export_dialect=_dialect(dialect))
    target = _warehouse(out, warehouse, settings)
    with _step("analysing") as progress:
        written = run_analysis(target, config=settings, out_dir=out / "metrics", progress=progress)
    console.print(f"metrics: {', '.join(str(path) for path in written)}")


@app.command()
def report(
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    """Render the equity report and the leaders & teachers monitor (HTML and PDF)."""
    _guarded(lambda: _report(out, config, lang), out)


def _report(out: Path, config_path: Path | None, lang: str | None) -> None:
    from gelijkekansen.report.build import build_reports

    settings = _config(None, config_path)
    with _step("rendering reports") as progress:
        written = build_reports(
            out, config=settings, language=lang or settings.language, progress=progress
        )
    for path in written:
        console.print(f"report: {path}")


@app.command()
def run(
    extraction: Annotated[Path, typer.Argument(help="Folder with one quarterly extraction.")],
    out: OutOption = Path("out"),
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    """All steps: ingest, validate, analyse, report."""

    def action() -> None:
        config_path = find_config(extraction, config)
        _ingest(extraction, out, config_path, None, None)
        _analyse(out, config_path, None)
        _report(out, config_path, lang)

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
    run(extraction=extraction, out=out, config=None, lang=lang)


@app.command()
def runs(
    out: OutOption = Path("out"),
    warehouse: WarehouseOption = None,
) -> None:
    """List the run log: what was loaded when, from which files."""
    from gelijkekansen.warehouse.runlog import list_runs

    def action() -> None:
        target = _warehouse(out, warehouse, Config())
        table = Table(title=f"Runs in {target}")
        rows = list_runs(target)
        for column in ("run_id", "command", "period", "status", "finished_at", "files", "detail"):
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(value) if value is not None else "" for value in row))
        console.print(table)

    _guarded(action, out)


@app.command()
def compare(
    counts: Annotated[Path, typer.Argument(help="CSV with group,pool,selected[,stratum].")],
    reference: Annotated[str, typer.Option(help="highest or a group name.")] = "highest",
    min_cell: Annotated[int, typer.Option(help="Minimum published cell size.")] = 10,
    out: Annotated[Path | None, typer.Option(help="Write CSV here instead of stdout.")] = None,
) -> None:
    """Compare selection rates from summarised counts (agencies, CBS).

    Example: gelijkekansen compare counts.csv --reference man
    """
    from gelijkekansen.analyse.compare import compare_counts

    def action() -> None:
        text = compare_counts(counts, reference=reference, min_cell=min_cell)
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")

    _guarded(action, out.parent if out else None)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    """gelijkekansen: equal opportunities in hiring, promotion and mobility."""
    if version:
        typer.echo(__version__)
        raise typer.Exit()
