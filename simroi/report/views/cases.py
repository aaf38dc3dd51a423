"""simroi batch --rows: a batch of cases in the terminal, its extremes only.

Every case's row is in cases.csv and cases.parquet; the terminal shows the cases of
lowest and highest P(ROI > 0) (the clients to look at first), their figures rounded
to their Monte Carlo standard errors, and says where the rest are.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import binomial_se, money_to_error, percent_to_error, prob_to_error
from simroi.runs.layout import CASES_CSV, CASES_TABLE

__all__ = ["table"]


def _table(title: str, rows: list[dict], lang: str):
    month = {int(r["payback_headline_month"]) for r in rows}
    heads = [
        text("col_case", lang),
        text("col_prob_roi", lang),
        text("col_roi_q", lang, q="P50"),
        text("col_npv_q", lang, q="P50"),
        text("col_payback_within", lang, m=month.pop() if len(month) == 1 else "m"),
        text("col_currency", lang),
    ]
    out = make_table(title, *heads)
    for r in rows:
        n, p, within = int(r["iterations"]), r["prob_roi_positive"], r["payback_within_headline"]
        out.add_row(
            r["case"],
            prob_to_error(p, r["prob_roi_positive_se"], n, plus_minus=False),
            percent_to_error(r["roi_p50"]),
            money_to_error(r["npv_p50"], r.get("npv_mean_se")),
            prob_to_error(within, binomial_se(within, n), n, plus_minus=False),
            r["currency"],
        )
    return out


def table(data: dict, lang: str = "en"):
    """The cases of lowest and highest P(ROI > 0), then where every case's row is."""
    n, low, high = (
        data["cases"],
        data["lowest_prob_roi_positive"],
        data["highest_prob_roi_positive"],
    )
    parts = [_table(text("cases_lowest", lang, k=len(low), n=f"{n:,}"), low, lang)]
    if n > len(low):
        parts.append(_table(text("cases_highest", lang, k=len(high), n=f"{n:,}"), high, lang))
    parts.append(Text(text("cases_files", lang, csv=CASES_CSV, parquet=CASES_TABLE)))
    return Group(*parts)
