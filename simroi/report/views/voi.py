"""simroi voi: what knowing each input before deciding is worth, in the user's words and
currency, highest first, as a terminal table, sentences, a page and a chart.

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells
from simroi.report.text.decisions import decision_name, group_label
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, metric_name
from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import MISSING, sig
from simroi.report.views import result_of
from simroi.runs.layout import Chart

__all__ = ["figures", "headline", "page_figures", "reading", "sections", "table"]


def _money(value: float, se: float, data: Mapping, lang: str) -> str:
    """Money to its error, never finer than one unit of the currency."""
    return amount_to_error(value, max(se, 1.0), lang, data.get("currency"))


def _negligible(v: dict, evpi: float) -> bool:
    return v["value"] <= max(2 * v["se"], 0.02 * evpi)


def _ranked(data: Mapping, lang: str) -> tuple[list[tuple[str, dict]], list[str]]:
    """(what is worth knowing, highest first: inputs and groups; the inputs worth ~nothing)."""
    evpi, labels = data["evpi"], data.get("labels")
    rows = [(input_label(k, lang, labels), v) for k, v in data["evppi"].items()]
    rows += [(group_label(k, lang), v) for k, v in data["groups"].items()]
    worth = sorted(((k, v) for k, v in rows if not _negligible(v, evpi)),
                   key=lambda r: -r[1]["value"])  # fmt: skip
    nothing = [input_label(k, lang, labels) for k, v in data["evppi"].items()
               if _negligible(v, evpi)]  # fmt: skip
    return worth, nothing


def _columns(lang: str) -> list[str]:
    return [text("voi_col_known", lang), text("voi_col_worth", lang), text("voi_col_share", lang)]


def _rows(data: Mapping, lang: str) -> list[list[Cell]]:
    evpi, se = data["evpi"], data["evpi_se"]

    def row(name: str, v: Mapping) -> list[Cell]:
        share = v["value"] / evpi if evpi > 0 else None
        worth = (
            f"{_money(v['value'], v['se'], data, lang)} ± {_money(v['se'], v['se'], data, lang)}"
        )
        return [
            Cell.of(name),
            Cell(worth, v["value"], "money"),
            Cell(f"{sig(100 * share, 2)} %" if share is not None else MISSING, share, "percent"),
        ]

    worth, _ = _ranked(data, lang)
    return [row(text("voi_everything", lang), {"value": evpi, "se": se})] + [
        row(name, v) for name, v in worth
    ]


def table(data: dict, lang: str = "en") -> Table:
    """What knowing each input (and group) before deciding is worth, highest first; the
    inputs worth almost nothing are named in :func:`reading`, not listed."""
    t = from_cells(
        text(
            "voi_title",
            lang,
            name=data.get("scenario", "model"),
            n=f"{data['iterations']:,}",
            decision=decision_name(data["decision"], lang),
        ),  # fmt: skip
        _columns(lang),
        _rows(data, lang),
    )
    return t


def headline(folder: Any, lang: str = "en") -> str | None:
    """The decision and what is worth measuring first, in one sentence."""
    data = result_of(folder)
    ev = data["expected_value"][data["decision"]]
    metric = metric_name(data.get("metric", "npv"), lang)
    evpi, se = data["evpi"], data["evpi_se"]
    decision = decision_name(data["decision"], lang)
    best = text("voi_best", lang, decision=decision, metric=metric,
                ev=_money(ev, 0.0, data, lang))  # fmt: skip
    if evpi <= 2 * se or evpi == 0:
        return best + text("voi_nothing_worth", lang, evpi=_money(evpi, se, data, lang))
    singles = [(k, v) for k, v in data["evppi"].items() if not _negligible(v, evpi)]
    if not singles:
        return best + text("voi_evpi_only", lang, evpi=_money(evpi, se, data, lang))
    k, v = max(singles, key=lambda kv: kv[1]["value"])
    return best + text(
        "voi_measure_first",
        lang,
        label=input_label(k, lang, data.get("labels")),
        worth=_money(v["value"], v["se"], data, lang),
        evpi=_money(evpi, se, data, lang),
    )


def reading(data: dict, lang: str = "en") -> list[str]:
    """The headline, then what is worth almost nothing."""
    lines = [headline(data, lang) or ""]
    _, nothing = _ranked(data, lang)
    if nothing and data["evpi"] > 2 * data["evpi_se"]:
        sep = "、" if lang == "zh" else ", "
        lines.append(text("voi_refine_nothing", lang, names=sep.join(nothing)))
    return lines


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the sentences, the table of what is worth knowing, the chart."""
    data = folder.result
    return [
        Section(
            text("voi_section", lang),
            sentences=reading(data, lang)[1:],  # the first is the headline
            tables=[PageTable(_columns(lang), _rows(data, lang), note=text("voi_note", lang))],
            charts=(Chart.voi,),
            anchor="voi",
        )
    ]


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """voi.png, drawn for the page."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """voi.png: the EVPPI bars of ``voi.json`` content, labelled in ``lang``."""
    from simroi.report.plots.voi import evppi_bars

    name = data.get("scenario", "model")
    return {Chart.voi: evppi_bars(data, title=f"{text('png_voi', lang)}\n{name}", lang=lang)}
