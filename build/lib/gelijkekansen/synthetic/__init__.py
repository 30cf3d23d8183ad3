"""A synthetic hogeschool with planted disparities, for tests, demos and benchmarks.

``generate`` writes a complete extraction folder (the contract's tables, gelijkekansen.toml,
extraction.toml) plus ``ground_truth.json`` with the planted effects and what they realised.
"""

from gelijkekansen.synthetic.effects import Effect, load_effects
from gelijkekansen.synthetic.generate import generate
from gelijkekansen.synthetic.scale import SCALES, Scale, parse_scale
from gelijkekansen.synthetic.truth import GroundTruth, GroupCount, RealisedEffect

__all__ = [
    "SCALES",
    "Effect",
    "GroundTruth",
    "GroupCount",
    "RealisedEffect",
    "Scale",
    "generate",
    "load_effects",
    "parse_scale",
]
