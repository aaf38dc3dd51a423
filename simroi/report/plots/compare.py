"""Charts of ``simroi compare``: vendors' CDFs, return against downside, paired difference."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._distribution import (
    _cdf_axes,
    _cdf_view,
    _ecdf,
    _histogram,
    _mark_percentiles,
    _shade_below_zero,
)
from simroi.report.plots._labels import _label_point, _spread_labels
from simroi.report.plots._style import (
    BLUE,
    _cjk_text,
    GREY,
    ORANGE,
    RED,
    _axes,
    _finish,
    _legend_below,
    _name,
    _no_data,
    literal,
)
from simroi.report.plots._values import BREAKEVEN_METRICS, _finite, _is_number, _metric_axis, _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_prob

MARKER_SIZE = 70  # points², of a vendor's point on the risk-return chart
OVERVIEW_SIZE = (10.0, 4.4)  # inches: the CDFs and the risk-return chart side by side
QUANTILE_DRAWS = 4000  # evenly spaced draws that stand for a distribution given by quantiles


def from_quantiles(levels: Sequence[float], quantiles: Sequence[float]) -> np.ndarray:
    """Evenly spaced draws of the distribution whose quantiles at ``levels`` are given
    (linear between them): what the charts draw when a folder holds quantiles, not samples."""
    u = (np.arange(QUANTILE_DRAWS) + 0.5) / QUANTILE_DRAWS
    return np.interp(u, np.asarray(levels, dtype=float), np.asarray(quantiles, dtype=float))


@literal
def compare_cdf(
    values: Mapping[str, np.ndarray],
    *,
    metric: str,
    currency: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    positive: Mapping[str, float] | None = None,
    iterations: int | None = None,
) -> Figure:
    """Overlaid empirical CDFs of one metric, one per vendor; further right is better.

    Parameters
    ----------
    values : mapping of str to array_like, shape (n,)
        The metric of each iteration for each vendor; NaN is dropped.
    positive, iterations : optional
        P(metric > 0) per vendor and the iterations behind it, for the legend, when
        ``values`` stand for the distribution (:func:`from_quantiles`) rather than are it.
    """
    fig, ax = _axes(ax)
    unit, name = _metric_axis(metric, currency, lang)
    drawn = []
    for vendor, raw in values.items():
        data = _finite(raw)
        if not data.size:
            continue
        drawn.append(data)
        x, y = _ecdf(data)
        label = _name(vendor)
        if metric in BREAKEVEN_METRICS:
            p, n = (
                (positive[vendor], iterations)
                if positive is not None
                else (float(np.mean(data > 0)), data.size)
            )
            label += f"  (P({name} > 0) {compact_prob(p, n)})"
        ax.step(x, y, where="post", linewidth=2, label=label)
    if drawn:
        _cdf_view(ax, drawn, unit, zero=metric in BREAKEVEN_METRICS)
        if metric in BREAKEVEN_METRICS:
            _shade_below_zero(ax, text("loss", lang))
    else:
        _no_data(ax)
    _cdf_axes(ax)
    _legend_below(ax)  # under the axes: never over the region where the curves cross
    return _finish(
        fig,
        ax,
        title or text("cmp_cdf", lang),
        unit.label(name),
        text("axis_prob_metric_le", lang, name=name),
        grid="both",
    )


@literal
def compare_risk_return(
    points: Sequence[Mapping[str, object]],
    *,
    metric: str,
    currency: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Each vendor as a point: mean of the metric (y) against its P10 (x); up and right is better.

    Parameters
    ----------
    points : sequence of mappings
        ``{"name", "mean", "p10", "prob_loss"}`` per vendor; ``prob_loss`` is
        written beside the point when present.
    """
    fig, ax = _axes(ax)
    unit, name = _metric_axis(metric, currency, lang)
    drawn = [p for p in points if _is_number(p.get("mean")) and _is_number(p.get("p10"))]
    labels = []
    for point in drawn:
        x, y = point["p10"], point["mean"]
        ax.scatter([x], [y], s=MARKER_SIZE, zorder=3)
        label = _name(point["name"])
        if _is_number(point.get("prob_loss")):
            # the loss of this chart's metric, named: P(NPV < 0), never a bare "P(loss)"
            label += f"\nP({name} < 0) {compact_prob(float(point['prob_loss']))}"
        labels.append(_label_point(ax, label, (x, y)))
    if drawn:
        ax.margins(0.25)
        ax.xaxis.set_major_formatter(_Ticks(unit.kind, lang))
        ax.yaxis.set_major_formatter(_Ticks(unit.kind, lang))
        better = ax.text(
            0.98,
            0.02,
            text("better_up_right", lang),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color=GREY,
        )
    else:
        _no_data(ax, "vendor points")
    _finish(
        fig,
        ax,
        title or text("cmp_risk_return", lang),
        unit.label(text("axis_downside_p10", lang, name=name)),
        unit.label(text("metric_mean", lang, metric=name)),
        grid="both",
    )
    if drawn:  # last: labels are placed on the chart as it will be drawn
        _spread_labels(ax, labels, marker_size=MARKER_SIZE, avoid=[better])
    return fig


@literal
def paired_difference(
    diff: np.ndarray,
    *,
    a: str,
    b: str,
    metric: str,
    currency: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
    p_better: float | None = None,
    marks: Mapping[str, float] | None = None,
    iterations: int | None = None,
) -> Figure:
    """Histogram of metric(a) − metric(b) over paired iterations, with 0 and P10/P50/P90 marked.

    Parameters
    ----------
    diff : array_like, shape (n,)
        The difference in each iteration (same random numbers for both); NaN is dropped.
    a, b : str
        Vendor names; bars where ``a`` does better are blue, where ``b`` does, orange.
    title : str, optional
        Defaults to the metric, the two names and P(a > b).
    p_better, marks, iterations : optional
        P(a > b), the P10/P50/P90 of the difference and the paired iterations, when
        ``diff`` stands for the distribution (:func:`from_quantiles`) rather than is it.
    """
    fig, ax = _axes(ax)
    a, b = _name(a), _name(b)
    data = _finite(diff)
    unit, name = _metric_axis(metric, currency, lang)
    n = data.size if iterations is None else iterations
    if p_better is None:
        p_better = float(np.mean(data > 0)) if data.size else None
    p_better = compact_prob(p_better, n)
    if data.size:
        _histogram(ax, data, unit, below=ORANGE, above=BLUE)
        lo, hi = ax.get_xlim()
        if lo < 0 < hi:
            ax.axvline(0, color=RED, linewidth=1.4, label=text("no_difference", lang))
        if marks is None:
            p10, p50, p90 = np.percentile(data, [10, 50, 90])
            marks = {"P10": p10, "P50": p50, "P90": p90}
        _mark_percentiles(ax, dict(marks), unit)
        ax.plot([], [], " ", label=f"P({a} > {b}) {p_better}")
        _legend_below(ax)
    else:
        _no_data(ax, "differences")
    title = title or text("diff_title", lang, name=name, a=a, b=b, p=p_better)
    return _finish(
        fig,
        ax,
        title,
        unit.label(text("axis_diff", lang, name=name, a=a, b=b)),
        text("axis_share_paired", lang, n=f"{n:,}"),
    )


@literal
def compare_overview(
    values: Mapping[str, np.ndarray],
    points: Sequence[Mapping[str, object]],
    *,
    metric: str,
    currency: str | None = None,
    lang: str = "en",
    positive: Mapping[str, float] | None = None,
    iterations: int | None = None,
) -> Figure:
    """:func:`compare_cdf` and :func:`compare_risk_return` side by side, the CDFs' legend
    under both: a report's page one holds the two charts at one chart's height."""
    fig = Figure(figsize=OVERVIEW_SIZE, dpi=150, layout="constrained")
    left, right = fig.subplots(1, 2)
    compare_cdf(values, metric=metric, currency=currency, lang=lang, positive=positive,
                iterations=iterations, title=text("cmp_cdf", lang), ax=left)  # fmt: skip
    compare_risk_return(points, metric=metric, currency=currency, lang=lang, ax=right,
                        title=text("cmp_risk_return", lang))  # fmt: skip
    legend = left.get_legend()
    if legend is not None:
        handles, labels = left.get_legend_handles_labels()
        legend.remove()
        fig.legend(handles, labels, loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    for ax in (left, right):
        ax.title.set_wrap(False)
        ax.title.set_fontsize(10.5)
    for note in list(left.texts):  # the note under the CDFs (values past the axis) would sit
        if getattr(note, "xy", None) == (1.0, 0.0):  # on the shared legend: the table has them
            note.remove()
    _cjk_text(fig)
    return fig
