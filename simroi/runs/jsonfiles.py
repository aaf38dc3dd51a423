"""JSON in a run folder: written atomically with NaN as null, read back within a size cap.

:func:`json_text` and :func:`write_json` serialise what they are given (numpy
and pandas values made JSON-native, NaN and infinities as ``null``); nothing
here computes results. :func:`load_json` reads a file that may be hostile (run
folders are forwarded, unpacked and edited) only once it is known to be a
regular file within a size cap and nested no deeper than :data:`MAX_DEPTH`, so
that no file can make the parser recurse or allocate without bound.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from simroi.errors import ConfigError
from simroi.runs.atomic import replace_atomically

__all__ = ["MAX_DEPTH", "json_text", "load_json", "write_json"]

MAX_DEPTH = 32  # simroi's own files nest 6 levels at most


def _plain(obj: Any) -> Any:
    """``obj`` with numpy and pandas values made JSON-native and NaN/inf made None."""
    # A pandas value exists only once pandas is imported (perhaps on another thread as we
    # speak: then it has no Series yet, and no value of it exists either).
    pd = sys.modules.get("pandas")
    series, na = getattr(pd, "Series", None), getattr(pd, "NA", None)
    if isinstance(obj, Mapping):
        return {_key(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset | np.ndarray) or (
        series is not None and isinstance(obj, series)
    ):
        return [_plain(v) for v in (obj.tolist() if hasattr(obj, "tolist") else obj)]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if obj is None or isinstance(obj, str | int | bool):
        return obj
    if na is not None and obj is na:
        return None
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    raise TypeError(f"cannot write {type(obj).__name__} to JSON: {obj!r}")


def _key(key: Any) -> str | int | float | bool | None:
    return key.item() if isinstance(key, np.generic) else key


def json_text(obj: Any) -> str:
    """``obj`` as JSON text (indent 2, UTF-8 characters kept, NaN/inf as ``null``)."""
    return json.dumps(_plain(obj), indent=2, ensure_ascii=False, allow_nan=False)


def write_json(path: str | os.PathLike[str], obj: Any) -> Path:
    """Write ``obj`` as JSON (see :func:`json_text`), replacing ``path`` atomically."""
    path = Path(path)
    replace_atomically(path, lambda tmp: tmp.write_text(json_text(obj) + "\n", encoding="utf-8"))
    return path


def load_json(path: Path, most_bytes: int) -> Any:
    """The JSON in ``path``: a regular file of at most ``most_bytes``, nested at most
    MAX_DEPTH deep (NaN and Infinity are read as floats, for :func:`check` to refuse)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ConfigError(f"cannot be read ({exc.strerror})", source=str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError("is not a regular file", source=str(path))
        if info.st_size > most_bytes:
            raise ConfigError(
                f"holds {info.st_size:,} bytes; simroi writes at most {most_bytes:,}",
                source=str(path),
            )
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(most_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > most_bytes:  # it grew while we read it
        raise ConfigError(f"holds more than {most_bytes:,} bytes", source=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"is not UTF-8 text ({exc.reason})", source=str(path)) from None
    if _depth(text) > MAX_DEPTH:
        raise ConfigError(
            f"is nested more than {MAX_DEPTH} levels deep; simroi writes a few", source=str(path)
        )
    try:
        return json.loads(text)
    except ValueError as exc:  # JSONDecodeError, or an integer of more than 4,300 digits
        raise ConfigError(f"cannot be read as JSON ({exc})", source=str(path)) from None


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def _depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in JSON text, outside strings (linear time)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    marks = np.frombuffer(_STRING.sub("", text).encode(), dtype=np.uint8)
    step = np.isin(marks, (ord("["), ord("{"))).astype(np.int64)
    step -= np.isin(marks, (ord("]"), ord("}")))
    return int(np.cumsum(step).max(initial=0))
