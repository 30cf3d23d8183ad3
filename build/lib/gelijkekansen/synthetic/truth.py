"""The ground truth of one synthetic history: what was planted and what it produced.

Tests and benchmarks compare the engine's findings with these realised counts, so they are
tallied in the generator itself, in the same scope (pool, selected per group) as each effect.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from gelijkekansen.contract import CODES
from gelijkekansen.synthetic.effects import Effect
from gelijkekansen.synthetic.scale import Scale


@dataclass(frozen=True)
class GroupCount:
    """Pool and selected of one group; ``rate`` is 0 for an empty pool."""

    pool: int
    selected: int

    @property
    def rate(self) -> float:
        return self.selected / self.pool if self.pool else 0.0


@dataclass(frozen=True)
class RealisedEffect:
    """One planted effect with the counts it realised, per group of its dimension."""

    effect: Effect
    groups: Mapping[str, GroupCount]

    @property
    def focal(self) -> GroupCount:
        return self.groups[self.effect.focal_group]

    @property
    def reference(self) -> GroupCount:
        """The reference groups pooled, as the effect compares against them together."""
        chosen = [self.groups[group] for group in self.effect.reference]
        return GroupCount(sum(g.pool for g in chosen), sum(g.selected for g in chosen))

    @property
    def ratio(self) -> float:
        """Realised focal rate over reference rate; NaN when the reference never selected."""
        reference = self.reference.rate
        return self.focal.rate / reference if reference else float("nan")

    def as_dict(self) -> dict[str, Any]:
        def counts(group: GroupCount) -> dict[str, Any]:
            return {"pool": group.pool, "selected": group.selected, "rate": round(group.rate, 6)}

        return {
            **self.effect.as_dict(),
            "realised": {
                "groups": {name: counts(group) for name, group in self.groups.items()},
                "focal": counts(self.focal),
                "reference": counts(self.reference),
                "ratio": None if np.isnan(self.ratio) else round(self.ratio, 6),
            },
        }


@dataclass(frozen=True)
class GroundTruth:
    """Everything a test needs to check the engine against the generator."""

    seed: int
    scale: Scale
    period: str
    effects_file: str
    hiring_base_rates: Mapping[str, float]
    effects: tuple[RealisedEffect, ...]

    def effect(self, effect_id: str) -> RealisedEffect:
        for realised in self.effects:
            if realised.effect.effect_id == effect_id:
                return realised
        raise KeyError(effect_id)

    def to_json(self) -> str:
        """Stable JSON (sorted keys, rounded rates) so equal inputs give equal bytes."""
        document = {
            "seed": self.seed,
            "scale": self.scale.describe(),
            "period": self.period,
            "effects_file": self.effects_file,
            "hiring_base_rates": {k: round(v, 6) for k, v in self.hiring_base_rates.items()},
            "windows": "per quarter: pool = staff on the eve of the quarter, selected = event "
            "dated within it; hiring: pool = candidates who reached the previous stage and did "
            "not withdraw there, selected = reached the stage",
            "effects": [realised.as_dict() for realised in self.effects],
        }
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Tally:
    """Running pool and selected counts per group for each effect of one process."""

    def __init__(self, effects: Sequence[Effect]) -> None:
        self.effects = tuple(effects)
        self._pool = [np.zeros(len(CODES[e.dimension]), dtype=np.int64) for e in self.effects]
        self._selected = [np.zeros_like(pool) for pool in self._pool]

    def add(
        self,
        index: int,
        codes: npt.NDArray[np.int8],
        pool: npt.NDArray[np.bool_],
        selected: npt.NDArray[np.bool_],
    ) -> None:
        """Count ``pool`` and ``pool & selected`` by group code for effect ``index``."""
        size = len(self._pool[index])
        self._pool[index] += np.bincount(codes[pool], minlength=size)
        self._selected[index] += np.bincount(codes[pool & selected], minlength=size)

    def realised(self) -> dict[str, RealisedEffect]:
        out = {}
        for effect, pool, selected in zip(self.effects, self._pool, self._selected, strict=True):
            groups = {
                code: GroupCount(int(p), int(s))
                for code, p, s in zip(CODES[effect.dimension], pool, selected, strict=True)
            }
            out[effect.effect_id] = RealisedEffect(effect, groups)
        return out
