"""Value of information: EVPI against the two-action normal closed form; EVPPI's bounds."""

import numpy as np
import pytest
from scipy.stats import norm

import simroi
from simroi.analysis.regression import basis, fit
from simroi.analysis.voi import default_groups, value_of_information, voi
from simroi.errors import SimroiError


def closed_form(mu, sigma):
    """EVPI of investing in V ~ N(mu, sigma^2) against 0."""
    return sigma * norm.pdf(mu / sigma) - abs(mu) * norm.cdf(-abs(mu) / sigma)


@pytest.mark.parametrize("mu", [-30.0, 0.0, 20.0, 80.0])
def test_evpi_equals_the_normal_closed_form(mu):
    sigma = 100.0
    res = voi(
        lambda x: x["a"],
        {"a": {"dist": "normal", "mean": mu, "sd": sigma}},
        50_000,
        seed=3,
    )
    exact = closed_form(mu, sigma)
    assert res["evpi"] == pytest.approx(exact, rel=0.02)
    assert abs(res["evpi"] - exact) < 4 * res["evpi_se"] + 1e-3 * exact
    # The only input: learning it is learning everything.
    assert res["evppi"]["a"]["value"] == pytest.approx(res["evpi"], rel=0.01)
    assert res["decision"] == ("invest" if mu > 0 else "don't invest") or mu == 0


def test_irrelevant_input_is_worth_nothing_and_evppi_never_exceeds_evpi():
    inputs = {
        "a": {"dist": "normal", "mean": 10.0, "sd": 60.0},
        "b": {"dist": "normal", "mean": 0.0, "sd": 80.0},
        "noise": {"dist": "uniform", "low": 0, "high": 1},
        "event": {"dist": "discrete", "values": [0, 1], "probs": [0.7, 0.3]},
    }
    res = voi(
        lambda x: x["a"] + x["b"] + 0 * x["noise"] + 0 * x["event"],
        inputs,
        40_000,
        seed=5,
        groups={"a and b": ["a", "b"]},
    )
    evpi = res["evpi"]
    assert evpi == pytest.approx(closed_form(10.0, 100.0), rel=0.03)
    for path in ("noise", "event"):
        assert res["evppi"][path]["value"] < max(3 * res["evppi"][path]["se"], 0.01 * evpi)
    for v in (*res["evppi"].values(), *res["groups"].values()):
        assert 0.0 <= v["value"] <= evpi
    # a + b is everything: the group is worth the EVPI; b (sd 80) more than a (sd 60).
    assert res["groups"]["a and b"]["value"] == pytest.approx(evpi, rel=0.02)
    assert res["evppi"]["b"]["value"] > res["evppi"]["a"]["value"] > 0
    assert list(res["evppi"])[:2] == ["b", "a"]  # ranked


def test_several_decisions_and_reproducible():
    def f(x):
        return {"keep": 0 * x["a"], "small": 0.5 * x["a"], "big": x["a"] - 20}

    args = (f, {"a": {"dist": "normal", "mean": 0.0, "sd": 50.0}}, 20_000)
    res = voi(*args, seed=1, decisions=["keep", "small", "big"])
    assert res == voi(*args, seed=1, decisions=["keep", "small", "big"])
    a = simroi.simulate(lambda x: x["a"], args[1], 20_000, seed=np.random.SeedSequence(1))["a"]
    a = a.to_numpy()
    vals = np.column_stack([0 * a, 0.5 * a, a - 20])
    brute = np.mean(vals.max(axis=1)) - vals.mean(axis=0).max()
    assert res["evpi"] == pytest.approx(brute, rel=1e-9)
    assert res["evppi"]["a"]["value"] == pytest.approx(brute, rel=0.02)


def test_discrete_input_gets_exact_cell_means():
    x = np.repeat([0.0, 1.0, 2.0], 10)
    y = np.array([1.0, 5.0, 9.0]).repeat(10) + np.tile(np.linspace(-1, 1, 10), 3)
    assert np.allclose(fit([x], y).fitted[:, 0], np.repeat([1.0, 5.0, 9.0], 10))
    assert basis([x]).shape == (30, 3)


def test_scenario_voi_and_default_groups():
    scn = simroi.load_scenario(
        simroi.scenario.config.__file__.replace("config.py", "templates/manufacturer.yaml")
    )
    res = voi(scn, n=4000, seed=2)
    assert res["currency"] == scn.currency and res["metric"] == "npv"
    assert set(res["evppi"]) == set(scn.uncertain)
    assert res["decisions"] == ["invest", "don't invest"]
    assert res["evpi"] > 0
    assert default_groups(["a.x", "a.y", "b.z"]) == {"all a": ["a.x", "a.y"]}


def test_bad_arguments_name_the_rule():
    with pytest.raises(SimroiError, match="at least two decisions"):
        value_of_information({"a": np.zeros(200)}, {})
    with pytest.raises(SimroiError, match="not an uncertain input"):
        value_of_information(
            {"a": np.zeros(200), "b": np.ones(200)}, {"x": np.arange(200.0)}, groups={"g": ["y"]}
        )
    with pytest.raises(SimroiError, match="several outputs"):
        voi(lambda x: {"u": x["a"], "v": x["a"]}, {"a": {"dist": "uniform", "low": 0, "high": 1}})
