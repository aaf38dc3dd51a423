"""compare and sensitivity reports rendered, in en and zh: every format written, every keyed
figure of the page equal to the JSON, no English on a zh page one beyond names and units,
and page one whole on the PDF's first page."""

from __future__ import annotations

import math

import pytest
from conftest import ROOT, has_weasyprint
from pages import english_words, keyed_cells, page_one, pdf_page_one, written_folders
from test_compare_sensitivity_sections import resolve

from simroi.runs.readback import read_run_dir

FORMATS = "html,xlsx,pdf" if has_weasyprint() else "html,xlsx"
ARGS = {
    "compare": ["compare", str(ROOT / "configs" / "vendors.yaml"), "-n", "2000"],
    "sensitivity": ["sensitivity", str(ROOT / "configs" / "manufacturer.yaml"), "-n", "1500",
                    "--sobol-n", "64"],
}  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return written_folders(
        tmp_path_factory,
        lambda kind, out, lang: [*ARGS[kind], "--seed", "4", "-o", str(out), "--report", FORMATS,
                                 "--lang", lang],
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["compare", "sensitivity"])
def test_written_and_every_keyed_figure_is_the_json(folder, kind, lang):
    out = folder(kind, lang)
    assert {f"report.{f}" for f in FORMATS.split(",")} <= {p.name for p in out.iterdir()}
    data = read_run_dir(out).result
    cells = keyed_cells((out / "report.html").read_text("utf-8"))
    assert len(cells) > 20
    for cell in cells:
        want = resolve(data, cell["key"])
        if isinstance(want, (int, float)) and cell["value"] is not None:
            assert math.isclose(float(cell["value"]), want, rel_tol=1e-9, abs_tol=1e-12), cell


@pytest.mark.parametrize("kind", ["compare", "sensitivity"])
def test_a_chinese_page_one_has_no_english_beyond_names(folder, kind):
    out = folder(kind, "zh")
    folder_ = read_run_dir(out)
    scenario = folder_.manifest["scenario"]
    names = [scenario["scenario"]["name"], "Spearman", "Sobol", "KS"]
    names += [v["name"] for v in (folder_.result.get("vendors") or [])]
    names += [r["name"] for r in scenario.get("risks") or []]
    names += [*((scenario.get("costs") or {}).get("one_time") or {})]
    names += [b["name"] for b in scenario.get("custom_benefits") or []]
    text = page_one((out / "report.html").read_text("utf-8"))
    assert english_words(text, tuple(names)) == []


@pytest.mark.skipif(not has_weasyprint(), reason="WeasyPrint is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", ["compare", "sensitivity"])
def test_pdf_page_one_holds_page_one(folder, kind, lang):
    report, missing, text, squeezed = pdf_page_one(folder(kind, lang), lang)
    assert missing == []
    first = report.sections[0]
    for sentence in first.sentences:  # the words page one says, all on page one
        assert "".join(sentence.split())[-12:] in squeezed
    assert "".join(report.headline.split())[:15] in squeezed
