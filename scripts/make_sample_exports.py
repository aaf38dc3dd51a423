"""Synthetic CRM exports from known parameters, for the tests and docs/evidence.md's example.

    python scripts/make_sample_exports.py   # writes tests/data/exports/*.csv (not card.yaml)

Shape of a real export: leads with a seasonal cycle (+-25 % over the year), lost
deals (most without an amount), open deals at the export date, won deals whose
amount is sometimes missing, customers who churn with a constant monthly
probability, some without a monthly revenue. The parameters are those the
tests recover: conversion 20 %, deal value lognormal with mean 5,000, monthly
churn 2 %, sales cycle 45 days on average. Fixed seed: the files are the same on
every machine.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd

TRUTH = {
    "leads_per_month": 100.0,
    "conversion_rate": 0.20,
    "avg_deal_value": 5000.0,
    "deal_sigma": 0.6,
    "cycle_days": 45.0,
    "cycle_sigma": 0.5,
    "monthly_churn": 0.02,
    "customers_at_start": 300,
    "monthly_revenue": 400.0,
}
START = dt.date(2024, 1, 1)
MONTHS = 24
DAYS_PER_MONTH = 365.25 / 12
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "exports"


def _day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _date(days: float) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(days))).isoformat()


def _lognormal(rng, mean: float, sigma: float, size: int) -> np.ndarray:
    return rng.lognormal(math.log(mean) - sigma**2 / 2, sigma, size)


def make_exports(
    rng: np.random.Generator,
    *,
    months: int = MONTHS,
    start: dt.date = START,
    conversion: float = TRUTH["conversion_rate"],
    deal_mean: float = TRUTH["avg_deal_value"],
    cycle_mean: float = TRUTH["cycle_days"],
    churn: float = TRUTH["monthly_churn"],
    leads: float = TRUTH["leads_per_month"],
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(deals, customers, export date) drawn from the given parameters."""
    t0 = _day(start)
    end = _day(start) + round(months * DAYS_PER_MONTH) - 1  # the export is taken on this day
    rows = []
    for m in range(months):
        lo = _day((pd.Timestamp(start) + pd.DateOffset(months=m)).date())
        hi = _day((pd.Timestamp(start) + pd.DateOffset(months=m + 1)).date())
        season = 1.0 + 0.25 * math.sin(2 * math.pi * (m + 0.5) / 12)
        n = rng.poisson(leads * season * (hi - lo) / DAYS_PER_MONTH)
        created = rng.integers(lo, hi, n)
        won = rng.random(n) < conversion
        cycle = np.maximum(1, np.rint(_lognormal(rng, cycle_mean, TRUTH["cycle_sigma"], n)))
        amount = np.rint(_lognormal(rng, deal_mean, TRUTH["deal_sigma"], n))
        for c, w, k, a in zip(created, won, cycle, amount, strict=True):
            closed = c + k
            if closed > end:
                rows.append((c, None, rng.choice(["Proposal", "Negotiation"]), a, False))
            elif w:
                rows.append((c, closed, "Closed Won", a if rng.random() > 0.02 else None, True))
            else:
                quote = a if rng.random() < 0.4 else None
                rows.append((c, closed, "Closed Lost", quote, False))
    rows.sort(key=lambda r: r[0])
    deals = pd.DataFrame(
        {
            "Deal ID": [f"D{i + 1:05d}" for i in range(len(rows))],
            "Created Date": [_date(r[0]) for r in rows],
            "Close Date": ["" if r[1] is None else _date(r[1]) for r in rows],
            "Stage": [r[2] for r in rows],
            "Amount": ["" if r[3] is None else f"{r[3]:.0f}" for r in rows],
        }
    )
    # Customers: those of before the window, then one per won deal; constant hazard.
    rate = -math.log(1.0 - churn) / DAYS_PER_MONTH  # per day
    k0 = TRUTH["customers_at_start"]
    starts = list(t0 - rng.integers(1, 3 * 365, k0)) + [r[1] for r in rows if r[4]]
    starts = np.asarray(starts, dtype=float)
    alive_from = np.maximum(starts, t0)
    ends = alive_from + rng.exponential(1.0 / rate, starts.size)
    revenue = _lognormal(rng, TRUTH["monthly_revenue"], 0.5, starts.size)
    customers = pd.DataFrame(
        {
            "客户编号": [f"C{i + 1:05d}" for i in range(starts.size)],
            "签约日期": [_date(s) for s in starts],
            "流失日期": ["" if e > end else _date(e) for e in ends],
            "月收入": ["" if rng.random() < 0.03 else f"{r:.0f}" for r in revenue],
        }
    )
    return deals, customers, _date(end)


def make_kpi_table(
    rng: np.random.Generator,
    *,
    start: dt.date = START,
    months_before: int = 12,
    months_after: int = 12,
    conversion: tuple[float, float] = (0.20, 0.26),
    churn: tuple[float, float] = (0.02, 0.015),
    leads: float = TRUTH["leads_per_month"],
) -> pd.DataFrame:
    """A monthly KPI table spanning a go-live after ``months_before`` months.

    Each month: leads Poisson (seasonal), won Binomial(leads, conversion), average
    value of the won deals (lognormal, mean 5,000 on both sides), customers losing
    Binomial(customers, churn) and gaining the won deals, revenue, and the CRM's
    costs: 40,000 a month in the 3 months before go-live, 2,000 a month after
    (empty, i.e. none, before). ``conversion`` and ``churn`` are (before, after).
    """
    rows, customers = [], TRUTH["customers_at_start"]
    for m in range(months_before + months_after):
        after = m >= months_before
        season = 1.0 + 0.25 * math.sin(2 * math.pi * (m + 0.5) / 12)
        n = int(rng.poisson(leads * season))
        won = int(rng.binomial(n, conversion[after]))
        value = float(_lognormal(rng, TRUTH["avg_deal_value"], TRUTH["deal_sigma"], won).mean())
        lost = int(rng.binomial(customers, churn[after]))
        rate = lost / customers
        customers += won - lost
        cost = 2000 if after else (40_000 if m >= months_before - 3 else None)
        rows.append({
            "Month": (pd.Timestamp(start) + pd.DateOffset(months=m)).strftime("%Y-%m"),
            "Leads": n,
            "Won": won,
            "Avg Deal Value": f"{value:.0f}",
            "Churn Rate": f"{100 * rate:.2f}%",
            "Customers": customers,
            "Revenue": f"{won * value + customers * TRUTH['monthly_revenue']:.0f}",
            "Costs": "" if cost is None else cost,
        })  # fmt: skip
    return pd.DataFrame(rows)


def main() -> None:
    rng = np.random.default_rng(20261201)
    deals, customers, _ = make_exports(rng)
    OUT.mkdir(parents=True, exist_ok=True)
    deals.to_csv(OUT / "deals.csv", index=False)
    customers.to_csv(OUT / "customers.csv", index=False)
    # Spanning a go-live on 2025-01-01: conversion 20 % before, 26 % after (lift 30 %).
    rng = np.random.default_rng(7)
    before, _, _ = make_exports(rng, months=12, start=dt.date(2024, 1, 1))
    after, _, _ = make_exports(rng, months=12, start=dt.date(2025, 1, 1), conversion=0.26)
    pd.concat([before, after], ignore_index=True).to_csv(OUT / "golive_deals.csv", index=False)
    # The same go-live as a monthly KPI table: conversion 20 % -> 26 %, churn 2 % -> 1.5 %.
    make_kpi_table(np.random.default_rng(11)).to_csv(OUT / "golive_kpis.csv", index=False)
    print(f"wrote deals.csv ({len(deals)} deals), customers.csv, golive_deals.csv, "
          f"golive_kpis.csv in {OUT}")


if __name__ == "__main__":
    main()
