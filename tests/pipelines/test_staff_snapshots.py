"""marts.staff_snapshots: who holds which position on each quarter end, checked against Python.

A person may hold concurrent spells (part-time positions, allowed up to max_total_fte); the
snapshot then shows one position per person and date: the largest FTE, then the latest start.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.marts import run_models

QUARTER_ENDS = (date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31))
FIRST_EVE = date(2023, 12, 31)
SPELL_COLUMNS = (
    "person_id",
    "valid_from",
    "valid_to",
    "org_unit",
    "job_code",
    "ladder_level",
    "staff_category",
    "ladder_rank",
    "leadership_layer",
    "layer_rank",
    "cao_scale",
    "fte",
    "contract_type",
)

Spell = tuple[str, date, date | None, float]


def snapshots(spells: list[Spell]) -> set[tuple[date, str, str, float]]:
    """Run the model on ``spells`` (person, from, to, fte); (date, person, org_unit, fte) rows."""
    starts = [
        FIRST_EVE + timedelta(days=1),
        *(end + timedelta(days=1) for end in QUARTER_ENDS[:-1]),
    ]
    quarters = pl.DataFrame({"quarter_start": starts, "quarter_end": QUARTER_ENDS})
    rows = [
        (person, start, end, f"U{i}", "DOC", "docent", "op", 1, "geen", 0, 11, fte, "vast")
        for i, (person, start, end, fte) in enumerate(spells)
    ]
    tables = {
        "marts.quarters": quarters,
        "core.spells": pl.DataFrame(rows, schema=list(SPELL_COLUMNS), orient="row"),
        "core.persons": pl.DataFrame(
            {
                "person_id": sorted({s[0] for s in spells}),
                "birth_year": 1980,
                "gender": "vrouw",
                "origin": "nederland",
                "disability": "nee",
            }
        ),
    }
    con = run_models(tables, ["marts.macros", "marts.staff_snapshots"])
    result = con.execute(
        "select snapshot_date, person_id, org_unit, fte from marts.staff_snapshots"
    ).fetchall()
    return set(result)


def expected(spells: list[Spell]) -> set[tuple[date, str, str, float]]:
    """The same, computed spell by spell in Python."""
    held = set()
    for day in (FIRST_EVE, *QUARTER_ENDS):
        for person in {s[0] for s in spells}:
            covering = [
                (fte, start, f"U{i}")
                for i, (who, start, end, fte) in enumerate(spells)
                if who == person and start <= day and (end is None or end >= day)
            ]
            if covering:
                fte, _, unit = max(covering)
                held.add((day, person, unit, fte))
    return held


def test_concurrent_spells_show_the_largest_fte_then_the_latest_start() -> None:
    spells: list[Spell] = [
        ("P1", date(2020, 1, 1), None, 0.4),
        ("P1", date(2024, 3, 1), date(2024, 5, 31), 0.6),  # larger while it lasts
        ("P2", date(2020, 1, 1), None, 0.5),
        ("P2", date(2024, 6, 1), None, 0.5),  # equal FTE: the later start wins
        ("P3", date(2024, 2, 1), date(2024, 7, 15), 1.0),
    ]
    assert snapshots(spells) == {
        (FIRST_EVE, "P1", "U0", 0.4),
        (date(2024, 3, 31), "P1", "U1", 0.6),
        (date(2024, 6, 30), "P1", "U0", 0.4),
        (date(2024, 9, 30), "P1", "U0", 0.4),
        (date(2024, 12, 31), "P1", "U0", 0.4),
        (FIRST_EVE, "P2", "U2", 0.5),
        (date(2024, 3, 31), "P2", "U2", 0.5),
        (date(2024, 6, 30), "P2", "U3", 0.5),
        (date(2024, 9, 30), "P2", "U3", 0.5),
        (date(2024, 12, 31), "P2", "U3", 0.5),
        (date(2024, 3, 31), "P3", "U4", 1.0),
        (date(2024, 6, 30), "P3", "U4", 1.0),
    }


_DAYS = st.integers(min_value=0, max_value=500).map(lambda n: date(2023, 10, 1) + timedelta(n))


@st.composite
def spell_lists(draw: st.DrawFn) -> list[Spell]:
    """A few persons with spells that may overlap; one spell per person and start date."""
    spells: dict[tuple[str, date], Spell] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        person = draw(st.sampled_from(["P1", "P2", "P3"]))
        start = draw(_DAYS)
        length = draw(st.none() | st.integers(min_value=0, max_value=300))
        end = None if length is None else start + timedelta(days=length)
        fte = draw(st.sampled_from([0.2, 0.5, 0.8, 1.0]))
        spells[(person, start)] = (person, start, end, fte)
    return list(spells.values())


@settings(max_examples=60, deadline=None)
@given(spell_lists())
def test_snapshots_match_a_spell_by_spell_computation(spells: list[Spell]) -> None:
    assert snapshots(spells) == expected(spells)
