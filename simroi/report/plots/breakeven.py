"""Chart of ``simroi breakeven``: the target statistic against the move of the input."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.figure import Figure

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
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_unit, input_value

__all__ = ["goal_seek"]


@literal
def goal_seek(
    result: Mapping, *, title: str = "Goal seek", ax: Axes | None = None, lang: str = "en"
) -> Figure:
    """The statistic at every trial move on the same draws, the level and the root ± 2 SE,
    the input named and valued in its unit, in ``lang``.

    ``result`` is the content of ``breakeven.json`` for one input (:func:`simroi.breakeven`).
    """
    from simroi.report.views._targets import target_text

    path, cur = result["input"], result.get("currency")
    percent = input_unit(path) == "percent"
    scale = 100.0 if percent else 1.0
    is_prob = result["target"].strip().upper().startswith("P(")
    y_scale = 100.0 if is_prob else 1.0
    fig, ax = _axes(ax)
    key = "shift" if result["mode"] == "shift" else "scale"
    trials = sorted(result["trials"], key=lambda t: t[key])
    median = result["median"]
    x = [scale * (median + t["shift"] if key == "shift" else median * t["scale"]) for t in trials]
    ax.plot(
        x,
        [y_scale * t["statistic"] for t in trials],
        "o-",
        color=BLUE,
        markersize=3,
        linewidth=1.2,
        label=text("be_png_trials", lang),
    )
    target = target_text(result["target"], lang, cur)
    ax.axhline(y_scale * _level(result["target"]), color=INK, linewidth=1.0,
               label=text("be_png_level", lang, target=target))  # fmt: skip
    root, se = result["value"], result["shift_se"]
    ax.axvspan(scale * (root - 2 * se), scale * (root + 2 * se), color=ORANGE, alpha=0.3,
               linewidth=0)  # fmt: skip
    ax.axvline(scale * root, color=ORANGE, linewidth=1.5,
               label=text("be_png_root", lang, v=input_value(path, root, lang, cur)))  # fmt: skip
    ax.axvline(scale * median, color=GREY, linewidth=1.0, linestyle="--",
               label=text("be_png_today", lang, v=input_value(path, median, lang, cur)))  # fmt: skip
    _legend_below(ax)
    label = input_label(path, lang, result.get("labels"))
    x_label = text("be_png_x", lang, label=label) + (" (%)" if percent else "")
    y_label = target.split(")")[0] + ")" + (" (%)" if is_prob else "")
    return _finish(fig, ax, title, x_label, y_label)


def _level(target: str) -> float:
    text = target.replace(" ", "").rsplit("=", 1)[-1]
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)
