"""The charts of the HTML/PDF report, drawn from a run folder and returned as inline SVG."""

from __future__ import annotations

import numpy as np

from simroi.report.charts import risk_events
from simroi.report.document import Document
from simroi.report.i18n import text
from simroi.runs.readback import RunFolder
from simroi.simulation.results import prob_payback_within

__all__ = ["report_charts"]


def report_charts(folder: RunFolder, doc: Document) -> dict[str, str]:
    """name -> ``<svg>`` of each chart the folder's data allows (missing ones are left out)."""
    from simroi.report import plots
    from simroi.report.plots.svg import report_axes, to_svg

    lang, s, out = doc.lang, doc.summary, {}
    scenario = (folder.manifest or {}).get("scenario") or {}
    risks = [f"risks.{r.get('name')}" for r in scenario.get("risks") or [] if isinstance(r, dict)]
    cols = folder.columns("roi", "payback_month", *risks) if folder.summary is not None else {}
    if s is not None:
        horizon, q = int(s["horizon_months"]), s["metrics"]["roi"]
        if "roi" in cols:
            out["roi_histogram"] = to_svg(
                plots.roi_histogram(
                    cols["roi"],
                    p10=q["p10"],
                    p50=q["p50"],
                    p90=q["p90"],
                    title=text("chart_roi_hist", lang),
                    lang=lang,
                    ax=report_axes(),
                    events=risk_events(cols, lang, (scenario.get("scenario") or {}).get("labels")),
                ),
                "roi_histogram",
            )
        if "payback_month" in cols:
            months = np.arange(1, horizon + 1)
            within = prob_payback_within(cols["payback_month"].astype(float), horizon)
        else:  # a compare folder: the summary's reported months only
            reported = s["payback"]["prob_within_months"]
            months = np.array([int(m) for m in reported])
            within = np.array([reported[m] for m in reported])
        out["payback"] = to_svg(
            plots.payback_curve(
                months,
                within,
                horizon=horizon,
                title=text("chart_payback", lang),
                n=int(s["iterations"]),
                lang=lang,
                ax=report_axes(),
            ),
            "payback",
        )
        out["breakdown"] = to_svg(
            plots.breakdown(
                s["benefit_breakdown_mean"],
                s["metrics"]["total_cost"]["mean"],
                currency=s["currency"],
                title=text("chart_breakdown", lang),
                lang=lang,
                ax=report_axes(),
            ),
            "breakdown",
        )
        out.update(_cash_charts(s, lang))
    sens = folder.sensitivity
    if sens is not None and sens.get("tornado"):
        metric = sens["metric"]
        out["tornado"] = to_svg(
            plots.tornado(
                sens["tornado"],
                base=sens["base"],
                metric=metric,
                currency=None if metric == "payback_month" else sens["currency"],
                title=text("sensitivity", lang),
                lang=lang,
                input_currency=sens["currency"],
            ),
            "tornado",
        )
    return out


def _cash_charts(s: dict, lang: str) -> dict[str, str]:
    """The cash-flow fan and the cost breakdown, when the summary has them (newer runs)."""
    from simroi.report import plots
    from simroi.report.plots.svg import report_axes, to_svg

    out, fan, costs = {}, s.get("cash_flow"), s.get("cost_breakdown_mean")
    if fan:
        out["cash_fan"] = to_svg(
            plots.cash_flow_fan(
                fan["months"],
                fan["p10"],
                fan["p50"],
                fan["p90"],
                currency=s["currency"],
                title=text("chart_cash_fan", lang),
                iterations_used=fan.get("iterations_used"),
                iterations=s.get("iterations"),
                lang=lang,
                ax=report_axes(),
            ),
            "cash_fan",
        )
    if costs:
        out["cost_breakdown"] = to_svg(
            plots.cost_breakdown(
                costs,
                currency=s["currency"],
                title=text("chart_costs", lang),
                lang=lang,
                ax=report_axes(),
            ),
            "cost_breakdown",
        )
    return out
