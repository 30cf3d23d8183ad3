"""Quarters as the analyst writes them (2026Q3) and the dates they stand for."""

from __future__ import annotations

import re
from datetime import date, timedelta

from gelijkekansen.errors import InputError, Location

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


def parse_period(period: str) -> tuple[date, date]:
    """First and last day of a quarter written as YYYYQn."""
    match = _PERIOD.match(period)
    if match is None:
        raise InputError(
            Location("extraction period", column="period"),
            "must be written as a year and quarter, e.g. 2026Q3",
        )
    year, quarter = int(match.group(1)), int(match.group(2))
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return start, end

