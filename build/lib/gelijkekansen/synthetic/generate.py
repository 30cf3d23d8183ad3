"""Generate one synthetic extraction folder with its ground truth."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from numpy.random import PCG64, Generator, SeedSequence

from gelijkekansen.config import CONFIG_FILE
from gelijkekansen.contract import (
    AGGREGATES,
    APPLICATIONS,
    PERSONS,
    POSITIONS,
    VACANCIES,
    Table,
)
from gelijkekansen.synthetic import aggregates, recruitment
from gelijkekansen.synthetic.effects import PLANTED, load_effects, packaged
from gelijkekansen.synthetic.organisation import simulate
from gelijkekansen.synthetic.scale import HISTORY_END, Scale
from gelijkekansen.synthetic.settings import config_text, extraction_text, period_of
from gelijkekansen.synthetic.truth import GroundTruth, Tally
from gelijkekansen.synthetic.writer import DIALECTS, Dialect, write_chunks, write_table

GROUND_TRUTH = "ground_truth.json"
EXTRACTION_FILE = "extraction.toml"


def generate(
    out: Path,
    *,
    seed: int = 42,
    scale: Scale,
    effects: Path | None = None,
    dialect: Dialect = "csv",
) -> GroundTruth:
    """Write a synthetic extraction to ``out``; same seed and scale give the same bytes.

    ``effects`` names a TOML file of planted effects; ``None`` uses the packaged planted.toml.
    """
    if dialect not in DIALECTS:
        raise ValueError(f"Unknown dialect '{dialect}'; use one of {', '.join(DIALECTS)}.")
    effects_path = effects or packaged(PLANTED)
    planted = load_effects(effects_path)
    hiring = [effect for effect in planted if effect.process == "hiring"]
    person = [effect for effect in planted if effect.process != "hiring"]
    org_stream, vacancy_stream, application_stream = (
        Generator(PCG64(child)) for child in SeedSequence(seed).spawn(3)
    )
    workforce = simulate(org_stream, scale, person)
    vacancy_frame = recruitment.vacancies(vacancy_stream, workforce.hires)
    counts = recruitment.per_quarter(scale)
    rates = recruitment.base_rates(vacancy_frame.height, int(counts.sum()))
    hiring_tally = Tally(hiring)

    end = date.fromisoformat(HISTORY_END)
    survey = aggregates.disability_counts(
        workforce.persons, workforce.positions, aggregates.survey_dates(scale.first_day, end)
    )
    out.mkdir(parents=True, exist_ok=True)
    tables = {
        PERSONS: workforce.persons,
        POSITIONS: workforce.positions,
        VACANCIES: vacancy_frame,
        AGGREGATES: survey,
    }
    for table, frame in tables.items():
        write_table(frame.select(table.column_names), _csv(out, table), dialect)
    chunks = recruitment.applications(
        application_stream, vacancy_frame, counts, rates, hiring_tally
    )
    write_chunks(chunks, _csv(out, APPLICATIONS), dialect, columns=APPLICATIONS.column_names)
    period = period_of(end)
    (out / CONFIG_FILE).write_text(config_text(), encoding="utf-8")
    (out / EXTRACTION_FILE).write_text(extraction_text(period), encoding="utf-8")

    realised = {**workforce.realised, **hiring_tally.realised()}
    truth = GroundTruth(
        seed=seed,
        scale=scale,
        period=period,
        effects_file=effects_path.name,
        hiring_base_rates=rates,
        effects=tuple(realised[effect.effect_id] for effect in planted),
    )
    (out / GROUND_TRUTH).write_text(truth.to_json(), encoding="utf-8")
    return truth


def _csv(out: Path, table: Table) -> Path:
    return out / f"{table.name}.csv"
