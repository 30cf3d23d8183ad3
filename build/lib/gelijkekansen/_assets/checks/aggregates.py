"""Suite for aggregates: counts per unit, period, population, dimension and group.

The allowed groups depend on the dimension, so there is one in-set expectation per dimension,
each limited to its rows with a GX row condition.
"""

from __future__ import annotations

from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.row_conditions import Column

from gelijkekansen.config import Config
from gelijkekansen.contract import AGGREGATES, CODES
from gelijkekansen.validate.gx_suites import (
    CodeList,
    Expect,
    contract_expectations,
    plausible,
)
from gelijkekansen.validate.results import Check

DIMENSIONS = ("gender", "origin", "disability", "age_band")
"""Group dimensions that may arrive as counts instead of per person."""


def expectations(config: Config) -> list[Expect]:
    codes = {
        "population": CodeList(
            config.populations,
            "Use a population from docs/metrics.md, or add the ladder level or leadership layer "
            "to gelijkekansen.toml.",
        ),
        "dimension": CodeList(DIMENSIONS, "Correct the export."),
    }
    return [
        *contract_expectations(AGGREGATES, codes),
        *(_groups_of(dimension) for dimension in DIMENSIONS),
        plausible(
            AGGREGATES,
            "headcount",
            ExpectColumnValuesToBeBetween(column="headcount", min_value=0),
            problem="negative headcount",
            hint="Correct the export.",
        ),
    ]


def _groups_of(dimension: str) -> Expect:
    return Expect(
        Check(
            AGGREGATES.name,
            f"allowed_group_{dimension}",
            "blocking",
            ("group",),
            f"unknown {dimension} group; allowed: {', '.join(CODES[dimension])}",
            f"Map it under [codes.{dimension}] in gelijkekansen.toml or correct the export.",
        ),
        ExpectColumnValuesToBeInSet(
            column="group",
            value_set=list(CODES[dimension]),
            row_condition=Column("dimension") == dimension,
        ),
    )
