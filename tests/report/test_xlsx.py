"""The Excel workbook: its sheets, and Summary figures equal to summary.json when read back."""

import json
import math

import pytest

openpyxl = pytest.importorskip("openpyxl")

from simroi.report.build import write_reports  # noqa: E402
from simroi.report.document import summary_value  # noqa: E402


@pytest.fixture(scope="module", params=["en", "zh"])
def book(request, en_run, zh_run):
    folder = en_run if request.param == "en" else zh_run
    (path,) = write_reports(folder, ["xlsx"], lang=request.param)
    summary = json.loads((folder / "summary.json").read_text())
    return openpyxl.load_workbook(path), summary


def test_sheets_and_frozen_headers(book):
    wb, _ = book
    assert wb.sheetnames[:5] == ["Summary", "Percentiles", "Payback", "Cash flow", "Breakdown"]
    assert {"Inputs", "Run info"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
    assert wb["Payback"]._charts and wb["Breakdown"]._charts  # native Excel charts
    assert wb["Cash flow"]._charts and len(wb["Breakdown"]._charts) == 2  # + costs by kind


def test_every_summary_figure_equals_summary_json(book):
    wb, summary = book
    assert_summary_sheet_equals(wb["Summary"], summary)


def assert_summary_sheet_equals(ws, summary) -> None:
    """Every figure of the Summary sheet ``ws`` equals the one summary.json holds."""
    checked = 0
    for label, value, _se, where in ws.iter_rows(min_row=2, max_col=4, values_only=True):
        if where is None:
            continue
        if where == "1 - prob_roi_positive":
            expected = 1 - summary["prob_roi_positive"]
        else:
            expected = summary_value(summary, where)
        if expected is None:
            assert value is None, (label, where)
        else:
            assert value == pytest.approx(expected, rel=1e-12, abs=0), (label, where)
        checked += 1
    assert checked >= 20
    fmt = {
        ws.cell(row=r, column=4).value: ws.cell(row=r, column=2).number_format for r in range(2, 40)
    }
    assert fmt["prob_roi_positive"] == "0.0%"
    assert "元" in fmt["metrics.npv.p50"] or summary["currency"] in fmt["metrics.npv.p50"]


def test_percentiles_sheet_holds_the_metrics(book):
    wb, summary = book
    ws = wb["Percentiles"]
    header = [c.value for c in ws[1]]
    first = [c.value for c in ws[2]]
    roi = summary["metrics"]["roi"]
    assert first[header.index("p50")] == pytest.approx(roi["p50"])
    assert math.isclose(first[header.index("mean")], roi["mean"])


def test_cash_flow_sheet_equals_summary_json(book):
    wb, summary = book
    fan = summary["cash_flow"]
    rows = list(wb["Cash flow"].iter_rows(min_row=2, max_col=5, values_only=True))
    table = [r for r in rows if isinstance(r[1], float)]
    assert [r[0] for r in table] == fan["months"]
    for j, key in enumerate(("p10", "p50", "p90", "mean"), start=1):
        assert [r[j] for r in table] == pytest.approx(fan[key], rel=1e-15, abs=0)  # unrounded
    assert (
        "元" in wb["Cash flow"]["C2"].number_format or "USD" in wb["Cash flow"]["C2"].number_format
    )


def test_breakdown_sheet_holds_the_cost_parts(book):
    wb, summary = book
    values = {
        r[0]: r[1]
        for r in wb["Breakdown"].iter_rows(min_row=2, max_col=2, values_only=True)
        if r[0] is not None
    }
    from simroi.report.i18n import text

    lang = "zh" if "元" in wb["Cash flow"]["C2"].number_format else "en"
    for kind, mean in summary["cost_breakdown_mean"].items():
        assert values[text(f"cost_{kind}", lang)] == pytest.approx(mean, rel=1e-15, abs=0)
