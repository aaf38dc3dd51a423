"""Run to a precision: every SE below the target, not far past the SE formula, reproducible."""

from pathlib import Path

import pytest

import simroi
from simroi.errors import SimroiError

SCN = simroi.load_scenario(
    Path(simroi.__file__).parent / "scenario" / "templates" / "manufacturer.yaml"
)


def test_stops_below_target_and_near_the_formula():
    target = 0.006
    res = simroi.simulate_scenario(SCN, precision=target, seed=5)
    s = res.summary()
    info = s["precision"]
    assert s["stopped_by"] == "precision" and s["iterations"] == res.iterations
    assert max(info["standard_errors"].values()) <= target
    assert s["prob_roi_positive_se"] <= target
    assert s["iterations"] < 1.5 * info["iterations_needed_by_formula"]
    assert res.samples.shape[0] == s["iterations"]
    again = simroi.simulate_scenario(SCN, precision=target, seed=5).summary()
    assert again == s


def test_max_iterations_says_so():
    s = simroi.simulate_scenario(SCN, precision=0.001, max_iterations=3000, seed=1).summary()
    assert s["stopped_by"] == "max_iterations" and s["iterations"] == 3000


def test_bad_precision():
    with pytest.raises(SimroiError, match="precision"):
        simroi.simulate_scenario(SCN, precision=0.0)
