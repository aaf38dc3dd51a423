"""The walk of the money lines that are more than one number: yearly schedules and cost lines.

A :class:`~simroi.scenario.schema.Schedule` gives amounts for years 1..N; a
:class:`~simroi.scenario.schema.CostLine` is an amount, or a mapping with a
per-line ``risk_adjustment`` (an overrun: cost x (1 + o)) and, for one-time
costs, the month(s) it is paid in. Their model inputs are named so that the
plain forms keep their old paths:

- ``<line>`` the amount (or a schedule's amount for every year);
- ``<line>.year1`` .. ``<line>.yearN`` a schedule given as a list;
- ``<line>.first``, ``<line>.growth`` a geometric schedule;
- ``<line>.month<m>`` a one-time payment due in month m;
- ``<line>.risk_adjustment`` the line's overrun.
"""

from __future__ import annotations

from simroi.scenario.messages import show
from simroi.scenario.schema import MONEY, OVERRUN, SCHEDULE, CostLine, Num, Schedule, Section

__all__ = ["cost_line", "schedule", "schedule_form"]

MONTH = Num(0, lo=0, dist=False, integer=True)


def schedule(ck, field: Schedule, value: object, path: str) -> object:
    """Walk a yearly schedule; remembers its length for the horizon check."""
    if value is None:
        return None
    if isinstance(value, list):
        if not value:
            ck.error(path, "a yearly schedule needs one amount per year, got an empty list")
            return value
        ck.schedules.append((path, len(value)))
        return [ck.number(field.item, v, f"{path}.year{i + 1}") for i, v in enumerate(value)]
    if isinstance(value, dict) and "dist" not in value:
        if "first" not in value:
            ck.error(
                path,
                "a yearly schedule is a list (one amount per year), one amount, or "
                f"{{first, growth}}; got {show(value)}",
            )
            return value
        return ck.section(Section({"first": field.item, "growth": field.growth}), value, path)
    return ck.number(field.item, value, path)


def schedule_form(resolved: object) -> str:
    """``list``, ``growth`` or ``flat``: how a resolved schedule names its inputs."""
    if isinstance(resolved, list):
        return "list"
    if isinstance(resolved, dict) and "first" in resolved:
        return "growth"
    return "flat"


def cost_line(ck, field: CostLine, value: object, path: str) -> object:
    """Walk one cost item of ``costs.one_time``, ``costs.monthly`` or ``costs.yearly``."""
    yearly = field.kind == "yearly"
    is_line = isinstance(value, dict) and "dist" not in value
    if yearly and is_line and "amount" not in value:
        is_line = False  # {first, growth}: a schedule, not a line mapping
    if not is_line:
        return schedule(ck, SCHEDULE, value, path) if yearly else ck.number(MONEY, value, path)
    keys = {"amount", "risk_adjustment"} | (
        {"at_month", "payments"} if field.kind == "one_time" else set()
    )
    for key in value:
        if key not in keys:
            ck.error(f"{path}.{key}", f"unknown key (a cost line has {', '.join(sorted(keys))})")
    out = {}
    if field.kind == "one_time" and "payments" in value:
        if "amount" in value or "at_month" in value:
            ck.error(path, "give either 'payments' or 'amount' (with 'at_month'), not both")
        out["payments"] = _payments(ck, value["payments"], f"{path}.payments", path)
    elif "amount" not in value:
        ck.error(f"{path}.amount", "required key is missing")
    elif yearly:
        out["amount"] = schedule(ck, SCHEDULE, value["amount"], path)
    else:
        out["amount"] = ck.number(MONEY, value["amount"], path)
        if field.kind == "one_time":
            out["at_month"] = ck.number(MONTH, value.get("at_month", 0), f"{path}.at_month")
            if isinstance(out["at_month"], int):
                ck.months.append((f"{path}.at_month", out["at_month"]))
    out["risk_adjustment"] = ck.number(
        OVERRUN, value.get("risk_adjustment", 0.0), f"{path}.risk_adjustment"
    )
    return out


def _payments(ck, value: object, at: str, line: str) -> list:
    """``[{month, amount}, ...]``: each amount is the input ``<line>.month<m>``."""
    if not isinstance(value, list) or not value:
        ck.error(at, f"must be a non-empty list of {{month, amount}}, got {show(value)}")
        return []
    out, seen = [], set()
    for i, item in enumerate(value):
        where = f"{at}[{i}]"
        if not isinstance(item, dict) or set(item) != {"month", "amount"}:
            ck.error(where, f"must be a mapping {{month, amount}}, got {show(item)}")
            continue
        month = ck.number(MONTH, item["month"], f"{where}.month")
        if not isinstance(month, int):
            continue
        if month in seen:
            ck.error(f"{where}.month", f"month {month} is paid twice; add the amounts up")
            continue
        seen.add(month)
        ck.months.append((f"{where}.month", month))
        amount = ck.number(MONEY, item["amount"], f"{line}.month{month}")
        out.append({"month": month, "amount": amount})
    return out
