"""The re-forecast's cash flows: benefits and costs apart, actual costs placed, the model's
rules."""

from pathlib import Path

import numpy as np
import pytest

from simroi.data.forecast import flows, go_live_month, place_costs, results_of_flows, with_parts
from simroi.data.posterior import Latent
from simroi.scenario.config import load_scenario
from simroi.simulation.model import COSTS
from simroi.simulation.scenario_model import scenario_constants, scenario_model

CONFIGS = sorted((Path(__file__).resolve().parents[2] / "configs").glob("*.yaml"))


def _inputs(scn, n=2000, seed=3):
    latent = Latent(scn)
    return {**scenario_constants(scn), **latent.inputs(latent.prior(n, seed, "lhs"))}


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_results_of_flows_are_the_models_on_every_template(path):
    # Without actual costs the flows' results must be the model's own, iteration by iteration.
    scn = load_scenario(path)
    x = _inputs(scn)
    model = scenario_model(scn)
    benefit, cost = flows(model, x)
    out = model(x)
    assert np.allclose(benefit.sum(axis=1), out["total_benefit"], rtol=1e-12)
    assert np.allclose(cost.sum(axis=1), out["total_cost"], rtol=1e-12)
    assert np.all(benefit[:, 0] == 0)
    got = results_of_flows(benefit, cost, scn.discount_rate, scn.discounting)
    for key, value in got.items():
        assert np.allclose(value, out[key], rtol=1e-9, atol=1e-6, equal_nan=True), key
    parts = with_parts(got, out)
    assert np.allclose(sum(parts[f"cost_{c}"] for c in COSTS), got["total_cost"], rtol=1e-12)


def test_actual_costs_fall_in_the_months_of_each_iterations_go_live():
    cost = np.full((2, 8), 5.0)
    k = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])  # months ending 2 before .. 2 after go-live
    actual = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    placed, seen, past = place_costs(cost, k, actual, np.array([2.0, 0.0]))
    # go-live at month 2: the rows are months 0..4; at month 0: rows up to go-live pay at 0
    assert placed[0].tolist() == [10, 20, 30, 40, 50, 5, 5, 5]
    assert placed[1].tolist() == [60, 40, 50, 5, 5, 5, 5, 5]
    assert seen[0].tolist() == [True] * 5 + [False] * 3
    assert seen[1].tolist() == [True] * 3 + [False] * 5
    assert past == 0
    # a go-live late enough pushes the last row past the horizon (month 7)
    placed, seen, past = place_costs(cost, k, actual, 6.0)
    assert past == 1 and seen.all() and placed[0, 7] == 40
    # without a costs column only which months are seen changes
    same, seen, _ = place_costs(cost, k, None, 2.0)
    assert same is cost and seen[0].sum() == 5


def test_a_go_live_between_month_ends_books_each_row_in_the_month_holding_its_middle():
    placed, _, _ = place_costs(np.zeros((1, 6)), np.array([0.5, 1.5]), np.array([1.0, 2.0]), 2.5)
    # rows ending at 3.0 and 4.0: model months 3 and 4
    assert placed[0].tolist() == [0, 0, 0, 1, 2, 0]


def test_go_live_month_adds_the_delays_of_the_events_that_occurred():
    x = {"adoption.implementation_months": np.array([2.0, 2.0]), "risks.slip": np.array([0.0, 1.0]),
         "risks.slip.delay_months": 3.0}  # fmt: skip
    assert go_live_month(x, ("slip",)).tolist() == [2.0, 5.0]


def test_payback_from_flows_closed_form():
    # 100 paid at month 0, 40 a month back: F = -100, -60, -20, 20 -> month 3, exact 2.5
    benefit = np.array([[0.0, 40.0, 40.0, 40.0, 40.0]])
    cost = np.array([[100.0, 0.0, 0.0, 0.0, 0.0]])
    r = results_of_flows(benefit, cost, 0.0, "monthly")
    assert r["payback_month"][0] == 3 and r["payback_months_exact"][0] == pytest.approx(2.5)
    assert r["npv"][0] == 60 and r["roi"][0] == pytest.approx(0.6)
    never = results_of_flows(benefit / 10, cost, 0.0, "monthly")
    assert np.isnan(never["payback_month"][0]) and np.isnan(never["discounted_payback_month"][0])
