"""Sectioned reports (sweep, batch, reforecast) and a run's, in en and zh: written, their
figures equal to the command's JSON, numbers stored as numbers, no English on a zh page one."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, has_weasyprint
from pages import (
    english_words,
    keyed_cells,
    lookup,
    page_one,
    pdf_page_one,
    pdf_page_text,
    written_folders,
)

from simroi.cli import main
from simroi.report.documents.compose import report_of
from simroi.report.documents.xlsx_report import sheet_names
from simroi.runs.readback import read_run_dir

SMB, MAKER = str(ROOT / "configs" / "smb.yaml"), str(ROOT / "configs" / "manufacturer.yaml")
EXPORTS = ROOT / "tests" / "data" / "exports"
KINDS = ("sweep", "named", "batch", "reforecast")
FORMATS = "html,xlsx,pdf" if has_weasyprint() else "html,xlsx"
SWEEP_FILE = """variants:
  - name: '=HYPERLINK("http://x","click")'
    overrides: {costs.seats: 10}
  - name: base
    overrides: {}
"""


def command(kind: str, out: Path, lang: str) -> list[str]:
    tail = ["-n", "300", "--seed", "3", "-o", str(out), "--report", FORMATS, "--lang", lang]
    if kind == "sweep":
        return ["sweep", SMB, "--vary", "costs.seats=10,20,40", *tail]
    if kind == "named":
        (out.parent / "sweep.yaml").write_text(SWEEP_FILE, encoding="utf-8")
        return ["sweep", SMB, "--file", str(out.parent / "sweep.yaml"), *tail]
    if kind == "batch":
        return ["batch", SMB, MAKER, *tail]
    return ["reforecast", str(EXPORTS / "golive.yaml"), "--actuals",
            str(EXPORTS / "golive_kpis.csv"), "--go-live", "2025-01-01", *tail]  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return written_folders(tmp_path_factory, command)


def result(path: Path) -> dict:
    return read_run_dir(path).result


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_format_is_written(folder, kind, lang):
    out = folder(kind, lang)
    for fmt in FORMATS.split(","):
        path = out / f"report.{fmt}"
        assert path.stat().st_size > 1000
    assert (out / "report.html").read_text("utf-8").count("<section") >= 2


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_keyed_figure_equals_the_json(folder, kind, lang):
    out = folder(kind, lang)
    html, data = (out / "report.html").read_text("utf-8"), result(out)
    cells = keyed_cells(html)
    assert len(cells) >= 6
    for c in cells:
        assert float(c["value"]) == pytest.approx(lookup(data, c["key"]), rel=0, abs=0), c


def test_each_batch_row_has_its_own_currency_horizon_and_payback(folder):
    """The 60-month manufacturer's P(payback ≤ 36) is its own, not P(payback ≤ 60)."""
    out = folder("batch", "en")
    data, report = result(out), report_of(read_run_dir(out), "en")
    table = report.sections[0].tables[0]
    heads = list(table.columns)
    maker = next(r for r in table.rows if r[0].text == "manufacturer.yaml")
    s = next(v for v in data["variants"] if v["name"].endswith("manufacturer.yaml"))["summary"]
    assert maker[heads.index("Currency")].text == "EUR"
    assert maker[heads.index("Horizon")].value == 60
    payback = maker[heads.index("P(payback ≤ 36 months)")]
    assert payback.value == s["payback"]["prob_within_months"]["36"]
    assert payback.value != 1 - s["payback"]["prob_never"]
    npv = maker[heads.index("NPV mean")]
    assert npv.unit == "EUR" and npv.text.endswith("EUR")
    files = report.sections[0].tables[1]
    assert [r[1].text for r in files.rows] == [v["summary"]["scenario"] for v in data["variants"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_workbook_stores_numbers_with_formats_by_kind(folder, kind, lang):
    openpyxl = pytest.importorskip("openpyxl")
    out = folder(kind, lang)
    report = report_of(read_run_dir(out), lang)
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == sheet_names(report.sections, lang)
    for name, section in zip(book.sheetnames, report.sections, strict=True):
        ws = book[name]
        assert ws.page_setup.paperSize == 9 and ws.sheet_properties.pageSetUpPr.fitToPage
        found = {(c.row, c.column): c for row in ws.iter_rows() for c in row if c.value is not None}
        for table in section.tables:
            head = next(r for r, c in found if found[r, c].value == table.columns[-1])
            for i, cells in enumerate(table.rows, start=head + 1):
                for j, cell in enumerate(cells, start=1):
                    got = ws.cell(i, j)
                    if cell.kind == "text" or not isinstance(cell.value, int | float):
                        assert got.value == cell.text and isinstance(got.value, str)
                        continue
                    assert isinstance(got.value, int | float) and not isinstance(got.value, bool)
                    assert math.isclose(got.value, cell.value)
                    fmt = got.number_format
                    if cell.kind == "probability" and cell.text[:1] in "<>":
                        assert fmt == f'"{cell.text}"'  # a bound, never "100.0 %"
                    elif cell.kind in ("probability", "percent"):
                        assert fmt == "0.0%"
                    elif cell.kind == "money":  # in zh, 万 from 1万 on (343 reads 343 元)
                        wan = lang == "zh" and abs(cell.value) >= 10_000
                        assert ("万" in fmt) == wan and '"' in fmt


def test_a_name_starting_with_equals_stays_text(folder):
    openpyxl = pytest.importorskip("openpyxl")
    out = folder("named", "en")
    ws = openpyxl.load_workbook(out / "report.xlsx").worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert '=HYPERLINK("http://x","click")' in values
    cell = next(c for row in ws.iter_rows() for c in row if c.value == values[values.index(
        '=HYPERLINK("http://x","click")')])  # fmt: skip
    assert cell.data_type == "s"
    assert "&lt;" not in (out / "report.html").read_text("utf-8")[:0]  # html escapes by jinja


@pytest.mark.parametrize("kind", KINDS)
def test_a_chinese_page_one_has_no_english_words(folder, kind):
    out = folder(kind, "zh")
    data, manifest = result(out), read_run_dir(out).manifest
    names = [data.get("scenario") or "", (manifest.get("scenario") or {}).get("scenario", {}).get(
        "name", "") if manifest.get("scenario") else ""]  # fmt: skip
    names += [v.get("name", "") for v in data.get("variants", [])]
    names += [v["summary"]["scenario"] for v in data.get("variants", [])]
    names += [v["summary"]["currency"] for v in data.get("variants", [])]
    text = page_one((out / "report.html").read_text("utf-8"))
    assert english_words(text, tuple(names)) == []


def test_the_checker_finds_english_words():
    assert english_words("收回成本的概率 ROI P50 is high", ()) == ["is", "high"]
    assert english_words("SMB professional 情景", ("SMB professional",)) == []


@pytest.mark.skipif(not has_weasyprint(), reason="WeasyPrint is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ("sweep", "batch", "reforecast"))
def test_pdf_page_one_holds_page_one(folder, kind, lang):
    """Every figure of page one's tables is on the PDF's first page: page one fits one page."""
    report, missing, text, squeezed = pdf_page_one(folder(kind, lang), lang)
    assert report.sections[0].tables and missing == []
    if report.headline:
        assert "".join(report.headline.split())[:15] in squeezed
    assert "/" in text.split()[-1] or "1 / " in text  # page / pages in the margin


def test_stress_has_sections_now_and_makes_its_report(tmp_path):
    # (stress was the kind without sections, refused before running; h19words gave it one)
    r = CliRunner().invoke(main, ["stress", SMB, "-n", "100", "-o", str(tmp_path / "s"),
                                  "--report", "html", "--no-plots"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s" / "report.html").exists()


def test_the_run_json_names_the_folder(folder):
    """run.json is read for the title and footer; the JSON figures stay those of the command."""
    out = folder("sweep", "en")
    html = (out / "report.html").read_text("utf-8")
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    name = manifest["scenario"]["scenario"]["name"]
    assert name in page_one(html) and manifest["created_utc"][:10] in html


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_run_folder_keeps_its_one_pager_in_every_format(tmp_path, lang):
    """A run's report is still the CFO Document (compose dispatches only sectioned kinds)."""
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["run", SMB, "-n", "300", "--seed", "3", "--no-plots", "-o",
                                  str(out), "--report", FORMATS, "--lang", lang])  # fmt: skip
    assert r.exit_code == 0, r.output
    html = (out / "report.html").read_text("utf-8")
    assert 'id="key-figures"' in html and "kind-run" not in html
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.worksheets[0]["B2"].data_type == "n"
    if "pdf" in FORMATS and pdf_page_text(out / "report.pdf") is not None:
        from test_pdf import assert_page_one_figures

        assert_page_one_figures(out / "report.pdf", summary, lang)


def test_the_reforecast_page_draws_the_fan_after_page_one(tmp_path):
    from simroi.runs.layout import Chart

    out = tmp_path / "rf"
    args = ["reforecast", str(EXPORTS / "golive.yaml"), "--actuals",
            str(EXPORTS / "golive_kpis.csv"), "--go-live", "2025-01-01", "-n", "600",
            "--seed", "2", "-o", str(out), "--no-plots"]  # fmt: skip
    assert CliRunner().invoke(main, args).exit_code == 0
    report = report_of(read_run_dir(out), "zh")
    assert Chart.reforecast_fan not in report.sections[0].charts
    assert [s.charts for s in report.sections if s.charts] == [(Chart.reforecast_fan,)]
