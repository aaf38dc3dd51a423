"""How every simroi chart looks: size, colours, fonts, titles, legends, notes, axis limits."""

from __future__ import annotations

import functools

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from simroi.report.plots._values import _Unit

SIZE = (8.0, 4.8)  # inches: 1200 x 720 pixels at 150 dpi
BLUE, ORANGE, RED, GREEN, GREY, INK = (
    "#2f6fad",
    "#e08a1e",
    "#c0392b",
    "#3a9a5b",
    "#8a8a8a",
    "#222222",
)
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
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
    ax.set_title(title, fontsize=12, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fallback = _cjk_fallback()
    if fallback:  # names in Chinese, Japanese or Korean need a font that has the glyphs
        for text in fig.findobj(Text):
            if any(ord(ch) > 0x2E7F for ch in text.get_text()):
                text.set_fontfamily([*fallback, "DejaVu Sans"])
    return fig


@functools.cache
def _cjk_fallback() -> tuple[str, ...]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(name for name in _CJK_FONTS if name in installed)


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


def _note(ax: Axes, text: str) -> None:
    """A small grey remark on a line of its own under the x-axis label, right-aligned."""
    ax.annotate(
        text,
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -33),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=8,
        color=GREY,
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
