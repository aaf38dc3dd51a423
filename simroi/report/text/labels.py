"""What things are called, in English and Chinese: model inputs, benefit streams, results.

``input_label(path, lang)`` names a model input ("Churn reduction", "流失率下降幅度")
rather than by its dotted path, and ``input_unit(path)`` says what its numbers are;
a path the catalogue does not know reads as its last part ("drivers.new_thing" ->
"New thing"). The labels are the third catalogue of the scenario's keys, beside the
schema and keydocs: tests/report/test_labels.py checks every input key of the schema
against them (and names those still without a label of their own, or with another unit).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from simroi.report.text.i18n import MESSAGES, pick, text

__all__ = ["input_label", "input_unit", "input_value", "metric_name", "stream_label"]

_STREAMS = {
    "conversion": ("Higher conversion", "转化率提升"),
    "deal_size": ("Larger deals", "客单价提升"),
    "cycle": ("Shorter sales cycle", "销售周期缩短"),
    "churn": ("Lower churn", "客户流失减少"),
    "productivity": ("Rep time saved", "销售人员节省的时间"),
    "custom": ("Custom benefits", "其他收益"),
}

# Inputs by dotted path: (English, Chinese, unit); unit is "percent", "money", "months",
# "hours", "count" or "" (plain).
_INPUTS: dict[str, tuple[str, str, str]] = {
    "baseline.leads_per_month": ("Leads per month", "每月线索数", "count"),
    "baseline.conversion_rate": ("Conversion rate today", "当前转化率", "percent"),
    "baseline.avg_deal_value": ("Average deal value", "平均成交金额", "money"),
    "baseline.gross_margin": ("Gross margin", "毛利率", "percent"),
    "baseline.customers": ("Active customers", "活跃客户数", "count"),
    "baseline.monthly_churn": ("Monthly churn today", "当前月流失率", "percent"),
    "baseline.customer_monthly_margin": ("Margin per customer a month", "每客户月毛利", "money"),
    "baseline.sales_reps": ("Sales reps", "销售人员数", "count"),
    "baseline.rep_hourly_cost": ("Cost of a rep hour", "销售人员时薪成本", "money"),
    "drivers.conversion_lift": ("Conversion lift", "转化率提升幅度", "percent"),
    "drivers.churn_reduction": ("Churn reduction", "流失率下降幅度", "percent"),
    "drivers.cycle_shortening": ("Sales-cycle shortening", "销售周期缩短幅度", "percent"),
    "drivers.capacity_share": ("Capacity-limited share", "受产能限制的业务占比", "percent"),
    "drivers.deal_size_lift": ("Deal-size lift", "客单价提升幅度", "percent"),
    "drivers.hours_saved_per_rep_week": (
        "Hours saved per rep a week",
        "每人每周节省工时",
        "hours",
    ),
    "drivers.productivity_realization": (
        "Saved time turned into value",
        "节省时间转化为价值的比例",
        "percent",
    ),
    "adoption.implementation_months": ("Implementation time", "实施周期", "months"),
    "adoption.ramp_months": ("Ramp-up time", "推广爬坡期", "months"),
    "adoption.ceiling": ("Final adoption", "最终使用率", "percent"),
    "costs.seats": ("Seats", "席位数", "count"),
    "costs.price_per_seat_month": ("Price per seat a month", "每席位月费", "money"),
    "costs.annual_price_escalation": ("Yearly price rise", "年度涨价幅度", "percent"),
    "costs.learning_hours_per_rep": ("Learning hours per rep", "每人学习工时", "hours"),
}
_GROUPS = {
    "costs.one_time": ("One-time cost: {name}", "一次性成本：{name}", "money"),
    "costs.monthly": ("Monthly cost: {name}", "月度成本：{name}", "money"),
    "custom_benefits": ("Benefit: {name} (monthly)", "收益：{name}（每月）", "money"),
}
_RISK_FIELDS = {
    "": ("Risk event: {name}", "风险事件：{name}", ""),
    "benefit_multiplier": ("Risk {name}: benefit kept", "风险 {name}：收益保留比例", "percent"),
    "extra_one_time_cost": ("Risk {name}: extra cost", "风险 {name}：额外成本", "money"),
    "delay_months": ("Risk {name}: delay", "风险 {name}：延期", "months"),
}


def metric_name(metric: str, lang: str = "en") -> str:
    """``npv`` -> ``NPV``, ``payback_month`` -> "Payback month" / "回收月份"."""
    key = f"metric_{metric}"
    return text(key, lang) if key in MESSAGES else _readable(metric)


def stream_label(stream: str, lang: str = "en") -> str:
    """A benefit stream's name: ``churn`` -> "Lower churn" / "客户流失减少"."""
    pair = _STREAMS.get(stream)
    return pick(pair, lang) if pair else _readable(stream)


def _split(path: str) -> tuple[tuple[str, str, str], str] | None:
    """The label template and item name of a grouped input (one-time costs, risks...)."""
    for prefix, entry in _GROUPS.items():
        if path.startswith(prefix + "."):
            rest = path[len(prefix) + 1 :]
            if prefix == "custom_benefits":
                rest = rest.rsplit(".", 1)[0] if rest.endswith(".monthly") else rest
            return entry, rest
    if path.startswith("risks."):
        name, _, field = path[len("risks.") :].partition(".")
        if field not in _RISK_FIELDS and "." in name:
            return None
        return _RISK_FIELDS.get(field, ("Risk {name}: " + field, "风险 {name}：" + field, "")), name
    return None


def input_label(path: str, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """A model input named for people: ``drivers.churn_reduction`` -> "Churn reduction".

    ``labels`` (path -> label, e.g. from the scenario) wins; then the catalogue;
    then a readable form of the last part of the path. A name without a dot is
    returned as it is.
    """
    if labels and path in labels:
        return labels[path]
    if "." not in path:  # not a dotted path: a name already
        return path
    if path in _INPUTS:
        return pick(_INPUTS[path], lang)
    grouped = _split(path)
    if grouped:
        entry, name = grouped
        return pick(entry, lang).format(name=name)
    return _readable(path.rsplit(".", 1)[-1])


def input_unit(path: str) -> str:
    """An input's unit: ``percent``, ``money``, ``months``, ``hours``, ``count`` or ``""``."""
    if path in _INPUTS:
        return _INPUTS[path][2]
    grouped = _split(path)
    if grouped:
        return grouped[0][2]
    return ""


def _readable(key: str) -> str:
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def input_value(
    path: str, value: float | None, lang: str = "en", currency: str | None = None
) -> str:
    """An input's value in its unit: ``10.6 %``, ``16.1k USD``, ``3 个月``; a risk event
    (``risks.<name>``) reads yes/no."""
    from simroi.report.text.money import compact
    from simroi.report.text.numbers import MISSING, sig

    if value is None or not math.isfinite(value):
        return MISSING
    if path.startswith("risks.") and path.count(".") == 1:
        return text("yes" if value >= 0.5 else "no", lang)
    unit = input_unit(path)
    if unit in ("months", "hours"):
        return text(f"value_{unit}", lang, v=sig(value))
    return compact(value, unit, lang, currency)
