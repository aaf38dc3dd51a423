"""The two record types of a CRM export, parsed and checked: deals and customers.

:func:`load_deals` and :func:`load_customers` read a file (:mod:`.exports`), find
its columns and parse every cell (:mod:`.cells`). A bad cell, or a row that
contradicts itself (closed before it was created), is an error naming the file,
the line, the column and the value, every one at once; nothing is dropped
silently. Dates are days since 1970-01-01 (floats, NaN when empty).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.data import cells
from simroi.data.exports import Table, find_columns, read_table

__all__ = ["Customers", "Deals", "load_customers", "load_deals"]

DEAL_ROLES = {"created": True, "closed": False, "stage": False, "won": False, "amount": True}
CUSTOMER_ROLES = {"customer": False, "start": True, "end": False, "monthly_revenue": False}


@dataclass(frozen=True)
class Deals:
    """Opportunities: one row each.

    ``outcome`` is 1 won, 0 lost, -1 open; ``closed`` NaN for an open deal;
    ``amount`` NaN where the export left it empty; ``lines`` the file line of each row.
    """

    source: str
    columns: dict[str, str]
    created: np.ndarray
    closed: np.ndarray
    outcome: np.ndarray
    amount: np.ndarray
    lines: np.ndarray

    def subset(self, keep: np.ndarray) -> Deals:
        return Deals(
            self.source,
            self.columns,
            self.created[keep],
            self.closed[keep],
            self.outcome[keep],
            self.amount[keep],
            self.lines[keep],
        )


@dataclass(frozen=True)
class Customers:
    """Customer relationships: start, end (NaN while active), monthly revenue (NaN if unknown)."""

    source: str
    columns: dict[str, str]
    start: np.ndarray
    end: np.ndarray
    monthly_revenue: np.ndarray
    lines: np.ndarray


def load_deals(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Deals:
    """Read a deals export; see :data:`~simroi.data.exports.ALIASES` for the column names."""
    table = read_table(path, sheet=sheet)
    return deals_from_table(table, columns)


def deals_from_table(table: Table, columns: Mapping[str, str] | None = None) -> Deals:
    found = find_columns(table, DEAL_ROLES, columns)
    if "stage" not in found and "won" not in found:
        raise table.error(
            "missing column for the outcome: no stage or won column "
            f"(columns: {', '.join(table.frame.columns)}); name it with "
            "--column stage=<column> or --column won=<column>"
        )
    errors: list[str] = []
    created = cells.dates(table, found["created"], "created", errors)
    closed = (
        cells.dates(table, found["closed"], "closed", errors)
        if "closed" in found
        else np.full(len(created), np.nan)
    )
    if "won" in found:
        outcome = cells.outcomes(table, found["won"], "won", errors, flag=True)
    else:
        outcome = cells.outcomes(table, found["stage"], "stage", errors, flag=False)
    amount = cells.amounts(table, found["amount"], "amount", errors)
    for i in np.flatnonzero(np.isnan(created) & (table.frame[found["created"]] == "").to_numpy()):
        errors.append(f"line {table.lines[i]}, column {found['created']!r} (created): empty")
    for i in np.flatnonzero(closed < created):
        errors.append(
            f"line {table.lines[i]}, column {found['closed']!r} (closed): "
            f"{table.frame[found['closed']].iat[i]!r} is before the creation date "
            f"{table.frame[found['created']].iat[i]!r}"
        )
    cells.flush(table, errors)
    if not (outcome >= 0).any():
        col = found.get("won", found.get("stage"))
        seen = ", ".join(repr(v) for v in table.frame[col].unique()[:8])
        raise table.error(
            f"column {col!r}: no deal reads as won or lost (values: {seen}); "
            "won words: won, 赢单, 成交, yes, 1; lost words: lost, 输单, 丢单, no, 0"
        )
    # A decided deal without a close date keeps its outcome; an undecided one with
    # a close date stays open (the stage says so).
    return Deals(
        table.source,
        found,
        created,
        closed,
        outcome,
        amount,
        np.asarray(table.lines),
    )


def load_customers(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Customers:
    """Read a customers export: start, optional end (empty while active), monthly revenue."""
    table = read_table(path, sheet=sheet)
    found = find_columns(table, CUSTOMER_ROLES, columns)
    errors: list[str] = []
    start = cells.dates(table, found["start"], "start", errors)
    end = (
        cells.dates(table, found["end"], "end", errors)
        if "end" in found
        else np.full(len(start), np.nan)
    )
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
    return Customers(table.source, found, start, end, revenue, np.asarray(table.lines))


def load_column(
    path: str | os.PathLike[str], column: str, *, sheet: str | None = None
) -> tuple[np.ndarray, list[int], str]:
    """The numbers of one column (negative allowed): (values, lines of empty cells, source)."""
    table = read_table(path, sheet=sheet)
    if column not in table.frame.columns:
        raise table.error(
            f"--column {column}: no such column (columns: {', '.join(table.frame.columns)})"
        )
    errors: list[str] = []
    values = cells.amounts(table, column, "value", errors, negative=True)
    cells.flush(table, errors)
    empty = [table.lines[i] for i in np.flatnonzero(np.isnan(values))]
    return values[np.isfinite(values)], empty, table.source
