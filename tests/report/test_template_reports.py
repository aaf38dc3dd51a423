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
from simroi.report.documents.inputs import input_rows, source_notes  # noqa: E402
from simroi.runs.readback import read_run_dir  # noqa: E402


@pytest.mark.parametrize("name", TEMPLATES)
def test_run_reports_of_each_template(name, reported):
    folder = reported(name)
    expected = {"report.html", "report.xlsx"} | ({"report.pdf"} if has_weasyprint() else set())
    assert expected <= {p.name for p in folder.iterdir()}
    summary = json.loads((folder / "summary.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    assert_summary_sheet_equals(wb["Summary"], summary)
    run = read_run_dir(folder)
    lang = report_language(run, None)
    notes = source_notes(run.manifest["scenario_source"], run.manifest["scenario_sha256"])
    rows = input_rows(run.manifest["scenario"], lang, notes)  # every input that matters
    years = sum(len(r.value) if isinstance(r.value, list) else 1 for r in rows)
    assert wb["Inputs"].max_row == 1 + years >= 9  # a row each (a schedule's: one a year)
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
    """Page one's sheet is the comparison: each vendor's row holds compare.json's numbers."""
    folder = reported("compare")
    assert {"report.html", "report.xlsx"} <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "compare.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    rows = [r for r in wb["compare"].iter_rows(values_only=True)]
    names = {v["name"] for v in data["vendors"]}
    chances, money = {}, {}  # the first table (chances) names each vendor first, then money
    for r in rows:
        if r[0] in names:
            (money if r[0] in chances else chances).setdefault(r[0], r)
    assert set(chances) == set(money) == names
    for v in data["vendors"]:
        s = v["summary"]
        assert chances[v["name"]][1] == pytest.approx(v["prob_best"], rel=1e-12)
        assert chances[v["name"]][2] == pytest.approx(s["prob_roi_positive"], rel=1e-12)
        assert money[v["name"]][2] == pytest.approx(s["metrics"]["npv"]["p50"], rel=1e-12)


def test_sensitivity_reports(reported):
    """The tornado's figures sheet holds sensitivity.json's bars, as numbers."""
    folder = reported("sensitivity")
    assert {"report.html", "report.xlsx"} <= {p.name for p in folder.iterdir()}
    data = json.loads((folder / "sensitivity.json").read_text())
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    rows = [r for r in wb["tornado-figures"].iter_rows(values_only=True) if r[2] is not None]
    bars = [r for r in rows if isinstance(r[2], float)]
    assert len(bars) == min(12, len(data["tornado"]))
    for r, bar in zip(data["tornado"], bars, strict=False):
        assert (bar[2], bar[3]) == pytest.approx((r["output_low"], r["output_high"]), rel=1e-12)
        assert bar[4] == pytest.approx(r["swing"], rel=1e-12)
