"""The Excel workbook: its sheets, and Summary figures equal to summary.json when read back."""

import json
import math

import pytest

openpyxl = pytest.importorskip("openpyxl")

from click.testing import CliRunner  # noqa: E402
from conftest import ROOT  # noqa: E402

from simroi.cli import main  # noqa: E402
from simroi.report.documents.build import write_reports  # noqa: E402
from simroi.report.documents.document import summary_value  # noqa: E402


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
    from simroi.report.text.i18n import text

    lang = "zh" if "元" in wb["Cash flow"]["C2"].number_format else "en"
    for kind, mean in summary["cost_breakdown_mean"].items():
        assert values[text(f"cost_{kind}", lang)] == pytest.approx(mean, rel=1e-15, abs=0)


# --------------------------------------------------------------------------- names are text

HYPERLINK = '=HYPERLINK("http://localhost:8000/x","click")'
COST_NAMES = ("+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")


def hostile_vendors(tmp_path):
    """configs/vendors.yaml with the review's names: a vendor (the best one, so the compare
    headline starts with it) named as a formula, a source comment starting with '=', cost
    lines and a custom benefit named like formulas."""
    src = (ROOT / "configs" / "vendors.yaml").read_text()
    edits = {
        "  - name: Domestic ERP-integrated suite": f"  - name: '{HYPERLINK}'",
        "leads_per_month: 150              # assumption: qualified enquiries per month":
            'leads_per_month: 150              # =HYPERLINK("http://localhost:8000/y","c")',
        "    data_migration: 30000 ": "".join(f'    "{n}": 500\n' for n in COST_NAMES)
            + "    data_migration: 30000 ",
        "  - name: no double entry with ERP": "  - name: '=1+2'",
        "custom_benefits.no double entry with ERP.monthly": "custom_benefits.=1+2.monthly",
    }  # fmt: skip
    for old, new in edits.items():
        assert old in src, old
        src = src.replace(old, new)
    path = tmp_path / "evil.yaml"
    path.write_text(src)
    return path


def formulas_and_links(path) -> list:
    wb = openpyxl.load_workbook(path)
    return [
        (ws.title, c.coordinate, c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" or c.hyperlink is not None
    ]


@pytest.mark.parametrize("command", ["run", "compare"])
def test_names_like_formulas_are_text_in_every_sheet(tmp_path, command):
    scenario = hostile_vendors(tmp_path)
    out = tmp_path / command
    args = [command, str(scenario), "-n", "300", "--seed", "2", "-o", str(out), "--no-plots"]
    r = CliRunner().invoke(main, [*args, "--report", "xlsx"])
    assert r.exit_code == 0, r.output
    path = out / "report.xlsx"
    assert formulas_and_links(path) == []
    wb = openpyxl.load_workbook(path)
    cells = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    if command == "compare":  # page one's sheet: the vendor tables name it, as text
        names = {c.value: c.data_type for (c,) in wb["compare"].iter_rows(max_col=1)}
        assert names[HYPERLINK] == "s"
        headline = [v for v in cells if isinstance(v, str) and v.startswith(HYPERLINK + " is")]
        assert len(headline) == 1  # the headline names the best vendor, as text
    else:
        assert '=HYPERLINK("http://localhost:8000/y","c")' in cells  # the source column
        # the inputs' paths, as text (the benefit '=1+2' is 0 in the base: an unused default)
        assert {f"costs.one_time.{name}" for name in COST_NAMES} <= cells
