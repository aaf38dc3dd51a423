"""The compare report's sections: the vendor table, pairwise odds, dominance, the metric note.

Everything here reads ``compare.json`` (checked by :mod:`simroi.runs.schema`) and writes
each figure through :mod:`simroi.report.text.numbers` and :mod:`~simroi.report.text.money`;
each :class:`~simroi.report.documents.sections.Cell` also keeps its raw value and its
dotted key in ``compare.json`` (``vendors[0].summary.prob_roi_positive``), so a test can
check every figure on page one against the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simroi.report.documents.sections import Cell, Section, Table
from simroi.report.text.i18n import months_text, text
from simroi.report.text.labels import input_label, metric_name
from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import binomial_se, percent_to_error, prob_to_error
from simroi.runs.layout import Chart
from simroi.simulation.metrics import DECISION_METRICS, UNITS

__all__ = [
    "OVERVIEW",
    "best_by_metric",
    "flip_note",
    "headline",
    "payback_month",
    "ranked",
    "sections",
]

#: Page one's chart: the vendors' CDFs and their return against downside, side by side
#: (two full-width charts would push page one onto a second page).
OVERVIEW = "compare_overview"  # drawn for the page only, never a file of the folder
DEFAULT_PAYBACK_MONTH = 12  # the buyer's first question: paid back within a year?


# --------------------------------------------------------------------------- reading the file


def ranked(comparison: Mapping[str, Any]) -> list[tuple[int, dict]]:
    """(index in ``vendors``, vendor) pairs, best mean first."""
    return sorted(enumerate(comparison["vendors"]), key=lambda iv: iv[1]["rank"])


def payback_month(comparison: Mapping[str, Any], manifest: Mapping[str, Any] | None) -> int:
    """The month of the "payback within" column: the scenario's
    ``simulation.headline_payback_month`` when run.json has it and the summaries hold that
    month, else 12 (else the horizon, for a horizon under 12 months)."""
    grid = comparison["vendors"][0]["summary"]["payback"]["prob_within_months"]
    scenario = ((manifest or {}).get("scenario") or {}).get("simulation") or {}
    chosen = scenario.get("headline_payback_month")
    if isinstance(chosen, int) and str(chosen) in grid:
        return chosen
    if str(DEFAULT_PAYBACK_MONTH) in grid:
        return DEFAULT_PAYBACK_MONTH
    return max(int(m) for m in grid)


def best_by_metric(comparison: Mapping[str, Any]) -> dict[str, tuple[str, float, float]]:
    """Metric -> (the vendor most likely best on it, its P(best), SE); the compared metric
    from the vendors' own P(best), the others from ``prob_best_by_metric`` where the file
    has it (a folder written before it gives the compared metric only)."""
    out = {}
    for metric, table in (comparison.get("prob_best_by_metric") or {}).items():
        name = max(table, key=lambda k: table[k]["prob_best"])
        out[metric] = (name, table[name]["prob_best"], table[name].get("prob_best_se", 0.0))
    top = max(comparison["vendors"], key=lambda v: v["prob_best"])
    out[comparison["metric"]] = (top["name"], top["prob_best"], top["prob_best_se"])
    return {m: out[m] for m in DECISION_METRICS if m in out}


class _Figures:
    """The cells of one comparison in one language."""

    def __init__(self, comparison: Mapping[str, Any], lang: str) -> None:
        self.c, self.lang = comparison, lang
        self.n, self.cur = comparison["iterations"], comparison["currency"]

    def prob(self, p: float | None, se: float | None, key: str) -> Cell:
        if p is None:
            return Cell.of("–")
        se = binomial_se(p, self.n) if se is None else se
        return Cell(prob_to_error(p, se, self.n), p, "probability", key)

    def money(self, x: float | None, se: float | None, key: str) -> Cell:
        return Cell(amount_to_error(x, se, self.lang, self.cur), x, "money", key)

    def value(self, x: float | None, se: float | None, unit: str, key: str) -> Cell:
        if unit == "money":
            return self.money(x, se, key)
        return Cell(percent_to_error(x, se), x, "percent", key)

    def months(self, m: int | None, key: str, horizon: int) -> Cell:
        if m is None:
            return Cell(text("cmpd_never", self.lang, m=horizon), None, "months", key)
        return Cell(months_text(m, self.lang), m, "months", key)


# --------------------------------------------------------------------------- page one


def _vendor_tables(comparison: Mapping[str, Any], lang: str, month: int) -> list[Table]:
    """The decision (chances, payback) and the money (NPV, cost, regret), one row per
    vendor, best mean first: two tables, each narrow enough for a page."""
    f, metric = _Figures(comparison, lang), comparison["metric"]
    unit = UNITS[metric]
    chances, money = [], []
    for i, v in ranked(comparison):
        s, at = v["summary"], f"vendors[{i}]"
        npv, cost = s["metrics"]["npv"], s["metrics"]["total_cost"]
        within = s["payback"]["prob_within_months"][str(month)]
        name = Cell(v["name"], v["name"], "text", f"{at}.name")
        chances.append(
            [
                name,
                f.prob(v["prob_best"], v["prob_best_se"], f"{at}.prob_best"),
                f.prob(s["prob_roi_positive"], s["prob_roi_positive_se"],
                       f"{at}.summary.prob_roi_positive"),
                f.prob(1 - s["prob_npv_positive"], s["prob_npv_positive_se"],
                       f"1 - {at}.summary.prob_npv_positive"),
                f.prob(within, None, f"{at}.summary.payback.prob_within_months.{month}"),
                f.months(s["payback"]["p50_months"], f"{at}.summary.payback.p50_months",
                         s["horizon_months"]),
            ]
        )  # fmt: skip
        money.append(
            [
                name,
                *(f.money(npv[p], npv["se_mean"], f"{at}.summary.metrics.npv.{p}")
                  for p in ("p10", "p50", "p90")),
                f.money(cost["mean"], cost["se_mean"], f"{at}.summary.metrics.total_cost.mean"),
                f.value(v.get("expected_regret"), v.get("expected_regret_se"), unit,
                        f"{at}.expected_regret"),
            ]
        )  # fmt: skip
    offer = text("cmpd_offer", lang)
    return [
        Table(
            [offer, text("cmpd_p_best", lang), text("cmpd_p_roi", lang), text("cmpd_p_loss", lang),
             text("cmpd_payback_within", lang, m=month), text("cmpd_median_payback", lang)],
            chances,
            caption=text("cmpd_table_caption", lang, metric=metric_name(metric, lang)),
        ),
        Table(
            [offer, *(text("cmpd_npv_p", lang, p=p) for p in ("P10", "P50", "P90")),
             text("cmpd_cost", lang), text("cmpd_regret", lang)],
            money,
            note=text("cmpd_table_note", lang, n=f"{f.n:,}"),
        ),
    ]  # fmt: skip


def _pair_sentence(comparison: Mapping[str, Any], lang: str) -> str:
    (_, first), (_, second) = ranked(comparison)[:2]
    a, b = first["name"], second["name"]
    f, unit = _Figures(comparison, lang), UNITS[comparison["metric"]]
    d = comparison["differences"][a][b]
    p = prob_to_error(comparison["pairwise"][a][b], comparison["pairwise_se"][a][b], f.n)
    diff, p10, p90 = (f.value(d[k], d["se_mean"], unit, "").text for k in ("mean", "p10", "p90"))
    return text("cmpd_pair", lang, a=a, b=b, p=p, diff=diff, p10=p10, p90=p90)


def _dominance(comparison: Mapping[str, Any], lang: str) -> list[str]:
    """One sentence per dominated vendor and order: "A and B dominate C: ..."."""
    metric = metric_name(comparison["metric"], lang)
    groups: dict[tuple[str, bool], list[str]] = {}
    for d in comparison.get("dominance") or []:
        groups.setdefault((d["worse"], bool(d["first_order"])), []).append(d["better"])
    out = []
    for (worse, first), betters in groups.items():
        key = "cmpd_first_order" if first else "cmpd_second_order"
        better = text("cmpd_and", lang).join(betters)
        out.append(text(key + ("_many" if len(betters) > 1 else ""), lang, better=better,
                        worse=worse, metric=metric))  # fmt: skip
    return out or [text("cmpd_no_dominance", lang)]


def flip_note(comparison: Mapping[str, Any], lang: str) -> str | None:
    """The sentence saying the best vendor depends on the metric, or None when it does not."""
    best = best_by_metric(comparison)
    if len({name for name, _, _ in best.values()}) < 2:
        return None
    n = comparison["iterations"]
    items = [
        text("cmpd_flip_item", lang, metric=metric_name(m, lang), name=name,
             p=prob_to_error(p, se, n))
        for m, (name, p, se) in best.items()
    ]  # fmt: skip
    return text("cmpd_flip", lang, choices=text("cmpd_list_sep", lang).join(items))


def _page_one(comparison: Mapping[str, Any], lang: str, month: int) -> Section:
    (_, first), *_ = ranked(comparison)
    f, metric = _Figures(comparison, lang), comparison["metric"]
    m = first["summary"]["metrics"][metric]
    lead = text(
        "cmpd_lead",
        lang,
        best=first["name"],
        metric=metric_name(metric, lang),
        mean=f.value(m["mean"], m["se_mean"], UNITS[metric], "").text,
        k=len(comparison["vendors"]),
        p=prob_to_error(first["prob_best"], first["prob_best_se"], f.n),
    )
    sentences = [f"{lead} {_pair_sentence(comparison, lang)}", *_dominance(comparison, lang)]
    note = flip_note(comparison, lang)
    if note:
        sentences.append(note)
    if comparison.get("common_random_numbers") is False:
        sentences.append(text("cmpd_no_crn", lang))
    return Section(
        text("cmpd_page", lang),
        sentences,
        _vendor_tables(comparison, lang, month),
        (OVERVIEW,),
        anchor="compare",
    )


# --------------------------------------------------------------------------- further sections


def _detail(comparison: Mapping[str, Any], lang: str, month: int) -> Section:
    """Measures (rows) by offer (columns): each vendor's own summary."""
    f, order = _Figures(comparison, lang), ranked(comparison)
    rows: list[list[Cell]] = []

    def row(label: str, cell) -> None:
        rows.append([Cell.of(label), *(cell(i, v["summary"]) for i, v in order)])

    for metric, unit in (("roi", "percent"), ("npv", "money")):
        for stat, word in (("mean", text("cmpd_mean", lang)), ("p10", "P10"), ("p50", "P50"),
                           ("p90", "P90")):  # fmt: skip
            row(
                text("cmpd_row_metric", lang, metric=metric_name(metric, lang), stat=word),
                lambda i, s, metric=metric, stat=stat, unit=unit: f.value(
                    s["metrics"][metric][stat], s["metrics"][metric]["se_mean"], unit,
                    f"vendors[{i}].summary.metrics.{metric}.{stat}",
                ),
            )  # fmt: skip
    row(text("cmpd_cvar", lang), lambda i, s: f.money(
        s["cvar5_npv"], s["metrics"]["npv"]["se_mean"], f"vendors[{i}].summary.cvar5_npv"))
    for p in ("p50", "p90"):
        row(text("cmpd_cost_p", lang, p=p.upper()), lambda i, s, p=p: f.money(
            s["metrics"]["total_cost"][p], s["metrics"]["total_cost"]["se_mean"],
            f"vendors[{i}].summary.metrics.total_cost.{p}"))
    if all("irr" in v["summary"]["metrics"] for _, v in order):
        row(text("cmpd_irr", lang), lambda i, s: f.value(
            s["metrics"]["irr"]["p50"], s["metrics"]["irr"]["se_mean"], "percent",
            f"vendors[{i}].summary.metrics.irr.p50"))
    row(text("cmpd_median_payback", lang), lambda i, s: f.months(
        s["payback"]["p50_months"], f"vendors[{i}].summary.payback.p50_months",
        s["horizon_months"]))
    row(text("cmpd_payback_within", lang, m=month), lambda i, s: f.prob(
        s["payback"]["prob_within_months"][str(month)], None,
        f"vendors[{i}].summary.payback.prob_within_months.{month}"))
    if all(v["summary"].get("discounted_payback") for _, v in order):
        row(text("cmpd_disc_payback", lang), lambda i, s: f.months(
            s["discounted_payback"]["p50_months"],
            f"vendors[{i}].summary.discounted_payback.p50_months", s["horizon_months"]))
    columns = [text("cmpd_measure", lang), *(v["name"] for _, v in order)]
    return Section(
        text("cmpd_detail", lang),
        [text("cmpd_detail_sentence", lang)],
        [Table(columns, rows)],
        anchor="offers",
    )


def _difference(comparison: Mapping[str, Any], lang: str) -> Section:
    f, order = _Figures(comparison, lang), ranked(comparison)
    (_, first), (_, second) = order[:2]
    names = [v["name"] for _, v in order]
    rows = [
        [Cell.of(a)]
        + [
            Cell.of("") if a == b else f.prob(
                comparison["pairwise"][a][b], comparison["pairwise_se"][a][b],
                f"pairwise.{a}.{b}")
            for b in names
        ]
        for a in names
    ]  # fmt: skip
    return Section(
        text("cmpd_difference", lang),
        [
            _pair_sentence(comparison, lang),
            text("cmpd_difference_sentence", lang, a=first["name"], b=second["name"],
                 n=f"{f.n:,}"),
        ],  # fmt: skip
        [Table(["", *names], rows, caption=text("cmpd_pairwise_caption", lang))],
        (Chart.compare_difference,),
        anchor="difference",
    )


def _regret(comparison: Mapping[str, Any], lang: str) -> Section:
    f, unit = _Figures(comparison, lang), UNITS[comparison["metric"]]
    items = [
        text("cmpd_regret_item", lang, name=v["name"], r=f.value(
            v.get("expected_regret"), v.get("expected_regret_se"), unit, "").text)
        for _, v in ranked(comparison)
    ]  # fmt: skip
    sentence = text("cmpd_regret_sentence", lang, items=text("cmpd_list_sep", lang).join(items))
    return Section(text("cmpd_regret_title", lang), [sentence], anchor="regret")


def _how(comparison: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None) -> Section:
    sentences = [
        text("cmpd_how_sentence", lang, n=f"{comparison['iterations']:,}",
             seed=comparison["seed"], sampler=comparison["sampler"])
    ]  # fmt: skip
    rows = []
    for _, v in ranked(comparison):
        changed = "; ".join(
            dict.fromkeys(input_label(_input_of(p), lang, labels) for p in v.get("overrides") or [])
        )
        rows.append([Cell.of(v["name"]), Cell.of(changed or "–")])
    table = Table([text("cmpd_offer", lang), text("cmpd_changes", lang)], rows)
    return Section(text("cmpd_how", lang), sentences, [table], anchor="how")


def _input_of(path: str) -> str:
    """The input an override sets: ``risks.x.probability`` is the risk event ``risks.x``."""
    return path[: -len(".probability")] if path.endswith(".probability") else path


# --------------------------------------------------------------------------- the report


def sections(
    comparison: Mapping[str, Any], manifest: Mapping[str, Any] | None, lang: str
) -> list[Section]:
    """Page one (the comparison), the offers side by side, the leading pair's difference,
    regret, and how the offers were simulated."""
    month = payback_month(comparison, manifest)
    labels = ((manifest or {}).get("scenario") or {}).get("scenario", {}).get("labels")
    return [
        _page_one(comparison, lang, month),
        _detail(comparison, lang, month),
        _difference(comparison, lang),
        _regret(comparison, lang),
        _how(comparison, lang, labels),
    ]


def headline(comparison: Mapping[str, Any], lang: str) -> str:
    """One sentence a buyer can repeat: who is best on the compared metric, how sure, and
    whether the winner changes on another metric."""
    (_, first), *_ = ranked(comparison)
    n, metric = comparison["iterations"], comparison["metric"]
    best = best_by_metric(comparison)
    name, p, se = best[metric]
    fields = {"best": name, "k": len(comparison["vendors"]), "metric": metric_name(metric, lang),
              "p": prob_to_error(p, se, n)}  # fmt: skip
    other = next(((m, b) for m, b in best.items() if b[0] != name), None)
    if other:
        m, (oname, op, ose) = other
        return text("cmpd_headline_flip", lang, **fields, other_metric=metric_name(m, lang),
                    other=oname, q=prob_to_error(op, ose, n))  # fmt: skip
    s = next(v for v in comparison["vendors"] if v["name"] == name)["summary"]
    q = prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n)
    return text("cmpd_headline", lang, **fields, q=q)
