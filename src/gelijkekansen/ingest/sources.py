"""Find an extraction's files and land each one in DuckDB as text, exactly as delivered.

HR exports arrive as CSV (often Dutch Excel: ``;`` separator, decimal comma, UTF-8 with BOM or
cp1252), Parquet or XLSX. Whatever the format, each file becomes one all-text table with a
``source_row`` column (the row as a spreadsheet shows it: the header is row 1, the first data
row is row 2), so that type errors can name
the row and all further work happens in DuckDB rather than in Python loops.
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from gelijkekansen.contract import Table
from gelijkekansen.errors import InputError, Location
from gelijkekansen.warehouse.store import first_row

FORMATS = (".csv", ".parquet", ".xlsx")
SEPARATORS = (";", ",", "\t", "|")
_SNIFF_BYTES = 64 * 1024
_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00(\.0+)?$"


@dataclass(frozen=True)
class SourceFile:
    """A delivered file for one contract table."""

    table: Table
    path: Path

    @property
    def name(self) -> str:
        return self.path.name


def find_sources(folder: Path, tables: tuple[Table, ...]) -> list[SourceFile]:
    """One file per table; a required table without a file, or with two, is an error."""
    if not folder.is_dir():
        raise InputError(
            Location(str(folder)), "is not a folder", hint="Name the extraction folder."
        )
    sources = []
    for table in tables:
        candidates = sorted(
            p for p in folder.iterdir() if p.stem == table.name and p.suffix in FORMATS
        )
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            raise InputError(
                Location(str(folder)),
                f"holds several files for table {table.name} ({names})",
                hint="Keep one format per table.",
            )
        if not candidates:
            if table.optional:
                continue
            raise InputError(
                Location(str(folder / f"{table.name}.csv")),
                "is missing",
                hint=f"Deliver {table.name} as .csv, .parquet or .xlsx "
                "(see docs/data-contract.md).",
            )
        sources.append(SourceFile(table, candidates[0]))
    return sources


def land(con: duckdb.DuckDBPyConnection, source: SourceFile, relation: str) -> list[str]:
    """Create ``relation`` (a temp table of text columns plus source_row); returns its columns."""
    if source.path.stat().st_size == 0:
        raise InputError(Location(source.name), "is empty", hint="Export the table again.")
    if source.path.suffix == ".csv":
        _land_csv(con, source, relation)
    elif source.path.suffix == ".parquet":
        _land_query(con, source, relation, f"select * from read_parquet('{_quote(source.path)}')")
    else:
        _land_xlsx(con, source, relation)
    columns = [row[0] for row in con.execute(f"describe {relation}").fetchall()]
    return [column for column in columns if column != "source_row"]


def _refuse_duplicate_columns(source: SourceFile, names: list[str]) -> None:
    """Two columns with one name (after case and spaces are ignored) cannot both be meant."""
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        key = normalise(name)
        if key in seen:
            raise InputError(
                Location(source.name, row=1, column=key),
                f"the header names this column twice (columns {seen[key]} and {position})",
                hint="Remove or rename one of them in the export, or map one under "
                f"[columns.{source.table.name}] in gelijkekansen.toml.",
            )
        seen[key] = position


def _land_csv(con: duckdb.DuckDBPyConnection, source: SourceFile, relation: str) -> None:
    with source.path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    header = text.splitlines()[0] if text.strip() else ""
    if not header.strip():
        raise InputError(
            Location(source.name, row=None), "has no header line", hint="Export with headers."
        )
    separator = _sniff_separator(header, source.table)
    if header.count('"') % 2:
        raise InputError(
            Location(source.name, row=1),
            "the header line has an unmatched double quote (\")",
            hint="Remove the stray quote from the column names and export again.",
        )
    names = next(csv.reader([header], delimiter=separator))
    _refuse_duplicate_columns(source, names)
    columns = ", ".join(f"'{_quote(name)}': 'VARCHAR'" for name in names)
    path = source.path if _is_utf8(source.path) else _to_utf8(source, _temp_folder(con))
    # The dialect is decided here, not by DuckDB's sniffer, so that a broken line is reported
    # as such (with its line number) instead of as an undetectable dialect.
    query = (
        f"select * from read_csv('{_quote(path)}', auto_detect = false, header = true, "
        f"columns = {{{columns}}}, delim = '{separator}', quote = '\"', escape = '\"', "
        "null_padding = false, strict_mode = true, encoding = 'utf-8')"
    )
    try:
        _land_query(con, source, relation, query)
    finally:
        if path != source.path:
            path.unlink(missing_ok=True)


def _land_xlsx(con: duckdb.DuckDBPyConnection, source: SourceFile, relation: str) -> None:
    try:
        sheets = pl.read_excel(
            source.path, sheet_id=0, engine="calamine", infer_schema_length=0, raise_if_empty=False
        )
    except Exception as exc:  # calamine raises its own types for damaged workbooks
        raise InputError(
            Location(source.name),
            f"cannot be read as an Excel workbook ({type(exc).__name__})",
            hint="Save it again from Excel as .xlsx, or export CSV.",
        ) from None
    if len(sheets) > 1 and source.table.name not in sheets:
        raise InputError(
            Location(source.name),
            f"has {len(sheets)} sheets ({', '.join(sheets)}) and none is named {source.table.name}",
            hint=f"Name the data sheet '{source.table.name}' or save that sheet alone.",
        )
    name = source.table.name
    frame = sheets[name] if name in sheets else next(iter(sheets.values()))
    # Read as text, a typed date cell arrives as "2020-01-05 00:00:00": keep the date, as a
    # CSV export would write it (a real time of day stays, and is then refused as a date).
    frame = frame.select(pl.all().cast(pl.Utf8).str.replace(_MIDNIGHT, "$1"))
    con.register("_xlsx_frame", frame)
    try:
        _land_query(con, source, relation, "select * from _xlsx_frame")
    finally:
        con.unregister("_xlsx_frame")


def _land_query(
    con: duckdb.DuckDBPyConnection, source: SourceFile, relation: str, query: str
) -> None:
    try:
        columns = con.execute(f"describe {query}").fetchall()
        as_text = ", ".join(f'cast("{c[0]}" as varchar) as "{normalise(c[0])}"' for c in columns)
        con.execute(
            f"create or replace temp table {relation} as "
            f"select {as_text}, row_number() over () + 1 as source_row from ({query})"
        )
    except duckdb.Error as exc:
        raise _unreadable(source, exc) from None


def _unreadable(source: SourceFile, exc: duckdb.Error) -> InputError:
    """Turn DuckDB's reader error into the analyst's terms, without echoing data."""
    text = str(exc)
    line = re.search(r"[Ll]ine:? (\d+)", text)
    row = int(line.group(1)) if line else None
    if "Expected Number of Columns" in text or "too many columns" in text.lower():
        problem = "has a line with the wrong number of fields (a truncated or broken line)"
    elif "unterminated quote" in text.lower():
        problem = "has an unterminated quoted value (the file may be truncated)"
    elif "maximum line size" in text.lower():
        problem = (
            "has a line of several megabytes, longer than a row of HR data can be (a stray "
            "quote that swallowed many lines, or a document pasted into a cell)"
        )
    elif "invalid unicode" in text.lower():
        problem = "holds bytes that are not UTF-8 text"
    else:
        problem = f"cannot be read ({type(exc).__name__})"
    return InputError(
        Location(source.name, row=row if row and row > 1 else None),
        problem,
        hint="Export the file again in full; check the separator and that no line was cut off.",
    )


def _sniff_separator(header: str, table: Table) -> str:
    """The separator splitting the header into the most contract columns, then most fields."""
    expected = set(table.column_names)

    def score(separator: str) -> tuple[int, int]:
        fields = [normalise(field.strip().strip('"')) for field in header.split(separator)]
        return (len(expected.intersection(fields)), len(fields))

    return max(SEPARATORS, key=score)


def _temp_folder(con: duckdb.DuckDBPyConnection) -> Path | None:
    """DuckDB's spill folder of a warehouse file (removed with its scratch copy); ``None``, the
    system's temporary folder, for an in-memory database."""
    on_disk = first_row(
        con, "select path from duckdb_databases() where database_name = current_database()"
    )
    if not on_disk or not on_disk[0]:
        return None
    row = first_row(con, "select current_setting('temp_directory')")
    return Path(row[0]) if row and row[0] else None


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8 (a cp1252 byte may sit on the last line)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _to_utf8(source: SourceFile, folder: Path | None) -> Path:
    """Re-encode a cp1252 export (Excel's default on Dutch Windows) to UTF-8 in ``folder``.

    Only a file that is wholly cp1252 is re-encoded. A file holding both UTF-8 accents and
    bytes that are not UTF-8 was glued together from two exports; decoding it either way turns
    half of its accents into mojibake, so it is refused with the first line that disagrees. The
    copy goes to DuckDB's temporary folder next to the scratch warehouse, which the next run
    removes if this one is killed.
    """
    mixed = _mixed_encoding_line(source.path)
    if mixed is not None:
        raise InputError(
            Location(source.name),
            f"mixes encodings: it is UTF-8 text, but line {mixed} holds bytes that are not "
            "UTF-8 (probably Windows-1252 from a second export)",
            hint="Export the whole table again in one go as 'CSV UTF-8'; nothing was loaded.",
        )
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    converted = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, kept until landed
        "w",
        encoding="utf-8",
        suffix=".csv",
        prefix=f"{source.table.name}-",
        delete=False,
        dir=folder,
    )
    with source.path.open(encoding="cp1252", errors="strict", newline="") as original, converted:
        try:
            for chunk in iter(lambda: original.read(1 << 20), ""):
                converted.write(chunk)
        except UnicodeDecodeError:
            converted.close()
            Path(converted.name).unlink(missing_ok=True)
            raise InputError(
                Location(source.name),
                "is neither UTF-8 nor Windows-1252 (cp1252) text",
                hint="Save the export as 'CSV UTF-8' in Excel.",
            ) from None
    return Path(converted.name)


def _mixed_encoding_line(path: Path) -> int | None:
    """The first line (1-based, header included) that is not UTF-8 in a file whose other lines
    do hold UTF-8 accents; ``None`` when the file is consistently one encoding."""
    first_bad = None
    seen_utf8 = False
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                first_bad = first_bad or number
            else:
                seen_utf8 = True
            if seen_utf8 and first_bad is not None:
                return first_bad
    return None


def normalise(name: str) -> str:
    """Header names compare case- and space-insensitively; Excel adds a BOM and stray spaces."""
    return name.replace("\ufeff", "").strip().lower().replace(" ", "_")


def _quote(path: Path | str) -> str:
    return str(path).replace("'", "''")
