"""Chart of ``simroi voi``: what knowing each input before deciding is worth."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._labels import _label_bar_end
from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    NAME_WIDTH,
    ORANGE,
    _axes,
    _finish,
    _legend_below,
    _note,
    _wrap_label,
    literal,
)
from simroi.report.plots._values import _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label
from simroi.report.text.money import amount, currency_unit

__all__ = ["evppi_bars"]


@literal
def evppi_bars(
    result: Mapping,
    *,
    title: str = "Value of information",
    ax: Axes | None = None,
    max_rows: int = 10,
    lang: str = "en",
) -> Figure:
    """Bars of the EVPPI of each input and group (± 2 SE), against the EVPI line, named
    and valued in ``lang``.

    ``result`` is the content of ``voi.json`` (:func:`simroi.voi`).
    """
    from simroi.report.text.decisions import group_label

    currency = result.get("currency")
    labels = result.get("labels")
    rows = [(input_label(k, lang, labels), v, BLUE) for k, v in result["evppi"].items()]
    rows += [(group_label(k, lang), v, ORANGE) for k, v in result["groups"].items()]
    every = sorted(rows, key=lambda r: -r[1]["value"])
    rows = every[:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.42 * len(rows))))
    labelled = set()
    for yi, (_, v, color) in zip(range(len(rows) - 1, -1, -1), rows, strict=True):
        legend = text("voi_png_one" if color == BLUE else "voi_png_group", lang)
        ax.barh(
            yi,
            v["value"],
            height=0.62,
            color=color,
            xerr=2 * v["se"],
            ecolor=GREY,
            capsize=3,
            label=None if legend in labelled else legend,
        )
        labelled.add(legend)
        end = v["value"] + 2 * v["se"]
        _label_bar_end(ax, amount(v["value"], lang), end, yi, right=True, fontsize=8)
    ax.set_yticks(range(len(rows) - 1, -1, -1), [_wrap_label(r[0], NAME_WIDTH) for r in rows])
    evpi = result["evpi"]
    ax.axvline(evpi, color=INK, linewidth=1.3,
               label=text("voi_png_evpi", lang, v=amount(evpi, lang, currency)))  # fmt: skip
    ax.set_xlim(0, max(evpi, *(r[1]["value"] + 2 * r[1]["se"] for r in rows), 1.0) * 1.18)
    ax.xaxis.set_major_formatter(_Ticks("money", lang))
    if len(every) > len(rows):
        _note(ax, text("voi_png_more", lang, k=len(every) - len(rows),
                        v=amount(rows[-1][1]["value"], lang)))  # fmt: skip
    _legend_below(ax)
    unit = currency_unit(currency, lang) or "—"
    return _finish(fig, ax, title, text("voi_png_x", lang, unit=unit), "", grid="x")
