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
from simroi.report.text.numbers import sig

__all__ = ["goal_seek"]


@literal
def goal_seek(result: Mapping, *, title: str = "Goal seek", ax: Axes | None = None) -> Figure:
    """The statistic at every trial move on the same draws, the level and the root ± 2 SE.

    ``result`` is the content of ``breakeven.json`` for one input (:func:`simroi.breakeven`).
    """
    fig, ax = _axes(ax)
    key = "shift" if result["mode"] == "shift" else "scale"
    trials = sorted(result["trials"], key=lambda t: t[key])
    median = result["median"]
    x = [median + t["shift"] if key == "shift" else median * t["scale"] for t in trials]
    ax.plot(
        x,
        [t["statistic"] for t in trials],
        "o-",
        color=BLUE,
        markersize=3,
        linewidth=1.2,
        label="Statistic at each trial (same draws)",
    )
    ax.axhline(_level(result["target"]), color=INK, linewidth=1.0, label="Target level")
    root, se = result["value"], result["shift_se"]
    ax.axvspan(root - 2 * se, root + 2 * se, color=ORANGE, alpha=0.3, linewidth=0)
    ax.axvline(root, color=ORANGE, linewidth=1.5, label=f"Break-even median = {sig(root)}")
    ax.axvline(
        median, color=GREY, linewidth=1.0, linestyle="--", label=f"Median today = {sig(median)}"
    )
    _legend_below(ax)
    return _finish(
        fig, ax, title, f"Median of {result['input']}", result["target"].split(")")[0] + ")"
    )


def _level(target: str) -> float:
    text = target.replace(" ", "").rsplit("=", 1)[-1]
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)
