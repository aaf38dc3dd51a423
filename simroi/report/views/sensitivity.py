"""simroi sensitivity: the drivers side by side in a table, and the charts of its folder."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import metric_name
from simroi.report.text.money import compact
from simroi.report.text.numbers import MISSING, decimals_for, prob_to_error, sig
from simroi.runs.layout import Chart
from simroi.simulation.metrics import UNITS

__all__ = ["figures", "table"]


def table(result: dict, *, top: int = 12) -> Table:
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
        return compact(v, UNITS[metric])

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
    t = make_table(
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
    t.caption, t.caption_justify = "\n".join(_caption(result, order, top, widest, sob_d)), "left"
    return t


def _caption(result: dict, order: list, top: int, widest: float | None, sob_d: int) -> list[str]:
    """How the tornado and the Sobol indices were made, and what separates the losses."""
    lines = []
    if result.get("tornado"):
        lines.append(
            f"Tornado: each input at its P{100 * result['low']:g} → P{100 * result['high']:g}, "
            "others at their medians, no risk event; a risk event goes from no to yes."
        )
    if len(order) > top:
        lines.append(f"{top} of {len(order)} inputs shown; all are in sensitivity.json.")
    if result.get("sobol"):
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
    return lines


def figures(result: Mapping[str, Any], *, lang: str = "en", page: bool = False) -> dict[str, Any]:
    """tornado.png and spider.png (when the tornado ran) and sobol.png (when Sobol ran);
    with ``page``, the report page's tornado (titled "Sensitivity"), when it has bars.

    ``result`` is the content of sensitivity.json
    (:func:`simroi.analysis.sensitivity.analyze_scenario`).
    """
    from simroi.analysis.sensitivity import sobol_frame, spider_frame
    from simroi.report import plots

    metric, name = result["metric"], result["scenario"]
    currency = None if metric == "payback_month" else result["currency"]
    label = metric_name(metric, lang)

    def tornado(title: str) -> Any:
        return plots.tornado(
            result["tornado"],
            base=result["base"],
            metric=metric,
            currency=currency,
            title=title,
            lang=lang,
            input_currency=result["currency"],
        )

    if page:
        return {"tornado": tornado(text("sensitivity", lang))} if result.get("tornado") else {}
    out = {}
    if result["tornado"] is not None:
        out[Chart.tornado] = tornado(f"{text('png_tornado', lang, metric=label)}\n{name}")
        out[Chart.spider] = plots.spider(
            spider_frame(result),
            base=result["base"],
            metric=metric,
            currency=currency,
            title=f"{text('png_spider', lang, metric=label)}\n{name}",
            lang=lang,
        )
    if result["sobol"] is not None:
        out[Chart.sobol] = plots.sobol(
            sobol_frame(result), title=f"{text('png_sobol', lang, metric=label)}\n{name}", lang=lang
        )
    return out
