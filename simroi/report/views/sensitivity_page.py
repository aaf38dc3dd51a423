"""The sensitivity report's sections: one per method computed, each a sentence, a table, a chart.

Everything here reads ``sensitivity.json`` (checked by :mod:`simroi.runs.schema`):
the tornado (page one when it ran), the spider, Sobol indices with their intervals,
Spearman's ρ and the downside drivers, the last only from enough loss iterations
(:data:`simroi.analysis.sensitivity_downside.MIN_LOSS_ITERATIONS`, said in the section).
Each :class:`~simroi.report.documents.sections.Cell` keeps its raw value and its key in
the file (``tornado[0].output_low``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from simroi.report.documents.sections import Cell, Section, Table
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_value, metric_name
from simroi.report.text.money import compact
from simroi.report.text.numbers import decimals_for, percent_to_error, prob_to_error, sig
from simroi.runs.layout import FOLDERS, Chart
from simroi.simulation.metrics import UNITS

__all__ = [
    "DOWNSIDE_PNG",
    "SPEARMAN_PNG",
    "downside_sentences",
    "headline",
    "metric_value",
    "rho_decimals",
    "sections",
]

RESULT = FOLDERS["sensitivity"].result  # the file that holds every row and column

# The charts of the two methods runs.layout.Chart does not list yet: named like the others,
# by the method that draws them (to move into Chart with the folder's other charts).
SPEARMAN_PNG, DOWNSIDE_PNG = (f"{method}.png" for method in ("spearman", "downside"))
TOP = 12  # rows of a method's table; all are in sensitivity.json


def metric_value(
    result: Mapping[str, Any], v: float | None, lang: str, *, currency: bool = True
) -> str:
    """A value of the explained metric, compact, with its unit (``226k EUR``, ``19 个月``;
    without the currency if ``currency`` is false: a column header says it)."""
    if v is None or not math.isfinite(v):
        return "–"
    metric = result["metric"]
    if metric == "payback_month":
        return text("value_months", lang, v=sig(v))
    return compact(v, UNITS[metric], lang, result["currency"] if currency else None)


def _metric_kind(result: Mapping[str, Any]) -> str:
    return {"money": "money", "percent": "percent", "months": "months"}[UNITS[result["metric"]]]


def _pct(p: float) -> str:
    return f"{100 * p:g}"


# --------------------------------------------------------------------------- tornado, spider


def _tornado(
    result: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None
) -> list[Section]:
    """Page one (the sentences and the chart) and the tornado's figures as a table."""
    rows, metric = result["tornado"], metric_name(result["metric"], lang)
    pl, ph = _pct(result["low"]), _pct(result["high"])
    kind, cur = _metric_kind(result), result["currency"]
    base = metric_value(result, result["base"], lang)

    def out(i: int, end: str) -> Cell:
        v = rows[i][f"output_{end}"]
        return Cell(metric_value(result, v, lang), v, kind, f"tornado[{i}].output_{end}")

    table_rows = []
    for i, r in enumerate(rows[:TOP]):
        name = input_label(r["input"], lang, labels)
        if r.get("given"):
            name += text("if_risk_occurs", lang)
        span = (f"{input_value(r['input'], r['low_value'], lang, cur)} → "
                f"{input_value(r['input'], r['high_value'], lang, cur)}")  # fmt: skip
        swing = Cell(metric_value(result, r["swing"], lang), r["swing"], kind, f"tornado[{i}].swing")
        table_rows.append([Cell.of(name), Cell.of(span),
                           out(i, "low"), out(i, "high"), swing])  # fmt: skip
    sentences = [text("sens_tornado_base", lang, metric=metric, base=base)]
    if rows:
        top = rows[0]
        if top["input"].startswith("risks.") and top["input"].count(".") == 1:
            sentences.append(text("sens_tornado_risk", lang, metric=metric, base=base,
                                  input=input_label(top["input"], lang, labels),
                                  hi=metric_value(result, top["output_high"], lang)))  # fmt: skip
        else:
            sentences.append(text(
                "sens_tornado_top", lang, input=input_label(top["input"], lang, labels),
                lo=metric_value(result, top["output_low"], lang),
                hi=metric_value(result, top["output_high"], lang), pl=pl, ph=ph,
                vlo=input_value(top["input"], top["low_value"], lang, cur),
                vhi=input_value(top["input"], top["high_value"], lang, cur),
            ))  # fmt: skip
    given = next((r for r in rows if r.get("given")), None)
    if given:
        sentences.append(text(
            "sens_tornado_given", lang, metric=metric,
            input=input_label(given["input"], lang, labels),
            lo=metric_value(result, given["output_low"], lang),
            hi=metric_value(result, given["output_high"], lang),
        ))  # fmt: skip
    columns = [text("sens_input", lang), text("sens_input_range", lang, pl=pl, ph=ph),
               text("sens_at_low", lang, metric=metric, p=pl),
               text("sens_at_high", lang, metric=metric, p=ph), text("sens_swing", lang)]
    note = text("sens_tornado_note", lang, pl=pl, ph=ph)
    if len(rows) > TOP:
        note += " " + text("sens_shown", lang, k=TOP, n=len(rows), file=RESULT)
    return [
        Section(text("sens_tornado", lang, metric=metric), sentences, charts=(Chart.tornado,),
                anchor="tornado"),
        Section(text("sens_tornado_table", lang), tables=[Table(columns, table_rows, note=note)],
                anchor="tornado-figures"),
    ]  # fmt: skip


def _spider(result: Mapping[str, Any], lang: str) -> Section:
    metric = metric_name(result["metric"], lang)
    return Section(text("sens_spider", lang, metric=metric), [text("sens_spider_sentence", lang)],
                   charts=(Chart.spider,), anchor="spider")  # fmt: skip


# --------------------------------------------------------------------------- Sobol, Spearman


def _sobol(result: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None) -> Section:
    sob, metric = result["sobol"], metric_name(result["metric"], lang)
    eta = result.get("first_order_correlation_ratio") or {}
    order = sorted(sob, key=lambda k: -(sob[k].get("ST") or 0.0))
    def pct(v: float, conf: float | None) -> str:  # a tenth only when the interval allows it
        return f"{100 * v + 0.0:.{1 if conf is not None and conf < 0.005 else 0}f} %"

    def share(v: float | None, conf: float | None, key: str) -> Cell:
        if v is None:
            return Cell.of("–")
        lo, hi = max(0.0, v - (conf or 0.0)), v + (conf or 0.0)
        words = text("sens_interval", lang, v=pct(max(v, 0.0), conf), lo=pct(lo, conf),
                     hi=pct(hi, conf))  # fmt: skip
        return Cell(words, v, "percent", key)

    rows = []
    for k in order[:TOP]:
        s = sob[k]
        row = [Cell.of(input_label(k, lang, labels)),
               share(s.get("S1"), s.get("S1_conf"), f"sobol.{k}.S1"),
               share(s.get("ST"), s.get("ST_conf"), f"sobol.{k}.ST")]  # fmt: skip
        if eta:
            e = eta.get(k)
            row.append(Cell.of("–") if e is None else
                       Cell(percent_to_error(e, 0.01), e, "percent", f"first_order_correlation_ratio.{k}"))  # fmt: skip  # noqa: E501
        rows.append(row)
    top = sob[order[0]]
    conf = top.get("S1_conf") or 0.0
    sentences = [
        text("sens_sobol_sentence", lang, metric=metric, input=input_label(order[0], lang, labels),
             s1=pct(top["S1"], conf), st=pct(top["ST"], top.get("ST_conf")),
             lo=pct(max(0.0, top["S1"] - conf), conf), hi=pct(top["S1"] + conf, conf)),
        text("sens_sobol_how", lang, n=f"{result['sobol_n']:,}",
             evals=f"{result.get('sobol_evaluations') or 0:,}",
             reps=result.get("sobol_replicates") or "–"),
    ]  # fmt: skip
    if result.get("sobol_assumes_independence"):
        sentences.append(text("sens_sobol_independence", lang))
    columns = [text("sens_input", lang), text("sens_s1", lang), text("sens_st", lang)]
    if eta:
        columns.append(text("sens_eta", lang))
    return Section(text("sens_sobol", lang, metric=metric), sentences, [Table(columns, rows)],
                   (Chart.sobol,), anchor="sobol")  # fmt: skip


def rho_decimals(result: Mapping[str, Any]) -> int:
    """Decimals of ρ: to its standard error, about 1/sqrt(N)."""
    n = result.get("iterations")
    return decimals_for(1 / math.sqrt(n)) if n else 2


def _spearman(result: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None) -> Section:
    rho, metric = result["spearman"], metric_name(result["metric"], lang)
    share = result.get("contribution_to_variance") or {}
    d, n = rho_decimals(result), result["iterations"]
    order = [k for k in rho if rho[k] is not None]
    rows = [
        [Cell.of(input_label(k, lang, labels)),
         Cell(f"{rho[k]:+.{d}f}", rho[k], "number", f"spearman.{k}"),
         Cell(percent_to_error(share.get(k), 0.01), share.get(k), "percent",
              f"contribution_to_variance.{k}")]
        for k in order[:TOP]
    ]  # fmt: skip
    sentences = []
    if order:
        sentences.append(text("sens_spearman_sentence", lang, n=f"{n:,}", metric=metric,
                              input=input_label(order[0], lang, labels),
                              rho=f"{rho[order[0]]:+.{d}f}", se=f"{1 / math.sqrt(n):.{d}f}"))  # fmt: skip  # noqa: E501
    columns = [text("sens_input", lang), text("sens_rho", lang), text("sens_share", lang)]
    return Section(text("sens_spearman", lang, metric=metric), sentences,
                   [Table(columns, rows)], (SPEARMAN_PNG,), anchor="spearman")  # fmt: skip


# --------------------------------------------------------------------------- downside


def downside_sentences(
    result: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None = None
) -> list[str]:
    """P(loss) with how many losses there were, and either the leading driver or why none
    is ranked (fewer than the file's ``min_loss_iterations``, or no loss at all)."""
    down = result["downside"]
    n, k, m = down["iterations"], down["n_loss"], down.get("min_loss_iterations") or 0
    p = prob_to_error(down["p_loss"], down["p_loss_se"], n)
    sentences = [text("sens_downside_p", lang, p=p, k=f"{k:,}", n=f"{n:,}")]
    if k == 0 or k == n:
        return [*sentences, text("sens_downside_none" if k == 0 else "sens_downside_all", lang)]
    if not down["drivers"]:
        if k < m:
            need = math.ceil(m / down["p_loss"])
            return [*sentences, text("sens_downside_few", lang, m=m, k=k, need=need)]
        return [*sentences, text("sens_downside_few_others", lang, m=m, k=n - k)]
    top = down["drivers"][0]
    worst = top.get("p_loss_worst_quartile")
    sentences.append(text(
        "sens_downside_top", lang, m=m, input=input_label(top["input"], lang, labels),
        side=text(f"losses_{top['worst_side']}", lang),
        p="–" if worst is None else percent_to_error(worst, 0.01),
    ))  # fmt: skip
    return sentences


def _downside(result: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None) -> Section:
    down, cur = result["downside"], result["currency"]
    title, sentences = text("sens_downside", lang), downside_sentences(result, lang, labels)
    if not down["drivers"]:
        return Section(title, sentences, anchor="downside")
    rows = []
    for i, r in enumerate(down["drivers"][:TOP]):
        at = f"downside.drivers[{i}]"
        pw = r.get("p_loss_worst_quartile")
        rows.append([
            Cell.of(input_label(r["input"], lang, labels)),
            Cell(f"{r['ks']:.2f}", r["ks"], "number", f"{at}.ks"),
            Cell.of(text(f"sens_side_{r['worst_side']}", lang)),
            Cell.of("–") if pw is None else Cell(percent_to_error(pw, 0.01), pw, "probability",
                                                 f"{at}.p_loss_worst_quartile"),
            Cell.of(input_value(r["input"], r["median_loss"], lang, cur)),
            Cell.of(input_value(r["input"], r["median_no_loss"], lang, cur)),
        ])  # fmt: skip
    columns = [text("sens_input", lang), text("sens_ks", lang), text("sens_side", lang),
               text("sens_p_worst", lang), text("sens_median_loss", lang),
               text("sens_median_other", lang)]  # fmt: skip
    return Section(title, sentences, [Table(columns, rows)], (DOWNSIDE_PNG,), anchor="downside")


# --------------------------------------------------------------------------- the report


def sections(
    result: Mapping[str, Any], manifest: Mapping[str, Any] | None, lang: str
) -> list[Section]:
    """A section per method computed, the tornado first (page one) when it ran."""
    labels = ((manifest or {}).get("scenario") or {}).get("scenario", {}).get("labels")
    out = []
    if result.get("tornado") is not None:
        out += [*_tornado(result, lang, labels), _spider(result, lang)]
    if result.get("sobol"):
        out.append(_sobol(result, lang, labels))
    if result.get("spearman"):
        out.append(_spearman(result, lang, labels))
    if result.get("downside"):
        out.append(_downside(result, lang, labels))
    return out


def headline(result: Mapping[str, Any], lang: str) -> str | None:
    """The input that moves the metric most, and by how much (None without a tornado)."""
    rows = result.get("tornado") or []
    if not rows:
        return None
    top = rows[0]
    if top["input"].startswith("risks.") and top["input"].count(".") == 1:
        return text("sens_headline_risk", lang, input=input_label(top["input"], lang),
                    metric=metric_name(result["metric"], lang),
                    base=metric_value(result, result["base"], lang),
                    hi=metric_value(result, top["output_high"], lang))  # fmt: skip
    return text("sens_headline", lang, input=input_label(top["input"], lang),
                metric=metric_name(result["metric"], lang),
                lo=metric_value(result, top["output_low"], lang),
                hi=metric_value(result, top["output_high"], lang),
                pl=_pct(result["low"]), ph=_pct(result["high"]),
                base=metric_value(result, result["base"], lang))  # fmt: skip
