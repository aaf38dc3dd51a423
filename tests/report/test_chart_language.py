"""The PNG charts of run, sensitivity and compare folders speak the report's language.

Image-free: the figures are caught before they are saved and their texts read.
"""

import re

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import ROOT

from simroi.cli import main
from simroi.report import figures as saved
from simroi.report.views.run import risk_events

# Proper names and symbols a Chinese chart may keep in Latin letters.
LATIN_OK = {"ROI", "NPV", "IRR", "CRM", "Sobol", "Spearman", "Excel"}  # names and units


@pytest.fixture
def caught(monkeypatch):
    """filename -> Figure of every chart a command saves (nothing is written; all are
    saved in this process, so that every one is caught here)."""
    import simroi.simulation.backends as backends

    figures = {}
    monkeypatch.setattr(backends, "available_cores", lambda: 1)

    def catch(fig, path):
        figures[path.name] = fig
        return path

    monkeypatch.setattr(saved, "save_figure", catch)
    return figures


def texts(fig) -> list[str]:
    from matplotlib.text import Text

    fig.draw_without_rendering()  # tick labels exist once drawn
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def english_words(fig, names=()) -> set[str]:
    words = set()
    for t in texts(fig):
        for name in names:
            t = t.replace(name, "")
        words |= set(re.findall(r"[A-Za-z]{3,}", t))
    return words - LATIN_OK


def invoke(*args):
    r = CliRunner().invoke(main, [*args, "--seed", "2"])
    assert r.exit_code == 0, r.output
    return r


def test_run_charts_follow_scenario_language(caught, tmp_path):
    invoke("run", str(ROOT / "configs" / "smb-zh.yaml"), "-n", "1500", "-o", str(tmp_path / "r"))
    assert set(caught) >= {"roi_histogram.png", "roi_cdf.png", "payback.png", "breakdown.png"}
    for name, fig in caught.items():
        assert not english_words(fig), (name, english_words(fig))
    assert fig_title(caught["roi_histogram.png"]).startswith("ROI 分布")
    assert "万" in " ".join(texts(caught["breakdown.png"]))


def test_lang_en_overrides_a_chinese_scenario(caught, tmp_path):
    invoke(
        "run", str(ROOT / "configs" / "smb-zh.yaml"), "-n", "500", "--lang", "en",
        "-o", str(tmp_path / "r"),
    )  # fmt: skip
    assert fig_title(caught["payback.png"]).startswith("Time to payback")
    assert "Months after signing" in texts(caught["payback.png"])


def test_sensitivity_charts_in_chinese(caught, tmp_path):
    invoke(
        "sensitivity", str(ROOT / "configs" / "smb-zh.yaml"), "-n", "600", "--sobol-n", "64",
        "-o", str(tmp_path / "s"),
    )  # fmt: skip
    # downside.png too when the run holds enough losses to rank drivers
    assert set(caught) - {"downside.png"} == {"tornado.png", "spider.png", "sobol.png", "spearman.png"}
    for name, fig in caught.items():
        assert not english_words(fig), (name, english_words(fig))


def test_compare_charts_in_chinese(caught, tmp_path):
    from simroi.scenario.config import load_scenario

    scn = load_scenario(ROOT / "configs" / "vendors.yaml")
    vendors = [name for name, _ in scn.vendors] + [scn.name]  # names; the title names it
    invoke(
        "compare", str(ROOT / "configs" / "vendors.yaml"), "-n", "600", "--lang", "zh",
        "-o", str(tmp_path / "c"),
    )  # fmt: skip
    assert set(caught) == {"compare_cdf.png", "compare_risk_return.png", "compare_difference.png"}
    for name, fig in caught.items():
        assert not english_words(fig, vendors), (name, english_words(fig, vendors))
    assert "越靠右上越好" in texts(caught["compare_risk_return.png"])


@pytest.mark.parametrize("command", ["stress", "voi"])  # breakeven: no input crosses in smb
def test_decision_charts_in_chinese(caught, tmp_path, command):
    """Words and money ticks in Chinese (the stress axis read 0.2M in a zh report)."""
    invoke(command, str(ROOT / "configs" / "smb-zh.yaml"), "-n", "800", "-o", str(tmp_path / "d"))
    assert set(caught) == {f"{command}.png"}
    for name, fig in caught.items():
        assert not english_words(fig), (name, english_words(fig))
    if command == "stress":
        ticks = [t.get_text() for t in caught["stress.png"].axes[0].get_xticklabels()]
        assert any(t.endswith("万") for t in ticks), ticks


def fig_title(fig) -> str:
    return fig.axes[0].get_title(loc="left")


# --------------------------------------------------------------------------- event humps


def mixture(n=20_000, p=0.15, seed=0):
    """ROI of a run where an event (chance p) halves the result: two humps."""
    rng = np.random.default_rng(seed)
    occurred = rng.random(n) < p
    roi = np.where(occurred, rng.normal(1.7, 0.25, n), rng.normal(4.2, 0.6, n))
    return roi, occurred


def hump_labels(fig):
    from matplotlib.text import Annotation

    return [t for t in fig.axes[0].findobj(Annotation) if "\n" in t.get_text()]


def test_an_event_that_makes_a_hump_is_named_there():
    from simroi.report import plots

    roi, occurred = mixture()
    fig = plots.roi_histogram(
        roi, p10=None, p50=None, p90=None, events={"Risk event: adoption stalls": occurred}
    )
    (label,) = hump_labels(fig)
    first, *rest = label.get_text().split("\n")  # its name, the share, the mean: short lines
    second = " · ".join(rest)
    assert first == "Risk event: adoption stalls" and len(rest) == 2
    share, mean = occurred.mean(), roi[occurred].mean()
    assert f"in {100 * share:.1f} % of iterations" in second  # SE 0.25 %: one decimal
    shown = float(re.search(r"mean ROI ([\d.]+) %", second).group(1))
    se = roi[occurred].std() / np.sqrt(occurred.sum()) * 100
    assert abs(shown - 100 * mean) <= max(se, 0.5)
    # it points at the hump: the event's mode, far left of the main one
    assert abs(label.xy[0] - np.median(roi[occurred])) < 0.3
    # the outline of the event's iterations is in the legend under the same name
    assert "Risk event: adoption stalls" in [t.get_text() for t in fig.axes[0].get_legend().texts]
    # inside the axes, clear of the P10/P50/P90 names at the top
    frame = fig.axes[0].get_window_extent()
    box = label.get_window_extent()
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and box.y1 <= frame.y1 - 15


def test_an_event_that_only_widens_the_histogram_is_not_labelled():
    from simroi.report import plots

    rng = np.random.default_rng(1)
    n = 20_000
    occurred = rng.random(n) < 0.3
    roi = rng.normal(0.5, 0.4, n) - 0.25 * occurred  # shifted less than its spread: no hump
    fig = plots.roi_histogram(roi, p10=None, p50=None, p90=None, events={"overrun": occurred})
    assert not hump_labels(fig)


def test_a_rare_event_is_not_labelled():
    from simroi.report import plots

    roi, occurred = mixture(n=20_000, p=0.01)
    fig = plots.roi_histogram(roi, p10=None, p50=None, p90=None, events={"rare": occurred})
    assert not hump_labels(fig)


def test_zh_hump_label_and_risk_events_from_samples():
    import pandas as pd

    from simroi.report import plots

    roi, occurred = mixture()
    frame = pd.DataFrame(
        {"roi": roi, "risks.推广停滞": occurred.astype(float), "risks.x.delay": roi}
    )
    events = risk_events(frame, "zh")
    assert list(events) == ["风险事件：推广停滞"]  # a risk's field is not an event
    fig = plots.roi_histogram(roi, p10=None, p50=None, p90=None, events=events, lang="zh")
    (label,) = hump_labels(fig)
    assert label.get_text().startswith("风险事件：推广停滞\n发生于 ")


def test_convergence_chart_in_chinese_keeps_probabilities_within_100_percent():
    from simroi.report.plots.convergence import convergence

    history = [
        {"iterations": 2000, "prob_roi_positive": 0.9995, "prob_roi_positive_se": 0.0005},
        {"iterations": 6000, "prob_roi_positive": 0.9998, "prob_roi_positive_se": 0.0002},
    ]
    fig = convergence(
        {"history": history, "stopped_by": "precision", "target": 0.005}, title="收敛", lang="zh"
    )
    assert not english_words(fig) - {"SE"}
    assert "停止：达到精度" in texts(fig)
    assert fig.axes[0].get_ylim()[1] <= 1.0
    (band,) = fig.axes[0].collections
    assert band.get_paths()[0].vertices[:, 1].max() <= 1.0


def test_html_report_histogram_names_the_risk_event_hump(zh_run):
    from simroi.report.documents.html import render_html
    from simroi.runs.readback import read_run_dir

    page = render_html(read_run_dir(zh_run), "zh")
    svg = page[page.index('aria-label="roi_histogram"') :]
    svg = svg[: svg.index("</svg>")]
    chart_text = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "风险事件：推广停滞" in chart_text  # the hump's label (and its legend entry)
    assert any(t.startswith("发生于 ") for t in chart_text)  # on lines of their own
    assert any(t.startswith("平均 ROI") for t in chart_text)
