"""simroi batch --rows: a batch of cases in the terminal, on a page and in a workbook.

Every case's row is in cases.csv and cases.parquet; the terminal shows the cases of
lowest and highest P(ROI > 0) (the clients to look at first), their figures rounded
to their Monte Carlo standard errors, and says where the rest are. The report says
how the cases spread (a sentence, a histogram of their P(ROI > 0)), then every case:
a page its first :data:`PAGE_CASES` (and, past them, the extremes apart), the workbook
all of them up to :data:`SHEET_CASES` (cases.csv holds every case of any batch).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from rich.console import Group
from rich.text import Text

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label
from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import (
    binomial_se,
    compact_percent,
    compact_prob,
    money_to_error,
    percent_to_error,
    prob_to_error,
)
from simroi.report.views.sweep import input_cell
from simroi.runs.layout import CASES_CSV, CASES_TABLE, Chart

__all__ = ["figures", "headline", "page_figures", "sections", "table"]

PAGE_CASES = 50  # cases a page lists
EXTREMES = 5  # cases of lowest and of highest P(ROI > 0) shown apart when a page lists fewer
SHEET_CASES = 100_000  # cases a workbook lists (each a row of cells in memory until written)
SURE = 0.9  # a case that pays back with at least this probability is counted as sure


def _table(title: str, rows: list[dict], lang: str):
    month = {int(r["payback_headline_month"]) for r in rows}
    heads = [
        text("col_case", lang),
        text("col_prob_roi", lang),
        text("col_roi_q", lang, q="P50"),
        text("col_npv_q", lang, q="P50"),
        text("col_payback_within", lang, m=month.pop() if len(month) == 1 else "m"),
        text("col_currency", lang),
    ]
    out = make_table(title, *heads)
    for r in rows:
        n, p, within = int(r["iterations"]), r["prob_roi_positive"], r["payback_within_headline"]
        out.add_row(
            r["case"],
            prob_to_error(p, r["prob_roi_positive_se"], n, plus_minus=False),
            percent_to_error(r["roi_p50"]),
            money_to_error(r["npv_p50"], r.get("npv_mean_se")),
            prob_to_error(within, binomial_se(within, n), n, plus_minus=False),
            r["currency"],
        )
    return out


def table(data: dict, lang: str = "en"):
    """The cases of lowest and highest P(ROI > 0), then where every case's row is."""
    n, low, high = (
        data["cases"],
        data["lowest_prob_roi_positive"],
        data["highest_prob_roi_positive"],
    )
    parts = [_table(text("cases_lowest", lang, k=len(low), n=f"{n:,}"), low, lang)]
    if n > len(low):
        parts.append(_table(text("cases_highest", lang, k=len(high), n=f"{n:,}"), high, lang))
    parts.append(Text(text("cases_files", lang, csv=CASES_CSV, parquet=CASES_TABLE)))
    return Group(*parts)


# --------------------------------------------------------------------------- report


def _cases(folder) -> dict[str, np.ndarray]:
    """cases.parquet as columns, checked (:func:`simroi.runs.cases.read_cases_table`)."""
    from simroi.runs.cases import read_cases_table

    data = folder.result
    table = read_cases_table(folder.path, data["cases"], data.get("overridden") or ())
    return {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.schema.names}


def _prob(p: float, n: int) -> str:
    """A probability as tables write it: a bound at 0 and 1 (``> 99.95 %``), never certainty."""
    return compact_prob(p, n).removeprefix("= ")


def _iterations(counts: np.ndarray) -> str:
    low, high = int(counts.min()), int(counts.max())
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def headline(folder, lang: str = "en") -> str:
    """How many cases pay back surely (P(ROI > 0) ≥ 90 %) and how many less than evenly."""
    p = _cases(folder)["prob_roi_positive"].astype(float)
    good, bad = int((p >= SURE).sum()), int((p < 0.5).sum())
    return text("cases_headline", lang, good=f"{good:,}", n=f"{p.size:,}",
                share=compact_percent(good / p.size), bad=f"{bad:,}")  # fmt: skip


def _row_cells(c: Mapping[str, np.ndarray], i: int, paths: Sequence[str], lang: str) -> list:
    n, cur = int(c["iterations"][i]), str(c["currency"][i])
    p, within = float(c["prob_roi_positive"][i]), float(c["payback_within_headline"][i])
    npv, se = float(c["npv_p50"][i]), float(c["npv_mean_se"][i])
    cells = [Cell.of(str(c["case"][i]))]
    cells += [_override(path, _plain(c[path][i]), lang, cur) for path in paths]
    return cells + [
        Cell(prob_to_error(p, float(c["prob_roi_positive_se"][i]), n, plus_minus=False), p,
             "probability"),
        Cell(percent_to_error(float(c["roi_p50"][i])), float(c["roi_p50"][i]), "percent"),
        Cell(amount_to_error(npv, se, lang, cur), npv, "money", unit=cur),
        Cell(prob_to_error(within, binomial_se(within, n), n, plus_minus=False), within,
             "probability"),
    ]  # fmt: skip


def _override(path: str, value: Any, lang: str, currency: str) -> Cell:
    """A case's value of an overridden input; an empty cell kept the template's."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return Cell.of(text("cases_template_value", lang))
    return input_cell(path, value, lang, currency)


def _plain(value: Any) -> Any:
    """A cell of the table as Python has it (numpy's scalars are not int or float)."""
    return value.item() if isinstance(value, np.generic) else value


def _heads(paths: Sequence[str], months: np.ndarray, lang: str) -> list[str]:
    month = int(months[0]) if months.size and (months == months[0]).all() else "m"
    return [
        text("col_case", lang),
        *(input_label(p, lang) for p in paths),
        text("col_prob_roi", lang),
        text("col_roi_q", lang, q="P50"),
        text("col_npv_q", lang, q="P50"),
        text("col_payback_within", lang, m=month),
    ]


def sections(folder, lang: str) -> list[Section]:
    """Page one: how the cases spread, their histogram and the extremes; then every case."""
    data, c = folder.result, _cases(folder)
    paths = [p for p in data.get("overridden") or () if p in c]
    p = c["prob_roi_positive"].astype(float)
    n = p.size
    heads = _heads(paths, c["payback_headline_month"].astype(float), lang)
    fewest = int(c["iterations"].min())
    p10, p50, p90 = (_prob(float(v), fewest) for v in np.percentile(p, [10, 50, 90]))
    sentences = [
        text("cases_about", lang, n=f"{n:,}", template=data.get("template") or "",
             k=_iterations(c["iterations"].astype(float))),
        text("cases_spread", lang, p10=p10, p50=p50, p90=p90),
    ]  # fmt: skip
    order = np.argsort(p, kind="stable")  # ties: the earlier case first
    tables = []
    if n > PAGE_CASES:  # the page lists the first cases only: the extremes first
        low = [_row_cells(c, int(i), paths, lang) for i in order[:EXTREMES]]
        high = [_row_cells(c, int(i), paths, lang) for i in _highest(p, EXTREMES)]
        tables = [
            PageTable(heads, low, caption=text("cases_lowest", lang, k=EXTREMES, n=f"{n:,}")),
            PageTable(heads, high, caption=text("cases_highest", lang, k=EXTREMES, n=f"{n:,}")),
        ]
    every = [_row_cells(c, i, paths, lang) for i in range(min(n, SHEET_CASES))]
    more = text("cases_page_more", lang, k=f"{PAGE_CASES:,}", n=f"{n:,}", csv=CASES_CSV)
    cut = (text("cases_sheet_cut", lang, k=f"{SHEET_CASES:,}", n=f"{n:,}", csv=CASES_CSV)
           if n > SHEET_CASES else "")  # fmt: skip
    return [
        Section(text("kind_cases", lang), sentences, tuple(tables), (Chart.cases,),
                anchor="cases"),
        Section(text("cases_every", lang), (), (PageTable(heads, every, note=cut,
                page_rows=PAGE_CASES, page_more=more),), anchor="every_case"),
    ]  # fmt: skip


def _highest(p: np.ndarray, k: int) -> list[int]:
    """The ``k`` cases of highest P(ROI > 0), highest first (ties: the earlier case first)."""
    order = np.lexsort((np.arange(p.size), -p))
    return [int(i) for i in order[:k]]


def figures(columns: Mapping[str, Any], data: Mapping[str, Any], *, lang: str = "en") -> dict:
    """cases.png: the histogram of the cases' P(ROI > 0) (none without cases).

    ``columns`` holds each case's ``prob_roi_positive`` and ``iterations``.
    """
    from simroi.report.plots.cases import cases_histogram

    prob = np.asarray(columns["prob_roi_positive"], dtype=float)
    if not prob.size:
        return {}
    counts = np.asarray(columns["iterations"], dtype=float)
    note = text("cases_chart_note", lang, n=f"{prob.size:,}", k=_iterations(counts))
    title = f"{text('cases_chart_title', lang)}\n{data.get('template') or ''}".rstrip()
    chart = cases_histogram(prob, n=int(counts.min()), title=title, note=note, lang=lang)
    return {Chart.cases: chart}


def page_figures(folder, lang: str) -> dict:
    """The page's chart: the histogram, drawn from the folder's cases.parquet."""
    return figures(_cases(folder), folder.result, lang=lang)
