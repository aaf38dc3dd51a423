"""The terminal one-pager: investment, IRR, plain words for the downside, 80 columns."""

import io

from rich.console import Console
from test_cfo import summary

from simroi.report.terminal import run_table


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
    text = render(run_table(full()))
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
    text = render(run_table(full(hurdle=hurdle)))
    assert "P(ROI > 15 %)" in text and "P(IRR > 15 %)" in text


def test_one_iteration_reads_as_what_happened():
    s = full(n=1)
    s["prob_roi_positive"], s["prob_npv_positive"] = 1.0, 1.0
    text = render(run_table(s))
    assert "1 iteration," in text and "1 iterations" not in text
    assert "1 − 1/1" not in text and "yes (1 iteration)" in text


def test_a_sweep_of_files_whose_payback_months_leave_out_the_horizon():
    """batch smb.yaml tei.yaml raised KeyError '36': tei's payback_months stop at 24."""
    from simroi.report.terminal import sweep_table

    s = full()
    s["payback"] = {"prob_within_months": {"24": 0.7}, "p50_months": 12, "prob_never": 0.25}
    data = dict.fromkeys(("scenario", "currency", "iterations", "sampler")) | {"seed": 1}
    data |= {"variants": [{"name": "tei.yaml", "overrides": {}, "summary": s}], "varied": []}
    text = render(sweep_table(data), width=200)
    assert "P(payback≤36)" in text and "75.0 %" in text  # 1 - P(never)
