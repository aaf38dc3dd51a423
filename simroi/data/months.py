"""Actuals as the months the re-forecast's likelihood reads: counts, averages, costs by month.

A monthly KPI table (:mod:`.kpis`) is placed on the model's clock by the go-live
date: each row's month ends ``k`` months after go-live (``k = 1`` for the first
whole month live, ``k <= 0`` before), so a row's adoption is the model's ``k``
months after its own go-live. A go-live inside a month leaves that month out of
the likelihood (half of it was live), as :func:`~simroi.data.evaluate.evaluate` does;
its costs still count.

From the columns present, each row gets:

* ``trials`` and ``won``: the leads and the deals won of them (``won`` from the
  conversion rate times the leads when only the rate is given; the scenario's
  ``baseline.leads_per_month`` stands for missing leads);
* ``avg_deal_value`` and its weight (the month's won deals, else 1);
* ``at_risk`` and ``churned``: customers at the month's start (the month before's
  customers; the row's own for a first month) and the churn rate times them, or
  without a rate, customers a month before + won - customers now;
* ``costs``: the CRM's actual spend (an empty cell is 0, as for ``evaluate``).

A deals export is reduced to months by creation date (:func:`months_of_deals`):
leads are the decided deals created that month (won + lost; open deals are left
out, so a recent month's conversion is that of its deals decided so far), won
the won ones, the average deal value that of the won deals' amounts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

from simroi.data.kpis import KPI_ROLES, MonthlyKPIs
from simroi.data.records import Deals
from simroi.errors import ConfigError

__all__ = ["Observed", "month_label", "months_of_deals", "observe"]

EPOCH = dt.date(1970, 1, 1)


def _date(day: float) -> dt.date:
    return EPOCH + dt.timedelta(days=int(day))


def month_label(day: float) -> str:
    return _date(day).strftime("%Y-%m")


@dataclass(frozen=True)
class Observed:
    """The rows of the actuals, in month order, as the likelihood reads them (arrays of shape (m,)).

    ``k``: months from go-live to the end of the row's month; ``live``: the row is
    in the likelihood (every row but a go-live month that began before go-live);
    ``figures``: ``trials``, ``won``, ``leads``, ``avg_deal_value``, ``deal_weight``,
    ``at_risk``, ``churned`` (NaN where the row has none); ``costs``: actual costs
    (None without a costs column).
    """

    source: str
    labels: tuple[str, ...]
    k: np.ndarray
    live: np.ndarray
    figures: dict[str, np.ndarray]
    costs: np.ndarray | None
    columns: dict[str, str]
    notes: tuple[str, ...]

    @property
    def months_observed(self) -> int:
        """Whole months live (after go-live) in the likelihood."""
        return int((self.live & (self.k > 0)).sum())

    @property
    def months_before(self) -> int:
        return int((self.live & (self.k <= 0)).sum())


def _k(month: np.ndarray, go_live: float) -> np.ndarray:
    """Months from go-live to the end of each month (first day ``month``); integers if go-live
    is a first of the month."""
    g = _date(go_live)
    frac = (g.day - 1) / calendar.monthrange(g.year, g.month)[1]
    idx = np.array([_date(d).year * 12 + _date(d).month for d in month], dtype=float)
    return idx - (g.year * 12 + g.month) + 1.0 - frac


def _previous_month(month: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` of the calendar month before each row's (NaN where that row is missing)."""
    out = np.full(month.size, np.nan)
    for i in range(1, month.size):
        first = _date(month[i])
        before = (first - dt.timedelta(days=1)).replace(day=1)
        if month[i - 1] == (before - EPOCH).days:
            out[i] = values[i - 1]
    return out


def observe(k: MonthlyKPIs, go_live: float, *, leads: float, customers: float) -> Observed:
    """The rows of a KPI table placed at ``go_live`` (days since 1970-01-01).

    ``leads`` and ``customers`` stand for a missing leads or customers column
    (the scenario's baseline means); the notes say where they did.
    """
    f = k.figures
    notes: list[str] = []
    kk = _k(k.month, go_live)
    live = ~((kk > 0) & (kk < 1))
    if not live.all():
        notes.append(f"the month of go-live ({month_label(go_live)}) began before go-live: "
                     "it is left out of the likelihood")  # fmt: skip
    n = k.month.size
    trials = f["leads"] if k.has("leads") else np.full(n, float(leads))
    won = f["won"] if k.has("won") else f["conversion_rate"] * trials
    if not k.has("leads") and (k.has("won") or k.has("conversion_rate")):
        notes.append(f"no leads column: each month is taken to have the scenario's "
                     f"{leads:g} leads")  # fmt: skip
    weight = won if (k.has("won") or k.has("leads")) else np.ones(n)
    at_risk = _previous_month(k.month, f["customers"])
    if k.has("customers"):
        at_risk[np.isnan(at_risk)] = f["customers"][np.isnan(at_risk)]
    if k.has("churn_rate"):
        if not k.has("customers"):
            at_risk = np.full(n, float(customers))
            notes.append(f"no customers column: each month is taken to have the scenario's "
                         f"{customers:g} customers")  # fmt: skip
        churned = f["churn_rate"] * at_risk
    elif k.has("customers") and k.has("won"):
        at_risk = _previous_month(k.month, f["customers"])
        churned = at_risk + f["won"] - f["customers"]
        bad = churned < 0
        if bad.any():
            notes.append(f"{int(bad.sum())} months gained more customers than deals won; "
                         "their churn is read as 0")  # fmt: skip
            churned = np.where(bad, 0.0, churned)
    else:
        churned = np.full(n, np.nan)
    costs = None
    if k.has("costs"):
        empty = int(np.isnan(f["costs"]).sum())
        costs = np.nan_to_num(f["costs"], nan=0.0)
        if empty:
            notes.append(f"{empty} empty cells of the costs column read as 0")
    figures = {
        "trials": trials, "won": won, "leads": f["leads"],
        "avg_deal_value": f["avg_deal_value"], "deal_weight": weight,
        "at_risk": at_risk, "churned": churned,
    }  # fmt: skip
    labels = tuple(month_label(d) for d in k.month)
    return Observed(k.source, labels, kk, live, figures, costs, dict(k.columns), tuple(notes))


def months_of_deals(deals: Deals) -> MonthlyKPIs:
    """A deals export as monthly leads, won and average deal value, by creation month."""
    created = deals.created
    if not np.isfinite(created).any():
        raise ConfigError(f"{deals.source}: no deal has a creation date")
    first = np.array([(_date(d).replace(day=1) - EPOCH).days for d in created], dtype=float)
    month, row = np.unique(first, return_inverse=True)
    decided = deals.outcome >= 0
    won = deals.outcome == 1
    count = np.bincount(row, weights=decided.astype(float), minlength=month.size)
    wins = np.bincount(row, weights=won.astype(float), minlength=month.size)
    valued = won & np.isfinite(deals.amount)
    amount = np.bincount(row, weights=np.where(valued, deals.amount, 0.0), minlength=month.size)
    valued_n = np.bincount(row, weights=valued.astype(float), minlength=month.size)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(valued_n > 0, amount / valued_n, np.nan)
    figures = {r: np.full(month.size, np.nan) for r in KPI_ROLES if r != "month"}
    figures.update(leads=count, won=wins, avg_deal_value=value)
    columns = {"month": deals.columns["created"], "leads": "decided deals", "won": "won deals"}
    if "amount" in deals.columns:
        columns["avg_deal_value"] = deals.columns["amount"]
    lines = np.array([deals.lines[row == j].min() for j in range(month.size)])
    return MonthlyKPIs(deals.source, columns, month, figures, lines)
