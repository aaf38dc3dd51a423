"""Text beside data: values at bar ends, and point labels that keep out of each other's way."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

from simroi.report.plots._style import _axes, _lay_out, _settle
from simroi.report.plots.fonts import quiet_glyphs

# Where a point's label may go, in order of preference: its offset from the point (points)
# and the alignment that keeps it on that side. Up and to the right comes first: where a
# point with nothing near it has always had its label.
_SPOTS = (
    ((7, 5), "left", "bottom"),
    ((7, -5), "left", "top"),
    ((-7, 5), "right", "bottom"),
    ((-7, -5), "right", "top"),
)


def _label_bar_end(
    ax: Axes, text: str, x: float, y: float, *, right: bool, fontsize: float
) -> Annotation:
    """``text`` just past the end (x, y) of a horizontal bar, to its right or to its left."""
    return ax.annotate(
        text,
        xy=(x, y),
        xytext=(4 if right else -4, 0),
        textcoords="offset points",
        va="center",
        ha="left" if right else "right",
        fontsize=fontsize,
    )


def _fit_labels(ax: Axes, labels: Sequence[Annotation], rounds: int = 5) -> None:
    """Widen the x limits until every bar-end label lies inside the axes.

    A label past the axes' left edge would run into the tick labels, one past the
    right edge out of the figure. Call this last (it measures the drawn figure).
    """
    fig = _axes(ax)[0]
    for label in labels:
        label.set_in_layout(False)  # the labels must fit the axes, not push the layout
    for _ in range(rounds):
        _lay_out(fig)
        frame = ax.get_window_extent()
        boxes = [label.get_window_extent() for label in labels if label.get_text()]
        if not boxes:
            return
        short_left = max(0.0, frame.x0 - min(b.x0 for b in boxes))
        short_right = max(0.0, max(b.x1 for b in boxes) - frame.x1)
        if short_left < 0.5 and short_right < 0.5:
            _settle(fig)  # laid out as it will be saved
            return
        lo, hi = ax.get_xlim()
        per_pixel = (hi - lo) / max(frame.width - short_left - short_right, 1.0)
        pad = 4 * per_pixel
        ax.set_xlim(
            lo - (short_left * per_pixel + pad) * (short_left > 0),
            hi + (short_right * per_pixel + pad) * (short_right > 0),
        )


def _label_point(ax: Axes, text: str, xy: tuple[float, float]) -> Annotation:
    """``text`` beside the point ``xy`` (data), up and to its right until :func:`_spread_labels`."""
    label = ax.annotate(text, xy=xy, xytext=(0, 0), textcoords="offset points", fontsize=9)
    _put(label, _SPOTS[0])
    return label


def _spread_labels(
    ax: Axes, labels: Sequence[Annotation], *, marker_size: float, avoid: Sequence[Artist] = ()
) -> None:
    """Move each point label to the first spot beside its point where it hides nothing.

    Nothing is: another label, another point (a scatter marker of area
    ``marker_size`` points²), an artist of ``avoid``, or the outside of the axes.
    Labels are placed from the highest point down; one with no free spot takes the
    spot where it hides least. Call this last: it measures the figure as drawn, and
    leaves the labels out of the layout so that what it measured stays true.
    """
    fig = _axes(ax)[0]
    for label in labels:
        label.set_in_layout(False)
    with quiet_glyphs():
        fig.draw_without_rendering()  # titles, ticks and layout settled: pixels are final
    frame = ax.get_window_extent()
    anchors = [ax.transData.transform(label.xy) for label in labels]
    r = np.sqrt(marker_size) / 2 * fig.dpi / 72
    markers = [Bbox.from_bounds(x - r, y - r, 2 * r, 2 * r) for x, y in anchors]
    placed = [artist.get_window_extent() for artist in avoid]
    for i in sorted(range(len(labels)), key=lambda i: -anchors[i][1]):
        obstacles = placed + markers[:i] + markers[i + 1 :]
        hidden = []
        for spot in _SPOTS:
            _put(labels[i], spot)
            hidden.append(_hidden(labels[i].get_window_extent(), frame, obstacles))
        _put(labels[i], _SPOTS[int(np.argmin(hidden))])  # the first of those that hide least
        placed.append(labels[i].get_window_extent())


def _put(label: Annotation, spot: tuple[tuple[int, int], str, str]) -> None:
    offset, ha, va = spot
    label.xyann = offset
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


def _hidden(box: Bbox, frame: Bbox, obstacles: Sequence[Bbox]) -> float:
    """Pixels of ``box`` over ``obstacles`` or outside ``frame``."""
    return _area(box) - _shared(box, frame) + sum(_shared(box, other) for other in obstacles)


def _shared(a: Bbox, b: Bbox) -> float:
    both = Bbox.intersection(a, b)
    return 0.0 if both is None else _area(both)


def _area(box: Bbox) -> float:
    return box.width * box.height
