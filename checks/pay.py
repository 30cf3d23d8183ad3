"""Suite for pay: one row per person per calendar year (EU pay transparency, optional table).

Amounts may not be negative; hours and FTE must be plausible for one worker in one year.
Whether a person is known and whether hours or FTE is given look across columns or tables and
live in ``relational.sql``.
"""

from __future__ import annotations

from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)

from gelijkekansen.config import Config
from gelijkekansen.contract import PAY
from gelijkekansen.validate.gx_runner import (
    Expect,
    contract_codes,
    contract_expectations,
    plausible,
    plausible_fte,
)

MAX_PAID_HOURS = 3_000
"""More than 3,000 paid hours in a year (about 58 a week) is an export error, not overtime."""
YEARS = (2000, 2100)


def expectations(config: Config) -> list[Expect]:
    max_fte = config.validation.max_total_fte
    return [
        *contract_expectations(PAY, contract_codes(PAY)),
        *(
            plausible(
                PAY,
                column,
                ExpectColumnValuesToBeBetween(column=column, min_value=0),
                problem="negative amount",
                hint="Export gross amounts in euro; corrections belong to the year they concern.",
                severity="blocking",
            )
            for column in ("basic_annual_pay", "variable_pay")
        ),
        plausible(
            PAY,
            "paid_hours",
            ExpectColumnValuesToBeBetween(
                column="paid_hours", min_value=0, max_value=MAX_PAID_HOURS, strict_min=True
            ),
            problem=f"paid hours outside (0, {MAX_PAID_HOURS}]",
            hint="Export the paid hours of the year, not of a week or month.",
        ),
        plausible_fte(PAY, max_fte),
        plausible(
            PAY,
            "year",
            ExpectColumnValuesToBeBetween(column="year", min_value=YEARS[0], max_value=YEARS[1]),
            problem=f"year outside {YEARS[0]}-{YEARS[1]}",
            hint="Export the calendar year as four digits.",
            severity="blocking",
        ),
    ]
