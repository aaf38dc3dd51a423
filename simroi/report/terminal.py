"""Human-readable terminal output: tables and numbers rounded to their Monte Carlo error.

Nothing is printed with more digits than its standard error supports: a value
is shown to the decimal place of the leading digit of its standard error. The
rounding rules live in :mod:`simroi.report.formatting`; this module lays out tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from simroi.report.formatting import (
    MISSING,
    compact_money,
    compact_percent,
    decimals_for,
    irr_to_error,
    money_to_error,
    percent_to_error,
    prob_to_error,
    sig,
)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    return table


def _bounded(text: str, n: int) -> str:
    """``> 1 − 1/1`` says nothing: with one iteration a probability is just what happened."""
    if n == 1 and text.startswith(("<", ">")):
        return "no (1 iteration)" if text.startswith("<") else "yes (1 iteration)"
    return text


def run_table(summary: dict) -> Table:
    """The one-page answer of ``simroi run``: P(ROI > 0), ROI, NPV, investment, IRR, payback.

    Fits 80 columns: labels are short and unique, values never cut.
    """
    from simroi.report.i18n import count_text

    n = summary["iterations"]
    roi, npv = summary["metrics"]["roi"], summary["metrics"]["npv"]
    cur = summary["currency"]
    t = _table(
        f"{summary['scenario']} — {count_text(n)}, {summary['horizon_months']} months "
        f"({summary['sampler']}, seed {summary['seed']})",
        "",
        "value",
    )
    t.columns[1].no_wrap = True
    for metric in ("roi", "npv"):
        key = f"prob_{metric}_positive"
        p = prob_to_error(summary[key], summary[f"{key}_se"], n)
        t.add_row(f"P({metric.upper()} > 0)", _bounded(p, n))
    percentiles = (("mean", "mean"), ("p10", "P10"), ("p50", "P50"), ("p90", "P90"))
    for key, label in percentiles:
        t.add_row(f"ROI {label} (undiscounted)", percent_to_error(roi[key], roi["se_mean"]))
    for key, label in percentiles:
        t.add_row(f"NPV {label} ({cur})", money_to_error(npv[key], npv["se_mean"]))
    t.add_row(
        f"NPV, average of worst 5 % ({cur})",
        money_to_error(summary["cvar5_npv"], npv["se_mean"]),
    )
    cost = summary["metrics"].get("total_cost")
    if cost:
        for key, label in (("p50", "P50"), ("p90", "P90")):
            t.add_row(
                f"Total investment {label} ({cur})", money_to_error(cost[key], cost["se_mean"])
            )
    irr = summary["metrics"].get("irr")
    if irr:
        t.add_row("IRR P50 (yearly)", irr_to_error(irr["p50"], irr["se_mean"]))
    droi = summary["metrics"].get("discounted_roi")
    if droi is not None:
        t.add_row(
            "discounted ROI mean (NPV / PV costs)", percent_to_error(droi["mean"], droi["se_mean"])
        )
    hurdle = summary.get("hurdle")
    if hurdle:
        h = f"{100 * hurdle['rate']:g} %"
        for key, label in (("roi", "ROI"), ("irr", "IRR")):
            p, se = hurdle[f"prob_{key}_above"], hurdle[f"prob_{key}_above_se"]
            t.add_row(f"P({label} > {h})", _bounded(prob_to_error(p, se, n), n))
    pay = summary["payback"]
    for m, p in pay["prob_within_months"].items():
        se = math.sqrt(p * (1 - p) / n)
        t.add_row(f"P(payback ≤ {m} months)", _bounded(prob_to_error(p, se, n), n))
    median = pay["p50_months"]
    t.add_row("median payback", f"{median} months" if median is not None else "not within horizon")
    dpay = summary.get("discounted_payback")
    if dpay is not None:
        m = dpay["p50_months"]
        t.add_row(
            "median discounted payback", f"{m} months" if m is not None else "not within horizon"
        )
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
    are rounded to their Monte Carlo standard errors (probabilities too, without
    the "±" to keep the table narrow). The caption names the dominance relations
    found and P(first > second) of the two leading vendors.
    """
    metric, n, cur = comparison["metric"], comparison["iterations"], comparison["currency"]
    label = {"npv": f"NPV ({cur})", "roi": "ROI", "discounted_roi": "discounted ROI"}[metric]
    fmt = money_to_error if metric == "npv" else percent_to_error

    def prob(p: float, se: float) -> str:  # no "±": it would make the table too wide
        return prob_to_error(p, se, n, plus_minus=False)

    t = _table(
        f"{comparison['scenario']} — vendors ranked by mean {label}, {n:,} paired iterations "
        f"({comparison['sampler']}, seed {comparison['seed']})",
        "vendor",
        "mean",
        "P10",
        "P50",
        "P90",
        "P(ROI>0)",
        "P(best)",
        "exp. regret",
    )
    ranked = sorted(comparison["vendors"], key=lambda v: v["rank"])
    rows = []
    for v in ranked:
        s, m = v["summary"], v["summary"]["metrics"][metric]
        rows.append(
            [
                v["name"],
                *(fmt(m[k], m["se_mean"]) for k in ("mean", "p10", "p50", "p90")),
                prob(s["prob_roi_positive"], s["prob_roi_positive_se"]),
                prob(v["prob_best"], v["prob_best_se"]),
                fmt(v["expected_regret"], v["expected_regret_se"]),
            ]
        )
    for i, column in enumerate(t.columns[1:], start=1):  # on a narrow terminal, wrap names
        column.min_width = max(len(row[i]) for row in rows)  # rather than cut numbers
    for row in rows:
        t.add_row(*row)
    a, b = ranked[0]["name"], ranked[1]["name"]
    p, se = comparison["pairwise"][a][b], comparison["pairwise_se"][a][b]
    lines = [f"P({a} > {b}) in the same iteration: {prob_to_error(p, se, n)}"]
    for d in comparison["dominance"]:
        order = "first" if d["first_order"] else "second"
        lines.append(f"{d['better']} dominates {d['worse']} ({order}-order stochastic dominance)")
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t


def sensitivity_table(result: dict, *, top: int = 12) -> Table:
    """The top drivers of ``simroi sensitivity``: tornado, Spearman, Sobol, side by side.

    ``result`` is the content of sensitivity.json; methods that did not run show
    "–". Tornado outputs are exact model evaluations (three significant digits);
    Spearman's rho is rounded to its standard error (about 1/sqrt(N)) and the
    Sobol indices to their confidence half-widths (the widest is in the caption,
    with how they were made).
    """
    metric = result["metric"]

    def short(v: float | None) -> str:  # exact values: three significant digits
        if v is None or not math.isfinite(v):
            return MISSING
        if metric == "payback_month":
            return f"{sig(v)} mo"
        return compact_money(v) if metric == "npv" else compact_percent(v)

    bars = {row["input"]: row for row in result.get("tornado") or []}
    rho = result.get("spearman") or {}
    sob = result.get("sobol") or {}
    eta = result.get("first_order_correlation_ratio") or {}
    order = list(bars) or list(rho) or sorted(sob, key=lambda k: -(sob[k]["ST"] or 0.0))
    n = result.get("iterations")
    rho_d = decimals_for(1 / math.sqrt(n)) if n else 2
    confs = [e[c] for e in sob.values() for c in ("S1_conf", "ST_conf") if e.get(c) is not None]
    widest = max(confs, default=None)
    sob_d = min(3, max(2, decimals_for(widest))) if widest else 2
    columns = ["input", f"{metric} at low → high", "Spearman ρ", "Sobol S1", "Sobol ST"]
    if eta:
        columns.append("η²")
    t = _table(
        f"{result.get('scenario', '')} — what drives {metric} (base case {short(result['base'])})",
        *columns,
    )

    def num(v: float | None, d: int, sign: str = "") -> str:
        return MISSING if v is None or not math.isfinite(v) else f"{v:{sign}.{d}f}"

    for k in order[:top]:
        bar, s = bars.get(k), sob.get(k) or {}
        cells = [
            k,
            f"{short(bar['output_low'])} → {short(bar['output_high'])}" if bar else MISSING,
            num(rho.get(k), rho_d, "+"),
            num(s.get("S1"), sob_d),
            num(s.get("ST"), sob_d),
        ]
        if eta:
            cells.append(num(eta.get(k), 2))
        t.add_row(*cells)
    lines = []
    if bars:
        lines.append(
            f"Tornado: each input at its P{100 * result['low']:g} → P{100 * result['high']:g}, "
            "others at their medians, no risk event; a risk event goes from no to yes."
        )
    if len(order) > top:
        lines.append(f"{top} of {len(order)} inputs shown; all are in sensitivity.json.")
    if sob:
        lines.append(
            f"Sobol: n = {result['sobol_n']:,}"
            + (
                f" (rounded up from {result['sobol_n_rounded_from']:,})"
                if result.get("sobol_n_rounded_from") is not None
                else ""
            )
            + (f"; 95 % half-widths up to {widest:.{sob_d}f}" if widest is not None else "")
            + (f" ({result['sobol_interval']})." if result.get("sobol_interval") else ".")
        )
    if result.get("sobol_assumes_independence"):
        lines.append(
            "Sobol treats the inputs as independent but the scenario correlates some; "
            "η² (first-order correlation ratio on the correlated simulation) allows for that."
        )
    down = result.get("downside")
    if down:
        p = prob_to_error(down["p_loss"], down["p_loss_se"], down["iterations"])
        if down["drivers"]:
            d = down["drivers"][0]
            lines.append(
                f"P(ROI < 0) = {p}; the loss iterations differ most in {d['input']} "
                f"(KS distance {d['ks']:.2f}, losses at its {d['worst_side']} end)."
            )
        else:
            lines.append(f"P(ROI < 0) = {p}: {down['note']}.")
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t


def sweep_table(data: dict, *, top: int = 60) -> Table:
    """One row per variant of a sweep or batch: P(ROI > 0), ROI P10/P50/P90, NPV, payback.

    ``data`` is the ``sweep.json`` content (:func:`simroi.analysis.sweep.sweep`).
    A grid shows one column per varied input (headed by the path's last part),
    other sweeps the variant's name. Numbers are rounded to their Monte Carlo
    standard errors; probabilities without the "±". Past ``top`` variants the
    rest are counted in the caption (every row is in sweep.json and sweep.parquet).
    """
    variants = data["variants"]
    first = variants[0]["summary"]
    cur, n, horizon = first["currency"], first["iterations"], first["horizon_months"]
    varied = list(data["varied"])
    by_value = bool(varied) and all(
        set(v["overrides"]) == set(varied)
        and all(isinstance(x, int | float | str) for x in v["overrides"].values())
        for v in variants
    )
    keys = [p.rsplit(".", 1)[-1] for p in varied] if by_value else ["variant"]
    seed = data["seed"] if data["seed"] is not None else "per file"
    what = data["scenario"] or f"{len(variants)} scenario files"
    t = _table(
        f"{what} — {len(variants):,} variants, {n:,} iterations each "
        f"({first['sampler']}, seed {seed}; money in {cur})",
        *keys,
        "P(ROI>0)",
        "ROI P10",
        "ROI P50",
        "ROI P90",
        "NPV mean",
        "NPV P10",
        f"P(payback≤{horizon})",
    )
    for column in t.columns[: len(keys)]:
        column.min_width = len(str(column.header))
    for column in t.columns[len(keys) :]:
        column.no_wrap = True
    rows = []
    for v in variants[:top]:
        s, k = v["summary"], v["summary"]["iterations"]
        roi, npv = s["metrics"]["roi"], s["metrics"]["npv"]
        # within the horizon is "ever": a scenario's own payback_months may leave it out
        within = 1.0 - s["payback"]["prob_never"]
        head = [str(v["overrides"][p]) for p in varied] if by_value else [v["name"]]
        rows.append(
            [
                *head,
                prob_to_error(
                    s["prob_roi_positive"], s["prob_roi_positive_se"], k, plus_minus=False
                ),
                *(percent_to_error(roi[q], roi["se_mean"]) for q in ("p10", "p50", "p90")),
                *(money_to_error(npv[q], npv["se_mean"]) for q in ("mean", "p10")),
                prob_to_error(within, math.sqrt(within * (1 - within) / k), k, plus_minus=False),
            ]
        )
    for row in rows:
        t.add_row(*row)
    if len(variants) > top:
        t.caption = f"… and {len(variants) - top:,} more variants in sweep.json / sweep.parquet"
        t.caption_justify = "left"
    return t
