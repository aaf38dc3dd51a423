"""The charts of each command, saved into a run folder."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np
import pandas as pd

from simroi.report import charts


def test_write_run_plots_saves_four_pngs(tmp_path):
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
    paths = charts.write_run_plots(tmp_path, samples=samples, summary=summary)
    names = ["roi_histogram.png", "roi_cdf.png", "payback.png", "breakdown.png", "cash_flow.png"]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
