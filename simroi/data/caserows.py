"""A rows file of cases: one row per client or prospect, one column per overridden input.

``simroi batch TEMPLATE --rows cases.csv`` reads a CSV (any encoding and delimiter
:mod:`.text` reads) or an Excel workbook (:mod:`.exports`). Its header names, for
each column, a dotted scenario path (``costs.seats``, ``risks.adoption
stalls.probability``) -- except an optional ``case`` column, the case's id (without
one, a case is its 1-based row number). Each cell is read as ``--set`` reads a value
(YAML: ``20``, ``0.3``, ``true``, ``{dist: pert, min: 1, mode: 2, max: 3}``); a cell
YAML reads as text but the data readers read as a number (``1,5`` where the decimal
mark is a comma, ``$1,200``, ``20%``, :mod:`.numbers`) is that number; an empty cell
leaves the template's value. Every problem of the file is one line naming the file,
the row's line, the column, the rule and the value (:func:`read_cases`), and every
case's scenario is validated before anything runs (:func:`check_cases`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from simroi.data.exports import ReadOptions, Table, read_table
from simroi.data.numbers import numbers
from simroi.errors import ConfigError
from simroi.scenario.config import load_variants
from simroi.scenario.messages import under
from simroi.scenario.yamlfile import parse_value

__all__ = ["CASE_COLUMN", "MAX_CASES", "Cases", "check_cases", "fingerprint_data", "read_cases"]

CASE_COLUMN = "case"  # the column of case ids (any letter case)
MAX_CASES = 1_000_000  # as a sweep's variants
MAX_ID = 200  # characters of a case id
MAX_LISTED = 20  # problems listed one by one; the rest are counted
SEED_PATH = "simulation.seed"  # each case's seed comes from the batch's seed and its id
_INT = re.compile(r"[-+]?[0-9]{1,18}")  # what YAML reads as these, read without YAML
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]{1,3})?")
_RENAMED = re.compile(r"(.+)\.([0-9]+)")  # a repeated header, as the reader renames it


@dataclass(frozen=True)
class Cases:
    """The cases of a rows file.

    Attributes
    ----------
    source : str
        The file (``[sheet]`` for a workbook's sheet): the prefix of every message.
    paths : tuple of str
        The overridden paths, in the file's column order.
    ids : list of str
        Each case's id: its ``case`` cell, else its 1-based row number.
    overrides : list of dict
        Each case's overrides (path -> value); a cell left empty is not there.
    lines : list of int
        The file line (or sheet row) of each case, header being 1.
    """

    source: str
    paths: tuple[str, ...]
    ids: list[str]
    overrides: list[dict[str, object]]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.ids)


def _listed(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_LISTED:
        return errors
    return [*errors[:MAX_LISTED], f"... and {len(errors) - MAX_LISTED:,} more problems"]


def _columns(table: Table) -> tuple[str | None, list[str]]:
    """(the case column or None, the path columns); a header that cannot be a path is
    an error naming it."""
    names = list(table.frame.columns)
    ids = [c for c in names if c.casefold() == CASE_COLUMN]
    errors = []
    if len(ids) > 1:
        errors.append(f"columns {', '.join(map(repr, ids))}: only one column may hold case ids")
    paths = [c for c in names if c not in ids]
    for i, c in enumerate(names, start=1):
        renamed = _RENAMED.fullmatch(c)
        if not c or c.startswith("Unnamed:"):
            errors.append(f"column {i} has no name; name it with a dotted scenario path")
        elif renamed and renamed[1] in names:
            errors.append(f"column {renamed[1]!r} appears twice; keep one")
        elif c == SEED_PATH:
            errors.append(
                f"column {c!r}: each case's seed comes from the batch's seed and the case's "
                "id; set the batch's with --seed"
            )
    if not paths and not errors:
        errors.append(
            f"no column to override: name each column after a dotted scenario path "
            f"(e.g. costs.seats), besides an optional {CASE_COLUMN!r} column"
        )
    if errors:
        raise table.error(errors)
    return (ids[0] if ids else None), paths


def _value(text: str, table: Table, line: int, column: str, errors: list[str]) -> object:
    """One cell as --set reads it (see the module); its problem goes to ``errors``."""
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    where = f"line {line}, column {column!r}"
    try:
        value = parse_value(text, where)
    except ConfigError as exc:
        why = "; ".join(e.removeprefix(f"{where}: ") for e in exc.errors)
        errors.append(f"{where}: cannot read {text!r} as a value ({why})")
        return None
    if isinstance(value, str):
        found: list[str] = []
        decimal, hint = table.options.decimal, table.decimal
        number = numbers([text], [line], f"column {column!r}", found, decimal=decimal, hint=hint,
                         negative=True, percent=True)  # fmt: skip
        if not found and number[0] == number[0]:
            return float(number[0])
    return value


def read_cases(
    path: str | os.PathLike[str], *, sheet: str | None = None, options: ReadOptions | None = None
) -> Cases:
    """The cases of a rows file (see the module).

    Raises
    ------
    ConfigError
        Naming the file and listing every problem: a header that is no path, a cell
        that is no value, a case id missing, too long or given twice, too many rows.
    """
    table = read_table(path, sheet=sheet, options=options)
    id_column, paths = _columns(table)
    if len(table.frame) > MAX_CASES:
        raise table.error(f"{len(table.frame):,} rows, more than {MAX_CASES:,} cases")
    errors: list[str] = []
    ids: list[str] = []
    seen: dict[str, int] = {}
    columns = {c: table.frame[c].tolist() for c in paths}
    for i, line in enumerate(table.lines):
        case = str(i + 1)
        if id_column is not None:
            case = str(table.frame[id_column].iat[i])
            where = f"line {line}, column {id_column!r}"
            if not case:
                errors.append(f"{where}: empty; give every case an id (or drop the column)")
            elif len(case) > MAX_ID:
                errors.append(f"{where}: at most {MAX_ID} characters, got {len(case):,}")
            elif not case.isprintable():
                errors.append(f"{where}: must be printable text, got {case!r}")
            elif case in seen:
                errors.append(f"{where}: {case!r} is the id of line {seen[case]} too")
            seen.setdefault(case, line)
        ids.append(case)
    overrides: list[dict[str, object]] = [{} for _ in ids]
    for c in paths:
        for i, text in enumerate(columns[c]):
            if text:
                overrides[i][c] = _value(text, table, table.lines[i], c, errors)
    if errors:
        raise table.error(_listed(errors))
    return Cases(table.source, tuple(paths), ids, overrides, list(table.lines))


def _located(problem: str, paths: tuple[str, ...]) -> tuple[str | None, str]:
    """(the column a scenario problem is about, or None; the problem without its path)."""
    head, sep, rest = problem.partition(": ")
    path = head.split(" (line ")[0]
    for c in paths:
        if sep and under(path, c):
            return c, rest if path == c else problem
    return None, problem


def check_cases(
    template: str | os.PathLike[str] | Mapping,
    cases: Cases,
    *,
    base: Mapping[str, object] | None = None,
    progress=None,
) -> None:
    """Validate every case's scenario (the template, ``base`` (--set), then the row's
    overrides) before anything runs; one line per problem, naming the row and, when the
    problem is about an overridden path, the column.

    ``progress`` (optional) is called with 1 for each case checked.
    """
    base = dict(base or {})
    found: list[ConfigError] = []
    variants = ({**base, **ov} for ov in cases.overrides)
    errors = []
    for i, scn in enumerate(load_variants(template, variants, errors=found)):
        if scn is None:
            for problem in found.pop().errors:
                column, what = _located(problem, cases.paths)
                at = f"line {cases.lines[i]}" + (f", column {column!r}" if column else "")
                errors.append(f"{at} (case {cases.ids[i]!r}): {what}")
        if progress is not None:
            progress(1)
        if len(errors) > 10 * MAX_LISTED:
            break
    if errors:
        raise ConfigError(_listed(errors), source=cases.source)


def fingerprint_data(cases: Cases) -> list:
    """What identifies the cases for a resume: each id with its overrides, in order."""
    return [[c, ov] for c, ov in zip(cases.ids, cases.overrides, strict=True)]
