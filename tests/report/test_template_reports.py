"""Every shipped template through ``--report``: the files, the workbook and the PDF's page one.

``simroi run configs/<template>.yaml --report html,xlsx,pdf`` for each template (and
``compare``/``sensitivity`` with html,xlsx): the reports are written, the workbook reads
back with openpyxl to the numbers of the JSON, the PDF's first page carries the CFO
figures. The HTML in a browser is checked in test_browser.py on the same folders.
"""

import json

import pytest
from conftest import TEMPLATES, has_weasyprint

openpyxl = pytest.importorskip("openpyxl")

from test_pdf import assert_page_one_figures, needs_pdftotext  # noqa: E402
from test_xlsx import assert_summary_sheet_equals  # noqa: E402

from simroi.report.documents.build import report_language  # noqa: E402
from simroi.runs.readback import read_run_dir  # noqa: E402


@pytest.mark.parametrize("name", TEMPLATES)
def test_run_reports_of_each_template(name, reported):
    folder = reported(name)
    expected = {"report.html", "report.xlsx"} | ({"report.pdf"} if has_weasyprint() else set())
    assert expected <= {p.name for p in folder.iterdir()}
    summary = json.loads((folder / "summary.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    assert_summary_sheet_equals(wb["Summary"], summary)
    assert wb["Inputs"].max_row > 10  # every input of the template, with its words
    lang = report_language(read_run_dir(folder), None)
    assert lang == ("zh" if name.endswith("-zh") else "en")


@needs_pdftotext
@pytest.mark.skipif(not has_weasyprint(), reason="weasyprint is not installed")
@pytest.mark.parametrize("name", TEMPLATES)
def test_pdf_page_one_of_each_template(name, reported):
    folder = reported(name)
    summary = json.loads((folder / "summary.json").read_text())
    lang = report_language(read_run_dir(folder), None)
    assert_page_one_figures(folder / "report.pdf", summary, lang)


def test_compare_reports(reported):
    folder = reported("compare")
    assert {"report.html", "report.xlsx"} <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "compare.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    leader = min(data["vendors"], key=lambda v: v["rank"])
    assert_summary_sheet_equals(wb["Summary"], leader["summary"])
    rows = {r[0]: r for r in wb["Vendors"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {v["name"] for v in data["vendors"]}
    for v in data["vendors"]:
        s, row = v["summary"], rows[v["name"]]
        assert row[1] == pytest.approx(s["prob_roi_positive"], rel=1e-12)
        assert row[2] == pytest.approx(v["prob_best"], rel=1e-12)
        assert row[5] == pytest.approx(s["metrics"]["npv"]["p50"], rel=1e-12)


def test_sensitivity_reports(reported):
    folder = reported("sensitivity")
    assert {"report.html", "report.xlsx"} <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "sensitivity.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    rows = {r[4]: r for r in wb["Sensitivity"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {r["input"] for r in data["tornado"]}
    for r in data["tornado"]:
        _, low, high, swing, _ = rows[r["input"]]
        assert (low, high) == pytest.approx((r["output_low"], r["output_high"]), rel=1e-12)
        assert swing == pytest.approx(r["swing"], rel=1e-12)
