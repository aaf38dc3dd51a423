"""A risk's own amount gets its bar given the risk occurs; downside drivers need enough losses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sensitivity_cases import TINY, tiny_npv

import simroi
from simroi.analysis import sensitivity as sens
from simroi.analysis.sensitivity_downside import MIN_LOSS_ITERATIONS, downside


def test_a_risks_own_cost_swings_given_the_risk_occurs():
    uncertain_cost = {"dist": "uniform", "low": 2000, "high": 6000}
    risks = [{"name": "overrun", "probability": 0.2, "extra_one_time_cost": uncertain_cost}]
    scn = simroi.load_scenario({**TINY, "risks": risks})
    bars = simroi.tornado(sens.scenario_metric(scn, "npv"), scn.inputs, low=0.1, high=0.9)
    rows = {r["input"]: r for r in bars.to_dict("records")}
    cost = rows["risks.overrun.extra_one_time_cost"]
    # setup at its median 4000, gain at its median 2000, the overrun occurring
    assert cost["given"] == "risks.overrun"
    assert (cost["low_value"], cost["high_value"]) == pytest.approx((2400, 5600))
    assert cost["output_low"] == pytest.approx(tiny_npv(2000, 4000 + 2400))
    assert cost["output_high"] == pytest.approx(tiny_npv(2000, 4000 + 5600))
    assert cost["swing"] == pytest.approx(3200) and cost["swing"] > 0  # it has a bar
    assert cost["base_given"] == pytest.approx(tiny_npv(2000, 4000 + 4000))
    assert cost["base_given"] == rows["risks.overrun"]["output_high"]
    assert rows["costs.one_time.setup"]["given"] is None
    assert rows["costs.one_time.setup"]["base_given"] is None


def _case(n_loss: int, n: int = 5000) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"a": rng.random(n), "b": rng.random(n)})
    loss = np.zeros(n, dtype=bool)
    loss[np.argsort(x["a"].to_numpy())[:n_loss]] = True  # losses where a is lowest
    return x, loss


def test_downside_ranks_no_driver_from_fewer_losses_than_the_minimum():
    x, loss = _case(MIN_LOSS_ITERATIONS - 1)
    out = downside(x, loss)
    assert out["drivers"] == []
    assert out["n_loss"] == MIN_LOSS_ITERATIONS - 1
    assert out["min_loss_iterations"] == MIN_LOSS_ITERATIONS == 200
    assert f"only {MIN_LOSS_ITERATIONS - 1} of 5,000" in out["note"]


def test_downside_ranks_drivers_from_the_minimum_on():
    x, loss = _case(MIN_LOSS_ITERATIONS)
    out = downside(x, loss)
    assert [d["input"] for d in out["drivers"]] == ["a", "b"]
    assert out["drivers"][0]["worst_side"] == "low"
    assert out["drivers"][0]["ks"] == 1.0  # a separates them exactly
    assert out["note"] is None


def test_downside_needs_enough_iterations_that_are_not_losses_too():
    x, loss = _case(5000 - 10)
    out = downside(x, loss)
    assert out["drivers"] == [] and "are not losses" in out["note"]
