"""Amounts as each language writes them: ``1.33M CNY`` in English, ``133 万元`` in Chinese;
and :func:`compact`, any value written compactly in a language.

English groups by thousands (k, M, B); Chinese by ten-thousands: 万 (10^4) and
亿 (10^8), so 74,600 is 7.46 万 and 133,000,000 is 1.33 亿. The currency comes
from ``scenario.currency``: a code or a symbol. In Chinese the common codes
become their Chinese unit (CNY -> 元, USD -> 美元), written right after the
number as Chinese does ("7.46 万元"); any other currency is written as given.
"""

from __future__ import annotations

import math

from simroi.report.text.numbers import MISSING, compact_money, compact_percent, money_scale, sig

__all__ = ["CURRENCY_ZH", "amount", "amount_to_error", "compact", "currency_unit", "zh_scale"]

# Currency codes and symbols read in Chinese; anything else is shown as written.
CURRENCY_ZH = {
    "CNY": "元",
    "RMB": "元",
    "元": "元",
    "¥": "元",
    "￥": "元",
    "人民币": "元",
    "USD": "美元",
    "$": "美元",
    "EUR": "欧元",
    "€": "欧元",
    "HKD": "港元",
    "JPY": "日元",
    "GBP": "英镑",
    "TWD": "新台币",
}


def zh_scale(magnitude: float) -> tuple[float, str]:
    """The divisor and Chinese unit (``亿``, ``万`` or none) for amounts of this size."""
    for div, suffix in ((1e8, "亿"), (1e4, "万")):
        if magnitude >= div:
            return div, suffix
    return 1.0, ""


def currency_unit(currency: str | None, lang: str) -> str:
    """How ``currency`` is written in ``lang``: ``CNY`` -> ``元`` in Chinese, as given otherwise."""
    if not currency:
        return ""
    if lang == "zh":
        return CURRENCY_ZH.get(currency.strip(), currency.strip())
    return currency.strip()


def amount(x: float | None, lang: str = "en", currency: str | None = None) -> str:
    """``x`` with three significant digits: ``7.46 万元`` (zh) or ``74.6k CNY`` (en).

    None or a non-finite value gives ``–``.
    """
    if x is None or not math.isfinite(x):
        return MISSING
    unit = currency_unit(currency, lang)
    if lang != "zh":
        return compact_money(x, unit or None)
    div, suffix = zh_scale(abs(float(f"{x:.3g}")))  # 9,999.6 is 1 万, not 10,000
    number = sig(x / div)
    if suffix:
        number = f"{number} {suffix}"
    cjk_unit = bool(unit) and all(ord(ch) > 0x2E7F for ch in unit)
    if cjk_unit:
        return f"{number}{unit}" if suffix else f"{number} {unit}"
    return f"{number} {unit}" if unit else number


def amount_to_error(
    x: float | None, se: float | None, lang: str = "en", currency: str | None = None
) -> str:
    """An amount as :func:`amount` writes it (``7.46 万元`` / ``74.6k USD``), rounded once
    from the raw value to three significant digits or to its standard error, whichever
    is coarser, keeping the zeros that rounding supports: ``20.0 万元``, ``1.13M`` for
    1,134,633 (never ``1.14M`` by way of 1,135,000)."""
    if x is None or not math.isfinite(x):
        return MISSING
    unit = currency_unit(currency, lang)
    div, suffix = (zh_scale if lang == "zh" else money_scale)(abs(float(f"{x:.3g}")))
    scaled = x / div
    digits = 2 - math.floor(math.log10(abs(float(f"{scaled:.3g}")))) if scaled else 0
    if se is not None and se > 0 and math.isfinite(se):
        digits = min(digits, -math.floor(math.log10(se / div)))
    number = f"{round(scaled, digits):,.{max(digits, 0)}f}"
    if float(number.replace(",", "")) == 0:
        number, suffix = "0", ""
    if lang != "zh":
        text = number + suffix
        return f"{text} {unit}" if unit else text
    if suffix:
        number = f"{number} {suffix}"
    if unit and all(ord(ch) > 0x2E7F for ch in unit):
        return f"{number}{unit}" if suffix else f"{number} {unit}"
    return f"{number} {unit}" if unit else number


def compact(x: float, unit: str, lang: str = "en", currency: str | None = None) -> str:
    """Any value, compact, in ``lang``: a fraction of ``percent`` as ``400 %``, ``money`` as
    :func:`amount`, anything else with three significant digits (the caller says months)."""
    if unit == "percent":
        return compact_percent(x)
    if unit == "money":
        return amount(x, lang, currency)
    return sig(x)
