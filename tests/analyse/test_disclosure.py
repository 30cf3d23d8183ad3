"""The privacy filter's entry points: settings that would protect nothing are refused, and
sums across populations are protected with the parent, not a large part."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from gelijkekansen.analyse.audit import audit_cells
from gelijkekansen.analyse.compare import compare_counts
from gelijkekansen.analyse.disclosure import filter_counts
from gelijkekansen.config import Config
from gelijkekansen.contract import TOTAL
from gelijkekansen.errors import ConfigError


def test_compare_refuses_a_minimum_cell_below_one(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("group,pool,selected\nman,20,0\nvrouw,30,10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="at least 1"):
        compare_counts(counts, min_cell=0)


def test_compare_with_k_of_one_hides_a_published_zero_no_more(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text("group,pool,selected\nman,20,0\nvrouw,30,10\n", encoding="utf-8")
    text = compare_counts(counts, min_cell=1, reference="vrouw")
    assert ",man,vrouw,20,0," in text


def _ladder(levels: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """One unit's promotion counts by gender: each ladder level and `teachers`, their sum."""
    teachers = (sum(w for w, _ in levels.values()), sum(m for _, m in levels.values()))
    rows = []
    for population, (women, men) in [*levels.items(), ("teachers", teachers)]:
        for group, pool in (("vrouw", women), ("man", men), (TOTAL, women + men)):
            rows.append((population, "gender" if group != TOTAL else TOTAL, group, pool))
    return pl.DataFrame(
        rows, schema=["population", "dimension", "group", "pool"], orient="row"
    ).with_columns(
        process=pl.lit("promotion"), stage=pl.lit("promotion"), window_type=pl.lit("all_years"),
        window_start=pl.lit("2017-01-01"), window_end=pl.lit("2024-12-31"),
        org_unit=pl.lit("INST03"), selected=pl.col("pool") // 5,
    )


def test_a_small_ladder_level_is_protected_by_its_parent_not_by_a_large_level() -> None:
    """teachers = docent + hoofddocent + lector: a hidden lector cell must not be the only
    hidden part of that sum, and the parent (bounded by its published parts, like a total)
    is hidden before a large named level, where the findings are."""
    frame = _ladder(
        {"ladder:docent": (300, 250), "ladder:hoofddocent": (120, 100), "ladder:lector": (30, 4)}
    )
    config = Config()
    filtered = filter_counts(
        frame, min_cell=10, intersections=(), count_columns=["pool", "selected"],
        complement=True, policy=config.privacy,
        populations={"teachers": ("ladder:docent", "ladder:hoofddocent", "ladder:lector")},
    )
    hidden = {
        (r["population"], r["group"]) for r in filtered.filter("suppressed").iter_rows(named=True)
    }
    assert ("ladder:lector", "man") in hidden and ("teachers", "man") in hidden
    assert not {("ladder:docent", "man"), ("ladder:hoofddocent", "man")} & hidden
    unlinked = filter_counts(
        frame, min_cell=10, intersections=(), count_columns=["pool", "selected"],
        complement=True, policy=replace(config.privacy, linked_tables=False),
        populations={"teachers": ("ladder:docent", "ladder:hoofddocent", "ladder:lector")},
    )
    assert ("teachers", "man") not in {  # without linking the sum gives the lector cell away
        (r["population"], r["group"]) for r in unlinked.filter("suppressed").iter_rows(named=True)
    }


def test_a_cell_a_target_reads_is_hidden_last() -> None:
    """A small group needs a partner; the cheapest is taken, unless a target reads it."""
    frame = pl.DataFrame(
        {
            "dimension": ["gender", "gender", "gender", TOTAL],
            "group": ["vrouw", "man", "anders", TOTAL],
            "headcount": [40, 30, 3, 73],
        }
    ).with_columns(
        process=pl.lit("representation"), stage=pl.lit("stock"),
        window_type=pl.lit("quarter_end"), window_start=pl.lit("2025-12-31"),
        window_end=pl.lit("2025-12-31"), population=pl.lit("leaders"), org_unit=pl.lit(TOTAL),
    )

    def partner(monitored: pl.Expr | None) -> set[str]:
        filtered = filter_counts(
            frame, min_cell=10, intersections=(), count_columns=["headcount"],
            complement=False, shares=True, monitored=monitored,
        )
        return set(filtered.filter(pl.col("suppressed"))["group"]) - {"anders"}

    assert partner(None) == {"man"}
    assert partner(pl.col("group") == "man") == {"vrouw"}


LAYERS = {"leaders": ("leaders:teamleider", "leaders:directeur", "leaders:cvb")}
SAMPLE_LEADERS_2024 = {
    "leaders": (35, 17, 0, 0),
    "leaders:teamleider": (18, 11, 0, 0),
    "leaders:directeur": (17, 6, 0, 0),
    "leaders:cvb": (0, 0, 0, 0),
}


def leaders_table(counts: dict[str, tuple[int, ...]], day: date) -> pl.DataFrame:
    """One quarter's representation of the leaders and their layers by gender."""
    rows = []
    for population, groups in counts.items():
        named = dict(zip(("man", "vrouw", "anders", "onbekend"), groups, strict=True))
        rows += [(population, "gender", g, n) for g, n in named.items()]
        rows.append((population, TOTAL, TOTAL, sum(groups)))
    return pl.DataFrame(
        rows, schema=["population", "dimension", "group", "pool"], orient="row"
    ).with_columns(
        pl.lit("representation").alias("process"),
        pl.lit("stock").alias("stage"),
        pl.lit("quarter_end").alias("window_type"),
        pl.lit(day).alias("window_start"),
        pl.lit(day).alias("window_end"),
        pl.lit(TOTAL).alias("org_unit"),
    )


def chains_filtered(frame: pl.DataFrame, *, check_chains: bool) -> tuple[Config, pl.DataFrame]:
    """``frame`` through the filter with empty groups not sensitive, chains checked or not."""
    config = Config()
    policy = replace(config.privacy, empty_group_is_sensitive=False, check_chains=check_chains)
    filtered = filter_counts(
        frame, min_cell=10, intersections=(), count_columns=["pool"], complement=False,
        policy=policy, populations=LAYERS,
    )
    return replace(config, privacy=policy), filtered


def as_published(filtered: pl.DataFrame) -> pl.DataFrame:
    return filtered.select(
        "process", "stage", "window_type", "window_start", "window_end", "population",
        "org_unit", "dimension", "group",
        pl.when(~pl.col("suppressed")).then(pl.col("pool")).alias("pool"),
        pl.lit(None, pl.Int64).alias("selected"),
        pl.lit(None, pl.Int64).alias("withdrawn"),
        "suppressed", "suppression_reason",
    ).with_row_index("row")


def test_checking_chains_through_a_population_sum_passes_the_auditor() -> None:
    """The sample's leaders in 2024 (empty groups not sensitive): the layers' groups pin each
    other through the leaders row unless the chains are checked (``check_chains``)."""
    frame = leaders_table(SAMPLE_LEADERS_2024, date(2024, 9, 30))
    verdicts = {}
    for check_chains in (False, True):
        config, filtered = chains_filtered(frame, check_chains=check_chains)
        verdicts[check_chains] = audit_cells(as_published(filtered), config=config).too_narrow
    assert verdicts[True] == []
    assert any("leaders:directeur totaal gender vrouw" in line for line in verdicts[False])


def test_quarters_checked_together_are_protected_as_each_alone() -> None:
    """Two quarters are two groups of chains, each repaired (3 more rows hidden), checked and
    repaired at once (one thread per core when there are several): each is protected exactly
    as when it is filtered on its own."""
    later = {**SAMPLE_LEADERS_2024, "leaders": (36, 18, 0, 0), "leaders:teamleider": (19, 12, 0, 0)}
    quarters = [
        leaders_table(SAMPLE_LEADERS_2024, date(2024, 9, 30)),
        leaders_table(later, date(2024, 12, 31)),
    ]
    config, together = chains_filtered(pl.concat(quarters), check_chains=True)
    alone = pl.concat([chains_filtered(q, check_chains=True)[1] for q in quarters])
    assert together.sort(pl.all()).equals(alone.sort(pl.all()))
    assert audit_cells(as_published(together), config=config).passed
