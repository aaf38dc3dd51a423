"""The baseline KPIs of a scenario, measured from a CRM export, each with its bootstrap interval.

From deals (created, closed, outcome, amount) and optionally customers (start,
end, monthly revenue):

* ``leads_per_month``: deals created per complete calendar month (months resampled);
  a month at either end that the window covers only in part is left out;
* ``conversion_rate``: won / (won + lost) among the *mature* deals (see below);
* ``avg_deal_value``: mean amount of the won deals that have one;
* ``cycle_days``: mean days from created to closed of the mature won deals;
* ``monthly_churn``: ``1 - exp(-ended / customer-months at risk)``, the monthly
  probability of a constant hazard, from every customer's time in the window
  (its interval: the exact Poisson one given the exposure, :func:`churn_interval`);
* ``clv`` = mean monthly revenue x expected lifetime ``1 / monthly_churn``
  (average order value x purchase frequency x lifetime, the frequency being monthly);
* ``cac`` = (marketing + sales spend) / deals won in the window (when spend is given;
  its interval: the exact Poisson one of the count, the deals won being a Poisson
  count rather than a share of a fixed number of records);
* ``crr`` = (customers at period end - new customers) / customers at period start,
  over the last 12 months of the window (the whole window if shorter).

A deal created shortly before the export may still be open, and the ones
still open are the slow ones: counting only decided deals of every age would
bias conversion and cycle. So both use the deals created at least ``2 x P90``
of the observed cycle before the export date (the mature cohort), and the
output says how many that excludes.

What these measure depends on the rows (:data:`MEASURES`): in an export of
opportunities, ``leads_per_month`` counts opportunities created and
``conversion_rate`` is their win rate, not the conversion of leads (the model
uses their product, deals won per month); in a leads export (converted / not
converted), leads and lead conversion. Rows without a creation date (prospects
not yet engaged) are left out of the three estimates that need it (leads,
conversion, cycle) and kept in the deal value; one note counts them.

The window runs from ``since`` (default: the first creation date) to ``as_of``
(default: the latest date that has happened: creation dates, close dates of
decided deals, customers' dates; an open deal's close date is an expectation).

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

from simroi.data.bootstrap import Estimate, counts, estimate
from simroi.data.customers import (
    DAYS_PER_MONTH,
    churn_interval,
    customer_estimates,
    poisson_interval,
)
from simroi.data.records import Customers, Deals, iso, listed, load_customers, load_deals
from simroi.errors import ConfigError

__all__ = ["DAYS_PER_MONTH", "MEASURES", "Baseline", "baseline_from", "churn_interval", "iso"]

MIN_DEALS = 10
# What the deal estimates measure, by the kind of rows (Deals.kind).
MEASURES = {
    "opportunities": {
        "rows": "opportunities",
        "won": "won",
        "lost": "lost",
        "leads_per_month": "opportunities created per month",
        "conversion_rate": "win rate of opportunities",
    },
    "leads": {
        "rows": "leads",
        "won": "converted",
        "lost": "not converted",
        "leads_per_month": "leads created per month",
        "conversion_rate": "lead conversion",
    },
}


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
    kind: str = "opportunities"
    read: list[str] = field(default_factory=list)

    @property
    def measures(self) -> dict[str, str]:
        """What each deal estimate measures, in words (``win rate of opportunities``)."""
        return MEASURES[self.kind]

    def to_dict(self) -> dict:
        return {
            "period": list(self.period),
            "sources": self.sources,
            "kind": self.kind,
            "measures": self.measures,
            "read": self.read,
            "counts": self.counts,
            "estimates": {k: e.to_dict() for k, e in self.estimates.items()},
            "given": self.given,
            "notes": self.notes,
            "bootstrap": {"replicates": self.replicates, "seed": self.seed, "level": 0.95},
        }


def baseline_from(
    deals: Deals | str | os.PathLike[str],
    customers: Customers | str | os.PathLike[str] | None = None,
    *,
    marketing_spend: float | None = None,
    sales_spend: float | None = None,
    gross_margin: float | None = None,
    as_of: float | None = None,
    since: float | None = None,
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
        Export date in days since 1970-01-01; default the latest date in the data
        that has happened (module docstring).
    since : float, optional
        First day the export covers; default the first creation date.
    replicates, seed : bootstrap replicates and the seed of their generator.
    """
    if not isinstance(deals, Deals):
        deals = load_deals(deals)
    if customers is not None and not isinstance(customers, Customers):
        customers = load_customers(customers)
    if replicates < 100:
        raise ConfigError(f"replicates: must be >= 100 for a 95 % interval, got {replicates}")
    dated = np.isfinite(deals.created)
    if dated.sum() < MIN_DEALS:
        raise ConfigError(
            f"{deals.source}: {int(dated.sum())} deals with a creation date; a baseline needs "
            f"at least {MIN_DEALS}"
        )
    rng = np.random.default_rng(seed)
    happened = [deals.created, np.where(deals.outcome >= 0, deals.closed, np.nan)]
    if customers is not None:
        happened += [customers.start, customers.end]
    latest = max(float(np.nanmax(d)) for d in happened if np.isfinite(d).any())
    end = latest if as_of is None else float(as_of)
    start = float(np.nanmin(deals.created)) if since is None else float(since)
    notes: list[str] = [*deals.notes, *(customers.notes if customers is not None else ())]
    est: dict[str, Estimate] = {}
    _deal_estimates(deals, start, end, since is not None, replicates, rng, est, notes)
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
        n_customers = customer_estimates(customers, start, end, replicates, rng, est, notes)
    won = int((deals.outcome == 1).sum())
    lost = int((deals.outcome == 0).sum())
    tally = {"deals": int(deals.created.size), "won": won, "lost": lost, "open": int(
        (deals.outcome == -1).sum()), "undated": int((~dated).sum())} | n_customers  # fmt: skip
    read = [f"{deals.source}: {deals.how}"] if deals.how else []
    if customers is not None and customers.how:
        read.append(f"{customers.source}: {customers.how}")
    return Baseline(est, (iso(start), iso(end)), tally, notes, sources, replicates, seed, given,
                    deals.kind, read)  # fmt: skip


def _month_counts(d: Deals, start: float, end: float, since: bool, notes: list[str]) -> np.ndarray:
    """Deals created in each calendar month that the window [start, end] covers whole.

    ``since``: the start was given (``--since``), not the first creation date.
    """
    rows = MEASURES[d.kind]["rows"]
    epoch = dt.date(1970, 1, 1)
    day = dt.date.fromisoformat(iso(start)).replace(day=1)
    months = []
    while True:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        lo, hi = (day - epoch).days, (nxt - epoch).days
        if hi - 1 > end:
            if lo <= end:
                notes.append(
                    f"the last month, {iso(lo)[:7]}, is covered only to {iso(end)} (the export "
                    f"date) and is left out of {rows} per month"
                )
            break
        if lo >= start:
            months.append(int(((d.created >= lo) & (d.created < hi)).sum()))
        else:
            notes.append(
                f"the first month, {iso(lo)[:7]}, is covered only from {iso(start)} "
                + ("(--since)" if since else "(the first creation date)")
                + f" and is left out of {rows} per month"
                + ("" if since else f"; pass --since {iso(lo)} if the export covers all of it")
            )
        day = nxt
    if len(months) < 2:
        raise ConfigError(
            f"{d.source}: the window {iso(start)} .. {iso(end)} covers fewer than 2 complete "
            "calendar months"
        )
    return np.asarray(months, dtype=float)


def _deal_estimates(
    d: Deals, start: float, end: float, since: bool, B: int, rng, est: dict, notes: list[str]
) -> None:
    words = MEASURES[d.kind]
    rows = words["rows"]
    m = _month_counts(d, start, end, since, notes)
    est["leads_per_month"] = estimate(
        m.mean(),
        counts(rng, m.size, B) @ m / m.size,
        n=m.size,
        method=f"{rows} created per calendar month, {m.size} complete months; months resampled",
        unit=f"{rows}/month",
    )
    dated = np.isfinite(d.created)
    if not dated.all():
        out = d.outcome[~dated]
        notes.append(
            f"{int((~dated).sum())} rows have no creation date ({int((out == 1).sum())} won, "
            f"{int((out == 0).sum())} lost, {int((out == -1).sum())} open): they are left out "
            f"of {rows} per month, the {words['conversion_rate']} and the cycle"
            + (
                ", and kept in the deal value"
                if ((out == 1) & np.isfinite(d.amount[~dated])).any()
                else ""
            )  # fmt: skip
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
        mature = dated
        notes.append(
            f"too few {rows} are older than 2 x P90 of the cycle: the {words['conversion_rate']} "
            f"and the cycle use every decided one, and are biased towards quick outcomes"
        )
    else:
        notes.append(
            f"the {words['conversion_rate']} and the cycle use the "
            f"{int((mature & decided).sum())} decided {rows} created up to {iso(cutoff)} "
            f"(2 x P90 of the cycle before the export date); {int((dated & ~mature).sum())} "
            "younger ones are left out of both"
        )
    open_old = mature & (d.outcome == -1)
    if open_old.any():
        notes.append(
            f"{int(open_old.sum())} {rows} of the mature cohort are still open and count as "
            f"undecided (lines {listed(d.lines[open_old])})"
        )
    W = counts(rng, d.created.size, B)
    won = (d.outcome == 1).astype(float)
    dec = (mature & decided).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        est["conversion_rate"] = estimate(
            (won * dec).sum() / dec.sum(),
            (W @ (won * dec)) / (W @ dec),
            n=int(dec.sum()),
            method=f"{words['conversion_rate']}: won / (won + lost) of the mature {rows}; "
            "rows resampled",
            unit="fraction",
        )
        priced = (d.outcome == 1) & np.isfinite(d.amount)
        unpriced = (d.outcome == 1) & ~np.isfinite(d.amount)
        if "amount" not in d.columns:
            notes.append(
                "no amount column (none of the columns is a known name for it): the average "
                "deal value is not measured; name the column with --column amount=<column>"
            )
        elif unpriced.any():
            notes.append(
                f"{int(unpriced.sum())} won deals have no amount and are left out of the "
                f"deal value (lines {listed(d.lines[unpriced])})"
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
                f"the cycle (lines {listed(d.lines[no_close])})"
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
    # Deals won in a window arrive as a Poisson count: resampling deal records with
    # their total fixed makes it binomial, an interval too short by sqrt(1 - won share).
    won = float(((d.outcome == 1) & (d.closed >= start) & (d.closed <= end)).sum())
    if won == 0:
        raise ConfigError(f"{d.source}: no deal won in the window; CAC needs new customers")
    lo, hi = poisson_interval(won)
    with np.errstate(divide="ignore"):
        est["cac"] = estimate(
            spend / won,
            spend / rng.poisson(won, B),
            n=int(won),
            method=f"(marketing + sales spend = {spend:,.0f}) / deals won in the window; "
            "exact Poisson interval of the count",
            unit="money",
            interval=(spend / hi, spend / lo if lo > 0 else math.inf),
        )
