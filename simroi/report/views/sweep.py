"""simroi sweep and simroi batch: one row per variant, in the terminal, on the page, and the chart.

The rows (:func:`rows`) are the same everywhere: the variant's key (each varied input's
value in its own column, or the variant's name, or a batch's file), then P(ROI > 0),
ROI P10/P50/P90, NPV mean/P10/P90 and P(payback ≤ m) for one month ``m`` every row
has (a batch mixes horizons: 36 for one file, 60 for another; each row's figure is
its own). A batch also shows each row's currency and horizon: its files need not
share them. Numbers are rounded to their Monte Carlo standard errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from rich.cells import cell_len
from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_unit
from simroi.report.text.money import amount, amount_to_error, currency_unit
from simroi.report.text.numbers import (
    binomial_se,
    compact_percent,
    money_to_error,
    percent_to_error,
    prob_to_error,
    sig,
)
from simroi.runs.layout import SWEEP_JSON, SWEEP_TABLE, Chart

__all__ = ["figures", "input_cell", "page_figures", "payback_month", "sections", "table"]

# Metric columns, most important first: at a narrow width the last ones go first.
_KEEP_ORDER = ("p_roi", "roi_p50", "payback", "npv_mean", "roi_p10", "npv_p10", "roi_p90", "npv_p90")


def payback_month(variants: list[dict]) -> int:
    """The latest month every variant has P(payback ≤ month) for (its horizon included,
    as 1 − P(never)): one column that means the same in every row."""
    common = None
    for v in variants:
        s = v["summary"]
        months = {int(m) for m in s["payback"]["prob_within_months"]} | {s["horizon_months"]}
        common = months if common is None else common & months
    return max(common) if common else min(v["summary"]["horizon_months"] for v in variants)


def _within(s: dict, month: int) -> tuple[float, str]:
    """P(payback ≤ month) and its key in the summary ('' when it is 1 − P(never))."""
    within = s["payback"]["prob_within_months"]
    if str(month) in within:
        return within[str(month)], f"payback.prob_within_months.{month}"
    return 1.0 - s["payback"]["prob_never"], ""


def _by_value(data: Mapping[str, Any]) -> bool:
    varied = list(data["varied"])
    return bool(varied) and all(
        set(v["overrides"]) == set(varied)
        and all(isinstance(x, int | float | str) for x in v["overrides"].values())
        for v in data["variants"]
    )


def _names(variants: list[dict], batch: bool) -> list[str]:
    """Each variant's name; a batch's files by their shortest unique tail of the path."""
    names = [v["name"] for v in variants]
    if not batch:
        return names
    parts = [PurePath(n).parts for n in names]
    for k in range(1, max(map(len, parts), default=1) + 1):
        tails = [str(PurePath(*p[-k:])) for p in parts]
        if len(set(tails)) == len(tails):
            return tails
    return names


def input_cell(path: str, value: object, lang: str, currency: str | None) -> Cell:
    """An input's value as a cell in its unit: a price in its currency, a lift in %."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Cell.of(str(value))
    unit = input_unit(path)
    if unit == "percent":
        return Cell(compact_percent(value), value, "percent")
    if unit == "money":
        return Cell(amount(value, lang, currency), value, "money")
    if unit == "months":
        return Cell(text("months_value", lang, m=sig(value)), value, "months")
    return Cell(sig(value) if isinstance(value, float) else f"{value:,}", value, "number")


def rows(data: Mapping[str, Any], lang: str = "en", *, page: bool = True) -> tuple[list, list]:
    """(columns, rows): ``columns`` is [(id, header, is_key)], each row a list of Cells.

    ``page`` writes amounts with their unit (``74.6k USD``, ``7.46 万元``); otherwise
    (the terminal) as numbers with separators, their currency in a column or the title.
    """
    variants, batch = list(data["variants"]), not data["varied"] and data["scenario"] is None
    varied, by_value = list(data["varied"]), _by_value(data)
    month = payback_month(variants)
    cols: list[tuple[str, str, bool]] = []
    if by_value:
        cols += [(p, input_label(p, lang), True) for p in varied]
    else:
        cols.append(("name", text("col_file" if batch else "col_variant", lang), True))
    if batch:
        cols += [("scenario", text("col_scenario", lang), False),
                 ("currency", text("col_currency", lang), False),
                 ("horizon", text("col_horizon", lang), False)]  # fmt: skip
    cols += [
        ("p_roi", text("col_prob_roi", lang), False),
        ("roi_p10", text("col_roi_q", lang, q="P10"), False),
        ("roi_p50", text("col_roi_q", lang, q="P50"), False),
        ("roi_p90", text("col_roi_q", lang, q="P90"), False),
        ("npv_mean", text("col_npv_mean", lang), False),
        ("npv_p10", text("col_npv_q", lang, q="P10"), False),
        ("npv_p90", text("col_npv_q", lang, q="P90"), False),
        ("payback", text("col_payback_within", lang, m=month), False),
    ]
    out = []
    for i, (v, name) in enumerate(zip(variants, _names(variants, batch), strict=True)):
        s, n, at = v["summary"], v["summary"]["iterations"], f"variants.{i}.summary."
        roi, npv, cur = s["metrics"]["roi"], s["metrics"]["npv"], s.get("currency") or ""
        p = s["prob_roi_positive"]
        within, key = _within(s, month)
        cells = {
            "name": Cell.of(name),
            "scenario": Cell.of(str(s.get("scenario") or "")),
            "currency": Cell.of(currency_unit(cur, lang) if page else cur),
            "horizon": Cell(text("months_value", lang, m=s["horizon_months"]),
                            s["horizon_months"], "months", at + "horizon_months"),  # fmt: skip
            "p_roi": Cell(prob_to_error(p, s["prob_roi_positive_se"], n, plus_minus=False),
                          p, "probability", at + "prob_roi_positive"),  # fmt: skip
            "payback": Cell(prob_to_error(within, binomial_se(within, n), n, plus_minus=False),
                            within, "probability", at + key if key else ""),  # fmt: skip
        }
        for q in ("p10", "p50", "p90"):
            cells[f"roi_{q}"] = Cell(percent_to_error(roi[q], roi["se_mean"]), roi[q], "percent",
                                     f"{at}metrics.roi.{q}")  # fmt: skip
        for q in ("mean", "p10", "p90"):
            shown = (amount_to_error(npv[q], npv["se_mean"], lang, cur) if page
                     else money_to_error(npv[q], npv["se_mean"]))  # fmt: skip
            cells[f"npv_{q}"] = Cell(shown, npv[q], "money", f"{at}metrics.npv.{q}", unit=cur)
        for path in varied if by_value else ():
            cells[path] = input_cell(path, v["overrides"][path], lang, cur)
        out.append([cells[c] for c, _, _ in cols])
    return cols, out


# --------------------------------------------------------------------------- terminal


def table(data: dict, lang: str = "en", *, top: int = 60, width: int | None = None) -> Any:
    """One row per variant of a sweep or batch, in ``lang`` and the console's width (or
    ``width``; 80 when piped): the key columns are always whole; metric columns are left
    out, least important first, until the rest fit (every one is in sweep.json and
    sweep.parquet).

    Past ``top`` variants the rest are counted in the caption.
    """
    return _Fitted(data, lang, top, width)


# English headers short enough for 80 columns; Chinese ones are short already
_SHORT = {"scenario": None, "currency": "cur", "horizon": "months", "roi_p10": "ROI P10",
          "roi_p50": "ROI P50", "roi_p90": "ROI P90", "npv_mean": "NPV mean",
          "npv_p10": "NPV P10", "npv_p90": "NPV P90", "p_roi": "P(ROI>0)"}  # fmt: skip


class _Fitted:
    """The terminal table, laid out when printed: for the width it is printed at."""

    def __init__(self, data: dict, lang: str, top: int, width: int | None) -> None:
        self.data, self.lang, self.top, self.width = data, lang, top, width

    def __rich_console__(self, console, options):
        yield self.table(self.width or options.max_width)

    def _head(self, c: str, h: str, key: bool, batch: bool, month: int) -> str | None:
        if c == "scenario":
            return None  # the file names the row; the scenario's name is on the page
        if self.lang != "en":
            return h
        if key:
            return c.rsplit(".", 1)[-1]
        if c == "payback":
            return f"P(payback≤{month})"
        if c == "name":
            return "file" if batch else "variant"
        return _SHORT.get(c, h)

    def table(self, room: int) -> Table:
        data, variants, lang = self.data, self.data["variants"], self.lang
        first = variants[0]["summary"]
        n, batch = first["iterations"], data["scenario"] is None and not data["varied"]
        cols, cells = rows(data, lang, page=False)
        cells = cells[: self.top]
        month = payback_month(variants)
        heads = []
        for j, (c, h, key) in enumerate(cols):
            short = self._head(c, h, key, batch, month)
            if short is not None:
                heads.append((j, c, short, key))
        widths = {c: max(cell_len(h), *(cell_len(r[j].text) for r in cells))
                  for j, c, h, _ in heads}  # fmt: skip
        shown = [c for _, c, _, _ in heads]
        for c in reversed(_KEEP_ORDER):
            if sum(widths[x] + 3 for x in shown) - 1 <= room:
                break
            shown.remove(c)
        heads_shown = [h for h in heads if h[1] in shown]
        seed = data["seed"] if data["seed"] is not None else text("sweep_seed_per_file", lang)
        what = data["scenario"] or text("sweep_files", lang, k=len(variants))
        cur = currency_unit(first["currency"], lang)
        money = "" if batch else text("sweep_money_in", lang, cur=cur)
        t = make_table(
            text("sweep_terminal_title", lang, what=what, k=f"{len(variants):,}", n=f"{n:,}",
                 sampler=first["sampler"], seed=seed, money=money),  # fmt: skip
            *(h for _, _, h, _ in heads_shown),
        )
        for column, (_, c, _, key) in zip(t.columns, heads_shown, strict=True):
            column.no_wrap = True
            if key:
                column.min_width, column.justify = widths[c], "left"
        for r in cells:
            t.add_row(*(r[j].text for j, _, _, _ in heads_shown))
        notes = []
        if len(variants) > self.top:
            notes.append(text("sweep_more", lang, k=f"{len(variants) - self.top:,}",
                               files=f"{SWEEP_JSON} / {SWEEP_TABLE}"))
        if len(heads_shown) < len(heads):
            gone = ", ".join(h for _, c, h, _ in heads if c not in shown)
            notes.append(text("sweep_dropped", lang, names=gone, file=SWEEP_JSON))
        if notes:
            t.caption, t.caption_justify = "\n".join(notes), "left"
        return t


# --------------------------------------------------------------------------- the page


def sections(folder, lang: str) -> list[Section]:
    """Page one: the variants' table (key columns first) and the sweep's chart; then, for
    named variants, what each one changes."""
    data = folder.result
    cols, cells = rows(data, lang)
    keys = sum(1 for _, _, k in cols if k)
    variants, n = data["variants"], data["variants"][0]["summary"]["iterations"]
    batch = data["scenario"] is None and not data["varied"]
    best = max(range(len(variants)), key=lambda i: variants[i]["summary"]["prob_roi_positive"])
    worst = min(range(len(variants)), key=lambda i: variants[i]["summary"]["prob_roi_positive"])
    def which(i: int) -> str:
        if not _by_value(data):
            return cells[i][0].text
        return ", ".join(f"{h} {c.text}" for (_, h, _), c in zip(cols, cells[i][:keys]))

    name, low = which(best), which(worst)
    p_at = [c for c, _, _ in cols].index("p_roi")
    sentences = [
        text("batch_about" if batch else "sweep_about", lang, k=len(variants), n=f"{n:,}"),
    ]
    if len(variants) > 1 and cells[best][p_at].text == cells[worst][p_at].text:
        sentences.append(text("sweep_same", lang, p=cells[best][p_at].text))
    elif len(variants) > 1:
        sentences.append(text("sweep_range", lang, best=name, p=cells[best][p_at].text,
                              worst=low, q=cells[worst][p_at].text))  # fmt: skip
    note = text("sweep_note", lang, m=payback_month(variants))
    ids = [c for c, _, _ in cols]
    if batch:  # the scenario's name in a table of its own: the main one fits a page's width
        at = ids.index("scenario")
        cols, cells = cols[:at] + cols[at + 1 :], [r[:at] + r[at + 1 :] for r in cells]
    page = PageTable([h for _, h, _ in cols], cells, key_columns=keys, note=note)
    charts = tuple(figures(data, lang=lang)) if not batch else ()
    tables = [page]
    if batch:
        files = [[Cell.of(r[0].text), Cell.of(str(v["summary"].get("scenario") or ""))]
                 for r, v in zip(cells, variants, strict=True)]  # fmt: skip
        tables.append(PageTable((text("col_file", lang), text("col_scenario", lang)), files))
    out = [Section(text("kind_batch" if batch else "sweep_variants", lang), sentences,
                   tuple(tables), charts, anchor="variants")]  # fmt: skip
    changes = [
        [Cell.of(v["name"]), Cell.of(input_label(p, lang)), input_cell(p, x, lang, data["currency"])]
        for v in variants if not _by_value(data)
        for p, x in v["overrides"].items()
    ]  # fmt: skip
    if changes:
        heads = (text("col_variant", lang), text("input", lang), text("value", lang))
        out.append(Section(text("sweep_changes", lang), tables=(PageTable(heads, changes),),
                           anchor="changes"))  # fmt: skip
    return out


def page_figures(folder, lang: str) -> dict[str, Any]:
    """The sweep's chart for the page (a batch has none)."""
    return figures(folder.result, lang=lang)


# --------------------------------------------------------------------------- charts


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """The sweep's chart: ``sweep_line.png`` when one input is varied over two or more
    values, ``sweep_heatmap.png`` when two are varied as a full grid; none otherwise."""
    varied, variants = list(data["varied"]), data["variants"]
    if not variants or len(varied) not in (1, 2) or not _by_value(data):
        return {}  # a variant that leaves a varied input as it is has no place on an axis
    values = [[v["overrides"][p] for v in variants] for p in varied]
    axes = [_unique(vals) for vals in values]
    if len(varied) == 1 and len(axes[0]) == len(variants) >= 2:
        return {Chart.sweep_line: _line(data, varied[0], axes[0], lang)}
    if (
        len(varied) == 2
        and len(axes[0]) * len(axes[1]) == len(variants)
        and min(map(len, axes)) >= 2
    ):
        return {Chart.sweep_heatmap: _heatmap(data, varied, axes, values, lang)}
    return {}


def _unique(values: list) -> list:
    out: list = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _line(data: Mapping[str, Any], path: str, xs: list, lang: str) -> Any:
    from simroi.report.plots.sweep import sweep_line

    s = [v["summary"] for v in data["variants"]]
    label = input_label(path, lang)
    return sweep_line(
        xs,
        [x["prob_roi_positive"] for x in s],
        [x["prob_roi_positive_se"] for x in s],
        npv=tuple([x["metrics"]["npv"][q] for x in s] for q in ("p10", "p50", "p90")),
        n=s[0]["iterations"],
        path=label,
        currency=data["currency"],
        title=f"{text('png_sweep_line', lang, path=label)}\n{data['scenario']}",
        lang=lang,
    )


def _heatmap(data: Mapping[str, Any], varied: list, axes: list, values: list, lang: str) -> Any:
    import numpy as np

    from simroi.report.plots.sweep import sweep_heatmap

    # The first --vary path goes across, the second up.
    prob = np.full((len(axes[1]), len(axes[0])), np.nan)
    for k, v in enumerate(data["variants"]):
        prob[axes[1].index(values[1][k]), axes[0].index(values[0][k])] = v["summary"][
            "prob_roi_positive"
        ]
    x, y = (input_label(p, lang) for p in varied)
    cur = data["currency"]
    return sweep_heatmap(
        [input_cell(varied[0], v, lang, cur).text for v in axes[0]],
        [input_cell(varied[1], v, lang, cur).text for v in axes[1]],
        prob,
        n=data["variants"][0]["summary"]["iterations"],
        x_path=x,
        y_path=y,
        title=f"{text('png_sweep_heatmap', lang, x=x, y=y)}\n{data['scenario']}",
        lang=lang,
    )
