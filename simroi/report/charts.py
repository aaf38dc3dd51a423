"""The charts of each command, drawn from the data given and saved into a run folder.

matplotlib is imported only when a chart is drawn (here, through :mod:`simroi.report.plots`),
so commands run with ``--no-plots`` never load it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simroi.report.figures import save_figure
from simroi.report.i18n import input_label, metric_name, text
from simroi.runs.layout import Chart
from simroi.simulation.results import prob_payback_within

__all__ = [
    "risk_events",
    "write_compare_plots",
    "write_run_plots",
    "write_sensitivity_plots",
    "write_sweep_plots",
]


# --------------------------------------------------------------------------- run charts


def write_run_plots(
    out_dir: str | os.PathLike[str],
    *,
    samples: pd.DataFrame,
    summary: Mapping[str, Any],
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
) -> list[Path]:
    """Draw and save the charts of ``simroi run`` (cash_flow.png when the summary has the fan).

    Parameters
    ----------
    samples : DataFrame
        Needs ``roi`` and ``payback_month`` (NaN: no payback within the horizon); risk
        event columns (``risks.<name>``, 1 when the event occurred) are optional: an
        event that makes a hump of its own in the ROI histogram is named there.
    summary : mapping
        ``summary.json`` content: ``metrics.roi.p10/p50/p90``, ``prob_roi_positive``,
        ``horizon_months``, ``currency``, ``scenario``, ``benefit_breakdown_mean``,
        ``metrics.total_cost.mean``.
    lang : ``"en"`` or ``"zh"``
        Language of the charts' text (:func:`simroi.report.i18n.resolve_language`).
    labels : mapping, optional
        ``scenario.labels`` (input path -> label): the names of the risk events.
    """
    from simroi.report import plots  # matplotlib is imported only when charts are drawn

    name, horizon = summary["scenario"], int(summary["horizon_months"])
    roi = samples["roi"].to_numpy(dtype=float)
    q = summary["metrics"]["roi"]
    payback = samples["payback_month"].to_numpy(dtype=float)
    figures = {
        Chart.roi_histogram: plots.roi_histogram(
            roi,
            p10=q["p10"],
            p50=q["p50"],
            p90=q["p90"],
            title=f"{text('png_roi_hist', lang)}\n{name}",
            lang=lang,
            events=risk_events(samples, lang, labels),
        ),
        Chart.roi_cdf: plots.roi_cdf(
            roi,
            prob_positive=summary["prob_roi_positive"],
            title=f"{text('chart_roi_cdf', lang)}\n{name}",
            lang=lang,
        ),
        Chart.payback: plots.payback_curve(
            np.arange(1, horizon + 1),
            prob_payback_within(payback, horizon),
            horizon=horizon,
            title=f"{text('chart_payback', lang)}\n{name}",
            n=int(summary["iterations"]),  # 0 and 1 are written as 1/N bounds, never certainty
            lang=lang,
        ),
        Chart.breakdown: plots.breakdown(
            summary["benefit_breakdown_mean"],
            summary["metrics"]["total_cost"]["mean"],
            currency=summary["currency"],
            title=f"{text('chart_breakdown', lang)}\n{name}",
            lang=lang,
        ),
    }
    fan = summary.get("cash_flow")
    if fan:  # P10/P50/P90 of the cumulative cash by month, from summary.json
        figures[Chart.cash_flow] = plots.cash_flow_fan(
            fan["months"],
            fan["p10"],
            fan["p50"],
            fan["p90"],
            currency=summary["currency"],
            title=f"{text('chart_cash_fan', lang)}\n{name}",
            iterations_used=fan.get("iterations_used"),
            iterations=int(summary["iterations"]),
            lang=lang,
        )
    return _save_all(out_dir, figures)


def risk_events(
    samples: pd.DataFrame | Mapping[str, np.ndarray],
    lang: str = "en",
    labels: Mapping[str, str] | None = None,
) -> dict[str, np.ndarray]:
    """Label -> occurred (bool per iteration) of the risk events among ``samples``' columns.

    A risk event's column is ``risks.<name>`` holding 0 and 1 only; its label is the
    scenario's (``labels``) or "Risk event: <name>" (:func:`~simroi.report.i18n.input_label`).
    """
    out = {}
    for path in samples:
        if not (str(path).startswith("risks.") and str(path).count(".") == 1):
            continue
        values = np.asarray(samples[path], dtype=float)
        if np.all((values == 0) | (values == 1)):
            out[input_label(str(path), lang, labels)] = values == 1
    return out


def write_sensitivity_plots(
    out_dir: str | os.PathLike[str], result: Mapping[str, Any], *, lang: str = "en"
) -> list[Path]:
    """Save tornado.png and spider.png (when the tornado ran) and sobol.png (when Sobol ran).

    ``result`` is the content of sensitivity.json
    (:func:`simroi.analysis.sensitivity.analyze_scenario`).
    """
    from simroi.analysis.sensitivity import sobol_frame, spider_frame
    from simroi.report import plots

    metric, name = result["metric"], result["scenario"]
    currency = None if metric == "payback_month" else result["currency"]
    label = metric_name(metric, lang)
    figures = {}
    if result["tornado"] is not None:
        figures[Chart.tornado] = plots.tornado(
            result["tornado"],
            base=result["base"],
            metric=metric,
            currency=currency,
            title=f"{text('png_tornado', lang, metric=label)}\n{name}",
            lang=lang,
            input_currency=result["currency"],
        )
        figures[Chart.spider] = plots.spider(
            spider_frame(result),
            base=result["base"],
            metric=metric,
            currency=currency,
            title=f"{text('png_spider', lang, metric=label)}\n{name}",
            lang=lang,
        )
    if result["sobol"] is not None:
        figures[Chart.sobol] = plots.sobol(
            sobol_frame(result), title=f"{text('png_sobol', lang, metric=label)}\n{name}", lang=lang
        )
    return _save_all(out_dir, figures)


def write_compare_plots(
    out_dir: str | os.PathLike[str], comparison: Any, *, lang: str = "en"
) -> list[Path]:
    """Save compare_cdf.png, compare_risk_return.png and compare_difference.png.

    ``comparison`` is a :class:`simroi.analysis.compare.Comparison`; the difference chart is
    of the two vendors with the highest mean.
    """
    from simroi.report import plots

    data = comparison.data
    metric, currency = data["metric"], data["currency"]
    first, second = comparison.ranking[:2]
    figures = {
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
    }
    return _save_all(out_dir, figures)


def _save_all(out_dir: str | os.PathLike[str], figures: Mapping[str, Any]) -> list[Path]:
    from simroi.report.plots.fonts import quiet_glyphs

    with quiet_glyphs():  # a missing CJK font was reported once already; no per-glyph noise
        return [save_figure(fig, Path(out_dir) / filename) for filename, fig in figures.items()]


def write_sweep_plots(out_dir: str | os.PathLike[str], data: Mapping[str, Any]) -> list[Path]:
    """Save the sweep charts: ``sweep_line.png`` when one input is varied over two or more
    values, ``sweep_heatmap.png`` when two are varied as a full grid; none otherwise.

    ``data`` is the ``sweep.json`` content.
    """
    varied, variants = list(data["varied"]), data["variants"]
    if not variants or len(varied) not in (1, 2):
        return []
    values = [[v["overrides"][p] for v in variants] for p in varied]
    axes = [_unique(vals) for vals in values]
    if len(varied) == 1 and len(axes[0]) == len(variants) >= 2:
        return _save_all(out_dir, {Chart.sweep_line: _line(data, varied[0], axes[0])})
    if (
        len(varied) == 2
        and len(axes[0]) * len(axes[1]) == len(variants)
        and min(map(len, axes)) >= 2
    ):
        return _save_all(out_dir, {Chart.sweep_heatmap: _heatmap(data, varied, axes, values)})
    return []


def _unique(values: list) -> list:
    out: list = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _line(data: Mapping[str, Any], path: str, xs: list) -> Any:
    from simroi.report.plots.sweep import sweep_line

    s = [v["summary"] for v in data["variants"]]
    return sweep_line(
        xs,
        [x["prob_roi_positive"] for x in s],
        [x["prob_roi_positive_se"] for x in s],
        npv=tuple([x["metrics"]["npv"][q] for x in s] for q in ("p10", "p50", "p90")),
        n=s[0]["iterations"],
        path=path,
        currency=data["currency"],
        title=f"P(ROI > 0) against {path}\n{data['scenario']}",
    )


def _heatmap(data: Mapping[str, Any], varied: list, axes: list, values: list) -> Any:
    from simroi.report.plots.sweep import sweep_heatmap

    # The first --vary path goes across, the second up.
    prob = np.full((len(axes[1]), len(axes[0])), np.nan)
    for k, v in enumerate(data["variants"]):
        prob[axes[1].index(values[1][k]), axes[0].index(values[0][k])] = v["summary"][
            "prob_roi_positive"
        ]
    return sweep_heatmap(
        axes[0],
        axes[1],
        prob,
        n=data["variants"][0]["summary"]["iterations"],
        x_path=varied[0],
        y_path=varied[1],
        title=f"P(ROI > 0) by {varied[0]} and {varied[1]}\n{data['scenario']}",
    )
