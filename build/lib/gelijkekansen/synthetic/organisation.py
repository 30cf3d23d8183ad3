"""The synthetic hogeschool: its units, its standing staff, and how staff change each quarter.

Every quarter, vectorised over all staff: exits, ladder promotions, scale steps, moves between
units, conversions of temporary contracts, leadership entries, then hires that refill each
unit. A person has one change per quarter at most; each change closes the current spell the
day before and opens a new one. Planted effects multiply the chances of their focal group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from gelijkekansen.contract import CODES
from gelijkekansen.synthetic.effects import Effect
from gelijkekansen.synthetic.encoding import decode, pseudonyms
from gelijkekansen.synthetic.people import (
    CONTRACTS,
    CVB,
    DIRECTEUR,
    GEEN,
    HOOFDDOCENT,
    LAYERS,
    LECTOR,
    LEVELS,
    MAX_SCALE,
    MIN_SCALE,
    SENIOR,
    TEACHING,
    TEAMLEIDER,
    TIJDELIJK,
    VAST,
    WOMAN,
    People,
    age_bands,
    draw_jobs,
    draw_people,
)
from gelijkekansen.synthetic.scale import Scale
from gelijkekansen.synthetic.truth import RealisedEffect, Tally

Array = npt.NDArray[Any]

SERVICES = (
    "BESTUURSBUREAU",
    "DIENST-HR",
    "DIENST-FIN",
    "DIENST-ICT",
    "DIENST-ONDERWIJS",
    "DIENST-FACILITAIR",
    "DIENST-COMM",
    "DIENST-STUDENT",
)
SERVICE_WEIGHTS = np.array([0.05, 0.10, 0.08, 0.20, 0.15, 0.20, 0.07, 0.15])
LARGE_INSTITUTES = ("INST03", "INST11")
"""Five times the usual size, so the promotion effect planted there can be detected."""
LARGE_WEIGHT = 5.0
IN_INSTITUTES = 0.706
"""Share of staff in institutes; with 85% of them teaching, 60% of all staff teach."""
COMPOSITION_INSTITUTE = np.array([0.85 * 0.55, 0.85 * 0.42, 0.85 * 0.03, 0.15 * 0.7, 0.15 * 0.3])
COMPOSITION_SERVICE = np.array([0.0, 0.0, 0.0, 0.7, 0.3])

TEAM_SPAN = 15
"""Staff per teamleider."""
CVB_SIZE = 3
LEADER_SCALE = np.array([0, 13, 16, 18])
"""Minimum CAO scale per leadership layer (geen, teamleider, directeur, cvb)."""
LEADER_ELIGIBLE = np.array([1.0, 3.0, 0.0, 0.0, 3.0])
"""Relative chance per level of being picked as teamleider (docent, hoofddocent, ..., senior)."""
LEADER_WOMEN_WEIGHT = 0.75
"""Historical skew in the standing leadership, not a planted effect."""
DIRECTEUR_INTERNAL = 0.6


def _quarterly(annual: Array) -> Array:
    return 1.0 - (1.0 - annual) ** 0.25


PROMOTION_Q = _quarterly(np.array([0.10, 0.006, 0.0, 0.03, 0.0]))
"""Ladder step up per level (docent->hoofddocent 10%/year, hoofddocent->lector, OBP)."""
STEP_Q = _quarterly(np.array([0.06, 0.04, 0.05, 0.08, 0.05]))
"""Scale step within the level while below its top scale."""
MOVE_Q = _quarterly(np.array(0.03))
EXIT_Q = 0.017
EXIT_TIJDELIJK = 1.8
EXIT_LECTOR = 1.5
RETIREMENT_AGE = 67
CONVERSION_Q = 0.10
"""Temporary contracts made permanent per quarter."""
CHANGE_MONTH = (0.5, 0.25, 0.25)
"""Changes, exits included, fall on the first of the quarter's first, second or third month.

The old spell ends the day before, so everyone changing in a quarter is on the staff on its
eve, and a leaver's last day is the end of a month.
"""

FIELDS = ("pid", "unit", "level", "layer", "scale", "fte", "contract", "since")
Staff = dict[str, Array]


@dataclass(frozen=True)
class Units:
    """Institutes and services with their target headcount and level composition."""

    codes: npt.NDArray[np.str_]
    institute: npt.NDArray[np.bool_]
    target: npt.NDArray[np.int64]
    composition: npt.NDArray[np.float64]

    @property
    def teamleiders(self) -> npt.NDArray[np.int64]:
        return np.rint(self.target / TEAM_SPAN).astype(np.int64)

    @property
    def board(self) -> int:
        return int(np.flatnonzero(self.codes == SERVICES[0])[0])


@dataclass(frozen=True)
class Workforce:
    """Persons and their spells, the hires (for vacancies) and the realised person effects."""

    persons: pl.DataFrame
    positions: pl.DataFrame
    hires: pl.DataFrame
    realised: dict[str, RealisedEffect]


def build_units(rng: np.random.Generator, scale: Scale) -> Units:
    """Institutes ``INST01``.. of varied size plus the first ``scale.services`` services."""
    institutes = np.array([f"INST{i:02d}" for i in range(1, scale.institutes + 1)])
    weights = rng.lognormal(0.0, 0.3, institutes.size)
    weights[np.isin(institutes, LARGE_INSTITUTES)] *= LARGE_WEIGHT
    in_institutes = round(scale.employees * IN_INSTITUTES)
    services = np.array(SERVICES[: scale.services])
    target = np.concatenate(
        [
            _apportion(in_institutes, weights),
            _apportion(scale.employees - in_institutes, SERVICE_WEIGHTS[: scale.services]),
        ]
    )
    institute = np.arange(target.size) < institutes.size
    composition = np.where(institute[:, None], COMPOSITION_INSTITUTE, COMPOSITION_SERVICE)
    return Units(np.concatenate([institutes, services]), institute, target, composition)


def _apportion(total: int, weights: Array) -> npt.NDArray[np.int64]:
    """Largest-remainder split of ``total`` in proportion to ``weights``."""
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(counts - exact, kind="stable")[: total - counts.sum()]] += 1
    return np.asarray(counts, dtype=np.int64)


def pick_per_group(
    rng: np.random.Generator,
    group: Array,
    eligible: npt.NDArray[np.bool_],
    weight: Array,
    wanted: npt.NDArray[np.int64],
) -> npt.NDArray[np.bool_]:
    """Weighted sampling without replacement of ``wanted[g]`` eligible rows per group ``g``."""
    rows = np.flatnonzero(eligible & (weight > 0))
    key = rng.exponential(size=rows.size) / weight[rows]
    order = rows[np.lexsort((key, group[rows]))]
    sorted_group = group[order]
    rank = np.arange(order.size) - np.searchsorted(sorted_group, sorted_group)
    chosen = np.zeros(group.size, dtype=bool)
    chosen[order[rank < wanted[sorted_group]]] = True
    return chosen


class _History:
    """Growing person table and closed spells; concatenated once at the end."""

    def __init__(self) -> None:
        self.people: list[People] = []
        self.spells: list[Staff] = []
        self.hires: list[Staff] = []
        self.size = 0

    def add_people(self, people: People) -> npt.NDArray[np.int64]:
        pid = np.arange(self.size, self.size + people.gender.size, dtype=np.int64)
        self.people.append(people)
        self.size += people.gender.size
        return pid

    def close(self, staff: Staff, mask: npt.NDArray[np.bool_], until: Array) -> None:
        spell = {name: values[mask] for name, values in staff.items()}
        spell["until"] = until[mask]
        self.spells.append(spell)

    def person_attributes(self) -> People:
        return People(
            *(np.concatenate([getattr(p, f.name) for p in self.people]) for f in fields(People))
        )


def simulate(rng: np.random.Generator, scale: Scale, effects: Sequence[Effect]) -> Workforce:
    """Run the history quarter by quarter; ``effects`` are the person effects to plant."""
    units = build_units(rng, scale)
    start = np.datetime64(scale.first_day, "M")
    history = _History()
    staff = _initial_staff(rng, units, start, history)
    tally = Tally(effects)
    for quarter in range(scale.quarters):
        people = history.person_attributes()
        staff = _quarter(rng, units, staff, people, start + 3 * quarter, quarter, history, tally)
    history.close(staff, np.ones(staff["pid"].size, dtype=bool), _nat(staff["pid"].size))
    return _workforce(units, history, tally)


def _year(month: np.datetime64) -> int:
    return 1970 + int(month.astype(np.int64)) // 12


def _nat(n: int) -> Array:
    return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")


def _initial_staff(
    rng: np.random.Generator, units: Units, start: np.datetime64, history: _History
) -> Staff:
    """Standing staff at the start, each with a spell begun years earlier (left-censored)."""
    per_level = rng.multinomial(units.target, units.composition)
    unit = np.repeat(np.repeat(np.arange(units.codes.size), len(LEVELS)), per_level.ravel())
    level = np.repeat(np.tile(np.arange(len(LEVELS)), units.codes.size), per_level.ravel())
    level = level.astype(np.int8)
    year = _year(start)
    people = draw_people(rng, level, year, hired=False)
    pid = history.add_people(people)
    scale, fte, contract = draw_jobs(rng, level, hired=False)
    age = year - people.birth_year.astype(np.int64)
    tenure_days = rng.random(pid.size) * np.minimum(age - 22, 25) * 365.25
    since = (start.astype("datetime64[D]") - tenure_days.astype(np.int64)).astype("datetime64[M]")
    staff: Staff = {
        "pid": pid,
        "unit": unit.astype(np.int16),
        "level": level,
        "layer": np.zeros(pid.size, dtype=np.int8),
        "scale": scale,
        "fte": fte,
        "contract": contract,
        "since": since.astype("datetime64[D]"),
    }
    weight = LEADER_ELIGIBLE[level] * np.where(people.gender == WOMAN, LEADER_WOMEN_WEIGHT, 1.0)
    weight *= age >= 30
    none = np.zeros(units.codes.size, dtype=np.int64)
    cvb = pick_per_group(rng, unit, unit == units.board, np.ones(pid.size), none + CVB_SIZE)
    directeur = pick_per_group(rng, unit, ~cvb, weight, none + 1)
    teamleider = pick_per_group(rng, unit, ~cvb & ~directeur, weight, units.teamleiders)
    for layer, chosen in ((TEAMLEIDER, teamleider), (DIRECTEUR, directeur), (CVB, cvb)):
        staff["layer"][chosen] = layer
    staff["level"][cvb] = SENIOR
    _lift_scales(staff, teamleider | directeur | cvb)
    return staff


def _lift_scales(staff: Staff, mask: npt.NDArray[np.bool_]) -> None:
    """Scales at least the minimum of the level and of the leadership layer."""
    floor = np.maximum(MIN_SCALE[staff["level"][mask]], LEADER_SCALE[staff["layer"][mask]])
    staff["scale"][mask] = np.maximum(staff["scale"][mask], floor)


def _in_population(population: str, level: Array) -> npt.NDArray[np.bool_]:
    if population.startswith("ladder:"):
        return np.asarray(level == LEVELS.index(population.removeprefix("ladder:")))
    teaching = TEACHING[level]
    return {"all_staff": np.ones(level.size, dtype=bool), "teachers": teaching}.get(
        population, ~teaching
    )


def _pool(effect: Effect, units: Units, staff: Staff) -> npt.NDArray[np.bool_]:
    """Persons in the effect's scope at the start of the quarter."""
    level, layer = staff["level"], staff["layer"]
    pool = effect.in_units(units.codes[staff["unit"]])
    if effect.process == "promotion":
        return np.asarray(pool & (level == LEVELS.index(str(effect.from_level))), dtype=bool)
    pool &= _in_population(str(effect.population), level)
    if effect.process == "leadership_entry":
        pool &= layer == LAYERS.index(str(effect.layer)) - 1
    return pool


def _quarter(
    rng: np.random.Generator,
    units: Units,
    staff: Staff,
    people: People,
    month: np.datetime64,
    quarter: int,
    history: _History,
    tally: Tally,
) -> Staff:
    """One quarter of changes; returns the staff at its end."""
    n = staff["pid"].size
    level, layer, contract = staff["level"], staff["layer"], staff["contract"]
    age = _year(month) - people.birth_year[staff["pid"]].astype(np.int64)
    groups = {
        "gender": people.gender[staff["pid"]],
        "origin": people.origin[staff["pid"]],
        "disability": people.disability[staff["pid"]],
        "age_band": age_bands(age),
    }
    pools = [_pool(effect, units, staff) for effect in tally.effects]

    def chance(process: str, layer_name: str | None = None) -> Array:
        multiplier = np.ones(n)
        for effect, pool in zip(tally.effects, pools, strict=True):
            if effect.process == process and effect.layer == layer_name:
                focal = pool & (groups[effect.dimension] == effect.group_index(effect.focal_group))
                multiplier[focal] *= effect.ratio
        return multiplier

    p_exit = EXIT_Q * np.where(contract == TIJDELIJK, EXIT_TIJDELIJK, 1.0)
    p_exit = p_exit * np.where(level == LECTOR, EXIT_LECTOR, 1.0) * chance("exit")
    # A spell that began inside this quarter cannot end in it: changes need a later date.
    settled = staff["since"] < month
    exit_ = ((rng.random(n) < p_exit) | (age >= RETIREMENT_AGE)) & settled
    busy = exit_ | ~settled
    promoted = ~busy & (rng.random(n) < PROMOTION_Q[level] * chance("promotion"))
    busy |= promoted
    p_step = STEP_Q[level] * (staff["scale"] < MAX_SCALE[level]) * (layer == GEEN)
    stepped = ~busy & (rng.random(n) < p_step)
    busy |= stepped
    moved, destination = _moves(rng, units, staff, ~busy, chance("mobility"))
    busy |= moved
    converted = ~busy & (contract == TIJDELIJK) & (rng.random(n) < CONVERSION_Q)
    busy |= converted

    stays = ~exit_
    weights = (chance("leadership_entry", "teamleider"), chance("leadership_entry", "directeur"))
    new_tl, new_dir, external_dir = _leaders(rng, units, staff, age, stays, busy, weights)
    external_cvb = max(CVB_SIZE - int(np.sum(stays & (layer == CVB))), 0)

    selected = {"exit": exit_, "promotion": promoted, "mobility": moved}
    for index, effect in enumerate(tally.effects):
        chosen = selected.get(effect.process, new_tl if effect.layer == "teamleider" else new_dir)
        tally.add(index, groups[effect.dimension], pools[index], chosen)

    changed_on = (month + rng.choice(3, size=n, p=CHANGE_MONTH)).astype("datetime64[D]")
    changed = promoted | stepped | moved | converted | new_tl | new_dir
    history.close(staff, changed | exit_, changed_on - 1)
    staff = {name: values.copy() for name, values in staff.items()}
    staff["level"][promoted] += 1
    staff["scale"][stepped] += 1
    staff["unit"][moved] = destination[moved]
    staff["contract"][converted] = VAST
    staff["layer"][new_tl] = TEAMLEIDER
    staff["layer"][new_dir] = DIRECTEUR
    _lift_scales(staff, promoted | new_tl | new_dir)
    staff["since"][changed] = changed_on[changed]
    staff = {name: values[stays] for name, values in staff.items()}
    hires = _hires(rng, units, staff, month, external_dir, external_cvb, history)
    history.hires.append({**hires, "quarter": np.full(hires["pid"].size, quarter)})
    return {name: np.concatenate([staff[name], hires[name]]) for name in FIELDS}


def _leaders(
    rng: np.random.Generator,
    units: Units,
    staff: Staff,
    age: Array,
    stays: npt.NDArray[np.bool_],
    busy: npt.NDArray[np.bool_],
    weights: tuple[Array, Array],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """New teamleiders and internal directeuren, and the units that must hire a directeur.

    Teamleiders come from the unit's own staff; a directeur from its teamleiders or outside.
    """
    level, layer, unit = staff["level"], staff["layer"], staff["unit"]
    wanted_tl = np.maximum(
        units.teamleiders - _count(unit[stays & (layer == TEAMLEIDER)], units), 0
    )
    weight_tl = LEADER_ELIGIBLE[level] * (age >= 30) * weights[0]
    new_tl = pick_per_group(rng, unit, ~busy & (layer == GEEN), weight_tl, wanted_tl)
    missing_dir = _count(unit[stays & (layer == DIRECTEUR)], units) == 0
    internal_dir = missing_dir & (rng.random(missing_dir.size) < DIRECTEUR_INTERNAL)
    new_dir = pick_per_group(rng, unit, ~busy & (layer == TEAMLEIDER), weights[1], internal_dir * 1)
    external_dir = missing_dir & (_count(unit[new_dir], units) == 0)
    return new_tl, new_dir, external_dir


def _count(unit: Array, units: Units) -> npt.NDArray[np.int64]:
    return np.bincount(unit, minlength=units.codes.size)


def _moves(
    rng: np.random.Generator,
    units: Units,
    staff: Staff,
    free: npt.NDArray[np.bool_],
    multiplier: Array,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]]:
    """Moves to another unit: teachers between institutes, support staff anywhere."""
    n = staff["pid"].size
    moved = free & (staff["layer"] == GEEN) & (rng.random(n) < MOVE_Q * multiplier)
    rows = np.flatnonzero(moved)
    teaching = TEACHING[staff["level"][rows]]
    weights = np.where(teaching[:, None], units.target * units.institute, units.target)
    weights = weights.astype(np.float64)
    weights[np.arange(rows.size), staff["unit"][rows]] = 0.0
    cum = np.cumsum(weights, axis=1)
    total = cum[:, -1]
    target = ((rng.random(rows.size) * total)[:, None] >= cum).sum(axis=1)
    moved[rows[total == 0]] = False
    destination = np.zeros(n, dtype=np.int16)
    destination[rows] = np.minimum(target, units.codes.size - 1)
    return moved, destination


def _hires(
    rng: np.random.Generator,
    units: Units,
    staff: Staff,
    month: np.datetime64,
    external_dir: npt.NDArray[np.bool_],
    external_cvb: int,
    history: _History,
) -> Staff:
    """New staff refilling each unit to its target, at the levels most short of it."""
    n_units, n_levels = units.codes.size, len(LEVELS)
    present = np.bincount(
        staff["unit"].astype(np.int64) * n_levels + staff["level"], minlength=n_units * n_levels
    ).reshape(n_units, n_levels)
    leaders = external_dir.astype(np.int64)
    leaders[units.board] += external_cvb
    wanted = np.maximum(units.target - present.sum(axis=1) - leaders, 0)
    short = np.clip(units.target[:, None] * units.composition - present, 0.0, None)
    short = np.where(short.sum(axis=1, keepdims=True) > 0, short, units.composition)
    per_level = rng.multinomial(wanted, short / short.sum(axis=1, keepdims=True)).ravel()
    unit = np.repeat(np.repeat(np.arange(n_units), n_levels), per_level)
    level = np.repeat(np.tile(np.arange(n_levels), n_units), per_level)
    dir_units = np.flatnonzero(external_dir)
    leader_units = np.concatenate([dir_units, np.full(external_cvb, units.board)])
    leader_level = np.where(units.institute[leader_units], HOOFDDOCENT, SENIOR)
    layer = np.concatenate(
        [np.zeros(unit.size), np.full(dir_units.size, DIRECTEUR), [CVB] * external_cvb]
    )
    unit = np.concatenate([unit, leader_units]).astype(np.int16)
    level = np.concatenate([level, leader_level]).astype(np.int8)
    people = draw_people(rng, level, _year(month), hired=True)
    is_leader = layer > 0
    leader_age = np.clip(np.rint(rng.normal(52.0, 6.0, int(is_leader.sum()))), 38, 64)
    people.birth_year[is_leader] = (_year(month) - leader_age).astype(np.int16)
    scale, fte, contract = draw_jobs(rng, level, hired=True)
    fte[is_leader] = 10
    contract[is_leader] = VAST
    staff_new: Staff = {
        "pid": history.add_people(people),
        "unit": unit,
        "level": level,
        "layer": layer.astype(np.int8),
        "scale": scale,
        "fte": fte,
        "contract": contract,
        "since": (month + rng.integers(0, 3, unit.size)).astype("datetime64[D]"),
    }
    _lift_scales(staff_new, is_leader)
    return staff_new


JOB_PREFIX = ("DOC", "HDOC", "LEC", "OBP", "SOBP")
LAYER_PREFIX = ("", "TL", "DIR", "CVB")


def job_codes(level: Array, layer: Array, scale: Array) -> pl.Series:
    """Function code: leadership layer or level, then the CAO scale (e.g. ``HDOC12``, ``TL13``)."""
    prefix = np.where(layer > 0, np.array(LAYER_PREFIX)[layer], np.array(JOB_PREFIX)[level])
    return pl.Series(prefix) + pl.Series(scale.astype(np.int64)).cast(pl.String).str.zfill(2)


def _workforce(units: Units, history: _History, tally: Tally) -> Workforce:
    people = history.person_attributes()
    spells = {name: np.concatenate([s[name] for s in history.spells]) for name in history.spells[0]}
    order = np.lexsort((spells["since"], spells["pid"]))
    spells = {name: values[order] for name, values in spells.items()}
    number = np.arange(1, history.size + 1)
    persons = pl.DataFrame(
        {
            "person_id": pseudonyms("P", number, width=7, total=history.size),
            "birth_year": people.birth_year.astype(np.int64),
            "gender": decode(CODES["gender"], people.gender),
            "origin": decode(CODES["origin"], people.origin),
            "disability": decode(CODES["disability"], people.disability),
        }
    )
    positions = pl.DataFrame(
        {
            "person_id": pseudonyms("P", spells["pid"] + 1, width=7, total=history.size),
            "valid_from": spells["since"],
            "valid_to": spells["until"],
            "org_unit": decode(units.codes.tolist(), spells["unit"]),
            "job_code": job_codes(spells["level"], spells["layer"], spells["scale"]),
            "ladder_level": decode(LEVELS, spells["level"]),
            "leadership_layer": decode(LAYERS, spells["layer"]),
            "cao_scale": spells["scale"].astype(np.int64),
            "fte": spells["fte"] / 10.0,
            "contract_type": decode(CONTRACTS, spells["contract"]),
        }
    )
    hires = {name: np.concatenate([h[name] for h in history.hires]) for name in history.hires[0]}
    hires_frame = pl.DataFrame(
        {
            "quarter": hires["quarter"].astype(np.int64),
            "hired_on": hires["since"],
            "org_unit": decode(units.codes.tolist(), hires["unit"]),
            "job_code": job_codes(hires["level"], hires["layer"], hires["scale"]),
            "ladder_level": decode(LEVELS, hires["level"]),
        }
    )
    return Workforce(persons, positions, hires_frame, tally.realised())
