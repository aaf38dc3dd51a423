"""Risk events on a histogram: the hump an event makes, outlined and named.

A risk event that occurs in a noticeable share of iterations and moves the result
far enough makes a second hump in the histogram. Unnamed, a reader takes it for
noise or a second market; :func:`_mark_event_humps` outlines the iterations where
the event occurred and writes its label, its share of iterations and the mean
result given it at the top of its hump.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Annotation

from simroi.report.plots._distribution import bin_counts
from simroi.report.plots._style import INK, ORANGE, _axes, _lay_out, _settle, _wrap_label
from simroi.report.plots._values import _Unit
from simroi.report.text.i18n import text
from simroi.report.text.numbers import binomial_se, percent_to_error, prob_to_error

MIN_SHARE = 0.02  # an event in fewer iterations makes no hump worth naming
MIN_ITERATIONS = 30
VALLEY = 0.8  # a hump: the histogram dips below this share of its height on the way


def _smooth(counts: np.ndarray) -> np.ndarray:
    return np.convolve(counts, np.ones(3) / 3, mode="same")


def event_hump(data: np.ndarray, occurred: np.ndarray, edges: np.ndarray) -> int | None:
    """The bin of the hump ``occurred`` makes in the histogram of ``data``, or None.

    A hump: the event's iterations peak at least two bins away from the others'
    peak, make most of the histogram there, and the histogram dips between the
    two peaks to below :data:`VALLEY` of the event peak's height (3-bin smoothed).
    """
    k = int(occurred.sum())
    if k < MIN_ITERATIONS or not MIN_SHARE <= k / data.size <= 1 - MIN_SHARE:
        return None
    event = _smooth(bin_counts(data[occurred], edges).astype(float))
    rest = _smooth(bin_counts(data[~occurred], edges).astype(float))
    total = event + rest
    i, j = int(np.argmax(event)), int(np.argmax(rest))
    if abs(i - j) < 2 or event[i] < rest[i]:
        return None
    lo, hi = sorted((i, j))
    return i if total[lo : hi + 1].min() < VALLEY * total[i] else None


def _mark_event_humps(
    ax: Axes,
    data: np.ndarray,
    events: Mapping[str, np.ndarray],
    edges: np.ndarray,
    unit: _Unit,
) -> list[Annotation]:
    """Outline and name the hump of each event of ``events`` (label -> occurred) that makes one.

    ``data`` and each mask are aligned (finite values only). Returns the labels, to be
    kept inside the axes by :func:`_fit_event_labels` once the chart is finished.
    """
    labels = []
    n = data.size
    for name, occurred in events.items():
        occurred = np.asarray(occurred, dtype=bool)
        peak = event_hump(data, occurred, edges)
        if peak is None:
            continue
        hit = data[occurred]
        counts = bin_counts(hit, edges) / n
        name = _wrap_label(name, width=40)  # a sentence-long name would squash the axes
        ax.stairs(counts, edges, color=ORANGE, linewidth=1.6, label=name)
        share, mean = hit.size / n, float(hit.mean())
        se_mean = float(hit.std(ddof=1)) / np.sqrt(hit.size)
        words = text(
            "event_hump",
            unit.lang,
            name=name,
            share=prob_to_error(share, binomial_se(share, n), n, plus_minus=False),
            mean=percent_to_error(mean, se_mean) if unit.kind == "percent" else unit.text(mean),
        )
        words = words.replace(" · ", "\n")  # narrow: over its own hump, not the next one
        x = 0.5 * (edges[peak] + edges[peak + 1])
        total = bin_counts(data, edges)[peak] / n
        labels.append(
            ax.annotate(
                words,
                xy=(x, total),
                xytext=(0, 18),
                textcoords="offset points",
                ha="center",
                va="bottom",
                multialignment="left",  # as the browser draws an SVG's lines
                fontsize=8,
                color=INK,
                bbox={"facecolor": "white", "edgecolor": ORANGE, "pad": 2, "linewidth": 0.8},
                arrowprops={"arrowstyle": "-", "color": ORANGE, "linewidth": 0.8},
            )
        )
    return labels


def _fit_event_labels(ax: Axes, labels: list[Annotation], top_gap: float = 16.0) -> None:
    """Keep each hump label inside the axes, below the P10/P50/P90 names at the top.

    Raises the y limit so that every label clears the top by ``top_gap`` pixels, and
    aligns a label that would leave the axes sideways to the side it would leave. One
    draw measures the labels: a label keeps its height in pixels above its point, so
    the new limit follows from the measure (the layout does not depend on it).
    """
    if not labels:
        return
    fig = _axes(ax)[0]
    for label in labels:
        label.set_in_layout(False)
    _lay_out(fig)
    frame = ax.get_window_extent()
    lo, hi = ax.get_ylim()
    top = hi
    for label in labels:
        box = label.get_window_extent()
        if box.x0 < frame.x0:
            label.set_horizontalalignment("left")
        elif box.x1 > frame.x1:
            label.set_horizontalalignment("right")
        point = ax.transData.transform(label.xy)[1]
        room = frame.y1 - top_gap - (box.y1 - point) - frame.y0  # pixels left for the point
        if box.y1 > frame.y1 - top_gap and room > 1:
            top = max(top, lo + (label.xy[1] - lo) * frame.height / room)
    if top > hi:
        ax.set_ylim(lo, top)  # new y ticks: the figure is laid out again when saved
    else:
        _settle(fig)  # the labels' alignment is outside the layout
