"""The terminal: a table laid out the one way every command's table is, printed; a progress bar.

Each command's table is in its view (:mod:`simroi.report.views`); numbers are
written by :mod:`simroi.report.text.numbers`, to their Monte Carlo error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

__all__ = ["make_table", "print_table", "progress_bar"]


def make_table(title: str, *columns: str) -> Table:
    """A table titled on the left, without outer edges: the first column left, the rest right."""
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    return table


def print_table(table: Table) -> None:
    Console(soft_wrap=True).print(table)


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
