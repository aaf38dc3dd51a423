"""The HTML report: self-contained, page one is the CFO's page, Chinese without English labels."""

import json
import re
from html.parser import HTMLParser

import pytest

from simroi.errors import SimroiError
from simroi.report.documents.build import parse_formats, write_reports


class _Text(HTMLParser):
    """The visible text of one element (by id) of an HTML document, tags dropped."""

    def __init__(self, element_id: str):
        super().__init__()
        self.target, self.depth, self.parts = element_id, 0, []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == self.target:
            self.depth = 1
        if self.depth and tag in ("style", "title", "code"):
            self.skip += 1

    def handle_endtag(self, tag):
        if self.depth:
            if tag in ("style", "title", "code"):
                self.skip -= 1
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def visible_text(html: str, element_id: str) -> str:
    p = _Text(element_id)
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


@pytest.fixture(scope="module")
def en_html(en_run):
    (path,) = write_reports(en_run, ["html"])
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def zh_html(zh_run):
    (path,) = write_reports(zh_run, ["html"])
    return path.read_text("utf-8")


def test_the_report_is_one_self_contained_file(en_html):
    assert "<script" not in en_html.lower()
    assert "<link" not in en_html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", en_html)
    assert "@import" not in en_html and "url(http" not in en_html
    svgs = re.findall(r"<svg\b.*?</svg>", en_html, flags=re.S)
    assert len(svgs) >= 3
    assert all("<text" in svg for svg in svgs), "chart text must stay text"
    assert "<image" not in en_html  # no embedded bitmaps either


def test_page_one_has_the_cfo_figures_of_summary_json(en_run, en_html):
    s = json.loads((en_run / "summary.json").read_text())
    page = visible_text(en_html, "summary")
    assert re.search(
        r"Over \d+ months the CRM returns more than it costs in (more than )?[\d.]+ % of "
        r"simulated futures( \(± [\d.]+ pts\))? and loses money in (less than )?[\d.]+ %; "
        r"it pays for itself within 24 months",
        page,
    ), page[:400]
    for words in (
        "ROI > 0",
        "P10",
        "P50",
        "P90",
        "Total investment",
        "average of the worst 5 %",
        "Pays back within 12 months",
        "What drives the result most",
        "Cumulative cash flow",
        "IRR",
    ):
        assert words in page, words
    assert f"{s['metrics']['roi']['p50'] * 100:.0f} %" in page


def test_inputs_table_words_and_source_comments(en_html):
    inputs = visible_text(en_html, "inputs")
    assert "Conversion lift" in inputs
    assert "PERT: most likely 75 %, between 30 % and 90 %" in inputs
    assert "source document example: 20 % of leads become clients" in inputs
    repro = visible_text(en_html, "reproduce")
    assert "Seed" in repro and "SHA-256" in repro


def test_chinese_page_one_has_no_english_label_and_amounts_in_wan(zh_html):
    page = visible_text(zh_html, "summary")
    assert "万元" in page
    assert not re.search(r"\d(\.\d+)?[kM] ", page), "amounts must be in 万/亿"
    allowed = {"CRM", "ROI", "NPV", "IRR", "P10", "P50", "P90", "Excel", "Spearman"}
    latin = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", page)) - allowed
    assert not latin, latin


def test_unknown_format_is_an_error_naming_it():
    assert parse_formats("html, xlsx,html") == ("html", "xlsx")
    with pytest.raises(SimroiError, match="unknown format 'docx'"):
        parse_formats("html,docx")


def test_a_folder_without_results_is_an_error(tmp_path):
    with pytest.raises(SimroiError, match="holds none of summary.json, compare.json"):
        write_reports(tmp_path, ["html"])


def _svg(html: str, name: str) -> str:
    start = html.index(f'aria-label="{name}"')
    return html[start : html.index("</svg>", start)]


def _breakeven(summary: dict) -> int:
    fan = summary["cash_flow"]
    return next(m for m, v in zip(fan["months"], fan["p50"], strict=True) if v >= 0)


def test_page_one_has_the_cash_flow_fan_in_the_reports_language(en_html, zh_html, en_run, zh_run):
    for html, folder, title, note in (
        (
            en_html,
            en_run,
            "Cumulative cash flow: median and P10–P90 range",
            "Median turns positive in month {m}",
        ),
        (zh_html, zh_run, "累计现金流：中位数与 P10–P90 区间", "中位数在第 {m} 个月转正"),
    ):
        summary = json.loads((folder / "summary.json").read_text())
        page_one = html[: html.index('id="breakdown"')]
        assert 'aria-label="cash_fan"' in page_one
        svg = _svg(html, "cash_fan")
        assert title in svg
        assert note.format(m=_breakeven(summary)) in svg
    assert "Cumulative" not in _svg(zh_html, "cash_fan")  # no English left in the Chinese fan


def test_breakdown_has_the_cost_parts_table_and_chart(zh_html, zh_run):
    summary = json.loads((zh_run / "summary.json").read_text())
    keys = re.findall(r'data-key="(cost_[a-z_]+)"', zh_html)
    assert keys == [f"cost_{k}" for k in summary["cost_breakdown_mean"]]
    svg = _svg(zh_html, "cost_breakdown")
    assert "各类成本均值" in svg and "一次性成本" in svg


def test_a_folder_without_the_fan_says_so(en_run, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(en_run, old)
    summary = json.loads((old / "summary.json").read_text())
    del summary["cash_flow"], summary["cost_breakdown_mean"]  # a run from before the fan
    (old / "summary.json").write_text(json.dumps(summary))
    (path,) = write_reports(old, ["html"])
    html = path.read_text("utf-8")
    assert 'aria-label="cash_fan"' not in html and 'aria-label="cost_breakdown"' not in html
    assert "does not store monthly cash flows" in html
