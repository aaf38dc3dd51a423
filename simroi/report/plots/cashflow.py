"""Where the money goes over time: the cumulative cash-flow fan and the mean cost by kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simroi.report.plots._labels import _fit_labels, _label_bar_end
from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    RED,
    _axes,
    _finish,
    _no_data,
    _note,
    literal,
)
from simroi.report.plots._values import _is_number, _Ticks, _Unit
from simroi.report.text.i18n import text

__all__ = ["COST_KINDS", "cash_flow_fan", "cost_breakdown"]

#: The parts of total cost, in the order drawn (``cost_breakdown_mean`` of summary.json).
COST_KINDS = ("one_time", "recurring", "learning", "risk")


@literal
def cash_flow_fan(
    months: Sequence[float],
    p10: Sequence[float],
    p50: Sequence[float],
    p90: Sequence[float],
    *,
    currency: str,
    title: str | None = None,
    iterations_used: int | None = None,
    iterations: int | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """The cumulative net cash by month: P10–P90 band, P50 line, zero line, median's break-even.

    Parameters
    ----------
    months, p10, p50, p90 : array_like, shape (H + 1,)
        ``cash_flow`` of summary.json: month 0 (minus the one-time costs) to H.
    currency : str
        For the axis label.
    iterations_used, iterations : int, optional
        How many iterations the fan is drawn from, of how many: said in the note
        when it is fewer than all.

    The first month in which the P50 line is at or above zero is marked; the note
    under the axes says which month it is (or that the line stays below zero).
    """
    fig, ax = _axes(ax)
    title = text("chart_cash_fan", lang) if title is None else title
    m = np.asarray(months, dtype=float)
    lo, mid, hi = (np.asarray(v, dtype=float) for v in (p10, p50, p90))
    keep = np.isfinite(m) & np.isfinite(lo) & np.isfinite(mid) & np.isfinite(hi)
    m, lo, mid, hi = m[keep], lo[keep], mid[keep], hi[keep]
    unit = _Unit("money", currency, lang)
    if m.size:
        ax.fill_between(
            m, lo, hi, color=BLUE, alpha=0.18, linewidth=0, label=text("fan_band", lang)
        )
        ax.plot(m, mid, color=BLUE, linewidth=2, label=text("p50", lang))
        ax.axhline(0, color=GREY, linewidth=1)
        ax.set_xlim(float(m[0]), max(float(m[-1]), float(m[0]) + 1.0))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, steps=[1, 2, 3, 6, 10]))
        ax.yaxis.set_major_formatter(_Ticks("money", lang))
        span = float(np.max(hi) - np.min(lo)) or max(abs(float(np.min(lo))), 1.0)
        ax.set_ylim(
            min(0.0, float(np.min(lo))) - 0.05 * span, max(0.0, float(np.max(hi))) + 0.1 * span
        )
        even = np.flatnonzero(mid >= 0)
        if even.size:
            month = int(m[even[0]])
            ax.axvline(month, color=INK, linestyle=":", linewidth=1)
            ax.plot([month], [mid[even[0]]], "o", color=RED, zorder=3)
            lines = [text("fan_breakeven", lang, m=month)]
        else:
            lines = [text("fan_no_breakeven", lang, m=int(m[-1]))]
        if iterations_used is not None and iterations is not None and iterations_used < iterations:
            lines.append(text("fan_rows", lang, used=f"{iterations_used:,}", n=f"{iterations:,}"))
        _note(ax, " · ".join(lines), color=INK, fontsize=9)
        # the band starts below zero: its top left is empty room for the legend
        ax.legend(loc="upper left", fontsize=8, frameon=False)
    else:
        _no_data(ax, "cash flows")
    return _finish(
        fig, ax, title, text("axis_months", lang), unit.label(text("axis_cash", lang)), grid="both"
    )


@literal
def cost_breakdown(
    cost_means: Mapping[str, float],
    *,
    currency: str,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """Horizontal bars of the mean of each kind of cost and of their total (``total_cost``).

    ``cost_means`` is ``cost_breakdown_mean`` of summary.json (one-time, recurring,
    learning, risk overruns: they add up to the total cost); a kind with a zero mean
    (a rounding error of the total's size at most) is named in a note instead of drawn.
    """
    fig, ax = _axes(ax)
    title = text("chart_costs", lang) if title is None else title
    unit = _Unit("money", currency, lang)
    values = {k: float(v) for k, v in cost_means.items() if _is_number(v)}
    total = sum(values.values())
    tiny = 1e-9 * max(abs(total), 1.0)
    kinds = [k for k in COST_KINDS if k in values] + [k for k in values if k not in COST_KINDS]
    drawn = [k for k in kinds if abs(values[k]) > tiny]
    zero = [k for k in kinds if k not in drawn]
    labels = [text("total_cost", lang), *(_kind_label(k, lang) for k in drawn)]
    bars = [total, *(values[k] for k in drawn)]
    y = np.arange(len(labels), dtype=float)[::-1]
    y[1:] -= 0.5  # a gap between the total and its parts
    ends = []
    for i, (yi, value) in enumerate(zip(y, bars, strict=True)):
        ax.barh(yi, value, height=0.65, color=RED, alpha=1.0 if i == 0 else 0.55)
        ends.append(_label_bar_end(ax, unit.text(value), value, yi, right=value >= 0, fontsize=9))
    ax.set_yticks(y, labels)
    ax.axvline(0, color=GREY, linewidth=1)
    lo, hi = min([0.0, *bars]), max([0.0, *bars])
    if hi > lo:  # room for the value labels beyond the longest bars
        # a narrower figure (half a page) leaves the value labels less room
        margin = 0.2 * (hi - lo) * max(1.0, 8.0 / fig.get_figwidth())
        ax.set_xlim(lo - margin * (lo < 0), hi + margin * (hi > 0))
    ax.xaxis.set_major_formatter(_Ticks("money", lang))
    if zero:
        _note(ax, text("no_cost", lang, names=", ".join(_kind_label(k, lang) for k in zero)))
    _finish(fig, ax, title, unit.label(text("axis_mean", lang)), text("axis_costs", lang), grid="x")
    _fit_labels(ax, ends)
    return fig


def _kind_label(kind: str, lang: str) -> str:
    key = f"cost_{kind}"
    return text(key, lang) if kind in COST_KINDS else kind.replace("_", " ").capitalize()
