"""Pay indicators from a file of worker rows, and their publication as CSV.

For pay data that arrives as one row per worker (``gender,hourly_pay[,variable_pay][,<by>]``),
like ``compare`` does for counts: the same indicators, privacy rule and article 10 test as the
warehouse analysis. Justifications for article 10 come from a ``category,justification`` file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from gelijkekansen.analyse.exports import to_csv
from gelijkekansen.analyse.paygap import INDICATOR_COLUMNS, adjusted_gap, pay_indicators
from gelijkekansen.config import PrivacySettings
from gelijkekansen.contract import CODES, TOTAL
from gelijkekansen.errors import InputError, Location

REPORT_DAY = (6, 7)
"""Article 9(2)/(3): reports are due by 7 June of the year after the reporting year."""
PAY_COLUMNS = ("year", *INDICATOR_COLUMNS)
PAY_INTERNAL_COLUMNS = (
    "year",
    "dimension",
    *("group" if c == "category" else c for c in INDICATOR_COLUMNS),
)
INTERNAL_DIMENSIONS = ("origin", "age_band")
"""Beyond the legal minimum: the gender pay gap within each origin group and age band."""


def publish_pay(
    con: duckdb.DuckDBPyConnection, *, min_cell: int, policy: PrivacySettings | None = None
) -> dict[str, pl.DataFrame]:
    """The published pay tables from ``marts.pay_workers``, one block per calendar year.

    ``pay_indicators`` holds the article 9(1) indicators and the article 10 assessment per
    category, with the remedy date six months after 7 June of the following year; a category
    with a justification in ``core.pay_justifications`` for that year is ``justified``.
    ``pay_indicators_internal`` holds what the directive does not ask for, kept apart: the same
    gaps within origin groups and age bands, and the adjusted gap within categories. Both
    follow the primary rule with k = `min_cell` and `policy` (``[privacy]``; default the
    project's), see ``paygap``. No pay data delivered: no pay tables.
    """
    workers = con.sql("select * from marts.pay_workers").pl()
    if workers.is_empty():
        return {}
    recorded = con.sql("select year, category, justification from core.pay_justifications").pl()
    legal, internal = [], []
    for (year,), rows in sorted(workers.group_by("year"), key=lambda item: int(item[0][0])):
        day = date(int(year) + 1, *REPORT_DAY)
        legal.append(
            pay_indicators(
                rows,
                by="category",
                min_cell=min_cell,
                justified=dict(
                    recorded.filter(pl.col("year") == year)
                    .select("category", "justification")
                    .iter_rows()
                ),
                report_date=day,
                policy=policy,
            ).with_columns(pl.lit(year).alias("year"))
        )
        for dimension in INTERNAL_DIMENSIONS:
            internal.append(
                pay_indicators(rows, by=dimension, min_cell=min_cell, policy=policy)
                .filter((pl.col("category") != TOTAL) & pl.col("indicator").str.starts_with("g_"))
                .with_columns(pl.lit(dimension).alias("dimension"), pl.lit(year).alias("year"))
            )
        internal.append(
            adjusted_gap(rows, by="category", min_cell=min_cell, policy=policy).with_columns(
                pl.lit("category").alias("dimension"), pl.lit(year).alias("year")
            )
        )
    return {
        "pay_indicators": pl.concat(legal).select(PAY_COLUMNS),
        "pay_indicators_internal": pl.concat(internal)
        .rename({"category": "group"})
        .select(PAY_INTERNAL_COLUMNS),
    }


def paygap_file(
    path: Path,
    *,
    by: str | None = None,
    min_cell: int = 10,
    justifications: Path | None = None,
    report_date: date | None = None,
) -> str:
    """Read worker rows, compute the indicators, return CSV text (one row per indicator)."""
    workers = read_workers(path, by=by)
    justified = read_justifications(justifications, workers, by=by) if justifications else {}
    return to_csv(
        pay_indicators(
            workers, by=by, min_cell=min_cell, justified=justified, report_date=report_date
        )
    )


def read_workers(path: Path, *, by: str | None = None) -> pl.DataFrame:
    """``gender,hourly_pay`` (+ optional ``variable_pay`` and the `by` column), checked per row.

    Gender must use the contract codes; pay must be a number ≥ 0 (decimal point); an empty
    ``variable_pay`` means none. A row that breaks a rule is named with its column.
    """
    raw = _read_csv(path)
    required = ["gender", "hourly_pay", *([by] if by else [])]
    for column in required:
        if column not in raw.columns:
            raise InputError(
                Location(path.name, column=column),
                f"required column missing (found: {', '.join(raw.columns)})",
                hint="The file needs gender,hourly_pay and optionally variable_pay"
                + (f" and {by}." if by else "; name a category column with --by."),
            )
    gender = pl.col("gender").str.strip_chars().str.to_lowercase()
    frame = raw.with_row_index("_row", offset=1).with_columns(gender.alias("gender"))
    unknown = frame.filter(~pl.col("gender").is_in(CODES["gender"]) | pl.col("gender").is_null())
    if unknown.height:
        raise InputError(
            Location(path.name, row=int(unknown["_row"][0]), column="gender"),
            "unknown gender code",
            hint=f"Allowed: {', '.join(CODES['gender'])}.",
        )
    amounts = ["hourly_pay", *(["variable_pay"] if "variable_pay" in raw.columns else [])]
    for column in amounts:
        text = pl.col(column).str.strip_chars()
        frame = frame.with_columns(
            text.cast(pl.Float64, strict=False).alias(column),
            (text.is_not_null() & (text != "")).alias("_given"),
        )
        must_have = pl.lit(True) if column == "hourly_pay" else pl.col("_given")
        bad = frame.filter(
            must_have
            & (pl.col(column).is_null() | ~pl.col(column).is_finite() | (pl.col(column) < 0))
        )
        if bad.height:
            raise InputError(
                Location(path.name, row=int(bad["_row"][0]), column=column),
                "expected an amount of 0 or more, with a decimal point",
            )
    if by:
        empty = frame.filter(pl.col(by).is_null() | (pl.col(by).str.strip_chars() == ""))
        if empty.height:
            raise InputError(
                Location(path.name, row=int(empty["_row"][0]), column=by),
                "empty category",
                hint="Every worker needs a category of workers.",
            )
    return frame.drop("_row", "_given")


def read_justifications(path: Path, workers: pl.DataFrame, *, by: str | None) -> dict[str, str]:
    """``category,justification``: the article 10 justifications recorded per category."""
    raw = _read_csv(path)
    for column in ("category", "justification"):
        if column not in raw.columns:
            raise InputError(
                Location(path.name, column=column),
                "required column missing",
                hint="The file needs the columns category,justification.",
            )
    known = set(workers.get_column(by).to_list()) if by else set()
    for index, (category, text) in enumerate(
        raw.select("category", "justification").iter_rows(), start=1
    ):
        if category not in known:
            raise InputError(
                Location(path.name, row=index, column="category"),
                "not a category of workers in the pay file",
                hint="Use the categories of the --by column exactly.",
            )
        if not (text or "").strip():
            raise InputError(
                Location(path.name, row=index, column="justification"),
                "empty justification",
                hint="Record the objective, gender-neutral criteria that explain the gap.",
            )
    return dict(raw.select("category", "justification").iter_rows())


def _read_csv(path: Path) -> pl.DataFrame:
    try:
        return pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(
            Location(path.name), f"cannot be read as CSV ({type(exc).__name__})"
        ) from None


