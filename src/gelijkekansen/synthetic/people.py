"""Who the synthetic staff are: demographics, scales and contracts drawn per ladder level.

Shares follow sector figures for hogescholen; new hires are a little younger and more diverse
than the standing staff, as in recent hogeschool intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from gelijkekansen.contract import CODES, NO_LEADERSHIP

LEVELS = ("docent", "hoofddocent", "lector", "ondersteunend", "senior_ondersteunend")
TEACHING = np.array([True, True, True, False, False])
LAYERS = (NO_LEADERSHIP, "teamleider", "directeur", "cvb")
CONTRACTS = ("vast", "tijdelijk", "overig")
HOOFDDOCENT, LECTOR, SENIOR = (
    LEVELS.index(n) for n in ("hoofddocent", "lector", "senior_ondersteunend")
)
GEEN, TEAMLEIDER, DIRECTEUR, CVB = range(len(LAYERS))
VAST, TIJDELIJK = CONTRACTS.index("vast"), CONTRACTS.index("tijdelijk")
WOMAN = CODES["gender"].index("vrouw")

WOMEN = np.array([0.52, 0.43, 0.31, 0.665, 0.56])
"""Share of women per level at the start: about 48% of teaching and 63% of support staff."""
WOMEN_HIRED = np.array([0.52, 0.45, 0.35, 0.665, 0.58])
OTHER_GENDERS = (0.004, 0.008)
"""Shares of ``anders`` and ``onbekend``."""
ORIGIN = {  # nederland, europa, buiten_europa, onbekend
    (True, False): (0.77, 0.08, 0.10, 0.05),
    (False, False): (0.72, 0.08, 0.15, 0.05),
    (True, True): (0.72, 0.09, 0.14, 0.05),
    (False, True): (0.67, 0.09, 0.19, 0.05),
}
"""Keyed by (teaching, new hire); about 75/8/12/5 over all staff."""
DISABILITY = (0.03, 0.80, 0.17)  # ja, nee, onbekend
MEAN_AGE = np.array([44.0, 50.0, 52.0, 43.0, 47.0])
MEAN_AGE_HIRED = np.array([33.0, 42.0, 46.0, 33.0, 39.0])
FTE_TENTHS = np.arange(4, 11)
FTE_SHARES = (0.04, 0.06, 0.10, 0.10, 0.25, 0.10, 0.35)
CONTRACT_SHARES = ((0.82, 0.13, 0.05), (0.30, 0.63, 0.07))
"""(standing staff, new hires) over vast, tijdelijk, overig."""

SCALE_SHARES: dict[str, tuple[dict[int, float], dict[int, float]]] = {
    "docent": ({11: 0.55, 12: 0.45}, {11: 0.8, 12: 0.2}),
    "hoofddocent": ({12: 0.6, 13: 0.4}, {12: 0.8, 13: 0.2}),
    "lector": ({14: 0.6, 15: 0.4}, {14: 0.8, 15: 0.2}),
    "ondersteunend": (
        {4: 0.08, 5: 0.15, 6: 0.2, 7: 0.22, 8: 0.2, 9: 0.15},
        {4: 0.15, 5: 0.2, 6: 0.25, 7: 0.2, 8: 0.12, 9: 0.08},
    ),
    "senior_ondersteunend": (
        {10: 0.35, 11: 0.3, 12: 0.2, 13: 0.15},
        {10: 0.5, 11: 0.3, 12: 0.2},
    ),
}
"""CAO hbo scales per level (standing staff, new hires)."""
MIN_SCALE = np.array([min(SCALE_SHARES[level][0]) for level in LEVELS])
MAX_SCALE = np.array([max(SCALE_SHARES[level][0]) for level in LEVELS])


def _matrix(shares: dict[int, float], width: int = 19) -> npt.NDArray[np.float64]:
    row = np.zeros(width)
    for scale, share in shares.items():
        row[scale] = share
    return row


SCALE_P = np.stack([np.stack([_matrix(SCALE_SHARES[lv][k]) for lv in LEVELS]) for k in (0, 1)])


def categorical(rng: np.random.Generator, probs: npt.NDArray[np.float64]) -> npt.NDArray[np.int8]:
    """One draw per row of ``probs`` (rows need not sum exactly to 1; they are normalised)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0]) * cum[:, -1]
    return np.asarray((u[:, None] >= cum).sum(axis=1), dtype=np.int8)


@dataclass(frozen=True)
class People:
    """Fixed attributes of newly drawn persons, as code indices into the contract lists."""

    birth_year: npt.NDArray[np.int16]
    gender: npt.NDArray[np.int8]
    origin: npt.NDArray[np.int8]
    disability: npt.NDArray[np.int8]


def draw_people(
    rng: np.random.Generator, level: npt.NDArray[Any], year: int, *, hired: bool
) -> People:
    """Demographics for persons at ``level`` in ``year``; ages stay within 22..66."""
    n = level.size
    women = (WOMEN_HIRED if hired else WOMEN)[level]
    gender = np.column_stack(
        [women, 1.0 - women - sum(OTHER_GENDERS), *(np.full(n, s) for s in OTHER_GENDERS)]
    )
    teaching = TEACHING[level]
    origin = np.where(teaching[:, None], ORIGIN[(True, hired)], ORIGIN[(False, hired)]).astype(
        np.float64
    )
    mean_age = (MEAN_AGE_HIRED if hired else MEAN_AGE)[level]
    age = np.clip(np.rint(rng.normal(mean_age, 8.0 if hired else 9.0)), 22 if hired else 23, 66)
    return People(
        birth_year=(year - age).astype(np.int16),
        gender=categorical(rng, gender),
        origin=categorical(rng, origin),
        disability=categorical(rng, np.tile(DISABILITY, (n, 1))),
    )


def draw_jobs(
    rng: np.random.Generator, level: npt.NDArray[Any], *, hired: bool
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.int8]]:
    """CAO scale, FTE in tenths and contract type for persons at ``level``."""
    n = level.size
    scale = categorical(rng, SCALE_P[int(hired)][level])
    fte = FTE_TENTHS[categorical(rng, np.tile(FTE_SHARES, (n, 1)))].astype(np.int8)
    contract = categorical(rng, np.tile(CONTRACT_SHARES[int(hired)], (n, 1)))
    return scale, fte, contract


def age_bands(age: npt.NDArray[np.int64]) -> npt.NDArray[np.int8]:
    """Contract age band index (<25, 25-34, 35-44, 45-54, 55+) of each age."""
    return np.digitize(age, [25, 35, 45, 55]).astype(np.int8)
