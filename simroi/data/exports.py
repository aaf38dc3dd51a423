"""Reading a CRM export: a CSV or Excel table, its columns found by role, each cell as text.

A :class:`Table` keeps every cell as the text the file held and the file line of
every row, so that whatever is wrong with a value later can be reported as
``deals.csv: line 14, column 'Created' (created): ...``. Columns are found by
role (``created``, ``amount``, ...): by an explicit mapping first, else by the
common names of CRM exports, English or Chinese (:data:`ALIASES`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simroi.errors import ConfigError

__all__ = ["ALIASES", "Table", "find_columns", "read_table"]

# Names CRM tools give each role, compared after lower-casing and dropping spaces,
# underscores, hyphens and dots ("Created Date", "created_date" and "created-date" agree).
ALIASES: dict[str, tuple[str, ...]] = {
    # deals / opportunities
    "created": (
        "created", "createdat", "createdon", "createddate", "createdate", "datecreated",
        "opened", "openedon", "opendate", "leaddate", "startdate", "创建日期", "创建时间",
        "建立日期", "录入日期", "线索日期",
    ),
    "closed": (
        "closed", "closedat", "closedon", "closeddate", "closedate", "dateclosed", "wondate",
        "decisiondate", "关闭日期", "关闭时间", "结单日期", "成交日期", "结束日期",
    ),
    "stage": (
        "stage", "dealstage", "opportunitystage", "status", "outcome", "result", "阶段",
        "商机阶段", "销售阶段", "状态", "结果",
    ),
    "won": ("won", "iswon", "closedwon", "wonflag", "是否赢单", "是否成交", "赢单"),
    "amount": (
        "amount", "dealvalue", "dealamount", "value", "revenue", "opportunityamount",
        "contractvalue", "金额", "合同金额", "商机金额", "成交金额", "订单金额",
    ),
    # customers
    "customer": ("customer", "customerid", "account", "accountid", "client", "clientid",
                 "id", "客户", "客户id", "客户编号", "客户名称"),
    "start": ("start", "startdate", "since", "customersince", "signupdate", "signed",
              "开始日期", "签约日期", "合作开始", "首次成交日期"),
    "end": ("end", "enddate", "churned", "churndate", "churnedon", "cancelled",
            "cancellationdate", "结束日期", "流失日期", "解约日期", "终止日期"),
    "monthly_revenue": ("monthlyrevenue", "mrr", "revenuepermonth", "monthlyvalue",
                        "月收入", "月度收入", "每月收入", "月均收入"),
}  # fmt: skip


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-./()（）]+", "", str(name)).lower()


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
    """

    frame: pd.DataFrame
    lines: list[int]
    source: str

    def error(self, messages: str | list[str]) -> ConfigError:
        return ConfigError(messages, source=self.source)


def read_table(path: str | os.PathLike[str], *, sheet: str | None = None) -> Table:
    """Read a CSV (UTF-8, else GB18030) or Excel (.xlsx) file as text cells.

    An Excel workbook with several sheets needs ``sheet``; a file with no header,
    or a header and no rows, is an error.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame, source = _read_excel(path, sheet)
    else:
        if sheet is not None:
            raise ConfigError(f"{path}: --sheet {sheet!r} given, but this is not an Excel file")
        frame, source = _read_csv(path), str(path)
    if frame.columns.size == 0:
        raise ConfigError(f"{source}: empty file (no header row)")
    if len(frame) == 0:
        raise ConfigError(f"{source}: no data rows under the header")
    blank = [str(c) for c in frame.columns if not str(c).strip() or str(c).startswith("Unnamed:")]
    if blank and len(blank) == frame.columns.size:
        raise ConfigError(f"{source}: the first row holds no column names")
    frame = frame.map(_text)
    frame.columns = [str(c).strip() for c in frame.columns]
    keep = (frame != "").any(axis=1).to_numpy()  # wholly empty rows carry nothing
    lines = [i + 2 for i in range(len(frame)) if keep[i]]
    frame = frame[keep].reset_index(drop=True)
    if len(frame) == 0:
        raise ConfigError(f"{source}: no data rows under the header (only empty rows)")
    return Table(frame, lines, source)


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise ConfigError(f"{path}: empty file (no header row)")
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(f"{path}: not UTF-8 or GB18030 text; save it as CSV UTF-8")
    import io

    try:
        return pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False
        )
    except pd.errors.EmptyDataError:
        raise ConfigError(f"{path}: empty file (no header row)") from None
    except pd.errors.ParserError as e:
        raise ConfigError(f"{path}: not a readable CSV table ({e})") from None


def _read_excel(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str]:
    try:
        import openpyxl  # noqa: F401  (a clear message if the optional reader is missing)
    except ImportError:
        raise ConfigError(f"{path}: reading Excel needs openpyxl (pip install openpyxl)") from None
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except Exception as e:  # a corrupt or non-Excel file: openpyxl raises many kinds
        raise ConfigError(f"{path}: not a readable Excel workbook ({e})") from None
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
    by_norm = {_norm(c): c for c in reversed(columns)}  # the first of equal names wins
    found: dict[str, str] = {}
    taken = set(mapping.values())
    for role, required in roles.items():
        if role in mapping:
            found[role] = mapping[role]
            continue
        hit = next((by_norm[a] for a in aliases.get(role, (role,)) if a in by_norm), None)
        if hit is not None and hit not in taken:
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
