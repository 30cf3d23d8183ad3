"""CSV exports: no text cell is a formula to a spreadsheet; numbers stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path
from tempfile import TemporaryDirectory

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from gelijkekansen.analyse.exports import FORMULA_START
from gelijkekansen.analyse.run import export

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
