"""A Figure as an inline SVG element whose text stays text (the browser draws the glyphs)."""

from __future__ import annotations

import io

from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._style import LITERAL_TEXT, settled_layout
from simroi.report.plots.fonts import quiet_glyphs

__all__ = ["report_axes", "to_svg"]

REPORT_SIZE = (5.6, 3.6)  # inches: half an A4 page wide, so 9-pt text reads as 9 pt in print


def report_axes(size: tuple[float, float] = REPORT_SIZE) -> Axes:
    """A fresh Axes on a Figure sized for a report page (constrained layout)."""
    fig = Figure(figsize=size, dpi=150, layout="constrained")
    return fig.add_subplot()


def to_svg(fig: Figure, name: str) -> str:
    """``fig`` as an ``<svg>`` element to paste into HTML, then free the figure.

    Text is written as ``<text>`` (``svg.fonttype: none``), so Chinese renders
    with the reader's fonts and can be searched and copied. ``name`` salts the
    element ids, so several charts on one page never share a clip-path id.
    """
    buf = io.StringIO()
    rc = {"svg.fonttype": "none", "svg.hashsalt": name, **LITERAL_TEXT}  # ticks made now too
    with rc_context(rc), quiet_glyphs(), settled_layout(fig):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    fig.clear()
    svg = buf.getvalue()
    svg = svg[svg.find("<svg") :]
    # the RDF metadata names matplotlib's web address: drop it, a report links to nothing
    start, end = svg.find("<metadata>"), svg.find("</metadata>")
    if 0 <= start < end:
        svg = svg[:start] + svg[end + len("</metadata>") :]
    # scale with the page: drop the fixed size, keep the viewBox
    head_end = svg.find(">")
    head = svg[:head_end]
    for attr in ("width", "height"):
        i = head.find(f' {attr}="')
        if i >= 0:
            j = head.find('"', i + len(attr) + 3)
            head = head[:i] + head[j + 1 :]
    return f'{head} class="chart" role="img" aria-label="{name}"' + svg[head_end:]
