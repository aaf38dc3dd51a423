"""A JSON schema as data, and its walk: the language the run folder's schema is written in.

The field types below describe a JSON document; :func:`check` walks one over
data and returns every problem as ``<key>: <rule>, got <value>``. Used for the
files of a run folder (:mod:`simroi.runs.schema`), read by
:func:`simroi.runs.jsonfiles.load_json`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simroi.scenario.messages import show
from simroi.scenario.schema import fmt

__all__ = ["Anything", "Flag", "Items", "Number", "Record", "Table", "Text", "check"]

INF = math.inf


# --------------------------------------------------------------------------- field types


@dataclass(frozen=True)
class Number:
    """A finite JSON number (not a boolean) in [lo, hi], whole if ``integer``."""

    lo: float = -INF
    hi: float = INF
    integer: bool = False
    null: bool = False

    def rule(self) -> str:
        what = "a whole number" if self.integer else "a finite number"
        if self.lo == -INF and self.hi == INF:
            return what
        if self.hi == INF:
            return f"{what} >= {fmt(self.lo)}"
        return f"{what} in [{fmt(self.lo)}, {fmt(self.hi)}]"


@dataclass(frozen=True)
class Text:
    """A string of at most ``longest`` characters, one of ``choices`` if given."""

    longest: int = 1000
    choices: tuple[str, ...] = ()
    null: bool = False


@dataclass(frozen=True)
class Flag:
    """``true`` or ``false``."""

    null: bool = False


@dataclass(frozen=True)
class Record:
    """An object with these ``fields`` (``required`` ones must be there); other keys are
    let through unread, up to ``most`` keys in all."""

    fields: Mapping[str, Any]
    required: tuple[str, ...] = ()
    null: bool = False
    most: int = 1000


@dataclass(frozen=True)
class Table:
    """An object of free names (``months``: whole numbers 1..240 as text) to one kind."""

    value: Any
    most: int = 10_000
    months: bool = False
    null: bool = False


@dataclass(frozen=True)
class Items:
    """A list of one kind, of at most ``most`` items."""

    item: Any
    most: int = 10_000
    null: bool = False


@dataclass(frozen=True)
class Anything:
    """Any JSON (its depth and size already capped): kept, never read by the reports."""

    null: bool = True


# --------------------------------------------------------------------------- the walk


def check(value: Any, spec: Any, path: str = "") -> list[str]:
    """Every problem of ``value`` against ``spec``, each ``<path>: <rule>, got <value>``."""
    errors: list[str] = []
    _walk(value, spec, path, errors)
    return errors


def _walk(value: Any, spec: Any, path: str, errors: list[str]) -> None:
    at = path or "the file"
    if value is None:
        if not spec.null:
            errors.append(f"{at}: must not be null")
        return
    if isinstance(spec, Anything):
        return
    if isinstance(spec, Number):
        errors += _number(value, spec, at)
    elif isinstance(spec, Text):
        if not isinstance(value, str):
            errors.append(f"{at}: must be a text, got {show(value)}")
        elif len(value) > spec.longest:
            errors.append(f"{at}: must be a text of at most {spec.longest:,} characters, "
                          f"got one of {len(value):,}")  # fmt: skip
        elif spec.choices and value not in spec.choices:
            errors.append(f"{at}: must be one of {', '.join(spec.choices)}, got {show(value)}")
    elif isinstance(spec, Flag):
        if not isinstance(value, bool):
            errors.append(f"{at}: must be true or false, got {show(value)}")
    elif isinstance(spec, Items):
        if not isinstance(value, list):
            errors.append(f"{at}: must be a list, got {show(value)}")
        elif len(value) > spec.most:
            errors.append(f"{at}: must have at most {spec.most:,} items, got {len(value):,}")
        else:
            for i, item in enumerate(value):
                _walk(item, spec.item, f"{path}[{i}]", errors)
    elif not isinstance(value, dict):
        errors.append(f"{at}: must be a mapping, got {show(value)}")
    elif len(value) > spec.most:
        errors.append(f"{at}: must have at most {spec.most:,} entries, got {len(value):,}")
    elif isinstance(spec, Table):
        for key, item in value.items():
            if spec.months and not (re.fullmatch(r"[0-9]{1,6}", key) and int(key) >= 1):
                errors.append(f"{_join(path, key)}: must be a month (a whole number >= 1)")
                continue
            _walk(item, spec.value, _join(path, key), errors)
    else:
        for key in spec.required:
            if key not in value:
                errors.append(f"{_join(path, key)}: required key is missing")
        for key, sub in spec.fields.items():
            if key in value:
                _walk(value[key], sub, _join(path, key), errors)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _number(value: Any, spec: Number, at: str) -> list[str]:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if ok and isinstance(value, float):
        ok = math.isfinite(value) and (not spec.integer or value.is_integer())
    if ok and spec.integer and isinstance(value, float):
        ok = abs(value) < 2**53
    if ok and not spec.lo <= value <= spec.hi:
        ok = False
    return [] if ok else [f"{at}: must be {spec.rule()}, got {show(value)}"]
