"""The suppression ledger: what an earlier release hid stays hidden (docs/metrics.md, Release).

Each quarter's release publishes the representation history and the recent rolling years
again, and a re-delivery can change the counts of a window already published. If the second
pattern of hidden cells differed from the first, the two releases together would show what
either hid. The ledger in the warehouse (``meta.suppression_ledger``) remembers every hidden
cell by its key and the inputs it was hidden from; the privacy filter starts from the cells
that *other* inputs hid (``suppress`` keeps an existing ``suppressed`` flag) and adds its own,
so re-analysing unchanged inputs gives the same release byte for byte.

Beside it, the memo of how each independent piece was solved (``meta.suppression_memo``,
``suppression.Memo``): a window whose counts did not change gets its earlier pattern back
without solving it again.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from gelijkekansen.analyse.suppression import SUPPRESSED, Memo

CELL = "cell"
SEPARATOR = "|"


def cell_key(columns: Sequence[str]) -> pl.Expr:
    """One text key from a row's key columns (nulls as empty), as the ledger stores it."""
    return pl.concat_str(
        [pl.col(c).cast(pl.Utf8).fill_null("") for c in columns], separator=SEPARATOR
    ).alias(CELL)


def with_earlier_hidden(
    con: duckdb.DuckDBPyConnection,
    counts: pl.DataFrame,
    *,
    figure: str,
    keys: Sequence[str],
    inputs: str,
) -> pl.DataFrame:
    """``counts`` with ``suppressed`` true where a release from other inputs hid the cell."""
    earlier = con.sql(
        "select cell from meta.suppression_ledger where figure = $figure and inputs <> $inputs",
        params={"figure": figure, "inputs": inputs},
    ).pl()
    hidden = earlier.get_column(CELL).implode()
    return counts.with_columns(cell_key(keys).is_in(hidden).alias(SUPPRESSED))


def record_hidden(
    con: duckdb.DuckDBPyConnection,
    table: pl.DataFrame,
    *,
    figure: str,
    keys: Sequence[str],
    inputs: str,
    run_id: str,
) -> None:
    """Add the cells ``table`` hides to the ledger (those already in it keep their first run)."""
    new = table.filter(pl.col(SUPPRESSED)).select(
        pl.lit(figure).alias("figure"),
        cell_key(keys),
        pl.lit(inputs).alias("inputs"),
        pl.lit(run_id).alias("first_run"),
    )
    _insert(con, "meta.suppression_ledger", new, on_conflict="do nothing")


def load_memo(con: duckdb.DuckDBPyConnection) -> Memo:
    """The pieces the last analysis solved, to be recalled by this one."""
    rows = con.execute("select piece, hidden from meta.suppression_memo").fetchall()
    return Memo(known=dict(rows))


def store_memo(con: duckdb.DuckDBPyConnection, memo: Memo) -> None:
    """Keep what this analysis used, and only that: the memo holds one release."""
    kept = pl.DataFrame(
        {"piece": list(memo.kept), "hidden": list(memo.kept.values())},
        schema={"piece": pl.Utf8, "hidden": pl.List(pl.Int32)},
    )
    con.execute("delete from meta.suppression_memo")
    _insert(con, "meta.suppression_memo", kept)


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, *, on_conflict: str = ""
) -> None:
    """Append the rows of ``frame`` to a meta table that keeps its declared keys."""
    con.register("_ledger_rows", frame)
    try:
        conflict = f" on conflict {on_conflict}" if on_conflict else ""
        con.execute(f"insert into {table} select * from _ledger_rows{conflict}")
    finally:
        con.unregister("_ledger_rows")
