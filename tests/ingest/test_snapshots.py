"""Peildatum snapshots to spells: known series, the options, bad input, and the invariants."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gelijkekansen.cli import app
from gelijkekansen.config import Config
from gelijkekansen.contract import POSITIONS
from gelijkekansen.errors import InputError, PrivacyError
from gelijkekansen.ingest.load import ingest
from gelijkekansen.ingest.snapshots import (
    ATTRIBUTES,
    SNAPSHOT_DATE,
    EndOnExit,
    Start,
    snapshots_to_spells,
)
from tests.helpers.extraction import FIXTURE, copy_tiny

Q1, Q2, Q3, Q4 = date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)
DOCENT = {
    "org_unit": "INST01",
    "job_code": "DOC",
    "ladder_level": "docent",
    "leadership_layer": "geen",
    "cao_scale": 11,
    "fte": 1.0,
    "contract_type": "vast",
}
HOOFDDOCENT = DOCENT | {"job_code": "HDOC", "ladder_level": "hoofddocent", "cao_scale": 12}


def snapshot(person: str, on: date, position: dict[str, object]) -> dict[str, object]:
    return {"person_id": person, SNAPSHOT_DATE: on, **position}


def spell(
    person: str, start: date, end: date | None, position: dict[str, object]
) -> dict[str, object]:
    return {"person_id": person, "valid_from": start, "valid_to": end, **position}


def as_positions(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema = {"person_id": pl.Utf8, "valid_from": pl.Date, "valid_to": pl.Date} | {
        name: {"int": pl.Int64, "float": pl.Float64}.get(POSITIONS.column(name).type, pl.Utf8)
        for name in ATTRIBUTES
    }
    return pl.DataFrame(rows, schema=schema)


def resample(spells: pl.DataFrame, peildata: list[date]) -> pl.DataFrame:
    """The snapshots these spells give at these peildata: the inverse, computed another way."""
    dates = pl.DataFrame({SNAPSHOT_DATE: peildata}, schema={SNAPSHOT_DATE: pl.Date})
    covering = spells.join(dates, how="cross").filter(
        (pl.col("valid_from") <= pl.col(SNAPSHOT_DATE))
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col(SNAPSHOT_DATE)))
    )
    return covering.select("person_id", SNAPSHOT_DATE, *ATTRIBUTES).sort("person_id", SNAPSHOT_DATE)


# A docent promoted between Q2 and Q3, one who leaves after Q1 and returns in Q3 unchanged, and
# one who never changes.
SERIES = pl.DataFrame(
    [
        *(snapshot("A", q, DOCENT) for q in (Q1, Q2)),
        *(snapshot("A", q, HOOFDDOCENT) for q in (Q3, Q4)),
        snapshot("B", Q1, DOCENT),
        snapshot("B", Q3, DOCENT),
        *(snapshot("C", q, DOCENT) for q in (Q1, Q2, Q3, Q4)),
    ]
)


def test_observed_starts_spells_on_their_first_peildatum() -> None:
    expected = as_positions(
        [
            spell("A", Q1, date(2024, 9, 29), DOCENT),
            spell("A", Q3, None, HOOFDDOCENT),
            spell("B", Q1, Q1, DOCENT),
            spell("B", Q3, Q3, DOCENT),
            spell("C", Q1, None, DOCENT),
        ]
    )
    assert snapshots_to_spells(SERIES).equals(expected)


def test_after_previous_starts_spells_the_day_after_the_previous_peildatum() -> None:
    expected = as_positions(
        [
            spell("A", Q1, Q2, DOCENT),  # the first peildatum has no previous one
            spell("A", date(2024, 7, 1), None, HOOFDDOCENT),
            spell("B", Q1, Q1, DOCENT),
            spell("B", date(2024, 7, 1), Q3, DOCENT),
            spell("C", Q1, None, DOCENT),
        ]
    )
    assert snapshots_to_spells(SERIES, start="after_previous").equals(expected)


def test_before_next_ends_an_exit_the_day_before_the_next_peildatum() -> None:
    spells = snapshots_to_spells(SERIES, end_on_exit="before_next").filter(
        pl.col("person_id") == "B"
    )
    assert spells.get_column("valid_to").to_list() == [date(2024, 6, 29), date(2024, 12, 30)]


OTHER_POSITION = {
    "org_unit": "INST02",
    "job_code": "HDOC",
    "ladder_level": "hoofddocent",
    "leadership_layer": "teamleider",
    "cao_scale": 12,
    "fte": 0.8,
    "contract_type": "tijdelijk",
}


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_a_change_in_any_contract_attribute_starts_a_new_spell(attribute: str) -> None:
    # the SQL spells the attributes out: each one the contract has must count as a change
    changed = DOCENT | {attribute: OTHER_POSITION[attribute]}
    series = pl.DataFrame([snapshot("A", Q1, DOCENT), snapshot("A", Q2, changed)])
    expected = as_positions(
        [spell("A", Q1, date(2024, 6, 29), DOCENT), spell("A", Q2, None, changed)]
    )
    assert snapshots_to_spells(series).equals(expected)


def test_row_order_does_not_matter() -> None:
    shuffled = SERIES.sample(fraction=1.0, shuffle=True, seed=3)
    assert snapshots_to_spells(shuffled).equals(snapshots_to_spells(SERIES))


def test_quarter_end_snapshots_of_the_tiny_extraction_give_its_spells_back() -> None:
    """Its spells change on quarter starts, so after_previous recovers every date, except the
    start of a spell already running at the first peildatum (nothing earlier is seen). The
    series runs one quarter past P002's exit so that the exit is seen."""
    positions = pl.read_csv(FIXTURE / "positions.csv", try_parse_dates=True)
    peildata = [
        date(year, month, day)
        for year in range(2018, 2022)
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))
        if date(year, month, day) <= date(2021, 6, 30)
    ]
    spells = snapshots_to_spells(resample(positions, peildata), start="after_previous")
    left_censored = (pl.col("person_id") == "P003") & (pl.col("valid_from") < peildata[0])
    expected = positions.with_columns(
        pl.when(left_censored).then(peildata[0]).otherwise("valid_from").alias("valid_from")
    )
    assert spells.equals(expected)


def test_dutch_excel_csv_with_renamed_columns(tmp_path: Path) -> None:
    path = tmp_path / "peildata.csv"
    header = "medewerker;Peildatum;org_unit;job_code;ladder_level;leadership_layer;cao_scale;fte;"
    lines = [
        header + "contract_type",
        "A;31-03-2024;INST01;DOC;docent;geen;11;0,8;vast",
        "A;30-06-2024;INST01;DOC;docent;geen;11;0,8;vast",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    spells = snapshots_to_spells(path, renames={"medewerker": "person_id"})
    assert spells.equals(as_positions([spell("A", Q1, None, DOCENT | {"fte": 0.8})]))


def test_two_rows_for_one_person_and_peildatum_are_refused_naming_the_second() -> None:
    doubled = pl.concat([SERIES, SERIES.slice(4, 1)])
    with pytest.raises(InputError) as caught:
        snapshots_to_spells(doubled)
    assert caught.value.location.row == SERIES.height + 1
    assert caught.value.location.column == SNAPSHOT_DATE


def test_an_unreadable_value_names_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "peildata.csv"
    SERIES.with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit("veel"))
        .otherwise(pl.col("fte").cast(pl.Utf8))
        .alias("fte")
    ).write_csv(path)
    with pytest.raises(InputError) as caught:
        snapshots_to_spells(path)
    # the third data row is row 4 in a spreadsheet, under the header
    assert (caught.value.location.file, caught.value.location.row) == ("peildata.csv", 4)
    assert caught.value.location.column == "fte"


def test_a_missing_peildatum_column_is_named() -> None:
    with pytest.raises(InputError, match="column peildatum: required column missing"):
        snapshots_to_spells(SERIES.drop(SNAPSHOT_DATE))


def test_direct_identifiers_are_refused_without_echoing_them() -> None:
    with_bsn = SERIES.with_columns(pl.lit("111222333").alias("bsn"))
    with pytest.raises(PrivacyError) as caught:
        snapshots_to_spells(with_bsn)
    assert "bsn" in str(caught.value) and "111222333" not in str(caught.value)


def test_cli_writes_positions_that_ingest_accepts(tmp_path: Path) -> None:
    extraction = copy_tiny(tmp_path / "tiny")
    source = tmp_path / "peildata.parquet"
    positions = pl.read_csv(FIXTURE / "positions.csv", try_parse_dates=True)
    resample(positions, [date(2020, 12, 31), date(2021, 3, 31)]).write_parquet(source)
    result = CliRunner().invoke(
        app,
        ["snapshots-to-spells", str(source), "--out", str(extraction / "positions.csv")],
    )
    assert result.exit_code == 0, result.output
    warehouse = tmp_path / "w.duckdb"
    ingest(extraction, warehouse=warehouse, config=Config())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        spells = con.execute("select count(*) from core.spells").fetchone()
    assert spells == (6,)  # P003 changed scale and contract in between; the others did not


def test_cli_refuses_an_unknown_option_value(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["snapshots-to-spells", "x.csv", "--out", str(tmp_path / "p.csv"), "--start", "soon"]
    )
    assert result.exit_code == 2


# --- invariants ----------------------------------------------------------------------------

POSITIONS_DRAWN = st.sampled_from([DOCENT, HOOFDDOCENT, DOCENT | {"fte": 0.5}])


@st.composite
def snapshot_series(draw: st.DrawFn) -> pl.DataFrame:
    """Up to 8 dates at irregular intervals; each person present or not, in some position.

    The series' peildata are the dates somebody appears on: a date with nobody is not seen.
    """
    offsets = draw(st.sets(st.integers(0, 400), min_size=1, max_size=8))
    dates = sorted(date(2023, 1, 1) + timedelta(days=d) for d in offsets)
    rows = [
        snapshot(person, on, position)
        for person in ("A", "B", "C")
        for on in dates
        if (position := draw(st.none() | POSITIONS_DRAWN)) is not None
    ]
    schema = {"person_id": pl.Utf8, SNAPSHOT_DATE: pl.Date} | {
        name: dtype for name, dtype in as_positions([]).schema.items() if name in ATTRIBUTES
    }
    return pl.DataFrame(rows, schema=schema)


@settings(max_examples=100, deadline=None)
@given(
    snapshots=snapshot_series(),
    start=st.sampled_from(["observed", "after_previous"]),
    end_on_exit=st.sampled_from(["last_observed", "before_next"]),
)
def test_spells_partition_the_snapshots(
    snapshots: pl.DataFrame, start: Start, end_on_exit: EndOnExit
) -> None:
    """No overlap per person, only the last spell open, resampling at the same peildata
    reproduces the input (every peildatum where the person appears is covered, once, and no
    other), and a spell is never split without an absence in between."""
    peildata = sorted(set(snapshots.get_column(SNAPSHOT_DATE)))
    spells = snapshots_to_spells(snapshots, start=start, end_on_exit=end_on_exit)
    nxt = spells.with_columns(pl.col("valid_from").shift(-1).over("person_id").alias("next_from"))
    assert nxt.filter(
        pl.col("next_from").is_not_null()
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= pl.col("next_from")))
    ).is_empty()
    assert nxt.filter(pl.col("valid_from") > pl.col("valid_to")).is_empty()
    expected = snapshots.select("person_id", SNAPSHOT_DATE, *ATTRIBUTES).sort(
        "person_id", SNAPSHOT_DATE
    )
    assert resample(spells, peildata).equals(expected)
    # Merged as far as possible: the same position twice in a row means an absence between.
    dates = pl.DataFrame({"between": peildata}, schema={"between": pl.Date})
    repeated = nxt.filter(
        pl.struct(ATTRIBUTES) == pl.struct(ATTRIBUTES).shift(-1).over("person_id")
    ).with_row_index("pair")
    separated = repeated.join(dates, how="cross").filter(
        (pl.col("between") > pl.col("valid_to")) & (pl.col("between") < pl.col("next_from"))
    )
    assert separated.get_column("pair").n_unique() == repeated.height
