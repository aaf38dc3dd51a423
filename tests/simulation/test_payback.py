"""Payback: the first whole month, its linear interpolation, and the discounted month."""

import numpy as np
import pytest

from simroi.simulation.model import CashFlowModel


def flat_case(cost, monthly, horizon=36, rate=0.10):
    """A one-time cost at month 0 and an unramped benefit from month 1 (arrays allowed)."""
    model = CashFlowModel(
        horizon=horizon, discount_rate=rate, one_time=("c",), custom=(("b", False),)
    )
    return model({"costs.one_time.c": cost, "custom_benefits.b.monthly": np.atleast_1d(monthly)})


def test_exact_break_even_pays_back_in_month_12():
    out = flat_case(100_000.0, 100_000 / 12)
    assert out["payback_month"][0] == 12  # the running sum ends ~1e-11 below zero
    assert out["payback_months_exact"][0] == pytest.approx(12.0, abs=1e-9)


# Break-even exactly at month m for awkward amounts: cost = m x monthly, with monthly
# a number that binary floating point cannot hold (39 cases, as in the issue).
CASES = [
    (c, m)
    for c in (100_000.0, 12_345.67, 1e6 / 3, 7.0, 999_999.99)
    for m in (3, 7, 11, 12, 13, 17, 24, 29)
][:39]


@pytest.mark.parametrize(("cost", "month"), CASES)
def test_constructed_break_evens_are_not_a_month_late(cost, month):
    out = flat_case(cost, cost / month)
    assert out["payback_month"][0] == month
    assert out["payback_months_exact"][0] == pytest.approx(month, abs=1e-6)


def test_exact_payback_interpolates_inside_the_month():
    # 100 paid at month 0, 30 a month: cumulative -70, -40, -10, +20 -> month 4, 3 + 10/30.
    out = flat_case(100.0, 30.0, horizon=12)
    assert out["payback_month"][0] == 4
    assert out["payback_months_exact"][0] == pytest.approx(3 + 1 / 3, rel=1e-14)


def test_a_real_shortfall_is_not_rounded_away():
    # 1 % short of break-even after 12 months: month 13, never earlier.
    out = flat_case(100_000.0, 0.99 * 100_000 / 12, horizon=24)
    assert out["payback_month"][0] == 13


def test_discounted_payback_month_closed_form():
    # Monthly discounting at 10 %: the first m with 1000 sum_{t<=m} 1.1^(-t/12) >= 10,000.
    out = flat_case(10_000.0, 1_000.0, horizon=24)
    d = 1.1 ** (-np.arange(1, 25) / 12)
    expected = int(np.argmax(1_000 * np.cumsum(d) >= 10_000)) + 1
    assert expected == 11
    assert out["discounted_payback_month"][0] == expected
    assert out["payback_month"][0] == 10


def test_no_payback_is_nan_everywhere():
    out = flat_case(100_000.0, 10.0, horizon=12)
    for key in ("payback_month", "payback_months_exact", "discounted_payback_month"):
        assert np.isnan(out[key][0]), key


def test_pv_benefit_and_pv_cost_make_npv():
    out = flat_case(np.array([5_000.0, 20_000.0]), np.array([700.0, 300.0]), horizon=24)
    assert np.allclose(out["npv"], out["pv_benefit"] - out["pv_cost"], rtol=0, atol=1e-9)
    assert np.allclose(out["discounted_roi"], out["npv"] / out["pv_cost"], rtol=1e-14)
