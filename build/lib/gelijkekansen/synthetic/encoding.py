"""Turning the generator's integer codes into the contract's texts and pseudonymous ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl


def decode(codes: Sequence[str], index: npt.NDArray[Any]) -> pl.Series:
    """The code texts at ``index`` (vectorised lookup)."""
    return pl.Series(list(codes), dtype=pl.String).gather(index.astype(np.int64))


def pseudonyms(prefix: str, numbers: npt.NDArray[Any], *, width: int, total: int) -> pl.Series:
    """``prefix`` plus a zero-padded number, wide enough for ``total``.

    The letter prefix keeps every id from looking like a BSN (nine plain digits).
    """
    digits = max(width, len(str(total)))
    return prefix + pl.Series(numbers.astype(np.int64)).cast(pl.String).str.zfill(digits)
