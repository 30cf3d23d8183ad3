"""Suite for vacancies: one row per vacancy, at a ladder level from the config."""

from __future__ import annotations

from gelijkekansen.config import Config
from gelijkekansen.contract import VACANCIES
from gelijkekansen.validate.gx_suites import CodeList, Expect, contract_expectations


def expectations(config: Config) -> list[Expect]:
    codes = {
        "ladder_level": CodeList(
            config.ladder.levels,
            "Add it under [ladder] teaching or support in gelijkekansen.toml, "
            "or correct the export.",
        ),
    }
    return contract_expectations(VACANCIES, codes)
