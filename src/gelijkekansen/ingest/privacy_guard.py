"""Refuse input tables that carry direct identifiers, before anything is written.

The warehouse must never hold a BSN, e-mail address, phone number, IBAN, person name or exact
birth date. Detection errs on the side of privacy: a column of random 9-digit ids
trips the guard as soon as one value passes the 11-proef, because it cannot be told apart from a
BSN; the hint then asks for non-numeric pseudonyms. Findings name file, column, kind and number
of hits, never a value: the values are the personal data we refuse to copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from gelijkekansen.errors import Location, PrivacyError

_WEIGHT = "__gelijkekansen_rows"

IdentifierKind = Literal["bsn", "email", "phone", "iban", "name_column", "birth_date"]

_LABELS: dict[IdentifierKind, str] = {
    "bsn": "9 digits passing the BSN 11-proef",
    "email": "e-mail address",
    "phone": "phone number",
    "iban": "IBAN with valid check digits",
    "name_column": "filled values in a person-name column",
    "birth_date": "full birth date",
}

_HINTS: dict[IdentifierKind, str] = {
    "bsn": (
        "Remove the column from the export; if these are pseudonymous ids, re-pseudonymise "
        "with non-numeric ids (e.g. 'P000123')."
    ),
    "email": "Remove the column from the export.",
    "phone": (
        "Remove the column from the export; if these are numeric ids, pseudonymise with "
        "non-numeric ids."
    ),
    "iban": "Remove the column from the export.",
    "name_column": (
        "Remove the column from the export; if it names something other than a person, "
        "rename it to say so (e.g. org_unit_name)."
    ),
    "birth_date": "Export the birth year only (e.g. geboortejaar), never the full date.",
}


@dataclass(frozen=True)
class IdentifierFinding:
    """A column of a file holding one kind of direct identifier: where and how often, no values."""

    file: str
    column: str
    kind: IdentifierKind
    hits: int

    @property
    def hint(self) -> str:
        """How to fix the export for this kind of identifier."""
        return _HINTS[self.kind]

    def describe(self) -> str:
        """One line for the error message; safe to show because it holds no value."""
        where = Location(self.file, column=self.column).describe()
        noun = "hit" if self.hits == 1 else "hits"
        what = f"of kind {self.kind} ({_LABELS[self.kind]})"
        return f"{where}: {self.hits} {noun} {what}. {self.hint}"


def find_direct_identifiers(
    frame: pl.DataFrame, *, file: str, weight: str | None = None
) -> list[IdentifierFinding]:
    """Every (column, kind) of `frame` that holds direct identifiers, in column order.

    Value checks are vectorised polars expressions run in two passes (see `_Check`); only column
    names are inspected in Python. Every check looks at one value at a time, so each column's
    distinct values are checked once and weighted by how often they occur: export columns are
    mostly codes and dates, and the regular expressions then run on thousands of values instead
    of millions. With `weight`, each row of `frame` stands for that many input rows (a caller
    that counted distinct values itself) and the weight column is not checked.
    """
    rows = pl.col(weight).sum() if weight else pl.len()
    schema = {c: dtype for c, dtype in frame.schema.items() if c != weight}
    checks = [(c, check) for c, dtype in schema.items() for check in _value_checks(c, dtype)]
    per_column = [
        frame.lazy()
        .group_by(column)
        .agg(rows.alias(_WEIGHT))
        .select(
            pl.col(_WEIGHT),
            *(check.candidate.alias(str(i)) for i, (c, check) in enumerate(checks) if c == column),
        )
        .select(
            (check.verify(pl.col(str(i))).fill_null(False) * pl.col(_WEIGHT)).sum().alias(str(i))
            for i, (c, check) in enumerate(checks)
            if c == column
        )
        for column in dict.fromkeys(c for c, _ in checks)
    ]
    sums = {
        int(name): value
        for counted in pl.collect_all(per_column)
        for name, value in counted.row(0, named=True).items()
    }
    hits = [(c, check.kind, int(sums[i])) for i, (c, check) in enumerate(checks) if sums[i] > 0]
    findings: list[IdentifierFinding] = []
    for column in schema:
        if looks_like_name_column(column):
            filled = frame.filter(pl.col(column).is_not_null()).select(rows).item()
            findings.append(IdentifierFinding(file, column, "name_column", int(filled)))
        findings += [IdentifierFinding(file, column, kind, n) for c, kind, n in hits if c == column]
    return findings


def refuse_direct_identifiers(frames: Mapping[str, pl.DataFrame]) -> None:
    """Raise one PrivacyError listing every finding in every file, so one fix round suffices."""
    refuse_findings(
        [
            finding
            for file in sorted(frames)
            for finding in find_direct_identifiers(frames[file], file=file)
        ]
    )


def refuse_findings(findings: Sequence[IdentifierFinding]) -> None:
    """Raise one PrivacyError listing the findings (if any); callers that scan in chunks
    collect their findings first and hand them over here."""
    if findings:
        lines = "\n".join(f"  {finding.describe()}" for finding in findings)
        raise PrivacyError(
            f"Direct identifiers found in the input; nothing was written.\n{lines}\n",
            hint="Values are not shown because they may be personal data.",
        )


def sql_could_be_identifier(column: str, text: str) -> str:
    """A DuckDB predicate on the text column `text` (named `column`) that keeps every value
    `find_direct_identifiers` could flag; what it drops provably holds no identifier.

    Why: an export's id columns hold millions of distinct values, and the regular expressions
    cost seconds per million in polars, while DuckDB tests these cheap necessary conditions in
    parallel. For an ASCII value: an e-mail address needs an '@'; a BSN or phone number consists
    of digits, separators and '+' only; an IBAN starts with two letters and a digit once spaces
    are removed. Values with any non-ASCII character are always kept (Unicode case mapping and
    digits make shortcuts unsafe), and so is every value of a person-name or birth column, where
    any filled value is a finding.
    """
    if looks_like_name_column(column) or looks_like_birth_column(column):
        return "true"
    space = r"[ \t\n\v\f\r]"
    return (
        f"(contains({text}, '@')"
        rf" or regexp_full_match({text}, '[0-9.+()/ \t\n\v\f\r-]+')"
        f" or regexp_matches({text}, '^{space}*[A-Za-z]{space}*[A-Za-z]{space}*[0-9]')"
        rf" or regexp_matches({text}, '[^\x01-\x7F]'))"
    )


# fmt: off
_NAME_WORDS = frozenset({"naam", "namen", "name", "names"})
_PERSON_NAME_WORDS = frozenset(
    {
        "voornaam", "voornamen", "achternaam", "tussenvoegsel", "tussenvoegsels", "roepnaam",
        "voorletters", "initialen", "geslachtsnaam", "geboortenaam", "meisjesnaam", "familienaam",
        "partnernaam", "surname", "forename", "firstname", "lastname", "fullname", "givenname",
        "familyname", "middlename", "maidenname", "nickname", "username", "initials",
    }
)
# Words that make a following or preceding "name"/"naam" a person's name; anything else
# (org_unit_name, functienaam, naam_afdeling) labels a unit, job or file and may pass.
_PERSON_QUALIFIERS = frozenset(
    {
        "first", "last", "full", "given", "family", "middle", "maiden", "nick", "display", "user",
        "voor", "achter", "roep", "geboorte", "meisjes", "familie", "partner", "employee", "person",
        "persoon", "medewerker", "werknemer", "candidate", "kandidaat", "applicant", "sollicitant",
        "manager", "leidinggevende", "contact", "student", "staff",
    }
)
# fmt: on


def looks_like_name_column(column: str) -> bool:
    """True if the column name reads as a person-name field.

    A bare ``naam``/``name`` counts (we cannot tell whose name it is); ``name`` qualified by a
    person word (``first_name``, ``naam_medewerker``, ``employeeName``) counts; ``name``
    qualified by anything else (``org_unit_name``, ``functienaam``) does not.
    """
    tokens = _tokens(column)
    if len(tokens) == 1 and tokens[0] in _NAME_WORDS:
        return True
    for i, token in enumerate(tokens):
        if token in _PERSON_NAME_WORDS:
            return True
        neighbours = tokens[max(i - 1, 0) : i] + tokens[i + 1 : i + 2]
        if token in _NAME_WORDS and any(n in _PERSON_QUALIFIERS for n in neighbours):
            return True
        if any(
            token.endswith(word) and token[: -len(word)] in _PERSON_QUALIFIERS
            for word in _NAME_WORDS
        ):
            return True
    return False


def _tokens(column: str) -> list[str]:
    """Lower-case words of a column name: camelCase, snake_case, spaces and dots all split."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", column)
    return [token for token in re.split(r"[^0-9a-z]+", spaced.lower()) if token]


_BIRTH_WORDS = (
    "geboortedatum",
    "geboortedag",
    "gebdatum",
    "gebdat",
    "datumgeboorte",
    "birthdate",
    "dateofbirth",
    "birthday",
)


def looks_like_birth_column(column: str) -> bool:
    """True if the name suggests a birth date; birth *year* columns are allowed and do not match."""
    tokens = _tokens(column)
    return "dob" in tokens or "geboren" in tokens or any(w in "".join(tokens) for w in _BIRTH_WORDS)


def _matched(candidate: pl.Expr) -> pl.Expr:
    """Verification for checks whose first pass already decides."""
    return candidate


@dataclass(frozen=True)
class _Check:
    """A value check in two passes, so that polars computes each costly part once.

    `candidate` normalises the column, null where the shape cannot fit (the 9-digit number,
    the IBAN as digits); `verify` reads that materialised result (11-proef, mod-97). Polars does
    not share repeated subexpressions, so a one-pass 11-proef would redo the parsing per digit.
    """

    kind: IdentifierKind
    candidate: pl.Expr
    verify: Callable[[pl.Expr], pl.Expr] = _matched


def _value_checks(column: str, dtype: pl.DataType) -> list[_Check]:
    """The checks that make sense for a column of this dtype."""
    col = pl.col(column)
    birth = looks_like_birth_column(column)
    if isinstance(dtype, pl.Date | pl.Datetime):
        return [_Check("birth_date", col.is_not_null())] if birth else []
    textual = isinstance(dtype, pl.String | pl.Categorical | pl.Enum)
    if textual:
        text = col.cast(pl.String)
        number = _bsn_shaped(text)
    elif dtype.is_integer() or dtype.is_float():
        # Spreadsheets turn numbers into floats: 123456782.0 is still a BSN.
        whole = pl.when(col == col.round(0)).then(col) if dtype.is_float() else col
        number = pl.when(whole.is_between(10**8, 10**9 - 1)).then(
            whole.cast(pl.Int64, strict=False)
        )
        text = whole.cast(pl.Int64, strict=False).cast(pl.String)
    else:
        return []
    checks = [_Check("bsn", number, _passes_elfproef)]
    if textual:
        checks += [
            _Check("email", _is_email(text)),
            _Check("phone", _is_phone(text)),
            _Check("iban", _iban_digits(text), _passes_mod97),
        ]
    if birth:
        checks.append(_Check("birth_date", _is_full_date(text)))
    return checks


def _bsn_shaped(text: pl.Expr) -> pl.Expr:
    """The value as a number if it is exactly 9 digits, dots or spaces between digit groups."""
    raw = text.str.strip_chars()
    digits = raw.str.replace_all(r"[.\s]", "")
    shaped = raw.str.contains(r"^\d+(?:[.\s]\d+)*$") & (digits.str.len_chars() == 9)
    return pl.when(shaped).then(digits.cast(pl.Int64, strict=False))


_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def _passes_elfproef(number: pl.Expr) -> pl.Expr:
    """11-proef on a 9-digit number: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), not all zeros."""
    weighted = pl.sum_horizontal(
        weight * (number // 10 ** (8 - i) % 10) for i, weight in enumerate(_BSN_WEIGHTS)
    )
    return (weighted % 11 == 0) & (number != 0)


def _is_email(text: pl.Expr) -> pl.Expr:
    """An e-mail address anywhere in the value (free-text fields leak them too)."""
    return text.str.contains(r"(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}")


def _is_phone(text: pl.Expr) -> pl.Expr:
    """A whole value that is a Dutch or international phone number.

    Accepted separators are spaces, hyphens, slashes, parentheses and the Dutch "(0)". Dutch
    numbers are 10 digits starting 0[1-9] (06-12345678, 030-1234567); international ones start
    with + or 00 and a non-zero country code. "00" needs 9+ further digits so that zero-padded
    ids such as 0012345678 do not count.
    """
    raw = text.str.strip_chars()
    digits = raw.str.replace_all(r"\(0\)", "").str.replace_all(r"[\s\-()/]", "")
    return raw.str.contains(r"^[0-9+\s\-()/]+$") & digits.str.contains(
        r"^(?:\+[1-9]\d{6,13}|00[1-9]\d{8,13}|0[1-9]\d{8})$"
    )


# fmt: off
# IBAN length per country, from the SWIFT IBAN registry (ISO 13616).
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}
# fmt: on
_LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
_MOD97_CHUNKS = 10
# Weight of each 7-digit chunk of a 70-digit number: 10^(7·(9−i)) mod 97.
_MOD97_WEIGHTS = pl.Series(
    [[pow(10, 7 * (_MOD97_CHUNKS - 1 - i), 97) for i in range(_MOD97_CHUNKS)]],
    dtype=pl.List(pl.Int64),
)


def _iban_digits(text: pl.Expr) -> pl.Expr:
    """An IBAN-shaped value of its country's length as the number ISO 13616 checks, else null.

    The country's length keeps hex hashes and similar ids from passing by chance (1 in 97).
    The first four characters move to the end, letters become 10..35, and the result is
    zero-padded to 70 digits so that `_passes_mod97` can use fixed chunk weights.
    """
    compact = text.str.replace_all(r"\s", "").str.to_uppercase()
    expected_length = compact.str.slice(0, 2).replace_strict(
        _IBAN_LENGTHS, default=None, return_dtype=pl.UInt32
    )
    shaped = compact.str.contains(r"^[A-Z]{2}\d{2}[A-Z0-9]+$") & (
        compact.str.len_chars() == expected_length
    )
    return (
        pl.when(shaped)
        .then(compact)
        .str.replace(r"^(.{4})(.*)$", "${2}${1}")
        .str.replace_many(_LETTERS, [str(value) for value in range(10, 36)])
        .str.zfill(7 * _MOD97_CHUNKS)
    )


def _passes_mod97(digits: pl.Expr) -> pl.Expr:
    """ISO 13616 check: the number mod 97 is 1, reduced over 7-digit chunks to fit in Int64."""
    chunks = digits.str.extract_all(r"\d{7}").cast(pl.List(pl.Int64))
    return (chunks * pl.lit(_MOD97_WEIGHTS)).list.sum() % 97 == 1


def _is_full_date(text: pl.Expr) -> pl.Expr:
    """A day-precise date: 1980-03-14, 14-03-1980, 14/3/1980, 19800314, 14 maart 1980.

    A year (1980) or year-month (1980-03) alone is not a full date and passes.
    """
    return text.str.strip_chars().str.contains(
        r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
        r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
        r"|\d{1,2}\s+\p{L}+\.?\s+\d{4})(?:[ T].*)?$"
    )
