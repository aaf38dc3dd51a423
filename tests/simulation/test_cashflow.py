"""The cumulative cash-flow fan (cashflow.py) and the parts of total_cost (model.py)."""

from pathlib import Path

import numpy as np
import pytest

from simroi.analysis.compare import compare
from simroi.analysis.sweep import sweep
from simroi.scenario.config import load_scenario
from simroi.simulation.cashflow import cash_flow_fan, cumulative_cash
from simroi.simulation.engine import simulate_scenario, simulate_scenarios
from simroi.simulation.model import COSTS, CashFlowModel
from simroi.simulation.scenario_model import scenario_constants, scenario_model

TEMPLATES = sorted((Path(__file__).parents[2] / "simroi" / "scenario" / "templates").glob("*.yaml"))


def brute_force_cumulative(scn, n, rows, **kw):
    """cumsum of the model's monthly flows on the run's own stored inputs, first ``rows``."""
    res = next(simulate_scenarios([scn], iterations=n, columns=None, **kw))
    x = {**scenario_constants(scn), **{k: res.samples[k].to_numpy()[:rows] for k in scn.uncertain}}
    return np.cumsum(scenario_model(scn).monthly_net(x), axis=1), res


@pytest.mark.parametrize("sampler", ["lhs", "random", "sobol"])
@pytest.mark.parametrize("rows", [700, 5000])  # below and above n
def test_fan_equals_brute_force_percentiles_of_the_same_rows(sampler, rows):
    scn = load_scenario(TEMPLATES[0])
    n = 2000
    cum, _ = brute_force_cumulative(scn, n, rows, seed=11, sampler=sampler)
    res = simulate_scenario(scn, iterations=n, seed=11, sampler=sampler, chunk_size=300)
    fan = cash_flow_fan(res, rows=rows)
    m = min(rows, n)
    assert fan["iterations_used"] == m == cum.shape[0]
    assert fan["months"] == list(range(scn.horizon_months + 1))
    for key, ref in zip(
        ("p10", "p50", "p90"), np.percentile(cum, [10, 50, 90], axis=0), strict=True
    ):
        np.testing.assert_array_equal(fan[key], ref)
    np.testing.assert_allclose(fan["mean"], cum.mean(axis=0), rtol=1e-12)


def test_fan_in_summary_rows_are_the_runs_iterations():
    scn = load_scenario("configs/manufacturer.yaml")
    res = simulate_scenario(scn, iterations=1500, seed=5)
    s = res.summary()
    cum = cumulative_cash(res)
    # the cash position at the horizon is each iteration's undiscounted benefit - cost
    net = res.column("total_benefit") - res.column("total_cost")
    np.testing.assert_allclose(cum[:, -1], net, rtol=1e-9, atol=1e-6)
    assert s["cash_flow"]["iterations_used"] == 1500
    assert s["cash_flow"]["p50"][0] == pytest.approx(-s["metrics"]["total_cost"]["min"], rel=1)
    assert res.summary() == s  # same results, same fan


def test_fan_of_a_run_to_a_precision_follows_its_batches():
    scn = load_scenario("configs/smb.yaml")
    res = simulate_scenario(scn, precision=0.002, max_iterations=4500, seed=2)
    assert len(res.precision["history"]) >= 2  # several batches, each of its own seed
    cum = cumulative_cash(res, rows=2500)
    samples = res.samples
    net = (samples["total_benefit"] - samples["total_cost"]).to_numpy()[: cum.shape[0]]
    assert cum.shape[0] == min(2500, res.iterations)
    np.testing.assert_allclose(cum[:, -1], net, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_cost_parts_add_up_to_total_cost_on_every_template(path):
    scn = load_scenario(path)
    res = simulate_scenario(scn, iterations=500, seed=1)
    parts = [res.column(f"cost_{c}") for c in COSTS]
    total = res.column("total_cost")
    np.testing.assert_allclose(parts[0] + parts[1] + parts[2] + parts[3], total, rtol=1e-12)
    s = res.summary(cash_flow=False)
    assert set(s["cost_breakdown_mean"]) == set(COSTS)
    assert sum(s["cost_breakdown_mean"].values()) == pytest.approx(
        s["metrics"]["total_cost"]["mean"], rel=1e-12
    )
    assert "cash_flow" not in s


def test_cost_parts_closed_form():
    model = CashFlowModel(
        horizon=24, discount_rate=0.0, one_time=("setup",), monthly=("support",), risks=("slip",)
    )
    x = {
        "costs.one_time.setup": 5000.0,
        "costs.seats": 10.0,
        "costs.price_per_seat_month": 50.0,
        "costs.annual_price_escalation": 0.1,
        "costs.seat_risk_adjustment": 0.2,
        "costs.monthly.support": 100.0,
        "baseline.sales_reps": 5.0,
        "baseline.rep_hourly_cost": 40.0,
        "costs.learning_hours_per_rep": 10.0,
        "costs.learning_risk_adjustment": 0.5,
        "adoption.implementation_months": 2.0,
        "adoption.ramp_months": 6.0,
        "risks.slip": np.array([0.0, 1.0]),
        "risks.slip.extra_one_time_cost": 3000.0,
        "risks.slip.cost_multiplier": 1.5,
    }
    out = model(x)
    seats = 10 * 50 * (12 + 12 * 1.1)  # 12,600 over two years, 10 % dearer in the second
    np.testing.assert_allclose(out["cost_one_time"], [5000, 5000])
    np.testing.assert_allclose(out["cost_recurring"], [seats + 2400] * 2)
    np.testing.assert_allclose(out["cost_learning"], [2000, 2000])  # 5 reps x 10 h x 40
    no_event = 0.2 * seats + 0.5 * 2000
    event = 3000 + (1.2 * seats + 2400) * 1.5 - (seats + 2400) + 0.5 * 2000
    np.testing.assert_allclose(out["cost_risk"], [no_event, event])
    np.testing.assert_allclose(
        out["total_cost"],
        [5000 + 1.2 * seats + 2400 + 3000, 8000 + (1.2 * seats + 2400) * 1.5 + 3000],
    )


def test_monthly_net_is_the_flow_behind_the_results():
    scn = load_scenario("configs/vendors.yaml")
    model = scenario_model(scn)
    res = next(simulate_scenarios([scn], iterations=300, seed=4, columns=None))
    x = {**scenario_constants(scn), **{k: res.samples[k].to_numpy() for k in scn.uncertain}}
    cash = model.monthly_net(x)
    assert cash.shape == (300, scn.horizon_months + 1)
    assert np.all(-cash[:, 0] <= res.samples["total_cost"].to_numpy())  # month 0: one-time costs
    np.testing.assert_allclose(
        cash.sum(axis=1), res.samples["total_benefit"] - res.samples["total_cost"], rtol=1e-9
    )


def test_compare_vendors_carry_the_fan_and_sweeps_do_not():
    scn = load_scenario("configs/vendors.yaml")
    result = compare(scn, iterations=300, seed=3).to_dict()
    for v in result["vendors"]:
        assert v["summary"]["cash_flow"]["iterations_used"] == 300
        assert set(v["summary"]["cost_breakdown_mean"]) == set(COSTS)
    swept = sweep(
        "configs/smb.yaml", [("a", {}), ("b", {"costs.seats": 20})], iterations=200, seed=1
    )
    for v in swept["variants"]:
        assert "cash_flow" not in v["summary"]
        assert "cost_breakdown_mean" in v["summary"]
