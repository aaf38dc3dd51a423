"""Columns of dates as CRMs and spreadsheets write them, the day-month order decided per column.

Forms read (a time after the date is ignored): year first, which is never ambiguous
(``2024-03-05``, ``2024/3/5``, ``2024.03.05``, ``2024年3月5日``, ``20240305``);
with a month name (``5 Mar 2024``, ``05-Mar-24``, ``March 5, 2024``); and day and
month as numbers before the year (``05/03/2024``, ``5.3.24``), which is 5 March
day first and 3 May month first.

The order of a column is decided from all its cells, never cell by cell: a cell
that reads only one way (``13/03/2024``) decides it; a column with cells that read
only one way and cells that read only the other is an error. A column whose every
day is 12 or less takes, in turn:

1. ``--date-format`` (``dayfirst``, ``monthfirst`` or a format such as ``%d/%m/%Y``);
2. the order the other date columns of the file were decided in (one file, one locale);
3. for a pair that must be in order (a deal's close date on or after its creation
   date), the one order under which every row is in order, when the other puts
   some close date before its creation date;
4. for a column of months (``month_starts``), the order that puts every date on
   the first of its month.

Otherwise it is one error naming ``--date-format``. Steps 2-4 each add a note
saying what decided the order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

__all__ = ["ORDERS", "read_dates", "read_months"]

ORDERS = {"dayfirst": "day first (dd/mm/yyyy)", "monthfirst": "month first (mm/dd/yyyy)"}
_EPOCH = dt.date(1970, 1, 1).toordinal()
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?\s*$"  # noqa: E501
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _TIME)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
_DAY_NAME = re.compile(r"^(\d{1,2})[ \-/.]?([A-Za-z]{3,9})\.?[ \-/.,]*(\d{4}|\d{2})" + _TIME)
_NAME_DAY = re.compile(r"^([A-Za-z]{3,9})\.?[ \-/.]?(\d{1,2})(?:st|nd|rd|th)?,?[ \-/.]*(\d{4})"
                       + _TIME)  # fmt: skip
_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
_MONTHS = {m[:3].lower(): i + 1 for i, m in enumerate(_NAMES)}
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")  # 2025-01, 2025年1月
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")  # 01/2025
_NAME_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?[ \-/']*(\d{4}|\d{2})$")  # Jan 2025, Jan-25


def _day(y: int, m: int, d: int) -> float:
    if y < 100:
        y += 2000 if y < 69 else 1900  # strptime's %y
    try:
        return float(dt.date(y, m, d).toordinal() - _EPOCH)
    except ValueError:
        return np.nan


def _month(name: str) -> int:
    name = name.lower()
    m = _MONTHS.get(name[:3], 0)
    return m if m and (_NAMES[m - 1].lower().startswith(name) or name == "sept") else 0


def _fixed(s: str) -> float | None:
    """The date of a cell that reads only one way (None: not such a cell)."""
    for pattern in (_YMD, _COMPACT):
        m = pattern.match(s)
        if m:
            return _day(int(m[1]), int(m[2]), int(m[3]))
    m = _DAY_NAME.match(s)
    if m and _month(m[2]):
        return _day(int(m[3]), _month(m[2]), int(m[1]))
    m = _NAME_DAY.match(s)
    if m and _month(m[1]):
        return _day(int(m[3]), _month(m[1]), int(m[2]))
    return None


def _strptime(s: str, fmt: str) -> float:
    for text in (s, re.sub(_TIME, "", s, count=1)):
        try:
            return float(dt.datetime.strptime(text.strip(), fmt).date().toordinal() - _EPOCH)
        except ValueError:
            continue
    return np.nan


@dataclass(eq=False)
class _Column:
    """One column scanned: its dates under each order, and what its cells prove."""

    name: str
    role: str
    by_order: dict[str, np.ndarray]
    proof: dict[str, int] = field(default_factory=dict)  # order -> first cell only it reads
    cells: list[int] = field(default_factory=list)  # the day/month cells that read some way
    order: str | None = None

    @property
    def numeric(self) -> bool:
        return bool(self.cells)

    @property
    def possible(self) -> set[str]:
        if not self.numeric:
            return set(ORDERS)
        if len(self.proof) == 1:
            return set(self.proof)
        return set() if self.proof else set(ORDERS)


def _scan(cells, name: str, role: str, fmt: str | None) -> _Column:
    n = len(cells)
    col = _Column(name, role, {o: np.full(n, np.nan) for o in ORDERS})
    for i, s in enumerate(cells):
        if not s:
            continue
        if fmt is not None and fmt not in ORDERS:
            v = _strptime(s, fmt)
            if not np.isfinite(v):
                v = _fixed(s)
            for o in ORDERS:
                col.by_order[o][i] = np.nan if v is None else v
            continue
        v = _fixed(s)
        if v is not None:
            for o in ORDERS:
                col.by_order[o][i] = v
            continue
        m = _NUMERIC.match(s)
        if m is None:
            continue
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        dmy, mdy = _day(y, b, a), _day(y, a, b)
        col.by_order["dayfirst"][i], col.by_order["monthfirst"][i] = dmy, mdy
        if np.isfinite(dmy) or np.isfinite(mdy):
            col.cells.append(i)
        if np.isfinite(dmy) != np.isfinite(mdy):
            col.proof.setdefault("dayfirst" if np.isfinite(dmy) else "monthfirst", i)
    return col


def _example(cells, col: _Column) -> str:
    i = next(i for i, s in enumerate(cells)
             if _NUMERIC.match(s) and np.isfinite(col.by_order["dayfirst"][i]))  # fmt: skip
    d, m = (dt.date.fromordinal(int(col.by_order[o][i]) + _EPOCH) for o in ORDERS)
    return (f"{cells[i]!r} is {d.day} {_NAMES[d.month - 1]} day first, "
            f"{m.day} {_NAMES[m.month - 1]} month first")  # fmt: skip


def read_dates(
    table,
    specs: list[tuple[str, str]],
    errors: list[str],
    notes: list[str],
    *,
    ordered: tuple[int, int] | None = None,
    month_starts: bool = False,
) -> list[np.ndarray]:
    """Days since 1970-01-01 (NaN where empty or unreadable) of each ``(column, role)``.

    Parameters
    ----------
    table : :class:`~simroi.data.exports.Table`
        Its ``options.date_format`` is ``--date-format``.
    ordered : (i, j), optional
        Specs ``i`` and ``j`` are a creation and a close date: step 3 of the module
        docstring (rows where either is empty do not count).
    month_starts : bool
        Step 4: the columns hold months.
    """
    fmt = table.options.date_format
    frame = table.frame
    cols = [_scan(frame[c].tolist(), c, r, fmt) for c, r in specs]
    label = {id(c): f"column {c.name!r} ({c.role})" for c in cols}
    for c in cols:
        if fmt in ORDERS:
            c.order = fmt
        elif len(c.possible) == 1 and c.numeric:
            c.order = next(iter(c.possible))
        elif not c.possible:
            i, j = c.proof["dayfirst"], c.proof["monthfirst"]
            cells = frame[c.name]
            errors.append(
                f"{label[id(c)]}: day-first dates ({cells.iat[i]!r}, line {table.lines[i]}) and "
                f"month-first dates ({cells.iat[j]!r}, line {table.lines[j]}) in one column; "
                "pass --date-format (e.g. %d/%m/%Y) and correct the others"
            )
            return [c.by_order["dayfirst"] for c in cols]
    open_ = [c for c in cols if c.numeric and c.order is None]
    decided = {c.order for c in cols if c.numeric and c.order}
    if open_ and len(decided) == 1:
        order = decided.pop()
        for c in open_:
            c.order = order
        notes.append(
            f"dates in {', '.join(label[id(c)] for c in open_)} read {ORDERS[order]} like the "
            "other date columns of the file (each of their days is 12 or less)"
        )
        open_ = []
    if open_ and ordered is not None and any(cols[k] in open_ for k in ordered):
        a, b = cols[ordered[0]], cols[ordered[1]]
        bad = {o: int(np.sum(b.by_order[o] < a.by_order[o])) for o in ORDERS}
        fits = [o for o in ORDERS if bad[o] == 0]
        if len(fits) == 1:
            order, other = fits[0], next(o for o in ORDERS if o != fits[0])
            for c in open_:
                c.order = order
            notes.append(
                f"dates in {', '.join(label[id(c)] for c in open_)} read {ORDERS[order]}: every "
                f"day is 12 or less, and only this way is each {b.role} date on or after its "
                f"{a.role} date (the other way, {bad[other]} would close before they were "
                "created); pass --date-format if that is wrong"
            )
            open_ = []
    if open_ and month_starts:
        for c in list(open_):
            firsts = [o for o in ORDERS if _all_firsts(c.by_order[o][c.cells])]
            if len(firsts) == 1:
                c.order = firsts[0]
                open_.remove(c)
                notes.append(
                    f"dates in {label[id(c)]} read {ORDERS[c.order]}: every day is 12 or less, "
                    "and only this way is each the first of its month"
                )
    if open_:
        cells = frame[open_[0].name].tolist()
        errors.append(
            f"{', '.join(label[id(c)] for c in open_)}: every day is 12 or less, so the dates "
            f"read either way ({_example(cells, open_[0])}); pass --date-format dayfirst "
            "(%d/%m/%Y) or --date-format monthfirst (%m/%d/%Y)"
        )
        return [c.by_order["dayfirst"] for c in cols]
    out = []
    for c in cols:
        values = c.by_order[c.order or "dayfirst"]
        cells = frame[c.name]
        for i in np.flatnonzero(np.isnan(values) & (cells != "").to_numpy()):
            s = cells.iat[i]
            how = (
                f" as {fmt} (--date-format)" if fmt and fmt not in ORDERS
                else f" {ORDERS[c.order]}" if c.order and _NUMERIC.match(s) else ""
            )  # fmt: skip
            errors.append(
                f"line {table.lines[i]}, {label[id(c)]}: cannot read {s!r} as a date{how}"
            )
        out.append(values)
    return out


def _all_firsts(days: np.ndarray) -> bool:
    ok = days[np.isfinite(days)]
    return ok.size > 0 and all(dt.date.fromordinal(int(d) + _EPOCH).day == 1 for d in ok)


def _month_only(s: str) -> float | None:
    """The first day of a cell naming a month without a day (None: not such a cell)."""
    for pattern, y, m in ((_YEAR_MONTH, 1, 2), (_MONTH_YEAR, 2, 1)):
        hit = pattern.match(s)
        if hit:
            return _day(int(hit[y]), int(hit[m]), 1)
    hit = _NAME_YEAR.match(s)
    if hit and _month(hit[1]):
        return _day(int(hit[2]), _month(hit[1]), 1)
    return None


def read_months(table, column: str, role: str, errors: list[str], notes: list[str]) -> np.ndarray:
    """The first day of the month of each cell: a month (``2025-01``, ``2025年1月``,
    ``01/2025``, ``Jan-25``) or any date in it (read as by :func:`read_dates`, the
    order of ``01/03/2025``-shaped cells decided so that every date is a month's first
    if they are all ambiguous). An empty cell is an error.
    """
    cells = table.frame[column]
    out = np.full(len(cells), np.nan)
    rest = np.zeros(len(cells), dtype=bool)
    where = [f"line {table.lines[i]}, column {column!r} ({role})" for i in range(len(cells))]
    for i, s in enumerate(cells):
        v = _month_only(s) if s else None
        if not s:
            errors.append(f"{where[i]}: empty")
        elif v is not None and np.isfinite(v):
            out[i] = v
        elif v is None:
            rest[i] = True
        else:
            errors.append(f"{where[i]}: cannot read {s!r} as a month (2025-01, 2025年1月)")
    if rest.any():
        part = table.subset(rest)
        mine: list[str] = []
        (days,) = read_dates(part, [(column, role)], mine, notes, month_starts=True)
        either = "as a month (2025-01, 2025年1月) or a date"
        errors += [m.replace("as a date", either) for m in mine]
        for k, i in enumerate(np.flatnonzero(rest)):
            if np.isfinite(days[k]):
                d = dt.date.fromordinal(int(days[k]) + _EPOCH)
                out[i] = float(d.replace(day=1).toordinal() - _EPOCH)
    return out
