"""One summary as one table row: the headline figures, written the same way in every table.

A sweep's and a batch's ``sweep.parquet`` and a batch of cases' ``cases.parquet`` and
``cases.csv`` all take their figures from :func:`figures`, so a figure has one name
and one spelling everywhere (a missing standard error or median payback is NaN, never
None in one table and 0 in another). An overridden input is a column of its own, typed
for the whole column by :func:`numeric` and written cell by cell with :func:`cell`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

__all__ = ["MISSING", "cell", "figures", "headline_payback", "numeric", "payback_p50"]

MISSING = object()  # a row that leaves the path as the scenario has it


def figures(summary: Mapping) -> dict[str, float]:
    """The headline figures of a summary.json, in this order: ``prob_roi_positive`` and
    ``_se``, ``prob_npv_positive`` and ``_se``, ``roi_mean``, ``roi_p10/p50/p90``,
    ``npv_mean`` and ``npv_mean_se`` (NaN without one), ``npv_p10/p50/p90`` and
    ``cvar5_npv``."""
    s = summary
    roi, npv = s["metrics"]["roi"], s["metrics"]["npv"]
    return {
        "prob_roi_positive": s["prob_roi_positive"],
        "prob_roi_positive_se": s["prob_roi_positive_se"],
        "prob_npv_positive": s["prob_npv_positive"],
        "prob_npv_positive_se": s["prob_npv_positive_se"],
        "roi_mean": roi["mean"],
        "roi_p10": roi["p10"],
        "roi_p50": roi["p50"],
        "roi_p90": roi["p90"],
        "npv_mean": npv["mean"],
        "npv_mean_se": npv["se_mean"] if npv["se_mean"] is not None else math.nan,
        "npv_p10": npv["p10"],
        "npv_p50": npv["p50"],
        "npv_p90": npv["p90"],
        "cvar5_npv": s["cvar5_npv"],
    }


def payback_p50(summary: Mapping) -> float:
    """The median payback month as a float: NaN when not within the horizon."""
    p50 = summary["payback"]["p50_months"]
    return float(p50) if p50 is not None else math.nan


def headline_payback(summary: Mapping) -> dict[str, float]:
    """``payback_headline_month`` (the month m of the headline), ``payback_within_headline``
    (P(payback <= m)), ``payback_p50_months`` and ``payback_prob_never``: the same
    columns whatever each row's horizon."""
    pay = summary["payback"]
    month = pay["headline_month"]
    return {
        "payback_headline_month": float(month),
        "payback_within_headline": pay["prob_within_months"][str(month)],
        "payback_p50_months": payback_p50(summary),
        "payback_prob_never": pay["prob_never"],
    }


def numeric(values: Iterable[object]) -> bool:
    """Whether a column of overridden values is a column of numbers: every given value
    (``MISSING`` aside) a number, not a boolean."""
    return all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values if v is not MISSING
    )


def cell(value: object, is_numeric: bool) -> float | str | None:
    """One overridden value in its column: a float in a column of numbers (NaN where the
    row leaves the path alone), else its JSON text (``0.2``, ``true``, ``{"dist": ...}``;
    None where the row leaves the path alone)."""
    if is_numeric:
        return math.nan if value is MISSING else float(value)
    return None if value is MISSING else json.dumps(value, sort_keys=True)
