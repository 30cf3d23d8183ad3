"""The privacy filter's entry points refuse settings that would protect nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from gelijkekansen.analyse.compare import compare_counts
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
