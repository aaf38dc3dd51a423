"""The two record types of a CRM export, parsed and checked: deals and customers.

:func:`load_deals` and :func:`load_customers` read a file (:mod:`.exports`), find
its columns and parse every cell (:mod:`.cells`, :mod:`.dates`). A bad cell, or a
row that contradicts itself (closed before it was created), is an error naming the
file, the line, the column and the value, every one at once. What real exports hold
and is not an error is kept and said once, in ``notes``: rows without a creation
date (a prospect not yet engaged), open deals, stages no CRM's vocabulary knows.
Dates are days since 1970-01-01 (floats, NaN when empty).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from simroi.data import cells
from simroi.data.dates import read_dates
from simroi.data.exports import ReadOptions, Table, candidates, find_columns, read_table

__all__ = ["Customers", "Deals", "customers_from_table", "deals_from_table", "iso", "listed",
           "load_customers", "load_deals"]  # fmt: skip

DEAL_ROLES = {"created": True, "closed": False, "stage": False, "won": False, "amount": False}
CUSTOMER_ROLES = {"customer": False, "start": True, "end": False, "monthly_revenue": False}


def iso(day: float) -> str:
    """A day (days since 1970-01-01) as YYYY-MM-DD."""
    return (dt.date(1970, 1, 1) + dt.timedelta(days=int(day))).isoformat()


def listed(lines: np.ndarray, limit: int = 10) -> str:
    """The first ``limit`` file lines, and how many more."""
    shown = ", ".join(str(int(x)) for x in lines[:limit])
    return shown + (f" and {lines.size - limit} more" if lines.size > limit else "")


@dataclass(frozen=True)
class Deals:
    """Opportunities (or leads): one row each.

    ``outcome`` is 1 won, 0 lost, -1 open; ``created`` NaN for a row without a
    creation date; ``closed`` NaN for an open deal; ``amount`` NaN where the export
    left it empty (or has no amount column); ``lines`` the file line of each row;
    ``kind`` ``opportunities`` or ``leads`` (converted / not converted);
    ``notes`` what was decided reading it, in words; ``how`` how the file was read.
    """

    source: str
    columns: dict[str, str]
    created: np.ndarray
    closed: np.ndarray
    outcome: np.ndarray
    amount: np.ndarray
    lines: np.ndarray
    kind: str = "opportunities"
    notes: tuple[str, ...] = field(default=())
    how: str = ""

    def subset(self, keep: np.ndarray) -> Deals:
        return replace(
            self, created=self.created[keep], closed=self.closed[keep],
            outcome=self.outcome[keep], amount=self.amount[keep], lines=self.lines[keep],
        )  # fmt: skip


@dataclass(frozen=True)
class Customers:
    """Customer relationships: start, end (NaN while active), monthly revenue (NaN if unknown)."""

    source: str
    columns: dict[str, str]
    start: np.ndarray
    end: np.ndarray
    monthly_revenue: np.ndarray
    lines: np.ndarray
    notes: tuple[str, ...] = field(default=())
    how: str = ""


def load_deals(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    options: ReadOptions | None = None,
    stages: Mapping[str, list[str]] | None = None,
) -> Deals:
    """Read a deals export; see :data:`~simroi.data.vocabulary.ALIASES` for the column names.

    ``options``: how to read the file (``--encoding``, ``--decimal``, ``--date-format``
    ...); ``stages``: ``won``/``lost``/``open`` stage names beyond the known ones.
    """
    table = read_table(path, sheet=sheet, options=options)
    return deals_from_table(table, columns, stages)


def _outcome(table: Table, found: dict[str, str], mapped: bool, errors, stages):
    """The outcomes, from the won flag, else the stage column (the first known one that decides)."""
    if "won" in found:
        return cells.outcomes(table, found["won"], "won", errors, flag=True, stages=stages)
    choices = [found["stage"]] if mapped else candidates(table, "stage")
    first = None
    for column in choices:
        result = cells.outcomes(table, column, "stage", errors, flag=False, stages=stages)
        first = first or (column, result)
        if (result.codes >= 0).any():
            found["stage"] = column
            return result
    found["stage"] = first[0]
    return first[1]


def deals_from_table(
    table: Table,
    columns: Mapping[str, str] | None = None,
    stages: Mapping[str, list[str]] | None = None,
) -> Deals:
    found = find_columns(table, DEAL_ROLES, columns)
    if "stage" not in found and "won" not in found:
        raise table.error(
            "missing column for the outcome: no stage or won column "
            f"(columns: {', '.join(table.frame.columns)}); name it with "
            "--column stage=<column> or --column won=<column>"
        )
    errors: list[str] = []
    notes: list[str] = []
    specs = [(found["created"], "created")] + ([(found["closed"], "closed")]
                                               if "closed" in found else [])  # fmt: skip
    days = read_dates(table, specs, errors, notes, ordered=(0, 1) if len(specs) == 2 else None)
    created = days[0]
    closed = days[1] if len(days) == 2 else np.full(len(created), np.nan)
    result = _outcome(table, found, "stage" in (columns or {}), errors, stages)
    outcome = result.codes
    amount = (
        cells.amounts(table, found["amount"], "amount", errors)
        if "amount" in found
        else np.full(len(created), np.nan)
    )
    for i in np.flatnonzero(closed < created):
        errors.append(
            f"line {table.lines[i]}, column {found['closed']!r} (closed): "
            f"{table.frame[found['closed']].iat[i]!r} is before the creation date "
            f"{table.frame[found['created']].iat[i]!r}"
        )
    cells.flush(table, errors)
    col = found.get("won", found.get("stage"))
    if not (outcome >= 0).any():
        seen = ", ".join(repr(v) for v in table.frame[col].unique()[:8])
        raise table.error(
            f"column {col!r}: no deal reads as won or lost (values: {seen}); "
            "won words: won, 赢单, 成交, yes, 1; lost words: lost, 输单, 丢单, no, 0; "
            "others can be named under stages: in the --mapping file"
        )
    if not np.isfinite(created).any():
        raise table.error(f"column {found['created']!r} (created): no row has a creation date")
    if "won" in found and "closed" in found:
        # a won flag says "not won" also while the deal is open: no close date, no decision
        undecided = (outcome == cells.LOST) & np.isnan(closed)
        outcome = np.where(undecided, cells.OPEN, outcome).astype(np.int8)
        if undecided.any():
            notes.append(f"{int(undecided.sum())} rows with {col!r} = no and no close date "
                         "count as open deals")  # fmt: skip
    if result.unknown:
        shown = ", ".join(f"{k!r} ({n})" for k, n in result.unknown.most_common(8))
        more = len(result.unknown) - 8
        notes.append(
            f"stages read as open deals, being no known won, lost or open stage: {shown}"
            + (f" and {more} more" if more > 0 else "")
            + "; name others under stages: (won, lost, open) in a --mapping file"
        )
    return Deals(
        table.source, found, created, closed, outcome, amount, np.asarray(table.lines),
        "leads" if result.leads else "opportunities", tuple(notes), table.how,
    )  # fmt: skip


def load_customers(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    options: ReadOptions | None = None,
) -> Customers:
    """Read a customers export: start, optional end (empty while active), monthly revenue."""
    return customers_from_table(read_table(path, sheet=sheet, options=options), columns)


def customers_from_table(table: Table, columns: Mapping[str, str] | None = None) -> Customers:
    found = find_columns(table, CUSTOMER_ROLES, columns)
    errors: list[str] = []
    notes: list[str] = []
    specs = [(found["start"], "start")] + ([(found["end"], "end")] if "end" in found else [])
    days = read_dates(table, specs, errors, notes, ordered=(0, 1) if len(specs) == 2 else None)
    start = days[0]
    end = days[1] if len(days) == 2 else np.full(len(start), np.nan)
    revenue = (
        cells.amounts(table, found["monthly_revenue"], "monthly_revenue", errors)
        if "monthly_revenue" in found
        else np.full(len(start), np.nan)
    )
    for i in np.flatnonzero(np.isnan(start) & (table.frame[found["start"]] == "").to_numpy()):
        errors.append(f"line {table.lines[i]}, column {found['start']!r} (start): empty")
    for i in np.flatnonzero(end < start):
        errors.append(
            f"line {table.lines[i]}, column {found['end']!r} (end): "
            f"{table.frame[found['end']].iat[i]!r} is before the start date "
            f"{table.frame[found['start']].iat[i]!r}"
        )
    cells.flush(table, errors)
    return Customers(table.source, found, start, end, revenue, np.asarray(table.lines),
                     tuple(notes), table.how)  # fmt: skip
