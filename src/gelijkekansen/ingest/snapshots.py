"""Turn periodic "peildatum" snapshots into the employment spells of the data contract.

Many HR systems export one row per person per reference date (peildatum) instead of spells.
Between two peildata nothing is observed, so a spell boundary is a choice within that interval;
``start`` and ``end_on_exit`` make the choice explicit (docs/data-contract.md, "Snapshots"):

- a spell is a run of a person's rows at *consecutive* peildata of the whole series with
  identical attributes; absence from one peildatum ends the run, even if the person returns
  with the same attributes (an exit and a re-hire);
- ``start="observed"`` starts a spell on its first peildatum; ``"after_previous"`` on the day
  after the series' previous peildatum (the earliest day the change can have happened). Spells
  starting at the first peildatum of the series start there in both cases;
- a changed position ends its spell the day before the next spell starts, so a career has no
  gaps; an exit ends it on the person's last peildatum (``end_on_exit="last_observed"``) or on
  the day before the next peildatum (``"before_next"``);
- spells seen at the last peildatum stay open (``valid_to`` empty).

Either way every spell covers exactly the peildata it was observed at, so sampling the spells
at the same peildata gives back the snapshots. The conversion itself is SQL:
``pipelines/ingest/spells_from_snapshots.sql``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import duckdb
import polars as pl

from gelijkekansen.contract import POSITIONS, Column, Table
from gelijkekansen.errors import InputError, Location
from gelijkekansen.ingest.casting import plan_columns
from gelijkekansen.ingest.privacy_guard import refuse_direct_identifiers
from gelijkekansen.ingest.sources import FORMATS, SourceFile, land, normalise
from gelijkekansen.warehouse.models import query

Start = Literal["observed", "after_previous"]
EndOnExit = Literal["last_observed", "before_next"]

SNAPSHOT_DATE = "peildatum"
SPELL_DATES = ("valid_from", "valid_to")
ATTRIBUTES: tuple[str, ...] = tuple(
    name for name in POSITIONS.column_names if name not in ("person_id", *SPELL_DATES)
)
"""Position attributes; a change in any of them starts a new spell."""

SNAPSHOTS = Table(
    name="snapshots",
    description="One row per person per peildatum with the position held on that date.",
    key=("person_id", SNAPSHOT_DATE),
    columns=(
        POSITIONS.column("person_id"),
        Column(SNAPSHOT_DATE, "date", "Reference date of the snapshot."),
        *(POSITIONS.column(name) for name in ATTRIBUTES),
    ),
)
"""The snapshot layout, derived from ``contract.POSITIONS`` so the two cannot drift."""

_LANDED = "landed_snapshots"
_TYPED = "typed_snapshots"
"""The typed rows; the queries of ``pipelines/ingest/`` read them by this name."""
_FRAME = "_snapshot_frame"


def snapshots_to_spells(
    snapshots: pl.DataFrame | Path,
    *,
    start: Start = "observed",
    end_on_exit: EndOnExit = "last_observed",
    renames: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """Spells in the contract's ``positions`` columns, sorted by person and start date.

    ``snapshots`` is a frame or a CSV/Parquet/XLSX file read exactly as ingest reads it
    (Dutch Excel dialects included); ``renames`` maps source headers to contract names, as
    ``[columns.snapshots]`` in gelijkekansen.toml. Unreadable values, empty required values,
    two rows for one person on one peildatum and direct identifiers are refused with the file,
    row and column, before anything is converted.
    """
    if start not in ("observed", "after_previous"):
        raise ValueError(f"start must be 'observed' or 'after_previous', got {start!r}.")
    if end_on_exit not in ("last_observed", "before_next"):
        raise ValueError(
            f"end_on_exit must be 'last_observed' or 'before_next', got {end_on_exit!r}."
        )
    with duckdb.connect() as con:
        file, columns = _land(con, snapshots)
        _type(con, file, columns, renames or {})
        _refuse_duplicates(con, file)
        spells: pl.DataFrame = query(
            con, "ingest.spells_from_snapshots", start=start, end_on_exit=end_on_exit
        ).pl()
    return spells


def write_spells(spells: pl.DataFrame, out: Path) -> Path:
    """Write spells as ``positions.csv`` (ISO dates, empty open ends) or Parquet, by suffix."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        spells.write_parquet(out)
    elif out.suffix == ".csv":
        spells.write_csv(out, date_format="%Y-%m-%d")
    else:
        raise InputError(
            Location(str(out)), "has an unknown format", hint="Name the output .csv or .parquet."
        )
    return out


def _land(con: duckdb.DuckDBPyConnection, snapshots: pl.DataFrame | Path) -> tuple[str, list[str]]:
    """Land as all-text with source_row, as ingest does, and refuse direct identifiers.

    Returns the name errors use for the input and its (normalised) column names.
    """
    if isinstance(snapshots, Path):
        if snapshots.suffix not in FORMATS:
            raise InputError(
                Location(snapshots.name),
                "has an unknown format",
                hint="Deliver snapshots as .csv, .parquet or .xlsx.",
            )
        if not snapshots.is_file():
            raise InputError(Location(str(snapshots)), "is missing", hint="Name an existing file.")
        file = snapshots.name
        columns = land(con, SourceFile(SNAPSHOTS, snapshots), _LANDED)
    else:
        file = "snapshots (data frame)"
        text = snapshots.select(pl.all().cast(pl.Utf8).name.map(normalise)).with_row_index(
            "source_row", offset=1
        )
        con.register(_FRAME, text)
        con.execute(f"create temp table {_LANDED} as select * from {_FRAME}")
        con.unregister(_FRAME)
        columns = [c for c in text.columns if c != "source_row"]
    landed = con.sql(f"select * exclude (source_row) from {_LANDED}").pl()
    refuse_direct_identifiers({file: landed})
    return file, columns


def _type(
    con: duckdb.DuckDBPyConnection, file: str, columns: list[str], renames: Mapping[str, str]
) -> None:
    plan = plan_columns(
        con, _LANDED, table=SNAPSHOTS, file=file, landed_columns=columns, renames=renames
    )
    con.execute(f"create temp table {_TYPED} as select {plan.select_list} from {_LANDED}")


def _refuse_duplicates(con: duckdb.DuckDBPyConnection, file: str) -> None:
    """Two positions on one date cannot become spells: the contract keys spells on their start."""
    (row,) = query(con, "ingest.duplicate_snapshots").fetchall()
    if row[1]:
        raise InputError(
            Location(file, row=int(row[0]), column=SNAPSHOT_DATE),
            f"a second row for the same person and peildatum ({row[1]} such pair(s))",
            hint="Deliver one row per person per peildatum (the main position), or deliver "
            "positions as spells.",
        )
