"""Vacancies and applications: one vacancy per external hire, candidates through the funnel.

Applications are generated per quarter in chunks of bounded size, so twenty million rows never
sit in memory at once. The funnel's base pass rates are scaled down (equally for screening,
interview and offer) when there are more applications than hires need, so that hired external
candidates roughly match the external hires in positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from gelijkekansen.contract import APPLICATIONS, CODES, FUNNEL_STAGES
from gelijkekansen.synthetic.encoding import decode, pseudonyms
from gelijkekansen.synthetic.people import categorical
from gelijkekansen.synthetic.scale import HISTORY_END, Scale
from gelijkekansen.synthetic.truth import Tally

Array = npt.NDArray[Any]

PASS_RATES = {"screened": 0.45, "interviewed": 0.40, "offered": 0.35, "hired": 0.90}
"""Chance of reaching a stage given the previous one, before calibration and effects."""
CALIBRATED = ("screened", "interviewed", "offered")
WITHDRAWAL = {"applied": 0.035, "screened": 0.04, "interviewed": 0.05, "offered": 0.10}
"""Chance of withdrawing at a stage reached (before the decision on the next one)."""
INTERNAL = 0.15
CANDIDATE_SHARES = {
    "gender": (0.55, 0.435, 0.005, 0.01),
    "origin": (0.66, 0.09, 0.20, 0.05),
    "age_band": (0.12, 0.35, 0.25, 0.17, 0.08, 0.03),
}
"""Applicant pools are younger and more diverse than the standing staff."""
STAGE_DAYS = {"screened": (3, 15), "interviewed": (5, 22), "offered": (2, 15), "hired": (5, 31)}
"""Days from the previous stage to this one (lowest, highest + 1)."""
CHUNK_ROWS = 1_000_000


def vacancies(rng: np.random.Generator, hires: pl.DataFrame) -> pl.DataFrame:
    """One vacancy per external hire, opened six to fourteen weeks before the start date."""
    n = hires.height
    opened = hires["hired_on"].to_numpy() - rng.integers(42, 101, n)
    closed = opened + rng.integers(14, 36, n)
    frame = hires.with_columns(opened_on=pl.Series(opened), closed_on=pl.Series(closed)).sort(
        ["quarter", "opened_on", "org_unit", "job_code", "hired_on"], maintain_order=True
    )
    ids = pseudonyms("V", np.arange(1, n + 1), width=6, total=n)
    return frame.select(
        pl.Series("vacancy_id", ids),
        "org_unit",
        "job_code",
        "ladder_level",
        "opened_on",
        "closed_on",
        "quarter",
    )


def per_quarter(scale: Scale) -> npt.NDArray[np.int64]:
    """Applications per quarter, spreading ``applications_per_year`` without rounding drift."""
    edges = scale.applications_per_year * np.arange(scale.quarters + 1) // 4
    return np.diff(edges).astype(np.int64)


def base_rates(n_vacancies: int, n_applications: int) -> dict[str, float]:
    """Pass rates so that expected external hires about equal the vacancies (never raised)."""
    yield_ = (1.0 - INTERNAL) * float(np.prod(list(PASS_RATES.values())))
    yield_ *= float(np.prod([1.0 - w for w in WITHDRAWAL.values()]))
    expected = n_applications * yield_
    factor = min(1.0, n_vacancies / expected) ** (1 / 3) if expected else 1.0
    return {
        stage: rate * factor if stage in CALIBRATED else rate for stage, rate in PASS_RATES.items()
    }


def applications(
    rng: np.random.Generator,
    vacancy_frame: pl.DataFrame,
    counts: npt.NDArray[np.int64],
    rates: dict[str, float],
    tally: Tally,
) -> Iterator[pl.DataFrame]:
    """Applications in vacancy order, chunk by chunk; ``tally`` counts the hiring effects.

    Chunks carry every column of the contract's applications table, optional ones included.
    """
    quarters = vacancy_frame["quarter"].to_numpy()
    total = int(counts.sum())
    next_candidate = 1
    for quarter, n_applications in enumerate(counts):
        rows = np.flatnonzero(quarters == quarter)
        if rows.size == 0 or n_applications == 0:
            continue
        popularity = rng.gamma(2.0, 1.0, rows.size)
        per_vacancy = rng.multinomial(n_applications, popularity / popularity.sum())
        limits = np.arange(1, 1 + n_applications // CHUNK_ROWS) * CHUNK_ROWS
        bounds = np.searchsorted(np.cumsum(per_vacancy), limits)
        for part_rows, part_counts in zip(
            np.split(rows, bounds + 1), np.split(per_vacancy, bounds + 1), strict=True
        ):
            if part_counts.sum() == 0:
                continue
            chunk = _chunk(rng, vacancy_frame[part_rows], part_counts, rates, tally)
            ids = np.arange(next_candidate, next_candidate + chunk.height)
            next_candidate += chunk.height
            candidate = pseudonyms("C", ids, width=8, total=total)
            yield chunk.with_columns(candidate_id=candidate).select(APPLICATIONS.column_names)


def _chunk(
    rng: np.random.Generator,
    vacancy_frame: pl.DataFrame,
    per_vacancy: Array,
    rates: dict[str, float],
    tally: Tally,
) -> pl.DataFrame:
    """Candidates of a run of vacancies and how far each got in the funnel."""
    row = np.repeat(np.arange(vacancy_frame.height), per_vacancy)
    n = row.size
    opened = vacancy_frame["opened_on"].to_numpy()[row]
    days = (vacancy_frame["closed_on"].to_numpy()[row] - opened).astype(np.int64) + 1
    applied_on = opened + np.floor(rng.random(n) * days).astype(np.int64)
    units = vacancy_frame["org_unit"].to_numpy()[row]
    groups = {
        name: categorical(rng, np.tile(shares, (n, 1))) for name, shares in CANDIDATE_SHARES.items()
    }
    stage, withdrawn = _funnel(rng, units, groups, rates, tally)
    boolean = CODES["boolean"]
    return pl.DataFrame(
        {
            "vacancy_id": vacancy_frame["vacancy_id"].gather(row),
            "applied_on": applied_on,
            "internal": decode(boolean, (rng.random(n) >= INTERNAL).astype(np.int8)),
            "furthest_stage": decode(FUNNEL_STAGES, stage),
            "withdrawn": decode(boolean, (~withdrawn).astype(np.int8)),
            **{name: decode(CODES[name], codes) for name, codes in groups.items()},
            **_stage_dates(rng, applied_on, stage),
        }
    )


def _stage_dates(rng: np.random.Generator, applied_on: Array, stage: Array) -> dict[str, Array]:
    """The date each stage was reached (empty if not), never after the end of the history."""
    end = np.datetime64(HISTORY_END, "D")
    reached_on = applied_on
    dates = {}
    for index, name in enumerate(FUNNEL_STAGES[1:], start=1):
        reached_on = np.minimum(reached_on + rng.integers(*STAGE_DAYS[name], stage.size), end)
        dates[f"{name}_on"] = np.where(stage >= index, reached_on, np.datetime64("NaT"))
    return dates


def _funnel(
    rng: np.random.Generator,
    units: Array,
    groups: dict[str, npt.NDArray[np.int8]],
    rates: dict[str, float],
    tally: Tally,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Furthest stage and withdrawal of each candidate, stage by stage."""
    effects = tally.effects
    n = units.size
    stage = np.zeros(n, dtype=np.int8)
    withdrawn = np.zeros(n, dtype=bool)
    active = np.ones(n, dtype=bool)
    scopes = [effect.in_units(units) for effect in effects]
    for index, name in enumerate(FUNNEL_STAGES[1:], start=1):
        leaves = active & (rng.random(n) < WITHDRAWAL[FUNNEL_STAGES[index - 1]])
        withdrawn |= leaves
        active &= ~leaves
        chance = np.full(n, rates[name])
        for effect, scope in zip(effects, scopes, strict=True):
            if effect.stage == name:
                focal = scope & (groups[effect.dimension] == effect.group_index(effect.focal_group))
                chance[focal] *= effect.ratio
        passed = active & (rng.random(n) < chance)
        for number, (effect, scope) in enumerate(zip(effects, scopes, strict=True)):
            if effect.stage == name:
                tally.add(number, groups[effect.dimension], active & scope, passed)
        stage[passed] = index
        active = passed
    return stage, withdrawn
