"""Chart of ``simroi evaluate``: the realised ROI to date against the forecast's, as CDFs."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._distribution import _cdf_axes
from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    _axes,
    _finish,
    _legend_below,
    literal,
)
from simroi.report.plots._values import _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_percent

__all__ = ["roi_to_date_cdfs"]


@literal
def roi_to_date_cdfs(
    result: Mapping, *, title: str = "", ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """The forecast's ROI to date and the realised one (the measured lifts in the model) as
    CDFs from ``result["distribution"]`` (their quantiles), the realised median a line.

    ``result`` is the content of ``evaluate.json`` (:func:`simroi.evaluate`).
    """
    d = result["distribution"]
    levels = np.asarray(d["levels"], dtype=float)
    fig, ax = _axes(ax, (8.0, 4.4))
    for key, colour, label in (("forecast_roi_to_date", GREY, "ev_png_forecast"),
                               ("roi_to_date", BLUE, "ev_png_realised")):  # fmt: skip
        x = np.asarray([np.nan if v is None else v for v in d[key]], dtype=float)
        keep = np.isfinite(x)
        ax.plot(x[keep], levels[keep], color=colour, linewidth=2.2, label=text(label, lang))
    median = result["roi_to_date"]["median"]
    if median is not None:
        ax.axvline(median, color=ORANGE, linewidth=1.4, linestyle="--",
                   label=text("ev_png_median", lang, v=compact_percent(median)))  # fmt: skip
    ax.axvline(0.0, color=INK, linewidth=0.8)
    ax.xaxis.set_major_formatter(_Ticks("percent", lang))
    _cdf_axes(ax)
    _legend_below(ax)
    return _finish(fig, ax, title or text("chart_evaluate", lang), "ROI",
                   text("axis_prob_metric_le", lang, name="ROI"), grid="both")  # fmt: skip
