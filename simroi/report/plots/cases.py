"""The chart of a batch of cases: how many cases have each chance of paying back."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simroi.report.plots._distribution import _mark_percentiles
from simroi.report.plots._style import BLUE, RED, SIZE, _finish, _legend_below, _note, literal
from simroi.report.plots._values import _Unit
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_prob

BINS = 20  # of 5 percentage points each


@literal
def cases_histogram(
    prob: Sequence[float], *, n: int, title: str = "Cases", note: str = "", lang: str = "en"
) -> Figure:
    """How many cases have each P(ROI > 0), in bins of 5 percentage points.

    The cases' P10, P50 and P90 of P(ROI > 0) are marked (a tenth of the cases lies below
    the first), and 50 % (an even chance) as a red dashed line.

    Parameters
    ----------
    prob : sequence of float
        Each case's P(ROI > 0), from 0 to 1.
    n : int
        The fewest iterations a case drew: the percentiles are written as its bounds
        (``> 99.95 %`` at 2,000, never 100 %).
    note : str
        A remark under the axis (how many iterations each case drew).
    """
    p = np.asarray(prob, dtype=float)
    fig = Figure(figsize=SIZE, dpi=150, layout="constrained")
    ax = fig.add_subplot()
    ax.hist(p, bins=np.linspace(0.0, 1.0, BINS + 1), color=BLUE, alpha=0.85,
            edgecolor="white", label=text("cases_chart_bars", lang))  # fmt: skip
    ax.axvline(0.5, color=RED, linestyle=":", linewidth=1.2, label=text("cases_chart_even", lang))
    if p.size:
        p10, p50, p90 = np.percentile(p, [10, 50, 90])
        marks = {"P10": p10, "P50": p50, "P90": p90}
        _mark_percentiles(ax, marks, _Unit("percent", lang=lang),
                          written=lambda v: compact_prob(v, n).removeprefix("= "))  # fmt: skip
    ax.set_xlim(0.0, 1.0)
    ax.xaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f} %")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if note:
        _note(ax, note)
    _legend_below(ax)
    return _finish(fig, ax, title, text("cases_chart_x", lang), text("cases_chart_y", lang))
