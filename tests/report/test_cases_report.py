"""simroi batch --rows --report: a batch of cases as a page and a workbook, read back checked."""

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import simroi.report.views.cases as view
from simroi.cli import main

ROOT = Path(__file__).resolve().parents[2]
ROWS = (
    "case,costs.seats,costs.price_per_seat_month\n"
    "Acme 有限公司,20,80\nBeta,200,400\nGamma,10,\nDelta,60,70\nEpsilon,150,300\n"
)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cases")
    (tmp / "rows.csv").write_text(ROWS, encoding="utf-8")
    r = invoke("batch", ROOT / "configs" / "smb.yaml", "--rows", tmp / "rows.csv", "-n", 1000,
               "--seed", 3, "--workers", 1, "-o", tmp / "b", "--report", "html,xlsx")  # fmt: skip
    assert r.exit_code == 0, r.output
    return tmp / "b"


def test_the_page_says_how_the_cases_spread_and_lists_every_case(folder):
    table = pd.read_parquet(folder / "cases.parquet")
    p = table["prob_roi_positive"].to_numpy()
    page = (folder / "report.html").read_text(encoding="utf-8")
    good, bad = int((p >= 0.9).sum()), int((p < 0.5).sum())
    assert f"{good} of 5 cases" in page and f"{bad} have less than an even chance" in page
    assert "Every case" in page and "as the template" in page  # Gamma's empty price
    for case in table["case"]:
        assert case in page
    assert 'data-chart="cases.png"' in page
    assert (folder / "cases.png").read_bytes()[:4] == b"\x89PNG"


def test_the_workbook_holds_every_case_as_numbers(folder):
    table = pd.read_parquet(folder / "cases.parquet")
    book = openpyxl.load_workbook(folder / "report.xlsx")
    sheet = book["every_case"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Case")
    got = rows[head + 1 : head + 1 + len(table)]
    assert [r[0] for r in got] == list(table["case"])
    at = rows[head].index("P(ROI > 0)")
    assert [r[at] for r in got] == pytest.approx(list(table["prob_roi_positive"]), abs=0)
    assert [r[1] for r in got] == list(table["costs.seats"])


def test_a_page_lists_the_first_cases_and_the_extremes_apart(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "PAGE_CASES", 2)
    monkeypatch.setattr(view, "EXTREMES", 1)
    copy = _copy(folder, tmp_path)
    r = invoke("report", copy, "--format", "html,xlsx")
    assert r.exit_code == 0, r.output
    page = (copy / "report.html").read_text(encoding="utf-8")
    assert "The first 2 of 5 cases; the workbook and cases.csv hold the rest." in page
    assert "1 of 5 cases with the lowest P(ROI &gt; 0)" in page
    body = page.split("Every case", 1)[1]
    assert len(re.findall(r"<tr>", body.split("</table>", 1)[0])) == 1 + 2  # head + 2 cases
    sheet = openpyxl.load_workbook(copy / "report.xlsx")["every_case"]
    names = {line.split(",")[0] for line in ROWS.splitlines()[1:]}
    assert sum(1 for r in sheet.iter_rows(values_only=True) if r[0] in names) == 5


def test_the_report_in_chinese(folder, tmp_path):
    copy = _copy(folder, tmp_path)
    r = invoke("report", copy, "--format", "html", "--lang", "zh")
    assert r.exit_code == 0, r.output
    page = (copy / "report.html").read_text(encoding="utf-8")
    assert "批量案例" in page and "全部案例" in page and "同模板" in page


def _copy(folder, tmp_path, change=None):
    """The batch's folder without its reports (simroi report writes them into the folder);
    ``change`` rewrites its cases.parquet."""
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in folder.iterdir():
        if not f.name.startswith("report."):
            (copy / f.name).write_bytes(f.read_bytes())
    if change is not None:
        pq.write_table(change(pq.read_table(copy / "cases.parquet")), copy / "cases.parquet")
    return copy


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda t: t.slice(0, 3), "3 rows; cases.json says 5 cases"),
        (lambda t: t.drop_columns(["roi_p50"]), "column 'roi_p50': missing"),
        (
            lambda t: t.set_column(
                t.schema.get_field_index("prob_roi_positive"),
                "prob_roi_positive",
                pa.array(["x"] * 5),
            ),  # fmt: skip
            "column 'prob_roi_positive': must be numbers, got string",
        ),
        (
            lambda t: t.set_column(
                t.schema.get_field_index("prob_roi_positive"),
                "prob_roi_positive",
                pa.array([0.5, 5.0, 0, 1, 1]),
            ),  # fmt: skip
            "column 'prob_roi_positive', row 2: must be a probability from 0 to 1, got 5.0",
        ),
        (
            lambda t: t.set_column(
                t.schema.get_field_index("npv_p50"), "npv_p50", pa.array([1.0, np.inf, 0, 1, 1])
            ),  # fmt: skip
            "column 'npv_p50', row 2: must be a finite number (or empty), got inf",
        ),
    ],
)
def test_a_tampered_cases_table_is_refused_by_name(folder, tmp_path, change, problem):
    copy = _copy(folder, tmp_path, change)
    r = invoke("report", copy, "--format", "html")
    assert r.exit_code == 2, r.output
    assert f"Error: {copy / 'cases.parquet'}: {problem}" in r.output
    assert "Traceback" not in r.output and not (copy / "report.html").exists()


def test_past_a_sheet_of_cases_the_workbook_says_where_the_rest_are(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(view, "SHEET_CASES", 3)
    copy = _copy(folder, tmp_path)
    r = invoke("report", copy, "--format", "xlsx")
    assert r.exit_code == 0, r.output
    cells = [c for row in openpyxl.load_workbook(copy / "report.xlsx")["every_case"].iter_rows(
        values_only=True) for c in row if c is not None]  # fmt: skip
    assert "The workbook holds the first 3 of 5 cases; cases.csv holds every case." in cells
    names = {line.split(",")[0] for line in ROWS.splitlines()[1:]}
    assert sum(1 for c in cells if c in names) == 3


def test_a_small_amount_in_a_chinese_workbook_is_in_yuan_not_wan(folder, tmp_path):
    """343 元 a seat read '0.0万元' under the 万 format; the pages write 343 元."""
    copy = _copy(folder, tmp_path)
    assert invoke("report", copy, "--format", "xlsx", "--lang", "zh").exit_code == 0
    sheet = openpyxl.load_workbook(copy / "report.xlsx").worksheets[1]
    rows = list(sheet.iter_rows())
    head = next(i for i, r in enumerate(rows) if r[0].value == "案例")
    price = [r[2] for r in rows[head + 1 : head + 6] if isinstance(r[2].value, int | float)]
    assert price and all("万" not in c.number_format for c in price if abs(c.value) < 1e4)


def test_a_cases_table_over_the_size_cap_is_refused_before_it_is_read(
    folder, tmp_path, monkeypatch
):
    import simroi.runs.cases as runs_cases

    copy = _copy(folder, tmp_path)
    size = (copy / "cases.parquet").stat().st_size
    monkeypatch.setattr(runs_cases, "MAX_TABLE_BYTES", size - 1)
    r = invoke("report", copy, "--format", "html")
    assert r.exit_code == 2
    assert f"cases.parquet: {size:,} bytes; at most {size - 1:,} are read" in r.output


def test_a_cases_table_of_more_rows_than_bytes_is_refused_before_it_is_read(folder, tmp_path):
    def bomb(table):  # the first row 200,000 times: a few kB, dictionary-encoded
        return pa.concat_tables([table.slice(0, 1)] * 200_000)

    copy = _copy(folder, tmp_path, bomb)
    size = (copy / "cases.parquet").stat().st_size
    assert size < 200_000
    r = invoke("report", copy, "--format", "html")
    assert r.exit_code == 2
    assert f"cases.parquet: 200,000 rows in {size:,} bytes: more rows than bytes" in r.output
