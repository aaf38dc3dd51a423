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
    "costs.seat_risk_adjustment": ("Seat cost overrun", "席位成本超支比例", "percent"),
    "costs.learning_risk_adjustment": ("Learning cost overrun", "学习成本超支比例", "percent"),
}
# Cost lines and custom benefits, by prefix: the line's label, its unit. A line's own fields
# (an overrun, a year of a schedule, a payment) extend it: :func:`_line`.
_LINES = {
    "costs.one_time": ("One-time cost: {name}", "一次性成本：{name}", "money"),
    "costs.monthly": ("Monthly cost: {name}", "月度成本：{name}", "money"),
    "costs.yearly": ("Yearly cost: {name}", "年度成本：{name}", "money"),
    "custom_benefits": ("Benefit: {name}", "收益：{name}", "money"),
}
# A line's field -> what follows the line's label (English, Chinese) and the unit.
_LINE_FIELDS = {
    "monthly": (" (monthly)", "（每月）", "money"),
    "yearly": (" (yearly)", "（每年）", "money"),
    "first": (", year 1", "（第 1 年）", "money"),
    "growth": (", growth a year", "（年增长率）", "percent"),
    "at_month": (", month paid", "（支付月份）", "months"),
    "payments": (", payments", "（分期付款）", "money"),
    "implementation_months": (", implementation time", "（实施周期）", "months"),
    "ramp_months": (", ramp-up time", "（推广爬坡期）", "months"),
    "ceiling": (", final adoption", "（最终使用率）", "percent"),
}
_NUMBERED = {  # a line's numbered part: year<y> of a schedule, month<m> of a payment
    "year": (", year {k}", "（第 {k} 年）"),
    "month": (", month {k} payment", "（第 {k} 个月付款）"),
}
_RISK_FIELDS = {
    "": ("Risk event: {name}", "风险事件：{name}", ""),
    "probability": ("Risk {name}: chance", "风险 {name}：发生概率", "percent"),
    "benefit_multiplier": ("Risk {name}: benefit kept", "风险 {name}：收益保留比例", "percent"),
    "cost_multiplier": ("Risk {name}: recurring cost factor", "风险 {name}：经常性成本系数", ""),
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


def _name(name: str) -> str:
    """A line's or an event's name as words: ``erp_integration`` -> ``erp integration``."""
    return name.replace("_", " ").strip() or name


def _line(prefix: str, rest: str) -> tuple[str, str, str] | None:
    """(English, Chinese, unit) of a cost line's or a custom benefit's input: the line (its
    amount), or one of its fields (``.risk_adjustment``, ``.year2``, ``.month6``...)."""
    en, zh, unit = _LINES[prefix]
    name, _, field = rest.partition(".")
    benefit = prefix == "custom_benefits"
    en, zh = en.format(name=_name(name)), zh.format(name=_name(name))
    field = field.removeprefix("yearly.") if benefit and field.startswith("yearly.") else field
    field = field.removeprefix("amount").lstrip(".") if not benefit else field
    field = field.removeprefix("adoption.")
    if field == "risk_adjustment":  # a benefit's haircut, a cost's overrun
        tail = (", haircut", "（折减比例）") if benefit else (", overrun", "（超支比例）")
        return en + tail[0], zh + tail[1], "percent"
    if not field:
        field = "monthly" if benefit else ""
        if not field:
            return en, zh, unit
    if field in _LINE_FIELDS:
        tail_en, tail_zh, unit = _LINE_FIELDS[field]
        return en + tail_en, zh + tail_zh, unit
    for head, (tail_en, tail_zh) in _NUMBERED.items():
        k = field.removeprefix(head)
        if field.startswith(head) and k.isdigit():
            return en + tail_en.format(k=k), zh + tail_zh.format(k=k), unit
    return None


def _split(path: str) -> tuple[str, str, str] | None:
    """(English, Chinese, unit) of a grouped input: a line, a stream's own field, a risk's."""
    for prefix in _LINES:
        if path.startswith(prefix + "."):
            return _line(prefix, path[len(prefix) + 1 :])
    if path.startswith("benefits."):  # a benefit stream's haircut or its own adoption
        stream, _, field = path[len("benefits.") :].partition(".")
        en, zh = _STREAMS.get(stream, (_readable(stream), _readable(stream)))
        if field == "risk_adjustment":
            return f"{en}, haircut", f"{zh}（折减比例）", "percent"
        tail = _LINE_FIELDS.get(field.removeprefix("adoption."))
        return (en + tail[0], zh + tail[1], tail[2]) if tail else None
    if path.startswith("risks."):
        name, _, field = path[len("risks.") :].partition(".")
        if field not in _RISK_FIELDS and "." in name:
            return None
        other = ("Risk {name}: " + field, "风险 {name}：" + field, "")
        en, zh, unit = _RISK_FIELDS.get(field, other)
        return en.format(name=_name(name)), zh.format(name=_name(name)), unit
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
        return pick(grouped[:2], lang)
    return _readable(path.rsplit(".", 1)[-1])


def input_unit(path: str) -> str:
    """An input's unit: ``percent``, ``money``, ``months``, ``hours``, ``count`` or ``""``."""
    if path in _INPUTS:
        return _INPUTS[path][2]
    grouped = _split(path)
    if grouped:
        return grouped[2]
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
