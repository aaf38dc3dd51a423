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
