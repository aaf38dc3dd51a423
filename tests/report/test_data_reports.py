"""The data commands' folders and reports (evaluate, baseline, fit, scorecard), in en and zh:
written in every format, their figures equal to the command's JSON, numbers stored as
numbers, no English on a zh page one, the PDF's first page holding page one, the page
rendered by Chromium cleanly; written only when asked for, nothing written on bad input."""

from __future__ import annotations

import json
import math
import re
import shutil
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
    sections_text,
    written_folders,
)

from simroi.cli import main
from simroi.report.documents.compose import report_of
from simroi.report.documents.xlsx_report import sheet_names
from simroi.runs.readback import read_run_dir

EXPORTS = ROOT / "tests" / "data" / "exports"
GOLIVE, SMB = EXPORTS / "golive.yaml", ROOT / "configs" / "smb.yaml"
KINDS = ("evaluate", "baseline", "fit", "fit-mean", "scorecard", "scorecard-forecast")
FORMATS = "html,xlsx,pdf" if has_weasyprint() else "html,xlsx"


def command(kind: str) -> list[str]:
    """The command of ``kind`` (its folder and reports are added by the caller)."""
    if kind == "evaluate":
        return ["evaluate", str(GOLIVE), "--actuals", str(EXPORTS / "golive_deals.csv"),
                "--go-live", "2025-01-01", "-n", "1500", "--replicates", "300"]  # fmt: skip
    if kind == "baseline":
        return ["baseline", str(EXPORTS / "deals.csv"), "--customers",
                str(EXPORTS / "customers.csv"), "--replicates", "300"]  # fmt: skip
    if kind == "fit":
        return ["fit", str(EXPORTS / "deals.csv"), "--column", "Amount"]
    if kind == "fit-mean":
        return ["fit", str(EXPORTS / "deals.csv"), "--for", "baseline.avg_deal_value",
                "--replicates", "300"]  # fmt: skip
    if kind == "scorecard":
        return ["scorecard", str(EXPORTS / "card.yaml"), "--config", str(SMB), "-n", "1000",
                "--seed", "3"]  # fmt: skip
    return ["scorecard", "--config", str(SMB), "-n", "1000", "--seed", "3"]


def folder_option(kind: str) -> str:
    return "--output-dir" if kind == "baseline" else "-o"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return written_folders(
        tmp_path_factory,
        lambda kind, out, lang: [*command(kind), folder_option(kind), str(out), "--report",
                                 FORMATS, "--lang", lang],
    )  # fmt: skip


def names_of(out: Path) -> tuple[str, ...]:
    """What a page writes as it is: the scenario's and the data's names, families' acronyms."""
    data, manifest = read_run_dir(out).result, read_run_dir(out).manifest
    scenario = ((manifest.get("scenario") or {}).get("scenario")) or {}
    names = [scenario.get("name", ""), data.get("scenario") or "", data.get("currency") or "",
             str(data.get("column") or ""), (data.get("forecast") or {}).get("scenario", ""),
             "PERT"]  # fmt: skip
    names += [Path(f["source"]).name for f in manifest.get("data_files", ())]
    return tuple(names)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_format_is_written_with_the_folders_files(folder, kind, lang):
    out = folder(kind, lang)
    for fmt in FORMATS.split(","):
        assert (out / f"report.{fmt}").stat().st_size > 1000
    name = kind.split("-")[0]
    assert (out / f"{name}.json").is_file() and (out / "run.json").is_file()
    charts = {"evaluate": "evaluate.png", "fit": "fit.png", "scorecard": "scorecard_bands.png"}
    if name in charts:
        assert (out / charts[name]).stat().st_size > 10_000
    if name == "baseline":
        fragment = (out / "baseline.yaml").read_text("utf-8")
        assert fragment == read_run_dir(out).result["fragment"] and "\nbaseline:\n" in fragment
    assert read_run_dir(out).kind == name


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_keyed_figure_equals_the_json(folder, kind, lang):
    out = folder(kind, lang)
    html, data = (out / "report.html").read_text("utf-8"), read_run_dir(out).result
    cells = [c for c in keyed_cells(html) if c["value"] is not None]
    assert len(cells) >= 5
    for c in cells:
        assert float(c["value"]) == pytest.approx(lookup(data, c["key"]), rel=0, abs=0), c


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_workbook_stores_numbers_not_text(folder, kind, lang):
    openpyxl = pytest.importorskip("openpyxl")
    out = folder(kind, lang)
    report = report_of(read_run_dir(out), lang)
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == sheet_names(report.sections, lang)
    numbers = 0
    for name, section in zip(book.sheetnames, report.sections, strict=True):
        ws = book[name]
        head = 0
        for table in section.tables:  # its header: the row holding every column's name
            head = next(
                r
                for r in range(head + 1, ws.max_row + 1)
                if all(ws.cell(r, j).value == c for j, c in enumerate(table.columns, start=1) if c)
            )
            for i, cells in enumerate(table.rows, start=head + 1):
                for j, cell in enumerate(cells, start=1):
                    if cell.kind == "text" or not isinstance(cell.value, int | float):
                        continue
                    got = ws.cell(i, j).value
                    assert isinstance(got, int | float) and not isinstance(got, bool), (i, j)
                    assert math.isclose(got, cell.value)
                    numbers += 1
    assert numbers >= 5


@pytest.mark.parametrize("kind", KINDS)
def test_a_chinese_page_one_has_no_english_words(folder, kind):
    out = folder(kind, "zh")
    text = page_one((out / "report.html").read_text("utf-8"))
    assert english_words(text, names_of(out)) == []
    assert re.search(r"[\u4e00-\u9fff]", text)


@pytest.mark.parametrize("kind", KINDS)
def test_the_headline_is_the_views_and_names_the_json_figures(folder, kind):
    """Page one's headline carries the command's headline figures (spot checks by kind)."""
    out = folder(kind, "en")
    data, html = read_run_dir(out).result, (out / "report.html").read_text("utf-8")
    headline = re.search(r'id="headline">([^<]*)<', html).group(1)
    if kind == "evaluate":
        k = round(100 * data["percentile_in_forecast"])
        assert f"{k}" in headline and f"{data['months_observed']} months" in headline
    elif kind == "baseline":
        assert f"{data['counts']['deals']:,}" in headline
    elif kind.startswith("fit"):
        assert f"{data['n']:,}" in headline
    elif kind == "scorecard":
        assert f"scores {data['scorecard']['score']} out of 100" in headline
    else:
        assert "likeliest band" in headline


@pytest.mark.skipif(not has_weasyprint(), reason="WeasyPrint is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_page_one_holds_page_one(folder, kind, lang):
    report, missing, text, squeezed = pdf_page_one(folder(kind, lang), lang)
    assert report.sections[0].tables and missing == []
    assert "".join(report.headline.split())[:15] in squeezed


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ("evaluate", "baseline", "fit-mean", "scorecard"))
def test_chromium_renders_the_page_without_console_errors_or_missing_glyphs(
    folder, kind, lang, tmp_path
):
    pytest.importorskip("fontTools")
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    from test_browser import _covered, _font_files, console_lines, screenshot

    html = folder(kind, lang) / "report.html"
    log = screenshot(html, tmp_path / "page.png", tmp_path / "profile")
    assert not console_lines(log), console_lines(log)
    text = html.read_text("utf-8")
    css = re.search(r"html \{ font-family: (.*?);", text, flags=re.S).group(1)
    covered = _covered(_font_files([f.strip().strip('"') for f in css.split(",")]))
    shown = " ".join(sections_text(text)) + " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", text))
    missing = sorted({ch for ch in shown if not ch.isspace() and ord(ch) not in covered})
    assert not missing, missing


# --------------------------------------------------------------------------- the folder


def test_simroi_report_renders_a_folder_written_without_reports(tmp_path):
    out = tmp_path / "ev"
    r = CliRunner().invoke(main, [*command("evaluate"), "-o", str(out), "--no-plots"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "evaluate.json", "run.json"]  # fmt: skip
    r = CliRunner().invoke(main, ["report", str(out), "--format", "html,xlsx", "--lang", "zh"])
    assert r.exit_code == 0, r.output
    html = (out / "report.html").read_text("utf-8")
    assert "上线后成效评估" in html and "<svg" in html  # the chart drawn from evaluate.json


def test_without_a_folder_option_nothing_is_written(tmp_path, monkeypatch):
    """As before: the data commands print; baseline -o FILE writes the fragment alone."""
    monkeypatch.chdir(tmp_path)
    for kind in ("evaluate", "fit", "scorecard"):
        r = CliRunner().invoke(main, command(kind))
        assert r.exit_code == 0, r.output
        assert "Written to" not in r.output
    r = CliRunner().invoke(main, [*command("baseline"), "-o", "b.yaml"])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml"]
    assert "\nbaseline:\n" in (tmp_path / "b.yaml").read_text("utf-8")


def test_report_alone_makes_a_new_folder_under_outputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, [*command("fit"), "--report", "html", "--no-plots"])
    assert r.exit_code == 0, r.output
    (made,) = (tmp_path / "outputs" / "deals").iterdir()
    assert made.name.endswith("-fit") and (made / "report.html").is_file()
    assert f"Written to {Path('outputs') / 'deals' / made.name}/" in r.output


def test_json_prints_the_result_only_and_writes_the_folder(tmp_path):
    out = tmp_path / "sc"
    r = CliRunner().invoke(main, [*command("scorecard"), "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == json.loads((out / "scorecard.json").read_text("utf-8"))
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    assert [f["role"] for f in manifest["data_files"]] == ["card"]
    assert len(manifest["data_files"][0]["sha256"]) == 64


@pytest.mark.parametrize(
    "kind, bad, message",
    [
        ("evaluate", ["--report", "html,docx"], "unknown format 'docx'"),
        ("evaluate", ["--go-live", "2030-01-01", "--report", "html"], "each side needs"),
        ("baseline", ["--column", "nonsense=x", "--report", "html"], "unknown role"),
        ("fit", ["--column", "nope", "--report", "html"], "no such column"),
        ("scorecard", ["--set", "costs.seats=-3", "--report", "html"], "costs.seats"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, monkeypatch, kind, bad, message):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, [*command(kind), *bad, folder_option(kind), str(out)])
    assert r.exit_code == 2, r.output
    assert message in r.output and "Traceback" not in r.output
    assert not out.exists() and not (tmp_path / "outputs").exists()


def test_an_earlier_folder_is_kept_unless_force(folder, tmp_path):
    out = tmp_path / "bl"
    args = [*command("baseline"), "--output-dir", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0


def test_a_tampered_result_is_refused_by_simroi_report(folder, tmp_path):
    out = tmp_path / "ev"
    shutil.copytree(folder("evaluate", "en"), out)
    data = json.loads((out / "evaluate.json").read_text("utf-8"))
    data["lifts"]["conversion_lift"]["ci95"] = [0.1, 0.2, 0.3]
    data["percentile_in_forecast"] = 2
    (out / "evaluate.json").write_text(json.dumps(data), encoding="utf-8")
    r = CliRunner().invoke(main, ["report", str(out)])
    assert r.exit_code == 2
    assert "percentile_in_forecast: must be a finite number in [0, 1], got 2" in r.output
