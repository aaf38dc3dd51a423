"""simroi stress: every stress case against the unrestricted run, in a table and a chart.

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import money_to_error, prob_to_error
from simroi.runs.layout import Chart

__all__ = ["figures", "table"]


def table(data: dict) -> Table:
    """Every stress case against the unrestricted run: P(ROI > 0) and the metric's P10/P50/P90."""
    cur = data.get("currency") or ""
    metric, prob = data["metric"].upper(), data["prob_of"].upper()
    n = data["iterations"]
    t = make_table(
        f"{data['name']} — stress ({n:,} iterations, {metric}{f' in {cur}' if cur else ''})",
        "case",
        f"P({prob} > 0)",
        "P10",
        "P50",
        "P90",
    )
    rows = [("unrestricted", data["baseline"])]
    rows += [(f"{c['input']}: {c['label']}", c) for c in data["cases"]]
    for name, s in rows:
        se = s["mean_se"]
        t.add_row(
            name,
            prob_to_error(s["prob_positive"], s["prob_positive_se"], n),
            *(money_to_error(s[q], se) for q in ("p10", "p50", "p90")),
        )
    return t


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """stress.png: every case's P10-P90 against the unrestricted run (its text in English;
    ``lang``: the title's)."""
    from simroi.report.plots.stress import stress_ranges

    title = f"{text('png_stress', lang, metric=data['metric'].upper())}\n{data['name']}"
    return {Chart.stress: stress_ranges(data, title=title)}
