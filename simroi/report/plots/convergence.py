"""Chart of a run to a precision: P(ROI > 0) ± 2 SE against the iterations drawn."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._style import BLUE, INK, _axes, _finish, _legend_below
from simroi.report.plots._values import _Ticks

__all__ = ["convergence"]


def convergence(
    precision: Mapping, *, title: str = "Convergence", ax: Axes | None = None
) -> Figure:
    """``precision`` is the ``precision`` entry of a run's summary.json (its ``history``)."""
    fig, ax = _axes(ax)
    h = precision["history"]
    n = np.array([r["iterations"] for r in h], dtype=float)
    p = np.array([r["prob_roi_positive"] for r in h])
    se = np.array([r["prob_roi_positive_se"] for r in h])
    ax.fill_between(n, p - 2 * se, p + 2 * se, color=BLUE, alpha=0.25, linewidth=0, label="± 2 SE")
    ax.plot(n, p, "o-", color=BLUE, markersize=4, label="P(ROI > 0) after each batch")
    ax.axvline(
        n[-1],
        color=INK,
        linewidth=1.0,
        label=f"Stopped by {precision['stopped_by'].replace('_', ' ')}",
    )
    ax.yaxis.set_major_formatter(_Ticks("percent"))
    _legend_below(ax)
    return _finish(fig, ax, title, "Iterations drawn", "P(ROI > 0)")
