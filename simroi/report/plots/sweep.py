"""Charts of ``simroi sweep``: one varied input as a line, two as a heat map of P(ROI > 0)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    RED,
    SIZE,
    _cjk_text,
    _finish,
    _note,
    literal,
)
from simroi.report.plots._values import _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_prob

BREAK_EVEN = 0.5  # P(ROI > 0) = 50 %: the median ROI is zero


def _positions(values: Sequence[object]) -> tuple[np.ndarray, list[str] | None]:
    """x positions of a varied input's values: the numbers, or 0..k-1 with labels."""
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return np.asarray(values, dtype=float), None
    return np.arange(len(values), dtype=float), [str(v) for v in values]


@literal
def sweep_line(
    values: Sequence[object],
    prob: Sequence[float],
    se: Sequence[float],
    *,
    npv: tuple[Sequence[float], Sequence[float], Sequence[float]],
    n: int,
    path: str,
    currency: str | None = None,
    title: str = "Sweep",
    lang: str = "en",
) -> Figure:
    """P(ROI > 0) (±2 standard errors) and NPV P10/P50/P90 against one varied input.

    Parameters
    ----------
    values : sequence, shape (k,)
        The input's values (numbers are spaced as numbers; anything else evenly).
    prob, se : sequence of float, shape (k,)
        P(ROI > 0) of each variant and its standard error.
    npv : (p10, p50, p90), each shape (k,)
    n : int
        Iterations per variant (for the probability labels).
    """
    fig = Figure(figsize=(SIZE[0], SIZE[1] * 1.35), dpi=150, layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    x, labels = _positions(values)
    p, s = np.asarray(prob, float), np.asarray(se, float)
    top.fill_between(
        x,
        np.clip(p - 2 * s, 0, 1),
        np.clip(p + 2 * s, 0, 1),
        color=BLUE,
        alpha=0.2,
        linewidth=0,
        label=text("sweep_band", lang),
    )
    top.plot(x, p, color=BLUE, marker="o", linewidth=2, label=text("col_prob_roi", lang))
    top.axhline(
        BREAK_EVEN, color=RED, linestyle="--", linewidth=1, label=text("sweep_break_even", lang)
    )
    for xi, pi in zip(x, p, strict=True):
        top.annotate(
            compact_prob(float(pi), n).removeprefix("= "),
            (xi, pi),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=INK,
        )
    top.set_ylim(-0.02, 1.1)
    top.margins(x=0.08)
    top.yaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f} %")
    top.legend(fontsize=8, frameon=False, loc="best")
    _finish(fig, top, title, "", text("col_prob_roi", lang))
    p10, p50, p90 = (np.asarray(a, float) for a in npv)
    bottom.fill_between(x, p10, p90, color=GREY, alpha=0.25, linewidth=0, label=text("sweep_npv_band", lang))
    bottom.plot(x, p50, color=INK, marker="o", linewidth=1.5, label=text("sweep_npv_p50", lang))
    bottom.axhline(0, color=RED, linestyle="--", linewidth=1)
    bottom.yaxis.set_major_formatter(_Ticks("money", lang))
    bottom.legend(fontsize=8, frameon=False, loc="best")
    if labels is not None:
        bottom.set_xticks(x, labels, rotation=20, ha="right")
    _finish(fig, bottom, "", path, f"NPV ({currency})" if currency else "NPV")
    return fig


@literal
def sweep_heatmap(
    x_values: Sequence[object],
    y_values: Sequence[object],
    prob: np.ndarray,
    *,
    n: int,
    x_path: str,
    y_path: str,
    title: str = "Sweep: P(ROI > 0)",
    lang: str = "en",
) -> Figure:
    """A heat map of P(ROI > 0) over two varied inputs, with the break-even contour.

    Parameters
    ----------
    prob : ndarray, shape (len(y_values), len(x_values))
        P(ROI > 0) of each grid cell (NaN: no such variant).
    """
    fig = Figure(figsize=SIZE, dpi=150, layout="constrained")
    ax = fig.add_subplot()
    p = np.asarray(prob, dtype=float)
    mesh = ax.imshow(
        p, origin="lower", cmap="RdYlGn", vmin=0, vmax=1, aspect="auto", interpolation="nearest"
    )
    bar = fig.colorbar(mesh, ax=ax, shrink=0.9)
    bar.set_label(text("col_prob_roi", lang), fontsize=9)
    bar.ax.yaxis.set_major_formatter(lambda v, _: f"{100 * v:.0f} %")
    for (i, j), v in np.ndenumerate(p):
        if np.isfinite(v):
            ax.text(
                j,
                i,
                compact_prob(float(v), n).removeprefix("= "),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if abs(v - 0.5) > 0.35 else INK,
            )
    crossed = min(p.shape) >= 2 and np.nanmin(p) < BREAK_EVEN < np.nanmax(p)
    if crossed:
        ax.contour(
            np.arange(p.shape[1]),
            np.arange(p.shape[0]),
            np.where(np.isfinite(p), p, BREAK_EVEN),
            levels=[BREAK_EVEN],
            colors=INK,
            linewidths=2.5,
            linestyles="--",
        )
    ax.set_xticks(range(len(x_values)), [str(v) for v in x_values])
    ax.set_yticks(range(len(y_values)), [str(v) for v in y_values])
    _finish(fig, ax, title, x_path, y_path, grid="both")
    ax.grid(False)
    ax.spines[["top", "right"]].set_visible(True)
    if crossed:
        _note(ax, text("sweep_heat_crossed", lang))
    else:
        side = "above" if np.nanmin(p) >= BREAK_EVEN else "below"
        _note(ax, text(f"sweep_heat_{side}", lang))
    _cjk_text(fig)  # the note came after _finish: it needs the CJK font too
    return fig
