"""The Excel workbook of a run folder (XlsxWriter): the report's figures as numbers, with charts.

Sheets: Summary, Percentiles, Payback, Cash flow, Breakdown, Inputs, Run info, and
Sensitivity and Vendors when the folder has them. Cells hold the numbers of
summary.json unrounded (fractions formatted as percentages, money with the
currency), so a reader can compute with them; the Summary sheet names where
summary.json holds each figure. Header rows are frozen; charts are Excel's own.
"""

from __future__ import annotations

import os
from pathlib import Path

import xlsxwriter

from simroi.report.documents.document import Document, build
from simroi.report.documents.xlsx_samples import write_samples
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, metric_name
from simroi.report.text.money import currency_unit
from simroi.runs.layout import SAMPLES_CSV, SUMMARY
from simroi.runs.readback import RunFolder
from simroi.simulation.metrics import UNITS, of_unit

__all__ = ["SHEETS", "WORKBOOK_OPTIONS", "write_xlsx"]

SHEETS = ("Summary", "Percentiles", "Payback", "Cash flow", "Breakdown", "Inputs", "Run info")

# Names are data: XlsxWriter by default turns a string starting with "=" into a formula
# and one like "http://..." into a link; a vendor named '=HYPERLINK(...)' would be a live
# formula in a workbook people forward. Every string is written as text.
WORKBOOK_OPTIONS = {
    "in_memory": True,  # the parts assembled in memory: no temporary file written and removed
    "nan_inf_to_errors": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


class _Formats:
    """The workbook's cell formats, one per kind of figure (:class:`~.cfo.Row` kinds)."""

    def __init__(self, book: xlsxwriter.Workbook, currency: str, lang: str) -> None:
        self.lang = lang
        unit = currency_unit(currency, lang).replace('"', "")
        self.money_format = f'#,##0 "{unit}"' if unit else "#,##0"  # charts' axes too
        self.head = book.add_format({"bold": True, "bottom": 1, "bg_color": "#EEF3F8"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.prob = book.add_format({"num_format": "0.0%"})
        self.percent = book.add_format({"num_format": "0%"})
        self.money = book.add_format({"num_format": self.money_format})
        self.months = book.add_format({"num_format": "0"})
        self.plain = book.add_format({})
        self.inputs = {  # an input's number in its unit (labels.input_unit)
            "percent": book.add_format({"num_format": "0.0##%"}),
            "money": self.money,
            **{
                unit: book.add_format({"num_format": f'0.## "{_unit_word(unit, lang)}"'})
                for unit in ("months", "hours")
            },
            "count": book.add_format({"num_format": "#,##0.##"}),
        }

    def input_format(self, unit: str):
        return self.inputs.get(unit, self.plain)

    def of(self, kind: str):
        return getattr(self, kind, self.plain)


def _unit_word(unit: str, lang: str) -> str:
    """The word after a number of ``unit`` (months, hours): "mo" / "个月", "h" / "小时"."""
    return text(f"value_{unit}", lang, v="").strip().replace('"', "")


def write_xlsx(
    folder: RunFolder,
    path: str | os.PathLike[str],
    lang: str,
    *,
    samples_csv: str | os.PathLike[str] | None = None,
) -> Path:
    """Write the workbook of ``folder`` in ``lang`` to ``path``.

    A run too large for a Samples sheet has its samples written to ``samples_csv``
    (default: ``samples.csv`` beside ``path``).
    """
    doc = build(folder, lang)
    book = xlsxwriter.Workbook(os.fspath(path), WORKBOOK_OPTIONS)
    fmt = _Formats(book, doc.currency, lang)
    if doc.summary is not None:
        _summary(book, fmt, doc)
        _percentiles(book, fmt, doc)
        _payback(book, fmt, doc)
        _cash_flow(book, fmt, doc)
        _breakdown(book, fmt, doc)
        _costs(book, fmt, doc)
    if doc.sensitivity:
        _sensitivity(book, fmt, doc, folder)
    if doc.vendors:
        _vendors(book, fmt, doc)
    if doc.inputs:
        _inputs(book, fmt, doc)
    csv = Path(samples_csv) if samples_csv else Path(path).with_name(SAMPLES_CSV)
    samples = write_samples(book, fmt, folder, csv, lang)
    where = [(text("samples_where", lang), samples)] if samples else []
    _run_info(book, fmt, [*doc.reproduce, *where])  # the Document is shared: never changed
    book.close()
    return Path(path)


def _sheet(book, fmt, name: str, headers: list[str], widths: list[int]):
    ws = book.add_worksheet(name)
    ws.write_row(0, 0, headers, fmt.head)
    for i, w in enumerate(widths):
        ws.set_column(i, i, w)
    ws.freeze_panes(1, 0)
    return ws


def _summary(book, fmt, doc: Document) -> None:
    lang = doc.lang
    ws = _sheet(
        book,
        fmt,
        "Summary",
        [text("figure", lang), text("value", lang), "±", SUMMARY],
        [52, 16, 10, 34],
    )
    rows = list(doc.key_rows)
    for _, label, cells in doc.percentiles:
        rows += [
            type(c)(c.key, f"{label} {c.label}", c.value, c.text, c.kind, c.se, c.source)
            for c in cells
        ]
    rows += doc.payback
    for i, r in enumerate(rows, start=1):
        ws.write_string(i, 0, r.label)
        if r.value is None:
            ws.write_blank(i, 1, None)
        else:
            ws.write_number(i, 1, float(r.value), fmt.of(r.kind))
        if r.se is not None and r.kind in ("prob", "percent", "money"):
            ws.write_number(i, 2, float(r.se), fmt.of(r.kind))
        if r.where:
            ws.write_string(i, 3, r.where)
    if doc.headline:
        ws.write_string(len(rows) + 2, 0, doc.headline, fmt.wrap)


def _percentiles(book, fmt, doc: Document) -> None:
    qs = ("mean", "std", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "min", "max")
    ws = _sheet(book, fmt, "Percentiles", ["", *qs], [40, *[13] * len(qs)])
    metrics = doc.summary.get("metrics") or {}
    row = 1
    for key, m in metrics.items():
        if not m:
            continue
        kind = "percent" if key in of_unit("percent") else "money"
        ws.write_string(row, 0, metric_name(key, doc.lang))
        for j, q in enumerate(qs, start=1):
            v = m.get(q)
            if v is not None:
                ws.write_number(row, j, float(v), fmt.of(kind))
        row += 1


def _payback(book, fmt, doc: Document) -> None:
    lang = doc.lang
    ws = _sheet(book, fmt, "Payback", [text("axis_months", lang), text("payback", lang)], [22, 16])
    within = doc.summary["payback"]["prob_within_months"]
    for i, (m, p) in enumerate(within.items(), start=1):
        ws.write_number(i, 0, int(m), fmt.months)
        ws.write_number(i, 1, float(p), fmt.prob)
    chart = book.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": text("chart_payback", lang),
            "categories": ["Payback", 1, 0, len(within), 0],
            "values": ["Payback", 1, 1, len(within), 1],
            "marker": {"type": "circle"},
        }
    )
    chart.set_title({"name": text("chart_payback", lang)})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_x_axis({"name": text("axis_months", lang)})
    chart.set_legend({"none": True})
    ws.insert_chart("D2", chart)


def _breakdown(book, fmt, doc: Document) -> None:
    lang = doc.lang
    ws = _sheet(book, fmt, "Breakdown", [text("stream", lang), text("mean_value", lang)], [30, 18])
    for i, r in enumerate(doc.breakdown, start=1):
        ws.write_string(i, 0, r.label)
        ws.write_number(i, 1, float(r.value), fmt.money)
    title = text("chart_breakdown", lang)
    _bar_chart(book, ws, "D2", title, title, (1, len(doc.breakdown)), 1)


def _cash_flow(book, fmt, doc: Document) -> None:
    """Month, P10, P50, P90 and mean of the cumulative cash (``cash_flow`` of summary.json)."""
    fan, lang = doc.summary.get("cash_flow"), doc.lang
    if not fan:
        return
    keys = ("p10", "p50", "p90", "mean")
    heads = [text("axis_months", lang), "P10", "P50", "P90", text("mean", lang)]
    ws = _sheet(book, fmt, "Cash flow", heads, [20, 16, 16, 16, 16])
    months = fan["months"]
    for i, m in enumerate(months, start=1):
        ws.write_number(i, 0, int(m), fmt.months)
        for j, k in enumerate(keys, start=1):
            ws.write_number(i, j, float(fan[k][i - 1]), fmt.money)
    used, n = fan.get("iterations_used"), doc.summary.get("iterations")
    if used is not None and n is not None:
        ws.write_string(len(months) + 2, 0, text("fan_rows", lang, used=f"{used:,}", n=f"{n:,}"))
    chart = book.add_chart({"type": "line"})
    for j, (k, dash) in enumerate(zip(keys[:3], ("dash", "solid", "dash"), strict=True), 1):
        chart.add_series(
            {
                "name": ["Cash flow", 0, j],
                "categories": ["Cash flow", 1, 0, len(months), 0],
                "values": ["Cash flow", 1, j, len(months), j],
                "line": {
                    "color": "#2f6fad",
                    "width": 2.25 if k == "p50" else 1.25,
                    "dash_type": dash,
                },
            }
        )
    chart.set_title({"name": text("chart_cash_fan", lang)})
    chart.set_x_axis({"name": text("axis_months", lang), "interval_unit": 6, "interval_tick": 6})
    chart.set_y_axis({"name": text("axis_cash", lang), "num_format": fmt.money_format})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 360})
    ws.insert_chart("G2", chart)


def _costs(book, fmt, doc: Document) -> None:
    """The mean of each kind of cost on the Breakdown sheet, below the benefits, with a chart."""
    if not doc.costs:
        return
    lang, ws = doc.lang, book.get_worksheet_by_name("Breakdown")
    top = len(doc.breakdown) + 2
    ws.write_row(top, 0, [text("axis_costs", lang), text("mean_value", lang)], fmt.head)
    for i, r in enumerate(doc.costs, start=top + 1):
        ws.write_string(i, 0, r.label)
        ws.write_number(i, 1, float(r.value), fmt.money)
    title = text("chart_costs", lang)
    rows = (top + 1, top + len(doc.costs))
    _bar_chart(
        book, ws, "D18", title, title, rows, 1, fill={"color": "#c0392b"},
        x_axis={"num_format": fmt.money_format}, y_axis={"reverse": True},
    )  # fmt: skip


def _sensitivity(book, fmt, doc: Document, folder: RunFolder) -> None:
    lang = doc.lang
    ws = _sheet(
        book,
        fmt,
        "Sensitivity",
        [text("input", lang), "low", "high", text("swing", lang), "path"],
        [40, 14, 14, 14, 40],
    )
    kind = UNITS[(folder.sensitivity or {}).get("metric", "npv")]
    for i, r in enumerate(doc.sensitivity, start=1):
        ws.write_string(i, 0, r["label"])
        for j, key in ((1, "low"), (2, "high"), (3, "swing")):
            if r.get(key) is not None:
                ws.write_number(i, j, float(r[key]), fmt.of(kind))
        ws.write_string(i, 4, r["path"])
    if any("low" in r for r in doc.sensitivity):
        rows = (1, len(doc.sensitivity))
        _bar_chart(
            book, ws, "G2", text("swing", lang), text("sensitivity", lang), rows, 3,
            y_axis={"reverse": True},
        )  # fmt: skip


def _bar_chart(book, ws, cell, name, title, rows, col, *, fill=None, **axes) -> None:
    """An Excel bar chart at ``cell`` of ``ws``: column ``col`` of ``rows`` (first, last),
    labelled by column 0; ``axes`` as ``x_axis={...}``, ``y_axis={...}``."""
    first, last = rows
    series = {
        "name": name,
        "categories": [ws.name, first, 0, last, 0],
        "values": [ws.name, first, col, last, col],
    }
    chart = book.add_chart({"type": "bar"})
    chart.add_series(series | ({"fill": fill} if fill else {}))
    chart.set_title({"name": title})
    for axis, options in axes.items():
        getattr(chart, f"set_{axis}")(options)
    chart.set_legend({"none": True})
    ws.insert_chart(cell, chart)


def _vendors(book, fmt, doc: Document) -> None:
    lang = doc.lang
    heads = [text("vendor", lang), "P(ROI>0)", text("prob_best", lang), text("tco", lang)]
    heads += ["ROI P50", "NPV P50", text("payback_median", lang)]
    ws = _sheet(book, fmt, "Vendors", heads, [28, 12, 14, 18, 12, 16, 16])
    for i, v in enumerate(doc.vendors, start=1):
        s = v["summary"]
        ws.write_string(i, 0, v["name"])
        ws.write_number(i, 1, s["prob_roi_positive"], fmt.prob)
        ws.write_number(i, 2, v["prob_best_value"], fmt.prob)
        ws.write_number(i, 3, s["metrics"]["total_cost"]["mean"], fmt.money)
        ws.write_number(i, 4, s["metrics"]["roi"]["p50"], fmt.percent)
        ws.write_number(i, 5, s["metrics"]["npv"]["p50"], fmt.money)
        if s["payback"].get("p50_months") is not None:
            ws.write_number(i, 6, s["payback"]["p50_months"], fmt.months)


def _inputs(book, fmt, doc: Document) -> None:
    """One row per input (a yearly schedule: one per year): its value, or its distribution's
    parameters, as numbers in the input's unit; then the words, the note and the path."""
    from simroi.report.documents.inputs import PARAMETERS, dist_name, parameters

    lang = doc.lang
    heads = [text("input", lang), text("value", lang), text("distribution", lang)]
    heads += [text(f"param_{k}", lang) for k in ("min", "mode", "max")]
    heads += [text("mean", lang), text("param_sd", lang), "P5", "P95"]
    heads += [text("in_words", lang), text("source_note", lang), "path"]
    ws = _sheet(book, fmt, "Inputs", heads, [34, 14, 14, *[12] * 7, 48, 60, 40])
    row = 1
    for r in doc.inputs:
        years = r.value if isinstance(r.value, list) else [r.value]
        for k, value in enumerate(years, start=1):
            path = f"{r.path}.year{k}" if isinstance(r.value, list) else r.path
            label = input_label(path, lang) if isinstance(r.value, list) else r.label
            ws.write_string(row, 0, label)
            cell = fmt.input_format(r.unit)
            params = parameters(value)
            if "value" in params:
                ws.write_number(row, 1, params["value"], cell)
            elif isinstance(value, dict):
                ws.write_string(row, 2, dist_name(str(value.get("dist", "")), lang))
            for j, key in enumerate(PARAMETERS, start=3):
                if key in params:
                    ws.write_number(row, j, params[key], cell)
            ws.write_string(row, 10, r.words, fmt.wrap)
            ws.write_string(row, 11, r.note, fmt.wrap)
            ws.write_string(row, 12, path)
            row += 1


def _run_info(book, fmt, rows: list[tuple[str, str]]) -> None:
    ws = _sheet(book, fmt, "Run info", [text("reproduce", fmt.lang), ""], [24, 90])
    for i, (k, v) in enumerate(rows, start=1):
        ws.write_string(i, 0, k)
        ws.write_string(i, 1, v)
