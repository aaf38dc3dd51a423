"""Charts saved into a folder: at 150 dpi, their text shown as written, then freed.

The charts themselves are drawn by each command's view
(:mod:`simroi.report.views`, through :mod:`simroi.report.plots`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simroi.report.text.safe import printable_lines
from simroi.runs.atomic import replace_atomically

__all__ = ["DPI", "save_figure", "save_figures"]

DPI = 150


def save_figure(fig: Any, path: str | os.PathLike[str]) -> Path:
    """Save a matplotlib Figure at 150 dpi (format from the suffix), then free its contents.

    Every text already in the figure is shown literally (a ``$`` in a scenario
    name is a dollar sign, not mathtext) and without control characters (an
    escape code in a name is dropped, not drawn as a box). A glyph missing from the fonts (an
    emoji) is drawn as a box and a name too long to lay out is cut off: neither
    is worth a warning to the user, who chose the name.
    """
    from simroi.report.plots._style import settled_layout

    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    for text in fig.findobj(lambda artist: hasattr(artist, "set_parse_math")):
        text.set_parse_math(False)
        if text.get_text():
            text.set_text(printable_lines(text.get_text()))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings(
            "ignore", message="constrained_layout not applied", category=UserWarning
        )
        with settled_layout(fig):  # a chart that measured its layout last: not laid out again
            replace_atomically(path, lambda tmp: fig.savefig(tmp, dpi=DPI, format=fmt))
    fig.clear()
    return path


def save_figures(folder: str | os.PathLike[str], figures: Mapping[str, Any]) -> list[Path]:
    """Save each Figure of ``figures`` (file name -> Figure) into ``folder``; their paths."""
    from simroi.report.plots.fonts import quiet_glyphs

    with quiet_glyphs():  # a missing CJK font was reported once already; no per-glyph noise
        return [save_figure(fig, Path(folder) / name) for name, fig in figures.items()]
