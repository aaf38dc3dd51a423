"""Numbers as people read them: every rounding rule of simroi's charts and tables, once.

Two families of pure functions (no matplotlib, rich or click here):

* **compact**, for values whose precision is not in question (a chart label,
  a tornado bar end): about three significant digits, thousands separators,
  k/M/B for money, never an exponent: ``1.23M CNY``, ``400 %``, ``= 83 %``.
* **to the error**, for Monte Carlo estimates in the terminal: a value is
  printed to the decimal place of the leading digit of its standard error, so
  no digit is shown that the error does not support: ``370,000``,
  ``83.4 %``, ``83.4 % ± 0.4``.

Either way a probability is never printed as certainty: 0 or 1 out of N
iterations is a bound (``< 1/N`` in tables, ``< 0.01 %`` in charts), and a
probability strictly between 0 and 1 never reads ``0 %`` or ``100 %``.

Every surface (terminal, PNG, SVG, HTML, PDF, Excel's text) writes a figure through
these functions, and through :mod:`~simroi.report.text.money` when the language
matters (amounts, :func:`~simroi.report.text.money.compact`): this is the one place
to change how a kind of figure reads.
"""

from __future__ import annotations

import math

MISSING = "–"  # a value that does not exist (no IRR, a method that did not run)


# --------------------------------------------------------------------------- compact


def sig(x: float, digits: int = 3) -> str:
    """``x`` with about ``digits`` significant digits, thousands separators, no exponent.

    Integer digits are never dropped: ``sig(1234.5) == "1,234"``.
    """
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def money_scale(magnitude: float) -> tuple[float, str]:
    """The divisor and suffix (``k``, ``M``, ``B`` or none) for amounts of this size."""
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= div:
            return div, suffix
    return 1.0, ""


def compact_money(x: float, currency: str | None = None) -> str:
    """Money as ``1.23M CNY``: three significant digits, k/M/B suffix, optional code."""
    div, suffix = money_scale(abs(float(f"{x:.3g}")))  # 999,999 is 1M, not 1,000k
    text = sig(x / div) + suffix
    return f"{text} {currency}" if currency else text


def compact_percent(x: float) -> str:
    """A fraction as a percentage with three significant digits: 4.0 -> ``400 %``."""
    return f"{sig(100 * x)} %"


def _inside_0_100(percent: float) -> str:
    """``percent`` with the fewest decimals that keep it strictly between 0 and 100."""
    for decimals in range(6):
        text = f"{percent:.{decimals}f}"
        if 0 < float(text) < 100:
            return text
    return sig(percent, 4)


def prob_bound(p: float, n: int | None) -> str | None:
    """The bound a probability of exactly 0 or 1 out of ``n`` iterations is written as
    (``< 0.01 %`` / ``> 99.99 %`` for 10,000), or None for any other ``p`` or no ``n``.

    The bound is the resolution 1/n in percent, rounded outwards to its leading digit,
    so it stays true: ``< 0.005 %`` and ``> 99.995 %`` for 20,000 iterations.
    """
    if n is None or n < 1 or 0 < p < 1:
        return None
    step = 100 / n  # the resolution of n iterations, in percent
    decimals = max(0, math.ceil(-math.log10(step)))
    scale = 10.0**decimals
    if p <= 0:
        return f"< {math.ceil(step * scale - 1e-9) / scale:.{decimals}f} %"
    return f"> {math.floor((100 - step) * scale + 1e-9) / scale:.{decimals}f} %"


def excel_prob_format(p: float, n: int, fmt: str = "0.0%") -> str:
    """The Excel number format of a probability cell holding ``p``: ``fmt``, or for a
    bound (:func:`prob_bound`) a literal format showing the bound's text, so the cell
    keeps its number and reads what the terminal and the pages read."""
    bound = prob_bound(p, n)
    return fmt if bound is None else '"' + bound.replace('"', "") + '"'


def compact_prob(p: float | None, n: int | None = None) -> str:
    """A probability with its relation sign: ``= 83 %``, or ``< 0.005 %`` / ``> 99.995 %``.

    With ``n`` iterations, a probability of exactly 0 or 1 is written as its bound
    (:func:`prob_bound`) rather than as certainty; a probability strictly between 0
    and 1 never rounds to ``0 %`` or ``100 %``.
    """
    if p is None or not math.isfinite(p):
        return "= n/a"
    bound = prob_bound(p, n)
    if bound is not None:
        return bound
    if p <= 0 or p >= 1:
        return f"= {100 * min(max(p, 0.0), 1.0):.0f} %"
    return f"= {_inside_0_100(100 * p)} %"


#: Seeds with more digits than this (an unseeded run's 128-bit entropy) are shortened
#: in headers; run.json keeps them whole.
SEED_DIGITS = 12


def seed_text(seed: object) -> str:
    """A seed as a header shows it: ``42``, or ``3141…2718`` past :data:`SEED_DIGITS`."""
    text = str(seed)
    if text.isdigit() and len(text) > SEED_DIGITS:
        return f"{text[:4]}…{text[-4:]}"
    return text


# --------------------------------------------------------------------------- to the error


def decimals_for(se: float | None, scale: float = 1.0) -> int:
    """Decimal places that keep the leading digit of ``se * scale`` and no more."""
    if se is None or not math.isfinite(se) or se <= 0:
        return 0
    return max(0, -math.floor(math.log10(se * scale)))


def number_to_error(value: float, se: float | None) -> str:
    """``value`` rounded to the place of the leading digit of ``se``, thousands separators.

    ``number_to_error(12_345.6, 52.0) == "12,350"``; ``number_to_error(83.44, 0.4) == "83.4"``.
    Without a positive finite ``se`` the value is shown to the unit.
    """
    if se is not None and 10 <= se < math.inf:  # a format cannot round to tens, hundreds...
        step = 10.0 ** math.floor(math.log10(se))
        value = round(value / step) * step
    return f"{value:,.{decimals_for(se)}f}"


def money_to_error(value: float | None, se: float | None = None) -> str:
    """A money amount with thousands separators, rounded to its standard error."""
    if value is None or not math.isfinite(value):
        return MISSING
    return number_to_error(value, se)


def percent_to_error(value: float | None, se: float | None = None) -> str:
    """A fraction as a percentage, rounded to its standard error (0.834, 0.004 -> '83.4 %')."""
    if value is None or not math.isfinite(value):
        return MISSING
    return f"{number_to_error(100 * value, None if se is None else 100 * se)} %"


#: An IRR above this (1,000 % a year) is shown as ``> 1,000 %`` (docs/model.md §5): a rate
#: that high says only that the first period already returns the outlay many times over,
#: and its digits mislead (summary.json keeps the number).
IRR_SHOWN_MAX = 10.0


def irr_to_error(value: float | None, se: float | None = None) -> str:
    """An IRR as :func:`percent_to_error`, or ``> 1,000 %`` above :data:`IRR_SHOWN_MAX`."""
    if value is not None and math.isfinite(value) and value > IRR_SHOWN_MAX:
        return f"> {100 * IRR_SHOWN_MAX:,.0f} %"
    return percent_to_error(value, se)


def to_error(value: float | None, se: float | None, unit: str) -> str:
    """A value of ``unit`` rounded to its standard error: :func:`percent_to_error` for
    ``percent`` (a fraction), else a number with thousands separators (money, counts)."""
    return percent_to_error(value, se) if unit == "percent" else money_to_error(value, se)


def estimate(value: float | None, se: float | None, unit: str = "") -> str:
    """An estimate from data (a bootstrap's) to a tenth of its standard error: one digit
    more than :func:`to_error` shows, as the data commands' tables do."""
    return to_error(value, None if se is None else se / 10, unit)


def binomial_se(p: float, n: int) -> float:
    """The standard error of a probability ``p`` estimated from ``n`` iterations (0 if none)."""
    return math.sqrt(max(p * (1 - p), 0.0) / n) if n else 0.0


def percent_points(se: float, lang: str | None = None) -> str:
    """A probability's standard error in percentage points, to its own leading digit,
    with the unit in ``lang``: ``0.4 pts`` (``0.4 个百分点``); without a language the
    bare number, ``0.4`` (a caller that cannot say which language it writes in)."""
    number = number_to_error(100 * se, 100 * se)
    if lang is None:
        return number
    return f"{number} 个百分点" if lang == "zh" else f"{number} pts"


def prob_to_error(
    p: float | None, se: float, n: int, *, plus_minus: bool = True, lang: str | None = None
) -> str:
    """A Monte Carlo probability out of ``n`` iterations, rounded to its standard error ``se``.

    0 and 1 are bounds (:func:`prob_bound`: ``< 0.01 %`` / ``> 99.99 %`` for 10,000);
    otherwise ``83.4 % ± 0.4 pts`` (``± 0.4 个百分点`` in ``zh``, ``± 0.4`` without a
    ``lang``; without the ``±`` if ``plus_minus`` is false).
    """
    if p is None or not math.isfinite(p):
        return MISSING
    bound = prob_bound(p, n)
    if bound is not None:
        return bound
    text = percent_to_error(p, se)
    return f"{text} ± {percent_points(se, lang)}" if plus_minus else text
