"""A break-even target (``P(npv>0)>=0.9``, ``mean(npv)>=0``) read as people write it:
``P(NPV > 0) ≥ 90 %``, ``mean NPV ≥ 0 EUR``; shared by the decision views."""

from __future__ import annotations

import re

from simroi.report.text.labels import metric_name
from simroi.report.text.money import amount
from simroi.report.text.numbers import compact_prob, sig

__all__ = ["metric_value", "target_kind", "target_text"]

_TARGET = re.compile(
    r"^\s*(?P<stat>p\d+|mean|median|p)\s*\(\s*(?P<metric>\w+)\s*"
    r"(?:(?P<op>[<>]=?)\s*(?P<at>[-+\d.eE]+))?\s*\)\s*(?P<rel>[<>]=?)\s*(?P<level>[-+\d.eE]+)\s*$",
    re.IGNORECASE,
)
_SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_MONEY = {"npv", "total_benefit", "total_cost", "cvar"}
_PERCENT = {"roi", "irr", "discounted_roi"}


def metric_value(metric: str, value: float, lang: str, currency: str | None) -> str:
    """A value of ``metric`` in its unit: ``12 %`` (ROI), ``0 EUR`` (NPV), ``12`` (months)."""
    metric = metric.lower()
    if value == 0 and metric not in ("payback",):
        return "0"
    if metric == "payback":
        return f"{sig(value)} {('months', '个月')[lang == 'zh']}"
    if metric in _PERCENT:
        return f"{sig(100 * value)} %"
    if metric in _MONEY:
        return amount(value, lang, currency)
    return sig(value)


def target_kind(target: str) -> str:
    """The kind of a target's statistic (:data:`simroi.report.documents.sections.Kind`):
    ``P(...)`` a probability; else the metric's (ROI a percent, NPV money, payback months)."""
    m = _TARGET.match(target or "")
    if not m:
        return "number"
    if m["stat"].lower() == "p":
        return "probability"
    metric = m["metric"].lower()
    if metric == "payback":
        return "months"
    return "money" if metric in _MONEY else "percent" if metric in _PERCENT else "number"


def _name(metric: str, lang: str) -> str:
    m = metric.lower()
    return ("payback", "回收期")[lang == "zh"] if m == "payback" else metric_name(m, lang)


def target_text(target: str, lang: str = "en", currency: str | None = None) -> str:
    """``P(npv>0)>=0.9`` -> ``P(NPV > 0) ≥ 90 %``; ``p10(roi)>=0`` -> ``P10 of ROI ≥ 0 %``;
    a target this cannot read is returned as given."""
    m = _TARGET.match(target or "")
    if not m:
        return target
    stat, metric = m["stat"].lower(), m["metric"]
    rel, level = _SIGNS[m["rel"]], float(m["level"])
    if stat == "p":
        inner = _name(metric, lang)
        if m["op"]:
            inner += f" {_SIGNS[m['op']]} {metric_value(metric, float(m['at']), lang, currency)}"
        return f"P({inner}) {rel} {compact_prob(level).removeprefix('= ')}"  # 0.9999: 99.99 %
    what = {"mean": ("mean", "均值"), "median": ("median", "中位数")}.get(stat)
    name = _name(metric, lang)
    if what is None:  # a percentile
        head = f"{stat.upper()} of {name}" if lang == "en" else f"{name} 的 {stat.upper()}"
    else:
        head = f"{what[0]} {name}" if lang == "en" else f"{name} {what[1]}"
    return f"{head} {rel} {metric_value(metric, level, lang, currency)}"
