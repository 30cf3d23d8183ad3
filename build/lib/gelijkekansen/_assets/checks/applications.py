"""Suite for applications: one row per candidate per vacancy, with the furthest stage.

Stage order, impossible funnels and references to vacancies span columns or tables and are
checked in relational.sql.
"""

from __future__ import annotations

from gelijkekansen.config import Config
from gelijkekansen.contract import APPLICATIONS
from gelijkekansen.validate.gx_suites import Expect, contract_codes, contract_expectations


def expectations(config: Config) -> list[Expect]:
    return contract_expectations(APPLICATIONS, contract_codes(APPLICATIONS))
