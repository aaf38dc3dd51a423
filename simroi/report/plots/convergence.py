"""Chart of a run to a precision: P(ROI > 0) ± 2 SE against the iterations drawn."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.i18n import MESSAGES, text
from simroi.report.plots._style import BLUE, INK, _axes, _finish, _legend_below
from simroi.report.plots._values import _Ticks

__all__ = ["convergence"]


def convergence(
    precision: Mapping, *, title: str = "Convergence", ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """``precision`` is the ``precision`` entry of a run's summary.json (its ``history``)."""
    fig, ax = _axes(ax)
    h = precision["history"]
    n = np.array([r["iterations"] for r in h], dtype=float)
    p = np.array([r["prob_roi_positive"] for r in h])
    se = np.array([r["prob_roi_positive_se"] for r in h])
    lo, hi = np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1)  # a probability stays in [0, 1]
    ax.fill_between(n, lo, hi, color=BLUE, alpha=0.25, linewidth=0, label="± 2 SE")
    ax.plot(n, p, "o-", color=BLUE, markersize=4, label=text("conv_batch", lang))
    ax.axvline(
        n[-1],
        color=INK,
        linewidth=1.0,
        label=text(f"stopped_{precision['stopped_by']}", lang, option="--max-iterations")
        if f"stopped_{precision['stopped_by']}" in MESSAGES
        else f"Stopped by {precision['stopped_by'].replace('_', ' ')}",
    )
    bottom, top = ax.get_ylim()
    ax.set_ylim(max(bottom, 0.0), min(top, 1.0))
    ax.yaxis.set_major_formatter(_Ticks("percent", lang))
    _legend_below(ax)
    return _finish(fig, ax, title, text("conv_x", lang), "P(ROI > 0)")
