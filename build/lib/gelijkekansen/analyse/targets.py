"""Targets (streefcijfers): where a group's share is heading, and whether it gets there in time.

The projection is a stock-flow model (docs/targets.md): each quarter a fixed fraction of each
group leaves the population, a fixed number of persons enters it, and a fixed share of those
belongs to the focal group; the three are estimated from the flows observed in
``marts.population_flows``. Its uncertainty band is a parametric bootstrap over those estimates
and over the quarterly flows themselves. The pure functions work on counts; ``publish_targets``
reads the marts and sends every published figure through the privacy filter.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from itertools import pairwise
from typing import Literal, NamedTuple

import duckdb
import numpy as np
import numpy.typing as npt
import polars as pl

from gelijkekansen.analyse import stats
from gelijkekansen.analyse.leadership_summary import ser_summary
from gelijkekansen.analyse.suppression import publishable, suppress
from gelijkekansen.config import Config, Target
from gelijkekansen.contract import CODES

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TargetStatus = Literal["on_track", "at_risk", "off_track"]

TOTAL = "totaal"
DIMENSIONS = ("gender", "origin", "disability")
"""Dimensions of marts.population_flows besides the population total: person attributes that
do not change over time (an age band does), so a group and the rest add up to the population."""
WINDOW_QUARTERS = 8
BOOTSTRAP_DRAWS = 2_000
SEED = 20_221_001
"""Fixed so that the same flows give byte-identical bands (the law took effect 2022-01-01)."""
ON_TRACK_FROM = 0.5
OFF_TRACK_BELOW = 0.1
_JEFFREYS = 0.5
"""Beta(x + ½, n − x + ½): the Jeffreys posterior of a proportion, proper even at x = 0 or n."""

STOCK_KEYS = ["period_end", "population", "dimension", "group"]
TARGET_COLUMNS = (
    "target_id", "population", "dimension", "group", "target_share", "target_date",
    "current_share", "current_ci_low", "current_ci_high", "gap_persons", "projected_share",
    "projected_low", "projected_high", "p_reach", "required_inflow_share", "status", "suppressed",
)
TARGET_VALUES = [c for c in TARGET_COLUMNS[6:] if c != "suppressed"]
SHARE_VALUES = ["current_share", "current_ci_low", "current_ci_high"]


# --- projection on counts -----------------------------------------------------------------


@dataclass(frozen=True)
class ObservedFlows:
    """Quarterly flows of the focal group and of the rest of its population, oldest first.

    ``*_start`` is the stock at the start of each quarter, ``*_outflow`` who of them left the
    population during it, ``*_inflow`` who entered it (hires, promotions and moves into it).
    """

    focal_start: IntArray
    focal_inflow: IntArray
    focal_outflow: IntArray
    others_start: IntArray
    others_inflow: IntArray
    others_outflow: IntArray

    def __post_init__(self) -> None:
        arrays = [np.asarray(getattr(self, name)) for name in self.__dataclass_fields__]
        if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
            raise ValueError("ObservedFlows: every field must be a 1-d array of the same length.")
        if any(np.any(a < 0) for a in arrays):
            raise ValueError("ObservedFlows: counts must not be negative.")
        if np.any(self.focal_outflow > self.focal_start) or np.any(
            self.others_outflow > self.others_start
        ):
            raise ValueError("ObservedFlows: more persons left than were there at the start.")

    def __len__(self) -> int:
        return len(self.focal_start)

    def last(self, quarters: int) -> ObservedFlows:
        """The most recent ``quarters`` quarters (all of them when fewer were observed)."""
        if quarters < 1:
            raise ValueError(f"window must be at least one quarter, got {quarters}.")
        return ObservedFlows(
            *(getattr(self, name)[-quarters:] for name in self.__dataclass_fields__)
        )


@dataclass(frozen=True)
class FlowRates:
    """Quarterly parameters of the projection, estimated from observed flows."""

    outflow_focal: float
    outflow_others: float
    inflow: float
    """Mean number of persons entering the population per quarter."""
    inflow_share: float
    """Focal share of the inflow; NaN when nobody entered."""


@dataclass(frozen=True)
class Projection:
    """Focal share at quarter 0 (now) to ``quarters`` (the target date), one value per quarter.

    ``expected`` is the deterministic path at the estimated rates; ``median``, ``low`` and
    ``high`` summarise the bootstrap draws.
    """

    rates: FlowRates
    expected: FloatArray
    median: FloatArray
    low: FloatArray
    high: FloatArray
    p_reach: float
    required_inflow_share: float

    @property
    def share(self) -> float:
        """Projected share at the target date (bootstrap median)."""
        return float(self.median[-1])

    @property
    def share_low(self) -> float:
        return float(self.low[-1])

    @property
    def share_high(self) -> float:
        return float(self.high[-1])


def estimate_rates(flows: ObservedFlows) -> FlowRates:
    """Outflow rate per group (persons leaving / persons there at the start, summed over the
    quarters given), mean inflow per quarter and the focal share of inflow.

    A group nobody belonged to has no rate of its own and gets the population's pooled rate
    (0 when the population was empty throughout). Empty input is refused.
    """
    if len(flows) == 0:
        raise ValueError("estimate_rates: no observed quarters to estimate flows from.")
    pooled = _rate(
        int(flows.focal_outflow.sum() + flows.others_outflow.sum()),
        int(flows.focal_start.sum() + flows.others_start.sum()),
        fallback=0.0,
    )
    entered = int(flows.focal_inflow.sum() + flows.others_inflow.sum())
    return FlowRates(
        outflow_focal=_rate(int(flows.focal_outflow.sum()), int(flows.focal_start.sum()), pooled),
        outflow_others=_rate(
            int(flows.others_outflow.sum()), int(flows.others_start.sum()), pooled
        ),
        inflow=entered / len(flows),
        inflow_share=_rate(int(flows.focal_inflow.sum()), entered, math.nan),
    )


def expected_path(focal: int, others: int, rates: FlowRates, *, quarters: int) -> FloatArray:
    """Deterministic focal share at quarters 0..``quarters`` at the given rates.

    Each quarter F ← F(1 − r_f) + s·m and O ← O(1 − r_o) + (1 − s)·m, so in closed form
    F_t = F_0(1 − r_f)^t + s·m·Σ_{k<t}(1 − r_f)^k (and likewise O_t). NaN where the population
    is empty.
    """
    _check_stock(focal, others, quarters)
    f_decay, f_sum = _geometric(rates.outflow_focal, quarters)
    o_decay, o_sum = _geometric(rates.outflow_others, quarters)
    share_in = 0.0 if rates.inflow == 0 else rates.inflow_share
    f = focal * f_decay + share_in * rates.inflow * f_sum
    o = others * o_decay + (1.0 - share_in) * rates.inflow * o_sum
    return _share(f, f + o)


def required_inflow_share(
    focal: int, others: int, rates: FlowRates, *, quarters: int, target_share: float
) -> float:
    """Focal share of inflow at which the expected path ends exactly on the target.

    Solving F_T / (F_T + O_T) = τ for s (see ``expected_path``) gives
    s = [τ(O_0 a_o + m A_o) − (1 − τ) F_0 a_f] / (m [(1 − τ) A_f + τ A_o]), with a = (1 − r)^T
    and A = Σ_{k<T}(1 − r)^k. Not clipped: above 1 the target cannot be reached even if every
    newcomer belongs to the group; below 0 it is reached without any. NaN when no inflow is
    expected or no quarter is left (the inflow cannot change the outcome).
    """
    _check_stock(focal, others, quarters)
    tau = _share_argument("target_share", target_share)
    f_decay, f_sum = _geometric(rates.outflow_focal, quarters)
    o_decay, o_sum = _geometric(rates.outflow_others, quarters)
    denominator = rates.inflow * ((1.0 - tau) * f_sum[-1] + tau * o_sum[-1])
    if denominator == 0:
        return math.nan
    numerator = tau * (others * o_decay[-1] + rates.inflow * o_sum[-1]) - (1.0 - tau) * (
        focal * f_decay[-1]
    )
    return float(numerator / denominator)


def project_share(
    focal: int,
    others: int,
    flows: ObservedFlows,
    *,
    quarters: int,
    target_share: float,
    window: int = WINDOW_QUARTERS,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = SEED,
    confidence: float = 0.95,
) -> Projection:
    """Project the focal share from the current stock to ``quarters`` quarters ahead.

    Rates come from the last ``window`` observed quarters (``estimate_rates``). The band is a
    parametric bootstrap: per draw the outflow rates and the inflow share are drawn from their
    Jeffreys Beta posteriors, then each quarter the leavers are drawn binomially from the
    stock, the number entering from a Poisson with the observed mean, and the focal entrants
    binomially from those. ``median``/``low``/``high`` are the 50% and (1 ± confidence)/2
    quantiles of the draws; ``p_reach`` the fraction of draws at or above the target at the
    end. A draw in which the population empties has no share: it does not reach the target and
    is left out of the quantiles.
    """
    _check_stock(focal, others, quarters)
    if focal + others == 0:
        raise ValueError("project_share: the population is empty; there is no share to project.")
    if draws < 1:
        raise ValueError(f"project_share: draws must be at least 1, got {draws}.")
    recent = flows.last(window)
    rates = estimate_rates(recent)
    shares = _bootstrap(focal, others, recent, rates, quarters=quarters, draws=draws, seed=seed)
    tail = (1.0 - _confidence(confidence)) / 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all draws emptied: the band is NaN
        low, median, high = np.nanquantile(shares, [tail, 0.5, 1.0 - tail], axis=1)
    with np.errstate(invalid="ignore"):
        reached = shares[-1] >= _share_argument("target_share", target_share)
    return Projection(
        rates=rates,
        expected=expected_path(focal, others, rates, quarters=quarters),
        median=median,
        low=low,
        high=high,
        p_reach=float(np.mean(reached)),
        required_inflow_share=required_inflow_share(
            focal, others, rates, quarters=quarters, target_share=target_share
        ),
    )


def target_status(
    p_reach: float,
    current_share: float,
    target_share: float,
    required_inflow_share: float,
    observed_inflow_share: float,
) -> TargetStatus:
    """Status of a target, first match wins (justified in docs/targets.md):

    - ``off_track``: the required inflow share exceeds 1 (even an inflow made up only of the
      group falls short at the expected outflow), or fewer than 1 in 10 draws reach the target;
    - ``on_track``: at least half of the draws reach the target and so does the expected path,
      i.e. the observed inflow share is at least the required one; when no inflow was observed
      (either share NaN) the expected path only drifts, and the target must already be met;
    - ``at_risk``: otherwise.
    """
    if not 0.0 <= p_reach <= 1.0:
        raise ValueError(f"p_reach must lie in [0, 1], got {p_reach}.")
    current = _share_argument("current_share", current_share)
    target = _share_argument("target_share", target_share)
    if required_inflow_share > 1.0 or p_reach < OFF_TRACK_BELOW:
        return "off_track"
    if math.isnan(required_inflow_share) or math.isnan(observed_inflow_share):
        path_reaches = current >= target
    else:
        path_reaches = observed_inflow_share >= required_inflow_share
    return "on_track" if p_reach >= ON_TRACK_FROM and path_reaches else "at_risk"


def quarters_until(period_end: date, target_date: date) -> int:
    """Whole quarters from a quarter end to the last quarter end on or before ``target_date``
    (0 when the target date lies before the next quarter end)."""
    last = _quarter_index(target_date) - (0 if _is_quarter_end(target_date) else 1)
    return max(last - _quarter_index(period_end), 0)


def _bootstrap(
    focal: int,
    others: int,
    flows: ObservedFlows,
    rates: FlowRates,
    *,
    quarters: int,
    draws: int,
    seed: int,
) -> FloatArray:
    """Simulated focal shares, shape (quarters + 1, draws)."""
    rng = np.random.default_rng(seed)
    pooled_x = int(flows.focal_outflow.sum() + flows.others_outflow.sum())
    pooled_n = int(flows.focal_start.sum() + flows.others_start.sum())
    out_f = _rate_draws(rng, flows.focal_outflow, flows.focal_start, pooled_x, pooled_n, draws)
    out_o = _rate_draws(rng, flows.others_outflow, flows.others_start, pooled_x, pooled_n, draws)
    share_in = rng.beta(
        int(flows.focal_inflow.sum()) + _JEFFREYS, int(flows.others_inflow.sum()) + _JEFFREYS, draws
    )
    f = np.full(draws, focal, dtype=np.int64)
    o = np.full(draws, others, dtype=np.int64)
    shares = np.empty((quarters + 1, draws))
    shares[0] = _share(f, f + o)
    for quarter in range(1, quarters + 1):
        entering = rng.poisson(rates.inflow, draws)
        focal_in = rng.binomial(entering, share_in)
        f = f - rng.binomial(f, out_f) + focal_in
        o = o - rng.binomial(o, out_o) + entering - focal_in
        shares[quarter] = _share(f, f + o)
    return shares


def _rate_draws(
    rng: np.random.Generator,
    left: IntArray,
    at_start: IntArray,
    pooled_left: int,
    pooled_at_start: int,
    draws: int,
) -> FloatArray:
    """Outflow rates from the group's Jeffreys posterior, or the pooled one when the group was
    never there (as ``estimate_rates``); 0 when nobody was ever there."""
    x, n = int(left.sum()), int(at_start.sum())
    if n == 0:
        x, n = pooled_left, pooled_at_start
    if n == 0:
        return np.zeros(draws)
    return rng.beta(x + _JEFFREYS, n - x + _JEFFREYS, draws)


def _rate(x: int, n: int, fallback: float) -> float:
    return x / n if n > 0 else fallback


def _geometric(rate: float, quarters: int) -> tuple[FloatArray, FloatArray]:
    """(1 − r)^t and Σ_{k<t}(1 − r)^k for t = 0..quarters."""
    decay = (1.0 - rate) ** np.arange(quarters + 1, dtype=np.float64)
    return decay, np.concatenate([[0.0], np.cumsum(decay[:-1])])


def _share(part: npt.ArrayLike, whole: npt.ArrayLike) -> FloatArray:
    """part / whole, NaN where whole = 0."""
    num = np.asarray(part, dtype=np.float64)
    den = np.asarray(whole, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _check_stock(focal: int, others: int, quarters: int) -> None:
    if focal < 0 or others < 0:
        raise ValueError(f"stocks must not be negative, got focal={focal}, others={others}.")
    if quarters < 0:
        raise ValueError(f"quarters must not be negative, got {quarters}.")


def _share_argument(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1], got {value}.")
    return value


def _confidence(value: float) -> float:
    if not 0.0 < value < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {value}.")
    return value


def _quarter_index(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _is_quarter_end(day: date) -> bool:
    return _quarter_index(day) != _quarter_index(date.fromordinal(day.toordinal() + 1))


# --- published tables ---------------------------------------------------------------------


def publish_targets(con: duckdb.DuckDBPyConnection, config: Config) -> dict[str, pl.DataFrame]:
    """Target tracking, trend, glass ceiling indices and the SER summary, privacy-filtered.

    Call inside the analyse transaction after ``run_models(con, "marts")``; the frames are meant
    for ``published.<name>``. Figures are organisation-wide.
    """
    flows = _flows(con)
    stocks = privacy_filtered_stocks(flows, config=config)
    return {
        "targets": target_table(flows, stocks, config.targets),
        "target_history": target_history(stocks, config.targets),
        "glass_ceiling": glass_ceiling(stocks, config=config),
        "ser_summary": ser_summary(flows, config=config),
    }


def privacy_filtered_stocks(flows: pl.DataFrame, *, config: Config) -> pl.DataFrame:
    """Headcount per quarter end, population and group, zero-filled over the contract's codes,
    with the population total alongside and the privacy filter's ``suppressed`` flag.

    Sibling sets are the groups of each dimension with their population total, as for the
    published representation, so a hidden group cannot be recovered by subtraction.
    """
    groups = pl.DataFrame(
        [(TOTAL, TOTAL), *((d, g) for d in DIMENSIONS for g in CODES[d])],
        schema={"dimension": pl.Utf8, "group": pl.Utf8},
        orient="row",
    )
    grid = (
        flows.select(pl.col("quarter_end").alias("period_end")).unique()
        .join(pl.DataFrame({"population": config.populations}), how="cross")
        .join(groups, how="cross")
    )
    counts = flows.select(
        pl.col("quarter_end").alias("period_end"),
        "population",
        "dimension",
        "group",
        pl.col("stock_end").alias("headcount"),
    )
    frame = grid.join(counts, on=STOCK_KEYS, how="left").with_columns(
        pl.col("headcount").fill_null(0)
    )
    totals = frame.filter(pl.col("dimension") == TOTAL).select(
        "period_end", "population", pl.col("headcount").alias("total")
    )
    frame = frame.join(totals, on=["period_end", "population"]).with_columns(
        pl.when(pl.col("dimension").is_in([d, TOTAL])).then(pl.lit("x")).alias(f"_in_{d}")
        for d in DIMENSIONS
    )
    filtered = suppress(
        frame,
        count_columns=["headcount"],
        sibling_sets=[["period_end", "population", f"_in_{d}"] for d in DIMENSIONS],
        min_cell=config.min_cell,
    )
    return filtered.drop(f"_in_{d}" for d in DIMENSIONS).sort(STOCK_KEYS)


def target_table(
    flows: pl.DataFrame, stocks: pl.DataFrame, targets: tuple[Target, ...]
) -> pl.DataFrame:
    """One row per target at the latest quarter end: share, gap, projection and status."""
    latest = _latest(stocks)
    chosen = _projectable(targets)
    rows = [] if latest is None else [_target_row(flows, stocks, t, latest) for t in chosen]
    frame = pl.DataFrame(rows, schema=_TARGET_SCHEMA)
    frame = frame.with_columns(pl.col(pl.Float64).fill_nan(None))
    return publishable(frame, value_columns=TARGET_VALUES).select(TARGET_COLUMNS)


def target_history(stocks: pl.DataFrame, targets: tuple[Target, ...]) -> pl.DataFrame:
    """Share of each target's group per quarter end with its Wilson interval, and the target
    line alongside, for trend charts."""
    lines = pl.DataFrame(
        [_describe(t) for t in _projectable(targets)], schema=_DESCRIPTION_SCHEMA
    )
    frame = lines.join(stocks, on=["population", "dimension", "group"], how="inner")
    share, low, high = _share_interval(_ints(frame, "headcount"), _ints(frame, "total"))
    frame = frame.with_columns(
        pl.Series("current_share", share).fill_nan(None),
        pl.Series("current_ci_low", low).fill_nan(None),
        pl.Series("current_ci_high", high).fill_nan(None),
    )
    return (
        publishable(frame, value_columns=SHARE_VALUES)
        .select("target_id", "period_end", *list(_DESCRIPTION_SCHEMA)[1:], *SHARE_VALUES,
                "suppressed")
        .sort("target_id", "period_end")
    )


def glass_ceiling(stocks: pl.DataFrame, *, config: Config) -> pl.DataFrame:
    """Glass ceiling index per quarter end, ladder step and group (``stats.glass_ceiling_index``).

    Steps are consecutive levels of each ladder, all staff to leaders, and consecutive
    leadership layers. A row is hidden when the group's count at either level is.
    """
    steps = pl.DataFrame(
        ladder_steps(config), schema=["step", "lower_population", "upper_population"],
        orient="row",
    )
    groups = stocks.filter(pl.col("dimension") != TOTAL)
    level = ["period_end", "population", "dimension", "group", "headcount", "total", "suppressed"]
    lower = groups.select(level).rename(lambda c: c if c in STOCK_KEYS else f"{c}_lower")
    upper = groups.select(level).rename(lambda c: c if c in STOCK_KEYS else f"{c}_upper")
    frame = (
        steps.join(lower.rename({"population": "lower_population"}), on="lower_population")
        .join(
            upper.rename({"population": "upper_population"}),
            on=["upper_population", "period_end", "dimension", "group"],
        )
    )
    share_lower = stats.selection_rate(_ints(frame, "headcount_lower"), _ints(frame, "total_lower"))
    share_upper = stats.selection_rate(_ints(frame, "headcount_upper"), _ints(frame, "total_upper"))
    frame = frame.with_columns(
        pl.Series("share_lower", share_lower).fill_nan(None),
        pl.Series("share_upper", share_upper).fill_nan(None),
        pl.Series(
            "glass_ceiling_index", stats.glass_ceiling_index(share_lower, share_upper)
        ).fill_nan(None),
        (pl.col("suppressed_lower") | pl.col("suppressed_upper")).alias("suppressed"),
    )
    values = ["share_lower", "share_upper", "glass_ceiling_index"]
    return (
        publishable(frame, value_columns=values)
        .select("period_end", "step", "lower_population", "upper_population", "dimension",
                "group", *values, "suppressed")
        .sort("period_end", "step", "dimension", "group")
    )


def ladder_steps(config: Config) -> list[tuple[str, str, str]]:
    """(step, lower population, upper population) for every step up a ladder or a layer."""
    steps = [
        (f"{a}>{b}", f"ladder:{a}", f"ladder:{b}")
        for ladder in (config.ladder.teaching, config.ladder.support)
        for a, b in pairwise(ladder)
    ]
    steps.append(("all_staff>leaders", "all_staff", "leaders"))
    steps += [
        (f"{a}>{b}", f"leaders:{a}", f"leaders:{b}") for a, b in pairwise(config.leadership_layers)
    ]
    return steps


def gap_persons(focal: int, total: int, target_share: float) -> int:
    """Persons of the group to add, at the current population size, to reach the target:
    ⌈τ·N⌉ − F, decided exactly on the target as written (0.3 is 3/10), 0 when it is met."""
    needed = math.ceil(Fraction(repr(target_share)) * total) - focal
    return max(needed, 0)


def observed_flows(flows: pl.DataFrame, target: Target, *, until: date) -> ObservedFlows:
    """The target group's and the rest's flows organisation-wide, quarters up to ``until``."""
    series = _target_series(flows, target).filter(pl.col("quarter_end") <= until)
    focal = {c: _ints(series, f"focal_{c}") for c in ("start", "inflow", "outflow")}
    total = {c: _ints(series, f"total_{c}") for c in ("start", "inflow", "outflow")}
    return ObservedFlows(
        focal_start=focal["start"],
        focal_inflow=focal["inflow"],
        focal_outflow=focal["outflow"],
        others_start=total["start"] - focal["start"],
        others_inflow=total["inflow"] - focal["inflow"],
        others_outflow=total["outflow"] - focal["outflow"],
    )


def backtest(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    *,
    origin_quarter: date,
    horizon_quarters: int,
    window: int = WINDOW_QUARTERS,
) -> pl.DataFrame:
    """Project each target from an earlier quarter end with only the flows up to it, and
    compare with the share realised ``horizon_quarters`` later: absolute error in percentage
    points and whether the realised share fell inside the band. Privacy-filtered like the
    published tables (a row is hidden when either quarter's count is)."""
    flows = _flows(con)
    stocks = privacy_filtered_stocks(flows, config=config)
    quarter_ends = stocks.get_column("period_end").unique().sort().to_list()
    if origin_quarter not in quarter_ends:
        raise ValueError(f"backtest: {origin_quarter} is not a quarter end of the history.")
    position = quarter_ends.index(origin_quarter) + horizon_quarters
    if horizon_quarters < 1 or position >= len(quarter_ends):
        raise ValueError(
            f"backtest: {horizon_quarters} quarters after {origin_quarter} lies outside the "
            f"history (last quarter end {quarter_ends[-1]})."
        )
    evaluated = quarter_ends[position]
    rows = []
    for target in _projectable(config.targets):
        start = _stock_row(stocks, target, origin_quarter)
        end = _stock_row(stocks, target, evaluated)
        row: dict[str, object] = {
            "target_id": target.target_id,
            "origin_quarter": origin_quarter,
            "evaluation_quarter": evaluated,
            "horizon_quarters": horizon_quarters,
            "suppressed": start.suppressed or end.suppressed,
        }
        if start.total > 0 and end.total > 0:
            projection = project_share(
                start.headcount,
                start.total - start.headcount,
                observed_flows(flows, target, until=origin_quarter),
                quarters=horizon_quarters,
                target_share=target.share,
                window=window,
            )
            realised = end.headcount / end.total
            row |= {
                "share_at_origin": start.headcount / start.total,
                "projected_share": projection.share,
                "projected_low": projection.share_low,
                "projected_high": projection.share_high,
                "realised_share": realised,
                "abs_error_pp": abs(projection.share - realised) * 100.0,
                "realised_in_band": projection.share_low <= realised <= projection.share_high,
            }
        rows.append(row)
    frame = pl.DataFrame(rows, schema=_BACKTEST_SCHEMA).with_columns(
        pl.col(pl.Float64).fill_nan(None)
    )
    return publishable(frame, value_columns=list(_BACKTEST_SCHEMA)[4:-1])


def _target_row(
    flows: pl.DataFrame, stocks: pl.DataFrame, target: Target, latest: date
) -> dict[str, object]:
    now = _stock_row(stocks, target, latest)
    focal, total = now.headcount, now.total
    share, low, high = _share_interval(np.array([focal]), np.array([total]))
    row: dict[str, object] = {
        **_describe(target),
        "current_share": float(share[0]),
        "current_ci_low": float(low[0]),
        "current_ci_high": float(high[0]),
        "gap_persons": gap_persons(focal, total, target.share),
        "suppressed": now.suppressed,
    }
    if total == 0:
        return row
    projection = project_share(
        focal,
        total - focal,
        observed_flows(flows, target, until=latest),
        quarters=quarters_until(latest, target.target_date),
        target_share=target.share,
    )
    return row | {
        "projected_share": projection.share,
        "projected_low": projection.share_low,
        "projected_high": projection.share_high,
        "p_reach": projection.p_reach,
        "required_inflow_share": projection.required_inflow_share,
        "status": target_status(
            projection.p_reach,
            float(share[0]),
            target.share,
            projection.required_inflow_share,
            projection.rates.inflow_share,
        ),
    }


def _projectable(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Refuse targets on a dimension without flows instead of reporting them as empty."""
    for target in targets:
        if target.dimension not in DIMENSIONS:
            raise ValueError(
                f"target {target.target_id}: dimension '{target.dimension}' cannot be tracked; "
                f"targets are projected for {', '.join(DIMENSIONS)} only."
            )
    return targets


def _flows(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    flows: pl.DataFrame = con.sql(
        "select * from marts.population_flows where org_unit = 'totaal' order by quarter_end"
    ).pl()
    return flows


def _latest(stocks: pl.DataFrame) -> date | None:
    """The latest quarter end, None before any quarter was delivered."""
    latest = stocks.get_column("period_end").max()
    return latest if isinstance(latest, date) else None


def _target_series(flows: pl.DataFrame, target: Target) -> pl.DataFrame:
    """Per quarter (zero-filled): the group's and the population's start, in, out."""
    quarters = flows.select("quarter_end").unique().sort("quarter_end")
    measures = ["stock_start", "inflow", "outflow"]
    population = flows.filter(pl.col("population") == target.population)

    def side(dimension: str, group: str, prefix: str) -> pl.DataFrame:
        rows = population.filter(
            (pl.col("dimension") == dimension) & (pl.col("group") == group)
        ).select("quarter_end", *measures)
        return rows.rename({c: f"{prefix}_{c.removeprefix('stock_')}" for c in measures})

    return (
        quarters.join(side(target.dimension, target.group, "focal"), on="quarter_end", how="left")
        .join(side(TOTAL, TOTAL, "total"), on="quarter_end", how="left")
        .fill_null(0)
    )


class _Stock(NamedTuple):
    headcount: int
    total: int
    suppressed: bool


def _stock_row(stocks: pl.DataFrame, target: Target, period_end: date) -> _Stock:
    """The target group's headcount at a quarter end (the grid is zero-filled: always found)."""
    row = stocks.filter(
        (pl.col("period_end") == period_end)
        & (pl.col("population") == target.population)
        & (pl.col("dimension") == target.dimension)
        & (pl.col("group") == target.group)
    ).row(0, named=True)
    return _Stock(int(row["headcount"]), int(row["total"]), bool(row["suppressed"]))


def _share_interval(
    part: IntArray, whole: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    low, high = stats.wilson_interval(part, whole)
    return stats.selection_rate(part, whole), low, high


def _describe(target: Target) -> dict[str, object]:
    return {
        "target_id": target.target_id,
        "population": target.population,
        "dimension": target.dimension,
        "group": target.group,
        "target_share": target.share,
        "target_date": target.target_date,
    }


def _ints(frame: pl.DataFrame, column: str) -> IntArray:
    return frame.get_column(column).cast(pl.Int64).to_numpy()


_DESCRIPTION_SCHEMA = {
    "target_id": pl.Utf8,
    "population": pl.Utf8,
    "dimension": pl.Utf8,
    "group": pl.Utf8,
    "target_share": pl.Float64,
    "target_date": pl.Date,
}
_TARGET_SCHEMA = {
    **_DESCRIPTION_SCHEMA,
    **{c: pl.Float64 for c in SHARE_VALUES},
    "gap_persons": pl.Int64,
    **{c: pl.Float64 for c in ("projected_share", "projected_low", "projected_high", "p_reach",
                              "required_inflow_share")},
    "status": pl.Utf8,
    "suppressed": pl.Boolean,
}
_BACKTEST_SCHEMA = {
    "target_id": pl.Utf8,
    "origin_quarter": pl.Date,
    "evaluation_quarter": pl.Date,
    "horizon_quarters": pl.Int64,
    **{c: pl.Float64 for c in ("share_at_origin", "projected_share", "projected_low",
                              "projected_high", "realised_share", "abs_error_pp")},
    "realised_in_band": pl.Boolean,
    "suppressed": pl.Boolean,
}
