"""Break-even and goal seek: analytic thresholds of a linear model, a template round trip."""

from pathlib import Path

import numpy as np
import pytest
from scipy.stats import norm

import simroi
from simroi.analysis.breakeven import breakeven
from simroi.analysis.targets import parse_target
from simroi.errors import SimroiError
from simroi.simulation.scenario_model import scenario_constants, scenario_model

TEMPLATES = Path(simroi.__file__).parent / "scenario" / "templates"
INPUTS = {
    "x": {"dist": "normal", "mean": 1.0, "sd": 2.0},
    "z": {"dist": "uniform", "low": 0, "high": 1},
}


def linear(x):
    return {"out": 3.0 + 2.0 * x["x"] + 0.0 * x["z"]}


def test_mean_target_of_a_linear_model_is_exact():
    r = breakeven(linear, INPUTS, 5000, input="x", target="mean(out)>=20", seed=1)
    # mean(out) = 3 + 2 (mean(x) + s) exactly on the same draws: s = (20 - 3) / 2 - mean(x)
    assert r["shift"] == pytest.approx(7.5, abs=3 * r["shift_se"] + 1e-3)
    assert r["direction"] == "at least" and r["value"] == pytest.approx(1.0 + r["shift"])


@pytest.mark.parametrize("target", ["P(out>0)>=0.9", "p10(out)>=0", "P(out>0)>=90%"])
def test_probability_and_percentile_targets_hit_the_analytic_threshold(target):
    # out ~ N(3 + 2 (1 + s), 4): P(out > 0) = 0.9  <=>  5 + 2 s = 4 z_0.9
    exact = (4 * norm.ppf(0.9) - 5) / 2
    r = breakeven(linear, INPUTS, 20_000, input="x", target=target, seed=2)
    assert abs(r["shift"] - exact) < 3 * r["shift_se"]
    # the delta-method SE against its formula: sqrt(p (1 - p) / n) / (2 phi(z) / 4)
    formula = np.sqrt(0.09 / 20_000) / (2 * norm.pdf(norm.ppf(0.9)) / 4)
    assert r["shift_se"] == pytest.approx(formula, rel=0.15)


def test_scale_mode_and_costs_read_at_most():
    def f(x):
        return {"npv": 1000.0 - 10.0 * x["price"] + 0 * x["z"]}

    inputs = {"price": 50.0, "z": {"dist": "uniform", "low": 0, "high": 1}}
    r = breakeven(f, inputs, 1000, input="price", target="mean(npv)>=0", seed=1)
    assert r["value"] == pytest.approx(100.0) and r["direction"] == "at most"
    r = breakeven(f, inputs, 1000, input="price", target="mean(npv)>=0", mode="scale", seed=1)
    assert r["scale"] == pytest.approx(2.0, rel=1e-4) and r["shift"] == pytest.approx(
        50.0, rel=1e-4
    )


def test_template_goal_seek_plugged_back_with_another_seed_hits_the_target():
    scn = simroi.load_scenario(TEMPLATES / "manufacturer.yaml")
    n = 20_000
    r = breakeven(scn, n=n, input="drivers.conversion_lift", target="P(npv>0)>=0.9", seed=3)
    spec = dict(scn.resolved["drivers"]["conversion_lift"])
    for key in ("min", "mode", "max"):
        spec[key] += r["shift"]
    raw = {**scn.resolved, "drivers": {**scn.resolved["drivers"], "conversion_lift": spec}}
    fresh = simroi.simulate_scenario(simroi.load_scenario(raw), iterations=n, seed=11)
    p = fresh.summary()["prob_npv_positive"]
    se = np.sqrt(2 * 0.9 * 0.1 / n)  # the fresh run's error and the root's, in quadrature
    assert abs(p - 0.9) < 2 * se


def test_table_without_input_percentiles_of_npv_zero():
    scn = simroi.load_scenario(TEMPLATES / "manufacturer.yaml")
    t = breakeven(scn)
    rows = {r["input"]: r for r in t["table"]}
    assert t["metric"] == "npv" and "risks.integration overrun" not in rows
    lift = rows["drivers.conversion_lift"]
    assert 0.0 < lift["percentile"] < 0.5 and lift["direction"] == "at least"
    # at that value, the median case has NPV 0
    base = {k: 0.0 if d.kind == "bernoulli" else d.median() for k, d in scn.uncertain.items()}
    base["drivers.conversion_lift"] = lift["value"]
    model = scenario_model(scn)
    point = {**scenario_constants(scn), **base}
    npv = model({k: np.array([v]) for k, v in point.items()})["npv"][0]
    assert abs(npv) < 1e-6 * abs(t["base"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("P(roi>0)>=1.5", "strictly between 0 and 1"),
        ("P(foo>0)>=0.5", "unknown metric 'foo'"),
        ("roi > 0", "cannot read"),
        ("p0(roi)>=0", "p1 ... p99"),
    ],
)
def test_bad_targets_say_what_is_wrong(text, message):
    with pytest.raises(SimroiError, match=message):
        parse_target(text, ("roi", "npv"))


def test_parse_target_forms():
    t = parse_target("P(payback <= 12) >= 80%", ("payback_month",))
    assert (t.stat, t.metric, t.event_op, t.threshold, t.op, t.level) == (
        "P",
        "payback_month",
        "<=",
        12.0,
        ">=",
        0.8,
    )
    assert t.statistic(np.array([3.0, np.nan, 12.0, 13.0])) == 0.5
    assert parse_target("p10(roi)>=0", ("roi",)).statistic(np.arange(101.0)) == 10.0


def test_bad_input_and_unreachable_target():
    with pytest.raises(SimroiError, match="is not an input"):
        breakeven(linear, INPUTS, 1000, input="y", target="mean(out)>=0")
    with pytest.raises(SimroiError, match="no break-even"):
        breakeven(linear, INPUTS, 1000, input="z", target="mean(out)>=0", seed=1)
