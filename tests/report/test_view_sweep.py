"""simroi sweep's and batch's view: one row per variant."""

from test_view_run import full, render

from simroi.report.views.sweep import table


def test_a_sweep_of_files_whose_payback_months_leave_out_the_horizon():
    """batch smb.yaml tei.yaml raised KeyError '36': tei's payback_months stop at 24."""
    s = full()
    s["payback"] = {"prob_within_months": {"24": 0.7}, "p50_months": 12, "prob_never": 0.25}
    data = dict.fromkeys(("scenario", "currency", "iterations", "sampler")) | {"seed": 1}
    data |= {"variants": [{"name": "tei.yaml", "overrides": {}, "summary": s}], "varied": []}
    text = render(table(data), width=200)
    assert "P(payback≤36)" in text and "75.0 %" in text  # 1 - P(never)
