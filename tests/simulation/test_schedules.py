"""Yearly schedules, phased one-time payments and annual (year-end) discounting.

The reference values are published figures: the Forrester TEI study of SalesLoft
(its three-year table, 10 %/year, year-end discounting) and the textbook annuity
-100,000 + 40,000 / 1.1^y for y = 1..4 = 26,794.62.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import simroi
from simroi.cli import main
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.model import CashFlowModel, discount_factors

ROOT = Path(__file__).resolve().parents[2]


def constant_run(data, n=3):
    res = simulate_scenario(simroi.load_scenario(data), iterations=n, seed=1)
    return res.samples.iloc[0]


def base(horizon=36, **scenario):
    return {"scenario": {"name": "t", "horizon_months": horizon, **scenario}}


def test_annual_discount_factors_are_year_end():
    d = discount_factors(36, 0.10, "annual")
    assert d[0] == 1.0
    assert d[1:13] == pytest.approx([1.1**-1] * 12, rel=1e-15)
    assert d[13:25] == pytest.approx([1.1**-2] * 12, rel=1e-15)
    assert d[36] == pytest.approx(1.1**-3, rel=1e-15)
    assert discount_factors(24, 0.1)[12] == pytest.approx(1 / 1.1, rel=1e-15)  # monthly


def test_salesloft_tei_table_through_simroi_run(tmp_path):
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(ROOT / "configs/tei.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    m = json.loads((out / "summary.json").read_text())["metrics"]
    # The study's published (whole-dollar) totals.
    assert m["pv_cost"]["mean"] == pytest.approx(1_672_201, abs=5)
    assert m["pv_benefit"]["mean"] == pytest.approx(7_168_371, abs=5)
    assert m["npv"]["mean"] == pytest.approx(5_496_170, abs=5)
    assert m["npv"]["std"] == 0.0  # all constants: every iteration is the table
    assert re.search(r"discounted ROI mean.*│\s+329 %", result.output), result.output


def test_salesloft_tei_closed_form_to_the_cent():
    row = constant_run(ROOT / "configs/tei.yaml")
    pv_cost = 53_150 + 666_715 / 1.1 + 636_772 / 1.1**2 + 647_783 / 1.1**3
    pv_benefit = 1_606_511 / 1.1 + 3_061_331 / 1.1**2 + 4_229_760 / 1.1**3
    assert row["pv_cost"] == pytest.approx(pv_cost, rel=1e-12)
    assert row["pv_benefit"] == pytest.approx(pv_benefit, rel=1e-12)
    assert row["discounted_roi"] == pytest.approx((pv_benefit - pv_cost) / pv_cost, rel=1e-12)
    assert row["total_cost"] == pytest.approx(53_150 + 666_715 + 636_772 + 647_783, rel=1e-14)


def test_annuity_npv_26794_62():
    data = base(48, discount_rate=0.10, discounting="annual")
    data["costs"] = {"one_time": {"initial": 100_000}}
    data["custom_benefits"] = [{"name": "net", "yearly": [40_000] * 4, "ramped": False}]
    assert constant_run(data)["npv"] == pytest.approx(26_794.62, abs=0.005)
    # the same as one amount for every year, and as {first, growth: 0}
    data["custom_benefits"][0]["yearly"] = 40_000
    assert constant_run(data)["npv"] == pytest.approx(26_794.62, abs=0.005)
    data["custom_benefits"][0]["yearly"] = {"first": 40_000, "growth": 0}
    assert constant_run(data)["npv"] == pytest.approx(26_794.62, abs=0.005)


def test_annual_discounting_irr_is_the_yearly_irr_of_the_yearly_flows():
    """A hand-made case with a short last year (30 months) and a payment inside year 2.

    Yearly flows (year 0 is month 0; a year's monthly amounts are its amount / 12):
    -100,000; 60,000 - 12,000 = 48,000; 70,000 - 12,000 - 20,000 = 38,000;
    (80,000 - 12,000) x 6 / 12 = 34,000. The IRR is the rate r with
    sum_y Y(y) (1 + r)^-y = 0, found here by numpy's polynomial roots and scipy's brentq.
    """
    from scipy.optimize import brentq

    from simroi.simulation.calendar import yearly_flows
    from simroi.simulation.scenario_model import scenario_model

    def scn_inputs(scn):
        return {k: np.array([v]) for k, v in scn.inputs.items()}  # all constants here

    data = base(30, discount_rate=0.10, discounting="annual")
    data["costs"] = {
        "one_time": {"initial": 100_000, "phase 2": {"amount": 20_000, "at_month": 14}},
        "yearly": {"licence": [12_000, 12_000, 12_000]},
    }
    data["custom_benefits"] = [{"name": "b", "yearly": [60_000, 70_000, 80_000], "ramped": False}]
    flows = [-100_000, 48_000, 38_000, 34_000]
    # numpy: the roots v = 1 / (1 + r) of 34,000 v^3 + 38,000 v^2 + 48,000 v - 100,000
    v = np.roots(flows[::-1])
    v = v[(np.abs(v.imag) < 1e-12) & (v.real > 0)].real
    assert v.size == 1  # one sign change: one root (Descartes)
    expected = 1 / v[0] - 1
    npv = lambda r: sum(f / (1 + r) ** y for y, f in enumerate(flows))  # noqa: E731
    assert brentq(npv, 0.0, 10.0, xtol=1e-14) == pytest.approx(expected, rel=1e-10)
    row = constant_run(data)
    assert row["irr"] == pytest.approx(expected, rel=1e-9)
    # the yearly flows the model sums, and the convention's NPV at that rate is 0
    scn = simroi.load_scenario(data)
    monthly = scenario_model(scn).monthly_net(scn_inputs(scn))
    np.testing.assert_allclose(yearly_flows(monthly)[0], flows, rtol=1e-12)
    data["scenario"]["discount_rate"] = float(expected)
    assert abs(constant_run(data)["npv"]) < 1e-6
    # monthly discounting keeps the monthly-compounded IRR of the monthly flows
    data["scenario"]["discounting"] = "monthly"
    assert constant_run(data)["irr"] != pytest.approx(expected, rel=1e-3)


def test_tei_prints_its_yearly_irr_as_a_bound(tmp_path):
    """configs/tei.yaml: month 1 returns 1.5 x the initial cost, so the monthly-compounded
    IRR was 52,459 (5.2 million % a year); the yearly IRR of its yearly flows is 19.1."""
    row = constant_run(ROOT / "configs/tei.yaml")
    flows = [-53_150, 1_606_511 - 666_715, 3_061_331 - 636_772, 4_229_760 - 647_783]
    v = np.roots(flows[::-1])
    v = v[(np.abs(v.imag) < 1e-12) & (v.real > 0)].real
    assert row["irr"] == pytest.approx(1 / v[0] - 1, rel=1e-9)
    assert row["irr"] == pytest.approx(19.116, abs=1e-3)
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(ROOT / "configs/tei.yaml"), "-o", str(out)])
    assert re.search(r"IRR P50 \(yearly\)\s+│\s+> 1,000 %", result.output), result.output
    assert json.loads((out / "summary.json").read_text())["metrics"]["irr"]["p50"] == row["irr"]


def test_growth_schedule_and_yearly_cost_closed_form():
    data = base(36, discount_rate=0.0)
    data["costs"] = {"yearly": {"licence": {"first": 1200, "growth": 0.5}}}
    data["custom_benefits"] = [{"name": "b", "yearly": [0, 0, 12_000], "ramped": False}]
    row = constant_run(data)
    assert row["total_cost"] == pytest.approx(1200 * (1 + 1.5 + 2.25), rel=1e-14)
    assert row["total_benefit"] == pytest.approx(12_000, rel=1e-14)
    # cumulative: -100/month for 12, -150 for 12, then +1000 - 225 a month
    assert row["payback_month"] == 24 + int(np.ceil((1200 + 1800) / 775))


def test_ramped_yearly_benefit_follows_adoption():
    data = base(24, discount_rate=0.0)
    data["adoption"] = {"implementation_months": 0, "ramp_months": 12}
    data["costs"] = {"monthly": {"fee": 1}}
    data["custom_benefits"] = [{"name": "b", "yearly": [1200, 2400]}]
    a = np.clip(np.arange(1, 25) / 12, 0, 1)
    expected = np.sum(a * np.repeat([100, 200], 12))
    assert constant_run(data)["total_benefit"] == pytest.approx(expected, rel=1e-14)


def test_phased_one_time_payments():
    data = base(12, discount_rate=0.12)
    data["costs"] = {
        "one_time": {
            "implementation": {
                "payments": [{"month": 0, "amount": 500}, {"month": 6, "amount": 700}]
            },
            "go-live": {"amount": 300, "at_month": 3, "risk_adjustment": 0.10},
        }
    }
    data["custom_benefits"] = [{"name": "b", "monthly": 1000, "ramped": False}]
    row = constant_run(data)
    d = 1.12 ** (-np.arange(13) / 12)
    pv_cost = 500 + 330 * d[3] + 700 * d[6]
    assert row["pv_cost"] == pytest.approx(pv_cost, rel=1e-14)
    assert row["total_cost"] == pytest.approx(1530, rel=1e-14)
    assert row["payback_month"] == 1  # -500 + 1000 >= 0
    scn = simroi.load_scenario(data)
    assert "costs.one_time.implementation.month6" in scn.inputs
    assert "costs.one_time.go-live" in scn.inputs  # the amount keeps the line's path


def test_model_payments_match_a_hand_loop():
    model = CashFlowModel(
        horizon=6, discount_rate=0.0, payments=(("costs.one_time.x", 2),), custom=(("b", False),)
    )
    out = model({"costs.one_time.x": np.array([100.0]), "custom_benefits.b.monthly": 40.0})
    # cash: 0, 40, -60, 40, 40, 40, 40 -> cumulative 40, -20, 20: first >= 0 at month 1
    assert out["payback_month"][0] == 1 and out["total_cost"][0] == 100


@pytest.mark.parametrize(
    ("schedule", "needs"),
    [
        ([1, 2], "has 2 yearly amount(s), but the horizon of 36 months needs 3"),
        ([1, 2, 3, 4], "has 4"),
    ],
)
def test_schedule_length_errors_name_the_path(schedule, needs):
    data = base(36)
    data["costs"] = {"yearly": {"subscription": schedule}}
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(data)
    assert any(
        m.startswith("costs.yearly.subscription: ") and needs in m for m in e.value.errors
    ), e.value.errors


def test_custom_benefit_schedule_length_error():
    data = base(30)
    data["costs"] = {"monthly": {"fee": 1}}
    data["custom_benefits"] = [{"name": "b", "yearly": [1, 2]}]
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(data)
    assert e.value.errors == [
        "custom_benefits.b.yearly: has 2 yearly amount(s), but the horizon of 30 months needs 3 "
        "(one for each year 1..3)"
    ]


def test_yearly_entries_may_be_distributions_and_are_inputs():
    data = base(24)
    data["costs"] = {"yearly": {"sub": [1000, {"dist": "uniform", "low": 900, "high": 1300}]}}
    scn = simroi.load_scenario(data)
    assert "costs.yearly.sub.year2" in scn.uncertain
    assert scn.inputs["costs.yearly.sub.year1"] == 1000.0


def test_payment_month_beyond_the_horizon_is_an_error():
    data = base(12)
    data["costs"] = {"one_time": {"x": {"amount": 10, "at_month": 13}}}
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(data)
    assert e.value.errors == [
        "costs.one_time.x.at_month: must be <= the horizon (12 months), got 13"
    ]
