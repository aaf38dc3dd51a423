"""Cells of an export as numbers, dates and outcomes; every bad cell reported by line.

Each parser takes a :class:`~simroi.data.exports.Table` and a column, returns a
numpy array (NaN / NaT / -1 for an empty cell) and appends one message per bad
cell to ``errors``: ``line 14, column 'Created' (created): cannot read '2024-13-45'
as a date``. An empty cell is not an error here: whether a value may be missing
is the caller's rule.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from simroi.data.exports import Table

__all__ = ["MAX_LISTED", "amounts", "dates", "flush", "outcomes"]

MAX_LISTED = 20  # bad cells listed one by one; the rest are counted
WON, LOST, OPEN = 1, 0, -1

_WON_WORDS = {
    "won", "win", "closedwon", "closed won", "yes", "y", "true", "1", "success", "successful",
    "赢单", "赢", "成交", "已成交", "签约", "已签约", "成功", "是",
}  # fmt: skip
_LOST_WORDS = {
    "lost", "lose", "closedlost", "closed lost", "no", "n", "false", "0", "failed",
    "disqualified", "输单", "丢单", "失败", "未成交", "已流失", "否", "放弃",
}  # fmt: skip
_MONEY_NOISE = re.compile(r"[\s,¥￥$€£]|元|RMB|CNY|USD|EUR", re.IGNORECASE)
_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")


def _where(table: Table, i: int, column: str, role: str) -> str:
    return f"line {table.lines[i]}, column {column!r} ({role})"


def dates(table: Table, column: str, role: str, errors: list[str]) -> np.ndarray:
    """Days since 1970-01-01 as floats (NaN for an empty cell)."""
    cells = table.frame[column]
    text = cells.map(lambda s: _CN_DATE.sub(r"\1-\2-\3", s) if s else s)
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", format="mixed")
    out = np.full(len(cells), np.nan)
    ok = parsed.notna().to_numpy()
    out[ok] = (parsed[ok].dt.normalize() - pd.Timestamp("1970-01-01")).dt.days.to_numpy()
    for i in np.flatnonzero(~ok & (cells != "").to_numpy()):
        errors.append(f"{_where(table, i, column, role)}: cannot read {cells.iat[i]!r} as a date")
    return out


def amounts(
    table: Table, column: str, role: str, errors: list[str], *, negative: bool = False
) -> np.ndarray:
    """Numbers, >= 0 unless ``negative``; currency signs and separators allowed; NaN if empty."""
    cells = table.frame[column]
    out = np.full(len(cells), np.nan)
    for i, s in enumerate(cells):
        if not s:
            continue
        try:
            v = float(_MONEY_NOISE.sub("", s))
        except ValueError:
            errors.append(f"{_where(table, i, column, role)}: cannot read {s!r} as a number")
            continue
        if not np.isfinite(v):
            errors.append(f"{_where(table, i, column, role)}: must be finite, got {s!r}")
        elif v < 0 and not negative:
            errors.append(f"{_where(table, i, column, role)}: must be >= 0, got {s!r}")
        else:
            out[i] = v
    return out


def outcomes(table: Table, column: str, role: str, errors: list[str], *, flag: bool) -> np.ndarray:
    """1 won, 0 lost, -1 open (or empty) for each row.

    ``flag``: the column is a won flag (yes/no, 1/0, 是/否), where any other
    value is an error; otherwise a stage, where any value that is neither a won
    nor a lost word (``Proposal``, ``谈判中``) is an open deal.
    """
    cells = table.frame[column]
    out = np.full(len(cells), OPEN, dtype=np.int8)
    for i, s in enumerate(cells):
        word = s.strip().lower()
        if not word:
            continue
        if word in _WON_WORDS or word.replace(" ", "") in _WON_WORDS:
            out[i] = WON
        elif word in _LOST_WORDS or word.replace(" ", "") in _LOST_WORDS:
            out[i] = LOST
        elif flag:
            errors.append(
                f"{_where(table, i, column, role)}: cannot read {s!r} as won or lost "
                "(yes/no, true/false, 1/0, won/lost, 是/否)"
            )
    return out


def flush(table: Table, errors: list[str]) -> None:
    """Raise the collected messages (at most :data:`MAX_LISTED`, the rest counted)."""
    if not errors:
        return
    shown = errors[:MAX_LISTED]
    if len(errors) > MAX_LISTED:
        shown.append(f"... and {len(errors) - MAX_LISTED} more bad cells")
    raise table.error(shown)
