"""Planted effects: group differences written into the synthetic processes, read from TOML.

The effects live in a data file (``planted.toml``, ``null.toml``) rather than in code so that a
test or a benchmark can plant other differences without touching the generator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt

from gelijkekansen.config import read_toml
from gelijkekansen.contract import CODES, FUNNEL_STAGES
from gelijkekansen.errors import ConfigError
from gelijkekansen.synthetic.people import LAYERS, LEVELS

Process = Literal["hiring", "promotion", "mobility", "exit", "leadership_entry"]
PROCESSES: tuple[str, ...] = ("hiring", "promotion", "mobility", "exit", "leadership_entry")
PERSON_DIMENSIONS = ("gender", "origin", "disability", "age_band")
CANDIDATE_DIMENSIONS = ("gender", "origin", "age_band")
PROMOTION_STEPS = tuple((LEVELS[i], LEVELS[i + 1]) for i in (0, 1, 3))
"""One step up the teaching ladder (twice) or the support ladder."""
ENTRY_LAYERS = LAYERS[1:3]
"""Layers entered from the one below; the board (cvb) is always recruited externally."""
POPULATIONS = ("all_staff", "teachers", "support")

PLANTED = "planted.toml"
NULL = "null.toml"


@dataclass(frozen=True)
class Effect:
    """One planted difference: ``focal_group`` gets ``ratio`` times the reference's chance."""

    effect_id: str
    process: Process
    dimension: str
    focal_group: str
    reference: tuple[str, ...]
    ratio: float
    org_units: tuple[str, ...] | None = None
    stage: str | None = None
    from_level: str | None = None
    to_level: str | None = None
    population: str | None = None
    layer: str | None = None
    description: str = ""

    def in_units(self, units: npt.NDArray[np.str_]) -> npt.NDArray[np.bool_]:
        """Which of ``units`` lie in the effect's scope (all units when none are named)."""
        if self.org_units is None:
            return np.ones(units.shape, dtype=bool)
        return np.isin(units, self.org_units)

    def group_index(self, group: str) -> int:
        return CODES[self.dimension].index(group)

    def as_dict(self) -> dict[str, Any]:
        """The effect's parameters as written to ground_truth.json."""
        return {
            "id": self.effect_id,
            "description": self.description,
            "process": self.process,
            "stage": self.stage,
            "from_level": self.from_level,
            "to_level": self.to_level,
            "population": self.population,
            "layer": self.layer,
            "org_units": list(self.org_units) if self.org_units is not None else "all",
            "dimension": self.dimension,
            "focal_group": self.focal_group,
            "reference": list(self.reference),
            "ratio": self.ratio,
        }


def packaged(name: str) -> Path:
    """Path of an effects file shipped with the package (``planted.toml`` or ``null.toml``)."""
    return Path(str(files("gelijkekansen.synthetic").joinpath(name)))


def load_effects(path: Path | None = None) -> tuple[Effect, ...]:
    """Read and validate an effects file; ``None`` reads the packaged ``planted.toml``."""
    path = path or packaged(PLANTED)
    raw = read_toml(path)
    items = raw.get("effects", [])
    if not isinstance(items, list) or not all(isinstance(item, Mapping) for item in items):
        raise ConfigError(f"{path}: effects must be an array of tables ([[effects]]).")
    effects = tuple(_effect(item, f"{path}: effects[{n}]") for n, item in enumerate(items, 1))
    ids = [effect.effect_id for effect in effects]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"{path}: effect ids must be unique.")
    return effects


def _effect(item: Mapping[str, Any], where: str) -> Effect:
    def text(key: str, default: str | None = None) -> str | None:
        value = item.get(key, default)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{where}.{key} must be a text.")
        return value

    def need(ok: bool, key: str, expected: str) -> None:
        if not ok:
            raise ConfigError(f"{where}.{key} must be {expected}.")

    effect_id = text("id")
    need(bool(effect_id), "id", "a non-empty text")
    process = text("process")
    need(process in PROCESSES, "process", "one of " + ", ".join(PROCESSES))
    dimension = text("dimension") or ""
    dimensions = CANDIDATE_DIMENSIONS if process == "hiring" else PERSON_DIMENSIONS
    need(dimension in dimensions, "dimension", "one of " + ", ".join(dimensions))
    codes = CODES[dimension]
    focal = text("focal_group")
    need(focal in codes, "focal_group", "one of " + ", ".join(codes))
    reference = item.get("reference")
    need(
        isinstance(reference, list)
        and bool(reference)
        and all(g in codes and g != focal for g in reference),
        "reference",
        "a non-empty list of other groups from " + ", ".join(codes),
    )
    ratio = item.get("ratio")
    need(
        isinstance(ratio, int | float) and not isinstance(ratio, bool) and ratio > 0,
        "ratio",
        "a positive number",
    )
    units = item.get("org_units", "all")
    need(
        units == "all" or (isinstance(units, list) and all(isinstance(u, str) for u in units)),
        "org_units",
        '"all" or a list of org unit codes',
    )
    stage = text("stage")
    from_level, to_level = text("from_level"), text("to_level")
    population = None
    layer = text("layer")
    if process == "hiring":
        need(stage in FUNNEL_STAGES[1:], "stage", "one of " + ", ".join(FUNNEL_STAGES[1:]))
    if process == "promotion":
        need(
            (from_level, to_level) in PROMOTION_STEPS,
            "from_level/to_level",
            "one ladder step: " + ", ".join(f"{a}->{b}" for a, b in PROMOTION_STEPS),
        )
    elif process != "hiring":
        population = text("population", "all_staff")
        populations = POPULATIONS + tuple(f"ladder:{level}" for level in LEVELS)
        need(population in populations, "population", "one of " + ", ".join(populations))
    if process == "leadership_entry":
        need(layer in ENTRY_LAYERS, "layer", "one of " + ", ".join(ENTRY_LAYERS))
    return Effect(
        effect_id=str(effect_id),
        process=cast(Process, process),
        dimension=dimension,
        focal_group=cast(str, focal),
        reference=tuple(cast(list[str], reference)),
        ratio=float(cast(float, ratio)),
        org_units=None if units == "all" else tuple(cast(list[str], units)),
        stage=stage,
        from_level=from_level,
        to_level=to_level,
        population=population,
        layer=layer,
        description=text("description", "") or "",
    )
