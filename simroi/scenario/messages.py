"""How a scenario problem is worded: ``<dotted.path> (line N): <rule>, got <value>``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from simroi.scenario.schema import fmt

__all__ = ["hint", "join_path", "message", "show", "under"]


# --------------------------------------------------------------------------- messages


def join_path(path: str, key: str) -> str:
    """``path.key`` (just ``key`` at the top level)."""
    return f"{path}.{key}" if path else key


def under(path: str, top: str) -> bool:
    """Whether ``path`` is ``top`` or inside it (``top.x``, ``top[2]``)."""
    return path == top or path.startswith((top + ".", top + "["))


def _line(path: str, lines: Mapping[str, int]) -> int | None:
    """The line of ``path``, or of its nearest ancestor that is in the file."""
    while path and lines:
        if path in lines:
            return lines[path]
        item = re.fullmatch(r"(.*)\[\d+\]", path)
        path = item.group(1) if item else path.rpartition(".")[0]
    return None


def message(path: str, text: str, lines: Mapping[str, int]) -> str:
    """``<path> (line N): <text>``, or ``<path>: <text>`` when the line is unknown."""
    line = _line(path, lines)
    return f"{path} (line {line}): {text}" if line else f"{path}: {text}"


def show(value: object) -> str:
    """A value as the user wrote it, with its kind when it is not a number."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int) and abs(value) >= 10**16:  # not all 400 digits of 10**400
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:4]}e+{len(digits) - 1}"
    if isinstance(value, (int, float)):
        return fmt(value)
    text = repr(value) if isinstance(value, (str, dict, list)) else str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    kind = {str: "a string", dict: "a mapping", list: "a list"}.get(type(value))
    return f"{text} ({kind or type(value).__name__})"


def hint(word: object, options: object) -> str:
    """``; did you mean 'x'?`` for the closest option, or nothing."""
    match = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""
