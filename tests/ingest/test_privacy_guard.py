"""The privacy guard refuses direct identifiers and lets pseudonymised exports through."""

from __future__ import annotations

import datetime as dt
import string

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.errors import PrivacyError
from gelijkekansen.ingest.privacy_guard import (
    IdentifierFinding,
    find_direct_identifiers,
    looks_like_name_column,
    refuse_direct_identifiers,
    sql_could_be_identifier,
)


def passes_elfproef(number: str) -> bool:
    """Oracle written from the definition, one digit at a time."""
    total = 0
    for position, char in enumerate(number):
        weight = 9 - position if position < 8 else -1
        total += weight * int(char)
    return total % 11 == 0 and number != "0" * 9


def passes_mod97(iban: str) -> bool:
    """Oracle from ISO 13616: move 4 chars to the end, letters to 10..35, Python big int mod 97."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def kinds(frame: pl.DataFrame) -> set[tuple[str, str]]:
    return {(f.column, f.kind) for f in find_direct_identifiers(frame, file="x.csv")}


def test_oracle_agrees_with_published_examples() -> None:
    assert passes_elfproef("111222333")
    assert passes_elfproef("123456782")
    assert not passes_elfproef("123456789")
    assert passes_mod97("NL91ABNA0417164300")
    assert not passes_mod97("NL92ABNA0417164300")


@given(st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_bsn_is_flagged_exactly_when_the_elfproef_passes(number: str) -> None:
    frame = pl.DataFrame({"id": [number]})
    assert (("id", "bsn") in kinds(frame)) == passes_elfproef(number)


@pytest.mark.parametrize("value", ["1234.56.782", "123 456 782", " 111222333 "])
def test_bsn_with_dots_or_spaces_is_flagged(value: str) -> None:
    assert ("id", "bsn") in kinds(pl.DataFrame({"id": [value]}))


def test_bsn_needs_exactly_nine_digits() -> None:
    frame = pl.DataFrame({"id": ["1234567820", "11122233", "000000000", "12345678a"]})
    assert kinds(frame) == set()


def test_bsn_in_an_integer_column_is_counted_per_value() -> None:
    frame = pl.DataFrame({"id": [111222333, 123456782, 123456789, 42]})
    assert find_direct_identifiers(frame, file="p.csv") == [
        IdentifierFinding("p.csv", "id", "bsn", 2)
    ]


def test_bsn_in_a_float_column_is_flagged() -> None:
    assert ("fte", "bsn") in kinds(pl.DataFrame({"fte": [0.8, 123456782.0]}))


@given(st.lists(st.integers(100_000_000, 999_999_999), min_size=1, max_size=30))
def test_random_nine_digit_ids_trip_iff_one_passes_the_elfproef(ids: list[int]) -> None:
    findings = find_direct_identifiers(pl.DataFrame({"id": ids}), file="x.csv")
    expected = sum(passes_elfproef(str(i)) for i in ids)
    assert [f.hits for f in findings if f.kind == "bsn"] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "value", ["jan.jansen@hu.nl", "A.B-C@sub.example.co.uk", "mail: p.de.vries@gmail.com (privé)"]
)
def test_email_is_flagged(value: str) -> None:
    assert ("contact", "email") in kinds(pl.DataFrame({"contact": [value]}))


@pytest.mark.parametrize(
    "value",
    [
        "06-12345678",
        "0612345678",
        "+31 6 1234 5678",
        "+31 (0)6 12345678",
        "0031 6 12345678",
        "030-1234567",
        "020 123 4567",
        "(030) 123 45 67",
        "+44 20 7946 0958",
        "+1 555 123 4567",
    ],
)
def test_phone_is_flagged(value: str) -> None:
    assert ("tel", "phone") in kinds(pl.DataFrame({"tel": [value]}))


@pytest.mark.parametrize(
    "value", ["2024-01-15", "14-03-1980", "12345", "0012345678", "0.8", "-12", "06-1234"]
)
def test_dates_and_short_numbers_are_not_phones(value: str) -> None:
    assert kinds(pl.DataFrame({"value": [value]})) == set()


@pytest.mark.parametrize(
    "value",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "GB82WEST12345698765432",
        "DE89370400440532013000",
        "BE68539007547034",
    ],
)
def test_valid_iban_is_flagged(value: str) -> None:
    assert ("rekening", "iban") in kinds(pl.DataFrame({"rekening": [value]}))


@pytest.mark.parametrize(
    "value", ["NL92ABNA0417164300", "NL91ABNA041716430", "XX91ABNA0417164300", "NL91"]
)
def test_iban_with_wrong_check_digits_length_or_country_is_not_flagged(value: str) -> None:
    assert kinds(pl.DataFrame({"rekening": [value]})) == set()


@given(
    st.text(alphabet=string.ascii_uppercase, min_size=4, max_size=4),
    st.text(alphabet=string.digits, min_size=10, max_size=10),
)
def test_iban_is_flagged_exactly_when_mod97_passes(bank: str, account: str) -> None:
    check = 98 - int("".join(str(int(c, 36)) for c in bank + account + "NL00")) % 97
    valid, invalid = f"NL{check:02d}{bank}{account}", f"NL{check % 97 + 1:02d}{bank}{account}"
    assert passes_mod97(valid)
    assert not passes_mod97(invalid)
    for iban in (valid, invalid):
        assert (("r", "iban") in kinds(pl.DataFrame({"r": [iban]}))) == passes_mod97(iban)


@pytest.mark.parametrize(
    "column",
    [
        "naam",
        "Name",
        "voornaam",
        "achternaam",
        "tussenvoegsel",
        "roepnaam",
        "voorletters",
        "first_name",
        "lastName",
        "surname",
        "full_name",
        "naam_medewerker",
        "employee_name",
        "medewerkernaam",
        "Display Name",
        "geboortenaam",
    ],
)
def test_person_name_columns_are_flagged(column: str) -> None:
    assert looks_like_name_column(column)
    assert (column, "name_column") in kinds(pl.DataFrame({column: ["x"]}))


@pytest.mark.parametrize(
    "column",
    [
        "org_unit_name",
        "functienaam",
        "afdelingsnaam",
        "naam_afdeling",
        "job_name",
        "file_name",
        "unit",
        "person_id",
        "namespace",
        "rename_flag",
    ],
)
def test_other_name_columns_pass(column: str) -> None:
    assert not looks_like_name_column(column)


def test_name_column_hits_count_filled_values() -> None:
    frame = pl.DataFrame({"voornaam": ["Jan", None, "Anna"]})
    assert find_direct_identifiers(frame, file="p.csv") == [
        IdentifierFinding("p.csv", "voornaam", "name_column", 2)
    ]


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("geboortedatum", [dt.date(1980, 3, 14), None]),
        ("date_of_birth", [dt.datetime(1980, 3, 14, 0, 0), None]),
        ("dob", ["1980-03-14", "1981"]),
        ("geb_datum", ["14-03-1980", ""]),
        ("BirthDate", ["14/3/1980", None]),
        ("geboortedatum", [19800314, 1980]),
        ("geboortedatum", ["14 maart 1980", "maart 1980"]),
    ],
)
def test_full_birth_dates_are_flagged_once_per_value(column: str, values: list[object]) -> None:
    frame = pl.DataFrame({column: values}, strict=False)
    assert find_direct_identifiers(frame, file="p.csv") == [
        IdentifierFinding("p.csv", column, "birth_date", 1)
    ]


def test_birth_year_and_other_dates_pass() -> None:
    frame = pl.DataFrame(
        {
            "geboortejaar": [1980, 1991],
            "birth_year": ["1980", "1991"],
            "dob": ["1980", "1980-03"],
            "hire_date": [dt.date(2020, 1, 1), dt.date(2021, 5, 1)],
            "peildatum": ["2024-03-31", "2024-06-30"],
        }
    )
    assert kinds(frame) == set()


def test_a_pseudonymised_export_passes() -> None:
    frame = pl.DataFrame(
        {
            "person_id": ["P000123", "P000124", "P000125"],
            "hash": ["9f86d081884c7d65", "e3b0c44298fc1c14", "a665a45920422f9d"],
            "org_unit_name": ["ICT", "Zorg", "Techniek"],
            "gender": ["vrouw", "man", "onbekend"],
            "geboortejaar": [1980, 1975, 1999],
            "scale": [11, 12, 13],
            "fte": [1.0, 0.8, 0.6],
            "start": [dt.date(2020, 1, 1), dt.date(2019, 9, 1), None],
            "flag": [True, False, None],
        }
    )
    assert find_direct_identifiers(frame, file="persons.csv") == []
    refuse_direct_identifiers({"persons.csv": frame})


@given(st.lists(st.integers(0, 999_999), min_size=1, max_size=20))
def test_prefixed_pseudonyms_never_trip(numbers: list[int]) -> None:
    frame = pl.DataFrame({"person_id": [f"P{n:06d}" for n in numbers]})
    assert find_direct_identifiers(frame, file="x.csv") == []


@given(st.lists(st.text(alphabet="0123456789abcdef", min_size=32, max_size=64), min_size=1))
def test_hex_hashes_never_trip(hashes: list[str]) -> None:
    assert find_direct_identifiers(pl.DataFrame({"hash": hashes}), file="x.csv") == []


def test_one_error_lists_every_finding_without_values() -> None:
    secrets = ["111222333", "jan.jansen@hu.nl", "06-12345678", "NL91ABNA0417164300", "Jansen"]
    frames = {
        "persons.csv": pl.DataFrame({"bsn": [secrets[0]], "achternaam": [secrets[4]]}),
        "contacts.xlsx": pl.DataFrame(
            {"mail": [secrets[1]], "tel": [secrets[2]], "rekening": [secrets[3]]}
        ),
        "units.csv": pl.DataFrame({"org_unit_name": ["ICT"]}),
    }
    with pytest.raises(PrivacyError) as caught:
        refuse_direct_identifiers(frames)
    message = str(caught.value)
    expected_lines = [
        "contacts.xlsx, column mail: 1 hit of kind email",
        "contacts.xlsx, column tel: 1 hit of kind phone",
        "contacts.xlsx, column rekening: 1 hit of kind iban",
        "persons.csv, column bsn: 1 hit of kind bsn",
        "persons.csv, column achternaam: 1 hit of kind name_column",
    ]
    positions = [message.index(line) for line in expected_lines]
    assert positions == sorted(positions)
    assert "units.csv" not in message
    assert "re-pseudonymise with non-numeric ids" in message
    assert "Remove the column from the export" in message
    for secret in secrets:
        assert secret not in message
        assert secret not in repr(caught.value)


def test_hits_are_counted_per_value() -> None:
    frame = pl.DataFrame({"mail": ["a@b.nl", "geen", "c@d.com", None]})
    (finding,) = find_direct_identifiers(frame, file="x.csv")
    assert finding.hits == 2
    assert "2 hits of kind email" in finding.describe()


def test_categorical_and_empty_frames() -> None:
    categorical = pl.DataFrame({"c": ["a@b.nl"]}, schema={"c": pl.Categorical})
    assert kinds(categorical) == {("c", "email")}
    assert kinds(pl.DataFrame(schema={"email": pl.String})) == set()


def test_unusual_dtypes_neither_crash_nor_trip() -> None:
    frame = pl.DataFrame(
        {
            "big": pl.Series([2**64 - 1, 7], dtype=pl.UInt64),
            "ratio": [float("nan"), float("inf")],
            "eight_digits": [12345674, 99999999],
            "flag": [True, False],
            "tags": [["111222333"], []],
            "empty": [None, None],
        }
    )
    assert find_direct_identifiers(frame, file="x.csv") == []


def kept_by_prefilter(column: str, values: list[str]) -> list[bool]:
    """What the DuckDB prefilter of the ingest guard keeps, value by value."""
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    predicate = sql_could_be_identifier(column, "v")
    with duckdb.connect() as con:
        con.register("frame", frame)
        return [row[0] for row in con.sql(f"select {predicate} from frame").fetchall()]


IDENTIFIER_EXAMPLES = [
    "123456782",
    "1234.56.782",
    " 111222333 ",
    "jan.jansen@hu.nl",
    "mail: p.de.vries@gmail.com (privé)",
    "+31 (0)6 12345678",
    "(030) 123 45 67",
    "0031 6 12345678",
    "NL91 ABNA 0417 1643 00",
    "nl91abna0417164300",
    "\tBE68539007547034",
]


@pytest.mark.parametrize("value", IDENTIFIER_EXAMPLES)
def test_prefilter_keeps_known_identifiers(value: str) -> None:
    assert kinds(pl.DataFrame({"c": [value]}))  # the example really is an identifier
    assert kept_by_prefilter("c", [value]) == [True]


@pytest.mark.parametrize("value", ["C00000001", "P0000001", "INST01", "man", "HDOC12", "vast"])
def test_prefilter_drops_pseudonyms_and_codes(value: str) -> None:
    assert kept_by_prefilter("c", [value]) == [False]


def test_prefilter_keeps_everything_in_name_and_birth_columns() -> None:
    assert kept_by_prefilter("achternaam", ["Jansen"]) == [True]
    assert kept_by_prefilter("geboortedatum", ["C1"]) == [True]


# Alphabets that reach every branch of the checks: digits and separators (BSN, phone), letters
# then digits (IBAN), '@' and dots (e-mail), and non-ASCII digits, spaces and letters.
_SHAPED = st.text(alphabet="0123456789 .+-()/@abkzNLBE\t\u00a0\u0661\u212a\u017f", max_size=24)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_SHAPED, st.text(max_size=24)), min_size=1, max_size=20))
def test_prefilter_never_drops_a_value_the_guard_flags(values: list[str]) -> None:
    """The prefilter may keep too much, never too little: privacy must not depend on it."""
    kept = kept_by_prefilter("c", values)
    for value, keep in zip(values, kept, strict=True):
        if kinds(pl.DataFrame({"c": [value]})):
            assert keep, repr(value)


def test_weighted_values_count_as_their_rows() -> None:
    values = pl.DataFrame({"mail": ["a@b.nl", "geen", None], "n": [3, 5, 2]})
    (finding,) = find_direct_identifiers(values, file="x.csv", weight="n")
    assert (finding.column, finding.hits) == ("mail", 3)
    names = pl.DataFrame({"voornaam": ["Jan", None], "n": [4, 6]})
    (finding,) = find_direct_identifiers(names, file="x.csv", weight="n")
    assert (finding.kind, finding.hits) == ("name_column", 4)
