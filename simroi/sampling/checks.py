"""How a distribution spec's values are checked: numbers, pairs, lists, and the nearest
name for a misspelt one (:mod:`simroi.sampling.specs` builds the distributions)."""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Mapping
from typing import Any

from simroi.sampling.distributions import _show

__all__ = [
    "MAX_MAGNITUDE",
    "must_be_less",
    "read_number",
    "read_numbers",
    "read_pair",
    "read_param",
    "suggest",
]


def must_be_less(path: str, lo_key: str, lo: Any, hi_key: str, hi: Any, equal: bool) -> str:
    """The message of bounds in the wrong order; equal bounds get the constant hint."""
    hint = "; for a fixed value use a constant" if equal else ""
    return f"{path}: '{lo_key}' ({_show(lo)}) must be < '{hi_key}' ({_show(hi)}){hint}"


# As for constants in a scenario: beyond this, sums and products of draws overflow.
MAX_MAGNITUDE = 1e300


def read_number(v: Any, where: str, errors: list[str]) -> float | None:
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        errors.append(f"{where}: must be a number, got {_show(v)}")
        return None
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not abs(f) <= MAX_MAGNITUDE:
        errors.append(f"{where}: must be a finite number of size at most 1e300, got {_show(f)}")
        return None
    return f


def read_param(
    p: dict, key: str, path: str, errors: list[str], default: float | None = None
) -> float | None:
    if key not in p:
        return default
    return read_number(p[key], f"{path}.{key}", errors)


def read_pair(v: Any) -> tuple[float, float] | None:
    if not isinstance(v, list | tuple) or len(v) != 2:
        return None
    scratch: list[str] = []
    lo, hi = read_number(v[0], "", scratch), read_number(v[1], "", scratch)
    if lo is None or hi is None:
        return None
    return lo, hi


def read_numbers(v: Any, where: str, errors: list[str]) -> list[float] | None:
    if not isinstance(v, list | tuple) or len(v) == 0:
        errors.append(f"{where}: must be a non-empty list of numbers, got {_show(v)}")
        return None
    out = [read_number(x, f"{where}[{i}]", errors) for i, x in enumerate(v)]
    if any(x is None for x in out):
        return None
    return out  # type: ignore[return-value]


def suggest(word: str, choices: tuple[str, ...], aliases: Mapping[str, str] = {}) -> str | None:
    low = word.lower().strip()
    if low in choices:
        return low
    if low in aliases:
        return aliases[low]
    close = difflib.get_close_matches(low, choices, n=1, cutoff=0.6)
    return close[0] if close else None
