"""simroi run: the one-page table, and the charts of a run folder.

The table fits 80 columns; every number in it is rounded to its Monte Carlo
error (:mod:`simroi.report.text.numbers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import count_text, months_text, text
from simroi.report.text.labels import input_label
from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import (
    binomial_se,
    irr_to_error,
    money_to_error,
    percent_to_error,
    prob_to_error,
    seed_text,
)
from simroi.runs.layout import Chart
from simroi.simulation.results import prob_payback_within

__all__ = ["convergence", "figures", "risk_events", "table"]


def _bounded(text_: str, n: int, lang: str = "en") -> str:
    """``> 0 %`` says nothing: with one iteration a probability is just what happened."""
    if n == 1 and text_.startswith(("<", ">")):
        return text("run_no_1" if text_.startswith("<") else "run_yes_1", lang)
    return text_


def table(summary: dict, lang: str = "en") -> Table:
    """The one-page answer of ``simroi run``: P(ROI > 0), ROI, NPV, investment, IRR, payback,
    in ``lang`` (amounts in 万 in Chinese).

    Fits 80 columns: labels are short and unique, values never cut.
    """
    n = summary["iterations"]
    roi, npv = summary["metrics"]["roi"], summary["metrics"]["npv"]
    cur = summary["currency"]
    zh = lang == "zh"

    def money(value, se) -> str:
        return amount_to_error(value, se, lang, cur) if zh else money_to_error(value, se)

    def unit(label: str) -> str:  # English labels carry the currency; Chinese amounts do
        return label if zh else f"{label} ({cur})"

    t = make_table(
        text("run_title", lang, name=summary["scenario"], n=count_text(n, lang),
             h=summary["horizon_months"], sampler=summary["sampler"],
             seed=seed_text(summary["seed"])),  # fmt: skip
        "",
        text("run_value", lang),
    )
    t.columns[1].no_wrap = True
    for metric in ("roi", "npv"):
        key = f"prob_{metric}_positive"
        p = prob_to_error(summary[key], summary[f"{key}_se"], n, lang=lang)
        t.add_row(f"P({metric.upper()} > 0)", _bounded(p, n, lang))
    percentiles = (("mean", text("run_mean", lang)), ("p10", "P10"), ("p50", "P50"),
                   ("p90", "P90"))  # fmt: skip
    for key, label in percentiles:
        t.add_row(text("run_roi", lang, q=label), percent_to_error(roi[key], roi["se_mean"]))
    for key, label in percentiles:
        t.add_row(unit(f"NPV {label}"), money(npv[key], npv["se_mean"]))
    t.add_row(unit(text("run_worst5", lang)), money(summary["cvar5_npv"], npv["se_mean"]))
    cost = summary["metrics"].get("total_cost")
    if cost:
        for key, label in (("p50", "P50"), ("p90", "P90")):
            t.add_row(unit(text("run_investment", lang, q=label)),
                      money(cost[key], cost["se_mean"]))  # fmt: skip
    irr = summary["metrics"].get("irr")
    if irr:
        t.add_row(text("run_irr", lang), irr_to_error(irr["p50"], irr["se_mean"]))
    droi = summary["metrics"].get("discounted_roi")
    if droi is not None:
        t.add_row(text("run_droi", lang), percent_to_error(droi["mean"], droi["se_mean"]))
    hurdle = summary.get("hurdle")
    if hurdle:
        h = f"{100 * hurdle['rate']:g} %"
        for key, label in (("roi", "ROI"), ("irr", "IRR")):
            p, se = hurdle[f"prob_{key}_above"], hurdle[f"prob_{key}_above_se"]
            t.add_row(f"P({label} > {h})", _bounded(prob_to_error(p, se, n, lang=lang), n, lang))
    pay = summary["payback"]
    for m, p in pay["prob_within_months"].items():
        se = binomial_se(p, n)
        t.add_row(text("run_payback_within", lang, m=m),
                  _bounded(prob_to_error(p, se, n, lang=lang), n, lang))  # fmt: skip
    for key, label in (("payback", "run_payback_median"),
                       ("discounted_payback", "run_dpayback_median")):  # fmt: skip
        if summary.get(key) is None:
            continue
        m = summary[key]["p50_months"]
        shown = months_text(m, lang) if m is not None else text("run_not_within", lang)
        t.add_row(text(label, lang), shown)
    return t


#: Each chart of a run: its file in a run folder and its place on the report page (None:
#: not there). The page has no S-curve; the folder has no cost breakdown.
CHARTS = {
    "roi_histogram": (Chart.roi_histogram, "roi_histogram"),
    "roi_cdf": (Chart.roi_cdf, None),
    "payback": (Chart.payback, "payback"),
    "breakdown": (Chart.breakdown, "breakdown"),
    "cash_flow": (Chart.cash_flow, "cash_fan"),
    "cost_breakdown": (None, "cost_breakdown"),
}


def figures(
    summary: Mapping[str, Any],
    samples: Mapping[str, Any],
    *,
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
    page: bool = False,
    lazy: bool = False,
) -> dict[str, Any]:
    """The charts of a run: its folder's, or (``page``) the report page's.

    The folder's are named by file (:data:`CHARTS`), titled with the scenario's name,
    with cash_flow.png when the summary has the fan and convergence.png when the run
    went to a precision. The page's are named by their place on it, sized for half an
    A4 page and titled without the name (the page has it); the same data draws both.

    Parameters
    ----------
    summary : mapping
        ``summary.json`` content: ``metrics.roi.p10/p50/p90``, ``prob_roi_positive``,
        ``horizon_months``, ``currency``, ``scenario``, ``benefit_breakdown_mean``,
        ``metrics.total_cost.mean``; ``cash_flow`` and ``cost_breakdown_mean`` if any.
    samples : DataFrame or mapping of columns
        ``roi`` and ``payback_month`` (NaN: no payback within the horizon); risk event
        columns (``risks.<name>``, 1 when the event occurred) are optional: an event that
        makes a hump of its own in the ROI histogram is named there. Without ``roi``
        (a compare folder's leading vendor) there is no histogram, and without
        ``payback_month`` the payback curve is the summary's reported months.
    lang : ``"en"`` or ``"zh"``
        Language of the charts' text (:func:`simroi.report.text.i18n.resolve_language`).
    labels : mapping, optional
        ``scenario.labels`` (input path -> label): the names of the risk events.
    lazy : bool
        Each chart as the call that draws it (for
        :func:`simroi.report.figures.save_figures`, which draws in two processes).
    """
    from simroi.report import plots  # matplotlib is imported only when charts are drawn

    name, horizon, n = summary["scenario"], int(summary["horizon_months"]), summary["iterations"]
    cur, q = summary["currency"], summary["metrics"]["roi"]

    def title(key: str, page_key: str | None = None) -> str:
        return text(page_key or key, lang) if page else f"{text(key, lang)}\n{name}"

    def ax() -> Any:
        if not page:
            return None  # a Figure of the chart's own size
        from simroi.report.plots.svg import report_axes

        return report_axes()

    draw = {}
    if "roi" in samples:
        roi = np.asarray(samples["roi"], dtype=float)
        draw["roi_histogram"] = lambda: plots.roi_histogram(
            roi,
            p10=q["p10"],
            p50=q["p50"],
            p90=q["p90"],
            title=title("png_roi_hist", "chart_roi_hist"),
            lang=lang,
            ax=ax(),
            events=risk_events(samples, lang, labels),
            se=q.get("se_mean"),
        )
        draw["roi_cdf"] = lambda: plots.roi_cdf(
            roi,
            prob_positive=summary["prob_roi_positive"],
            title=title("chart_roi_cdf"),
            lang=lang,
            ax=ax(),
        )
    months, within = _payback(summary, samples)
    draw["payback"] = lambda: plots.payback_curve(
        months,
        within,
        horizon=horizon,
        title=title("chart_payback"),
        n=int(n),  # 0 and 1 are written as 1/N bounds, never certainty
        lang=lang,
        ax=ax(),
    )
    draw["breakdown"] = lambda: plots.breakdown(
        summary["benefit_breakdown_mean"],
        summary["metrics"]["total_cost"]["mean"],
        currency=cur,
        title=title("chart_breakdown"),
        lang=lang,
        ax=ax(),
    )
    fan, costs = summary.get("cash_flow"), summary.get("cost_breakdown_mean")
    if fan:  # P10/P50/P90 of the cumulative cash by month, from summary.json
        draw["cash_flow"] = lambda: plots.cash_flow_fan(
            fan["months"],
            fan["p10"],
            fan["p50"],
            fan["p90"],
            currency=cur,
            title=title("chart_cash_fan"),
            iterations_used=fan.get("iterations_used"),
            iterations=int(n),
            lang=lang,
            ax=ax(),
        )
    if costs:
        draw["cost_breakdown"] = lambda: plots.cost_breakdown(
            costs, currency=cur, title=title("chart_costs"), lang=lang, ax=ax()
        )
    where = 1 if page else 0
    out = {
        CHARTS[c][where]: chart if lazy else chart()
        for c, chart in draw.items()
        if CHARTS[c][where]
    }
    return out if page else out | convergence(summary, lang=lang)


def _payback(summary: Mapping[str, Any], samples: Mapping[str, Any]) -> tuple[Any, Any]:
    """Months 1..H and P(payback by then): from the samples, else the summary's months."""
    horizon = int(summary["horizon_months"])
    if "payback_month" in samples:
        payback = np.asarray(samples["payback_month"], dtype=float)
        return np.arange(1, horizon + 1), prob_payback_within(payback, horizon)
    reported = summary["payback"]["prob_within_months"]
    return np.array([int(m) for m in reported]), np.array([reported[m] for m in reported])


def convergence(summary: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """convergence.png of a run or a comparison to a precision ({} otherwise).

    ``summary`` is a run's summary.json or a comparison's compare.json content.
    """
    if "precision" not in summary:
        return {}
    from simroi.report.plots.convergence import compare_convergence
    from simroi.report.plots.convergence import convergence as draw_run

    info = summary["precision"]
    draw = compare_convergence if "vendors" in info["history"][-1] else draw_run
    title = text("png_convergence", lang, target=f"{info['target']:g}")
    return {Chart.convergence: draw(info, title=f"{title}\n{summary['scenario']}", lang=lang)}


def risk_events(
    samples: Mapping[str, Any], lang: str = "en", labels: Mapping[str, str] | None = None
) -> dict[str, np.ndarray]:
    """Label -> occurred (bool per iteration) of the risk events among ``samples``' columns.

    A risk event's column is ``risks.<name>`` holding 0 and 1 only; its label is the
    scenario's (``labels``) or "Risk event: <name>"
    (:func:`~simroi.report.text.labels.input_label`).
    """
    out = {}
    for path in samples:
        if not (str(path).startswith("risks.") and str(path).count(".") == 1):
            continue
        values = np.asarray(samples[path], dtype=float)
        if np.all((values == 0) | (values == 1)):
            out[input_label(str(path), lang, labels)] = values == 1
    return out
