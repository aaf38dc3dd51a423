"""Sensitivity: exact tornado points, analytic Sobol indices, sample-based measures, the CLI."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import simroi
from simroi import sensitivity as sens
from simroi.cli import main

# --------------------------------------------------------------------------- fixtures

# A scenario small enough to compute by hand: discount rate 0, a flat (unramped)
# benefit M per month for 12 months, a one-time cost C0 and 500 a month.
# npv = roi-numerator = -C0 + 12 (M - 500); total cost C = C0 + 6000.
TINY = {
    "scenario": {"name": "tiny", "horizon_months": 12, "discount_rate": 0.0},
    "simulation": {"iterations": 2000, "seed": 3},
    "custom_benefits": [
        {
            "name": "gain",
            "monthly": {"dist": "uniform", "low": 1000, "high": 3000},
            "ramped": False,
        }
    ],
    "costs": {
        "one_time": {"setup": {"dist": "uniform", "low": 2000, "high": 6000}},
        "monthly": {"admin": 500},
    },
    "risks": [{"name": "overrun", "probability": 0.2, "extra_one_time_cost": 4000}],
}

TINY_YAML = """\
scenario: {name: tiny, horizon_months: 12, discount_rate: 0.0}
simulation: {iterations: 2000, seed: 3}
custom_benefits:
  - {name: gain, monthly: {dist: uniform, low: 1000, high: 3000}, ramped: false}
costs:
  one_time: {setup: {dist: uniform, low: 2000, high: 6000}}
  monthly: {admin: 500}
risks:
  - {name: overrun, probability: 0.2, extra_one_time_cost: 4000}
correlations:
  - [custom_benefits.gain.monthly, costs.one_time.setup, 0.3]
"""


def tiny_npv(m: float, c0: float) -> float:
    return -c0 + 12 * (m - 500)


def tiny_roi(m: float, c0: float) -> float:
    cost = c0 + 12 * 500
    return (12 * m - cost) / cost


def linear(x):
    return 2 * x["a"] + 3 * x["b"]


LINEAR_INPUTS = {
    "a": {"dist": "uniform", "low": 0, "high": 1},
    "b": {"dist": "uniform", "low": 0, "high": 2},
    "k": 7.0,  # a constant: passed to f, never analysed
}


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x["x1"]) + a * np.sin(x["x2"]) ** 2 + b * x["x3"] ** 4 * np.sin(x["x1"])


UNIFORM_PI = {"dist": "uniform", "low": -math.pi, "high": math.pi}
ISHIGAMI_INPUTS = {name: UNIFORM_PI for name in ("x1", "x2", "x3")}
# Analytic indices for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2008).
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


@pytest.fixture(scope="module")
def tiny():
    return simroi.load_scenario(TINY)


# --------------------------------------------------------------------------- tornado and spider


def test_tornado_tiny_scenario_matches_hand_computation(tiny):
    f = sens.scenario_metric(tiny, "npv")
    bars = simroi.tornado(f, tiny.inputs)
    # Base: M = 2000 (median), C0 = 4000, no overrun.
    assert bars.attrs["base"] == tiny_npv(2000, 4000) == 14000
    rows = {r["input"]: r for r in bars.to_dict("records")}
    gain = rows["custom_benefits.gain.monthly"]
    assert (gain["low_value"], gain["high_value"]) == pytest.approx((1200, 2800), rel=1e-12)
    assert gain["output_low"] == pytest.approx(tiny_npv(1200, 4000), rel=1e-12)  # 4400
    assert gain["output_high"] == pytest.approx(tiny_npv(2800, 4000), rel=1e-12)  # 23600
    setup = rows["costs.one_time.setup"]
    assert setup["output_low"] == pytest.approx(tiny_npv(2000, 2400), rel=1e-12)
    assert setup["output_high"] == pytest.approx(tiny_npv(2000, 5600), rel=1e-12)
    assert list(bars["input"]) == [
        "custom_benefits.gain.monthly",  # swing 19200
        "risks.overrun",  # 4000
        "costs.one_time.setup",  # 3200
    ]
    assert list(bars["swing"]) == pytest.approx([19200, 4000, 3200], rel=1e-12)


def test_tornado_points_equal_single_row_model_evaluations():
    scn = simroi.load_scenario(
        {
            **TINY,
            "scenario": {"name": "r", "horizon_months": 24, "discount_rate": 0.1},
            "drivers": {"conversion_lift": {"dist": "pert", "min": 0.1, "mode": 0.2, "max": 0.4}},
            "baseline": {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 900},
        }
    )
    model = simroi.engine.scenario_model(scn)
    constants = simroi.engine.scenario_constants(scn)
    base = {"costs.one_time.setup": 4000.0, "custom_benefits.gain.monthly": 2000.0}
    base |= {"drivers.conversion_lift": scn.uncertain["drivers.conversion_lift"].median()}
    base |= {"risks.overrun": 0.0}
    bars = simroi.tornado(sens.scenario_metric(scn, "npv"), scn.inputs, low=0.2, high=0.8)
    for row in bars.to_dict("records"):
        for end in ("low", "high"):
            point = {**base, row["input"]: row[f"{end}_value"]}
            one = model({**constants, **{k: np.array([v]) for k, v in point.items()}})
            assert row[f"output_{end}"] == one["npv"][0]  # bit for bit


def test_tornado_roi_and_payback_of_tiny_scenario(tiny):
    roi = simroi.tornado(sens.scenario_metric(tiny, "roi"), tiny.inputs, low=0.25, high=0.75)
    assert roi.attrs["base"] == pytest.approx(tiny_roi(2000, 4000), rel=1e-12)  # 1.4
    row = roi.set_index("input").loc["custom_benefits.gain.monthly"]
    assert row["output_low"] == pytest.approx(tiny_roi(1500, 4000), rel=1e-12)
    assert row["output_high"] == pytest.approx(tiny_roi(2500, 4000), rel=1e-12)
    # Payback: first t with -C0 + t (M - 500) >= 0.
    pay = simroi.tornado(sens.scenario_metric(tiny, "payback_month"), tiny.inputs)
    assert pay.attrs["base"] == 3.0  # -4000 + 3 * 1500 >= 0
    row = pay.set_index("input").loc["custom_benefits.gain.monthly"]
    assert (row["output_low"], row["output_high"]) == (6.0, 2.0)  # M = 1200 and 2800


def test_tornado_payback_never_is_censored_at_horizon_plus_one():
    raw = {**TINY, "costs": {**TINY["costs"], "monthly": {"admin": 2900}}}
    scn = simroi.load_scenario(raw)
    pay = simroi.tornado(sens.scenario_metric(scn, "payback_month"), scn.inputs)
    assert pay.attrs["base"] == 13.0  # M = 2000 < 2900 a month: never within 12 months


def test_tornado_risk_event_bar_swings_from_no_to_yes(tiny):
    bars = simroi.tornado(sens.scenario_metric(tiny, "npv"), tiny.inputs)
    event = bars.set_index("input").loc["risks.overrun"]
    assert (event["low_value"], event["high_value"]) == (0.0, 1.0)
    assert event["output_low"] == bars.attrs["base"]
    assert event["output_high"] == tiny_npv(2000, 4000 + 4000)


def test_tornado_linear_model_swings_are_analytic():
    bars = simroi.tornado(linear, LINEAR_INPUTS, low=0.2, high=0.7)
    assert bars.attrs["base"] == pytest.approx(2 * 0.5 + 3 * 1.0)
    assert list(bars.columns) == [
        "input",
        "low_value",
        "high_value",
        "output_low",
        "output_high",
        "swing",
    ]
    assert list(bars["input"]) == ["b", "a"]  # the constant k has no bar
    assert list(bars["swing"]) == pytest.approx([3 * 2 * 0.5, 2 * 0.5])
    b = bars.iloc[0]
    assert (b["low_value"], b["high_value"]) == pytest.approx((0.4, 1.4))
    assert (b["output_low"], b["output_high"]) == pytest.approx((1 + 1.2, 1 + 4.2))


def test_tornado_passes_constants_and_picks_a_named_output():
    def f(x):
        return {"y": x["a"] * x["k"], "z": x["a"]}

    bars = simroi.tornado(f, LINEAR_INPUTS, output="y")
    assert bars.set_index("input").loc["a", "swing"] == pytest.approx(7 * 0.8)
    with pytest.raises(simroi.SimroiError, match="several outputs"):
        simroi.tornado(f, LINEAR_INPUTS)
    with pytest.raises(simroi.SimroiError, match="'w' is not among"):
        simroi.tornado(f, LINEAR_INPUTS, output="w")


def test_spider_moves_one_input_through_its_percentiles(tiny):
    table = simroi.spider(linear, LINEAR_INPUTS)
    assert list(table.index) == pytest.approx([0.05 * k for k in range(1, 20)])
    assert list(table.columns) == ["a", "b"]
    q = table.index.to_numpy()
    np.testing.assert_allclose(table["a"], 2 * q + 3 * 1.0)
    np.testing.assert_allclose(table["b"], 2 * 0.5 + 3 * 2 * q)
    assert table.attrs["base"] == pytest.approx(4.0)
    # Risk events are left out of the spider.
    sp = simroi.spider(sens.scenario_metric(tiny, "npv"), tiny.inputs)
    assert "risks.overrun" not in sp.columns
    assert sp.loc[0.5, "costs.one_time.setup"] == pytest.approx(sp.attrs["base"], rel=1e-12)


# --------------------------------------------------------------------------- Sobol


def test_sobol_ishigami_matches_analytic_indices():
    idx = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=2**14, seed=1)
    assert list(idx.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert idx.attrs["n"] == 2**14 and idx.attrs["evaluations"] == 2**14 * 5
    for name in ISHIGAMI_S1:
        assert idx.loc[name, "S1"] == pytest.approx(ISHIGAMI_S1[name], abs=0.03)
        assert idx.loc[name, "ST"] == pytest.approx(ISHIGAMI_ST[name], abs=0.03)
    # The confidence half-widths are informative: small, positive, and cover the truth
    # at 2 half-widths (a 95 % interval misses 1 time in 20; 2x makes a flake rare).
    assert ((idx[["S1_conf", "ST_conf"]] > 0) & (idx[["S1_conf", "ST_conf"]] < 0.03)).all().all()
    for name in ISHIGAMI_S1:
        assert abs(idx.loc[name, "S1"] - ISHIGAMI_S1[name]) < 2 * idx.loc[name, "S1_conf"] + 1e-3
        assert abs(idx.loc[name, "ST"] - ISHIGAMI_ST[name]) < 2 * idx.loc[name, "ST_conf"] + 1e-3


def test_sobol_linear_model_is_additive():
    # Var(2a) = 4/12, Var(3b) = 9 * 4/12: S_a = 0.1, S_b = 0.9; no interaction, so ST = S1.
    idx = simroi.sobol(linear, LINEAR_INPUTS, n=2**12, seed=2)
    assert list(idx.index) == ["a", "b"]
    for name, expected in (("a", 0.1), ("b", 0.9)):
        for key in ("S1", "ST"):
            assert abs(idx.loc[name, key] - expected) < 2 * idx.loc[name, f"{key}_conf"] + 1e-3


def test_sobol_rounds_n_up_to_a_power_of_two_and_says_so():
    idx = simroi.sobol(linear, LINEAR_INPUTS, n=3000, seed=1, n_bootstrap=0)
    assert (idx.attrs["n"], idx.attrs["n_requested"]) == (4096, 3000)
    assert idx[["S1_conf", "ST_conf"]].isna().all().all()  # no bootstrap asked for


def test_sobol_same_seed_identical_other_seed_different():
    a = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7, n_bootstrap=200)
    b = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7, n_bootstrap=200)
    c = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=8, n_bootstrap=200)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(c)


def test_sobol_result_does_not_depend_on_chunk_size():
    a = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7, n_bootstrap=100)
    b = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7, n_bootstrap=100, chunk_size=100)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_sobol_constant_output_is_an_error():
    with pytest.raises(simroi.SimroiError, match="does not vary"):
        simroi.sobol(lambda x: 0 * x["a"] + 1.0, LINEAR_INPUTS, n=64, seed=1)


# --------------------------------------------------------------------------- sample-based measures


def test_spearman_and_contribution_to_variance():
    df = simroi.simulate(linear, LINEAR_INPUTS, n=4000, seed=1)
    x = df[["a", "b"]]
    rho = simroi.spearman(x, df["output"].to_numpy())
    assert list(rho.index) == ["b", "a"]  # largest |rho| first
    assert simroi.spearman(x, 2 * df["a"].to_numpy())["a"] == pytest.approx(1.0)
    assert simroi.spearman(x, -df["b"].to_numpy())["b"] == pytest.approx(-1.0)
    share = simroi.contribution_to_variance(rho)
    assert share.sum() == pytest.approx(1.0)
    assert share["b"] > share["a"] > 0
    flat = simroi.spearman(x, np.ones(len(x)))  # a constant metric: undefined, not a warning
    assert flat.isna().all()


def test_correlation_ratio_of_a_binary_input_is_analytic():
    # Y = X + e, X ~ Bernoulli(0.3), e ~ N(0, 1): eta^2 = 0.21 / 1.21. The binned estimate
    # is exact in form for a 0/1 input; its standard error is about
    # sqrt(4 eta^2 (1 - eta^2)^2 / N) = 0.005 at N = 20000, so 4 SE = 0.02.
    rng = np.random.default_rng(5)
    n = 20000
    x = (rng.random(n) < 0.3).astype(float)
    noise = rng.normal(size=n)
    eta = simroi.correlation_ratio(pd.DataFrame({"x": x, "noise": noise}), x + noise)
    assert eta["x"] == pytest.approx(0.21 / 1.21, abs=0.02)
    assert eta["noise"] == pytest.approx(1 / 1.21, abs=0.02)


def test_correlation_ratio_sees_through_correlated_inputs():
    # Y = X1 only, but X2 is correlated with X1 (Pearson 0.6, Gaussian): E[Y | X2] = 0.6 X2,
    # so eta^2(X2) = 0.36 although X2 does not enter the model.
    rng = np.random.default_rng(6)
    z = rng.multivariate_normal([0, 0], [[1, 0.6], [0.6, 1]], size=20000)
    eta = simroi.correlation_ratio(pd.DataFrame(z, columns=["x1", "x2"]), z[:, 0])
    assert list(eta.index) == ["x1", "x2"]
    assert eta["x1"] == pytest.approx(1.0, abs=0.02)
    assert eta["x2"] == pytest.approx(0.36, abs=0.03)
    assert eta.attrs["bins"] == 100


def test_downside_separates_the_input_that_causes_losses():
    df = simroi.simulate(linear, LINEAR_INPUTS, n=4000, seed=2)
    x = df[["b", "a"]]
    loss = df["a"].to_numpy() < 0.3  # losses happen exactly when a is low
    out = simroi.downside(x, loss)
    assert out["n_loss"] == int(loss.sum())
    assert out["p_loss"] == pytest.approx(loss.mean())
    first, second = out["drivers"]
    assert first["input"] == "a" and second["input"] == "b"  # sorted by KS distance
    assert first["ks"] == pytest.approx(1.0)  # the two conditional ranges do not overlap
    assert first["worst_side"] == "low"
    assert first["p_loss_worst_quartile"] == 1.0  # a in its lowest quartile: always a loss
    assert first["mean_loss"] < 0.3 < first["mean_no_loss"]
    # Loss ranks are the lowest 30 %: mid-rank percentiles average 0.15 vs 0.65.
    assert first["percentile_shift"] == pytest.approx(0.15 - 0.65, abs=1e-3)
    assert second["ks"] < 0.1  # b has nothing to do with it


def test_downside_without_losses_or_with_only_losses_says_so():
    x = pd.DataFrame({"a": np.linspace(0, 1, 50)})
    none = simroi.downside(x, np.zeros(50, dtype=bool))
    assert none["drivers"] == [] and "no iteration of 50 is a loss" in none["note"]
    assert none["p_loss"] == 0.0
    every = simroi.downside(x, np.ones(50, dtype=bool))
    assert every["drivers"] == [] and "every iteration" in every["note"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low": 0.0}, r"low: must be in the open interval \(0, 1\), got 0.0"),
        ({"high": 1.0}, r"high: must be in the open interval \(0, 1\)"),
        ({"low": 0.8, "high": 0.2}, r"low \(0.8\) must be < high \(0.2\)"),
        ({"low": "a"}, "low: must be a number"),
    ],
)
def test_tornado_rejects_bad_percentiles(kwargs, message):
    with pytest.raises(simroi.SimroiError, match=message):
        simroi.tornado(linear, LINEAR_INPUTS, **kwargs)


def test_generic_functions_reject_bad_models_and_inputs():
    with pytest.raises(simroi.SimroiError, match="no uncertain input"):
        simroi.tornado(linear, {"a": 1.0, "b": 2.0})
    with pytest.raises(simroi.ConfigError, match="a: unknown distribution 'unifrom'"):
        simroi.sobol(linear, {"a": {"dist": "unifrom", "low": 0, "high": 1}, "b": 1.0})
    with pytest.raises(simroi.SimroiError, match=r"shape \(\) for 5 rows, expected \(5,\)"):
        simroi.tornado(lambda x: 1.0, LINEAR_INPUTS)
    with pytest.raises(simroi.SimroiError, match="vectorised"):
        simroi.sobol(lambda x: np.ones(5), LINEAR_INPUTS, n=64)
    with pytest.raises(simroi.SimroiError, match=r"non-finite output \(inf\).*a = 0\.9"):
        simroi.tornado(lambda x: np.where(x["a"] > 0.8, np.inf, x["a"]), LINEAR_INPUTS)
    with pytest.raises(simroi.SimroiError, match="non-finite"):
        simroi.sobol(lambda x: np.where(x["a"] > 0.8, np.nan, x["a"]), LINEAR_INPUTS, n=64)
    with pytest.raises(simroi.SimroiError, match="n: must be a whole number >= 8, got 4"):
        simroi.sobol(linear, LINEAR_INPUTS, n=4)
    with pytest.raises(simroi.SimroiError, match="percentiles: must be in the open interval"):
        simroi.spider(linear, LINEAR_INPUTS, percentiles=[0.5, 1.5])


def test_analyze_scenario_rejects_bad_metric_method_and_constant_scenarios(tiny):
    with pytest.raises(simroi.SimroiError, match="metric: must be one of npv, roi"):
        simroi.analyze_scenario(tiny, metric="irr")
    with pytest.raises(simroi.SimroiError, match="method: must be one of tornado"):
        simroi.analyze_scenario(tiny, method="morris")
    constant = {**TINY, "custom_benefits": [{"name": "gain", "monthly": 2000}], "risks": []}
    constant["costs"] = {"one_time": {"setup": 4000}, "monthly": {"admin": 500}}
    with pytest.raises(simroi.SimroiError, match="no uncertain input"):
        simroi.analyze_scenario(simroi.load_scenario(constant))


# --------------------------------------------------------------------------- a whole scenario


def test_analyze_scenario_is_reproducible_and_complete(tiny):
    kwargs = {"metric": "roi", "iterations": 2000, "seed": 11, "sobol_n": 500, "n_bootstrap": 100}
    a = simroi.analyze_scenario(tiny, **kwargs)
    b = simroi.analyze_scenario(tiny, **kwargs)
    assert json.dumps(a) == json.dumps(b)  # every method: identical output for the same seed
    c = simroi.analyze_scenario(tiny, **{**kwargs, "seed": 12})
    assert a["spearman"] != c["spearman"] and a["sobol"] != c["sobol"]
    assert a["tornado"] == c["tornado"]  # exact points: no randomness
    assert list(a)[:5] == ["metric", "base", "tornado", "spearman", "sobol"]  # SPEC §4 first
    assert a["base"] == pytest.approx(tiny_roi(2000, 4000))
    assert (a["sobol_n"], a["sobol_n_rounded_from"]) == (512, 500)
    assert a["sobol_assumes_independence"] is False  # TINY has no correlations
    assert set(a["first_order_correlation_ratio"]) == set(tiny.uncertain)
    assert set(a["sobol"]["risks.overrun"]) == {"S1", "S1_conf", "ST", "ST_conf"}
    assert sum(a["contribution_to_variance"].values()) == pytest.approx(1.0)
    assert a["downside"]["iterations"] == 2000 and a["seed"] == 11
    assert list(a["spider"]["values"]) == ["costs.one_time.setup", "custom_benefits.gain.monthly"]


def test_analyze_scenario_runs_only_the_method_asked_for(tiny):
    only = simroi.analyze_scenario(tiny, method="tornado")
    assert only["tornado"] and only["spider"] and only["base"] == 14000
    assert only["spearman"] is None and only["sobol"] is None and only["downside"] is None
    assert only["iterations"] is None  # nothing was simulated


def test_analyze_scenario_flags_sobol_under_correlations(tmp_path):
    cfg = tmp_path / "tiny.yaml"
    cfg.write_text(TINY_YAML, encoding="utf-8")
    scn = simroi.load_scenario(cfg)
    out = simroi.analyze_scenario(scn, method="sobol", iterations=2000, sobol_n=256)
    assert out["sobol_assumes_independence"] is True
    assert out["correlation_ratio_bins"] == 44  # floor(sqrt(2000))


# --------------------------------------------------------------------------- command line


@pytest.fixture()
def config(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_YAML, encoding="utf-8")
    return path


def run_cli(*args):
    return CliRunner().invoke(main, ["sensitivity", *map(str, args)])


def test_cli_json_and_files(config, tmp_path):
    out = tmp_path / "out"
    args = (config, "--json", "-o", out, "--seed", 1, "-n", 2000, "--sobol-n", 256)
    res = run_cli(*args)
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)  # nothing else on stdout
    assert data["metric"] == "npv" and data["base"] == 14000
    assert data["sobol_assumes_independence"] is True
    assert sorted(p.name for p in out.iterdir()) == [
        "sensitivity.json",
        "sobol.png",
        "spider.png",
        "tornado.png",
    ]
    assert json.loads((out / "sensitivity.json").read_text()) == data
    again = run_cli(*args, "--force")
    assert again.exit_code == 0 and json.loads(again.stdout) == data


def test_cli_table_and_default_output_dir(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli(config, "--seed", 1, "-n", 1000, "--sobol-n", 64, "--metric", "roi")
    assert res.exit_code == 0, res.output
    assert "what drives roi" in res.stdout and "custom_benefits.gain.monthly" in res.stdout
    (run_dir,) = (tmp_path / "outputs" / "tiny").iterdir()
    assert run_dir.name.endswith("-sensitivity")
    assert (run_dir / "sensitivity.json").exists()


def test_cli_tornado_only_writes_the_one_at_a_time_charts(config, tmp_path):
    out = tmp_path / "out"
    res = run_cli(config, "--method", "tornado", "-o", out, "--json")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "sensitivity.json",
        "spider.png",
        "tornado.png",
    ]
    assert json.loads(res.stdout)["sobol"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--low", "0.9", "--high", "0.1"), "Error: low (0.9) must be < high (0.1)"),
        (("--low", "1.5"), "Error: low: must be in the open interval (0, 1), got 1.5"),
        (("--sobol-n", "4"), "Error: n: must be a whole number >= 8, got 4"),
        (("--metric", "irr"), "Invalid value for '--metric'"),
        (("--method", "morris"), "Invalid value for '--method'"),
    ],
)
def test_cli_bad_input_exits_2_and_writes_nothing(config, tmp_path, args, message):
    out = tmp_path / "out"
    res = run_cli(config, "-o", out, "-n", 500, "--sobol-n", 64, *args)
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]  # no staging left


def test_cli_bad_scenario_and_existing_run(config, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: {name: x}\ndrivers: {conversion_lfit: 0.1}\n", encoding="utf-8")
    res = run_cli(bad, "-o", tmp_path / "never")
    assert res.exit_code == 2 and "Error:" in res.stderr and "conversion_lfit" in res.stderr
    assert not (tmp_path / "never").exists()
    out = tmp_path / "out"
    assert run_cli(config, "--method", "tornado", "-o", out).exit_code == 0
    res = run_cli(config, "--method", "tornado", "-o", out)
    assert res.exit_code == 2 and "already holds a run" in res.stderr
