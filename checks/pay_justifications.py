"""Suite for pay_justifications: the article 10 justifications recorded per year and category.

Only the contract's own checks: a justification must name its year and category and say
something. Whether the category exists in that year's pay is checked in ``relational.sql``.
"""

from __future__ import annotations

from gelijkekansen.config import Config
from gelijkekansen.contract import PAY_JUSTIFICATIONS
from gelijkekansen.validate.gx_runner import Expect, contract_codes, contract_expectations


def expectations(config: Config) -> list[Expect]:
    return contract_expectations(PAY_JUSTIFICATIONS, contract_codes(PAY_JUSTIFICATIONS))
