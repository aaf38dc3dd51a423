"""The terminal: a table laid out the one way every command's table is, fitted to the
width without ever dropping the column that says which row is which; a progress bar.

Each command's table is in its view (:mod:`simroi.report.views`); numbers are
written by :mod:`simroi.report.text.numbers`, to their Monte Carlo error.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from simroi.report.text.i18n import text

__all__ = ["fit_table", "make_table", "print_table", "progress_bar"]

#: A key column is never narrower than this (or its longest cell, if shorter); it folds
#: its text inside a quarter of the width rather than push the metric columns out.
KEY_MIN = 12


def make_table(title: str, *columns: str, key_columns: int = 1) -> Table:
    """A table titled on the left, without outer edges: the first ``key_columns``
    columns (which row is which) on the left, the metric columns right-aligned."""
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i < key_columns else "right")
    return table


def from_cells(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    """:func:`make_table` of a page's cells (:class:`~simroi.report.documents.sections.Cell`):
    each cell's text, as the page and the workbook write it."""
    table = make_table(title, *columns)
    for row in rows:
        table.add_row(*(c.text for c in row))
    return table


def print_table(
    table: Table,
    *,
    key_columns: int | None = None,
    lang: str = "en",
    width: int | None = None,
    console: Console | None = None,
) -> None:
    """Print ``table`` fitted to the terminal (see :func:`fit_table`).

    ``key_columns`` is how many leading columns say which row is which (a sweep's
    varied inputs, a batch's file, a vendor); by default, the leading left-aligned
    columns (:func:`make_table` aligns its ``key_columns`` left), at least one. The
    width is ``width``, else the console's: the terminal's, or ``COLUMNS``, or 80
    when piped. ``lang`` is the language of the note naming columns left out. Any
    other rich renderable (one that fits itself to the width) is printed as it is; a
    table without rows prints its title alone.
    """
    console = console or Console(soft_wrap=True, width=width)
    if not isinstance(table, Table):  # a renderable that lays itself out (sweep's)
        console.print(table)
        return
    if not table.row_count:  # headings over nothing: the title alone; the reading says why
        if table.title:
            console.print(table.title)
        return
    if key_columns is None:
        key_columns = _leading_left(table)
    console.print(fit_table(table, width or console.width, key_columns=key_columns, lang=lang))


def fit_table(table: Table, width: int, *, key_columns: int = 1, lang: str = "en"):
    """``table`` laid out to fit ``width`` columns, keeping its first ``key_columns``.

    In order of preference:

    1. the table as it is, its metric columns never wrapped and its key columns
       folding their text if they must (never narrower than :data:`KEY_MIN`);
    2. the same table with metric columns left out from the right, as long as at
       least two remain, and a caption naming those left out (``--json`` has all);
    3. a vertical layout: one block per row, the key first, then ``header  value``
       lines (every figure kept).

    Returns a rich renderable; ``table`` itself is not changed.
    """
    console = Console(width=width)
    base = _prepared(table, key_columns, width, console)
    if _fits(base, width, console):
        return base
    metrics = list(range(key_columns, len(base.columns)))
    for keep in range(len(metrics) - 1, 1, -1):
        shown = [*range(key_columns), *metrics[:keep]]
        hidden = [str(base.columns[i].header) for i in metrics[keep:]]
        subset = _subset(base, shown)
        note = text("terminal_hidden_columns", lang, columns=", ".join(hidden))
        subset.caption = f"{base.caption}\n{note}" if base.caption else note
        subset.caption_justify = "left"
        if _fits(subset, width, console):
            return subset
    return _vertical(base, key_columns)


def _leading_left(table: Table) -> int:
    k = 0
    while k < len(table.columns) and table.columns[k].justify == "left":
        k += 1
    return max(1, min(k, len(table.columns) - 1)) if len(table.columns) > 1 else 1


def _prepared(table: Table, key_columns: int, width: int, console: Console) -> Table:
    """A copy of ``table`` whose metric columns never wrap and whose key columns fold
    inside what the metric columns leave (at least ``max(KEY_MIN, width // 4)``
    characters), but no narrower than they need."""
    out = copy.copy(table)
    out.columns = [copy.copy(c) for c in table.columns]
    metrics = sum(
        max([console.measure(c).maximum for c in column.cells] + [len(str(column.header))]) + 3
        for column in out.columns[key_columns:]
    )
    cap = max(KEY_MIN, width // 4, (width - metrics) // max(key_columns, 1) - 3)
    for i, column in enumerate(out.columns):
        if i < key_columns:
            longest = max((console.measure(c).maximum for c in column.cells), default=1)
            header = console.measure(column.header).maximum if column.header else 1
            column.min_width = min(max(longest, header), max(cap, header))
            column.max_width = max(cap, header) if longest > cap else None
            column.overflow = "fold"
            column.no_wrap = False
        else:
            column.no_wrap = True
    return out


def _fits(table: Table, width: int, console: Console) -> bool:
    """Whether ``table`` fits ``width`` with its key columns folded to their least width
    and every other column as wide as its widest cell (rich's own minimum would wrap
    a ``no_wrap`` cell's words, so it is not used)."""
    folded = copy.copy(table)
    folded.columns = [copy.copy(c) for c in table.columns]
    for column in folded.columns:
        if column.overflow == "fold" and column.min_width is not None:
            column.max_width = column.min_width
    wide = console.options.update_width(100_000)
    return console.measure(folded, options=wide).maximum <= width


def _subset(table: Table, shown: list[int]) -> Table:
    out = copy.copy(table)
    out.columns = []
    for j, i in enumerate(shown):
        column = copy.copy(table.columns[i])
        column._index = j
        out.columns.append(column)
    return out


def _vertical(table: Table, key_columns: int) -> Table:
    """One block per row: its key cells (after their headers) on one bold line, then each metric as
    ``header  value``; blocks separated by a rule."""
    out = Table(
        title=table.title,
        title_justify="left",
        caption=table.caption,
        caption_justify="left",
        show_header=False,
        show_edge=False,
    )
    columns = [list(c.cells) for c in table.columns]
    headers = [str(c.header) for c in table.columns]
    longest = max((len(h) + 2 for h in headers[key_columns:]), default=1)
    out.add_column(overflow="fold", min_width=longest)
    out.add_column(justify="right", no_wrap=True)
    for r in range(len(columns[0]) if columns else 0):
        key = " · ".join(
            f"{headers[i]} {_plain(columns[i][r])}" if headers[i] else _plain(columns[i][r])
            for i in range(key_columns)
        )
        out.add_row(Text(key, style="bold"), "")
        for i in range(key_columns, len(columns)):
            out.add_row(f"  {headers[i]}", columns[i][r])
        out.add_section()
    return out


def _plain(cell) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool) -> Iterator:
    """A progress bar on stderr; yields a callback taking completed iterations (or None)."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda k: bar.advance(task, k)
