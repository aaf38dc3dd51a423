"""Charts: every function returns a labelled Figure, draws on a given Axes, survives bad data."""

import os
import subprocess
import sys

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure
from matplotlib.text import Text

from simroi.report import plots
from simroi.report.plots._values import _Ticks
from simroi.report.text.numbers import compact_money, compact_prob

TORNADO_ROWS = [
    {
        "input": "drivers.conversion_lift",
        "low_value": 0.13,
        "high_value": 0.24,
        "output_low": 1.0,
        "output_high": 2.0,
        "swing": 1.0,
    },
    {
        "input": "risks.adoption stalls",
        "low_value": 0.0,
        "high_value": 1.0,
        "output_low": 1.5,
        "output_high": 0.2,
        "swing": 1.3,
    },
    {
        "input": "costs.seats",
        "low_value": 20.0,
        "high_value": 30.0,
        "output_low": 1.6,
        "output_high": 1.4,
        "swing": 0.2,
    },
]


def _draw(name: str, data: np.ndarray, ax=None) -> Figure:
    """Call chart ``name`` with ``data`` standing in for every array it takes."""
    finite = data[np.isfinite(data)]
    p = np.percentile(finite, [10, 50, 90]) if finite.size else [np.nan] * 3
    k = max(data.size, 1)
    if name == "roi_histogram":
        return plots.roi_histogram(data, p10=p[0], p50=p[1], p90=p[2], ax=ax)
    if name == "roi_cdf":
        return plots.roi_cdf(
            data, prob_positive=float(np.mean(finite > 0)) if finite.size else None, ax=ax
        )
    if name == "payback_curve":
        months = np.arange(1, k + 1)
        return plots.payback_curve(months, np.clip(np.abs(data), 0, 1), horizon=k, ax=ax)
    if name == "breakdown":
        means = {"conversion": data[0] if data.size else 0.0, "deal_size": 0.0, "custom": 1.0}
        return plots.breakdown(means, float(finite.sum()), currency="EUR", ax=ax)
    if name == "tornado":
        rows = [{**TORNADO_ROWS[0], "output_low": v, "output_high": v, "swing": 0.0} for v in data]
        return plots.tornado(rows, base=1.0, metric="npv", currency="EUR", ax=ax)
    if name == "spider":
        table = pd.DataFrame({"a": data, "b": data * 2}, index=np.linspace(0.05, 0.95, data.size))
        return plots.spider(table, metric="roi", base=float(p[1]), ax=ax)
    if name == "sobol":
        table = pd.DataFrame(
            {"S1": data, "S1_conf": data / 10, "ST": data, "ST_conf": data / 10},
            index=[f"x{i}" for i in range(data.size)],
        )
        return plots.sobol(table, ax=ax)
    if name == "compare_cdf":
        return plots.compare_cdf({"A": data, "B": data + 1}, metric="npv", currency="EUR", ax=ax)
    if name == "compare_risk_return":
        points = [
            {"name": "A", "mean": p[1], "p10": p[0], "prob_loss": 0.1},
            {"name": "B", "mean": p[2], "p10": p[1], "prob_loss": 0.0},
        ]
        return plots.compare_risk_return(points, metric="roi", ax=ax)
    if name == "paired_difference":
        return plots.paired_difference(data, a="A", b="B", metric="npv", currency="EUR", ax=ax)
    if name == "cash_flow_fan":
        months = np.arange(data.size)
        return plots.cash_flow_fan(
            months, data - 1, data, data + 1, currency="EUR", iterations_used=5, iterations=9, ax=ax
        )
    if name == "cost_breakdown":
        costs = {"one_time": data[0] if data.size else 0.0, "recurring": float(finite.sum())}
        return plots.cost_breakdown({**costs, "learning": 0.0, "risk": 1.0}, currency="EUR", ax=ax)
    raise AssertionError(name)


CHARTS = list(plots.__all__)
DATA = {  # NaN and inf ride along in the first two: they must be dropped, never drawn
    "spread": np.r_[np.random.default_rng(0).normal(0.5, 1.0, 300), np.nan, np.inf],
    "constant": np.r_[np.full(40, 4.0), np.nan],
    "one_row": np.array([0.7]),
}


def _render(fig: Figure) -> None:
    fig.draw_without_rendering()  # layout, ticks and text are resolved only when drawn


def test_every_public_chart_is_exercised():
    assert sorted(CHARTS) == sorted(
        [
            "roi_histogram",
            "roi_cdf",
            "payback_curve",
            "breakdown",
            "cash_flow_fan",
            "cost_breakdown",
            "tornado",
            "spider",
            "sobol",
            "compare_cdf",
            "compare_risk_return",
            "paired_difference",
        ]
    )


@pytest.mark.parametrize("name", CHARTS)
def test_returns_labelled_figure(name):
    fig = _draw(name, DATA["spread"])
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert ax.get_title(loc="left")
    assert ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("name", CHARTS)
def test_draws_on_given_axes(name):
    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert _draw(name, DATA["spread"], ax=right) is fig
    assert right.patches or right.lines or right.collections
    assert not (left.patches or left.lines or left.collections)


@pytest.mark.parametrize("case", DATA)
@pytest.mark.parametrize("name", CHARTS)
def test_draws_without_warning(name, case):
    _render(_draw(name, DATA[case]))  # no exception, no warning (warnings are errors)


@pytest.mark.parametrize("name", ["roi_histogram", "roi_cdf", "compare_cdf", "paired_difference"])
def test_all_nan_says_so(name):
    fig = _draw(name, np.full(3, np.nan))
    _render(fig)
    assert any("No finite" in t.get_text() for t in fig.findobj(Text))


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


def _top_to_bottom(ax) -> list[str]:
    return [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]


def test_histogram_marks_percentiles_and_loss():
    roi = np.linspace(-1.0, 3.0, 401)
    fig = plots.roi_histogram(roi, p10=-0.6, p50=1.0, p90=2.6)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Loss (ROI < 0)", "P10 = -60 %", "P50 = 100 %", "P90 = 260 %"]
    assert {"P10", "P50", "P90"} <= set(_texts(fig))


def test_equal_percentiles_share_one_line():
    fig = plots.roi_histogram(np.full(5, 4.0), p10=4.0, p50=4.0, p90=4.0)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["P10 = P50 = P90 = 400 %"]


def test_cdf_states_probability_of_gain():
    roi = np.r_[np.full(17, -0.5), np.full(83, 1.0)]
    assert "P(ROI > 0) = 83 %" in _texts(plots.roi_cdf(roi, prob_positive=0.83))
    assert "P(ROI > 0) > 99 %" in _texts(plots.roi_cdf(roi + 2, prob_positive=1.0))


def test_payback_marks_12_months_and_median():
    months = np.arange(1, 25)
    prob = np.clip(months / 20, 0, 0.9)
    texts = "\n".join(_texts(plots.payback_curve(months, prob, horizon=24)))
    assert "P(payback ≤ 12 months) = 60 %" in texts
    assert "Median payback: month 10" in texts
    assert "P(no payback within 24 months) = 10 %" in texts


def test_payback_median_beyond_horizon():
    texts = "\n".join(_texts(plots.payback_curve([1, 2, 3], [0.1, 0.2, 0.3], horizon=3)))
    assert "Median payback: beyond month 3" in texts


def test_breakdown_names_streams_and_lists_missing_ones():
    means = {"conversion": 620e3, "deal_size": 0.0, "churn": 380e3, "custom": 0.0}
    texts = _texts(plots.breakdown(means, 540e3, currency="CNY"))
    labels = [
        t.get_text()
        for t in plots.breakdown(means, 540e3, currency="CNY").axes[0].get_yticklabels()
    ]
    assert labels == ["Total cost", "Total benefit", "Lower churn", "Higher conversion"]
    assert {"620k CNY", "1M CNY", "540k CNY"} <= set(texts)
    assert "No benefit modelled: Larger deals, Custom benefits" in texts


def test_tornado_orders_by_swing_and_labels_bar_ends():
    fig = plots.tornado(pd.DataFrame(TORNADO_ROWS), base=1.5, metric="roi")
    ax = fig.axes[0]
    # inputs named for people, bar ends in the input's unit (a lift in %), not raw fractions
    assert _top_to_bottom(ax) == ["Risk event: adoption stalls", "Conversion lift", "Seats"]
    assert {"13 %", "24 %", "no", "yes", "20", "30"} <= set(_texts(fig))
    assert ax.get_xlabel() == "ROI (%)"
    assert "Base case = 150 %" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_tornado_keeps_largest_rows():
    rows = [{**TORNADO_ROWS[0], "input": f"x{i}", "swing": float(i)} for i in range(20)]
    fig = plots.tornado(rows, base=1.5, metric="npv", max_rows=5)
    assert _top_to_bottom(fig.axes[0]) == ["x19", "x18", "x17", "x16", "x15"]
    assert "5 largest of 20 inputs" in _texts(fig)


def test_spider_draws_one_line_per_input_and_base():
    table = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 2.0, 2.0]}, index=[0.1, 0.5, 0.9])
    ax = plots.spider(table, metric="npv", base=2.0, currency="USD").axes[0]
    assert [line.get_label() for line in ax.lines] == ["a", "b", "Base case = 2 USD"]
    assert ax.get_xlabel() == "Input percentile (%)" and ax.get_ylabel() == "NPV (USD)"


def test_sobol_grouped_bars_with_error_bars():
    table = pd.DataFrame(
        {"S1": [0.2, 0.6], "S1_conf": [0.01, np.nan], "ST": [0.3, 0.7], "ST_conf": [0.02, 0.03]},
        index=["b", "a"],
    )
    ax = plots.sobol(table).axes[0]
    assert len(ax.patches) == 4
    assert sum(isinstance(c, ErrorbarContainer) for c in ax.containers) == 2
    assert _top_to_bottom(ax) == ["a", "b"]


def test_compare_charts_label_every_vendor():
    values = {"Vendor A": np.array([-1.0, 1.0, 2.0, 3.0]), "Vendor B": np.array([1.0, 2.0])}
    legend = plots.compare_cdf(values, metric="npv", currency="USD").axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:2] == ["Vendor A  (P(NPV > 0) = 75 %)", "Vendor B  (P(NPV > 0) > 50 %)"]
    points = [
        {"name": "Vendor A", "mean": 2.0, "p10": -0.5, "prob_loss": 0.25},
        {"name": "Vendor B", "mean": 1.5, "p10": 1.1},
    ]
    texts = _texts(plots.compare_risk_return(points, metric="roi"))
    assert "Vendor A\nP(ROI < 0) = 25 %" in texts and "Vendor B" in texts  # the metric named


def test_risk_return_labels_hide_no_label_and_no_point():
    points = [  # configs/vendors.yaml, and a vendor exactly like one of them
        {"name": "Domestic ERP-integrated suite", "mean": 515e3, "p10": 38e3, "prob_loss": 0.08},
        {"name": "Low-code suite", "mean": 346e3, "p10": -18e3, "prob_loss": 0.12},
        {"name": "Low-code suite, copy", "mean": 346e3, "p10": -18e3, "prob_loss": 0.12},
        {"name": "Global enterprise CRM", "mean": -691e3, "p10": -1239e3, "prob_loss": 0.94},
    ]
    fig = plots.compare_risk_return(points, metric="npv", currency="CNY")
    _render(fig)
    ax = fig.axes[0]
    boxes = [t.get_window_extent() for t in ax.texts if "P(NPV < 0)" in t.get_text()]
    centres = ax.transData.transform([(p["p10"], p["mean"]) for p in points])
    assert len(boxes) == 4
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert not any(box.contains(x, y) for box in boxes for x, y in centres)
    frame = ax.get_window_extent()
    assert all(frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1) for box in boxes)


def test_paired_difference_reports_probability_a_better():
    diff = np.array([-1.0, 1.0, 2.0, 3.0])
    fig = plots.paired_difference(diff, a="A", b="B", metric="npv", currency="USD")
    assert "P(A better) = 75 %" in fig.axes[0].get_title(loc="left")
    assert "P(A > B) = 75 %" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1_234_567, "1.23M CNY"),
        (999_999, "1M CNY"),
        (45_000, "45k CNY"),
        (-120_400, "-120k CNY"),
        (950, "950 CNY"),
        (0, "0 CNY"),
        (2.5e9, "2.5B CNY"),
    ],
)
def test_fmt_money(value, expected):
    assert compact_money(value, "CNY") == expected


@pytest.mark.parametrize(
    ("p", "n", "expected"),
    [
        (0.834, None, "= 83 %"),
        (0.999, None, "= 99.9 %"),
        (0.0004, None, "= 0.04 %"),
        (1.0, 20000, "> 99.995 %"),
        (0.0, 100, "< 1 %"),
        (1.0, 40, "> 97 %"),
        (0.0, 3, "< 34 %"),
        (1.0, None, "= 100 %"),
        (np.nan, None, "= n/a"),
    ],
)
def test_fmt_prob_never_rounds_to_certainty(p, n, expected):
    assert compact_prob(p, n) == expected


@pytest.mark.parametrize(
    ("kind", "locs", "expected"),
    [
        ("money", [0, 250e3, 500e3, 1.25e6], ["0", "0.25M", "0.50M", "1.25M"]),
        ("money", [0, 20e3, 40e3], ["0", "20k", "40k"]),
        ("percent", [0, 2.0, 4.0, 12.0], ["0 %", "200 %", "400 %", "1,200 %"]),
        ("percent", [0.1, 0.125, 0.15], ["10.0 %", "12.5 %", "15.0 %"]),
        ("plain", [1000, 2000], ["1,000", "2,000"]),
    ],
)
def test_tick_labels(kind, locs, expected):
    ticks = _Ticks(kind)
    ticks.set_locs(locs)
    assert [ticks(x) for x in locs] == expected


def test_cli_and_report_load_matplotlib_only_to_draw():
    modules = "simroi.cli, simroi.runs.jsonfiles, simroi.report.figures"
    code = f"import sys, {modules}; print('matplotlib' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


# --------------------------------------------------------------------------- names are text

HOSTILE = [
    "Cost $\\frac{ 50$",
    "a $x^$ b",
    ("Cost $\\frac{ 50$ a $x^$ b <b>&amp; %s {x} 中文 " * 10)[:300],  # long and full of markup
]


def _named(chart: str, name: str, ax=None) -> Figure:
    """Chart ``chart`` with ``name`` everywhere a user's name goes: title, legend, ticks, labels."""
    rng = np.random.default_rng(1)
    roi = np.r_[rng.normal(3.0, 0.5, 850), rng.normal(0.5, 0.3, 150)]
    occurred = np.r_[np.zeros(850, bool), np.ones(150, bool)]  # an event with a hump of its own
    title = f"ROI distribution\n{name}"
    if chart == "roi_histogram":
        return plots.roi_histogram(
            roi, p10=1.0, p50=3.0, p90=3.6, title=title, events={name: occurred}, ax=ax
        )
    if chart == "tornado":
        rows = [
            {**r, "input": f"risks.{name}"} if i == 1 else r for i, r in enumerate(TORNADO_ROWS)
        ]
        return plots.tornado(rows, base=1.0, metric="npv", currency="EUR", title=title, ax=ax)
    if chart == "spider":
        table = pd.DataFrame({f"risks.{name}": roi[:5], "a": roi[5:10]}, index=np.arange(5) / 5)
        return plots.spider(table, metric="roi", base=3.0, title=title, ax=ax)
    if chart == "compare_cdf":
        return plots.compare_cdf(
            {name: roi, f"B {name}": roi + 1}, metric="npv", title=title, ax=ax
        )
    if chart == "compare_risk_return":
        points = [
            {"name": name, "mean": 3.0, "p10": 1.0, "prob_loss": 0.1},
            {"name": f"B {name}", "mean": 2.0, "p10": 1.5, "prob_loss": 0.0},
        ]
        return plots.compare_risk_return(points, metric="roi", ax=ax)
    if chart == "paired_difference":
        return plots.paired_difference(roi - 1, a=name, b=f"B {name}", metric="npv", ax=ax)
    raise AssertionError(chart)


NAMED = ["roi_histogram", "tornado", "spider", "compare_cdf", "compare_risk_return",
         "paired_difference"]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("chart", NAMED)
def test_names_are_text_in_png_and_svg(chart, name):
    """Issue 17 F6/F9: "$" in a name is a dollar sign, never mathtext (which crashed the run
    after its simulation); a 300-character name leaves the axes their room (no warning)."""
    import io

    from simroi.report.plots.svg import report_axes, to_svg

    fig = _named(chart, name)
    fig.savefig(io.BytesIO(), format="png")  # no exception, no warning (warnings are errors)
    shown = [t for t in fig.findobj(Text) if "$" in t.get_text()]
    assert shown and not any(t.get_parse_math() for t in shown)
    svg = to_svg(_named(chart, name, ax=report_axes()).figure, chart)
    assert "$\\frac{ 50$" in svg or "$x^$" in svg  # drawn as the characters they are


@pytest.mark.parametrize("chart", NAMED)
def test_a_long_name_is_cut_and_the_axes_keep_their_room(chart):
    fig = _named(chart, HOSTILE[2])
    _render(fig)
    (ax,) = fig.axes
    assert ax.get_position().height > 0.3 and ax.get_position().width > 0.3
    for t in fig.findobj(Text):
        assert all(len(line) <= 130 for line in t.get_text().split("\n")), t.get_text()


@pytest.mark.parametrize("command", ["run", "compare"])
def test_a_run_with_markup_in_every_name_writes_its_charts_and_reports(tmp_path, command):
    """The review's case: `run … --report html,xlsx,pdf` with such names, through the CLI
    (a leaked warning fails the test: warnings are errors)."""
    from click.testing import CliRunner
    from conftest import ROOT, has_weasyprint

    from simroi.cli import main

    src = (ROOT / "configs" / "vendors.yaml").read_text()
    edits = {
        "name: Vendor comparison - industrial distributor": f'name: "{HOSTILE[2]}"',
        "  - name: Low-code suite": f'  - name: "{HOSTILE[0]}"',
        "  - name: Global enterprise CRM": f'  - name: "{HOSTILE[1]}"',
        "adoption stalls": "stalls $x^$ " + "and stays stalled " * 12,
    }
    for old, new in edits.items():
        src = src.replace(old, new.replace("\\", "\\\\"))
    (tmp_path / "s.yaml").write_text(src)
    formats = "html,xlsx,pdf" if has_weasyprint() else "html,xlsx"
    out = tmp_path / "out"
    args = [command, str(tmp_path / "s.yaml"), "-n", "400", "--seed", "5", "-o", str(out)]
    r = CliRunner().invoke(main, [*args, "--report", formats])
    assert r.exit_code == 0, r.output
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) >= 3 and all(p.read_bytes()[:4] == b"\x89PNG" for p in pngs)
    assert "a $x^$ b" in (out / "report.html").read_text()  # text, as written


def test_bin_counts_are_numpys_histogram():
    # The histogram's counts without numpy's block sorts: the same counts, edges included.
    from simroi.report.plots._distribution import bin_counts

    rng = np.random.default_rng(7)
    width = 0.1
    edges = -0.3 + width * np.arange(13)  # as _histogram builds them: not numpy's linspace
    cases = [
        rng.normal(0.2, 0.4, 100_000),
        np.r_[edges, edges[-1], edges[0] - 1e-12, edges[-1] + 1e-12],  # on and just outside
        np.round(rng.normal(0, 0.3, 10_000), 1),  # many values on the edges
        np.array([]),
    ]
    for data in cases:
        assert bin_counts(data, edges).tolist() == np.histogram(data, edges)[0].tolist()
    one = np.array([0.5 - 0.05, 0.5 + 0.05])  # every value equal: one narrow bin
    assert bin_counts(np.full(9, 0.5), one).tolist() == [9]
