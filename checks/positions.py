"""Suite for positions: employment spells, with ladder, leadership layer, scale and FTE."""

from __future__ import annotations

from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)

from gelijkekansen.config import Config
from gelijkekansen.contract import NO_LEADERSHIP, POSITIONS
from gelijkekansen.validate.gx_runner import (
    CodeList,
    Expect,
    contract_codes,
    contract_expectations,
    plausible,
    plausible_fte,
)

CAO_SCALES = (1, 18)
"""CAO hbo salary scales run from 1 to 18."""


def expectations(config: Config) -> list[Expect]:
    max_fte = config.validation.max_total_fte
    codes = {
        **contract_codes(POSITIONS),
        # Levels and layers are the organisation's own: an unknown one is fixed in the config.
        "ladder_level": CodeList(
            config.ladder.levels,
            "Add it under [ladder] teaching or support in gelijkekansen.toml, "
            "or correct the export.",
        ),
        "leadership_layer": CodeList(
            (*config.leadership_layers, NO_LEADERSHIP),
            f"Add it under [leadership] layers in gelijkekansen.toml, use '{NO_LEADERSHIP}' "
            "for no leadership role, or correct the export.",
        ),
    }
    return [
        *contract_expectations(POSITIONS, codes),
        plausible_fte(POSITIONS, max_fte),
        plausible(
            POSITIONS,
            "cao_scale",
            ExpectColumnValuesToBeBetween(
                column="cao_scale", min_value=CAO_SCALES[0], max_value=CAO_SCALES[1]
            ),
            problem=f"CAO scale outside {CAO_SCALES[0]}-{CAO_SCALES[1]}",
            hint="Export the CAO hbo scale number, not a salary step or amount.",
        ),
    ]
