"""simroi stress: the cases that move the result most (an input in its lowest or highest
tenth, a risk that occurs or not) against the unrestricted run, sorted by their effect, in
the user's words and currency; as a terminal table, sentences, a page and a chart.

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells
from simroi.report.text.decisions import case_label, ranked_cases
from simroi.report.text.i18n import text
from simroi.report.text.labels import metric_name
from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import prob_to_error
from simroi.report.views import result_of
from simroi.runs.layout import Chart

__all__ = ["figures", "headline", "page_figures", "reading", "sections", "table"]

#: Cases shown in the terminal, the page and the chart; the rest are counted (stress.json
#: holds every one).
TOP = 10


def _cells(data: Mapping, s: Mapping, name: str, lang: str) -> list[Cell]:
    n, cur, se = data["iterations"], data.get("currency"), s["mean_se"]
    return [
        Cell.of(name),
        Cell(
            prob_to_error(s["prob_positive"], s["prob_positive_se"], n, plus_minus=False),
            s["prob_positive"],
            "probability",
        ),  # fmt: skip
        *(Cell(amount_to_error(s[q], se, lang, cur), s[q], "money") for q in ("p10", "p50", "p90")),
    ]


def _rows(data: Mapping, lang: str, top: int) -> list[list[Cell]]:
    labels = data.get("labels")
    rows = [_cells(data, data["baseline"], text("stress_unrestricted", lang), lang)]
    rows += [_cells(data, c, case_label(c, lang, labels), lang) for c in ranked_cases(data)[:top]]
    return rows


def _columns(data: Mapping, lang: str) -> list[str]:
    metric = metric_name(data["metric"], lang)
    return [
        text("stress_case", lang),
        f"P({data['prob_of'].upper()} > 0)",
        f"{metric} P10",
        f"{metric} P50",
        f"{metric} P90",
    ]


def _more(data: Mapping, lang: str, top: int) -> str:
    extra = len(data["cases"]) - top
    return text("stress_more", lang, k=extra) if extra > 0 else ""


def table(data: dict, lang: str = "en", *, top: int = TOP) -> Table:
    """The unrestricted run, then the ``top`` cases with the largest effect."""
    t = from_cells(
        text("stress_title", lang, name=data["name"], n=f"{data['iterations']:,}"),
        _columns(data, lang),
        _rows(data, lang, top),
    )
    t.caption = _more(data, lang, top)
    t.caption_justify = "left"
    return t


def headline(folder: Any, lang: str = "en") -> str | None:
    """The worst case in one sentence (a run folder or ``stress.json`` content)."""
    data = result_of(folder)
    if not data["cases"]:
        return None
    n, cur = data["iterations"], data.get("currency")
    worst = min(data["cases"], key=lambda c: c["p50"])
    base = data["baseline"]
    return text(
        "stress_headline",
        lang,
        case=case_label(worst, lang, data.get("labels")),
        metric=metric_name(data["metric"], lang),
        p50=amount_to_error(worst["p50"], worst["mean_se"], lang, cur),
        base=amount_to_error(base["p50"], base["mean_se"], lang, cur),
        prob=data["prob_of"].upper(),
        p=prob_to_error(worst["prob_positive"], worst["prob_positive_se"], n, plus_minus=False),
        p0=prob_to_error(base["prob_positive"], base["prob_positive_se"], n, plus_minus=False),
    )


def reading(data: dict, lang: str = "en") -> list[str]:
    """The headline and how to read the table."""
    first = headline(data, lang)
    return [line for line in (first, text("stress_rule", lang)) if line]


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the sentences, the table of the cases that matter most, the chart."""
    data = folder.result
    return [
        Section(
            text("stress_section", lang),
            sentences=reading(data, lang)[1:],  # the first is the headline
            tables=[
                PageTable(_columns(data, lang), _rows(data, lang, TOP), note=_more(data, lang, TOP))
            ],  # fmt: skip
            charts=(Chart.stress,),
            anchor="stress",
        )
    ]


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """stress.png, drawn for the page."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """stress.png: the P10-P90 of the cases with the largest effect against the unrestricted
    run, labelled in ``lang``."""
    from simroi.report.plots.stress import stress_ranges

    title = f"{text('png_stress', lang, metric=metric_name(data['metric'], lang))}\n{data['name']}"
    return {Chart.stress: stress_ranges(data, title=title, lang=lang, max_rows=TOP)}
