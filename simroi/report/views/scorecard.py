"""What simroi scorecard shows: the 0-100 score after go-live, or the bands' chances before it.

In the terminal (:func:`table`, :func:`reading`) and on the page (:func:`headline`,
:func:`sections`, :func:`page_figures`): each component's actual, target, score and
weight, the five bands, and with a forecast the probability of each band and its chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells
from simroi.report.text.i18n import MESSAGES, text
from simroi.report.text.numbers import MISSING, binomial_se, compact_percent, prob_to_error, sig
from simroi.report.text.safe import printable
from simroi.report.views import result_of
from simroi.runs.layout import Chart

__all__ = ["band_name", "figures", "headline", "page_figures", "reading", "sections", "table"]

_UNITS = {"roi": "percent", "time_saved": "hours", "churn": "percent", "growth": "percent"}


def band_name(band: Mapping, lang: str, *, both: bool = False) -> str:
    """A band in ``lang`` (``both``: "有点成功 (somewhat successful)", as the terminal says)."""
    if both:
        return f"{band['zh']} ({band['en']})"
    return band["zh"] if lang == "zh" else band["en"]


def component_name(name: str, lang: str) -> str:
    key = f"sc_{name}"
    return text(key, lang) if key in MESSAGES else name


def _in_unit(x: float | None, name: str, lang: str) -> str:
    if x is None:
        return MISSING
    unit = _UNITS.get(name, "")
    if unit == "percent":
        return compact_percent(x)
    return text("value_hours", lang, v=sig(x)) if unit == "hours" else sig(x)


# --------------------------------------------------------------------------- the tables


def _score_rows(card: Mapping, lang: str) -> list[list[Cell]]:
    rows = []
    for i, c in enumerate(card["components"]):
        at = f"scorecard.components.{i}"
        kind = "percent" if _UNITS.get(c["name"]) == "percent" else "number"
        if c["kind"] == "result":
            actual = Cell(_in_unit(c.get("actual"), c["name"], lang), c.get("actual"), kind,
                          f"{at}.actual")  # fmt: skip
            target = Cell(_in_unit(c.get("target"), c["name"], lang), c.get("target"), kind,
                          f"{at}.target")  # fmt: skip
        else:
            r = c.get("rating")
            actual = Cell(text("sc_rated", lang, r=sig(r or 0)), r, "number", f"{at}.rating")
            target = Cell("")
        rows.append([
            Cell.of(component_name(c["name"], lang)), actual, target,
            Cell(f"{c['score']:.0f}", c["score"], "number", f"{at}.score"),
            Cell(f"{100 * c['weight']:.0f} %", c["weight"], "percent", f"{at}.weight"),
        ])  # fmt: skip
    return rows


def _score_table(card: Mapping, lang: str) -> PageTable:
    heads = ("sc_col_component", "sc_col_actual", "sc_col_target", "sc_col_score", "sc_col_weight")
    return PageTable([text(h, lang) for h in heads], _score_rows(card, lang),
                     note=text("sc_rule", lang))  # fmt: skip


def _bands_table(card: Mapping, lang: str) -> PageTable:
    rows = []
    for b in card.get("bands") or ():
        here = b["min"] <= card["score"] <= b["max"]
        rows.append([Cell.of(band_name(b, lang)), Cell(f"{b['min']}–{b['max']}"),
                     Cell.of(text("sc_here", lang) if here else "")])  # fmt: skip
    return PageTable([text("sc_col_band", lang), text("sc_col_range", lang), ""], rows)


def _forecast_rows(f: Mapping, lang: str) -> list[list[Cell]]:
    n = f["iterations"]
    return [[
        Cell.of(band_name(b, lang)), Cell(f"{b['min']}–{b['max']}"),
        Cell(prob_to_error(b["prob"], b.get("se", binomial_se(b["prob"], n)), n, lang=lang),
             b["prob"], "probability", f"forecast.bands.{i}.prob"),
    ] for i, b in enumerate(f["bands"])]  # fmt: skip


def _forecast_table(f: Mapping, lang: str) -> PageTable:
    heads = ("sc_col_band", "sc_col_range", "sc_col_prob")
    return PageTable([text(h, lang) for h in heads], _forecast_rows(f, lang),
                     note=text("sc_forecast_note", lang, n=f"{f['iterations']:,}"))  # fmt: skip


def table(data: dict, lang: str = "en") -> Group:
    """The score, its band and each component's; then, with a forecast, each band's chance."""
    parts: list[Table] = []
    card, f = data.get("scorecard"), data.get("forecast")
    if card:
        band = band_name(card["band"], lang, both=lang == "en")
        page = _score_table(card, lang)
        t = from_cells(text("sc_title", lang, score=card["score"], band=band), page.columns,
                       page.rows)  # fmt: skip
        if card.get("left_out"):
            names = ", ".join(component_name(k, lang) for k in card["left_out"])
            t.caption = text("sc_left_out", lang, names=names)
        parts.append(t)
    if f:
        title = text("sc_forecast_title", lang, name=f.get("scenario") or "",
                     n=f"{f['iterations']:,}")  # fmt: skip
        page = _forecast_table(f, lang)
        rows = page.rows
        if lang == "en":  # the band's Chinese name beside its English one
            rows = [[Cell.of(band_name(b, lang, both=True)), *row[1:]]
                    for b, row in zip(f["bands"], rows, strict=True)]  # fmt: skip
        t = from_cells(title, page.columns, rows)
        t.caption = _targets(f, lang)
        parts.append(t)
    return Group(*parts)


def _targets(f: Mapping, lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    targets = sep.join(f"{component_name(k, lang)} {_in_unit(v, k, lang)}"
                       for k, v in (f.get("targets") or {}).items())  # fmt: skip
    return text("sc_forecast_about", lang, targets=targets or MISSING)


# --------------------------------------------------------------------------- in words


def headline(folder: Any, lang: str = "en") -> str:
    """The score and its band; before go-live, the likeliest band and its chance."""
    r = result_of(folder)
    card, f = r.get("scorecard"), r.get("forecast")
    if card:
        return text("sc_headline", lang, score=card["score"], band=band_name(card["band"], lang))
    best = max(f["bands"], key=lambda b: b["prob"])
    n = f["iterations"]
    p = prob_to_error(best["prob"], best.get("se", 0.0), n, plus_minus=False)
    return text("sc_headline_forecast", lang, band=band_name(best, lang), p=p,
                p50=sig((f.get("score") or {}).get("p50", 0)))  # fmt: skip


def reading(data: dict, lang: str = "en") -> list[str]:
    """The headline (the tables say the rest)."""
    return [printable(headline(data, lang))]


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the score, its components and the bands (or, without a card, the forecast);
    then the forecast with its chart."""
    r = folder.result
    card, f = r.get("scorecard"), r.get("forecast")
    out = []
    if card:
        said = [text("sc_rule", lang)]
        if card.get("left_out"):
            said.append(text("sc_left_out", lang, names=", ".join(
                component_name(k, lang) for k in card["left_out"])))  # fmt: skip
        page = _score_table(card, lang)
        page = PageTable(page.columns, page.rows)  # the rule is said above
        out.append(Section(text("sc_section", lang), said, [page, _bands_table(card, lang)],
                           anchor="score"))  # fmt: skip
    if f:
        out.append(Section(text("sc_forecast_section", lang), [_targets(f, lang)],
                           [_forecast_table(f, lang)], charts=(Chart.scorecard_bands,),
                           anchor="forecast"))  # fmt: skip
    return out


# --------------------------------------------------------------------------- the chart


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """scorecard_bands.png, drawn for the page."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """scorecard_bands.png: each band's probability before go-live (with --config only)."""
    f = data.get("forecast")
    if not f:
        return {}
    from simroi.report.plots.scorecard import band_bars

    title = f"{text('chart_scorecard', lang)}\n{f.get('scenario') or ''}".strip()
    names = [band_name(b, lang) for b in f["bands"]]
    return {Chart.scorecard_bands: band_bars(f, names, title=title, lang=lang)}
