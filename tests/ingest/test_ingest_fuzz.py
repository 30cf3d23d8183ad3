"""Malformed exports thrown at the loader: a clear error or a clean load, never a crash.

Whatever hypothesis does to one file of a valid extraction (cut it, garble a cell, swap the
separator, re-encode it, insert junk), ingest either loads it or raises one of the product's own
errors, and a refused delivery leaves the warehouse byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gelijkekansen.config import Config
from gelijkekansen.errors import GelijkeKansenError
from gelijkekansen.ingest.load import ingest
from tests.helpers.extraction import FIXTURE

FILES = ("persons.csv", "positions.csv", "vacancies.csv", "applications.csv")


def cut(data: bytes, at: int) -> bytes:
    return data[: at % (len(data) + 1)]


def garble_cell(data: bytes, line: int, field: int, junk: str) -> bytes:
    lines = data.decode("utf-8").split("\n")
    row = lines[line % len(lines)].split(",")
    row[field % len(row)] = junk
    lines[line % len(lines)] = ",".join(row)
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def swap_separator(data: bytes, separator: str) -> bytes:
    return data.replace(b",", separator.encode())


def insert_bytes(data: bytes, at: int, junk: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + junk + data[at:]


def drop_line(data: bytes, line: int) -> bytes:
    lines = data.split(b"\n")
    del lines[line % len(lines)]
    return b"\n".join(lines)


def reencode(data: bytes, encoding: str) -> bytes:
    return data.decode("utf-8").encode(encoding)


mutations = st.one_of(
    st.builds(lambda at: lambda d: cut(d, at), st.integers(0, 2000)),
    st.builds(
        lambda line, field, junk: lambda d: garble_cell(d, line, field, junk),
        st.integers(0, 20),
        st.integers(0, 12),
        st.text(max_size=12),
    ),
    st.builds(lambda sep: lambda d: swap_separator(d, sep), st.sampled_from([";", "\t", "|", " "])),
    st.builds(
        lambda at, junk: lambda d: insert_bytes(d, at, junk),
        st.integers(0, 2000),
        st.binary(min_size=1, max_size=20),
    ),
    st.builds(lambda line: lambda d: drop_line(d, line), st.integers(0, 20)),
    st.builds(lambda enc: lambda d: reencode(d, enc), st.sampled_from(["utf-16", "cp1252"])),
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding the tiny extraction; each example works on a copy."""
    warehouse = tmp_path_factory.mktemp("loaded") / "w.duckdb"
    ingest(FIXTURE, warehouse=warehouse, config=Config())
    return warehouse


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(file=st.sampled_from(FILES), mutation=mutations)
def test_a_malformed_file_never_crashes_and_never_half_writes(
    tmp_path_factory: pytest.TempPathFactory, loaded: Path, file: str, mutation: object
) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    warehouse = base / "w.duckdb"
    shutil.copyfile(loaded, warehouse)
    folder = base / "next"
    shutil.copytree(FIXTURE, folder)
    (folder / "extraction.toml").write_text('period = "2021Q2"\n')
    target = folder / file
    target.write_bytes(mutation(target.read_bytes()))  # type: ignore[operator]
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    try:
        ingest(folder, warehouse=warehouse, config=Config())
    except GelijkeKansenError as error:
        assert str(error)
        assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
