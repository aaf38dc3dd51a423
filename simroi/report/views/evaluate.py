"""What simroi evaluate shows: each driver before and since go-live, and the ROI to date
against the forecast.

In the terminal (:func:`table`, :func:`reading`) and on the page (:func:`headline`,
:func:`sections`, :func:`page_figures`): the measured figures and lifts with their 95 %
intervals beside the forecast of each driver, the realised ROI to date, where it sits in
the forecast, and the ROI projected to the horizon; the chart draws both ROIs to date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label
from simroi.report.text.money import amount, amount_to_error
from simroi.report.text.numbers import (
    MISSING,
    compact_percent,
    estimate,
    prob_bound,
)
from simroi.report.text.safe import printable
from simroi.report.views import result_of
from simroi.runs.layout import Chart

__all__ = ["figures", "headline", "page_figures", "reading", "sections", "table"]

# The figure measured on both sides of go-live behind each driver, and its unit.
MEASURED = {
    "conversion_lift": ("conversion_rate", "percent"),
    "deal_size_lift": ("avg_deal_value", "money"),
    "cycle_shortening": ("cycle_days", "days"),
    "churn_reduction": ("monthly_churn", "percent"),
}


def _nth(k: int) -> str:
    return (
        f"{k}{'th' if k % 100 in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"
    )


def _where(r: Mapping, lang: str) -> str:
    """Where the realised ROI to date sits in the forecast, in words."""
    p, n = r["percentile_in_forecast"], f"{r['iterations']:,}"
    if p == 0:
        return text("ev_below_all", lang, n=n)
    if p == 1:
        return text("ev_above_all", lang, n=n)
    k = min(99, max(1, round(100 * p)))
    return text("ev_at", lang, nth=_nth(k) if lang == "en" else k)


def _percentile(r: Mapping, lang: str) -> str:
    p = r["percentile_in_forecast"]
    bound = prob_bound(p, r["iterations"])
    if bound is not None:
        return bound
    k = min(99, max(1, round(100 * p)))
    return text("ev_percentile", lang, nth=_nth(k) if lang == "en" else k)


def _roi(spread: Mapping) -> tuple[str, float | None]:
    """A median ROI as text, to a tenth of its interval's width over 4 (display only)."""
    lo, hi = spread["ci95"]
    se = None if lo is None or hi is None else (hi - lo) / 40
    return estimate(spread["median"], se, "percent"), se


def _shown(x: float | None, unit: str, se: float | None, lang: str, cur: str) -> str:
    """A measured figure in its unit: a rate in %, an amount in the currency, days."""
    if x is None:
        return MISSING
    if unit == "percent":
        return estimate(x, se, "percent")
    if unit == "money":
        return amount_to_error(x, None if se is None else se / 10, lang, cur)
    return text("value_days", lang, v=estimate(x, se))


def _cell(x: float | None, unit: str, se, lang: str, cur: str, key: str) -> Cell:
    kind = {"percent": "percent", "money": "money"}.get(unit, "number")
    return Cell(_shown(x, unit, se, lang, cur), x, kind, key, unit=cur if kind == "money" else "")


def _labels(r: Mapping, lang: str) -> dict:
    return r.get("labels") or {}


# --------------------------------------------------------------------------- the tables


def _lift_rows(r: Mapping, lang: str) -> list[list[Cell]]:
    cur, rows = r.get("currency") or "", []
    for driver, e in r["lifts"].items():
        key, unit = MEASURED.get(driver, (None, ""))
        b, a = (r.get(side, {}).get(key) for side in ("before", "after"))
        lo, hi = e["ci95"]
        told = (r.get("forecast_lifts") or {}).get(driver) or {}
        row = [Cell.of(input_label(f"drivers.{driver}", lang, _labels(r, lang)))]
        for side, s in (("before", b), ("after", a)):
            row.append(_cell(s["value"], unit, s["se"], lang, cur, f"{side}.{key}.value")
                       if s else Cell(MISSING))  # fmt: skip
        row += [
            Cell(estimate(e["value"], e["se"], "percent"), e["value"], "percent",
                 f"lifts.{driver}.value"),
            Cell(f"{estimate(lo, e['se'], 'percent')} – {estimate(hi, e['se'], 'percent')}"
                 if lo is not None and hi is not None else MISSING),
            Cell(compact_percent(told["p50"]), told["p50"], "percent",
                 f"forecast_lifts.{driver}.p50") if told else Cell(MISSING),
            Cell(f"{compact_percent(told['p5'])} – {compact_percent(told['p95'])}")
            if told else Cell(MISSING),
        ]  # fmt: skip
        rows.append(row)
    return rows


def _lift_table(r: Mapping, lang: str) -> PageTable:
    heads = ("ev_col_driver", "ev_col_before", "ev_col_after", "ev_col_lift", "ev_col_interval",
             "ev_col_forecast", "ev_col_forecast_90")  # fmt: skip
    return PageTable([text(h, lang) for h in heads], _lift_rows(r, lang),
                     note=text("ev_table_note", lang))  # fmt: skip


def _roi_rows(r: Mapping, lang: str) -> list[list[Cell]]:
    cur, rows = r.get("currency") or "", []

    def row(label: str, figure: Cell, more: Cell) -> None:
        rows.append([Cell.of(text(label, lang)), figure, more])

    for key, label in (("roi_to_date", "ev_roi_to_date"), ("forecast_roi_to_date",
                       "ev_roi_forecast"), ("roi_projected", "ev_roi_projected")):  # fmt: skip
        shown, se = _roi(r[key])
        lo, hi = r[key]["ci95"]
        interval = MISSING if lo is None else (
            f"{estimate(lo, se, 'percent')} – {estimate(hi, se, 'percent')}")  # fmt: skip
        row(label, Cell(shown, r[key]["median"], "percent", f"{key}.median"), Cell(interval))
    p = r["percentile_in_forecast"]
    row("ev_place", Cell(_percentile(r, lang), p, "probability", "percentile_in_forecast"),
        Cell(""))  # fmt: skip
    b = r.get("benefit_to_date") or {}
    if b.get("median") is not None:
        row("ev_benefit", Cell(amount(b["median"], lang, cur), b["median"], "money",
                               "benefit_to_date.median", unit=cur),
            _money_interval(b, lang, cur))  # fmt: skip
    c = r.get("costs_to_date") or {}
    if c.get("value") is not None:
        row("ev_costs_row", Cell(amount(c["value"], lang, cur), c["value"], "money",
                                 "costs_to_date.value", unit=cur), Cell(""))  # fmt: skip
    return rows


def _money_interval(b: Mapping, lang: str, cur: str) -> Cell:
    lo, hi = b["ci95"]
    if lo is None or hi is None:
        return Cell(MISSING)
    return Cell(f"{amount(lo, lang, cur)} – {amount(hi, lang, cur)}")


def _roi_table(r: Mapping, lang: str) -> PageTable:
    heads = ("", text("ev_col_median", lang), text("ev_col_interval", lang))
    return PageTable(heads, _roi_rows(r, lang))


def _cost_source(c: Mapping, lang: str) -> str:
    source = c.get("source") or ""
    if source.startswith("forecast"):
        return text("ev_costs_forecast", lang)
    return text("ev_costs_given" if source == "actual, given" else "ev_costs_table", lang)


def table(data: dict, lang: str = "en") -> Group:
    """Each measured driver before and since go-live with its lift, then the ROIs to date."""
    title = text("ev_title", lang, go_live=data["go_live"], k=data["months_observed"])
    tables = []
    for page, name in ((_lift_table(data, lang), title), (_roi_table(data, lang), None)):
        if not page.rows:
            continue
        tables.append(from_cells(name or "", page.columns, page.rows))
    return Group(*tables)


# --------------------------------------------------------------------------- in words


def headline(folder: Any, lang: str = "en") -> str:
    """The ROI to date, where it sits in the forecast, and the projection, in one sentence."""
    r = result_of(folder)
    horizon = r.get("horizon_months") or _horizon(folder)
    return text(
        "ev_headline", lang, k=r["months_observed"], go_live=r["go_live"],
        roi=_roi(r["roi_to_date"])[0], where=_where(r, lang),
        forecast=_roi(r["forecast_roi_to_date"])[0], horizon=horizon,
        projected=_roi(r["roi_projected"])[0],
    )  # fmt: skip


def _horizon(folder: Any) -> object:
    manifest = getattr(folder, "manifest", None) or {}
    scenario = ((manifest.get("scenario") or {}).get("scenario")) or {}
    return scenario.get("horizon_months", "?")


def _changes(r: Mapping, lang: str) -> list[str]:
    """One sentence per measured driver: the figure before and since, and the lift."""
    out, cur = [], r.get("currency") or ""
    for driver, e in r["lifts"].items():
        key, unit = MEASURED.get(driver, (None, ""))
        b, a = (r.get(side, {}).get(key) for side in ("before", "after"))
        lo, hi = e["ci95"]
        if not (b and a) or lo is None:
            continue
        out.append(text(
            "ev_changed", lang, measure=text(f"ev_measure_{key}", lang),
            before=_shown(b["value"], unit, b["se"], lang, cur),
            after=_shown(a["value"], unit, a["se"], lang, cur),
            driver=input_label(f"drivers.{driver}", lang, _labels(r, lang)),
            lift=estimate(e["value"], e["se"], "percent"),
            lo=estimate(lo, e["se"], "percent"), hi=estimate(hi, e["se"], "percent"),
        ))  # fmt: skip
    return out


def _kept(r: Mapping, lang: str) -> str | None:
    if not r["kept_forecast"]:
        return None
    sep = "、" if lang == "zh" else ", "
    names = sep.join(input_label(f"drivers.{d}", lang, _labels(r, lang))
                     for d in r["kept_forecast"])  # fmt: skip
    return text("ev_kept", lang, names=names)


def reading(data: dict, lang: str = "en") -> list[str]:
    """The headline, the costs to date and what the data could not measure.

    In English the costs line names where they came from in the command's own words."""
    lines = [headline(data, lang)]
    c = data["costs_to_date"]
    if lang == "en":
        lines.append(f"Costs to date: {c['value']:,.0f} ({c['source']}).")
    else:
        cur = data.get("currency") or ""
        lines.append(text("ev_costs", lang, v=amount(c["value"], lang, cur),
                          source=_cost_source(c, lang)))  # fmt: skip
    kept = _kept(data, lang)
    return [printable(x) for x in (*lines, *([kept] if kept else []))]


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the drivers before and since go-live and the ROI to date against the
    forecast; then the chart; then how each figure was measured and the data's notes."""
    r = folder.result
    cur = r.get("currency") or ""
    said = _changes(r, lang)
    c = r.get("costs_to_date") or {}
    if c.get("value") is not None:
        said.append(text("ev_costs", lang, v=amount(c["value"], lang, cur),
                         source=_cost_source(c, lang)))  # fmt: skip
    kept = _kept(r, lang)
    said += [kept] if kept else []
    tables = ([_lift_table(r, lang)] if r["lifts"] else []) + [_roi_table(r, lang)]
    out = [Section(text("ev_section", lang), said, tables, anchor="evaluate")]
    if r.get("distribution"):
        out.append(Section(text("chart_evaluate", lang), charts=(Chart.evaluate,), anchor="chart"))
    out.append(_method(r, lang))
    return out


def _method(r: Mapping, lang: str) -> Section:
    rows = []
    for driver in r["lifts"]:
        key = MEASURED.get(driver, (None, ""))[0]
        for side, word in (("before", "ev_col_before"), ("after", "ev_col_after")):
            e = r.get(side, {}).get(key)
            if e:
                rows.append([Cell.of(text(f"ev_measure_{key}", lang)), Cell.of(text(word, lang)),
                             Cell(f"{e['n']:,}", e["n"], "number", f"{side}.{key}.n"),
                             Cell.of(e.get("method") or "")])  # fmt: skip
    heads = [text(k, lang) for k in ("ev_col_measure", "ev_col_side", "ev_col_records",
                                      "ev_col_method")]  # fmt: skip
    notes = [text("ev_actuals", lang, source=r.get("actuals") or MISSING), *r.get("notes", ())]
    return Section(text("ev_method", lang), notes, [PageTable(heads, rows, key_columns=2)]
                   if rows else [], anchor="method")  # fmt: skip


# --------------------------------------------------------------------------- the chart


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """evaluate.png, drawn for the page."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """evaluate.png: the forecast's ROI to date and the realised one as CDFs, the realised
    median marked (none for a result without their quantiles)."""
    d = data.get("distribution")
    if not d:
        return {}
    from simroi.report.plots.evaluate import roi_to_date_cdfs

    title = f"{text('chart_evaluate', lang)}\n{data.get('scenario') or ''}".strip()
    return {Chart.evaluate: roi_to_date_cdfs(data, title=title, lang=lang)}
