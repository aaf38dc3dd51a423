"""Sensitivity: sample-based measures, a whole scenario, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sensitivity_cases import LINEAR_INPUTS, TINY, linear, tiny_roi

import simroi
from simroi.cli import main

# --------------------------------------------------------------------------- fixtures

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


@pytest.fixture(scope="module")
def tiny():
    return simroi.load_scenario(TINY)


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
    kwargs = {"metric": "roi", "iterations": 2000, "seed": 11, "sobol_n": 500}
    a = simroi.analyze_scenario(tiny, **kwargs)
    b = simroi.analyze_scenario(tiny, **kwargs)
    assert json.dumps(a) == json.dumps(b)  # every method: identical output for the same seed
    c = simroi.analyze_scenario(tiny, **{**kwargs, "seed": 12})
    assert a["spearman"] != c["spearman"] and a["sobol"] != c["sobol"]
    assert a["tornado"] == c["tornado"]  # exact points: no randomness
    assert list(a)[:5] == ["metric", "base", "tornado", "spearman", "sobol"]  # in this order
    assert a["base"] == pytest.approx(tiny_roi(2000, 4000))
    assert (a["sobol_n"], a["sobol_n_rounded_from"]) == (512, 500)
    assert (a["sobol_replicates"], a["sobol_evaluations"]) == (16, 512 * (len(tiny.uncertain) + 2))
    assert a["sobol_interval"].startswith("t interval over 16 independent scramblings")
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
    assert sorted(p.name for p in out.iterdir() if p.name != ".simroi-files") == [
        "run.json",
        "sensitivity.json",
        "sobol.png",
        "spearman.png",
        "spider.png",
        "tornado.png",
    ]  # no downside.png: 2,000 iterations of the tiny scenario hold too few losses
    assert data["downside"]["n_loss"] < data["downside"]["min_loss_iterations"]
    assert json.loads((out / "sensitivity.json").read_text()) == data
    again = run_cli(*args, "--force")
    assert again.exit_code == 0 and json.loads(again.stdout) == data


def test_cli_table_and_default_output_dir(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = run_cli(config, "--seed", 1, "-n", 1000, "--sobol-n", 64, "--metric", "roi")
    assert res.exit_code == 0, res.output
    # inputs named for people, the metric by its name (issue 19)
    assert "what drives ROI" in res.stdout and "Benefit: gain" in res.stdout
    (run_dir,) = (tmp_path / "outputs" / "tiny").iterdir()
    assert run_dir.name.endswith("-sensitivity")
    assert (run_dir / "sensitivity.json").exists()


def test_cli_tornado_only_writes_the_one_at_a_time_charts(config, tmp_path):
    out = tmp_path / "out"
    res = run_cli(config, "--method", "tornado", "-o", out, "--json")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir() if p.name != ".simroi-files") == [
        "run.json",
        "sensitivity.json",
        "spider.png",
        "tornado.png",
    ]
    assert json.loads(res.stdout)["sobol"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--low", "0.9", "--high", "0.1"),
            "Error: low: the low percentile (0.9) must be < the high one (0.1)",
        ),
        (("--low", "1.5"), "Error: Invalid value for '--low': 1.5 is not in the range 0<x<1"),
        (("--sobol-n", "4"), "Error: Invalid value for '--sobol-n': 4 is not in the range 8<=x"),
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
