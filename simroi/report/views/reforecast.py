"""What simroi reforecast shows: the forecast beside the re-forecast, and what was learned.

In the terminal (:func:`table`, :func:`reading`) and on the page (:func:`sections`,
:func:`headline`): the sentence, the effective sample size of the posterior, the
outcomes before and after, and each informed input's prior and posterior.
"""

from __future__ import annotations

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_unit
from simroi.report.text.money import amount, amount_to_error
from simroi.report.text.numbers import (
    binomial_se,
    compact_percent,
    money_to_error,
    percent_to_error,
    prob_to_error,
    sig,
)
from simroi.report.text.safe import printable

__all__ = ["headline", "reading", "sections", "table"]


def table(result: dict) -> Table:
    """The forecast and the re-forecast side by side: probabilities, NPV, ROI, payback;
    below them each informed input's prior and posterior (mean, 90 % interval)."""
    from rich.console import Group

    tables = [_outcomes(result)]
    if result["inputs"]:
        tables.append(_inputs(result))
    return Group(*tables)


def reading(result: dict) -> list[str]:
    """The sentence a CFO can repeat, and the inputs the data could not inform."""
    lines = [result["sentence"]]
    if result["kept_prior"]:
        lines.append(
            "Not informed by the data, kept at their prior: " + ", ".join(result["kept_prior"])
        )
    return [printable(line) for line in lines]


def _outcomes(result: dict) -> Table:
    a, b = result["prior"], result["posterior"]
    n = result["iterations"]
    t = Table(
        title=f"{a['scenario']}: after {result['months_observed']} months live "
        f"(go-live {result['go_live']})",
        title_justify="left",
        show_edge=False,
    )
    for i, name in enumerate(("", "forecast", "re-forecast")):
        t.add_column(name, justify="left" if i == 0 else "right")
    t.add_row(
        "P(ROI > 0)",
        *(prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n) for s in (a, b)),
    )
    t.add_row(
        "P(loss: NPV <= 0)",
        *(prob_to_error(1 - s["prob_npv_positive"], s["prob_npv_positive_se"], n) for s in (a, b)),
    )
    cur = a["currency"]
    for key in ("p10", "p50", "p90"):
        npv = [s["metrics"]["npv"] for s in (a, b)]
        t.add_row(
            f"NPV {key.upper()} ({cur})", *(money_to_error(m[key], m["se_mean"]) for m in npv)
        )
    for key in ("p10", "p50", "p90"):
        roi = [s["metrics"]["roi"] for s in (a, b)]
        t.add_row(f"ROI {key.upper()}", *(percent_to_error(m[key], m["se_mean"]) for m in roi))
    for m, p in a["payback"]["prob_within_months"].items():
        q = b["payback"]["prob_within_months"][m]
        t.add_row(
            f"P(payback <= {m} months)",
            *(prob_to_error(v, (v * (1 - v) / n) ** 0.5, n) for v in (p, q)),
        )
    return t


def _inputs(result: dict) -> Table:
    t = Table(
        title="What the months seen say about the inputs (mean, 90 % interval)",
        title_justify="left",
        show_edge=False,
    )
    for i, name in enumerate(("", "prior", "posterior")):
        t.add_column(name, justify="left" if i == 0 else "right")
    for path, d in result["inputs"].items():
        cells = [
            f"{sig(s['mean'])} ({sig(s['p5'])} .. {sig(s['p95'])})"
            for s in (d["prior"], d["posterior"])
        ]
        t.add_row(path if d["informed_by"] == "data" else f"{path} *", *cells)
    if any(d["informed_by"] != "data" for d in result["inputs"].values()):
        t.caption, t.caption_justify = "* through its correlation with an informed input", "left"
    return t


# --------------------------------------------------------------------------- the page


def headline(folder, lang: str) -> str:
    """The sentence a CFO can repeat: the payback chance now, against the forecast."""
    r = folder.result
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
    if r["inputs"]:
        kept = [input_label(p, lang, _labels(folder)) for p in r["kept_prior"]]
        said = [text("rf_kept", lang, names=", ".join(kept))] if kept else []
        out.append(Section(text("rf_learned", lang), said, (_input_table(folder, lang),),
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


def _input_table(folder, lang: str) -> PageTable:
    r, labels = folder.result, _labels(folder)
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
