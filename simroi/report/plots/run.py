"""Charts of one simulation run (``simroi run``): ROI histogram and S-curve, payback, breakdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simroi.report.plots._distribution import (
    _cdf_axes,
    _cdf_view,
    _ecdf,
    _histogram,
    _mark_percentiles,
    _shade_below_zero,
)
from simroi.report.plots._events import _fit_event_labels, _mark_event_humps
from simroi.report.plots._labels import _fit_labels, _label_bar_end
from simroi.report.plots._style import (
    BLUE,
    GREEN,
    GREY,
    INK,
    RED,
    _axes,
    _finish,
    _legend_below,
    _no_data,
    _note,
    _wrap_label,
    literal,
)
from simroi.report.plots._values import _finite, _is_number, _Ticks, _Unit
from simroi.report.text.i18n import count_text, text
from simroi.report.text.labels import stream_label
from simroi.report.text.numbers import compact_prob

# Kept for callers that named the streams themselves; the labels live in simroi.report.text.i18n.
STREAM_LABELS = {
    k: stream_label(k)
    for k in ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
}


@literal
def roi_histogram(
    roi: np.ndarray,
    *,
    p10: float | None,
    p50: float | None,
    p90: float | None,
    title: str = "Return on investment (ROI): distribution",
    ax: Axes | None = None,
    lang: str = "en",
    events: Mapping[str, np.ndarray] | None = None,
    se: float | None = None,
) -> Figure:
    """Histogram of ROI in % with P10/P50/P90 marked and the loss region (ROI < 0) shaded.

    Parameters
    ----------
    roi : array_like, shape (n,)
        ROI of each iteration as a fraction (4.0 = 400 %); NaN is dropped.
    p10, p50, p90 : float or None
        The percentiles to mark (fractions), as in ``summary.json``.
    se : float, optional
        Their Monte Carlo error (``metrics.roi.se_mean``): the legend then writes them as
        the terminal and the pages do (``-8.0 %``, not ``-8.03 %``).
    events : mapping of str to array_like of bool, shape (n,), optional
        Risk events: label -> whether it occurred in each iteration (aligned with
        ``roi``). An event that makes a hump of its own is outlined and named there
        with its share of iterations and the mean ROI given it.
    """
    fig, ax = _axes(ax)
    roi = np.asarray(roi, dtype=float).ravel()
    keep = np.isfinite(roi)
    data, unit = roi[keep], _Unit("percent", lang=lang)
    humps = []
    if data.size:
        edges = _histogram(ax, data, unit, below=RED, above=BLUE)
        _shade_below_zero(ax, text("loss_region", lang))
        _mark_percentiles(ax, {"P10": p10, "P50": p50, "P90": p90}, unit, se=se)
        masks = {k: np.asarray(v, dtype=bool).ravel()[keep] for k, v in (events or {}).items()}
        humps = _mark_event_humps(ax, data, masks, edges, unit)
        _legend_below(ax)
    else:
        _no_data(ax, "ROI values")
    share = text("axis_share", lang, n=count_text(data.size, lang))
    _finish(fig, ax, title, text("axis_roi", lang), share)
    _fit_event_labels(ax, humps)
    return fig


@literal
def roi_cdf(
    roi: np.ndarray,
    *,
    prob_positive: float | None,
    title: str = "Return on investment (ROI): cumulative probability",
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Empirical cumulative curve (S-curve) of ROI in %, with ROI = 0 and P(ROI > 0) marked.

    Parameters
    ----------
    roi : array_like, shape (n,)
        ROI of each iteration as a fraction; NaN is dropped.
    prob_positive : float or None
        P(ROI > 0), as in ``summary.json`` (``prob_roi_positive``).
    """
    fig, ax = _axes(ax)
    data = _finite(roi)
    if data.size:
        x, y = _ecdf(data)
        ax.step(x, y, where="post", color=BLUE, linewidth=2)
        _cdf_view(ax, [data], _Unit("percent", lang=lang), zero=True)
        _shade_below_zero(ax, text("loss_region", lang))
        if _is_number(prob_positive):
            ax.plot([0.0], [1.0 - prob_positive], "o", color=RED, zorder=3)
    else:
        _no_data(ax, "ROI values")
    ax.text(  # lower right lies under every CDF, so the box never hides the curve
        0.98,
        0.05,
        text("prob_roi_gt0", lang, p=compact_prob(prob_positive, data.size)),
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=11,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"},
    )
    _cdf_axes(ax)
    return _finish(fig, ax, title, text("axis_roi", lang), text("axis_prob_le", lang), grid="both")


@literal
def payback_curve(
    months: Sequence[int] | np.ndarray,
    prob_within: Sequence[float] | np.ndarray,
    *,
    horizon: int,
    title: str = "Time to payback",
    ax: Axes | None = None,
    n: int | None = None,
    lang: str = "en",
) -> Figure:
    """Step curve of P(payback ≤ month), with month 12 and the median payback month marked.

    Parameters
    ----------
    months : array_like of int, shape (m,)
        Months 1..H (increasing).
    prob_within : array_like of float, shape (m,)
        P(payback month ≤ months[i]); NaN entries are dropped.
    horizon : int
        Last month of the model; the x axis ends there.
    n : int, optional
        Iterations behind the probabilities: 0 and 1 are then written as bounds
        (``< 0.01 %``), never as certainty.

    The month-12 probability sits beside its marker inside the axes, below the
    curve when the curve is high (so it never reaches the title); the median
    and P(no payback) are written under the axes, where they hide no curve.
    """
    fig, ax = _axes(ax)
    m, p = np.asarray(months, dtype=float).ravel(), np.asarray(prob_within, dtype=float).ravel()
    keep = np.isfinite(m) & np.isfinite(p)
    m, p = m[keep], p[keep]
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_Ticks("percent"))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, steps=[1, 2, 3, 6, 10]))
    if m.size:
        x, y = np.r_[0.0, m], np.r_[0.0, p]
        ax.step(x, y, where="post", color=BLUE, linewidth=2)
        ax.fill_between(x, y, step="post", color=BLUE, alpha=0.12, linewidth=0)
        lines = []
        if horizon >= 12:
            p12 = float(y[np.searchsorted(x, 12, side="right") - 1])
            ax.axvline(12, color=INK, linestyle="--", linewidth=1.2)
            high = p12 > 0.8  # near the top: write it below the curve, inside the axes
            ax.annotate(
                text("prob_payback_12", lang, p=compact_prob(p12, n)),
                xy=(12, p12),
                xytext=(6, -8 if high else 6),
                textcoords="offset points",
                ha="left",
                va="top" if high else "bottom",
                fontsize=9,
                color=INK,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        reached = np.flatnonzero(p >= 0.5)
        if reached.size:
            month = int(m[reached[0]])
            ax.plot([month], [p[reached[0]]], "o", color=RED, zorder=3)
            lines.append(text("median_payback_month", lang, m=month))
        else:
            lines.append(text("median_payback_beyond", lang, m=horizon))
        lines.append(text("prob_no_payback", lang, m=horizon, p=compact_prob(1.0 - p[-1], n)))
        _note(ax, " · ".join(lines), color=INK, fontsize=9)
    else:
        _no_data(ax, "probabilities")
    return _finish(
        fig,
        ax,
        title,
        text("axis_months", lang),
        text("axis_prob_payback", lang),
        grid="both",
    )


@literal
def breakdown(
    stream_means: Mapping[str, float],
    total_cost_mean: float,
    *,
    currency: str,
    title: str = "Where the benefit comes from: mean over iterations",
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Horizontal bars of the mean benefit of each stream, their total, and the mean total cost.

    Parameters
    ----------
    stream_means : mapping of str to float
        Mean benefit by stream (``benefit_breakdown_mean`` of ``summary.json``);
        streams with a zero mean are listed in a note instead of drawn.
    total_cost_mean : float
        Mean total cost.
    currency : str
        Currency code for the axis label and the bar values.
    """
    fig, ax = _axes(ax)
    unit = _Unit("money", currency, lang)
    streams = {stream_label(k, lang): float(v) for k, v in stream_means.items() if _is_number(v)}
    drawn = sorted(((k, v) for k, v in streams.items() if v != 0), key=lambda kv: kv[1])
    labels = [text("total_cost", lang), text("total_benefit", lang), *(k for k, _ in drawn)]
    values = [float(total_cost_mean), sum(streams.values()), *(v for _, v in drawn)]
    colors = [RED, GREEN, *[GREEN if v >= 0 else RED for _, v in drawn]]
    alphas = [1.0, 1.0] + [0.55] * len(drawn)
    y = np.arange(len(labels), dtype=float)
    y[2:] += 0.5  # a gap between the streams and the two totals
    ends = []
    for yi, value, color, alpha in zip(y, values, colors, alphas, strict=True):
        ax.barh(yi, value, height=0.65, color=color, alpha=alpha)
        ends.append(_label_bar_end(ax, unit.text(value), value, yi, right=value >= 0, fontsize=9))
    ax.set_yticks(y, labels)
    ax.axvline(0, color=GREY, linewidth=1)
    finite = [v for v in values if np.isfinite(v)]
    lo, hi = min([0.0, *finite]), max([0.0, *finite])
    if hi > lo:  # room for the value labels beyond the longest bars
        # a narrower figure (half a page) leaves the value labels less room
        margin = 0.18 * (hi - lo) * max(1.0, 8.0 / fig.get_figwidth())
        ax.set_xlim(lo - margin * (lo < 0), hi + margin * (hi > 0))
    ax.xaxis.set_major_formatter(_Ticks("money", lang))
    zero = [k for k, v in streams.items() if v == 0]
    if zero:
        note = text("no_benefit", lang, names=("、" if lang == "zh" else ", ").join(zero))
        # no wider than the figure: a long list would squeeze the bars to a sliver
        _note(ax, _wrap_label(note, width=int(fig.get_figwidth() * 15), lines=3))
    _finish(
        fig, ax, title, unit.label(text("axis_mean", lang)), text("axis_streams", lang), grid="x"
    )
    _fit_labels(ax, ends)
    return fig
