"""What a customers export measures: monthly churn, CRR, monthly revenue per customer, CLV.

Given a window [start, end] (days since 1970-01-01) and the customers of
:func:`~simroi.data.records.load_customers`:

* ``monthly_churn``: ``1 - exp(-ended / customer-months at risk)``, the monthly
  probability of a constant hazard, from every customer's time in the window
  (its interval: the exact Poisson one given the exposure, :func:`churn_interval`);
* ``crr`` = (customers at period end - new customers) / customers at period start,
  over the last 12 months of the window (the whole window if shorter);
* ``monthly_revenue``: mean monthly revenue per customer;
* ``clv`` = mean monthly revenue x expected lifetime ``1 / monthly_churn``.

Customers are resampled as records (:mod:`.bootstrap`), revenue and churn jointly.
"""

from __future__ import annotations

import math

import numpy as np

from simroi.data.bootstrap import LEVEL, counts, estimate
from simroi.data.records import Customers, iso, listed
from simroi.errors import ConfigError

__all__ = ["DAYS_PER_MONTH", "churn_interval", "customer_estimates", "poisson_interval"]

DAYS_PER_MONTH = 365.25 / 12


def poisson_interval(count: float, level: float = LEVEL) -> tuple[float, float]:
    """The exact (Garwood) interval of a Poisson mean from one ``count``.

    ``[G^-1(d, a/2), G^-1(d + 1, 1 - a/2)]``, ``G`` the regularised gamma (0 below
    for a count of 0).
    """
    from scipy.special import gammaincinv

    tail = (1.0 - level) / 2
    lo = float(gammaincinv(count, tail)) if count > 0 else 0.0
    return lo, float(gammaincinv(count + 1.0, 1.0 - tail))


def churn_interval(ended: float, months: float, level: float = LEVEL) -> tuple[float, float]:
    """The exact Poisson interval of the monthly hazard, as monthly churn.

    With a constant hazard the number of customers who end is Poisson given the
    customer-months at risk, so the interval of the rate is
    :func:`poisson_interval` ``/ months``, mapped by the increasing ``1 - exp(-x)``.
    A percentile bootstrap of the same ratio is a little short here.
    """
    lo, hi = poisson_interval(ended, level)
    return 1.0 - math.exp(-lo / months), 1.0 - math.exp(-hi / months)


def customer_estimates(
    c: Customers, start: float, end: float, B: int, rng, est: dict, notes: list[str]
) -> dict[str, int]:
    """The customer estimates of the window into ``est``; notes on what was left out.

    Returns the counts ``customers_active`` (at ``end``) and ``customers_ended``.
    """
    lo = np.maximum(c.start, start)
    stop = np.where(np.isfinite(c.end), np.minimum(c.end, end), end)
    exposure = np.clip(stop - lo, 0.0, None) / DAYS_PER_MONTH
    ended = (np.isfinite(c.end) & (c.end >= start) & (c.end <= end)).astype(float)
    later = c.start > end
    if later.any():
        notes.append(f"{int(later.sum())} customers start after the export date and are ignored")
    if exposure.sum() <= 0:
        raise ConfigError(f"{c.source}: no customer was active in the window {iso(start)}..")
    W = counts(rng, c.start.size, B)
    with np.errstate(invalid="ignore", divide="ignore"):
        q_draws = 1.0 - np.exp(-(W @ ended) / (W @ exposure))
        q = 1.0 - np.exp(-ended.sum() / exposure.sum())
        est["monthly_churn"] = estimate(
            q,
            q_draws,
            n=int(ended.sum()),
            method=(
                f"1 - exp(-{int(ended.sum())} ended / {exposure.sum():,.0f} customer-months); "
                "exact Poisson interval given the exposure"
            ),
            unit="fraction/month",
            interval=churn_interval(float(ended.sum()), float(exposure.sum())),
        )
        p_start = max(start, end - 365.25)
        active = lambda t: (c.start <= t) & (~np.isfinite(c.end) | (c.end > t))  # noqa: E731
        at_start, at_end = active(p_start).astype(float), active(end).astype(float)
        new = ((c.start > p_start) & (c.start <= end) & (at_end > 0)).astype(float)
        if at_start.sum() > 0:
            est["crr"] = estimate(
                (at_end.sum() - new.sum()) / at_start.sum(),
                (W @ at_end - W @ new) / (W @ at_start),
                n=int(at_start.sum()),
                method=f"(customers at {iso(end)} - new since {iso(p_start)}) / customers then",
                unit="fraction",
            )
        has = np.isfinite(c.monthly_revenue)
        if (~has).any() and "monthly_revenue" in c.columns:
            notes.append(
                f"{int((~has).sum())} customers have no monthly revenue and are left out of "
                f"the revenue and CLV (lines {listed(c.lines[~has])})"
            )
        if has.sum() >= 2:
            rev = np.where(has, c.monthly_revenue, 0.0)
            mean_rev = rev.sum() / has.sum()
            rev_draws = (W @ rev) / (W @ has)
            est["monthly_revenue"] = estimate(
                mean_rev,
                rev_draws,
                n=int(has.sum()),
                method="mean monthly revenue per customer; customers resampled",
                unit="money/month",
            )
            est["clv"] = estimate(
                mean_rev / q,
                rev_draws / q_draws,
                n=int(has.sum()),
                method="mean monthly revenue x expected lifetime 1 / monthly churn (months)",
                unit="money",
            )
    return {"customers_active": int(at_end.sum()), "customers_ended": int(ended.sum())}
