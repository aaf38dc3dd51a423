"""A report as sections: what every command's document is made of, for every writer.

A command's view (:mod:`simroi.report.views`) says *what* its report holds — in the
report's language, every figure already written by the one number rule of
:mod:`simroi.report.text.numbers` — and the writers (HTML and PDF, Excel) say only *how
it is laid out*. A writer never computes, formats a number or chooses a word.

- :class:`Cell` is one figure: the text every surface shows, and the raw value (with its
  kind) that a workbook stores in the cell under a number format.
- :class:`Table` is rows of cells under column headers; its first ``key_columns``
  columns say which row is which (a vendor, a variant, an input) and are never dropped.
- :class:`Section` is a title, sentences a person can repeat, tables and charts (by
  their name in the folder, :class:`simroi.runs.layout.Chart`).
- :class:`Report` is a title, a subtitle, the headline and the sections; the first
  section is page one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Cell", "Kind", "Report", "Section", "Table"]

#: What a cell's raw value is, for the workbook's number format: a probability or a
#: rate (0.123 -> 12.3 %), an amount of the report's currency, a count of months, a
#: plain number, or text (a name, a label: always stored as text, never a formula).
Kind = Literal["probability", "percent", "money", "months", "number", "text"]


@dataclass(frozen=True)
class Cell:
    """One figure: ``text`` as every surface writes it, ``value`` as a workbook stores it."""

    text: str
    value: float | int | str | None = None
    kind: Kind = "text"
    key: str = ""  # the result's dotted key ("metrics.npv.p10"), where it has one
    unit: str = ""  # a money cell's currency when not the report's (a batch of files)

    @classmethod
    def of(cls, text: str) -> Cell:
        """A cell of words."""
        return cls(text, text, "text")


@dataclass(frozen=True)
class Table:
    """Rows of cells under ``columns``; ``key_columns`` leading columns name the row."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    key_columns: int = 1
    caption: str = ""
    note: str = ""  # what a reader needs to read it: the rule, the sample, the unit
    page_rows: int | None = None  # rows a page (HTML, PDF) shows; the workbook holds all
    page_more: str = ""  # what a page says in place of the rows it leaves out


@dataclass(frozen=True)
class Section:
    """A titled part of a report: sentences, then tables, then charts."""

    title: str
    sentences: Sequence[str] = ()
    tables: Sequence[Table] = ()
    charts: Sequence[str] = ()  # chart names (runs.layout.Chart) the view's figures draw
    anchor: str = ""  # the HTML id and the workbook's sheet, when it has one of its own


@dataclass
class Report:
    """A whole report in one language: page one is ``sections[0]``."""

    lang: str
    kind: str  # the command that wrote the folder
    title: str
    subtitle: str
    headline: str | None = None
    sections: list[Section] = field(default_factory=list)
    footer: str = ""  # scenario, date, simroi version: printed on every page
    currency: str = ""  # of money cells without a unit of their own
