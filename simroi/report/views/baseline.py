"""simroi baseline: each KPI measured from a CRM export, with its 95 % interval."""

from __future__ import annotations

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.numbers import MISSING, estimate

__all__ = ["table"]

_LABELS = {
    "leads_per_month": "leads per month",
    "conversion_rate": "conversion rate",
    "avg_deal_value": "average deal value",
    "cycle_days": "sales cycle (days)",
    "monthly_churn": "monthly churn",
    "monthly_revenue": "monthly revenue per customer",
    "clv": "CLV",
    "cac": "CAC",
    "crr": "CRR (last 12 months)",
}


def _value(x: float | None, se: float | None, unit: str) -> str:
    return estimate(x, se, "percent" if unit.startswith("fraction") else "")


def table(result: dict) -> Table:
    """Each measured KPI: value, 95 % interval, records it rests on (methods: the fragment).

    ``result`` is :func:`simroi.data.baseline.baseline_from`'s result as a dict (``to_dict()``).
    """
    lo, hi = result["period"]
    t = make_table(f"Baseline measured {lo} .. {hi}", "KPI", "value", "95 % interval", "n")
    for key, e in result["estimates"].items():
        se, unit = e["se"], e["unit"]
        a, b = e["ci95"]
        interval = MISSING if a is None else f"{_value(a, se, unit)} .. {_value(b, se, unit)}"
        label = result.get("measures", {}).get(key) or _LABELS.get(key, key)
        t.add_row(label, _value(e["value"], se, unit), interval, f"{e['n']:,}")
    return t
