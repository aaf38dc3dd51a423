"""Helpers for reading a written report: page one's text, the English words of a Chinese
page, each table cell's key and raw value, a PDF page as text (any test may import them)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

# Words a Chinese page may hold: acronyms and units every reader knows, and simroi itself.
ALLOWED = frozenset(
    "ROI NPV IRR CRM CFO TCO P5 P10 P25 P50 P75 P90 P95 USD EUR CNY GBP HKD JPY RMB "
    "SHA simroi lhs sobol random UTC".lower().split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


class _Sections(HTMLParser):
    """The visible text of each <section> (not <style>), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[str]] = []
        self.depth, self.skip = 0, False
        self.cells: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.sections.append([])
            self.depth += 1
        elif tag == "style":
            self.skip = True
        a = dict(attrs)
        if tag in ("td", "th") and "data-key" in a:
            self.cells.append({"key": a["data-key"], "value": a.get("data-value"), "text": ""})
            self.in_cell = True

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1
        elif tag == "style":
            self.skip = False
        elif tag in ("td", "th"):
            self.in_cell = False

    def handle_data(self, data):
        if getattr(self, "in_cell", False):
            self.cells[-1]["text"] += data
        if self.depth and not self.skip:
            self.sections[-1].append(data)


def sections_text(html: str) -> list[str]:
    """The visible text of each section of a page, whitespace collapsed."""
    p = _Sections()
    p.feed(html)
    return [" ".join(" ".join(parts).split()) for parts in p.sections]


def page_one(html: str) -> str:
    """The visible text of page one (the first section: title, headline, its tables)."""
    return sections_text(html)[0]


def english_words(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """The English words in ``text`` beyond :data:`ALLOWED` and the words of ``names``
    (scenario and file names, which a page writes as they are)."""
    allowed = ALLOWED | {w.lower() for n in names for w in _WORD.findall(n)}
    return [w for w in _WORD.findall(text) if w.lower() not in allowed]


def keyed_cells(html: str) -> list[dict]:
    """Every table cell with a ``data-key``: {key, value (str or None), text}."""
    p = _Sections()
    p.feed(html)
    return p.cells


def lookup(data, key: str):
    """A dotted key of a JSON document (``variants.0.summary.prob_roi_positive``); a
    segment that names a dict key holding dots is matched whole (``inputs.drivers.x.mean``)."""
    node, parts = data, key.split(".")
    while parts:
        if isinstance(node, list):
            node, parts = node[int(parts[0])], parts[1:]
            continue
        for k in range(len(parts), 0, -1):
            head = ".".join(parts[:k])
            if head in node:
                node, parts = node[head], parts[k:]
                break
        else:
            raise KeyError(key)
    return node


def pdf_page_text(pdf, page: int = 1) -> str | None:
    """Page ``page`` of ``pdf`` as text (pdftotext), None when pdftotext is missing."""
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return " ".join(out.split())


def written_folders(tmp_path_factory, argv):
    """``get(kind, lang)``: the folder ``simroi`` writes with ``argv(kind, out, lang)``,
    made once per kind and language (the body of a module-scoped ``folder`` fixture)."""
    from click.testing import CliRunner

    from simroi.cli import main

    made: dict = {}

    def get(kind: str, lang: str):
        if (kind, lang) not in made:
            out = tmp_path_factory.mktemp(f"{kind}-{lang}") / "out"
            r = CliRunner().invoke(main, argv(kind, out, lang))
            assert r.exit_code == 0, r.output
            made[kind, lang] = out
        return made[kind, lang]

    return get


def pdf_page_one(out, lang: str):
    """(the folder's Report in ``lang``, the figures of page one's tables that report.pdf's
    first page lacks, that page's text, the same without white space); the test is
    skipped without pdftotext."""
    import pytest

    from simroi.report.documents.compose import report_of
    from simroi.runs.readback import read_run_dir

    text = pdf_page_text(out / "report.pdf")
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    report = report_of(read_run_dir(out), lang)
    squeezed = "".join(text.split())
    first = report.sections[0]
    figures = [c.text for t in first.tables for r in t.rows for c in r if c.kind != "text"]
    return report, [f for f in figures if "".join(f.split()) not in squeezed], text, squeezed
