"""Charts saved into a folder: at 150 dpi, their text shown as written, then freed.

The charts themselves are drawn by each command's view
(:mod:`simroi.report.views`, through :mod:`simroi.report.plots`). Drawing and
rendering them is their cost (a run's five: about 0.4 s and 0.5 s), so with two cores
or more a forked copy of this process renders every other chart meanwhile (POSIX
only) -- and draws it too when it is handed over as the call that draws it.
"""

from __future__ import annotations

import os
import signal
import warnings
from collections.abc import Callable, Mapping
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
    """Save each Figure of ``figures`` (file name -> Figure, or a call that draws it)
    into ``folder``; their paths.

    With two cores or more, a forked child saves every other Figure (drawing it first,
    when given the call) while this process saves the rest. Should the child fail, this
    process saves its share again, so an error is raised here as it would be without the
    child; an exception here (a signal) kills the child first, so nothing writes into
    ``folder`` after this returns.
    """
    from simroi.report.plots.fonts import quiet_glyphs
    from simroi.simulation.backends import available_cores

    paths = {name: Path(folder) / name for name in figures}
    items = list(figures.items())
    parallel = hasattr(os, "fork") and len(items) > 1 and available_cores() > 1
    theirs, mine = (items[1::2], items[::2]) if parallel else ([], items)
    with quiet_glyphs():  # a missing CJK font was reported once already; no per-glyph noise
        child = (
            _Child(lambda: [save_figure(_drawn(f), paths[name]) for name, f in theirs])
            if theirs
            else None
        )
        try:
            for name, fig in mine:
                save_figure(_drawn(fig), paths[name])
            ok = child is None or child.join()
        finally:
            if child is not None:
                child.kill()
        if not ok:
            for name, fig in theirs:
                save_figure(_drawn(fig), paths[name])
    return list(paths.values())


def _drawn(fig: Any) -> Any:
    """A Figure as it is; a call that draws one, called."""
    return fig() if callable(fig) else fig


class _Child:
    """``work()`` in a forked copy of this process, started at once."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.pid: int | None = os.fork()
        if self.pid == 0:  # the child: never returns, never runs this process's exit handlers
            code = 1
            try:
                work()
                code = 0
            finally:
                os._exit(code)

    def join(self) -> bool:
        """Wait for the child; whether its work succeeded."""
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status) == 0

    def kill(self) -> None:
        """Stop the child unless it was joined already."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
