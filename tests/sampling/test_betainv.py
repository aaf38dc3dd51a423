"""The fast beta inverse CDF: against scipy's betaincinv, elementwise, fallbacks, far tails."""

import numpy as np
import pytest
import scipy.stats as st
from scipy import special

from simroi.sampling import betainv
from simroi.sampling.betainv import beta_ppf

SHAPES = [
    (1, 1),
    (1, 5),
    (5, 1),
    (1, 1.0001),
    (0.5, 0.5),
    (0.1, 3),
    (2, 0.2),
    (0.05, 0.05),
    (1.8, 3.2),
    (7 / 3, 11 / 3),
    (3, 3),
    (50, 2),
    (2, 50),
    (1000, 1000),
    (1e4, 3),
    (30, 0.01),
]
U_WIDE = np.concatenate(
    [
        np.logspace(-12, np.log10(0.5), 3000),
        1 - np.logspace(-12, np.log10(0.5), 3000),
        np.random.default_rng(3).random(4000),
    ]
)


@pytest.mark.parametrize(("a", "b"), SHAPES)
def test_fast_beta_ppf_agrees_with_scipy(a, b):
    np.testing.assert_allclose(
        beta_ppf(U_WIDE, a, b), st.beta(a, b).ppf(U_WIDE), rtol=0, atol=1e-10
    )


# u from 1e-16 to 1 - 1e-16, densest in the tails, and 10^5 uniforms
U_DEEP = np.concatenate(
    [
        np.logspace(-16, np.log10(0.5), 20_000),
        1 - np.logspace(-16, np.log10(0.5), 20_000),
        np.random.default_rng(11).random(100_000),
    ]
)
# PERT shapes (a + b = 6) as the scenario files give them, and the SHAPES above
PERT_SHAPES = [(1 + 4 * c, 5 - 4 * c) for c in (0.01, 0.1, 0.25, 0.4, 0.5, 0.8, 0.99)]


@pytest.mark.parametrize(("a", "b"), PERT_SHAPES + SHAPES)
def test_fast_beta_ppf_is_exact_to_1e12_relative(a, b):
    # the interpolated values (no Halley step) as well as the polished ones: relative
    # error in x below 1e-12 (about 1e-14 for PERT shapes), absolute below 1e-13
    got, want = beta_ppf(U_DEEP, a, b), st.beta(a, b).ppf(U_DEEP)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-13)


@pytest.mark.parametrize(("a", "b"), PERT_SHAPES)
def test_pert_shapes_need_no_special_function_per_value(a, b):
    # every interval of the table passed its check: the fast path is the whole path
    table = betainv._beta_table(float(a), float(b))
    assert table.all_verified
    assert table.first == 0 and table.last == betainv._GRID_NODES - 1


def test_unverified_intervals_are_polished_to_rounding(monkeypatch):
    # with no interval verified, every value takes the Halley step: exact to rounding
    betainv._beta_table.cache_clear()
    monkeypatch.setattr(betainv, "_Z_TOL", -1.0)
    try:
        got = beta_ppf(U_WIDE, 2.5, 4.5)
    finally:
        betainv._beta_table.cache_clear()
    np.testing.assert_allclose(got, special.betaincinv(2.5, 4.5, U_WIDE), rtol=1e-14, atol=0)


def test_fast_beta_ppf_is_elementwise():
    # the sampler relies on it: chunking must not change a single bit
    u = np.random.default_rng(5).random(70_000)  # more than one internal piece
    whole = beta_ppf(u, 2.5, 4.5)
    parts = np.concatenate([beta_ppf(u[i : i + 997], 2.5, 4.5) for i in range(0, u.size, 997)])
    np.testing.assert_array_equal(whole, parts)


def test_fast_beta_ppf_falls_back_to_betaincinv(monkeypatch):
    betainv._beta_table.cache_clear()
    monkeypatch.setattr(betainv, "_Z_TOL", -1.0)  # no interval verified: every value polished
    monkeypatch.setattr(betainv, "_STEP_TOL", -1.0)  # no Halley step counts as converged
    u = np.linspace(0.001, 0.999, 3000)
    try:
        got = beta_ppf(u, 2.5, 4.5)
    finally:
        betainv._beta_table.cache_clear()
    np.testing.assert_array_equal(got, special.betaincinv(2.5, 4.5, u))


def test_fast_beta_ppf_edges():
    out = beta_ppf(np.array([0.0, 1.0, np.nan, 0.5]), 2.5, 4.5)
    assert out[0] == 0.0 and out[1] == 1.0 and np.isnan(out[2])
    assert out[3] == pytest.approx(st.beta(2.5, 4.5).median(), rel=1e-14)


@pytest.mark.parametrize(("a", "b"), [(2.5, 4.5), (0.5, 3), (30, 4.5), (300, 300)])
def test_fast_beta_ppf_far_lower_tail(a, b):
    # scipy's betaincinv returns NaN for some u below ~1e-200 (recorded with scipy 1.17);
    # check the CDF round trip instead: I_x(a, b) = u to 1e-12 relative
    u = np.array([1e-20, 1e-100, 1e-200, 1e-250, 1e-300])
    x = beta_ppf(u, a, b)
    assert np.all(np.isfinite(x)) and np.all(np.diff(x) <= 0)
    fine = x > 1e-300  # (0.5, 3) underflows to 0 below u ~ 1e-150, correctly
    # relative error of x, from the round trip: log I_x ~ a log x in the tail
    err = np.abs(np.log(special.betainc(a, b, x[fine])) - np.log(u[fine])) / a
    assert np.all(err < 1e-13)
    assert 0 <= beta_ppf(np.array([5e-324]), a, b)[0] <= x[-1]


@pytest.mark.parametrize("a, b", [(1e-4, 3e3), (0.01, 3e4), (3e5, 0.01), (3e3, 1e-4)])
def test_extreme_shapes_warn_nothing_and_match_scipy(a, b):
    # These shapes once overflowed exp() while building the interpolation table
    # (RuntimeWarning); the suite's filterwarnings=error turns any warning into a failure.
    betainv._beta_table.cache_clear()
    u = np.linspace(0.01, 0.99, 99)
    got = beta_ppf(u, a, b)
    want = special.betaincinv(a, b, u)
    # Recorded, not derived: at these shapes the relative error reaches 1e-10 (0.01, 3e4)
    # (it was 9e-8 while the Halley step solved for 1 - x wherever u > 1/2)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0)
