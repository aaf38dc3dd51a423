"""What simroi reforecast shows: the forecast beside the re-forecast, and what was learned.

In the terminal (:func:`table`, :func:`reading`) and on the page (:func:`sections`,
:func:`headline`): the sentence, the effective sample size of the posterior, the
outcomes before and after, and each informed input's prior and posterior.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells, make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_unit
from simroi.report.text.money import amount, amount_to_error
from simroi.report.text.numbers import (
    binomial_se,
    compact_percent,
    percent_to_error,
    prob_to_error,
    sig,
)
from simroi.report.text.safe import printable
from simroi.runs.layout import Chart

__all__ = ["figures", "headline", "page_figures", "reading", "sections", "table"]


def table(result: dict, lang: str = "en") -> Any:
    """The forecast and the re-forecast side by side: probabilities, NPV, ROI, payback;
    below them each informed input's prior and posterior (mean, 90 % interval): the
    page's tables, cell for cell, in ``lang``."""
    from rich.console import Group

    title = f"{result['prior']['scenario']} — {text('rf_outcomes', lang)}"
    page = _outcome_table(result, lang)
    tables = [from_cells(title, page.columns, page.rows)]
    if result["inputs"]:
        tables.append(_inputs_terminal(_input_table(result, {}, lang), lang))
    return Group(*tables)


def _inputs_terminal(page: PageTable, lang: str) -> Table:
    """The page's input table in four columns: each mean beside its 90 % interval."""
    t = make_table(text("rf_terminal_inputs", lang), page.columns[0], text("rf_forecast", lang),
                   text("rf_reforecast", lang), page.columns[-1])  # fmt: skip
    for name, mean0, band0, mean1, band1, by in page.rows:
        t.add_row(name.text, f"{mean0.text} ({band0.text})", f"{mean1.text} ({band1.text})",
                  by.text)  # fmt: skip
    return t


def reading(result: dict, lang: str = "en") -> list[str]:
    """The sentence a CFO can repeat, and the inputs the data could not inform."""
    lines = [headline_of(result, lang)]
    if result["kept_prior"]:
        kept = ", ".join(input_label(p, lang) for p in result["kept_prior"])
        lines.append(text("rf_kept", lang, names=kept))
    return [printable(line) for line in lines]


def figures(result: dict, *, lang: str = "en") -> dict:
    """``reforecast_fan.png``: the forecast's and the re-forecast's cumulative cash flow,
    the months seen shaded (matplotlib only when drawn)."""
    from simroi.report.plots.reforecast import reforecast_fan

    prior, posterior = result["prior"], result["posterior"]
    if not (prior.get("cash_flow") and posterior.get("cash_flow")):
        return {}
    return {
        Chart.reforecast_fan: reforecast_fan(
            prior["cash_flow"],
            posterior["cash_flow"],
            (result.get("seen") or {}).get("share") or (),
            currency=posterior["currency"],
            months_observed=result["months_observed"],
            lang=lang,
        )
    }


# --------------------------------------------------------------------------- the page


def headline(folder, lang: str) -> str:
    """The sentence a CFO can repeat: the payback chance now, against the forecast."""
    return headline_of(folder.result, lang)


def headline_of(r: dict, lang: str) -> str:
    """:func:`headline` of reforecast.json's content ``r``."""
    if lang == "en":
        return r["sentence"]  # the command's own words (reforecast.json)
    prior, post = r["prior"]["payback"]["prob_within_months"], r["posterior"]["payback"]
    m = next((k for k in prior if prior[k] >= 0.5), list(prior)[-1])
    p, q = post["prob_within_months"][m], prior[m]
    a, b = _whole(p, lang), _whole(q, lang)
    change = (text("rf_as_forecast", lang) if a == b
              else text("rf_down" if p < q else "rf_up", lang, was=b))  # fmt: skip
    months = r["months_observed"]
    when = text("rf_after", lang, k=months) if months else text("rf_none_yet", lang)
    return text("rf_sentence", lang, when=when, m=m, p=a, change=change)


def _whole(p: float, lang: str) -> str:
    """A probability in whole percent, as reforecast.json's sentence writes it."""
    if p < 0.005:
        return text("rf_under_1", lang)
    return text("rf_over_99", lang) if p > 0.995 else f"{round(100 * p)} %"


def page_figures(folder, lang: str) -> dict:
    """The fan of :func:`figures`, drawn for the page."""
    return figures(folder.result, lang=lang)


def sections(folder, lang: str) -> list[Section]:
    """Page one: the forecast beside the re-forecast; then what the months seen say about
    each input (mean and 90 % interval, before and after)."""
    r = folder.result
    n, ess = r["iterations"], r["effective_sample_size"]
    sentences = [
        text("rf_about", lang, k=r["months_observed"], go_live=r["go_live"]),
        text("rf_ess", lang, ess=f"{ess:,.0f}", n=f"{n:,}"),
    ]
    out = [Section(text("rf_outcomes", lang), sentences, (_outcome_table(r, lang),),
                   anchor="reforecast")]  # fmt: skip
    if r["prior"].get("cash_flow") and r["posterior"].get("cash_flow"):
        out.append(Section(text("chart_reforecast_fan", lang), charts=(Chart.reforecast_fan,),
                           anchor="cash_flow"))  # fmt: skip
    if r["inputs"]:
        kept = [input_label(p, lang, _labels(folder)) for p in r["kept_prior"]]
        said = [text("rf_kept", lang, names=", ".join(kept))] if kept else []
        out.append(Section(text("rf_learned", lang), said, (_input_table(r, _labels(folder), lang),),
                           anchor="inputs"))  # fmt: skip
    return out


def _labels(folder) -> dict:
    scenario = ((folder.manifest or {}).get("scenario") or {}).get("scenario") or {}
    return scenario.get("labels") or {}


def _outcome_table(r: dict, lang: str) -> PageTable:
    a, b, n = r["prior"], r["posterior"], r["iterations"]
    cur = a.get("currency") or ""
    rows = []

    def row(label: str, cells: list[Cell]) -> None:
        rows.append([Cell.of(label), *cells])

    row(text("col_prob_roi", lang), [
        Cell(prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n),
             s["prob_roi_positive"], "probability", f"{w}.prob_roi_positive")
        for w, s in (("prior", a), ("posterior", b))])  # fmt: skip
    row(text("rf_loss", lang), [
        Cell(prob_to_error(1 - s["prob_npv_positive"], s["prob_npv_positive_se"], n),
             1 - s["prob_npv_positive"], "probability") for s in (a, b)])  # fmt: skip
    for q in ("p10", "p50", "p90"):
        row(text("col_npv_q", lang, q=q.upper()), [
            Cell(amount_to_error(s["metrics"]["npv"][q], s["metrics"]["npv"]["se_mean"], lang, cur),
                 s["metrics"]["npv"][q], "money", f"{w}.metrics.npv.{q}", unit=cur)
            for w, s in (("prior", a), ("posterior", b))])  # fmt: skip
    for q in ("p10", "p50", "p90"):
        row(text("col_roi_q", lang, q=q.upper()), [
            Cell(percent_to_error(s["metrics"]["roi"][q], s["metrics"]["roi"]["se_mean"]),
                 s["metrics"]["roi"][q], "percent", f"{w}.metrics.roi.{q}")
            for w, s in (("prior", a), ("posterior", b))])  # fmt: skip
    for m in a["payback"]["prob_within_months"]:
        row(text("col_payback_within", lang, m=m), [
            Cell(prob_to_error(v, binomial_se(v, n), n), v, "probability",
                 f"{w}.payback.prob_within_months.{m}")
            for w, v in (("prior", a["payback"]["prob_within_months"][m]),
                         ("posterior", b["payback"]["prob_within_months"][m]))])  # fmt: skip
    heads = ("", text("rf_forecast", lang), text("rf_reforecast", lang))
    return PageTable(heads, rows, note=text("rf_table_note", lang))


def _input_table(r: dict, labels: dict, lang: str) -> PageTable:
    cur = r["prior"].get("currency")
    rows = []
    for path, d in r["inputs"].items():
        unit = input_unit(path)
        cells = [Cell.of(input_label(path, lang, labels))]
        for when in ("prior", "posterior"):
            s, at = d[when], f"inputs.{path}.{when}"
            cells += [_value(s["mean"], unit, lang, cur, f"{at}.mean"),
                      Cell(f"{_shown(s['p5'], unit, lang, cur)} – {_shown(s['p95'], unit, lang, cur)}")]  # fmt: skip
        by = "rf_by_data" if d["informed_by"] == "data" else "rf_by_correlation"
        rows.append([*cells, Cell.of(text(by, lang))])
    heads = (text("input", lang), text("rf_prior_mean", lang), text("rf_prior_90", lang),
             text("rf_post_mean", lang), text("rf_post_90", lang), text("rf_informed", lang))  # fmt: skip
    return PageTable(heads, rows)


def _shown(x: float, unit: str, lang: str, currency: str | None) -> str:
    if unit == "percent":
        return compact_percent(x)
    if unit == "money":
        return amount(x, lang, currency)
    return sig(x)


def _value(x: float, unit: str, lang: str, currency: str | None, key: str) -> Cell:
    kind = {"percent": "percent", "money": "money"}.get(unit, "number")
    return Cell(_shown(x, unit, lang, currency), x, kind, key, unit=currency or "" if kind == "money" else "")
