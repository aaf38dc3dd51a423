"""Reading a CRM export: a CSV or Excel table, its columns found by role, each cell as text.

A :class:`Table` keeps every cell as the text the file held and the file line of
every row, so that whatever is wrong with a value later can be reported as
``deals.csv: line 14, column 'Created' (created): ...``. Columns are found by
role (``created``, ``amount``, ...): by an explicit mapping first, else by the
common names of CRM exports, English or Chinese (:data:`ALIASES`). How a text file
is decoded and split is :mod:`.text`'s job; the table keeps how it was read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from simroi.data.text import DELIMITERS, ReadOptions, decode, rows
from simroi.data.vocabulary import ALIASES, norm
from simroi.errors import ConfigError

__all__ = ["ALIASES", "ReadOptions", "Table", "candidates", "find_columns", "read_table"]

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # .xlsx, and the old binary .xls


@dataclass(frozen=True)
class Table:
    """One table of an export: cells as text, and where each row came from.

    Attributes
    ----------
    frame : DataFrame
        Every cell as a stripped string ("" for an empty cell), columns as in the file.
    lines : list of int
        The line (CSV) or row number (Excel) of each row, header being 1.
    source : str
        The file, with ``[sheet]`` for an Excel sheet: the prefix of every message.
    options : ReadOptions
        What the user said about the file (decimal mark and date format are used
        when its cells are read).
    decimal : str or None
        The file's decimal habit: ``.`` in a comma-separated file or a workbook,
        ``,`` in a semicolon-separated one, None otherwise (:mod:`.numbers`).
    how : str
        How it was read, in words (``UTF-16, tab-separated``).
    """

    frame: pd.DataFrame
    lines: list[int]
    source: str
    options: ReadOptions = field(default_factory=ReadOptions)
    decimal: str | None = "."
    how: str = ""

    def error(self, messages: str | list[str]) -> ConfigError:
        return ConfigError(messages, source=self.source)

    def subset(self, keep) -> Table:
        """The rows where ``keep`` (a boolean array) holds, lines and all."""
        frame = self.frame[keep].reset_index(drop=True)
        lines = [n for n, k in zip(self.lines, keep, strict=True) if k]
        return Table(frame, lines, self.source, self.options, self.decimal, self.how)


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    options: ReadOptions | None = None,
) -> Table:
    """Read a CSV or other delimited text file (:mod:`.text`) or an Excel workbook as text cells.

    An Excel workbook with several sheets needs ``sheet``; a file with no header,
    or a header and no rows, is an error. ``options`` (encoding, delimiter) apply
    to a text file; a workbook says its own.
    """
    path = Path(path)
    options = options or ReadOptions()
    if not path.exists():
        raise ConfigError(f"{path}: no such file")
    if not path.is_file():
        raise ConfigError(f"{path}: is not a regular file")
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read it ({e.strerror})") from None
    if head.startswith(_OLE) or path.suffix.lower() == ".xls":
        raise ConfigError(f"{path}: an old Excel 97-2003 workbook; save it as .xlsx or CSV")
    excel = path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(_ZIP)
    if excel:
        frame, source = _read_excel(path, sheet)
        lines = list(range(2, len(frame) + 2))
        hint, how = ".", "an Excel workbook"
    else:
        if sheet is not None:
            raise ConfigError(f"{path}: --sheet {sheet!r} given, but this is not an Excel file")
        frame, lines, hint, how = _read_text(path, options)
        source = str(path)
    if frame.columns.size == 0:
        raise ConfigError(f"{source}: empty file (no header row)")
    if len(frame) == 0:
        raise ConfigError(f"{source}: no data rows under the header")
    blank = [str(c) for c in frame.columns if not str(c).strip() or str(c).startswith("Unnamed:")]
    if blank and len(blank) == frame.columns.size:
        raise ConfigError(f"{source}: the first row holds no column names")
    if excel:  # a text file's cells are stripped strings already
        frame = frame.map(_text)
    frame.columns = [str(c).strip() for c in frame.columns]
    keep = (frame != "").any(axis=1).to_numpy()  # wholly empty rows carry nothing
    lines = [n for n, k in zip(lines, keep, strict=True) if k]
    frame = frame[keep].reset_index(drop=True)
    if len(frame) == 0:
        raise ConfigError(f"{source}: no data rows under the header (only empty rows)")
    return Table(frame, lines, source, options, hint, how)


def _read_text(path: Path, options: ReadOptions):
    raw = path.read_bytes()
    text, encoding = decode(raw, str(path), options.encoding)
    if not text.strip():
        raise ConfigError(f"{path}: empty file (no header row)")
    header, cells, lines, delimiter = rows(text, str(path), options.delimiter)
    if header is None:
        raise ConfigError(f"{path}: empty file (no header row)")
    names, seen = [], {}
    for i, h in enumerate(header):  # pandas' names for blank and repeated headers
        name = h or f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    frame = pd.DataFrame(cells, columns=names, dtype=object)
    hint = {",": ".", ";": ","}.get(delimiter)
    return frame, lines, hint, f"{encoding}, {DELIMITERS.get(delimiter, repr(delimiter))}-separated"


def _read_excel(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str]:
    try:
        import openpyxl  # noqa: F401  (a clear message if the optional reader is missing)
    except ImportError:
        raise ConfigError(f"{path}: reading Excel needs openpyxl (pip install openpyxl)") from None
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as e:  # a corrupt or non-Excel file: openpyxl raises many kinds
        reason = " ".join(str(e).split())[:200]
        raise ConfigError(f"{path}: not a readable Excel workbook ({reason})") from None
    names = list(sheets)
    if sheet is None:
        if len(names) > 1:
            raise ConfigError(
                f"{path}: the workbook has {len(names)} sheets ({', '.join(names)}); "
                "choose one with --sheet"
            )
        sheet = names[0]
    elif sheet not in sheets:
        raise ConfigError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)})")
    return sheets[sheet], f"{path}[{sheet}]"


def _text(v: object) -> str:
    """A cell as the text a person sees: dates as ISO, whole floats without '.0'."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return ""
    if isinstance(v, dt.datetime | pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.replace(hour=0, minute=0, second=0) else str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def candidates(table: Table, role: str, aliases: Mapping[str, tuple[str, ...]] | None = None):
    """Every column that is a known name for ``role``, best first."""
    by_norm: dict[str, list[str]] = {}
    for c in table.frame.columns:
        by_norm.setdefault(norm(c), []).append(c)
    names = (ALIASES if aliases is None else aliases).get(role, (role,))
    return [c for a in names for c in by_norm.get(a, [])]


def find_columns(
    table: Table,
    roles: Mapping[str, bool],
    mapping: Mapping[str, str] | None = None,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """The column of each role: from ``mapping`` (role -> column), else by :data:`ALIASES`.

    Parameters
    ----------
    roles : mapping of role -> required
        The roles wanted; a required one that is not found is an error listing
        the file's columns.
    mapping : mapping of role -> column name, optional
        Explicit choices; a name that is not a column of the file is an error.
    aliases : mapping of role -> names, optional
        The common names of each role (default :data:`ALIASES`; the monthly KPI
        table has its own).
    """
    mapping = dict(mapping or {})
    aliases = ALIASES if aliases is None else aliases
    columns = list(table.frame.columns)
    errors = [
        f"--column {role}={name}: no column {name!r} (columns: {', '.join(columns)})"
        for role, name in mapping.items()
        if role in roles and name not in columns
    ]
    unknown = [r for r in mapping if r not in roles]
    if unknown and not errors:
        errors += [
            f"--column {r}=...: unknown role {r!r} (roles: {', '.join(roles)})" for r in unknown
        ]
    if errors:
        raise table.error(errors)
    found: dict[str, str] = {}
    taken = set(mapping.values())
    for role, required in roles.items():
        if role in mapping:
            found[role] = mapping[role]
            continue
        hit = next((c for c in candidates(table, role, aliases) if c not in taken), None)
        if hit is not None:
            found[role] = hit
            taken.add(hit)
        elif required:
            errors.append(
                f"missing column for {role!r}: none of the columns ({', '.join(columns)}) "
                f"is a known name for it; name it with --column {role}=<column>"
            )
    if errors:
        raise table.error(errors)
    return found
