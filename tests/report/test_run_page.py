"""The run report's page defects of issue 19, each pinned without looking at an image.

The inputs table speaks in words (labels and units, no keys, no unused defaults, every
yearly schedule); the page's charts keep every text inside their figure (the SVG's
y-label inside its viewBox); page one fits one A4 page, no table row is split by a page
break, and every printed page has its number and the footer; the workbook stores the
inputs, their distributions' parameters and a goal seek's figures as numbers.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import ROOT, has_weasyprint
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import simroi
from simroi.cli import main
from simroi.report.documents.build import write_reports
from simroi.report.documents.inputs import input_rows, source_notes, unused
from simroi.report.plots.svg import to_svg
from simroi.report.views import run
from simroi.runs.readback import read_run_dir

TEMPLATES = sorted(p.stem for p in (ROOT / "configs").glob("*.yaml"))
KEY = re.compile(r"[A-Za-z]+_[A-Za-z_]+|\b(?:baseline|drivers|costs|risks|adoption)\.")


def _rows(template: str, lang: str):
    path = ROOT / "configs" / f"{template}.yaml"
    scn = simroi.load_scenario(path)
    notes = source_notes(str(path), scn.sha256)
    return scn.resolved, input_rows(scn.resolved, lang, notes)


# --------------------------------------------------------------------------- inputs in words


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_inputs_are_words_with_units_and_no_unused_defaults(template, lang):
    resolved, rows = _rows(template, lang)
    assert rows
    for r in rows:
        assert not KEY.search(r.label), r.label  # "data_migration", "cost_multiplier"
        assert not KEY.search(r.words), r.words
        assert r.note or not unused(r.path, r.value, resolved), r  # "Seat risk adjustment 0"
        if r.unit in ("months", "hours") and not isinstance(r.value, list):
            assert re.search(r"\d (mo|h|个月|小时)\b", r.words + " "), r.words  # with its unit
    paths = {r.path for r in rows}
    assert not any(p.endswith(("seat_risk_adjustment", "learning_risk_adjustment")) for p in paths)


def test_a_yearly_case_shows_its_schedules_and_not_its_zero_baseline():
    _, rows = _rows("tei", "en")
    words = {r.label: r.words for r in rows}
    assert words["Yearly cost: subscription and internal effort"].startswith("year 1: 667k USD")
    assert "Benefit: total quantified benefits (yearly)" in words
    assert not any(r.path.startswith(("baseline.", "drivers.", "adoption.")) for r in rows)


def test_the_html_inputs_table_shows_no_key(en_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(en_run, folder)
    (page,) = write_reports(folder, ["html"], lang="en")
    html = page.read_text(encoding="utf-8")
    table = html[html.index('<section id="inputs">') : html.index('<section id="reproduce">')]
    shown = re.sub(r"<[^>]+>", " ", table)  # the visible text (a key may be a tooltip)
    assert "One-time cost: data migration" in shown and "16 h" in shown
    assert not KEY.search(shown.replace("source_note", "")), KEY.search(shown)
    assert "Seat risk adjustment" not in shown and "Risk adoption stalls: extra cost" not in shown


# --------------------------------------------------------------------------- charts never cut


def _page_figures(folder: Path, lang: str, page: bool = True) -> dict:
    folder = read_run_dir(folder)
    scenario = folder.manifest["scenario"]
    risks = [f"risks.{r['name']}" for r in scenario.get("risks") or []]
    samples = folder.columns("roi", "payback_month", *risks)
    return run.figures(folder.summary, samples, lang=lang, page=page)


def _outside(fig) -> list[str]:
    """The texts drawn (tick labels in the view only) that leave the figure."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ticks, drawn = set(), set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks |= {id(t.label1) for t in axis.get_major_ticks() + axis.get_minor_ticks()}
            drawn |= {id(t.label1) for t in axis._update_ticks()}
    frame, out = fig.bbox, []
    for t in fig.findobj(Text):
        if not (t.get_visible() and t.get_text().strip()) or (id(t) in ticks - drawn):
            continue
        box = t.get_window_extent(renderer)
        if box.x0 < frame.x0 - 1 or box.x1 > frame.x1 + 1 or box.y0 < -1 or box.y1 > frame.y1 + 1:
            out.append(t.get_text())
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_text_of_the_page_and_folder_charts_lies_inside_its_figure(en_run, lang):
    """The histogram's footnote and legend (with a risk hump) were cut on the page."""
    for page in (True, False):
        for name, fig in _page_figures(en_run, lang, page).items():
            assert not _outside(fig), (name, page, _outside(fig))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_histogram_with_a_risk_hump_and_long_tails_keeps_its_note_and_legend(lang):
    """smb's case at 20,000 iterations: a 15 % risk hump and tails on both sides make a
    footnote wider than half a page and a legend entry that is a sentence."""
    from simroi.report import plots
    from simroi.report.plots.svg import report_axes

    rng = np.random.default_rng(1)
    n = 20_000
    event = rng.random(n) < 0.15
    roi = np.where(event, rng.normal(1.6, 0.35, n), rng.normal(4.2, 0.8, n))
    roi[:60], roi[60:120] = rng.uniform(-2.0, 0.4, 60), rng.uniform(7.0, 9.0, 60)
    fig = plots.roi_histogram(roi, p10=1.8, p50=4.1, p90=5.2, title="ROI", lang=lang,
                              ax=report_axes(), events={"Risk event: adoption stalls": event},
                              se=0.01)  # fmt: skip
    assert not _outside(fig), _outside(fig)
    ax = fig.axes[0]
    note = next(t for t in ax.texts if t.get_gid() == "simroi-note")
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= note.get_window_extent().y0  # the legend under the whole note


def test_the_svg_y_labels_lie_inside_the_view_box(en_run):
    for name, fig in _page_figures(en_run, "en").items():
        svg = to_svg(fig, name)
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"',
                                                     svg).groups())  # fmt: skip
        for size, x, y, words in re.findall(
            r'font-size: ([\d.]+)px[^>]*x="([\d.]+)" y="([\d.]+)" '
            r'transform="rotate\(-90[^>]*>([^<]+)',
            svg,
        ):
            size, x, y = float(size), float(x), float(y)
            half = 0.6 * size * len(words.strip()) / 2  # a wide font's half length
            assert x >= 0.8 * size and x <= width, (name, words)  # its ascent is inside
            assert half <= y <= height - half, (name, words, y, height)


# --------------------------------------------------------------------------- the printed pages


def _layout(html: Path):
    """Per element id, the pages it is on; and the body rows printed on more than one page."""
    import weasyprint

    doc = weasyprint.HTML(filename=str(html)).render()
    ids: dict[str, set[int]] = {}
    rows: dict[int, set[int]] = {}

    def walk(box, page: int) -> None:
        element = getattr(box, "element", None)
        if element is not None:
            if element.get("id"):
                ids.setdefault(element.get("id"), set()).add(page)
            if element.tag == "tr" and any(c.tag == "td" for c in element):
                rows.setdefault(id(element), set()).add(page)
        for child in getattr(box, "children", None) or ():
            walk(child, page)

    for i, page in enumerate(doc.pages):
        walk(page._page_box, i)
    return ids, sum(len(pages) > 1 for pages in rows.values()), len(doc.pages)


@pytest.mark.skipif(not has_weasyprint(), reason="weasyprint is not installed")
@pytest.mark.parametrize(("template", "lang"), [("smb", "en"), ("manufacturer", "zh")])
def test_page_one_fits_one_a4_page_and_no_row_is_split(template, lang, reported, tmp_path):
    """manufacturer has the tallest page one (60 months: eleven payback rows)."""
    folder = tmp_path / "run"
    shutil.copytree(reported(template), folder)
    (page,) = write_reports(folder, ["html"], lang=lang)
    ids, split, pages = _layout(page)
    assert ids["summary"] == {0}  # page one, the CFO's, on one page
    assert min(ids["breakdown"]) == 1  # and the rest follows on the next
    assert split == 0
    assert pages >= 2


def test_printed_pages_carry_their_number_and_the_footer(en_run, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(en_run, folder)
    (page,) = write_reports(folder, ["html"], lang="en")
    html = page.read_text(encoding="utf-8")
    assert 'content: counter(page) " / " counter(pages)' in html
    name = read_run_dir(folder).summary["scenario"]
    footer = re.search(r"@bottom-left \{ content: \"([^\"]*)\"", html).group(1)
    assert footer.startswith(name.replace("-", "-")) and "simroi" in footer
    assert "break-inside: avoid" in html  # a row is never split by a page break


# --------------------------------------------------------------------------- numbers in Excel


def test_the_workbook_inputs_are_numbers_in_their_unit(en_run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "run"
    shutil.copytree(en_run, folder)
    (path,) = write_reports(folder, ["xlsx"], lang="en")
    ws = openpyxl.load_workbook(path)["Inputs"]
    heads = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2) if r[0].value}
    value, lo, mode, hi = (heads.index(h) for h in ("Value", "Min / low", "Most likely",
                                                    "Max / high"))  # fmt: skip
    seats = rows["Seats"]
    assert seats[value].value == 10 and not isinstance(seats[value].value, str)
    deal = rows["Average deal value"]
    assert deal[value].value == 5000 and "USD" in deal[value].number_format
    lift = rows["Conversion lift"]
    assert (lift[lo].value, lift[mode].value, lift[hi].value) == (0.3, 0.75, 0.9)
    assert lift[mode].number_format.endswith("%")
    for r in rows.values():  # only the label, the family and the words are text
        numbers = [c.value for j, c in enumerate(r) if j in range(value, value + 9) and j != 2]
        assert not any(isinstance(v, str) for v in numbers), r[0].value


def test_a_goal_seeks_figures_are_numbers_in_the_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "seek"
    args = ["breakeven", str(ROOT / "configs" / "manufacturer.yaml"), "--input",
            "drivers.conversion_lift", "--target", "P(npv>0)>=0.9", "-n", "500", "--seed", "1",
            "-o", str(out), "--report", "xlsx"]  # fmt: skip
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out / "report.xlsx")["breakeven"]
    cells = {row[0].value: row[1] for row in ws.iter_rows() if row[1].value is not None}
    figures = {k: c for k, c in cells.items() if k and not str(k).startswith("Break")}
    assert len(figures) == 4
    for label, cell in figures.items():
        assert isinstance(cell.value, float), (label, cell.value)
        assert cell.number_format.endswith("%"), (label, cell.number_format)


# --------------------------------------------------------------------------- speed, same output


def test_html_and_xlsx_written_together_build_the_document_once(en_run, tmp_path, monkeypatch):
    from simroi.report.documents import document

    folder = tmp_path / "run"
    shutil.copytree(en_run, folder)
    calls = []
    real = document._build
    monkeypatch.setattr(document, "_build", lambda f, lang: calls.append(lang) or real(f, lang))
    write_reports(folder, ["html", "xlsx"], lang="en")
    assert calls == ["en"]
    openpyxl = pytest.importorskip("openpyxl")
    info = [r[0].value for r in openpyxl.load_workbook(folder / "report.xlsx")["Run info"].rows]
    assert info.count("Samples (one row per iteration)") == 1  # the shared Document unchanged
    assert "Samples (one row" not in (folder / "report.html").read_text(encoding="utf-8")


def test_a_chart_that_measured_last_is_saved_as_it_was_laid_out(en_run):
    """A settled chart is not laid out again when saved: its axes stay where the
    layout put them (within a pixel of a fresh layout)."""
    from simroi.report.plots._style import settled_layout

    fig = _page_figures(en_run, "en")["breakdown"]
    assert getattr(fig, "_simroi_settled", False)
    ax = fig.axes[0]
    measured = ax.get_position().bounds
    with settled_layout(fig):
        assert fig.get_layout_engine().__class__.__name__ == "PlaceHolderLayoutEngine"
        svg = to_svg(fig, "breakdown")
    assert "<svg" in svg
    fresh = _page_figures(en_run, "en")["breakdown"]
    fresh.get_layout_engine().execute(fresh)
    width = fig.get_figwidth() * 72
    for a, b in zip(measured, fresh.axes[0].get_position().bounds, strict=True):
        assert abs(a - b) * width < 1.0
