"""The PDF: the HTML report printed; page one carries the CFO figures (read with pdftotext)."""

import json
import shutil
import subprocess

import pytest

from simroi.report.documents import cfo
from simroi.report.documents.build import write_reports

pytest.importorskip("weasyprint", exc_type=ImportError)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def page_one(pdf) -> str:
    out = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


@needs_pdftotext
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_page_one_has_the_same_figures(lang, en_run, zh_run):
    folder = en_run if lang == "en" else zh_run
    (pdf,) = write_reports(folder, ["pdf"], lang=lang)
    assert_page_one_figures(pdf, json.loads((folder / "summary.json").read_text()), lang)


def assert_page_one_figures(pdf, summary, lang) -> None:
    """Page one of ``pdf`` (pdftotext) shows the CFO figures of ``summary`` and its headline."""
    assert pdf.read_bytes().startswith(b"%PDF")
    text = page_one(pdf)
    figures = [r.text for r in cfo.key_rows(summary, lang)]
    figures += [c.text for _, _, cells in cfo.percentile_rows(summary, lang) for c in cells]
    figures += [r.text for r in cfo.payback_rows(summary, lang)]
    # pdftotext may drop a space in a narrow cell ("4%±1"): compared without spaces
    squeezed = "".join(text.split())
    missing = [f for f in figures if "".join(f.split()) not in squeezed]
    assert not missing, (missing, text[:600])
    assert " ".join(cfo.headline(summary, lang).split())[:20] in text


def test_missing_weasyprint_is_a_clear_error(monkeypatch, tmp_path):
    import builtins

    from simroi.errors import SimroiError
    from simroi.report.documents.pdf import write_pdf

    real = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(SimroiError, match=r"pip install 'simroi\[pdf\]'"):
        write_pdf("<p>x</p>", tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
