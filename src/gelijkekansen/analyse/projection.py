"""Where a group's share is heading: the stock-flow projection of a target (docs/targets.md).

Each quarter a fixed fraction of each group leaves the population, a fixed number of persons
enters it, and a fixed share of those belongs to the focal group; the three are estimated from
the flows observed in ``marts.population_flows``. Its uncertainty band is a parametric bootstrap
over those estimates and over the quarterly flows themselves. Pure functions on counts: reading
the marts and the privacy filter are ``gelijkekansen.analyse.targets``'s job.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
TargetStatus = Literal["on_track", "at_risk", "off_track"]

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
