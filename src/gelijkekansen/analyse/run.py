"""The analyse step: marts in DuckDB, then privacy filter, statistics and exports.

Order matters for privacy: counts are suppressed first, the reference group is picked among the
published groups, statistics are computed, and finally every value of a suppressed row is
nulled. Only the results (``published.*``) leave the warehouse, as Parquet and CSV.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from gelijkekansen.analyse.comparisons import (
    COMPARISON_KEYS,
    compare_selection,
    share_with_interval,
)
from gelijkekansen.analyse.disclosure import filter_counts, population_parts
from gelijkekansen.analyse.exports import DICTIONARY_FILE, Dialect, write_csv, write_dictionary
from gelijkekansen.analyse.ledger import load_memo, record_hidden, store_memo, with_earlier_hidden
from gelijkekansen.analyse.merging import merge_groups
from gelijkekansen.analyse.pay_release import publish_pay
from gelijkekansen.analyse.references import reference_comparison
from gelijkekansen.analyse.restricted import README, restricted_tables, write_readme
from gelijkekansen.analyse.suppression import SHARE_COLUMNS, Memo, hidden_with_total, publishable
from gelijkekansen.analyse.targets import publish_targets
from gelijkekansen.config import Config
from gelijkekansen.contract import CODES, PERSON_DIMENSIONS, TOTAL
from gelijkekansen.errors import GelijkeKansenError
from gelijkekansen.messages import Labels
from gelijkekansen.progress import Progress, silent
from gelijkekansen.warehouse.fingerprint import inputs_fingerprint, record_analysis
from gelijkekansen.warehouse.models import query, run_models
from gelijkekansen.warehouse.runlog import record_run
from gelijkekansen.warehouse.store import first_row, store_frame, write_transaction

REPRESENTATION_COLUMNS = (
    "period_end",
    "population",
    "org_unit",
    "dimension",
    "group",
    "headcount",
    "fte",
    "share",
    "share_ci_low",
    "share_ci_high",
    "suppressed",
    "suppression_reason",
)
SELECTION_COLUMNS = (
    "window_type",
    "window_start",
    "window_end",
    "process",
    "stage",
    "population",
    "org_unit",
    "dimension",
    "group",
    "reference_group",
    "pool",
    "selected",
    "withdrawn",
    "rate",
    "rate_ci_low",
    "rate_ci_high",
    "impact_ratio",
    "ir_ci_low",
    "ir_ci_high",
    "rate_difference_pp",
    "below_four_fifths",
    "p_fisher",
    "p_ztest",
    "q_value",
    "shortfall",
    "shortfall_four_fifths",
    "verdict",
    "suppressed",
    "power_four_fifths",
    "test_level",
    "highest_group",
    "impact_ratio_vs_highest",
    "ir_vs_highest_ci_low",
    "ir_vs_highest_ci_high",
    "below_four_fifths_vs_highest",
    "follow_up_signal",
    "mh_ratio",
    "mh_ci_low",
    "mh_ci_high",
    "p_cmh",
    "q_cmh",
    "verdict_stratified",
    "suppression_reason",
)
RESTRICTED_FOLDER = "restricted"
"""Beside ``metrics/``: the unsuppressed view for the analyst (``analyse.restricted``)."""
LEDGER_KEYS = {
    "representation": ("period_end", "population", "org_unit", "dimension", "group"),
    "selection_rates": (*COMPARISON_KEYS, "group"),
}
"""The columns that name a published cell across releases (``analyse.ledger``)."""
STOCK_COUNT_KEYS = ("window_end", *LEDGER_KEYS["representation"][1:])
"""The same key on the marts' counts, where the quarter end is still ``window_end``."""
RELEASE_WINDOWS = ("all_years", "rolling4q")
"""Windows the published release holds: what the reports read. Quarters and calendar years are
in the restricted view only, since a rolling year adds up from them (docs/metrics.md, Release)."""
SELECTION_VALUES = tuple(
    c
    for c in SELECTION_COLUMNS[9:]
    if c not in ("reference_group", "highest_group", "verdict", "suppressed", "suppression_reason")
)


def analyse(
    warehouse: Path, *, config: Config, out_dir: Path, progress: Progress = silent
) -> list[Path]:
    """Rebuild the marts and the published tables; export them to ``out_dir``."""
    if not warehouse.is_file():
        raise GelijkeKansenError(
            f"{warehouse}: no warehouse to analyse.",
            hint="Load an extraction first: gelijkekansen ingest DIR.",
        )
    started = datetime.now(UTC).replace(tzinfo=None)
    with write_transaction(warehouse, config.warehouse) as con:
        progress("building marts")
        _load_group_reference(con, config)
        run_models(
            con,
            "marts",
            recent_quarters=config.analysis.recent_quarters,
            intersections_by_unit=config.analysis.intersections_by_unit,
        )
        counts = query(
            con,
            "analyse.release_counts",
            windows=list(RELEASE_WINDOWS),
            unit_populations=unit_populations(config),
            intersections_by_unit=config.analysis.intersections_by_unit,
        ).pl()
        counts = merge_groups(counts, config.privacy.merge)
        inputs = inputs_fingerprint(con, config)
        if config.min_cell > 1:
            counts = _with_ledger(con, counts, inputs=inputs)
        progress("privacy filter and statistics")
        memo = load_memo(con)
        tables = {
            "representation": publish_representation(counts, config=config, memo=memo),
            "selection_rates": publish_selection(counts, config=config, memo=memo),
        }
        store_memo(con, memo)
        tables["reference_comparison"] = reference_comparison(
            tables["representation"], tables["selection_rates"], config=config
        )
        progress("targets and projections")
        tables |= publish_targets(con, config, representation=tables["representation"])
        tables |= publish_pay(con, min_cell=config.min_cell, policy=config.privacy)
        for name, frame in tables.items():
            store_frame(con, f"published.{name}", frame)
        period = first_row(con, "select max(extraction_period) from core.delivered_positions")
        detail = ", ".join(f"{name} {frame.height}" for name, frame in tables.items())
        detail += f"; pieces solved {memo.solved}, recalled {memo.recalled}"
        run_id = uuid.uuid4().hex[:12]
        for figure, keys in LEDGER_KEYS.items():
            record_hidden(
                con, tables[figure], figure=figure, keys=keys, inputs=inputs, run_id=run_id
            )
        restricted = (
            restricted_tables(
                con.sql("select * from marts.group_counts").pl(),
                config=config,
                publishers={
                    "representation": publish_representation,
                    "selection_rates": publish_selection,
                },
            )
            if config.privacy.restricted_view
            else {}
        )
        files = _exported_names(tables)
        if restricted:
            files += [
                f"../{RESTRICTED_FOLDER}/{file}" for file in [*_exported_names(restricted), README]
            ]
        record_analysis(con, inputs, run_id=run_id, files=files)
        record_run(
            con,
            run_id,
            "analyse",
            period[0] if period else None,
            "analysed",
            started,
            detail,
        )
    progress("exporting")
    labels = Labels(config.language, config.labels)
    written = export(tables, out_dir=out_dir, dialect=config.export_dialect, labels=labels)
    if restricted:
        folder = out_dir.parent / RESTRICTED_FOLDER
        written += export(restricted, out_dir=folder, dialect=config.export_dialect, labels=labels)
        written.append(write_readme(folder))
    return written


def _with_ledger(
    con: duckdb.DuckDBPyConnection, counts: pl.DataFrame, *, inputs: str
) -> pl.DataFrame:
    """The counts with ``suppressed`` set where a release from other inputs hid the cell."""
    stocks = pl.col("process") == "representation"
    return pl.concat(
        [
            with_earlier_hidden(
                con,
                counts.filter(stocks),
                figure="representation",
                keys=STOCK_COUNT_KEYS,
                inputs=inputs,
            ),
            with_earlier_hidden(
                con,
                counts.filter(~stocks),
                figure="selection_rates",
                keys=LEDGER_KEYS["selection_rates"],
                inputs=inputs,
            ),
        ]
    )


def unit_populations(config: Config) -> list[str]:
    """Populations published per org unit, by single dimensions: the staff and its ladder levels
    (whole, so no part is left to be worked out by subtraction), all leaders and all
    candidates. Leadership layers and internal/external candidates are published
    organisation-wide only, where their cells are large enough to show."""
    levels = [f"ladder:{level}" for level in config.ladder.levels]
    return ["all_staff", "teachers", "support", *levels, "leaders", "candidates:all"]


def target_cells(config: Config) -> pl.Expr | None:
    """The organisation-wide stocks the configured targets read: each target's group and its
    population total (``analyse.targets``)."""
    reads = [
        (pl.col("population") == target.population)
        & (
            ((pl.col("dimension") == target.dimension) & (pl.col("group") == target.group))
            | (pl.col("dimension") == TOTAL)
        )
        for target in config.targets
    ]
    return (pl.col("org_unit") == TOTAL) & pl.any_horizontal(reads) if reads else None


def publish_representation(
    counts: pl.DataFrame, *, config: Config, memo: Memo | None = None
) -> pl.DataFrame:
    """Headcount, FTE and share per quarter end and group, privacy-filtered."""
    frame = counts.filter(pl.col("process") == "representation").rename({"pool": "headcount"})
    frame = filter_counts(
        frame,
        min_cell=config.min_cell,
        intersections=config.analysis.intersections,
        count_columns=["headcount"],
        complement=False,
        shares=True,
        monitored=target_cells(config),
        policy=config.privacy,
        populations=population_parts(config),
        memo=memo,
    )
    frame = frame.rename({"window_end": "period_end"})
    keys = ["period_end", "population", "org_unit"]
    frame = share_with_interval(frame, keys=keys, count="headcount")
    frame = hidden_with_total(frame, keys=keys, columns=SHARE_COLUMNS)
    frame = publishable(
        frame, value_columns=["headcount", "fte", *SHARE_COLUMNS]
    )
    return frame.select(REPRESENTATION_COLUMNS).sort(
        ["period_end", "population", "org_unit", "dimension", "group"]
    )


def publish_selection(
    counts: pl.DataFrame, *, config: Config, memo: Memo | None = None
) -> pl.DataFrame:
    """Selection rates and their comparisons per window, process and stage, privacy-filtered."""
    frame = counts.filter(pl.col("process") != "representation")
    frame = filter_counts(
        frame,
        min_cell=config.min_cell,
        intersections=config.analysis.intersections,
        # withdrawn equals the previous stage's selected minus this stage's pool, so it is a
        # published count too (null outside hiring, where it triggers nothing)
        count_columns=["pool", "selected", "withdrawn"],
        complement=True,
        policy=config.privacy,
        populations=population_parts(config),
        memo=memo,
    )
    frame = compare_selection(frame, analysis=config.analysis)
    frame = publishable(frame, value_columns=list(SELECTION_VALUES))
    return frame.select(SELECTION_COLUMNS).sort(
        # window_end follows from window_type and window_start, so this is their order too
        [*COMPARISON_KEYS, "group"]
    )


def export(
    tables: dict[str, pl.DataFrame],
    *,
    out_dir: Path,
    dialect: Dialect = "csv",
    labels: Labels | None = None,
) -> list[Path]:
    """Parquet and CSV for Excel and Power BI, and the data dictionary beside them; CSV floats
    fixed at 6 decimals for stable diffs, text a spreadsheet would run as a formula neutralised
    (see ``analyse.exports``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        parquet, csv = (out_dir / file for file in _file_names(name))
        frame.write_parquet(parquet)
        write_csv(frame, csv, dialect=dialect, labels=labels or Labels("nl", {}))
        written += [parquet, csv]
    dictionary = out_dir / DICTIONARY_FILE
    write_dictionary(tables, dictionary, dialect=dialect)
    return [*written, dictionary]


def _exported_names(tables: dict[str, pl.DataFrame]) -> list[str]:
    """The files ``export`` writes for ``tables``, relative to its folder."""
    return [*(file for name in tables for file in _file_names(name)), DICTIONARY_FILE]


def _file_names(table: str) -> tuple[str, str]:
    return f"{table}.parquet", f"{table}.csv"


def _load_group_reference(con: duckdb.DuckDBPyConnection, config: Config) -> None:
    """Which dimensions are analysed and their groups (intersections included)."""
    pairs = pl.DataFrame(
        config.analysis.intersections,
        schema={"dimension_a": pl.Utf8, "dimension_b": pl.Utf8},
        orient="row",
    )
    rows: list[tuple[str, str, str | None, str | None]] = [(TOTAL, TOTAL, None, None)]
    for dimension in PERSON_DIMENSIONS:
        rows += [(dimension, group, None, None) for group in CODES[dimension]]
    for first, second in config.analysis.intersections:
        rows += [
            (f"{first}×{second}", f"{a}×{b}", a, b) for a in CODES[first] for b in CODES[second]
        ]
    groups = pl.DataFrame(
        rows,
        schema={"dimension": pl.Utf8, "group": pl.Utf8, "margin_a": pl.Utf8, "margin_b": pl.Utf8},
        orient="row",
    )
    store_frame(con, "marts.ref_intersections", pairs)
    store_frame(con, "marts.ref_groups", groups)
