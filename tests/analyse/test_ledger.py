"""The suppression ledger: a cell hidden in one release stays hidden in the next."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from gelijkekansen.analyse.disclosure import filter_counts
from gelijkekansen.analyse.ledger import load_memo, record_hidden, store_memo, with_earlier_hidden
from gelijkekansen.analyse.suppression import Memo
from gelijkekansen.warehouse.models import run_model

KEYS = ("period_end", "population", "org_unit", "dimension", "group")


def ledger() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema meta")
    run_model(con, "meta.suppression_ledger")
    run_model(con, "meta.suppression_memo")
    return con


def quarter(
    women: int, men: int, unknown: int, *, end: date = date(2025, 12, 31)
) -> pl.DataFrame:
    """One quarter end of one population: three groups and their total."""
    groups = {"vrouw": women, "man": men, "onbekend": unknown}
    rows = [("gender", g, n) for g, n in groups.items()] + [
        ("totaal", "totaal", sum(groups.values()))
    ]
    return pl.DataFrame(
        {
            "process": "representation",
            "stage": "stock",
            "window_type": "quarter_end",
            "window_start": end,
            "window_end": end,
            "period_end": end,
            "population": "all_staff",
            "org_unit": "totaal",
            "dimension": [d for d, _, _ in rows],
            "group": [g for _, g, _ in rows],
            "headcount": [n for _, _, n in rows],
        }
    )


def protect(frame: pl.DataFrame, memo: Memo | None = None) -> pl.DataFrame:
    return filter_counts(
        frame,
        min_cell=10,
        intersections=(),
        count_columns=["headcount"],
        complement=False,
        memo=memo,
    )


def test_a_cell_hidden_once_stays_hidden_after_a_correction() -> None:
    con = ledger()
    first = protect(quarter(40, 50, 4))  # the 4 unknowns and a partner are hidden
    record_hidden(con, first, figure="representation", keys=KEYS, inputs="d1", run_id="r1")
    hidden_first = set(first.filter(pl.col("suppressed")).get_column("group"))
    # a re-delivery with more unknowns: nothing is small any more
    corrected = quarter(36, 50, 12)
    assert not protect(corrected).get_column("suppressed").any()
    again = protect(
        with_earlier_hidden(con, corrected, figure="representation", keys=KEYS, inputs="d2")
    )
    hidden_again = set(again.filter(pl.col("suppressed")).get_column("group"))
    assert hidden_first <= hidden_again
    # so the two releases together do not show the first release's hidden counts
    assert "onbekend" in hidden_first and len(hidden_first) >= 2


def test_the_same_inputs_start_only_from_what_other_inputs_hid() -> None:
    """Re-analysing unchanged inputs must give the same release, not its own earlier one."""
    con = ledger()
    first = protect(quarter(40, 50, 4))
    record_hidden(con, first, figure="representation", keys=KEYS, inputs="d1", run_id="r1")
    same = with_earlier_hidden(con, quarter(36, 50, 12), figure="representation", keys=KEYS,
                               inputs="d1")
    assert not same.get_column("suppressed").any()


def test_recording_twice_keeps_the_first_run() -> None:
    con = ledger()
    hidden = protect(quarter(40, 50, 4))
    record_hidden(con, hidden, figure="representation", keys=KEYS, inputs="d1", run_id="r1")
    record_hidden(con, hidden, figure="representation", keys=KEYS, inputs="d2", run_id="r2")
    runs = con.execute("select distinct first_run from meta.suppression_ledger").fetchall()
    assert runs == [("r1",)]
    other = with_earlier_hidden(
        con, quarter(40, 50, 4), figure="selection_rates", keys=KEYS, inputs="d3"
    )
    assert not other.get_column("suppressed").any()  # the ledger is per figure


def test_the_next_release_recalls_the_unchanged_quarter_from_the_warehouse() -> None:
    con = ledger()
    old, new = date(2025, 9, 30), date(2025, 12, 31)
    memo = load_memo(con)
    first = protect(pl.concat([quarter(40, 50, 4, end=old), quarter(30, 3, 60, end=new)]), memo)
    assert memo.solved == 2 and memo.recalled == 0
    record_hidden(con, first, figure="representation", keys=KEYS, inputs="d1", run_id="r1")
    store_memo(con, memo)
    # the next delivery corrects the newer quarter; the ledger starts from what d1 hid
    delivered = pl.concat([quarter(40, 50, 4, end=old), quarter(31, 3, 60, end=new)])
    counts = with_earlier_hidden(con, delivered, figure="representation", keys=KEYS, inputs="d2")
    memo = load_memo(con)
    second = protect(counts, memo)
    assert (memo.solved, memo.recalled) == (1, 1)
    assert second.equals(protect(counts))
    assert second.head(4).equals(first.head(4))
