"""Sobol indices: analytic Ishigami and linear cases, calibrated intervals, rounding of n,
reproducibility."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sensitivity_cases import LINEAR_INPUTS, linear

import simroi


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x["x1"]) + a * np.sin(x["x2"]) ** 2 + b * x["x3"] ** 4 * np.sin(x["x1"])


UNIFORM_PI = {"dist": "uniform", "low": -math.pi, "high": math.pi}
ISHIGAMI_INPUTS = {name: UNIFORM_PI for name in ("x1", "x2", "x3")}
# Analytic indices for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2008).
ISHIGAMI_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
ISHIGAMI_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def test_sobol_ishigami_matches_analytic_indices():
    idx = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=2**14, seed=1)
    assert list(idx.columns) == ["S1", "S1_conf", "ST", "ST_conf"]
    assert idx.attrs["n"] == 2**14 and idx.attrs["evaluations"] == 2**14 * 5
    assert idx.attrs["replicates"] == 16
    assert idx.attrs["interval"] == (
        "t interval over 16 independent scramblings (randomised QMC replicates)"
    )
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
    idx = simroi.sobol(linear, LINEAR_INPUTS, n=3000, seed=1, replicates=1)
    assert (idx.attrs["n"], idx.attrs["n_requested"]) == (4096, 3000)
    assert idx[["S1_conf", "ST_conf"]].isna().all().all()  # one design: no interval
    assert idx.attrs["interval"] is None and idx.attrs["evaluations"] == 4096 * 4


@pytest.mark.parametrize(("n", "replicates"), [(8, 1), (16, 2), (64, 8), (128, 16), (2**20, 16)])
def test_sobol_replicates_default_to_16_leaving_at_least_8_points_each(n, replicates):
    from simroi.analysis.sobol import _replicates

    assert _replicates(None, n) == replicates


@pytest.mark.parametrize("bad", [3, 0, 64, True, 2.0])
def test_sobol_bad_replicates_name_the_rule(bad):
    with pytest.raises(simroi.SimroiError, match="replicates: must be"):
        simroi.sobol(linear, LINEAR_INPUTS, n=256, seed=1, replicates=bad)


def test_sobol_same_seed_identical_other_seed_different():
    a = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7)
    b = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7)
    c = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=8)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(c)


def test_sobol_result_does_not_depend_on_chunk_size():
    a = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7)
    b = simroi.sobol(ishigami, ISHIGAMI_INPUTS, n=1024, seed=7, chunk_size=100)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_sobol_constant_output_is_an_error():
    with pytest.raises(simroi.SimroiError, match="does not vary"):
        simroi.sobol(lambda x: 0 * x["a"] + 1.0, LINEAR_INPUTS, n=64, seed=1)


# --------------------------------------------------------------------------- calibration
#
# The interval must mean what it says: over repeated seeds, the 95 % interval covers the
# truth 90..98 % of the time and its mean half-width is 0.8..1.25 x 1.96 x the seed-to-seed
# sd of the estimate (the review of 9a6e7d2 measured 3.7..5.6 x with the old row bootstrap
# at n = 2,048). With R = 16 replicates the expected ratio is t(15) E[s] / (1.96 sigma)
# = 2.131 x 0.983 / 1.96 = 1.07.


def _ishigami_truth(a=7.0, b=0.1) -> np.ndarray:
    """S1 then ST of x1, x2, x3, analytic (Ishigami & Homma 1990)."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0, v1 + v13, v2, v13]) / v


def _repeat(f, inputs, n: int, seeds: range) -> tuple[np.ndarray, np.ndarray]:
    """(estimates, half-widths), each shape (seeds, 2d): S1 then ST."""
    est, conf = [], []
    for seed in seeds:
        t = simroi.sobol(f, inputs, n=n, seed=seed)
        est.append(np.r_[t["S1"], t["ST"]])
        conf.append(np.r_[t["S1_conf"], t["ST_conf"]])
    return np.array(est), np.array(conf)


def _calibration(est, conf, truth) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per index: coverage, mean half-width / (1.96 sd), bias in units of its se."""
    sd = est.std(axis=0, ddof=1)
    coverage = (np.abs(est - truth) <= conf).mean(axis=0)
    bias = (est.mean(axis=0) - truth) / (sd / np.sqrt(len(est)))
    return coverage, conf.mean(axis=0) / (1.96 * sd), bias


def test_the_ishigami_truth_is_the_published_one():
    assert _ishigami_truth() == pytest.approx(
        [ISHIGAMI_S1[k] for k in ("x1", "x2", "x3")] + [ISHIGAMI_ST[k] for k in ("x1", "x2", "x3")],
        abs=1e-4,
    )


@pytest.mark.parametrize("n", [256, 2048])
def test_sobol_intervals_are_calibrated_small(n):
    """40 seeds: coverage and width within what 40 repetitions can tell (the slow test
    below has the bounds of the brief). Binomial sd of coverage at 95 %: 3.4 points; the
    relative sd of an sd from 40 values: 11 %."""
    est, conf = _repeat(ishigami, ISHIGAMI_INPUTS, n, range(40))
    coverage, ratio, bias = _calibration(est, conf, _ishigami_truth())
    assert coverage.mean() >= 0.95 - 4 * 0.034 / np.sqrt(6), coverage
    assert np.all(coverage >= 0.95 - 4 * 0.034), coverage
    assert np.all((ratio > 1.07 * (1 - 4 * 0.11)) & (ratio < 1.07 * (1 + 4 * 0.11))), ratio
    assert np.all(np.abs(bias) < 4), bias


def _calibrated(coverage, ratio, bias, reps: int) -> None:
    """The brief's bounds: coverage 90..98 % (on average over the indices, and per index
    within 3.5 binomial sd of 95 %), width 0.8..1.25, no bias beyond 4 se."""
    assert 0.90 <= coverage.mean() <= 0.98, coverage
    assert np.all(np.abs(coverage - 0.95) <= 3.5 * np.sqrt(0.95 * 0.05 / reps)), coverage
    assert np.all((ratio >= 0.8) & (ratio <= 1.25)), ratio
    assert np.all(np.abs(bias) < 4), bias


@pytest.mark.slow
@pytest.mark.parametrize("n", [256, 2048])
def test_sobol_intervals_are_calibrated_on_ishigami(n):
    """400 seeds. Measured (R = 16): n = 256 coverage 92.2-96.8 %, width ratio 1.03-1.15;
    n = 2,048 coverage 92.2-96.5 %, ratio 0.98-1.13; bias within 1 se."""
    est, conf = _repeat(ishigami, ISHIGAMI_INPUTS, n, range(400))
    coverage, ratio, bias = _calibration(est, conf, _ishigami_truth())
    print(f"n={n} coverage {coverage.round(3)} ratio {ratio.round(2)} bias {bias.round(1)}")
    _calibrated(coverage, ratio, bias, 400)


@pytest.fixture(scope="module")
def smb_npv():
    from pathlib import Path

    from simroi.analysis.sensitivity import scenario_metric

    scn = simroi.load_scenario(Path(__file__).resolve().parents[2] / "configs" / "smb.yaml")
    return scenario_metric(scn, "npv"), scn.inputs


@pytest.mark.slow
@pytest.mark.parametrize("n", [256, 2048])
def test_sobol_intervals_are_calibrated_on_a_template(smb_npv, n):
    """configs/smb.yaml's NPV (9 inputs: a risk event, a discrete input), 200 seeds; the
    truth is one scrambled design of 2**17 points (its own error is a small fraction of
    the spread at n = 2,048). Measured: n = 256 coverage 91-98 % (mean 94.4 %), ratio
    0.94-1.16; n = 2,048 coverage 92-98.5 % (mean 95.0 %), ratio 0.98-1.16. At 200 seeds
    the binomial sd of one coverage is 1.5 points, so 98.5 % on 2 of 18 indices is
    sampling; the average over the indices is held to 90-98 %."""
    f, inputs = smb_npv
    ref = simroi.sobol(f, inputs, n=2**17, seed=12345, replicates=1)
    truth = np.r_[ref["S1"], ref["ST"]]
    est, conf = _repeat(f, inputs, n, range(200))
    coverage, ratio, bias = _calibration(est, conf, truth)
    print(f"n={n} coverage {coverage.round(3)} ratio {ratio.round(2)} bias {bias.round(1)}")
    _calibrated(coverage, ratio, bias, 200)
