"""One module per command: what a person sees of its result.

Each view has ``table(data)``, the terminal table (a rich Table); ``reading(data)``,
the table in plain words, where the command has one; and ``figures(data, *, lang)``,
the charts of the command's folder (file name -> matplotlib Figure, saved by
:func:`simroi.report.figures.save_figures`). ``data`` is what the command writes as
JSON. matplotlib is imported only when a chart is drawn.
"""
