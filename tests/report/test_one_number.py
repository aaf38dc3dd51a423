"""The one number rule (issue 19): each walk-through item pinned."""

from __future__ import annotations

import pytest

from simroi.report.text.money import amount_to_error
from simroi.report.text.numbers import compact_prob, prob_to_error
from simroi.simulation.results import headline_month


def test_rounded_once_from_the_raw_value():
    # the vendors template's total investment: P10 1,134,633 and mean 1,224,619 CNY
    assert amount_to_error(1_134_633, 5_000, "en", "CNY") == "1.13M CNY"  # was 1.14M
    assert amount_to_error(1_134_633, 5_000, "zh", "CNY") == "113 万元"  # was 114 万元
    assert amount_to_error(1_224_619, 3_000, "en", "CNY") == "1.22M CNY"  # was 1.23M


def test_zeros_the_error_supports_are_kept():
    # "20 万元" beside "6.58 万元" and "25.8 万元": now three digits each
    pairs = ((200_400, 1_500), (65_812, 300), (258_000, 1_500))
    texts = [amount_to_error(x, se, "zh", "CNY") for x, se in pairs]
    assert texts == ["20.0 万元", "6.58 万元", "25.8 万元"]
    assert amount_to_error(200_400, 20_000, "zh", "CNY") == "20 万元"  # the error allows no more


@pytest.mark.parametrize("n", [1_000, 5_000, 20_000])
def test_terminal_and_charts_spell_a_bound_alike(n):
    assert prob_to_error(1.0, 0.0, n) == compact_prob(1.0, n)
    assert "1 − 1/" not in prob_to_error(1.0, 0.0, n)


def test_headline_month_default_and_choice():
    assert [headline_month(h) for h in (12, 24, 36, 60, 120)] == [12, 24, 24, 36, 36]
    assert headline_month(60, 12) == 12 and headline_month(24, 48) == 24


def test_headline_month_past_the_horizon_is_a_config_error(tmp_path):
    from simroi.errors import SimroiError
    from simroi.scenario.config import load_scenario

    path = tmp_path / "s.yaml"
    path.write_text(
        "scenario:\n  name: t\n  horizon_months: 24\n"
        "simulation:\n  headline_payback_month: 30\n"
        "costs:\n  one_time:\n    x: 1000\n",
        encoding="utf-8",
    )
    with pytest.raises(SimroiError, match="headline_payback_month.*horizon"):
        load_scenario(path)


def test_histogram_legend_reads_as_the_table():
    import numpy as np

    from simroi.report.plots import roi_histogram
    from simroi.report.text.numbers import percent_to_error

    roi = np.random.default_rng(1).normal(0.4, 0.4, 5_000)
    fig = roi_histogram(roi, p10=-0.0803, p50=0.402, p90=1.0, se=0.006)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert f"P10 = {percent_to_error(-0.0803, 0.006)}" in legend  # "-8.0 %", not "-8.03 %"
    assert "P10 = -8.0 %" in legend
