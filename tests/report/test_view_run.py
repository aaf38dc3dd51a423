"""simroi run's view: the terminal one-pager (investment, IRR, plain words for the downside,
80 columns) and the charts of a run folder."""

import io

import numpy as np
import pandas as pd
from rich.console import Console
from test_cfo import summary

from simroi.report.figures import save_figures
from simroi.report.views.run import figures, table


def render(table, width=80) -> str:
    out = io.StringIO()
    Console(file=out, width=width, soft_wrap=True).print(table)
    return out.getvalue()


def full(n=10_000, **extra):
    s = summary(n=n, **extra)
    s.update(scenario="某贸易公司客户管理系统", sampler="lhs", seed=1)
    s["metrics"]["irr"] = {"p50": 0.91, "se_mean": 0.004, "mean": 1.0}
    s["metrics"]["roi"]["se_mean"] = 0.01
    return s


def test_one_pager_has_investment_irr_and_plain_words():
    text = render(table(full()))
    assert "Total investment P50 (USD)" in text and "Total investment P90 (USD)" in text
    assert "IRR P50 (yearly)" in text
    assert "ROI P50 (undiscounted)" in text
    assert "average of worst 5 %" in text
    assert "CVaR" not in text
    assert "10,000 iterations" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text  # nothing cut into ambiguity at 80 columns


def test_hurdle_probability_when_the_summary_has_it():
    hurdle = {"rate": 0.15, "prob_roi_above": 0.7, "prob_roi_above_se": 0.005}
    hurdle |= {"prob_irr_above": 0.6, "prob_irr_above_se": 0.005}
    text = render(table(full(hurdle=hurdle)))
    assert "P(ROI > 15 %)" in text and "P(IRR > 15 %)" in text


def test_one_iteration_reads_as_what_happened():
    s = full(n=1)
    s["prob_roi_positive"], s["prob_npv_positive"] = 1.0, 1.0
    text = render(table(s))
    assert "1 iteration," in text and "1 iterations" not in text
    assert "1 − 1/1" not in text and "yes (1 iteration)" in text


# --------------------------------------------------------------------------- charts


def test_a_run_folder_gets_its_charts(tmp_path):
    rng = np.random.default_rng(0)
    samples = pd.DataFrame(
        {
            "roi": rng.normal(1.0, 1.0, 200),
            "payback_month": np.r_[rng.integers(1, 24, 150), [np.nan] * 50],
        }
    )
    roi = {"p10": -0.3, "p50": 1.0, "p90": 2.3}
    summary = {
        "scenario": "Demo",
        "currency": "EUR",
        "horizon_months": 24,
        "iterations": 200,
        "prob_roi_positive": 0.84,
        "metrics": {"roi": roi, "total_cost": {"mean": 50_000.0}},
        "benefit_breakdown_mean": {"conversion": 60_000.0, "churn": 30_000.0, "custom": 0.0},
        "cash_flow": {
            "months": [0, 1, 2],
            "p10": [-9e3, -8e3, -7e3],
            "p50": [-9e3, -1e3, 2e3],
            "p90": [-9e3, 1e3, 8e3],
            "mean": [-9e3, -2e3, 1e3],
            "iterations_used": 200,
        },
    }
    paths = save_figures(tmp_path, figures(summary, samples))
    names = ["roi_histogram.png", "roi_cdf.png", "payback.png", "breakdown.png", "cash_flow.png"]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
