"""One module per command: what a person sees of its result.

Each view has ``table(data)``, the terminal table (a rich Table); ``reading(data)``,
the table in plain words, where the command has one; and ``figures(data, *, lang)``,
the charts of the command's folder (file name -> matplotlib Figure, saved by
:func:`simroi.report.figures.save_figures`). ``data`` is what the command writes as
JSON. matplotlib is imported only when a chart is drawn.
"""

from __future__ import annotations

from typing import Any


def result_of(folder: Any) -> Any:
    """What a view reads: a folder's result (:class:`simroi.runs.readback.RunFolder`), or
    the result itself when it is given as it is."""
    return folder.result if hasattr(folder, "result") else folder
