"""The other form of actuals: a small table of monthly KPIs, one row a month.

Columns (found by role like an export's, :data:`KPI_ALIASES`, English or Chinese):
``month`` (required: ``2025-01``, ``2025/1``, ``2025年1月``, ``Jan-25`` or any date
in the month, :func:`~simroi.data.dates.read_months`) and some of ``leads``,
``conversion_rate`` or ``won`` (deals won),
``avg_deal_value``, ``churn_rate`` or ``customers`` (active at month end),
``revenue`` and ``costs`` (the CRM investment's actual spend that month). Rates
are fractions (0.2) or percentages (``20%``, ``2,5 %``); numbers are read as in an
export (:mod:`.numbers`: decimal mark by column, currency). An empty cell is a month without
that figure; a bad cell is an error naming file, line and column, every one at once.
``revenue`` is read and checked but measures no driver (the model derives revenue
from the drivers); ``costs`` are the actual costs of :func:`~simroi.data.evaluate.evaluate`.

:func:`side_estimates` turns the months of one side of go-live into the
baseline's estimates (same keys, so :func:`simroi.data.evaluate.evaluate` treats
them alike), each with a bootstrap over the months (few units: a month-level
interval from a dozen months is somewhat short, and seasonality counts as noise).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.data import cells
from simroi.data.bootstrap import Estimate, counts, estimate
from simroi.data.dates import read_months
from simroi.data.exports import ALIASES, ReadOptions, Table, find_columns, read_table
from simroi.data.vocabulary import norm

__all__ = [
    "KPI_ALIASES",
    "KPI_ROLES",
    "MonthlyKPIs",
    "is_kpi_table",
    "kpis_from_table",
    "load_actuals",
    "load_kpis",
    "side_estimates",
]

KPI_ROLES = {
    "month": True, "leads": False, "conversion_rate": False, "won": False,
    "avg_deal_value": False, "churn_rate": False, "customers": False, "revenue": False,
    "costs": False,
}  # fmt: skip
KPI_ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("month", "period", "yearmonth", "date", "月份", "月", "年月", "期间", "日期"),
    "leads": ("leads", "newleads", "leadcount", "opportunities", "dealscreated", "线索",
              "线索数", "新增线索", "商机数"),
    "conversion_rate": ("conversionrate", "conversion", "convrate", "winrate", "转化率",
                        "赢单率", "成交率"),
    "won": ("won", "wondeals", "dealswon", "wins", "赢单数", "成交数", "成交单数"),
    "avg_deal_value": ("avgdealvalue", "averagedealvalue", "avgdealsize", "averagedealsize",
                       "dealvalue", "aov", "averageordervalue", "客单价", "平均客单价",
                       "平均成交金额", "平均订单金额"),
    "churn_rate": ("churnrate", "churn", "monthlychurn", "流失率", "月流失率", "客户流失率"),
    "customers": ("customers", "activecustomers", "customercount", "客户数", "活跃客户数",
                  "客户总数"),
    "revenue": ("revenue", "monthlyrevenue", "sales", "收入", "营收", "销售额", "月收入"),
    "costs": ("costs", "cost", "actualcosts", "actualcost", "crmcosts", "spend", "成本",
              "费用", "实际成本", "实际费用"),
}  # fmt: skip
_FIGURES = [r for r in KPI_ROLES if r != "month"]


@dataclass(frozen=True)
class MonthlyKPIs:
    """One row a month: ``month`` the first day (days since 1970-01-01); figures NaN if empty."""

    source: str
    columns: dict[str, str]
    month: np.ndarray
    figures: dict[str, np.ndarray]
    lines: np.ndarray
    notes: tuple[str, ...] = ()

    def has(self, role: str) -> bool:
        return role in self.columns


def is_kpi_table(table: Table, mapping: Mapping[str, str] | None = None) -> bool:
    """A table of monthly KPIs rather than a deals export: a month column and no created one."""
    if mapping and set(mapping) & (set(KPI_ROLES) - {"won"}):
        return True
    names = {norm(c) for c in table.frame.columns}
    return bool(names & set(KPI_ALIASES["month"])) and not names & set(ALIASES["created"])


def load_actuals(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    options: ReadOptions | None = None,
    stages: Mapping[str, list[str]] | None = None,
):
    """A deals export or a monthly KPI table, told apart by :func:`is_kpi_table`."""
    from simroi.data.records import DEAL_ROLES, deals_from_table

    table = read_table(path, sheet=sheet, options=options)
    mapped = columns or {}
    if is_kpi_table(table, columns):
        return kpis_from_table(table, {k: v for k, v in mapped.items() if k in KPI_ROLES})
    return deals_from_table(table, {k: v for k, v in mapped.items() if k in DEAL_ROLES}, stages)


def load_kpis(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    options: ReadOptions | None = None,
) -> MonthlyKPIs:
    """Read a monthly KPI table (see the module docstring)."""
    return kpis_from_table(read_table(path, sheet=sheet, options=options), columns)


def _rates(table: Table, column: str, role: str, errors: list[str]) -> np.ndarray:
    v = cells.amounts(table, column, role, errors, percent=True, money=False)
    for i in np.flatnonzero(v > 1):
        errors.append(
            f"line {table.lines[i]}, column {column!r} ({role}): must be a fraction 0..1 or a "
            f"percentage such as 20%, got {table.frame[column].iat[i]!r}"
        )
        v[i] = np.nan
    return v


def kpis_from_table(table: Table, columns: Mapping[str, str] | None = None) -> MonthlyKPIs:
    found = find_columns(table, KPI_ROLES, columns, aliases=KPI_ALIASES)
    if not set(found) & {"conversion_rate", "won", "avg_deal_value", "churn_rate", "customers",
                         "costs"}:  # fmt: skip
        raise table.error(
            f"no KPI column: none of the columns ({', '.join(table.frame.columns)}) is a "
            "conversion rate, won deals, average deal value, churn rate, customers or costs; "
            "name one with --column conversion_rate=<column> (roles: " + ", ".join(_FIGURES) + ")"
        )
    errors: list[str] = []
    notes: list[str] = []
    month = read_months(table, found["month"], "month", errors, notes)
    figures: dict[str, np.ndarray] = {}
    for role in _FIGURES:
        if role not in found:
            figures[role] = np.full(len(month), np.nan)
        elif role in ("conversion_rate", "churn_rate"):
            figures[role] = _rates(table, found[role], role, errors)
        else:
            figures[role] = cells.amounts(table, found[role], role, errors)
    for i in np.flatnonzero(figures["won"] > figures["leads"]):
        errors.append(
            f"line {table.lines[i]}, column {found['won']!r} (won): "
            f"{table.frame[found['won']].iat[i]!r} is more than the leads "
            f"{table.frame[found['leads']].iat[i]!r}"
        )
    ok = np.isfinite(month)
    _, first, n = np.unique(month[ok], return_index=True, return_counts=True)
    for j in np.flatnonzero(n > 1):
        same = np.flatnonzero(ok)[month[ok] == month[ok][first[j]]]
        errors.append(
            f"column {found['month']!r} (month): the month "
            f"{table.frame[found['month']].iat[same[0]]!r} is on several lines "
            f"({', '.join(str(table.lines[k]) for k in same)}); one row a month"
        )
    cells.flush(table, errors)
    order = np.argsort(month)
    return MonthlyKPIs(
        table.source, found, month[order], {k: v[order] for k, v in figures.items()},
        np.asarray(table.lines)[order], tuple(notes),
    )  # fmt: skip


def _ratio(W, x, y, n: int, method: str, unit: str) -> Estimate:
    """x.sum() / y.sum() over the months, its draws spread by sqrt(n / (n - 1)).

    Resampling n months underestimates the variance by (n - 1) / n (the plug-in
    variance of a mean); with a dozen months that shortens a 95 % interval to about
    94 %, so the draws are rescaled around the value (the rescaled bootstrap).
    """
    value = x.sum() / y.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        draws = value + (W @ x / (W @ y) - value) * np.sqrt(n / (n - 1))
    return estimate(value, draws, n=n, method=method, unit=unit)


def side_estimates(k: MonthlyKPIs, keep: np.ndarray, B: int, rng) -> dict[str, Estimate]:
    """conversion_rate, avg_deal_value, monthly_churn of the months ``keep``, months resampled."""
    f = {r: np.where(keep, v, np.nan) for r, v in k.figures.items()}
    W = counts(rng, int(keep.size), B)
    out: dict[str, Estimate] = {}

    def add(key, x, y, method, unit="fraction"):
        use = np.isfinite(x) & np.isfinite(y) & (y > 0)
        if use.sum() >= 2:
            x, y = np.where(use, x, 0.0), np.where(use, y, 0.0)
            out[key] = _ratio(W, x, y, int(use.sum()), f"{method}; {int(use.sum())} "
                              "months, months resampled", unit)  # fmt: skip

    ones = np.ones(keep.size)
    leads, won = f["leads"], f["won"]
    if k.has("won") and k.has("leads"):
        add("conversion_rate", won, leads, "won / leads over the months")
    elif k.has("conversion_rate"):
        w = leads if k.has("leads") else np.where(keep, ones, np.nan)
        add(
            "conversion_rate",
            f["conversion_rate"] * w,
            w,
            "monthly conversion rate" + (", weighted by leads" if k.has("leads") else ""),
        )
    if k.has("avg_deal_value"):
        w = won if k.has("won") else np.where(keep, ones, np.nan)
        add("avg_deal_value", f["avg_deal_value"] * w, w,
            "monthly average deal value" + (", weighted by won deals" if k.has("won") else ""),
            "money")  # fmt: skip
    if k.has("churn_rate"):
        w = f["customers"] if k.has("customers") else np.where(keep, ones, np.nan)
        add("monthly_churn", f["churn_rate"] * w, w, "monthly churn rate"
            + (", weighted by customers" if k.has("customers") else ""))  # fmt: skip
    elif k.has("customers") and k.has("won"):
        # churned = customers a month before + won - customers now (previous calendar month)
        prev = np.full(keep.size, np.nan)
        for i in range(1, keep.size):
            d0 = dt.date(1970, 1, 1) + dt.timedelta(days=int(k.month[i]))
            before = (d0.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
            if k.month[i - 1] == (before - dt.date(1970, 1, 1)).days:
                prev[i] = k.figures["customers"][i - 1]
        churned = prev + won - f["customers"]
        add(
            "monthly_churn",
            churned,
            np.where(keep, prev, np.nan),
            "(customers a month before + won - customers) / customers a month before",
        )
    return out
