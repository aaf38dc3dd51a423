"""How every simroi chart looks: size, colours, fonts, titles, legends, notes, axis limits."""

from __future__ import annotations

import contextlib
import functools
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from simroi.report.plots._values import _Unit
from simroi.report.plots.fonts import family_for, has_cjk, quiet_glyphs

SIZE = (8.0, 4.8)  # inches: 1200 x 720 pixels at 150 dpi
NAME_WIDTH = 40  # characters of a name in a legend or beside a point
NOTE_GID = "simroi-note"  # a remark under the axes (_note): the legend goes below it
BLUE, ORANGE, RED, GREEN, GREY, INK = (
    "#2f6fad",
    "#e08a1e",
    "#c0392b",
    "#3a9a5b",
    "#8a8a8a",
    "#222222",
)


_GLUE = "\x1f"  # holds a number and its unit together while a line is wrapped
_P, _R = ParamSpec("_P"), TypeVar("_R")

# A name is data: "$" in "Cost $\\frac{ 50$" is a dollar sign, not mathtext to parse (a
# parse error would lose the run after its simulation). Text takes this at creation.
LITERAL_TEXT = {"text.parse_math": False, "text.usetex": False}


def literal(chart: Callable[_P, _R]) -> Callable[_P, _R]:
    """``chart`` drawing every text it makes as written: no mathtext, no TeX (on the Axes
    ``ax`` it is given, too: its title and axis labels were made before)."""

    @functools.wraps(chart)
    def draw(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        ax = kwargs.get("ax")
        if isinstance(ax, Axes):
            for text in ax.findobj(Text):
                text.set_parse_math(False)
        with rc_context(LITERAL_TEXT):
            return chart(*args, **kwargs)

    return draw


# A Figure attribute: a chart measured its laid-out figure last and changed nothing the
# layout depends on since (:func:`_lay_out`), so saving it need not lay it out again.
_SETTLED = "_simroi_settled"


def _lay_out(fig: Figure) -> None:
    """Settle ``fig``'s layout so that its axes' pixels are final, without drawing it: the
    layout engine alone (half the cost of a draw), else a draw without rendering."""
    engine = fig.get_layout_engine()
    with quiet_glyphs():  # a missing CJK font is reported once, by the fonts module
        if engine is not None and type(engine).__name__ != "PlaceHolderLayoutEngine":
            engine.execute(fig)
        else:
            fig.draw_without_rendering()


def _settle(fig: Figure) -> None:
    """Mark ``fig`` as laid out with its final content: a chart alone on its figure, which
    it measured last (a figure of several charts is laid out when saved)."""
    setattr(fig, _SETTLED, len(fig.axes) == 1)


@contextlib.contextmanager
def settled_layout(fig: Figure) -> Iterator[None]:
    """Save ``fig`` inside this without laying it out again when a chart settled it
    (:func:`_settle`): the layout is in fractions of the figure, so it holds at any dpi
    and in any format. A figure not settled is laid out as usual."""
    engine = fig.get_layout_engine()
    if not getattr(fig, _SETTLED, False) or engine is None:
        yield
        return
    fig.set_layout_engine("none")
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _axes(ax: Axes | None, size: tuple[float, float] = SIZE) -> tuple[Figure, Axes]:
    if ax is None:
        fig = Figure(figsize=size, dpi=150, layout="constrained")
        return fig, fig.add_subplot()
    try:
        return ax.get_figure(root=True), ax  # matplotlib >= 3.10: the top figure, not a subfigure
    except TypeError:
        return ax.figure, ax


def _wrap_cjk(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, a CJK character two columns: breaks
    between CJK characters or at spaces, never inside a Latin word that fits a line
    ("integration overrun" is not cut into "integrati" / "on overrun")."""
    tokens = re.findall(rf"[A-Za-z0-9_.,%()'{_GLUE}-]+ ?|.", text)
    lines, line, used = [], "", 0
    for token in tokens:
        size = sum(2 if has_cjk(ch) else 1 for ch in token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        while size > width:  # a word longer than a line: cut it
            lines.append(token[:width])
            token = token[width:]
            size = len(token)
        if not line and not token.strip():
            continue
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [text]


def _wrap_label(text: str, width: int = 28, lines: int = 2) -> str:
    """A long axis label on at most ``lines`` lines of about ``width`` characters.

    A tick label as long as a sentence would squash the axes to a sliver (and cut
    the title and legend); past ``lines`` lines it ends with "…".
    """
    glued = text.replace(" %", _GLUE + "%")  # "0.47 %" is one word: never "0.47" / "%"
    if has_cjk(text):  # CJK characters are twice as wide; Latin words in them stay whole
        parts = _wrap_cjk(glued, width)
        width = width // 2
    else:
        parts = textwrap.wrap(glued, width) or [glued]
    parts = [part.replace(_GLUE, " ") for part in parts]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1].rstrip()[: max(1, width - 1)] + "…"
    return "\n".join(parts)


def _name(name: object, width: int = NAME_WIDTH) -> str:
    """A user's name (a vendor, an input) as a legend or a point label shows it: one line of
    at most about ``width`` characters, cut with "…" (a longer one squashes the axes)."""
    return _wrap_label(str(name), width, lines=1)


def _set_title(fig: Figure, ax: Axes, title: str) -> None:
    """``title`` at the top left, each of its lines on at most two lines (cut with "…").

    matplotlib wraps it to the room right of where it starts (``wrap=True``), except when
    it holds a "$": the wrapping measures a line with two of them as mathtext whatever
    ``parse_math`` says, and "Cost $\\frac{ 50$" would not parse; such a title is wrapped
    here, at about 7 characters an inch of bold 12 pt. Cut, a 300-character name cannot
    squash the axes to nothing.
    """
    width = max(24, int(fig.get_figwidth() * 7))
    lines = title.split("\n")
    dollar = "$" in title
    if dollar:
        title = "\n".join(_wrap_label(line, width) for line in lines)
    else:
        title = "\n".join(_wrap_label(line, 2 * width, lines=1) for line in lines)
    ax.set_title(title, fontsize=12, loc="left", fontweight="bold", wrap=not dollar)


def _finish(
    fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, *, grid: str = "y"
) -> Figure:
    _set_title(fig, ax, title)
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    _cjk_text(fig)
    return fig


def _cjk_text(fig: Figure | Artist) -> None:
    """Give text in Chinese, Japanese or Korean a font that has the glyphs (when one exists)."""
    for text in fig.findobj(Text):
        family = family_for(text.get_text())
        if family:
            text.set_fontfamily(family)
    # tick labels are made at draw time: 万/亿 ticks need the font now
    for ax in fig.axes if isinstance(fig, Figure) else ():
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
    """A small grey remark on a line of its own under the x-axis label, right-aligned.

    Wrapped to the figure's width (at most three lines): a note wider than the figure
    would be cut at its start, and the layout would squash the axes to make room for it.
    :func:`_legend_below` goes under all of its lines.
    """
    fig = _axes(ax)[0]
    room = (fig.get_figwidth() - 0.6) * 72 / (0.6 * fontsize)  # characters of ~0.6 em
    lines = [_wrap_label(line, width=max(30, int(room)), lines=3) for line in text.split("\n")]
    note = ax.annotate(
        "\n".join(lines),
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -33),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=fontsize,
        color=color,
        gid=NOTE_GID,
    )
    return note


def _pad_limits(ax: Axes, lo: float, hi: float, unit: _Unit, *, frac: float) -> None:
    """x limits around [lo, hi] with ``frac`` of the span each side (some width if lo == hi)."""
    span = hi - lo if hi > lo else max(abs(lo) * 0.1, unit.min_pad)
    ax.set_xlim(lo - frac * span, hi + frac * span)


def _legend(ax: Axes, **kwargs: object) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False, **kwargs)


def _legend_below(ax: Axes) -> None:
    """A legend under the x-axis label and under any note (:func:`_note`), where it hides no
    bar and no marker line; in as many columns (at most three) as the figure's width holds."""
    if not ax.get_legend_handles_labels()[0]:
        return
    fig = _axes(ax)[0]
    note_lines = max(
        (t.get_text().count("\n") * t.get_fontsize() * 1.2 for t in ax.texts
         if t.get_gid() == NOTE_GID),
        default=0.0,
    )  # fmt: skip
    below = offset_copy(ax.transAxes, fig=fig, y=-46 - note_lines, units="points")
    for ncol in (3, 2, 1):
        _legend(ax, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=ncol)
        legend = ax.get_legend()
        _cjk_text(legend)  # measured in the font it will be drawn in
        with quiet_glyphs():
            if legend.get_window_extent().width <= 0.96 * fig.bbox.width:
                return
