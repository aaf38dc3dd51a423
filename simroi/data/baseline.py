"""The baseline KPIs of a scenario, measured from a CRM export, each with its bootstrap interval.

From deals (created, closed, outcome, amount) and optionally customers (start,
end, monthly revenue):

* ``leads_per_month``: deals created per complete calendar month (months resampled);
* ``conversion_rate``: won / (won + lost) among the *mature* deals (see below);
* ``avg_deal_value``: mean amount of the won deals that have one;
* ``cycle_days``: mean days from created to closed of the mature won deals;
* ``monthly_churn``: ``1 - exp(-ended / customer-months at risk)``, the monthly
  probability of a constant hazard, from every customer's time in the window
  (its interval: the exact Poisson one given the exposure, :func:`churn_interval`);
* ``clv`` = mean monthly revenue x expected lifetime ``1 / monthly_churn``
  (average order value x purchase frequency x lifetime, the frequency being monthly);
* ``cac`` = (marketing + sales spend) / deals won in the window (when spend is given);
* ``crr`` = (customers at period end - new customers) / customers at period start,
  over the last 12 months of the window (the whole window if shorter).

A deal created shortly before the export may still be open, and the ones
still open are the slow ones: counting only decided deals of every age would
bias conversion and cycle. So both use the deals created at least ``2 x P90``
of the observed cycle before the export date (the mature cohort), and the
output says how many that excludes.

Intervals are percentile intervals of a nonparametric bootstrap: deals and
customers are resampled as records (:mod:`.bootstrap`), months for leads. Churn's
interval is the exact Poisson one; its bootstrap draws (customers resampled,
jointly with revenue) still give its se, CLV and the lifts of ``evaluate``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from dataclasses import dataclass, field

import numpy as np

from simroi.data.bootstrap import LEVEL, Estimate, counts, estimate
from simroi.data.records import Customers, Deals, load_customers, load_deals
from simroi.errors import ConfigError

__all__ = ["Baseline", "baseline_from", "churn_interval", "iso"]

DAYS_PER_MONTH = 365.25 / 12
MIN_DEALS = 10


def iso(day: float) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day))).isoformat()


@dataclass(frozen=True)
class Baseline:
    """What :func:`baseline_from` measured: estimates by key, the period, counts and notes."""

    estimates: dict[str, Estimate]
    period: tuple[str, str]
    counts: dict[str, int]
    notes: list[str]
    sources: list[str]
    replicates: int
    seed: int
    given: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "period": list(self.period),
            "sources": self.sources,
            "counts": self.counts,
            "estimates": {k: e.to_dict() for k, e in self.estimates.items()},
            "given": self.given,
            "notes": self.notes,
            "bootstrap": {"replicates": self.replicates, "seed": self.seed, "level": 0.95},
        }


def churn_interval(ended: float, months: float, level: float = LEVEL) -> tuple[float, float]:
    """The exact (Garwood) Poisson interval of the monthly hazard, as monthly churn.

    With a constant hazard the number of customers who end is Poisson given the
    customer-months at risk, so the interval of the rate is
    ``[G^-1(d, a/2), G^-1(d + 1, 1 - a/2)] / months`` (``G`` the regularised
    gamma), mapped by the increasing ``1 - exp(-x)``. A percentile bootstrap of
    the same ratio is a little short here (see tests/data/test_baseline.py).
    """
    from scipy.special import gammaincinv

    tail = (1.0 - level) / 2
    lo = gammaincinv(ended, tail) / months if ended > 0 else 0.0
    hi = gammaincinv(ended + 1.0, 1.0 - tail) / months
    return 1.0 - math.exp(-lo), 1.0 - math.exp(-hi)


def _lines(lines: np.ndarray, limit: int = 10) -> str:
    shown = ", ".join(str(int(x)) for x in lines[:limit])
    return shown + (f" and {lines.size - limit} more" if lines.size > limit else "")


def baseline_from(
    deals: Deals | str | os.PathLike[str],
    customers: Customers | str | os.PathLike[str] | None = None,
    *,
    marketing_spend: float | None = None,
    sales_spend: float | None = None,
    gross_margin: float | None = None,
    as_of: float | None = None,
    replicates: int = 2000,
    seed: int = 0,
) -> Baseline:
    """Measure the baseline of a scenario from an export (see the module docstring).

    Parameters
    ----------
    deals, customers : from :func:`~simroi.data.records.load_deals` / ``load_customers``,
        or the files themselves (columns found by their usual names)
    marketing_spend, sales_spend : float, optional
        Total spend over the export's window, for CAC.
    gross_margin : float, optional
        Given (not measured): turns mean monthly revenue into ``customer_monthly_margin``.
    as_of : float, optional
        Export date in days since 1970-01-01; default the latest date in the data.
    replicates, seed : bootstrap replicates and the seed of their generator.
    """
    if not isinstance(deals, Deals):
        deals = load_deals(deals)
    if customers is not None and not isinstance(customers, Customers):
        customers = load_customers(customers)
    if replicates < 100:
        raise ConfigError(f"replicates: must be >= 100 for a 95 % interval, got {replicates}")
    if deals.created.size < MIN_DEALS:
        raise ConfigError(
            f"{deals.source}: {deals.created.size} deals; a baseline needs at least {MIN_DEALS}"
        )
    rng = np.random.default_rng(seed)
    dates = [deals.created, deals.closed]
    if customers is not None:
        dates += [customers.start, customers.end]
    latest = max(float(np.nanmax(d)) for d in dates if np.isfinite(d).any())
    end = latest if as_of is None else float(as_of)
    start = float(np.nanmin(deals.created))
    notes: list[str] = []
    est: dict[str, Estimate] = {}
    _deal_estimates(deals, start, end, replicates, rng, est, notes)
    spend = [s for s in (marketing_spend, sales_spend) if s is not None]
    if spend:
        _cac(deals, sum(spend), start, end, replicates, rng, est)
    given = {}
    if gross_margin is not None:
        given["gross_margin"] = float(gross_margin)
    sources = [deals.source]
    n_customers = {}
    if customers is not None:
        sources.append(customers.source)
        n_customers = _customer_estimates(customers, start, end, replicates, rng, est, notes)
    won = int((deals.outcome == 1).sum())
    lost = int((deals.outcome == 0).sum())
    tally = {"deals": int(deals.created.size), "won": won, "lost": lost, "open": int(
        (deals.outcome == -1).sum())} | n_customers  # fmt: skip
    return Baseline(est, (iso(start), iso(end)), tally, notes, sources, replicates, seed, given)


def _deal_estimates(
    d: Deals, start: float, end: float, B: int, rng, est: dict, notes: list[str]
) -> None:
    # leads per month: complete calendar months, resampled as months
    first = dt.date.fromisoformat(iso(start)).replace(day=1)
    months, day = [], first
    while True:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        lo, hi = (day - dt.date(1970, 1, 1)).days, (nxt - dt.date(1970, 1, 1)).days
        if hi - 1 > end:
            break
        months.append(int(((d.created >= lo) & (d.created < hi)).sum()))
        day = nxt
    if len(months) < 2:
        raise ConfigError(f"{d.source}: the export spans fewer than 2 complete calendar months")
    m = np.asarray(months, dtype=float)
    est["leads_per_month"] = estimate(
        m.mean(),
        counts(rng, m.size, B) @ m / m.size,
        n=m.size,
        method=f"deals created per calendar month, {m.size} complete months; months resampled",
        unit="deals/month",
    )

    decided = d.outcome >= 0
    cycle = d.closed - d.created
    timed = decided & np.isfinite(cycle)
    if timed.sum() >= 5:
        cutoff = end - 2.0 * float(np.percentile(cycle[timed], 90))
    else:
        cutoff = end
    mature = d.created <= cutoff
    if (mature & decided).sum() < MIN_DEALS:
        mature = np.ones_like(mature)
        notes.append(
            "too few deals are older than 2 x P90 of the cycle: conversion and cycle use "
            "every decided deal, and are biased towards quick outcomes"
        )
    else:
        notes.append(
            f"conversion and cycle use the {int((mature & decided).sum())} decided deals "
            f"created up to {iso(cutoff)} (2 x P90 of the cycle before the export date); "
            f"{int((~mature).sum())} younger deals are left out of both"
        )
    open_old = mature & (d.outcome == -1)
    if open_old.any():
        notes.append(
            f"{int(open_old.sum())} deals of the mature cohort are still open and count as "
            f"undecided (lines {_lines(d.lines[open_old])})"
        )
    W = counts(rng, d.created.size, B)
    won = (d.outcome == 1).astype(float)
    dec = (mature & decided).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        est["conversion_rate"] = estimate(
            (won * dec).sum() / dec.sum(),
            (W @ (won * dec)) / (W @ dec),
            n=int(dec.sum()),
            method="won / (won + lost), mature deals; deals resampled",
            unit="fraction",
        )
        priced = (d.outcome == 1) & np.isfinite(d.amount)
        unpriced = (d.outcome == 1) & ~np.isfinite(d.amount)
        if unpriced.any():
            notes.append(
                f"{int(unpriced.sum())} won deals have no amount and are left out of the "
                f"deal value (lines {_lines(d.lines[unpriced])})"
            )
        if priced.sum() >= 2:
            amt = np.where(priced, d.amount, 0.0)
            est["avg_deal_value"] = estimate(
                amt.sum() / priced.sum(),
                (W @ amt) / (W @ priced),
                n=int(priced.sum()),
                method="mean amount of won deals; deals resampled",
                unit="money",
            )
        no_close = decided & ~np.isfinite(d.closed)
        if no_close.any():
            notes.append(
                f"{int(no_close.sum())} decided deals have no close date and are left out of "
                f"the cycle (lines {_lines(d.lines[no_close])})"
            )
        cyc_ok = (d.outcome == 1) & mature & np.isfinite(cycle)
        if cyc_ok.sum() >= 2:
            c = np.where(cyc_ok, cycle, 0.0)
            est["cycle_days"] = estimate(
                c.sum() / cyc_ok.sum(),
                (W @ c) / (W @ cyc_ok),
                n=int(cyc_ok.sum()),
                method="mean days created -> closed of mature won deals; deals resampled",
                unit="days",
            )


def _cac(d: Deals, spend: float, start: float, end: float, B: int, rng, est: dict) -> None:
    new = ((d.outcome == 1) & (d.closed >= start) & (d.closed <= end)).astype(float)
    if new.sum() == 0:
        raise ConfigError(f"{d.source}: no deal won in the window; CAC needs new customers")
    W = counts(rng, d.created.size, B)
    with np.errstate(divide="ignore"):
        est["cac"] = estimate(
            spend / new.sum(),
            spend / (W @ new),
            n=int(new.sum()),
            method=f"(marketing + sales spend = {spend:,.0f}) / deals won in the window",
            unit="money",
        )


def _customer_estimates(
    c: Customers, start: float, end: float, B: int, rng, est: dict, notes: list[str]
) -> dict[str, int]:
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
                f"the revenue and CLV (lines {_lines(c.lines[~has])})"
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
