"""Suite for persons: one row per pseudonymous person, with the group dimensions."""

from __future__ import annotations

from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)

from gelijkekansen.config import Config
from gelijkekansen.contract import PERSONS
from gelijkekansen.validate.gx_suites import Expect, contract_codes, contract_expectations, plausible


def expectations(config: Config) -> list[Expect]:
    bounds = config.validation
    return [
        *contract_expectations(PERSONS, contract_codes(PERSONS)),
        plausible(
            PERSONS,
            "birth_year",
            ExpectColumnValuesToBeBetween(
                column="birth_year",
                min_value=bounds.min_birth_year,
                max_value=bounds.max_birth_year,
            ),
            problem=f"birth year outside {bounds.min_birth_year}-{bounds.max_birth_year}",
            hint="Correct the export, or widen [validation] min_birth_year/max_birth_year.",
        ),
    ]
