"""How big the synthetic organisation is: named presets and a parser for the command line."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

HISTORY_END = "2026-09-30"
"""Last day of the generated history; the extraction belongs to the quarter ending here."""

MAX_INSTITUTES = 99
MAX_SERVICES = 8


@dataclass(frozen=True)
class Scale:
    """Size of one synthetic history; staff numbers are headcounts at any one time."""

    employees: int
    quarters: int
    applications_per_year: int
    institutes: int = 22
    services: int = MAX_SERVICES

    def __post_init__(self) -> None:
        units = self.institutes + self.services
        checks = (
            (1 <= self.institutes <= MAX_INSTITUTES, f"institutes must lie in 1..{MAX_INSTITUTES}"),
            (1 <= self.services <= MAX_SERVICES, f"services must lie in 1..{MAX_SERVICES}"),
            (1 <= self.quarters <= 400, "quarters must lie in 1..400"),
            (self.applications_per_year >= 0, "applications_per_year must not be negative"),
            (
                self.employees >= 10 * units,
                f"employees must be at least 10 per unit ({10 * units} for {units} units)",
            ),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(f"Scale: {message}; got {self}.")

    @property
    def first_day(self) -> date:
        """First day of the history: ``quarters`` whole quarters ending on HISTORY_END."""
        end = date.fromisoformat(HISTORY_END)
        months = end.year * 12 + end.month - 3 * self.quarters
        return date(months // 12, months % 12 + 1, 1)

    def describe(self) -> str:
        """The ``key=value`` form that :func:`parse_scale` reads back."""
        return ",".join(f"{field.name}={getattr(self, field.name)}" for field in fields(self))


SCALES: dict[str, Scale] = {
    "sample": Scale(employees=500, quarters=8, applications_per_year=1_500, institutes=12),
    "hu": Scale(employees=3_500, quarters=40, applications_per_year=15_000),
}
"""Presets: ``sample`` is small enough to commit, ``hu`` is a hogeschool the size of the HU."""

_REQUIRED = ("employees", "quarters", "applications_per_year")
_KEYS = tuple(field.name for field in fields(Scale))


def parse_scale(text: str) -> Scale:
    """A preset name or ``employees=N,quarters=Q,applications_per_year=A[,institutes=I,...]``."""
    text = text.strip()
    if text in SCALES:
        return SCALES[text]
    usage = (
        f"Use a preset ({', '.join(SCALES)}) or "
        "'employees=N,quarters=Q,applications_per_year=A' (optionally institutes=I,services=S)."
    )
    values: dict[str, int] = {}
    for part in filter(None, (item.strip() for item in text.split(","))):
        key, sep, value = (piece.strip() for piece in part.partition("="))
        if not sep or key not in _KEYS:
            raise ValueError(f"Scale '{text}': '{part}' is not a known key=value. {usage}")
        if key in values:
            raise ValueError(f"Scale '{text}': {key} is given twice. {usage}")
        if not value.isdigit():
            raise ValueError(f"Scale '{text}': {key} must be a whole number. {usage}")
        values[key] = int(value)
    missing = [key for key in _REQUIRED if key not in values]
    if missing:
        raise ValueError(f"Scale '{text}': missing {', '.join(missing)}. {usage}")
    return Scale(**values)
