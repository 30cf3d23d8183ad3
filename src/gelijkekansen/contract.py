"""The data contract: tables, columns, types and codes of one quarterly extraction.

This module is the single source of truth. The readers cast with it, the privacy guard and the
validation suites check against it, the synthetic generator writes it, and
``docs/data-contract.md`` is checked against it by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["str", "int", "float", "date", "bool"]

UNKNOWN = "onbekend"
TOTAL = "totaal"
"""The label of a total: the whole organisation as org unit, all groups as dimension and group."""
MERGED = "/"
"""Joins the groups published as one (``[privacy.merge]``): ``anders/onbekend``."""
PERSON_DIMENSIONS: tuple[str, ...] = ("gender", "origin", "disability", "age_band")
"""The dimensions every comparison is split by (intersections come from the configuration)."""
FIXED_DIMENSIONS: tuple[str, ...] = ("gender", "origin", "disability")
"""Attributes that do not change over a career, so targets can be set and projected on them."""
"""The explicit unknown/declined code: a first-class category in every dimension, never imputed."""


@dataclass(frozen=True)
class Column:
    """One column of a contract table; ``codes`` names the code list it must draw from."""

    name: str
    type: ColumnType
    description: str
    required: bool = True
    nullable: bool = False
    codes: str | None = None


@dataclass(frozen=True)
class Table:
    """One file of the extraction; ``key`` identifies a row across re-deliveries."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    optional: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


CODES: dict[str, tuple[str, ...]] = {
    "gender": ("vrouw", "man", "anders", UNKNOWN),
    # CBS herkomst classification since 2022 (country of birth of the person or the parents).
    "origin": ("nederland", "europa", "buiten_europa", UNKNOWN),
    "disability": ("ja", "nee", UNKNOWN),
    "age_band": ("<25", "25-34", "35-44", "45-54", "55+", UNKNOWN),
    "staff_category": ("op", "obp"),
    "contract_type": ("vast", "tijdelijk", "overig"),
    "stage": ("applied", "screened", "interviewed", "offered", "hired"),
    "boolean": ("ja", "nee"),
}
"""Canonical codes; a source system's own codes are mapped onto them under [codes.*]."""

FUNNEL_STAGES: tuple[str, ...] = CODES["stage"]

PERSONS = Table(
    name="persons",
    description="One row per person (employee, past or present); pseudonymous.",
    key=("person_id",),
    columns=(
        Column("person_id", "str", "Pseudonymous person id, stable across deliveries."),
        Column("birth_year", "int", "Year of birth (never an exact date).", nullable=True),
        Column("gender", "str", "Gender as registered or self-identified.", codes="gender"),
        Column("origin", "str", "CBS 2022 origin (herkomst), voluntary.", codes="origin"),
        Column("disability", "str", "Banenafspraak target group, voluntary.", codes="disability"),
    ),
)

POSITIONS = Table(
    name="positions",
    description="Employment spells: one row per person per period in one position.",
    key=("person_id", "valid_from"),
    columns=(
        Column("person_id", "str", "Pseudonymous person id (see persons)."),
        Column("valid_from", "date", "First day of the spell."),
        Column("valid_to", "date", "Last day of the spell; empty while it lasts.", nullable=True),
        Column("org_unit", "str", "Institute or service."),
        Column("job_code", "str", "Function code (FUWA-HBO, HAY or own)."),
        Column("ladder_level", "str", "Level on the career ladder; order set in the config."),
        Column(
            "leadership_layer",
            "str",
            "Leadership layer (from the config) or 'geen'.",
        ),
        Column("cao_scale", "int", "CAO hbo salary scale."),
        Column("fte", "float", "Full-time equivalent, in (0, 1.2]."),
        Column("contract_type", "str", "Vast, tijdelijk or overig.", codes="contract_type"),
    ),
)

VACANCIES = Table(
    name="vacancies",
    description="One row per vacancy.",
    key=("vacancy_id",),
    columns=(
        Column("vacancy_id", "str", "Vacancy id."),
        Column("org_unit", "str", "Institute or service that hires."),
        Column("job_code", "str", "Function code of the vacancy."),
        Column("ladder_level", "str", "Ladder level of the vacancy."),
        Column("opened_on", "date", "Date the vacancy was published."),
        Column("closed_on", "date", "Date the vacancy was closed.", nullable=True),
    ),
)

APPLICATIONS = Table(
    name="applications",
    description="One row per candidate per vacancy, with the furthest funnel stage reached.",
    key=("vacancy_id", "candidate_id"),
    columns=(
        Column("vacancy_id", "str", "Vacancy applied to (see vacancies)."),
        Column("candidate_id", "str", "Pseudonymous candidate id."),
        Column("applied_on", "date", "Date of application."),
        Column("internal", "str", "Internal candidate (ja/nee).", codes="boolean"),
        Column("furthest_stage", "str", "Furthest funnel stage reached.", codes="stage"),
        Column("withdrawn", "str", "Withdrew at the furthest stage (ja/nee).", codes="boolean"),
        Column("gender", "str", "Candidate gender.", codes="gender"),
        Column("age_band", "str", "Candidate age band.", codes="age_band"),
        Column("origin", "str", "Candidate origin, voluntary.", codes="origin"),
        *(
            Column(
                f"{stage}_on",
                "date",
                f"Date the candidate reached stage {stage}, where the system records it.",
                required=False,
                nullable=True,
            )
            for stage in ("screened", "interviewed", "offered", "hired")
        ),
    ),
)

AGGREGATES = Table(
    name="aggregates",
    description="Counts per unit, period, dimension and group, for aggregate-only dimensions.",
    key=("period_end", "org_unit", "population", "dimension", "group"),
    optional=True,
    columns=(
        Column("period_end", "date", "Quarter end the count refers to."),
        Column("org_unit", "str", "Org unit, or 'totaal' for the whole organisation."),
        Column("population", "str", "Population counted (see docs/metrics.md)."),
        Column("dimension", "str", "Dimension, e.g. disability or origin."),
        Column("group", "str", "Group within the dimension."),
        Column("headcount", "int", "Number of persons."),
    ),
)

PAY = Table(
    name="pay",
    description="Pay per person per calendar year, for the EU pay transparency indicators.",
    key=("person_id", "year"),
    optional=True,
    columns=(
        Column("person_id", "str", "Pseudonymous person id (see persons)."),
        Column("year", "int", "Calendar year the pay was earned in."),
        Column("basic_annual_pay", "float", "Gross basic annual pay (ordinary wage), in euro."),
        Column(
            "variable_pay",
            "float",
            "Complementary or variable pay over the year, in cash or kind, in euro; 0 if none.",
        ),
        Column(
            "paid_hours",
            "float",
            "Paid hours in the year; empty if only fte is known.",
            nullable=True,
        ),
        Column(
            "fte",
            "float",
            "Average FTE over the year, used with the CAO's annual hours if paid_hours is empty.",
            nullable=True,
        ),
        Column("category", "str", "Category of workers: same work or work of equal value."),
    ),
)

PAY_JUSTIFICATIONS = Table(
    name="pay_justifications",
    description="Article 10: why a category's pay gap rests on objective, gender-neutral criteria.",
    key=("year", "category"),
    optional=True,
    columns=(
        Column("year", "int", "Calendar year of the pay report the justification belongs to."),
        Column("category", "str", "Category of workers, as in pay.category."),
        Column("justification", "str", "The objective, gender-neutral criteria, in words."),
    ),
)

TABLES: tuple[Table, ...] = (
    PERSONS,
    POSITIONS,
    VACANCIES,
    APPLICATIONS,
    AGGREGATES,
    PAY,
    PAY_JUSTIFICATIONS,
)
TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}

NO_LEADERSHIP = "geen"
"""leadership_layer value for positions without a leadership role."""
