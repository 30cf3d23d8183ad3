"""CSV exports: no text cell is a formula to a spreadsheet; numbers stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path
from tempfile import TemporaryDirectory

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.dictionary import DICTIONARY
from gelijkekansen.analyse.exports import DICTIONARY_FILE, FORMULA_START
from gelijkekansen.analyse.run import export
from gelijkekansen.messages import Labels

# OWASP's examples of CSV injection, and text that merely looks like them.
PAYLOADS = [
    "=HYPERLINK(\"http://x\",\"klik\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "Instituut -- Techniek",
    "'al geciteerd",
]
text = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=12))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(text, st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False)),
        min_size=1,
        max_size=10,
    )
)
def test_every_text_cell_is_neutralised_and_numbers_are_untouched(
    rows: list[tuple[str, int, float]],
) -> None:
    frame = pl.DataFrame(rows, schema={"org_unit": pl.Utf8, "n": pl.Int64, "d": pl.Float64},
                         orient="row")
    with TemporaryDirectory() as folder:
        export({"t": frame}, out_dir=Path(folder))
        with (Path(folder) / "t.csv").open(newline="", encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
        parquet = pl.read_parquet(Path(folder) / "t.parquet")
    assert parquet.equals(frame)
    for (unit, n, d), row in zip(rows, written, strict=True):
        cell = row["org_unit"]
        assert not cell.startswith(FORMULA_START)
        if unit.startswith(FORMULA_START):
            assert cell == "'" + unit
        elif unit:
            assert cell == unit
        assert int(row["n"]) == n
        assert abs(float(row["d"]) - d) <= 1e-6 * max(1.0, abs(d))


def test_a_negative_number_is_written_as_a_number() -> None:
    with TemporaryDirectory() as folder:
        export({"t": pl.DataFrame({"diff": [-3.5], "group": ["-x"]})}, out_dir=Path(folder))
        lines = (Path(folder) / "t.csv").read_text().splitlines()
    assert lines[1] == "-3.500000,'-x"


def test_the_excel_dialect_is_semicolons_decimal_commas_a_bom_and_labels() -> None:
    frame = pl.DataFrame(
        {"dimension": ["gender"], "group": ["vrouw"], "share": [0.25], "headcount": [12]}
    )
    with TemporaryDirectory() as folder:
        export({"representation": frame}, out_dir=Path(folder), dialect="excel-nl",
               labels=Labels("en", {}))
        raw = (Path(folder) / "representation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = raw[3:].decode("utf-8").splitlines()
    assert header == "dimension;dimension_label;group;group_label;share;headcount"
    en = Labels("en", {})
    assert row == f"gender;{en('gender')};vrouw;{en('vrouw')};0,250000;12"
    assert en("vrouw") != "vrouw"  # the label is the catalogue's word, not the code again


def test_a_data_dictionary_describes_every_exported_column() -> None:
    frame = pl.DataFrame({"period_end": ["2026-09-30"], "headcount": [3]})
    with TemporaryDirectory() as folder:
        written = export({"representation": frame}, out_dir=Path(folder))
        dictionary = pl.read_csv(Path(folder) / DICTIONARY_FILE)
    assert Path(folder) / DICTIONARY_FILE in written
    meanings = dict(zip(dictionary["column"], dictionary["meaning"], strict=True))
    expected = {c: m for c, m, _ in DICTIONARY["representation"]}
    assert meanings == {c: expected[c] for c in ("period_end", "headcount")}
