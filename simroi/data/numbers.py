"""A column of numbers as spreadsheets write them: decimal mark by column, currency, percent.

``2.012,00`` and ``2,012.00`` are the same amount in two locales, and ``1,234`` is
1234 in one and 1.234 in the other, so the decimal mark is decided for a column
from all its cells, not cell by cell:

* a cell with both marks decides (the last one is the decimal): ``1.234,50``;
* a mark used twice is a thousands separator: ``1.234.567``, ``1,234,567``;
* a mark after a leading ``0``, or followed by other than 3 digits, or after more
  than 3 digits, is the decimal: ``0,125``, ``5,5``, ``2012,00``, ``1234.567``;
* ``1,234`` and ``1.234`` alone decide nothing. In a column of money (0 or 2
  decimals), both are 1234 in every locale; another column of only these takes
  ``--decimal``, else the file's habit: ``.`` in a comma-separated file or a
  workbook, ``,`` in a semicolon-separated one (Excel writes ``;`` exactly where the
  decimal mark is a comma); a tab- or pipe-separated file has none: an error
  naming ``--decimal``. A column whose cells decide both ways is an error too.

Spaces (also the no-break ones French Excel writes), apostrophes (Swiss) and the
other mark group thousands and are dropped. A currency sign or code (``€ $ £ ¥ ￥
元 RMB CNY EUR USD GBP JPY HKD US$ HK$``) may stand before or after the number,
with or without a space; a column that mixes currencies is an error (its sum would
mean nothing). Negative: ``-5``, ``−5``, ``(5)``, ``5-``; percent (where the
caller allows it): ``20%`` is 0.2.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["CURRENCIES", "numbers"]

CURRENCIES = {
    "US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP",
    "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY", "JPY": "JPY",
    "HK$": "HKD", "HKD": "HKD",
}  # fmt: skip
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_CELL = re.compile(
    rf"^(?P<neg1>[-−]?)\s*(?P<pre>{_CURRENCY})?\s*(?P<neg2>[-−]?)\s*(?P<num>[\d.,' \u00a0\u202f]*\d"
    rf"(?:[.,]\d*)?)\s*(?P<pct>%?)\s*(?P<post>{_CURRENCY})?\s*(?P<neg3>-?)$",
    re.IGNORECASE,
)
_GROUPING = re.compile(r"['\s\u00a0\u202f]")
_THOUSANDS = {  # groups of 3, or of 2 then 3 (India: 12,34,567)
    m: re.compile(rf"^\d{{1,3}}(?:\{m}\d{{3}})+$|^\d{{1,2}}(?:\{m}\d{{2}})*\{m}\d{{3}}$")
    for m in ",."
}
_GROUPS = re.compile(r"^\d{1,3}(?:['\s\u00a0\u202f]\d{3})+(?:[.,]\d*)?$")  # 1 234 567,89


def _mark(num: str) -> str | None:
    """The decimal mark a cell's digits prove (``,`` or ``.``), else None."""
    last = max(num.rfind(","), num.rfind("."))
    if last < 0:
        return None
    if "," in num and "." in num:
        return num[last]
    mark = num[last]
    if num.count(mark) > 1:  # a repeated mark groups thousands
        return ("," if mark == "." else ".") if _THOUSANDS[mark].match(num) else None
    head, tail = num[:last], num[last + 1 :]
    if len(tail) != 3 or head in ("", "0", "-0") or len(head) > 3:
        return mark
    return None  # 1,234 / 1.234: either


def _parse(num: str, mark: str) -> float:
    """``num`` with decimal mark ``mark``; thousands in groups of 3 (or 2 then 3: 12,34,567)."""
    other = "." if mark == "," else ","
    whole, _, frac = num.partition(mark)
    if mark in frac or (other in whole and not _THOUSANDS[other].match(whole)):
        raise ValueError(num)
    return float(whole.replace(other, "") + "." + frac) if frac else float(whole.replace(other, ""))


def numbers(
    cells,
    lines,
    label: str,
    errors: list[str],
    *,
    decimal: str | None = None,
    hint: str | None = None,
    negative: bool = False,
    percent: bool = False,
    money: bool = False,
) -> np.ndarray:
    """The numbers of a column of text cells (NaN where empty); bad cells go to ``errors``.

    Parameters
    ----------
    cells : sequence of str
        The column, stripped; ``""`` is an empty cell.
    lines : sequence of int
        The file line of each cell.
    label : str
        ``column 'Amount' (amount)``: every message is ``line N, <label>: ...``.
    decimal : ``","`` or ``"."``, optional
        The decimal mark given (``--decimal``): no inference.
    hint : ``","`` or ``"."``, optional
        The file's habit, for a column whose cells decide nothing (module docstring).
    negative, percent : allow ``-5``; read ``20%`` as 0.2.
    money : bool
        Amounts of money, written with 0 or 2 decimals: in a column whose cells decide
        nothing, ``1,234`` and ``1.234`` are 1234 in every locale.
    """
    out = np.full(len(cells), np.nan)
    parsed: list[tuple[int, str, bool, bool]] = []
    marks: dict[str, int] = {}
    currencies: dict[str, int] = {}
    for i, s in enumerate(cells):
        if not s:
            continue
        if s.isascii() and s.isdigit():  # most cells: no sign, mark or currency
            parsed.append((i, s, False, False))
            continue
        text, neg = s, False
        if text.startswith("(") and text.endswith(")"):
            text, neg = text[1:-1].strip(), True
        m = _CELL.match(text)
        num = _GROUPING.sub("", m["num"]) if m else ""
        signs = sum(bool(m[k]) for k in ("neg1", "neg2", "neg3")) + neg if m else 0
        if (
            m is None
            or signs > 1
            or (m["pre"] and m["post"])
            or (m["pct"] and not percent)
            or (num != m["num"] and not _GROUPS.match(m["num"]))
        ):
            errors.append(f"line {lines[i]}, {label}: cannot read {s!r} as a number")
            continue
        cur = m["pre"] or m["post"]
        if cur:
            currencies.setdefault(CURRENCIES[cur.upper() if cur.isascii() else cur], i)
        proof = _mark(num)
        if proof is not None:
            marks.setdefault(proof, i)
        parsed.append((i, num, signs == 1, bool(m["pct"])))
    if len(currencies) > 1:
        shown = ", ".join(f"{c} (line {lines[i]})" for c, i in currencies.items())
        errors.append(f"{label}: the column mixes currencies, {shown}; convert it to one first")
        return out
    mark = decimal
    if mark is None and len(marks) > 1:
        a, b = marks[","], marks["."]
        errors.append(
            f"{label}: the column has decimal commas ({cells[a]!r}, line {lines[a]}) and decimal "
            f"points ({cells[b]!r}, line {lines[b]}); pass --decimal , or --decimal ."
        )
        return out
    if mark is None:
        mark = next(iter(marks), None if money else hint)
    for i, num, neg, pct in parsed:
        if mark is None and money:
            num = num.replace(",", "").replace(".", "")  # only 1,234-shaped cells are left
        try:
            if mark is None and ("," in num or "." in num):
                readings = _parse(num, "."), _parse(num, ",")
                errors.append(
                    f"line {lines[i]}, {label}: {cells[i]!r} is {readings[0]:g} with a decimal "
                    f"point and {readings[1]:g} with a decimal comma, and no cell of the column "
                    "tells which; pass --decimal . or --decimal ,"
                )
                return out
            v = _parse(num, mark or ".")
        except ValueError:
            errors.append(
                f"line {lines[i]}, {label}: cannot read {cells[i]!r} as a number"
                + (f" with the decimal mark {mark!r}" if mark else "")
            )
            continue
        v = (-v if neg else v) / (100 if pct else 1)
        if not np.isfinite(v):
            errors.append(f"line {lines[i]}, {label}: must be finite, got {cells[i]!r}")
        elif v < 0 and not negative:
            errors.append(f"line {lines[i]}, {label}: must be >= 0, got {cells[i]!r}")
        else:
            out[i] = v
    return out
