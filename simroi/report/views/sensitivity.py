"""simroi sensitivity: the drivers side by side in a table, and the charts of its folder."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, metric_name
from simroi.report.text.money import currency_unit
from simroi.report.text.numbers import MISSING, decimals_for, percent_to_error
from simroi.report.views import sensitivity_page
from simroi.report.views.sensitivity_page import (
    DOWNSIDE_PNG,
    SPEARMAN_PNG,
    metric_value,
    rho_decimals,
)
from simroi.runs.layout import FOLDERS, Chart
from simroi.simulation.metrics import UNITS

__all__ = ["figures", "headline", "page_figures", "sections", "table"]

RESULT = FOLDERS["sensitivity"].result  # the file that holds every row and column


def _num(v: float | None, d: int, sign: str = "") -> str:
    if v is None or not math.isfinite(v):
        return MISSING
    if round(v, d) == 0:  # never "-0.00": an estimate that rounds to nothing has no sign
        return f"{0.0:.{d}f}"
    return f"{v:{sign}.{d}f}"


def table(result: dict, *, top: int = 12, lang: str = "en", width: int | None = None) -> Table:
    """The top drivers of ``simroi sensitivity``, one column per measure that ran.

    ``result`` is the content of sensitivity.json. Inputs are named for people
    (:func:`~simroi.report.text.labels.input_label`); the input column is never cut
    (it wraps at spaces) and at a narrow ``width`` (default the terminal's; 80 when
    piped) the last measure columns are left out, said in the caption. Tornado
    outputs are exact model evaluations (three significant digits, with the unit);
    Spearman's rho is rounded to its standard error (about 1/sqrt(N)), the Sobol
    indices to their confidence half-widths, the downside KS distance to 0.01.
    """
    metric = metric_name(result["metric"], lang)
    bars = {row["input"]: row for row in result.get("tornado") or []}
    rho = result.get("spearman") or {}
    sob = result.get("sobol") or {}
    eta = result.get("first_order_correlation_ratio") or {}
    down = {d["input"]: d for d in (result.get("downside") or {}).get("drivers") or []}
    order = (list(bars) or list(rho) or sorted(sob, key=lambda k: -(sob[k]["ST"] or 0.0))
             or list(down))  # fmt: skip
    shown = order[:top]
    columns: dict[str, list[str]] = {}
    if bars:
        money = result["metric"] != "payback_month" and UNITS[result["metric"]] == "money"
        head = text("sens_terminal_low_high", lang, pl=f"{100 * result['low']:g}",
                    ph=f"{100 * result['high']:g}",
                    metric=metric + (f" ({currency_unit(result['currency'], lang)})" if money
                                     else ""))  # fmt: skip
        columns[head] = [
            f"{metric_value(result, bars[k]['output_low'], lang, currency=False)} → "
            f"{metric_value(result, bars[k]['output_high'], lang, currency=False)}"
            for k in shown
        ]
    if rho:
        columns["Spearman ρ"] = [_num(rho.get(k), rho_decimals(result), "+") for k in shown]
        share = result.get("contribution_to_variance") or {}
        columns[text("sens_share", lang)] = [
            MISSING if share.get(k) is None else percent_to_error(share[k], 0.01) for k in shown
        ]
    confs = [e[c] for e in sob.values() for c in ("S1_conf", "ST_conf") if e.get(c) is not None]
    widest = max(confs, default=None)
    sob_d = min(3, max(2, decimals_for(widest))) if widest else 2
    if sob:
        columns["Sobol S1"] = [_num((sob.get(k) or {}).get("S1"), sob_d) for k in shown]
        columns["Sobol ST"] = [_num((sob.get(k) or {}).get("ST"), sob_d) for k in shown]
    if eta:
        columns["η²"] = [_num(eta.get(k), 2) for k in shown]
    if down:
        columns[text("sens_ks", lang)] = [_num((down.get(k) or {}).get("ks"), 2) for k in shown]
        columns[text("sens_side", lang)] = [
            text(f"sens_side_{down[k]['worst_side']}", lang) if k in down else MISSING
            for k in shown
        ]
        worst = {k: (down.get(k) or {}).get("p_loss_worst_quartile") for k in shown}
        columns[text("sens_p_worst_short", lang)] = [
            MISSING if worst[k] is None else percent_to_error(worst[k], 0.01) for k in shown
        ]
    names = [
        input_label(k, lang) + (text("if_risk_occurs", lang) if (bars.get(k) or {}).get("given")
                                else "")
        for k in shown
    ]  # fmt: skip
    width = width or Console().width
    words = [len(w) for x in names for w in x.split()] or [5]
    key_width = min(max((len(x) for x in names), default=5), max(20, *words))
    kept, used = [], key_width + 1
    for header, cells in columns.items():
        w = max(len(header), *(len(c) for c in cells), 1) + 3
        if used + w <= width or not kept:
            kept.append(header)
            used += w
    base = metric_value(result, result["base"], lang)
    t = make_table(
        text("sens_terminal_title", lang, name=result.get("scenario", ""), metric=metric,
             base=base),
        text("sens_input", lang), *kept,
    )  # fmt: skip
    t.columns[0].min_width, t.columns[0].overflow = key_width, "fold"
    for i, header in enumerate(kept, start=1):
        t.columns[i].no_wrap = True
        t.columns[i].min_width = max((len(c) for c in columns[header]), default=1)
    for i, name in enumerate(names):
        t.add_row(name, *(columns[h][i] for h in kept))
    lines = _caption(result, order, top, widest, sob_d, lang)
    dropped = [h for h in columns if h not in kept]
    if dropped:
        lines.append(text("cmpd_terminal_dropped", lang, names=", ".join(dropped), file=RESULT))
    t.caption, t.caption_justify = "\n".join(lines), "left"
    return t


def _caption(
    result: dict, order: list, top: int, widest: float | None, sob_d: int, lang: str
) -> list[str]:
    """How the tornado and the Sobol indices were made, and what separates the losses."""
    lines = []
    if result.get("tornado"):
        lines.append(text("sens_tornado_note", lang, pl=f"{100 * result['low']:g}",
                          ph=f"{100 * result['high']:g}"))  # fmt: skip
    if len(order) > top:
        lines.append(text("sens_shown", lang, k=top, n=len(order), file=RESULT))
    if result.get("sobol"):
        wide = "" if widest is None else text("sens_sobol_widest", lang, w=f"{widest:.{sob_d}f}")
        reps = result.get("sobol_replicates")
        how = text("sens_sobol_reps", lang, reps=reps) if reps else ""
        lines.append(text("sens_sobol_terminal", lang, n=f"{result['sobol_n']:,}", wide=wide,
                          how=how))  # fmt: skip
    if result.get("sobol_assumes_independence"):
        lines.append(text("sens_sobol_independence", lang))
    down = result.get("downside")
    if down:
        lines += sensitivity_page.downside_sentences(result, lang)
    return lines


PAGE_BARS = 10  # the page's tornado: with the sentences above it, page one stays one page


def figures(result: Mapping[str, Any], *, lang: str = "en", page: bool = False) -> dict[str, Any]:
    """A chart for every method that ran, titled with the scenario: tornado.png and
    spider.png (the tornado), sobol.png, spearman.png, and downside.png (when drivers
    were ranked); with ``page``, the report page's (titled without the scenario,
    which the page names).

    ``result`` is the content of sensitivity.json
    (:func:`simroi.analysis.sensitivity.analyze_scenario`).
    """
    from simroi.analysis.sensitivity import sobol_frame, spider_frame
    from simroi.report.plots import sensitivity as plots

    metric = result["metric"]
    currency = None if metric == "payback_month" else result["currency"]
    label = metric_name(metric, lang)

    def title(key: str) -> str:
        words = text(key, lang, metric=label)
        return words if page else f"{words}\n{result['scenario']}"

    out = {}
    if result.get("tornado") is not None:
        out[Chart.tornado] = plots.tornado(
            result["tornado"], base=result["base"], metric=metric, currency=currency,
            title=title("png_tornado"), lang=lang, input_currency=result["currency"],
            max_rows=PAGE_BARS if page else 15,
        )  # fmt: skip
        out[Chart.spider] = plots.spider(
            spider_frame(result), base=result["base"], metric=metric, currency=currency,
            title=title("png_spider"), lang=lang,
        )  # fmt: skip
    if result.get("sobol"):
        out[Chart.sobol] = plots.sobol(sobol_frame(result), title=title("png_sobol"), lang=lang)
    if result.get("spearman"):
        out[SPEARMAN_PNG] = plots.spearman(
            result["spearman"], metric=metric, title=title("sens_spearman"), lang=lang,
            digits=rho_decimals(result),
        )  # fmt: skip
    drivers = (result.get("downside") or {}).get("drivers")
    if drivers:
        out[DOWNSIDE_PNG] = plots.downside(drivers, title=title("sens_downside"), lang=lang)
    return out


def page_figures(folder: Any, lang: str) -> dict[str, Any]:
    """The report's charts: every method's, drawn from sensitivity.json."""
    return figures(folder.result, lang=lang, page=True)


def sections(folder: Any, lang: str) -> list:
    """A section per method computed (:mod:`.sensitivity_page`)."""
    return sensitivity_page.sections(folder.result, folder.manifest, lang)


def headline(folder: Any, lang: str) -> str | None:
    """The input that moves the result most, and by how much."""
    return sensitivity_page.headline(folder.result, lang)

