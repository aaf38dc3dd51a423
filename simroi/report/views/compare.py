"""simroi compare: vendors ranked in a table, and the charts of a compare folder."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import prob_to_error, to_error
from simroi.report.views.run import convergence
from simroi.runs.layout import Chart
from simroi.simulation.metrics import UNITS

__all__ = ["figures", "table"]


def table(comparison: dict) -> Table:
    """Vendors ranked by mean metric: mean, P10/P50/P90, P(ROI > 0), P(best), expected regret.

    ``comparison`` is the ``compare.json`` content (:func:`simroi.compare`); numbers
    are rounded to their Monte Carlo standard errors (probabilities too, without
    the "±" to keep the table narrow). The caption names the dominance relations
    found and P(first > second) of the two leading vendors.
    """
    metric, n, cur = comparison["metric"], comparison["iterations"], comparison["currency"]
    label = {"npv": f"NPV ({cur})", "roi": "ROI", "discounted_roi": "discounted ROI"}[metric]
    unit = UNITS[metric]

    def prob(p: float, se: float) -> str:  # no "±": it would make the table too wide
        return prob_to_error(p, se, n, plus_minus=False)

    t = make_table(
        f"{comparison['scenario']} — vendors ranked by mean {label}, {n:,} paired iterations "
        f"({comparison['sampler']}, seed {comparison['seed']})",
        "vendor",
        "mean",
        "P10",
        "P50",
        "P90",
        "P(ROI>0)",
        "P(best)",
        "exp. regret",
    )
    ranked = sorted(comparison["vendors"], key=lambda v: v["rank"])
    rows = []
    for v in ranked:
        s, m = v["summary"], v["summary"]["metrics"][metric]
        rows.append(
            [
                v["name"],
                *(to_error(m[k], m["se_mean"], unit) for k in ("mean", "p10", "p50", "p90")),
                prob(s["prob_roi_positive"], s["prob_roi_positive_se"]),
                prob(v["prob_best"], v["prob_best_se"]),
                to_error(v["expected_regret"], v["expected_regret_se"], unit),
            ]
        )
    for i, column in enumerate(t.columns[1:], start=1):  # on a narrow terminal, wrap names
        column.min_width = max(len(row[i]) for row in rows)  # rather than cut numbers
    for row in rows:
        t.add_row(*row)
    a, b = ranked[0]["name"], ranked[1]["name"]
    p, se = comparison["pairwise"][a][b], comparison["pairwise_se"][a][b]
    lines = [f"P({a} > {b}) in the same iteration: {prob_to_error(p, se, n)}"]
    for d in comparison["dominance"]:
        order = "first" if d["first_order"] else "second"
        lines.append(f"{d['better']} dominates {d['worse']} ({order}-order stochastic dominance)")
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t


def figures(comparison: Any, *, lang: str = "en") -> dict[str, Any]:
    """compare_cdf.png, compare_risk_return.png and compare_difference.png (and
    convergence.png when the comparison went to a precision).

    ``comparison`` is a :class:`simroi.analysis.compare.Comparison`; the difference chart is
    of the two vendors with the highest mean.
    """
    from simroi.report import plots

    data = comparison.data
    metric, currency = data["metric"], data["currency"]
    first, second = comparison.ranking[:2]
    return {
        Chart.compare_cdf: plots.compare_cdf(
            comparison.values, metric=metric, currency=currency, lang=lang
        ),
        Chart.compare_risk_return: plots.compare_risk_return(
            comparison.risk_return_points(), metric=metric, currency=currency, lang=lang
        ),
        Chart.compare_difference: plots.paired_difference(
            comparison.difference(first, second),
            a=first,
            b=second,
            metric=metric,
            currency=currency,
            title=text("png_difference", lang, a=first, b=second),
            lang=lang,
        ),
    } | convergence(data, lang=lang)
