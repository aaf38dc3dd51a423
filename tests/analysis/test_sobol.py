"""Sobol indices: analytic Ishigami and linear cases, rounding of n, reproducibility."""

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
