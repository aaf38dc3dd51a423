"""Text from the user (scenario, vendor and input names) made safe to show.

A name is data: on a terminal it must not move the cursor, recolour the screen
or set the window title (escape sequences), nor be read as rich markup; in a
chart it must not be read as mathtext (``$...$``); in a spreadsheet it must not
be read as a formula (``=HYPERLINK(...)``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = ["FORMULA_START", "for_terminal", "printable", "printable_lines", "spreadsheet_text"]

# Bidirectional overrides and isolates can reorder what a terminal shows.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# What makes Excel, LibreOffice or Sheets read a CSV cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` without control characters: ESC, BEL, C1 codes, bidi overrides gone;
    tabs and line breaks become spaces; half of a UTF-16 pair (which no terminal or
    file can take) is written as its escape.

    >>> printable("\\x1b[31mRED\\x1b[0m\\tname \\ud83d")
    '[31mRED[0m name \\\\ud83d'
    """
    out = []
    for ch in text:
        if ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) == "Cs":
            out.append(f"\\u{ord(ch):04x}")
        elif unicodedata.category(ch) != "Cc" and ch not in _BIDI:
            out.append(ch)
    return "".join(out)


def printable_lines(text: str) -> str:
    """:func:`printable` line by line: the line breaks of a chart title are kept.

    >>> printable_lines("ROI\\n\\x1b[31mRED")
    'ROI\\n[31mRED'
    """
    return "\n".join(printable(line) for line in text.split("\n"))


def for_terminal(obj: Any) -> Any:
    """``obj`` with every string (keys too) made printable and its rich markup escaped."""
    from rich.markup import escape

    if isinstance(obj, str):
        return escape(printable(obj))
    if isinstance(obj, Mapping):
        return {for_terminal(k): for_terminal(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(for_terminal(v) for v in obj)
    return obj


def spreadsheet_text(text: str) -> str:
    """``text`` for a text cell of a CSV file: a leading ``'`` when a spreadsheet would read
    it as a formula (it starts with ``= + - @``, a tab or a carriage return).

    >>> spreadsheet_text('=HYPERLINK("http://x","click")')
    '\'=HYPERLINK("http://x","click")'
    >>> spreadsheet_text("costs.seats")
    'costs.seats'
    """
    return "'" + text if text.startswith(FORMULA_START) else text
