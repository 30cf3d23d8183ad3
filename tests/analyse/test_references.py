"""Representation against the level below, the applicants and benchmarks."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from gelijkekansen.analyse.references import pipeline_pairs, reference_comparison
from gelijkekansen.config import Config, parse_config

END = date(2026, 9, 30)


def representation(rows: list[tuple[str, str, str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(END, pop, "totaal", dim, group, share) for pop, dim, group, share in rows],
        schema={
            "period_end": pl.Date,
            "population": pl.Utf8,
            "org_unit": pl.Utf8,
            "dimension": pl.Utf8,
            "group": pl.Utf8,
            "share": pl.Float64,
        },
        orient="row",
    )


def applicants(pools: dict[str, int]) -> pl.DataFrame:
    rows = [("gender", g, n) for g, n in pools.items()] + [
        ("totaal", "totaal", sum(pools.values()))
    ]
    return pl.DataFrame(
        [
            ("hiring", "applied>screened", "rolling4q", END, "candidates:all", "totaal", d, g, n)
            for d, g, n in rows
        ],
        schema={
            "process": pl.Utf8,
            "stage": pl.Utf8,
            "window_type": pl.Utf8,
            "window_end": pl.Date,
            "population": pl.Utf8,
            "org_unit": pl.Utf8,
            "dimension": pl.Utf8,
            "group": pl.Utf8,
            "pool": pl.Int64,
        },
        orient="row",
    )


def test_the_pipeline_runs_up_every_ladder_and_layer() -> None:
    assert pipeline_pairs(Config()) == [
        ("leaders", "all_staff"),
        ("ladder:hoofddocent", "ladder:docent"),
        ("ladder:lector", "ladder:hoofddocent"),
        ("ladder:senior_ondersteunend", "ladder:ondersteunend"),
        ("leaders:directeur", "leaders:teamleider"),
        ("leaders:cvb", "leaders:directeur"),
    ]


def test_each_reference_gives_the_share_it_should() -> None:
    config = parse_config(
        {
            "benchmarks": [
                {
                    "population": "teachers",
                    "dimension": "gender",
                    "group": "vrouw",
                    "share": 0.6,
                    "source": "studenten",
                }
            ]
        }
    )
    shares = representation(
        [
            ("teachers", "gender", "vrouw", 0.45),
            ("ladder:docent", "gender", "vrouw", 0.50),
            ("ladder:hoofddocent", "gender", "vrouw", 0.40),
            ("leaders:cvb", "gender", "vrouw", None),  # suppressed: stays unknown
            ("leaders:directeur", "gender", "vrouw", 0.30),
        ]
    )
    result = reference_comparison(shares, applicants({"vrouw": 300, "man": 200}), config=config)
    found = {
        (row["population"], row["reference"]): (
            row["reference_share"],
            row["proportionality_index"],
        )
        for row in result.iter_rows(named=True)
    }
    assert found[("teachers", "studenten")] == (0.6, pytest.approx(0.75))
    assert found[("teachers", "applicants")] == (0.6, pytest.approx(0.75))
    assert found[("ladder:hoofddocent", "level_below")] == (0.5, pytest.approx(0.8))
    assert found[("leaders:cvb", "level_below")] == (0.3, None)
