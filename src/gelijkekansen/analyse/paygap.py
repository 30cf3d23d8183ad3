"""Gender pay indicators of Directive (EU) 2023/970, article 9(1)(a)–(g), and the article 10 test.

Definitions (article 3): pay is the basic wage plus any complementary or variable component; the
pay level compared is gross hourly pay; the gender pay gap is (men − women) / men × 100 on the
mean and on the median; quartile pay bands are four equal groups of workers from lowest to
highest hourly pay. The directive compares women and men only: workers registered otherwise are
counted (row ``workers``, column ``n_other``) but are in no statistic.

Choices where the directive leaves room (docs/pay-transparency.md explains them):

* complementary/variable pay gaps (b, d) are taken over the workers who receive such pay, as the
  UK regulations do for bonus pay; the share receiving it is indicator (e);
* quartile bands hold exactly n/4 workers each; a pay level (a group of workers on the same
  hourly pay, or a single worker) that straddles a band boundary is divided over the bands in
  proportion to the overlap, keeping its female/male proportion (UK SI 2017/172, reg. 13(2));
* article 10 flags a category whose mean hourly pay differs by 5% or more in either direction.

Privacy (article 12(3)): a scope (the organisation or one category) where women or men number
fewer than k is reported as ``too_few`` without any mean, median, share or count, and so are the
variable pay gaps where fewer than k of either gender receive such pay, or fewer than k do not
(the primary rule of ``analyse.suppression``, with its policy on zeros and on "all selected").
The hidden cells get complementary suppression over the categories, so the organisation's
figures cannot be differenced against the other categories to recover a hidden one. Workers of
other genders are counted only organisation-wide: per category their counts could be
differenced against the organisation's.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from gelijkekansen.analyse.suppression import SUPPRESSED, primary_rule, suppress
from gelijkekansen.config import PrivacySettings
from gelijkekansen.contract import TOTAL

FloatArray = npt.NDArray[np.float64]

WOMEN: Final = "vrouw"
MEN: Final = "man"
ASSESSMENT_THRESHOLD_PCT: Final = 5
"""Article 10(1)(a): a difference in average pay level of at least 5% in a category."""
REMEDY_MONTHS: Final = 6
"""Article 10(1)(c): not remedied within six months of the report's submission."""

PUBLISHED: Final = "published"
TOO_FEW: Final = "too_few"
UNDEFINED: Final = "undefined"

INDICATOR_COLUMNS: Final = (
    "indicator",
    "article",
    "category",
    "band",
    "n_women",
    "n_men",
    "n_other",
    "women",
    "men",
    "gap_pct",
    "status",
    "assessment",
    "remedy_by",
    "justification",
)
SCHEMA: Final[dict[str, type[pl.DataType] | pl.DataType]] = {
    "indicator": pl.Utf8,
    "article": pl.Utf8,
    "category": pl.Utf8,
    "band": pl.Int64,
    "n_women": pl.Int64,
    "n_men": pl.Int64,
    "n_other": pl.Int64,
    "women": pl.Float64,
    "men": pl.Float64,
    "gap_pct": pl.Float64,
    "status": pl.Utf8,
    "assessment": pl.Utf8,
    "remedy_by": pl.Date,
    "justification": pl.Utf8,
}

_GAPS: Final = (
    # indicator, article, pay column, statistic, recipients only
    ("a_mean_gap", "9(1)(a)", "hourly_pay", "mean", False),
    ("b_variable_mean_gap", "9(1)(b)", "variable_pay", "mean", True),
    ("c_median_gap", "9(1)(c)", "hourly_pay", "median", False),
    ("d_variable_median_gap", "9(1)(d)", "variable_pay", "median", True),
)
_CATEGORY_GAPS: Final = (
    ("g_basic_mean_gap", "basic_hourly_pay", "mean", False),
    ("g_basic_median_gap", "basic_hourly_pay", "median", False),
    ("g_complementary_mean_gap", "variable_pay", "mean", True),
    ("g_complementary_median_gap", "variable_pay", "median", True),
)


# --- pure statistics on arrays ------------------------------------------------------------


def gap_pct(men: npt.ArrayLike, women: npt.ArrayLike) -> FloatArray:
    """Gender pay gap (article 3): (men − women) / men × 100, elementwise.

    Undefined (NaN) where the men's value is 0 or missing: no percentage of nothing.
    """
    m = np.asarray(men, dtype=np.float64)
    w = np.asarray(women, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(m > 0, (m - w) / m * 100.0, np.nan)


def reaches_threshold(
    men_sum: npt.ArrayLike,
    men_n: npt.ArrayLike,
    women_sum: npt.ArrayLike,
    women_n: npt.ArrayLike,
    *,
    threshold_pct: int = ASSESSMENT_THRESHOLD_PCT,
) -> npt.NDArray[np.bool_]:
    """|mean gap| ≥ threshold, in exact integer arithmetic: 100·|S_m·n_w − S_w·n_m| ≥ t·S_m·n_w.

    Sums are whole numbers of ``PAY_UNIT`` (see ``pay_units``). A gap of exactly 5% must be
    flagged; as a float quotient (10.20 − 9.69) / 10.20 × 100 = 4.999999999999998 would miss it
    (the four-fifths rule has the same trap, DOMAIN.md §4).
    """
    sm, nm, sw, nw = (np.asarray(a).astype(object) for a in (men_sum, men_n, women_sum, women_n))
    cross = sm * nw
    result = (cross > 0) & (100 * abs(cross - sw * nm) >= threshold_pct * cross)
    return np.asarray(result, dtype=np.bool_)


PAY_UNIT: Final = 10_000
"""Pay is decided on in 1/10 000 of a currency unit: exact integers, far below a cent."""


def pay_units(value: pl.Expr) -> pl.Expr:
    """`value` (currency units) as a whole number of 1/``PAY_UNIT``, for exact decisions."""
    return (value * PAY_UNIT).round().cast(pl.Int64)


def quartile_bands(pay: npt.ArrayLike, is_woman: npt.ArrayLike) -> FloatArray:
    """Women and men in each quartile pay band: a (4, 2) array of (possibly fractional) counts.

    Workers are ranked by hourly pay into four bands of exactly n/4 places. Workers on the same
    pay form one pay level occupying consecutive places; where a level straddles a boundary,
    each band receives the level's workers in proportion to the places it holds and in the
    level's own female/male proportion (UK SI 2017/172, reg. 13(2)), so the result does not
    depend on how ties happen to be ordered. Empty input gives zeros.
    """
    values = np.asarray(pay, dtype=np.float64)
    woman = np.asarray(is_woman, dtype=np.bool_)
    if values.shape != woman.shape or values.ndim != 1:
        raise ValueError("pay and is_woman must be 1-d arrays of the same length.")
    if np.isnan(values).any():
        raise ValueError("pay must not contain NaN.")
    levels, inverse = np.unique(values, return_inverse=True)
    women = np.bincount(inverse, weights=woman.astype(np.float64), minlength=levels.size)
    total = np.bincount(inverse, minlength=levels.size).astype(np.float64)
    end = np.cumsum(total)
    start = end - total
    edges = np.arange(5, dtype=np.float64) * values.size / 4.0
    overlap = np.clip(
        np.minimum(end[:, None], edges[None, 1:]) - np.maximum(start[:, None], edges[None, :-1]),
        0.0,
        None,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        share_women = np.where(total > 0, women / total, 0.0)
    band_women = overlap.T @ share_women
    band_men = overlap.T @ (1.0 - share_women)
    return np.column_stack([band_women, band_men])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the indicators on worker rows ---------------------------------------------------------


def pay_indicators(
    workers: pl.DataFrame,
    *,
    by: str | None = None,
    min_cell: int = 10,
    justified: Mapping[str, str] | None = None,
    report_date: date | None = None,
    policy: PrivacySettings | None = None,
) -> pl.DataFrame:
    """The article 9(1) indicators and, with `by`, the article 10 assessment per category.

    `workers` has one row per worker: ``gender`` (contract codes), ``hourly_pay`` (all pay per
    hour, ≥ 0), optionally ``variable_pay`` (the complementary/variable amount; 0 or null means
    none), ``basic_hourly_pay`` (basic pay per hour; defaults to ``hourly_pay``) and the column
    named by `by`. `justified` maps categories to a recorded objective, gender-neutral
    justification. `report_date` is the report's submission date; the remedy date is six months
    later (null when not given). `policy` decides whether zeros and "all selected" are
    sensitive (``[privacy]``; default the project's). Rows follow ``INDICATOR_COLUMNS``, the
    organisation first.
    """
    if min_cell < 1:
        raise ValueError("min_cell must be at least 1.")
    policy = policy or PrivacySettings()
    frame = _normalise(workers, by)
    hidden = _hidden_scopes(frame, by=by, min_cell=min_cell, policy=policy)
    rows = [
        _workers_rows(frame, hidden, min_cell=min_cell, policy=policy),
        _gap_rows(frame, hidden, scope=TOTAL),
        _share_rows(frame, hidden),
        _band_rows(frame, hidden, min_cell=min_cell),
    ]
    if by is not None:
        rows.append(_category_rows(frame, hidden))
        rows.append(
            _assessment_rows(frame, hidden, justified=justified or {}, report_date=report_date)
        )
    return (
        pl.concat(rows, how="vertical")
        .sort(pl.col("category") != TOTAL, "category", "indicator", "band", nulls_last=False)
        .select(INDICATOR_COLUMNS)
    )


def _normalise(workers: pl.DataFrame, by: str | None) -> pl.DataFrame:
    missing = [c for c in ("gender", "hourly_pay", *([by] if by else [])) if c not in workers]
    if missing:
        raise ValueError(f"workers: column {missing[0]} missing.")
    variable = (
        pl.col("variable_pay").cast(pl.Float64).fill_null(0.0)
        if "variable_pay" in workers.columns
        else pl.lit(0.0)
    )
    basic = (
        pl.col("basic_hourly_pay").cast(pl.Float64)
        if "basic_hourly_pay" in workers.columns
        else pl.col("hourly_pay").cast(pl.Float64)
    )
    category = pl.col(by).cast(pl.Utf8) if by else pl.lit(TOTAL)
    return workers.select(
        pl.col("gender").cast(pl.Utf8),
        pl.col("hourly_pay").cast(pl.Float64),
        basic.alias("basic_hourly_pay"),
        variable.alias("variable_pay"),
        category.alias("category"),
    )


def _hidden_scopes(
    frame: pl.DataFrame, *, by: str | None, min_cell: int, policy: PrivacySettings
) -> pl.DataFrame:
    """Scopes (category, measure) whose statistics are withheld, after complementary suppression.

    Measures: ``workers`` (women and men in the scope) and ``recipients`` (those of them with
    variable pay, whose ``pool`` is the scope's workers of that gender: workers − recipients is
    a count too). The cells are the counts per scope and gender; within each gender the
    categories and the organisation form a sibling set, as the organisation's figures are the
    categories' figures combined.
    """
    binary = frame.filter(pl.col("gender").is_in([WOMEN, MEN]))
    scopes = [binary.with_columns(pl.lit(TOTAL).alias("category"))]
    if by is not None:
        scopes.append(binary)
    stacked = pl.concat(scopes)
    cells = []
    for measure, rows in (
        ("workers", stacked),
        ("recipients", stacked.filter(pl.col("variable_pay") > 0)),
    ):
        counts = (
            rows.group_by("category", "gender")
            .agg(pl.len().cast(pl.Int64).alias("n"))
            .with_columns(pl.lit(measure).alias("measure"))
        )
        grid = (
            stacked.select("category")
            .unique()
            .join(pl.DataFrame({"gender": [WOMEN, MEN]}), how="cross")
            .with_columns(pl.lit(measure).alias("measure"))
        )
        cells.append(
            grid.join(counts, on=["category", "gender", "measure"], how="left").with_columns(
                pl.col("n").fill_null(0)
            )
        )
    workers = cells[0].select("category", "gender", pl.col("n").alias("pool"))
    cells[1] = cells[1].join(workers, on=["category", "gender"], how="left")
    flagged = suppress(
        pl.concat(cells, how="diagonal").sort("measure", "category", "gender"),
        count_columns=["n"],
        sibling_sets=[["measure", "gender"]],
        min_cell=min_cell,
        complement_of=[("pool", "n")],
        policy=policy,
    )
    return (
        flagged.filter(pl.col(SUPPRESSED))
        .select("category", "measure")
        .unique()
        .with_columns(pl.lit(True).alias("hidden"))
    )


def _is_hidden(frame: pl.DataFrame, hidden: pl.DataFrame, measure: str) -> pl.DataFrame:
    """`frame` (with a ``category`` column) plus a boolean ``hidden`` for `measure`."""
    marks = hidden.filter(pl.col("measure") == measure).drop("measure")
    return frame.join(marks, on="category", how="left").with_columns(
        pl.col("hidden").fill_null(False)
    )


def _per_gender(rows: pl.DataFrame, value: str, statistic: str) -> pl.DataFrame:
    """Per category: n, sum and the mean or median of `value`, for women and for men."""
    agg = pl.col(value).mean() if statistic == "mean" else pl.col(value).median()
    wide = []
    for gender, suffix in ((WOMEN, "women"), (MEN, "men")):
        wide.append(
            rows.filter(pl.col("gender") == gender)
            .group_by("category", maintain_order=True)
            .agg(
                pl.len().cast(pl.Int64).alias(f"n_{suffix}"),
                pay_units(pl.col(value)).sum().alias(f"sum_{suffix}"),
                agg.alias(suffix),
            )
        )
    categories = rows.select("category").unique()
    return (
        categories.join(wide[0], on="category", how="left")
        .join(wide[1], on="category", how="left")
        .with_columns(pl.col("n_women", "n_men").fill_null(0))  # none of a gender: 0, not unknown
    )


def _gap_frame(
    rows: pl.DataFrame,
    hidden: pl.DataFrame,
    *,
    value: str,
    statistic: str,
    recipients: bool,
) -> pl.DataFrame:
    """Women's and men's statistic and the gap per category, withheld where hidden."""
    if recipients:
        rows = rows.filter(pl.col(value) > 0)
    stats = _is_hidden(
        _per_gender(rows, value, statistic), hidden, "recipients" if recipients else "workers"
    )
    gap = gap_pct(stats["men"].fill_null(np.nan), stats["women"].fill_null(np.nan))
    stats = stats.with_columns(pl.Series("gap_pct", gap).fill_nan(None))
    status = (
        pl.when(pl.col("hidden"))
        .then(pl.lit(TOO_FEW))
        .when(pl.col("gap_pct").is_null())
        .then(pl.lit(UNDEFINED))
        .otherwise(pl.lit(PUBLISHED))
    )
    return stats.with_columns(status.alias("status")).with_columns(
        pl.when(pl.col("status") != TOO_FEW).then(pl.col(c)).alias(c)
        for c in ("n_women", "n_men", "women", "men", "gap_pct")
    )


def _binary(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("gender").is_in([WOMEN, MEN]))


def _gap_rows(frame: pl.DataFrame, hidden: pl.DataFrame, *, scope: str) -> pl.DataFrame:
    rows = _binary(frame).with_columns(pl.lit(scope).alias("category"))
    parts = [
        _gap_frame(
            rows, hidden, value=value, statistic=statistic, recipients=recipients
        ).with_columns(pl.lit(name).alias("indicator"), pl.lit(article).alias("article"))
        for name, article, value, statistic, recipients in _GAPS
    ]
    return _complete(pl.concat(parts, how="diagonal"))


def _category_rows(frame: pl.DataFrame, hidden: pl.DataFrame) -> pl.DataFrame:
    rows = _binary(frame)
    parts = [
        _gap_frame(
            rows, hidden, value=value, statistic=statistic, recipients=recipients
        ).with_columns(pl.lit(name).alias("indicator"), pl.lit("9(1)(g)").alias("article"))
        for name, value, statistic, recipients in _CATEGORY_GAPS
    ]
    return _complete(pl.concat(parts, how="diagonal"))


def _workers_rows(
    frame: pl.DataFrame, hidden: pl.DataFrame, *, min_cell: int, policy: PrivacySettings
) -> pl.DataFrame:
    """Head counts per scope; other genders counted organisation-wide, where the rule allows."""
    scopes = [frame.with_columns(pl.lit(TOTAL).alias("category"))]
    if frame["category"].unique().to_list() != [TOTAL]:
        scopes.append(frame)
    counts = (
        pl.concat(scopes)
        .group_by("category")
        .agg(
            (pl.col("gender") == WOMEN).sum().cast(pl.Int64).alias("n_women"),
            (pl.col("gender") == MEN).sum().cast(pl.Int64).alias("n_men"),
            (~pl.col("gender").is_in([WOMEN, MEN])).sum().cast(pl.Int64).alias("n_other"),
        )
    )
    marked = _withheld(
        _is_hidden(counts, hidden, "workers"), "workers", "3", values=("n_women", "n_men")
    )
    sensitive = primary_rule(["n_other"], [], min_cell=min_cell, policy=policy)
    return _complete(
        marked.with_columns(
            pl.when(~pl.col("hidden") & ~sensitive & (pl.col("category") == TOTAL))
            .then(pl.col("n_other"))
            .alias("n_other"),
        )
    )


def _withheld(
    marked: pl.DataFrame, indicator: str, article: str, *, values: tuple[str, ...]
) -> pl.DataFrame:
    """Name the rows, set their status from ``hidden`` and empty `values` where hidden."""
    return marked.with_columns(
        pl.lit(indicator).alias("indicator"),
        pl.lit(article).alias("article"),
        pl.when(pl.col("hidden"))
        .then(pl.lit(TOO_FEW))
        .otherwise(pl.lit(PUBLISHED))
        .alias("status"),
        *(pl.when(~pl.col("hidden")).then(pl.col(c)).alias(c) for c in values),
    )


def _share_rows(frame: pl.DataFrame, hidden: pl.DataFrame) -> pl.DataFrame:
    """(e): the percentage of women and of men who receive complementary or variable pay.

    Withheld with the workers or the recipients: the share times the workers is the count of
    recipients (and of those without), which the primary rule may hide.
    """
    rows = _binary(frame).with_columns(pl.lit(TOTAL).alias("category"))
    shares = rows.group_by("category").agg(
        (
            ((pl.col("variable_pay") > 0) & (pl.col("gender") == gender)).sum()
            / (pl.col("gender") == gender).sum()
            * 100.0
        ).alias(suffix)
        for gender, suffix in ((WOMEN, "women"), (MEN, "men"))
    )
    marked = _is_hidden(shares, hidden, "workers").join(
        _is_hidden(shares.select("category"), hidden, "recipients").rename(
            {"hidden": "recipients_hidden"}
        ),
        on="category",
    )
    marked = marked.with_columns(pl.col("hidden") | pl.col("recipients_hidden"))
    return _complete(_withheld(marked, "e_variable_pay_share", "9(1)(e)", values=("women", "men")))


def _band_rows(frame: pl.DataFrame, hidden: pl.DataFrame, *, min_cell: int) -> pl.DataFrame:
    """(f): percentage of women and of men in each quartile pay band, organisation-wide.

    Withheld when either gender has fewer than k workers, or a band holds fewer than k places.
    """
    rows = _binary(frame)
    counts = quartile_bands(rows["hourly_pay"].to_numpy(), (rows["gender"] == WOMEN).to_numpy())
    size = counts.sum(axis=1)
    withheld = (
        TOTAL in hidden.filter(pl.col("measure") == "workers")["category"].to_list()
        or rows.height / 4 < min_cell
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        women = np.where(size > 0, counts[:, 0] / size * 100.0, np.nan)
    bands = pl.DataFrame(
        {
            "band": np.arange(1, 5, dtype=np.int64),
            "women": None if withheld else women,
            "men": None if withheld else 100.0 - women,
        },
        schema={"band": pl.Int64, "women": pl.Float64, "men": pl.Float64},
    )
    return _complete(
        bands.with_columns(
            pl.lit("f_quartile_band").alias("indicator"),
            pl.lit("9(1)(f)").alias("article"),
            pl.lit(TOTAL).alias("category"),
            pl.lit(TOO_FEW if withheld else PUBLISHED).alias("status"),
            pl.col("women").fill_nan(None),
            pl.col("men").fill_nan(None),
        )
    )


def _assessment_rows(
    frame: pl.DataFrame,
    hidden: pl.DataFrame,
    *,
    justified: Mapping[str, str],
    report_date: date | None,
) -> pl.DataFrame:
    """Article 10: per category, the mean hourly pay gap and whether it calls for assessment."""
    stats = _gap_frame(
        _binary(frame), hidden, value="hourly_pay", statistic="mean", recipients=False
    )
    flagged = reaches_threshold(
        stats["sum_men"].fill_null(0),
        stats["n_men"].fill_null(0),
        stats["sum_women"].fill_null(0),
        stats["n_women"].fill_null(0),
    )
    is_justified = stats["category"].is_in(list(justified))
    recorded = pl.DataFrame(
        {"category": list(justified), "_text": list(justified.values())},
        schema={"category": pl.Utf8, "_text": pl.Utf8},
    )
    stats = stats.join(recorded, on="category", how="left")
    assessment = (
        pl.when(pl.col("status") == TOO_FEW)
        .then(pl.lit(TOO_FEW))
        .when(~pl.col("_flagged"))
        .then(pl.lit("below_threshold"))
        .when(pl.col("_justified"))
        .then(pl.lit("justified"))
        .otherwise(pl.lit("joint_assessment"))
    )
    remedy = add_months(report_date, REMEDY_MONTHS) if report_date else None
    return _complete(
        stats.with_columns(
            pl.Series("_flagged", flagged), pl.Series("_justified", is_justified)
        ).with_columns(
            pl.lit("art10_assessment").alias("indicator"),
            pl.lit("10(1)").alias("article"),
            assessment.alias("assessment"),
            pl.when(assessment == "joint_assessment")
            .then(pl.lit(remedy, dtype=pl.Date))
            .alias("remedy_by"),
            pl.when(assessment == "justified").then(pl.col("_text")).alias("justification"),
        )
    )


def _complete(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the indicator columns a part does not have, as nulls of the right type."""
    return frame.with_columns(
        pl.lit(None, dtype=dtype).alias(column)
        for column, dtype in SCHEMA.items()
        if column not in frame.columns
    ).select(pl.col(column).cast(dtype) for column, dtype in SCHEMA.items())


# --- beyond the legal minimum -------------------------------------------------------------


def adjusted_gap(
    workers: pl.DataFrame,
    *,
    by: str,
    min_cell: int = 10,
    policy: PrivacySettings | None = None,
) -> pl.DataFrame:
    """Mean hourly pay gap within categories, pooled: Σ n_c (m̄_c − w̄_c) / Σ n_c m̄_c × 100.

    Not an article 9 indicator: it asks how much of the crude gap (a) remains between women and
    men doing the same work, weighting each category by its workers. Only categories whose
    figures are published enter it; with none, it is ``too_few``.
    """
    frame = _normalise(workers, by)
    hidden = _hidden_scopes(frame, by=by, min_cell=min_cell, policy=policy or PrivacySettings())
    stats = _gap_frame(
        _binary(frame), hidden, value="hourly_pay", statistic="mean", recipients=False
    ).filter(pl.col("status") == PUBLISHED).sort("category")  # a fixed order: same float sum
    weight = pl.col("n_women") + pl.col("n_men")
    pooled = stats.select(
        ((weight * (pl.col("men") - pl.col("women"))).sum() / (weight * pl.col("men")).sum())
        .mul(100.0)
        .alias("gap_pct")
    )
    value = pooled["gap_pct"][0] if stats.height else None
    return _complete(
        pl.DataFrame(
            {
                "indicator": ["adjusted_mean_gap"],
                "article": ["-"],
                "category": [TOTAL],
                "gap_pct": [value],
                "status": [PUBLISHED if value is not None else TOO_FEW],
            },
            schema={
                "indicator": pl.Utf8,
                "article": pl.Utf8,
                "category": pl.Utf8,
                "gap_pct": pl.Float64,
                "status": pl.Utf8,
            },
        )
    )
