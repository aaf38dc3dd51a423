"""Cells of an export as numbers and outcomes; every bad cell reported by line.

Each parser takes a :class:`~simroi.data.exports.Table` and a column, returns a
numpy array (NaN or -1 for an empty cell) and appends one message per bad cell to
``errors``: ``line 14, column 'Amount' (amount): cannot read 'lots' as a number``.
An empty cell is not an error here: whether a value may be missing is the caller's
rule. Numbers are :mod:`.numbers`' (decimal mark by column), dates :mod:`.dates`'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.data.exports import Table
from simroi.data.numbers import numbers
from simroi.data.vocabulary import FLAG_WORDS, LEAD_WORDS, STAGE_WORDS, norm

__all__ = ["MAX_LISTED", "Outcomes", "amounts", "flush", "outcomes"]

MAX_LISTED = 20  # bad cells listed one by one; the rest are counted
WON, LOST, OPEN = 1, 0, -1


def amounts(
    table: Table,
    column: str,
    role: str,
    errors: list[str],
    *,
    negative: bool = False,
    percent: bool = False,
    money: bool = True,
) -> np.ndarray:
    """Numbers, >= 0 unless ``negative``, NaN if empty (see :func:`~.numbers.numbers`)."""
    return numbers(
        table.frame[column].tolist(), table.lines, f"column {column!r} ({role})", errors,
        decimal=table.options.decimal, hint=table.decimal, negative=negative, percent=percent,
        money=money,
    )  # fmt: skip


@dataclass(frozen=True)
class Outcomes:
    """The outcome of each row (1 won, 0 lost, -1 open), and what the words said.

    ``unknown``: the stages read as open that are no known open stage, with their
    counts; ``leads``: the words are a leads export's (converted / not converted).
    """

    codes: np.ndarray
    unknown: Counter
    leads: bool


def outcomes(
    table: Table,
    column: str,
    role: str,
    errors: list[str],
    *,
    flag: bool,
    stages: Mapping[str, list[str]] | None = None,
) -> Outcomes:
    """The outcome of each row from a stage column, or a won flag (``flag``).

    A stage is won or lost by :data:`~.vocabulary.STAGE_WORDS` (or a leads export's
    :data:`~.vocabulary.LEAD_WORDS`), ``stages`` (``won``/``lost``/``open`` lists
    from ``--mapping``) first; any other stage is an open deal. A won flag is yes
    or no (:data:`~.vocabulary.FLAG_WORDS`), anything else an error.
    """
    code = {"won": WON, "lost": LOST, "open": OPEN}
    lookup: dict[str, int] = {}
    for words in ((FLAG_WORDS,) if flag else (LEAD_WORDS, STAGE_WORDS)) + ((stages or {}),):
        for outcome, names in words.items():
            lookup.update((norm(w), code[outcome]) for w in names)
    cells = table.frame[column]
    codes = np.full(len(cells), OPEN, dtype=np.int8)
    unknown: Counter = Counter()
    lead_words = LEAD_WORDS["won"] | LEAD_WORDS["lost"]
    leads = False
    for i, s in enumerate(cells):
        word = norm(s)
        if not word:
            continue
        if word in lookup:
            codes[i] = lookup[word]
            leads = leads or (word in lead_words and codes[i] != OPEN)
        elif flag:
            errors.append(
                f"line {table.lines[i]}, column {column!r} ({role}): cannot read {s!r} as won "
                "or lost (yes/no, true/false, 1/0, won/lost, 是/否)"
            )
        else:
            unknown[s] += 1
    return Outcomes(codes, unknown, leads)


def flush(table: Table, errors: list[str]) -> None:
    """Raise the collected messages (at most :data:`MAX_LISTED`, the rest counted)."""
    if not errors:
        return
    shown = errors[:MAX_LISTED]
    if len(errors) > MAX_LISTED:
        shown.append(f"... and {len(errors) - MAX_LISTED} more bad cells")
    raise table.error(shown)
