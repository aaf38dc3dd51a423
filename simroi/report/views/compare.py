"""simroi compare: vendors ranked in a table, and the charts of a compare folder."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import metric_name
from simroi.report.text.numbers import prob_to_error, to_error
from simroi.report.views import compare_page
from simroi.report.views.compare_page import flip_note
from simroi.report.views.run import convergence
from simroi.runs.layout import FOLDERS, Chart
from simroi.simulation.metrics import UNITS

__all__ = ["figures", "headline", "page_figures", "sections", "table"]

RESULT = FOLDERS["compare"].result  # the file that holds every row and column


def table(comparison: dict, *, lang: str = "en", width: int | None = None) -> Table:
    """Vendors ranked by mean metric: P(best), P(ROI > 0), P10/P50/P90, mean, expected regret.

    ``comparison`` is the ``compare.json`` content (:func:`simroi.compare`); numbers
    are rounded to their Monte Carlo standard errors (probabilities too, without
    the "±" to keep the table narrow). The vendor column is never dropped nor cut: at
    a narrow ``width`` (default: the terminal's; 80 when piped) it wraps at spaces
    and the least needed metric columns are left out, said in the caption. The caption
    names the dominance relations found, P(first > second) of the two leading vendors,
    and the best vendor on another metric when it differs.
    """
    metric, n, cur = comparison["metric"], comparison["iterations"], comparison["currency"]
    name = metric_name(metric, lang) + (f" ({cur})" if UNITS[metric] == "money" else "")
    unit = UNITS[metric]

    def prob(p: float, se: float) -> str:  # no "±": it would make the table too wide
        return prob_to_error(p, se, n, plus_minus=False)

    ranked = sorted(comparison["vendors"], key=lambda v: v["rank"])
    columns: dict[str, list[str]] = {  # in the order they are given up, last first
        "P(best)": [prob(v["prob_best"], v["prob_best_se"]) for v in ranked],
        "P(ROI>0)": [
            prob(v["summary"]["prob_roi_positive"], v["summary"]["prob_roi_positive_se"])
            for v in ranked
        ],
    }
    for key in ("p50", "p10", "p90", "mean"):
        columns[key.upper() if key != "mean" else "mean"] = [
            to_error(v["summary"]["metrics"][metric][key],
                     v["summary"]["metrics"][metric]["se_mean"], unit)
            for v in ranked
        ]  # fmt: skip
    columns["regret"] = [
        to_error(v["expected_regret"], v["expected_regret_se"], unit) for v in ranked
    ]
    names = [v["name"] for v in ranked]
    width = width or Console().width
    key_width = min(max(len(x) for x in names), max(12, *(len(w) for x in names for w in x.split())))
    kept, used = [], key_width + 1
    for header, cells in columns.items():
        w = max(len(header), *(len(c) for c in cells)) + 3  # " │ " between columns
        if used + w <= width or not kept:
            kept.append(header)
            used += w
    order = [h for h in ("mean", "P10", "P50", "P90", "P(ROI>0)", "P(best)", "regret") if h in kept]
    t = make_table(
        text("cmpd_terminal_title", lang, name=comparison["scenario"], metric=name, n=f"{n:,}",
             sampler=comparison["sampler"], seed=comparison["seed"]),
        text("cmpd_offer", lang).lower() if lang == "en" else text("cmpd_offer", lang),
        *order,
    )  # fmt: skip
    t.columns[0].min_width = key_width
    t.columns[0].overflow = "fold"
    for i, header in enumerate(order, start=1):  # numbers are never wrapped nor cut
        t.columns[i].no_wrap = True
        t.columns[i].min_width = max(len(c) for c in columns[header])
    for i, vendor in enumerate(names):
        t.add_row(vendor, *(columns[h][i] for h in order))
    a, b = names[0], names[1]
    p, se = comparison["pairwise"][a][b], comparison["pairwise_se"][a][b]
    lines = [f"P({a} > {b}) in the same iteration: {prob_to_error(p, se, n)}"]
    for d in comparison["dominance"]:
        order_ = "first" if d["first_order"] else "second"
        lines.append(f"{d['better']} dominates {d['worse']} ({order_}-order stochastic dominance)")
    note = flip_note(comparison, lang)
    if note:
        lines.append(note)
    dropped = [h for h in columns if h not in kept]
    if dropped:
        lines.append(text("cmpd_terminal_dropped", lang, names=", ".join(dropped), file=RESULT))
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t


def figures(comparison: Any, *, lang: str = "en") -> dict[str, Any]:
    """compare_cdf.png, compare_risk_return.png and compare_difference.png (and
    convergence.png when the comparison went to a precision), titled with the scenario.

    ``comparison`` is a :class:`simroi.analysis.compare.Comparison`; the difference chart is
    of the two vendors with the highest mean.
    """
    from simroi.report import plots

    data = comparison.data
    metric, currency, name = data["metric"], data["currency"], data["scenario"]
    first, second = comparison.ranking[:2]
    return {
        Chart.compare_cdf: plots.compare_cdf(
            comparison.values, metric=metric, currency=currency, lang=lang,
            title=f"{text('cmp_cdf', lang)}\n{name}",
        ),
        Chart.compare_risk_return: plots.compare_risk_return(
            comparison.risk_return_points(), metric=metric, currency=currency, lang=lang,
            title=f"{text('cmp_risk_return', lang)}\n{name}",
        ),
        Chart.compare_difference: plots.paired_difference(
            comparison.difference(first, second), a=first, b=second, metric=metric,
            currency=currency, lang=lang,
            title=f"{text('png_difference', lang, a=first, b=second)}\n{name}",
        ),
    } | convergence(data, lang=lang)  # fmt: skip


def _prob_below_zero(summary: dict, metric: str) -> float:
    """P(metric < 0) from a vendor's summary: ROI's sign is its own, NPV's and the
    discounted ROI's (NPV over the PV of costs) are NPV's."""
    key = "prob_roi_positive" if metric == "roi" else "prob_npv_positive"
    return 1.0 - summary[key]


def page_figures(folder: Any, lang: str) -> dict[str, Any]:
    """The report's charts of a compare folder, from compare.json alone (the folder holds
    no samples): the CDFs and the leading pair's difference from the stored quantiles
    (a folder written before them gets neither), every probability and percentile
    written on them from the file."""
    from simroi.report import plots
    from simroi.report.plots.compare import compare_overview, from_quantiles

    data = folder.result
    metric, currency, n = data["metric"], data["currency"], data["iterations"]
    order = [v for _, v in compare_page.ranked(data)]
    points = [
        {"name": v["name"], "mean": v["summary"]["metrics"][metric]["mean"],
         "p10": v["summary"]["metrics"][metric]["p10"],
         "prob_loss": _prob_below_zero(v["summary"], metric)}
        for v in order
    ]  # fmt: skip
    out = {
        Chart.compare_risk_return: plots.compare_risk_return(
            points, metric=metric, currency=currency, lang=lang, title=text("cmp_risk_return", lang)
        )
    }
    q = data.get("quantiles")
    if not q:
        return out | convergence(data, lang=lang)
    levels = q["levels"]
    cdf = {v["name"]: from_quantiles(levels, q["vendors"][v["name"]]) for v in order
           if q["vendors"].get(v["name"])}  # fmt: skip
    positive = {v["name"]: 1.0 - _prob_below_zero(v["summary"], metric) for v in order}

    out[Chart.compare_cdf] = plots.compare_cdf(
        cdf, metric=metric, currency=currency, lang=lang, positive=positive, iterations=n,
        title=text("cmp_cdf", lang),
    )  # fmt: skip
    out[compare_page.OVERVIEW] = compare_overview(
        cdf, points, metric=metric, currency=currency, lang=lang, positive=positive, iterations=n
    )
    d = q["difference"]
    if d.get("values"):
        a, b = d["a"], d["b"]
        stats = data["differences"][a][b]
        out[Chart.compare_difference] = plots.paired_difference(
            from_quantiles(levels, d["values"]), a=a, b=b, metric=metric, currency=currency,
            lang=lang, title=text("png_difference", lang, a=a, b=b),
            p_better=data["pairwise"][a][b], iterations=n,
            marks={"P10": stats["p10"], "P50": stats["p50"], "P90": stats["p90"]},
        )  # fmt: skip
    return out | convergence(data, lang=lang)


def sections(folder: Any, lang: str) -> list:
    """The compare report: page one is the comparison (:mod:`.compare_page`)."""
    return compare_page.sections(folder.result, folder.manifest, lang)


def headline(folder: Any, lang: str) -> str:
    """One sentence a buyer can repeat: the best offer, how sure, and whether it holds
    on another metric."""
    return compare_page.headline(folder.result, lang)
