"""The chart of ``simroi fit``: the data's empirical CDF against the CDFs of the fitted families."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._distribution import _cdf_axes, _ecdf
from simroi.report.plots._style import (
    BLUE,
    GREEN,
    GREY,
    INK,
    ORANGE,
    RED,
    _axes,
    _finish,
    _legend,
    _no_data,
    _note,
    literal,
)
from simroi.report.plots._values import _finite, _Ticks
from simroi.report.text.i18n import text

__all__ = ["fit_ecdf"]

_COLOURS = (RED, ORANGE, GREEN, GREY)


@literal
def fit_ecdf(
    values: np.ndarray,
    curves: Mapping[str, tuple[np.ndarray, np.ndarray]],
    *,
    chosen: str,
    labels: Mapping[str, str] | None = None,
    title: str = "Data against fitted distributions",
    xlabel: str = "value",
    data_label: str = "data",
    ax: Axes | None = None,
    count: int | None = None,
    lang: str = "en",
) -> Figure:
    """The empirical CDF of ``values`` as steps, each fitted CDF as a line; ``chosen`` bold.

    Parameters
    ----------
    curves : mapping of family -> (x, cdf)
        The CDF of each fitted family on a grid, best first.
    labels : mapping of family -> legend text, optional
        E.g. ``"lognormal (ΔAIC 0)"``; the family name otherwise.
    data_label : str
        What the steps are (``bootstrap means`` for the distribution of a mean).
    count : int, optional
        How many values the steps stand for, when ``values`` are their quantiles
        (a folder keeps the quantiles; the legend says the count of the data).
    lang : str
        The language of the axis, the legend and the note.
    """
    fig, ax = _axes(ax)
    data = _finite(values)
    ylabel = text("fit_png_axis", lang)
    if data.size == 0:
        _no_data(ax)
        return _finish(fig, ax, title, xlabel, ylabel)
    x, y = _ecdf(data)
    n = f"{count if count is not None else data.size:,}"
    label = text("fit_png_data", lang, n=n) if data_label == "data" else (
        text("fit_png_means", lang, n=n) if data_label == "bootstrap means"
        else f"{data_label} ({n} values)")  # fmt: skip
    ax.step(x, y, where="post", color=BLUE, linewidth=2, label=label)
    others = iter(_COLOURS)
    for family, (gx, gy) in curves.items():
        name = (labels or {}).get(family, family)
        if family == chosen:
            ax.plot(gx, gy, color=INK, linewidth=2.2, linestyle="--",
                    label=text("fit_png_chosen", lang, label=name))  # fmt: skip
        else:
            ax.plot(gx, gy, color=next(others, GREY), linewidth=1.2, alpha=0.9, label=name)
    if chosen not in curves:
        _note(ax, text("fit_png_not_drawn", lang, family=chosen))
    ax.xaxis.set_major_formatter(_Ticks("plain"))
    _cdf_axes(ax)
    _legend(ax, loc="lower right")
    return _finish(fig, ax, title, xlabel, ylabel, grid="both")
