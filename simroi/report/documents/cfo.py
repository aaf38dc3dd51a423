"""The figures of the CFO's page, as rows of label, value and text, in one language.

Every format (HTML, PDF, Excel, the notebook table) shows these same rows, so
a figure reads the same everywhere: ``value`` is the number as in
summary.json (a fraction for percentages), ``text`` the number as printed,
rounded to its Monte Carlo standard error. Keys other engineers add to the
summary (discounted payback, hurdle probabilities) are shown when present.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simroi.report.text.i18n import MESSAGES, months_text, text
from simroi.report.text.money import amount, amount_to_error
from simroi.report.text.numbers import (
    binomial_se,
    compact_percent,
    irr_to_error,
    percent_points,
    percent_to_error,
    prob_to_error,
)

__all__ = [
    "Row",
    "breakdown_rows",
    "cost_rows",
    "headline",
    "key_rows",
    "payback_rows",
    "percentile_rows",
]


@dataclass(frozen=True)
class Row:
    """One figure: ``key`` (stable, for tests and Excel), label, value, printed text, kind.

    ``kind`` is ``prob`` or ``percent`` (value a fraction), ``money``, ``months`` or ``text``.
    """

    key: str
    label: str
    value: float | None
    text: str
    kind: str
    se: float | None = None
    source: str = ""  # where summary.json holds it (dotted), "" when derived

    @property
    def where(self) -> str:
        return self.source or self.key


def headline(summary: Mapping[str, Any], lang: str) -> str:
    """The sentence above page one: P(ROI > 0) with its error in points and P(loss) over
    the horizon, then P(payback within the headline's month), then the median ROI.

    "Over 60 months the CRM returns more than it costs in 84.9 % of simulated futures
    (± 0.3 pts) and loses money in 15.1 %; it pays for itself within 36 months in
    41.2 %. The median ROI is 39.4 %." The month is ``payback.headline_month``
    (``simulation.headline_payback_month``; for an older summary the same default,
    :func:`simroi.simulation.results.headline_month`), else the last reported before it.
    """
    from simroi.simulation.results import headline_month

    n, horizon = int(summary["iterations"]), int(summary["horizon_months"])
    pay = summary["payback"]
    months = pay.get("headline_month") or headline_month(horizon)
    within = pay["prob_within_months"]
    if str(months) not in within:  # not a reported month: the last reported one before it
        reported = sorted(int(m) for m in within if int(m) <= months)
        months = reported[-1] if reported else horizon
    p_pay = within.get(str(months), 1.0 - (pay.get("prob_never") or 0.0))
    p = summary["prob_roi_positive"]
    se = summary.get("prob_roi_positive_se", binomial_se(p, n))
    roi = summary["metrics"]["roi"]

    def said(q: float) -> str:  # a bound in words: "more than 99.995 %"
        shown = prob_to_error(q, binomial_se(q, n), n, plus_minus=False)
        if shown.startswith((">", "<")):
            return text("more_than" if shown[0] == ">" else "less_than", lang, p=shown[2:])
        return shown

    p_text, loss_text = said(p), said(1.0 - p)
    return text(
        "headline",
        lang,
        horizon=horizon,
        p=p_text,
        se=percent_points(se, lang) if 0 < p < 1 else "",
        loss=loss_text,
        months=months,
        pay=said(p_pay),
        roi=percent_to_error(roi["p50"], roi.get("se_mean")),
    ).replace("（± ）", "").replace(" (± )", "")


def key_rows(summary: Mapping[str, Any], lang: str) -> list[Row]:
    """P(ROI > 0), P(NPV > 0), hurdle probabilities, the downside, median payback."""
    n, cur = int(summary["iterations"]), summary.get("currency", "")
    rows = []
    for key in ("prob_roi_positive", "prob_npv_positive"):
        p, se = summary[key], summary.get(f"{key}_se", binomial_se(summary[key], n))
        rows.append(Row(key, text(key, lang), p, prob_to_error(p, se, n, lang=lang), "prob", se))
    hurdle = summary.get("hurdle")  # {rate, prob_roi_above(_se), prob_irr_above(_se)} or None
    if hurdle:
        level = compact_percent(float(hurdle["rate"]))
        for what in ("roi", "irr"):
            key = f"prob_{what}_above"
            p, se = hurdle[key], hurdle[f"{key}_se"]
            label = text("prob_hurdle", lang, hurdle=level).replace("ROI", what.upper(), 1)
            shown = prob_to_error(p, se, n, lang=lang)
            rows.append(Row(key, label, p, shown, "prob", se, f"hurdle.{key}"))
    npv = summary["metrics"]["npv"]
    rows.append(
        Row(
            "cvar5_npv",
            text("worst5_npv", lang),
            summary["cvar5_npv"],
            amount_to_error(summary["cvar5_npv"], npv.get("se_mean"), lang, cur),
            "money",
        )
    )
    loss = 1.0 - summary["prob_roi_positive"]
    se = summary.get("prob_roi_positive_se", binomial_se(loss, n))
    rows.append(
        Row(
            "prob_roi_loss",
            text("prob_loss", lang),
            loss,
            prob_to_error(loss, se, n, lang=lang),
            "prob",
            se,
            "1 - prob_roi_positive",
        )
    )
    median = summary["payback"].get("p50_months")
    rows.append(
        Row(
            "payback_p50_months",
            text("payback_median", lang),
            median,
            months_text(median, lang),
            "months",
            source="payback.p50_months",
        )
    )
    return rows


PERCENTILE_METRICS = (
    ("roi", "roi_long", "percent"),
    ("npv", "npv_long", "money"),
    ("total_cost", "investment_long", "money"),
    ("irr", "irr_long", "percent"),
)


def percentile_rows(summary: Mapping[str, Any], lang: str) -> list[tuple[str, str, list[Row]]]:
    """P10 / P50 / P90 (and the mean) of ROI, NPV, total investment and IRR when present."""
    cur, out = summary.get("currency", ""), []
    for metric, label_key, kind in PERCENTILE_METRICS:
        m = (summary.get("metrics") or {}).get(metric)
        if not m:
            continue
        se = m.get("se_mean")
        cells = []
        for q in ("p10", "p50", "p90", "mean"):
            v = m.get(q)
            shown = (
                (irr_to_error if metric == "irr" else percent_to_error)(v, se)
                if kind == "percent"
                else amount_to_error(v, se, lang, cur)
            )
            cells.append(
                Row(f"{metric}.{q}", text(q, lang), v, shown, kind, se, f"metrics.{metric}.{q}")
            )
        out.append((metric, text(label_key, lang), cells))
    return out


def payback_rows(summary: Mapping[str, Any], lang: str) -> list[Row]:
    """P(payback within m months) for the reported months, and P(no payback in the horizon)."""
    n, horizon = int(summary["iterations"]), int(summary["horizon_months"])
    pay = summary["payback"]
    rows = []
    for m, p in pay["prob_within_months"].items():
        se = binomial_se(p, n)
        rows.append(
            Row(
                f"payback_within_{m}",
                text("payback_within", lang, m=m),
                p,
                prob_to_error(p, se, n, lang=lang),
                "prob",
                se,
                f"payback.prob_within_months.{m}",
            )
        )
    never = pay.get("prob_never")
    if never is not None:
        se = binomial_se(never, n)
        rows.append(
            Row(
                "payback_never",
                text("payback_never", lang, m=horizon),
                never,
                prob_to_error(never, se, n, lang=lang),
                "prob",
                se,
                "payback.prob_never",
            )
        )
    return rows


def breakdown_rows(summary: Mapping[str, Any], lang: str) -> list[Row]:
    """Mean benefit of each stream, total benefit and total cost (money)."""
    from simroi.report.text.labels import stream_label

    cur = summary.get("currency", "")
    rows = [
        Row(
            f"benefit_{k}",
            stream_label(k, lang),
            v,
            amount(v, lang, cur),
            "money",
            source=f"benefit_breakdown_mean.{k}",
        )
        for k, v in (summary.get("benefit_breakdown_mean") or {}).items()
        if v
    ]
    metrics = summary.get("metrics") or {}
    for key in ("total_benefit", "total_cost"):
        if metrics.get(key):
            v = metrics[key]["mean"]
            rows.append(
                Row(
                    key,
                    text(key, lang),
                    v,
                    amount(v, lang, cur),
                    "money",
                    source=f"metrics.{key}.mean",
                )
            )
    return rows


def cost_rows(summary: Mapping[str, Any], lang: str) -> list[Row]:
    """Mean of each kind of cost (one-time, recurring, learning, risk overruns; money)."""
    cur = summary.get("currency", "")
    return [
        Row(
            f"cost_{k}",
            text(f"cost_{k}", lang) if f"cost_{k}" in MESSAGES else k,
            v,
            amount(v, lang, cur),
            "money",
            source=f"cost_breakdown_mean.{k}",
        )
        for k, v in (summary.get("cost_breakdown_mean") or {}).items()
    ]
