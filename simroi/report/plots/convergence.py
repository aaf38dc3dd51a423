"""Charts of a run (P(ROI > 0)) or a comparison (P(best)) to a precision: ± 2 SE by iterations."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._style import (
    BLUE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    RED,
    _axes,
    _finish,
    _legend_below,
    _name,
    literal,
)
from simroi.report.plots._values import _Ticks
from simroi.report.text.i18n import MESSAGES, text

__all__ = ["compare_convergence", "convergence"]


@literal
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
        label=_stopped(precision, lang),
    )
    bottom, top = ax.get_ylim()
    ax.set_ylim(max(bottom, 0.0), min(top, 1.0))
    ax.yaxis.set_major_formatter(_Ticks("percent", lang))
    _legend_below(ax)
    return _finish(fig, ax, title, text("conv_x", lang), "P(ROI > 0)")


def _stopped(precision: Mapping, lang: str) -> str:
    key = f"stopped_{precision['stopped_by']}"
    if key in MESSAGES:
        return text(key, lang, option="--max-iterations")
    return f"Stopped by {precision['stopped_by'].replace('_', ' ')}"


@literal
def compare_convergence(
    precision: Mapping, *, title: str = "Convergence", ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """Each vendor's P(best) ± 2 SE against the iterations of a comparison to a precision.

    ``precision`` is the ``precision`` entry of compare.json; its history rows hold
    ``vendors`` -> ``{"prob_best", "prob_best_se", ...}``.
    """
    fig, ax = _axes(ax)
    h = precision["history"]
    n = np.array([r["iterations"] for r in h], dtype=float)
    colors = (BLUE, ORANGE, GREEN, RED, GREY, INK)
    for i, vendor in enumerate(h[-1]["vendors"]):
        color = colors[i % len(colors)]
        p = np.array([r["vendors"][vendor]["prob_best"] for r in h])
        se = np.array([r["vendors"][vendor]["prob_best_se"] for r in h])
        lo, hi = np.clip(p - 2 * se, 0, 1), np.clip(p + 2 * se, 0, 1)
        ax.fill_between(n, lo, hi, color=color, alpha=0.2, linewidth=0)
        ax.plot(n, p, "o-", color=color, markersize=4, label=f"{_name(vendor)} (± 2 SE)")
    ax.axvline(n[-1], color=INK, linestyle=":", linewidth=1.0, label=_stopped(precision, lang))
    bottom, top = ax.get_ylim()
    ax.set_ylim(max(bottom, 0.0), min(top, 1.0))
    ax.yaxis.set_major_formatter(_Ticks("percent", lang))
    _legend_below(ax)
    return _finish(fig, ax, title, text("conv_x_vendor", lang), text("prob_best", lang))
