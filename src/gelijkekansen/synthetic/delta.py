"""One generated history as two quarterly deliveries: all but the last quarter, then a delta.

The quarterly cycle an HR department runs: the warehouse holds the history up to last quarter,
and this quarter's export brings only what changed. From a generated extraction (CSV dialect)
``split_last_quarter`` writes

- the *base*: the history as it stood at the end of the previous quarter (spells, vacancies
  and stage dates after that day are not known yet: a spell still running then is open, a
  funnel stops at the last stage reached by then);
- the *delta*: every row that is new in the last quarter or differs from the base, plus the
  persons and vacancies those rows refer to, so the delivery passes validation on its own.

Loading the base and then the delta gives the same core tables as loading the full history
(the latest delivery per key wins, docs/data-contract.md), which the tests check.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import polars as pl

from gelijkekansen.config import CONFIG_FILE
from gelijkekansen.contract import FUNNEL_STAGES
from gelijkekansen.periods import parse_period
from gelijkekansen.synthetic.generate import EXTRACTION_FILE
from gelijkekansen.synthetic.settings import extraction_text, period_of

STAGE_DATES = tuple(f"{stage}_on" for stage in FUNNEL_STAGES[1:])
"""The recorded date of each stage after applying; ``applied_on`` is the first."""


@dataclass(frozen=True)
class QuarterlySplit:
    """The two deliveries written: their periods and row counts per table."""

    base_period: str
    delta_period: str
    base_rows: dict[str, int]
    delta_rows: dict[str, int]


def split_last_quarter(full: Path, *, base: Path, delta: Path) -> QuarterlySplit:
    """Write ``full``'s history up to its previous quarter to ``base``, its last to ``delta``."""
    period = _read_period(full)
    first_day, _ = parse_period(period)
    cutoff = (first_day - timedelta(days=1)).isoformat()  # ISO dates compare as text
    tables = {name: _read(full, name) for name in ("persons", "positions", "vacancies")}
    tables["applications"] = _read(full, "applications")
    aggregates = _read(full, "aggregates") if (full / "aggregates.csv").is_file() else None

    positions, vacancies, applications = (
        tables["positions"],
        tables["vacancies"],
        tables["applications"],
    )
    later = pl.col("valid_to").is_not_null() & (pl.col("valid_to") > cutoff)
    base_positions = positions.filter(pl.col("valid_from") <= cutoff).with_columns(
        valid_to=pl.when(later).then(None).otherwise(pl.col("valid_to"))
    )
    delta_positions = positions.filter((pl.col("valid_from") > cutoff) | later)
    closed_later = pl.col("closed_on").is_not_null() & (pl.col("closed_on") > cutoff)
    base_vacancies = vacancies.filter(pl.col("opened_on") <= cutoff).with_columns(
        closed_on=pl.when(closed_later).then(None).otherwise(pl.col("closed_on"))
    )
    base_applications = _funnel_as_of(applications.filter(pl.col("applied_on") <= cutoff), cutoff)
    changed = pl.any_horizontal(
        pl.col(column).is_not_null() & (pl.col(column) > cutoff)
        for column in ("applied_on", *STAGE_DATES)
    )
    delta_applications = applications.filter(changed)
    delta_vacancies = vacancies.filter(
        (pl.col("opened_on") > cutoff)
        | closed_later
        | pl.col("vacancy_id").is_in(delta_applications["vacancy_id"].unique().implode())
    )
    persons = tables["persons"]
    first_spells = positions.group_by("person_id").agg(pl.col("valid_from").min())
    newcomers = first_spells.filter(pl.col("valid_from") > cutoff)["person_id"]
    deliveries = {
        base: {
            "persons": persons.filter(~pl.col("person_id").is_in(newcomers.implode())),
            "positions": base_positions,
            "vacancies": base_vacancies,
            "applications": base_applications,
        },
        delta: {
            "persons": _referenced(persons, delta_positions),
            "positions": delta_positions,
            "vacancies": delta_vacancies,
            "applications": delta_applications,
        },
    }
    if aggregates is not None:
        deliveries[base]["aggregates"] = aggregates.filter(pl.col("period_end") <= cutoff)
        deliveries[delta]["aggregates"] = aggregates.filter(pl.col("period_end") > cutoff)
    base_period = period_of(first_day - timedelta(days=1))
    for folder, frames in deliveries.items():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, frame in frames.items():
            frame.write_csv(folder / f"{name}.csv")
        shutil.copyfile(full / CONFIG_FILE, folder / CONFIG_FILE)
        label = base_period if folder == base else period
        (folder / EXTRACTION_FILE).write_text(extraction_text(label), encoding="utf-8")
    return QuarterlySplit(
        base_period,
        period,
        {name: frame.height for name, frame in deliveries[base].items()},
        {name: frame.height for name, frame in deliveries[delta].items()},
    )


def _funnel_as_of(applications: pl.DataFrame, cutoff: str) -> pl.DataFrame:
    """Each funnel as it stood on ``cutoff``: later stage dates unknown, stopped where it was.

    A candidate whose funnel went on afterwards had not withdrawn at the stage reached by then.
    """
    reached = pl.lit(FUNNEL_STAGES[0])
    for stage, column in zip(FUNNEL_STAGES[1:], STAGE_DATES, strict=True):
        reached = pl.when(pl.col(column) <= cutoff).then(pl.lit(stage)).otherwise(reached)
    went_on = pl.any_horizontal(
        pl.col(column).is_not_null() & (pl.col(column) > cutoff) for column in STAGE_DATES
    )
    return applications.with_columns(
        furthest_stage=pl.when(went_on).then(reached).otherwise(pl.col("furthest_stage")),
        withdrawn=pl.when(went_on).then(pl.lit("nee")).otherwise(pl.col("withdrawn")),
        **{
            column: pl.when(pl.col(column) > cutoff).then(None).otherwise(pl.col(column))
            for column in STAGE_DATES
        },
    )


def _referenced(persons: pl.DataFrame, positions: pl.DataFrame) -> pl.DataFrame:
    return persons.filter(pl.col("person_id").is_in(positions["person_id"].unique().implode()))


def _read(folder: Path, name: str) -> pl.DataFrame:
    """A table as text, so every value is written back exactly as generated."""
    return pl.read_csv(folder / f"{name}.csv", infer_schema=False)


def _read_period(folder: Path) -> str:
    period = tomllib.loads((folder / EXTRACTION_FILE).read_text(encoding="utf-8"))["period"]
    return str(period)
