"""How every simroi chart looks: size, colours, fonts, titles, legends, notes, axis limits."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from simroi.report.plots._values import _Unit
from simroi.report.plots.fonts import family_for

SIZE = (8.0, 4.8)  # inches: 1200 x 720 pixels at 150 dpi
BLUE, ORANGE, RED, GREEN, GREY, INK = (
    "#2f6fad",
    "#e08a1e",
    "#c0392b",
    "#3a9a5b",
    "#8a8a8a",
    "#222222",
)


def _axes(ax: Axes | None, size: tuple[float, float] = SIZE) -> tuple[Figure, Axes]:
    if ax is None:
        fig = Figure(figsize=size, dpi=150, layout="constrained")
        return fig, fig.add_subplot()
    try:
        return ax.get_figure(root=True), ax  # matplotlib >= 3.10: the top figure, not a subfigure
    except TypeError:
        return ax.figure, ax


def _finish(
    fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, *, grid: str = "y"
) -> Figure:
    ax.set_title(title, fontsize=12, loc="left", fontweight="bold", wrap=True)
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    _cjk_text(fig)
    return fig


def _cjk_text(fig: Figure) -> None:
    """Give text in Chinese, Japanese or Korean a font that has the glyphs (when one exists)."""
    for text in fig.findobj(Text):
        family = family_for(text.get_text())
        if family:
            text.set_fontfamily(family)
    for ax in fig.axes:  # tick labels are made at draw time: 万/亿 ticks need the font now
        for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if getattr(axis.get_major_formatter(), "lang", "en") == "zh":
                family = family_for("万")
                if family:
                    ax.tick_params(axis=name, labelfontfamily=family)


def _no_data(ax: Axes, what: str = "values") -> None:
    ax.text(
        0.5,
        0.5,
        f"No finite {what} to plot",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=GREY,
        fontsize=11,
    )


def _note(ax: Axes, text: str, *, color: str = GREY, fontsize: float = 8) -> Text:
    """A small grey remark on a line of its own under the x-axis label, right-aligned."""
    return ax.annotate(
        text,
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -33),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=fontsize,
        color=color,
    )


def _pad_limits(ax: Axes, lo: float, hi: float, unit: _Unit, *, frac: float) -> None:
    """x limits around [lo, hi] with ``frac`` of the span each side (some width if lo == hi)."""
    span = hi - lo if hi > lo else max(abs(lo) * 0.1, unit.min_pad)
    ax.set_xlim(lo - frac * span, hi + frac * span)


def _legend(ax: Axes, **kwargs: object) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False, **kwargs)


def _legend_below(ax: Axes) -> None:
    """A legend under the x-axis label, where it hides no bar and no marker line."""
    below = offset_copy(ax.transAxes, fig=_axes(ax)[0], y=-46, units="points")
    _legend(ax, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3)
