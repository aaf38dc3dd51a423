"""Human-readable terminal output: tables and numbers rounded to their Monte Carlo error.

Nothing is printed with more digits than its standard error supports: a value
is shown to the decimal place of the leading digit of its standard error.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table


def decimals_for(se: float | None, scale: float = 1.0) -> int:
    """Decimal places that keep the leading digit of ``se * scale`` and no more."""
    if se is None or not math.isfinite(se) or se <= 0:
        return 0
    return max(0, -math.floor(math.log10(se * scale)))


def fmt_money(value: float | None, se: float | None = None) -> str:
    """A money amount with thousands separators, rounded to its standard error."""
    if value is None or not math.isfinite(value):
        return "–"
    if se and math.isfinite(se) and se > 0:
        step = 10.0 ** math.floor(math.log10(se))
        value = round(value / step) * step
        return f"{value:,.{decimals_for(se)}f}"
    return f"{value:,.0f}"


def fmt_pct(value: float | None, se: float | None = None) -> str:
    """A fraction as a percentage, rounded to its standard error (0.834 -> '83.4 %')."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value * 100:,.{decimals_for(se, 100.0)}f} %"


def fmt_prob(p: float, se: float, n: int) -> str:
    """A Monte Carlo probability with its error; '< 1/N' rather than 0 % (or 100 %)."""
    if p <= 0.0:
        return f"< 1/{n:,}"
    if p >= 1.0:
        return f"> 1 − 1/{n:,}"
    d = decimals_for(se, 100.0)
    return f"{p * 100:.{d}f} % ± {se * 100:.{d}f}"


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    return table


def run_table(summary: dict) -> Table:
    """The one-page answer of ``simroi run``: P(ROI > 0), ROI and NPV P10/P50/P90, payback."""
    n = summary["iterations"]
    roi, npv = summary["metrics"]["roi"], summary["metrics"]["npv"]
    cur = summary["currency"]
    t = _table(
        f"{summary['scenario']} — {n:,} iterations, {summary['horizon_months']} months "
        f"({summary['sampler']}, seed {summary['seed']})",
        "",
        "value",
    )
    t.add_row(
        "P(ROI > 0)", fmt_prob(summary["prob_roi_positive"], summary["prob_roi_positive_se"], n)
    )
    t.add_row(
        "P(NPV > 0)", fmt_prob(summary["prob_npv_positive"], summary["prob_npv_positive_se"], n)
    )
    for key, label in (("mean", "mean"), ("p10", "P10"), ("p50", "P50"), ("p90", "P90")):
        t.add_row(f"ROI {label}", fmt_pct(roi[key], roi["se_mean"]))
    for key, label in (("mean", "mean"), ("p10", "P10"), ("p50", "P50"), ("p90", "P90")):
        t.add_row(f"NPV {label} ({cur})", fmt_money(npv[key], npv["se_mean"]))
    t.add_row(f"CVaR 5 % of NPV ({cur})", fmt_money(summary["cvar5_npv"], npv["se_mean"]))
    pay = summary["payback"]
    for m, p in pay["prob_within_months"].items():
        t.add_row(f"P(payback ≤ {m} months)", fmt_prob(p, math.sqrt(p * (1 - p) / n), n))
    median = pay["p50_months"]
    t.add_row("median payback", f"{median} months" if median is not None else "not within horizon")
    return t


def print_table(table: Table) -> None:
    Console(soft_wrap=True).print(table)


@contextmanager
def progress_bar(total: int, label: str, *, enabled: bool) -> Iterator:
    """A progress bar on stderr; yields a callback taking completed iterations (or None)."""
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda k: bar.advance(task, k)


def compare_table(comparison: dict) -> Table:
    """Vendors ranked by mean metric: mean, P10/P50/P90, P(ROI > 0), P(best), expected regret.

    ``comparison`` is the ``compare.json`` content (:func:`simroi.compare`); numbers
    are rounded to their Monte Carlo standard errors. The caption names the
    dominance relations found and P(first > second) of the two leading vendors.
    """
    metric, n, cur = comparison["metric"], comparison["iterations"], comparison["currency"]
    label = {"npv": f"NPV ({cur})", "roi": "ROI", "discounted_roi": "discounted ROI"}[metric]
    fmt = fmt_money if metric == "npv" else fmt_pct
    t = _table(
        f"{comparison['scenario']} — vendors compared on {label}, {n:,} paired iterations "
        f"({comparison['sampler']}, seed {comparison['seed']})",
        "vendor",
        f"mean {label}",
        "P10",
        "P50",
        "P90",
        "P(ROI > 0)",
        "P(best)",
        "expected regret",
    )
    ranked = sorted(comparison["vendors"], key=lambda v: v["rank"])
    for v in ranked:
        s, m = v["summary"], v["summary"]["metrics"][metric]
        t.add_row(
            f"{v['rank']}. {v['name']}",
            *(fmt(m[k], m["se_mean"]) for k in ("mean", "p10", "p50", "p90")),
            fmt_prob(s["prob_roi_positive"], s["prob_roi_positive_se"], n),
            fmt_prob(v["prob_best"], v["prob_best_se"], n),
            fmt(v["expected_regret"], v["expected_regret_se"]),
        )
    a, b = ranked[0]["name"], ranked[1]["name"]
    p, se = comparison["pairwise"][a][b], comparison["pairwise_se"][a][b]
    lines = [f"P({a} > {b}) in the same iteration: {fmt_prob(p, se, n)}"]
    for d in comparison["dominance"]:
        order = "first" if d["first_order"] else "second"
        lines.append(f"{d['better']} dominates {d['worse']} ({order}-order stochastic dominance)")
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t
