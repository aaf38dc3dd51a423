"""Chart of ``simroi scorecard --config``: the probability of each band before go-live."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._labels import _label_bar_end
from simroi.report.plots._style import BLUE, GREY, NAME_WIDTH, _axes, _finish, _wrap_label, literal
from simroi.report.plots._values import _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_prob

__all__ = ["band_bars"]


@literal
def band_bars(
    forecast: Mapping,
    names: Sequence[str],
    *,
    title: str = "",
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """One bar per band, best first from the top, its probability at its end (± 2 SE).

    ``forecast`` is the ``forecast`` of ``scorecard.json``; ``names`` the bands in ``lang``.
    """
    bands = forecast["bands"]
    n = forecast.get("iterations")
    fig, ax = _axes(ax, (8.0, 3.6))
    for yi, b in enumerate(bands):
        y = len(bands) - 1 - yi
        ax.barh(y, b["prob"], height=0.62, color=BLUE, xerr=2 * b.get("se", 0.0), ecolor=GREY,
                capsize=3)  # fmt: skip
        _label_bar_end(ax, compact_prob(b["prob"], n).lstrip("= "), b["prob"] + 2 * b.get("se", 0),
                       y, right=True, fontsize=8)  # fmt: skip
    labels = [_wrap_label(f"{name} ({b['min']}–{b['max']})", NAME_WIDTH)
              for b, name in zip(bands, names, strict=True)]  # fmt: skip
    ax.set_yticks(range(len(bands) - 1, -1, -1), labels)
    ax.set_xlim(0, 1.15)
    ax.xaxis.set_major_formatter(_Ticks("percent", lang))
    return _finish(fig, ax, title or text("chart_scorecard", lang), text("sc_png_axis", lang), "",
                   grid="x")  # fmt: skip
