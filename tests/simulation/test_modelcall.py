"""The calling convention shared by tornado, spider and sobol: bad models and inputs."""

from __future__ import annotations

import numpy as np
import pytest
from sensitivity_cases import LINEAR_INPUTS, linear

import simroi


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


# ----------------------------------------------------------------- API misuse (issue #9 B8)

_U = {"a": {"dist": "uniform", "low": 0, "high": 1}, "b": 2.0}


@pytest.mark.parametrize(
    ("f", "inputs", "kwargs", "message"),
    [
        (lambda x: "abc", _U, {}, "'output' must be real numbers.*type <U3"),
        (lambda x: np.array([object()] * len(x["a"])), _U, {}, "must be real numbers.*object"),
        (lambda x: x["a"] + 1j, _U, {}, "must be real numbers.*complex"),
        (lambda x: {"a": x["a"] * 2}, _U, {}, "'a' has the name of an input"),
        (lambda x: {"b": x["a"] * 2}, _U, {}, "'b' has the name of an input"),
        (lambda x: x["a"][:5], _U, {}, r"has shape \(5,\), expected \(100,\)"),
        (lambda x: x["a"], {1: {"dist": "uniform", "low": 0, "high": 1}}, {}, "got 1 \\(int\\)"),
        (42, _U, {}, "f: must be a function, got int"),
        (lambda x: x["a"], _U, {"progress": 5}, "progress: must be a function"),
    ],
)
def test_simulate_refuses_misuse_with_a_simroi_error(f, inputs, kwargs, message):
    with pytest.raises(simroi.SimroiError, match=message):
        simroi.simulate(f, inputs, n=100, seed=1, **kwargs)


def test_simulate_scenario_loads_a_dict_or_path_and_refuses_other_types():
    from pathlib import Path

    config = Path(__file__).parents[2] / "configs" / "smb.yaml"
    by_path = simroi.simulate_scenario(str(config), iterations=500, seed=3)
    by_scn = simroi.simulate_scenario(simroi.load_scenario(config), iterations=500, seed=3)
    assert by_path.samples.equals(by_scn.samples)
    with pytest.raises(simroi.ConfigError, match="costs"):
        simroi.simulate_scenario({"scenario": {"name": "x"}}, iterations=100)
    with pytest.raises(simroi.SimroiError, match="scn: must be a Scenario .* got int"):
        simroi.simulate_scenario(5)


def test_huge_but_finite_results_are_an_error_naming_the_input(tmp_path):
    """Issue #9 C1: huge implementation costs gave "mean": null and leaked warnings."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "configs" / "smb.yaml").read_text()
    start = text.index("implementation: {dist: triangular")
    end = text.index("}", start) + 1
    path = tmp_path / "huge.yaml"
    huge = "implementation: {dist: uniform, low: 0, high: 1e300}"  # the largest allowed
    path.write_text(text[:start] + huge + text[end:])
    scn = simroi.load_scenario(path)
    with pytest.raises(
        simroi.SimroiError, match=r"too large a .*beyond 1e\+145.*one_time\.implementation = "
    ):
        simroi.simulate_scenario(scn, iterations=500, seed=1)
    with pytest.raises(simroi.SimroiError, match=r"too large an output \(1.5e\+200\).* a = 1.5"):
        simroi.tornado(lambda x: x["a"] * 1e200, {"a": {"dist": "uniform", "low": 1, "high": 2}})
