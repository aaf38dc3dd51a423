"""The Excel workbook of a sectioned Report: one sheet per section, raw numbers under formats.

A cell's raw value is stored as a number with the format of its kind (a probability
or rate ``0.0%``, money ``#,##0`` with its currency — in Chinese in 万 with one
decimal —, months ``0``); a probability written as a bound (``> 1 − 1/20,000``)
keeps its value under a format that shows that text, so the workbook never reads
100.0 %. Words are always stored as text (never a formula or a link). Each sheet
prints one page wide (landscape when its tables are wide) with its charts, PNG,
inside the printed area. The run's own workbook is :mod:`~simroi.report.documents.xlsx`.
"""

from __future__ import annotations

import io
import math
import os
import re
from pathlib import Path

import xlsxwriter

from simroi.report.documents.sections import Cell, Report, Section
from simroi.report.documents.xlsx import WORKBOOK_OPTIONS
from simroi.report.text.money import currency_unit
from simroi.runs.readback import RunFolder

__all__ = ["money_format", "sheet_names", "write_report_xlsx"]

_PX_PER_CHAR = 7  # Calibri 11: a column of width w is about 7 w + 5 pixels
_ROW_PX = 20
_IMAGE_PX = 620  # a chart's width in the sheet: inside a portrait A4 page fitted to width
_INVALID = re.compile(r"[\[\]:*?/\\]")
WAN = 10_000  # 万: a Chinese workbook writes amounts from here on in 万


def money_format(unit: str, lang: str, value: float | None = None) -> str:
    """Excel's number format for amounts in ``unit``: ``#,##0 "USD"``; in Chinese, in 万
    with one decimal (``0\\.0,"万元"``: 123,456 reads 12.3万元, the cell keeps 123456),
    but an amount under 1万 in 元 (343 reads 343 元, not 0.0万元), as the pages write it."""
    shown = currency_unit(unit, lang).replace('"', "")
    if lang == "zh" and (value is None or abs(value) >= WAN):
        return f'0\\.0,"万{shown}"'
    return f'#,##0 "{shown}"' if shown else "#,##0"


def sheet_names(sections: list[Section], lang: str) -> list[str]:
    """A sheet name per section: its anchor (English) or title (Chinese), made valid for
    Excel (31 characters, none of ``[]:*?/\\``) and unique."""
    names: list[str] = []
    for i, s in enumerate(sections, start=1):
        base = (s.title if lang == "zh" or not s.anchor else s.anchor) or f"{i}"
        base = _INVALID.sub(" ", base).strip("' ")[:31] or f"{i}"
        name, k = base, 2
        while name.lower() in (n.lower() for n in names):
            suffix = f" ({k})"
            name, k = base[: 31 - len(suffix)] + suffix, k + 1
        names.append(name)
    return names


def write_report_xlsx(folder: RunFolder, path: str | os.PathLike[str], lang: str) -> Path:
    """Write the workbook of ``folder``'s Report in ``lang`` to ``path``."""
    from simroi.report.documents.compose import figures_of, report_of

    report = report_of(folder, lang)
    pngs = {name: _png(fig) for name, fig in figures_of(folder, lang).items()}
    book = xlsxwriter.Workbook(os.fspath(path), WORKBOOK_OPTIONS)
    book.set_properties({"title": report.title, "comments": report.footer})
    formats = _Formats(book, report)
    for name, section in zip(sheet_names(report.sections, lang), report.sections, strict=True):
        _sheet(book, formats, name, section, report if section is report.sections[0] else None,
               pngs)  # fmt: skip
    book.close()
    return Path(path)


def _png(fig) -> tuple[bytes, int, int]:
    """The figure as PNG bytes at 110 dpi, with its size in pixels; then freed."""
    from simroi.report.plots._style import settled_layout

    buf = io.BytesIO()
    with settled_layout(fig):
        fig.savefig(buf, format="png", dpi=110)
    width, height = (round(v * 110) for v in fig.get_size_inches())
    fig.clear()
    return buf.getvalue(), width, height


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, report: Report) -> None:
        self.book, self.lang, self.currency = book, report.lang, report.currency
        self.footer = report.footer
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.subtitle = book.add_format({"font_color": "#6b6b6b"})
        self.headline = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F3F7FB"}
        )
        self.h2 = book.add_format({"bold": True, "font_size": 12})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.note = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#6b6b6b"})
        self.head = book.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#EEF3F8", "text_wrap": True, "valign": "bottom"}
        )
        self.key = book.add_format({"valign": "top"})
        self.text = book.add_format({"valign": "top", "text_wrap": True})
        self._cache: dict[str, object] = {}

    def number(self, num_format: str):
        if num_format not in self._cache:
            self._cache[num_format] = self.book.add_format({"num_format": num_format})
        return self._cache[num_format]

    def of(self, cell: Cell):
        """The format of a numeric cell: by kind; a bound shown as its text."""
        if cell.kind == "probability" and cell.value in (0, 1) and cell.text[:1] in "<>":
            return self.number('"' + cell.text.replace('"', "") + '"')
        if cell.kind in ("probability", "percent"):
            return self.number("0.0%")
        if cell.kind == "money":
            return self.number(money_format(cell.unit or self.currency, self.lang, cell.value))
        if cell.kind == "months":
            return self.number('0" 个月"' if self.lang == "zh" else '0" months"')
        return self.number("#,##0.###")


def _numeric(cell: Cell) -> bool:
    return (
        cell.kind != "text"
        and isinstance(cell.value, int | float)
        and not isinstance(cell.value, bool)
        and math.isfinite(cell.value)
    )


def _sheet(book, fmt: _Formats, name: str, section: Section, report: Report | None, pngs) -> None:
    ws = book.add_worksheet(name)
    ncols = max((len(t.columns) for t in section.tables), default=2)
    widths = _widths(section, ncols)
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    total_px = sum(_PX_PER_CHAR * w + 5 for w in widths)
    row, last = 0, ncols - 1

    def paragraph(words: str, style, height_lines: int | None = None) -> None:
        nonlocal row
        lines = height_lines or max(1, math.ceil(len(words) * _PX_PER_CHAR * 1.1 / total_px))
        if last > 0:
            ws.merge_range(row, 0, row, last, "", style)
        ws.write_string(row, 0, words, style)
        ws.set_row(row, 15 * lines + 3)
        row += 1

    if report is not None:
        ws.write_string(row, 0, report.title, fmt.title)
        row += 1
        if report.subtitle:
            ws.write_string(row, 0, report.subtitle, fmt.subtitle)
            row += 1
        if report.headline:
            paragraph(report.headline, fmt.headline)
        row += 1
    ws.write_string(row, 0, section.title, fmt.h2)
    row += 1
    for sentence in section.sentences:
        paragraph(sentence, fmt.wrap)
    for table in section.tables:
        row += 1
        if table.caption:
            ws.write_string(row, 0, table.caption, fmt.h2)
            row += 1
        ws.write_row(row, 0, [str(c) for c in table.columns], fmt.head)
        row += 1
        for cells in table.rows:
            for j, cell in enumerate(cells):
                if _numeric(cell):
                    ws.write_number(row, j, float(cell.value), fmt.of(cell))
                else:
                    ws.write_string(row, j, cell.text, fmt.key if j < table.key_columns else fmt.text)
            row += 1
        if table.note:
            paragraph(table.note, fmt.note)
    for chart in section.charts:
        if chart not in pngs:
            continue
        data, width, height = pngs[chart]
        scale = min(1.0, _IMAGE_PX / width, total_px / width if total_px > 200 else 1.0)
        row += 1
        ws.insert_image(row, 0, chart, {"image_data": io.BytesIO(data), "x_scale": scale,
                                         "y_scale": scale, "object_position": 3})  # fmt: skip
        row += math.ceil(height * scale / _ROW_PX) + 1
    _print_setup(ws, row, last, wide=total_px > 900, footer=fmt.footer)


def _widths(section: Section, ncols: int) -> list[float]:
    """Column widths (characters) from the longest text of each column, 8 to 40."""
    widths = [8.0] * ncols
    for table in section.tables:
        for j, head in enumerate(table.columns):
            widths[j] = max(widths[j], min(18.0, _chars(str(head)) / 1.6 + 2))
        for cells in table.rows:
            for j, cell in enumerate(cells):
                widths[j] = max(widths[j], min(40.0, _chars(cell.text) + 2))
    # charts are inside the printed columns
    while sum(_PX_PER_CHAR * w + 5 for w in widths) < _IMAGE_PX:
        widths[-1] += 4
    return widths


def _chars(text: str) -> float:
    """A text's width in Latin characters: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _print_setup(ws, rows: int, last_col: int, *, wide: bool, footer: str) -> None:
    ws.set_paper(9)  # A4
    if wide:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    ws.print_area(0, 0, max(rows, 1), last_col)
    ws.set_footer(f"&L&8{footer.replace('&', '&&')[:180]}&R&8&P / &N")
