"""Notebook views of Results and Comparison: short repr, HTML table, tidy frame, files."""

import pytest
from conftest import ROOT
from test_cfo import summary  # noqa: F401  (shared fixtures live beside)

import simroi
from simroi.scenario.config import load_scenario


@pytest.fixture(scope="module")
def res():
    scn = load_scenario(ROOT / "configs" / "smb.yaml")
    return simroi.simulate_scenario(scn, iterations=500, seed=2)


def test_short_repr_and_html_table(res):
    text = repr(res)
    assert text.startswith("<Results 'SMB professional services - Excel to CRM': 500 iterations")
    assert len(text) < 200
    page = res._repr_html_()
    assert page.startswith("<table>") and "P10 (pessimistic)" in page


def test_summary_frame_is_tidy(res):
    frame = res.summary_frame()
    assert {"roi", "npv", "total_cost"} <= set(frame.index)
    assert frame.loc["roi", "p50"] == pytest.approx(res.summary()["metrics"]["roi"]["p50"])


def test_to_html_and_to_excel(res, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    html = res.to_html(tmp_path / "r.html", lang="zh").read_text("utf-8")
    assert "万" in html and "<svg" in html
    wb = openpyxl.load_workbook(res.to_excel(tmp_path / "r.xlsx"))
    assert "Summary" in wb.sheetnames


def test_to_excel_of_a_large_run_never_overwrites_a_samples_csv_of_the_user(
    res, tmp_path, monkeypatch
):
    openpyxl = pytest.importorskip("openpyxl")
    from simroi.report.documents import xlsx_samples

    monkeypatch.setattr(xlsx_samples, "SHEET_CELLS", 100)
    mine = tmp_path / "samples.csv"
    mine.write_text("my own data\n")
    wb = openpyxl.load_workbook(res.to_excel(tmp_path / "board.xlsx"))
    assert "Samples" not in wb.sheetnames
    assert mine.read_text() == "my own data\n"
    lines = (tmp_path / "board.samples.csv").read_text("utf-8-sig").splitlines()
    assert len(lines) == 1 + 500 and lines[0].startswith('"drivers.')


def test_comparison_repr_and_frame():
    scn = load_scenario(ROOT / "configs" / "vendors.yaml")
    cmp = simroi.compare(scn, iterations=300, seed=1)
    assert repr(cmp).startswith("<Comparison ") and len(repr(cmp)) < 300
    assert "<table>" in cmp._repr_html_()
    frame = cmp.summary_frame()
    assert list(frame.index) == list(cmp.ranking)
