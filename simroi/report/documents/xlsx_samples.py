"""The samples of a run in its workbook: a Samples sheet, or samples.csv beside the workbook.

One row per iteration, one column per input and result (the columns of
samples.parquet, named by their paths). XlsxWriter writes a cell in a few
microseconds, so a sheet of every value of a large run would cost more than
the whole report: the sheet is written when the run has at most
:data:`SHEET_CELLS` values (and Excel's 1,048,575 rows), and a larger run's
samples go to ``samples.csv`` beside the workbook instead (UTF-8 with a byte
order mark, so Excel reads Chinese column names; "never" as an empty field; a text
cell a spreadsheet would read as a formula gets a leading ``'``).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from simroi.report.text.i18n import text
from simroi.report.text.labels import input_unit
from simroi.report.text.safe import FORMULA_START, spreadsheet_text
from simroi.runs.atomic import replace_atomically
from simroi.runs.layout import EXCEL_ROWS, SHEET_CELLS
from simroi.runs.readback import RunFolder
from simroi.simulation.metrics import UNITS

__all__ = ["samples_table", "write_samples"]


def samples_table(folder: RunFolder) -> pa.Table | None:
    """The folder's samples (in memory or samples.parquet), or None when it has none."""
    if folder.samples is not None:
        return pa.Table.from_pandas(folder.samples, preserve_index=False)
    if folder.samples_path is not None:
        with pq.ParquetFile(folder.samples_path) as file:  # read_table imports pyarrow.dataset
            return file.read()
    return None


def write_samples(book, fmt, folder: RunFolder, csv: Path, lang: str) -> str | None:
    """Add a Samples sheet to ``book``, or write the samples to the CSV file ``csv``.

    Returns where the samples went, in words for the Run info sheet, or None
    when the folder has no samples.
    """
    table = samples_table(folder)
    if table is None or table.num_columns == 0:
        return None
    rows = f"{table.num_rows:,}"
    if table.num_rows <= EXCEL_ROWS and table.num_rows * table.num_columns <= SHEET_CELLS:
        _sheet(book, fmt, table)
        return text("samples_sheet", lang, sheet="Samples", n=rows)
    write_csv(table, csv)
    return text("samples_csv", lang, n=rows, name=csv.name)


def _kind(name: str) -> str:
    if UNITS.get(name) == "percent" or input_unit(name) == "percent":
        return "percent"
    if UNITS.get(name) == "money" or name.startswith("benefit_") or input_unit(name) == "money":
        return "money"
    return "plain"


def _sheet(book, fmt, table: pa.Table) -> None:
    ws = book.add_worksheet("Samples")
    ws.write_row(0, 0, table.column_names, fmt.head)
    ws.freeze_panes(1, 0)
    for j, name in enumerate(table.column_names):
        ws.set_column(j, j, max(12, min(len(name) + 2, 40)), fmt.of(_kind(name)))
        values = table.column(j).to_numpy(zero_copy_only=False).astype(float)
        write = ws.write_number
        for i in np.flatnonzero(np.isfinite(values)).tolist():  # NaN ("never"): left empty
            write(i + 1, j, values[i])


def write_csv(table: pa.Table, path: Path) -> None:
    """``table`` as CSV at ``path`` (written aside and renamed: never half a file)."""
    columns = []
    for col in table.columns:
        if pa.types.is_floating(col.type):
            col = pc.if_else(pc.is_finite(col), col, pa.scalar(None, col.type))
        elif pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            col = pc.if_else(_formula_like(col), pc.binary_join_element_wise("'", col, ""), col)
        columns.append(col)
    clean = pa.table(columns, names=[spreadsheet_text(n) for n in table.column_names])

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            out.write("\ufeff".encode())  # Excel reads UTF-8 only after a byte order mark
            pa_csv.write_csv(clean, out)

    replace_atomically(path, write)


def _formula_like(col):
    """Which strings of ``col`` a spreadsheet would read as a formula (see spreadsheet_text)."""
    starts = [pc.starts_with(col, start) for start in FORMULA_START]
    return pc.fill_null(functools.reduce(pc.or_, starts), False)
