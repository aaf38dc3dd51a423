"""The board-pack defects of the walk-through, each pinned on the Figure's artists and extents."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pytest
from matplotlib.text import Text

from simroi.report import plots

LONG = "B2B machinery manufacturer - dealer portal and CRM with ERP integration"
ROWS = [
    {
        "input": "drivers.conversion_lift",
        "low_value": 0.427,
        "high_value": 0.655,
        "output_low": 0.0472,
        "output_high": 0.09,
        "swing": 0.043,
    },
    {
        "input": "costs.one_time.implementation",
        "low_value": 16_127.0,
        "high_value": 30_000.0,
        "output_low": 0.08,
        "output_high": 0.05,
        "swing": 0.03,
    },
    {
        "input": "custom_benefits.dealer portal orders handled without the inside sales team"
        ".monthly",
        "low_value": 1000.0,
        "high_value": 5000.0,
        "output_low": 0.06,
        "output_high": 0.075,
        "swing": 0.015,
    },
]


def drawn(fig):
    fig.draw_without_rendering()
    return fig


def texts(fig):
    """Titles, labels, legend entries and annotations (tick labels outside the view excluded)."""
    ticks = {id(t) for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()}
    found = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    kept = [t for t in found if id(t) not in ticks]
    for ax in fig.axes:
        kept += [t for t in ax.get_yticklabels() if t.get_text()]
    return kept


def inside(box, frame, tol=1.0):
    return (
        box.x0 >= frame.x0 - tol
        and box.x1 <= frame.x1 + tol
        and box.y0 >= frame.y0 - tol
        and box.y1 <= frame.y1 + tol
    )


def test_tornado_title_and_legend_are_not_cut():
    fig = drawn(
        plots.tornado(ROWS, base=0.07, metric="roi", title=f"Tornado: what moves ROI\n{LONG}")
    )
    frame = fig.bbox
    for t in texts(fig):
        assert inside(t.get_window_extent(), frame), t.get_text()
    legend = fig.axes[0].get_legend()
    assert inside(legend.get_window_extent(), frame)


def test_sobol_title_is_not_cut():
    import pandas as pd

    table = pd.DataFrame(
        {"S1": [0.5, 0.2], "S1_conf": [0.05, 0.05], "ST": [0.6, 0.3], "ST_conf": [0.05, 0.05]},
        index=[ROWS[2]["input"], "drivers.conversion_lift"],
    )
    fig = drawn(plots.sobol(table, title=f"Sobol indices of NPV\n{LONG}"))
    for t in texts(fig):
        assert inside(t.get_window_extent(), fig.bbox), t.get_text()


def test_tornado_bar_end_labels_stay_off_the_tick_labels():
    fig = drawn(plots.tornado(ROWS, base=0.07, metric="roi"))
    ax = fig.axes[0]
    frame = ax.get_window_extent()
    ends = [t for t in ax.texts if t.get_text().endswith(("%", "USD", "k"))]
    assert ends
    for t in ends:
        assert inside(t.get_window_extent(), frame), t.get_text()
    ticks = [t.get_window_extent() for t in ax.get_yticklabels() if t.get_text()]
    assert not any(e.get_window_extent().overlaps(b) for e in ends for b in ticks)


def test_tornado_speaks_in_labels_and_units():
    fig = plots.tornado(ROWS, base=0.07, metric="roi", currency="USD")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert "Conversion lift" in labels and "One-time cost: implementation" in labels
    words = {t.get_text() for t in texts(fig)}
    assert {"42.7 %", "65.5 %", "16.1k USD"} <= words
    assert not any("drivers." in w or "costs." in w for w in words)
    payback = plots.tornado(ROWS, base=10, metric="payback_month")
    assert payback.axes[0].get_xlabel() == "Payback month"


def test_payback_annotation_stays_under_the_title_and_the_stats_hide_no_curve():
    months = np.arange(1, 37)
    p = np.clip((months - 3) / 8, 0, 1) * 0.9996  # P(payback <= 12) = 99.96 %
    fig = drawn(plots.payback_curve(months, p, horizon=36, title="Time to payback\nA", n=20_000))
    ax = fig.axes[0]
    (note12,) = [t for t in ax.texts if "12 months" in t.get_text()]
    assert note12.get_window_extent().y1 <= ax.get_window_extent().y1
    (stats,) = [t for t in ax.texts if "Median payback" in t.get_text()]
    assert stats.get_window_extent().y1 <= ax.get_window_extent().y0  # under the axes


def test_charts_never_print_certainty():
    months = np.arange(1, 37)
    fig = plots.payback_curve(months, np.ones(36), horizon=36, n=20_000)
    words = " ".join(t.get_text() for t in texts(fig))
    assert "= 100 %" not in words and "= 0 %" not in words
    assert "> 99.995 %" in words and "< 0.005 %" in words  # bounds at 1/N


def test_a_clipped_histogram_names_the_downside_and_its_worst_value():
    rng = np.random.default_rng(1)
    roi = np.r_[rng.normal(1.0, 0.3, 5000), [-0.64]]  # one bad tail value
    fig = plots.roi_histogram(roi, p10=0.6, p50=1.0, p90=1.4)
    words = " ".join(t.get_text() for t in texts(fig))
    assert "downside" in words and "worst -64 %" in words


def test_one_iteration_is_singular():
    fig = plots.roi_histogram(np.array([0.5]), p10=0.5, p50=0.5, p90=0.5)
    assert fig.axes[0].get_ylabel() == "Share of 1 iteration (%)"


@pytest.mark.parametrize("lang", ["zh"])
def test_chinese_chart_has_no_english_and_amounts_in_wan(lang):
    fig = drawn(
        plots.breakdown(
            {"conversion": 188_000, "churn": 279_000},
            114_000,
            currency="CNY",
            lang=lang,
            title="收益",
        )
    )
    words = [t.get_text() for t in texts(fig)]
    assert "18.8 万元" in words and "11.4 万元" in words
    latin = {w for w in words if any("a" <= c.lower() <= "z" for c in w)}
    assert not latin, latin
