"""Distribution specs: every form against scipy.stats, every parse error rule."""

import math
import pickle

import numpy as np
import pytest
import scipy.stats as st

from simroi.errors import ConfigError, SimroiError
from simroi.sampling.distributions import DIST_NAMES, Distribution, bernoulli
from simroi.sampling.specs import parse, pert_shape

U = np.concatenate([[1e-12, 1e-6, 0.01, 0.05], np.linspace(0.1, 0.9, 17), [0.95, 0.99, 1 - 1e-9]])
Z95 = st.norm.ppf(0.95)

# spec -> scipy.stats reference (the formulas of SPEC §3 written out independently)
CASES = [
    ({"dist": "uniform", "low": 2, "high": 5}, st.uniform(2, 3)),
    ({"dist": "triangular", "min": 1, "mode": 2, "max": 4}, st.triang(1 / 3, loc=1, scale=3)),
    ({"dist": "triangular", "min": 1, "mode": 1, "max": 4}, st.triang(0.0, loc=1, scale=3)),
    ({"dist": "triangular", "min": 1, "mode": 4, "max": 4}, st.triang(1.0, loc=1, scale=3)),
    # PERT(1, 2, 4), lambda 4: alpha = 1 + 4 * 1/3, beta = 1 + 4 * 2/3
    ({"dist": "pert", "min": 1, "mode": 2, "max": 4}, st.beta(7 / 3, 11 / 3, loc=1, scale=3)),
    (
        {"dist": "pert", "min": 0.1, "mode": 0.18, "max": 0.3, "lambda": 2},
        st.beta(1 + 2 * 0.4, 1 + 2 * 0.6, loc=0.1, scale=0.2),
    ),
    ({"dist": "pert", "min": 0, "mode": 0, "max": 10}, st.beta(1, 5, loc=0, scale=10)),
    ({"dist": "normal", "mean": 3, "sd": 2}, st.norm(3, 2)),
    (
        {"dist": "normal", "mean": 3, "sd": 2, "min": 0, "max": 4},
        st.truncnorm(-1.5, 0.5, loc=3, scale=2),
    ),
    ({"dist": "normal", "mean": 0, "sd": 1, "min": 2}, st.truncnorm(2, np.inf)),
    ({"dist": "normal", "mean": 0, "sd": 1, "max": -3}, st.truncnorm(-np.inf, -3)),
    ({"dist": "normal", "ci90": [10, 20]}, st.norm(15, 5 / Z95)),
    ({"dist": "lognormal", "ci90": [1, 5]}, st.lognorm(np.log(5) / (2 * Z95), scale=np.sqrt(5))),
    ({"dist": "beta", "a": 2, "b": 3}, st.beta(2, 3)),
    ({"dist": "beta", "a": 0.5, "b": 0.7, "min": 10, "max": 20}, st.beta(0.5, 0.7, 10, 10)),
]


def _ids(case):
    return ",".join(f"{k}={v}" for k, v in case.items())


@pytest.mark.parametrize(("spec", "ref"), CASES, ids=[_ids(c[0]) for c in CASES])
def test_matches_scipy_reference(spec, ref):
    dist = parse(spec, "x")
    assert isinstance(dist, Distribution)
    np.testing.assert_allclose(dist.ppf(U), ref.ppf(U), rtol=1e-12, atol=1e-12)
    assert dist.quantile(0.3) == pytest.approx(ref.ppf(0.3), rel=1e-12)
    assert dist.mean() == pytest.approx(ref.mean(), rel=1e-12)
    assert dist.median() == pytest.approx(ref.median(), rel=1e-12)
    assert dist.support == pytest.approx(ref.support())
    assert dist.ppf(0.0) == dist.support[0] and dist.ppf(1.0) == dist.support[1]


def test_discrete_matches_rv_discrete():
    dist = parse({"dist": "discrete", "values": [3, 0.5, 10], "probs": [0.5, 0.2, 0.3]}, "x")
    ref = st.rv_discrete(values=([0.5, 3, 10], [0.2, 0.5, 0.3]))
    u = np.linspace(0.001, 0.999, 999)
    # Away from the cumulative boundaries 0.2 and 0.7, where a float u of "0.7" may
    # land either side (simroi counts a CDF within 1e-12 of u as reaching it).
    u = u[np.min(np.abs(u[:, None] - np.array([0.2, 0.7])), axis=1) > 1e-9]
    np.testing.assert_array_equal(dist.ppf(u), ref.ppf(u))
    assert dist.quantile(0.2) == 0.5 and dist.quantile(0.7) == 3.0
    assert dist.mean() == pytest.approx(0.5 * 0.2 + 3 * 0.5 + 10 * 0.3)
    assert dist.median() == 3.0
    assert dist.support == (0.5, 10.0)


def test_discrete_probs_default_to_equal():
    dist = parse({"dist": "discrete", "values": [1, 2, 4, 8]}, "x")
    assert dist.spec["probs"] == [0.25] * 4
    assert dist.mean() == pytest.approx(3.75)


def test_discrete_skips_values_of_zero_probability():
    dist = parse({"dist": "discrete", "values": [1, 2, 3], "probs": [0.5, 0.0, 0.5]}, "x")
    assert set(dist.ppf(np.linspace(0.001, 0.999, 1000))) == {1.0, 3.0}


@pytest.mark.parametrize("spec", [{"dist": "normal"}, {"dist": "lognormal"}])
def test_ci90_gives_the_5th_and_95th_percentiles_exactly(spec):
    dist = parse({**spec, "ci90": [1.5, 40]}, "x")
    assert dist.quantile(0.05) == pytest.approx(1.5, rel=1e-12, abs=0)
    assert dist.quantile(0.95) == pytest.approx(40, rel=1e-12, abs=0)


def test_ci90_with_bounds_truncates_the_untruncated_fit():
    dist = parse({"dist": "normal", "ci90": [10, 20], "min": 12}, "x")
    sd = 5 / Z95
    ref = st.truncnorm((12 - 15) / sd, np.inf, loc=15, scale=sd)
    x = dist.ppf(U)
    low = U <= 0.5
    np.testing.assert_allclose(x[low], ref.ppf(U[low]), rtol=1e-12)
    # upper half: round trip through scipy's sf, as truncnorm.ppf itself loses ~3e-8
    # relative there (recorded with scipy 1.17: sf(ppf(1 - 1e-9)) = 1.0000000020e-9)
    np.testing.assert_allclose(ref.sf(x[~low]), 1 - U[~low], rtol=1e-12)
    assert dist.support == (12.0, math.inf)


def test_truncated_normal_far_tail_stays_exact():
    dist = parse({"dist": "normal", "mean": 0, "sd": 1, "min": 8, "max": 9}, "x")
    ref = st.truncnorm(8, 9)
    np.testing.assert_allclose(dist.ppf(U), ref.ppf(U), rtol=1e-10)
    assert np.all((dist.ppf(U) >= 8) & (dist.ppf(U) <= 9))


def test_lognormal_mean_sd_are_those_of_the_variable():
    dist = parse({"dist": "lognormal", "mean": 50, "sd": 20}, "x")
    assert dist.frozen.mean() == pytest.approx(50, rel=1e-12)
    assert dist.frozen.std() == pytest.approx(20, rel=1e-12)
    assert dist.support == (0.0, math.inf)


def test_pert_shape_and_classic_mean():
    lo, mode, hi, lam = 40000, 60000, 100000, 4
    assert pert_shape(lo, mode, hi, lam) == pytest.approx((1 + 4 / 3, 1 + 8 / 3))
    dist = parse({"dist": "pert", "min": lo, "mode": mode, "max": hi}, "x")
    assert dist.spec["lambda"] == 4.0
    assert dist.mean() == pytest.approx((lo + lam * mode + hi) / (lam + 2), rel=1e-12)


def test_number_is_a_float_constant():
    assert parse(5000, "x") == 5000.0 and type(parse(5000, "x")) is float
    assert parse(np.float64(0.5), "x") == 0.5
    d = parse({"dist": "uniform", "low": 0, "high": 1}, "x")
    assert parse(d, "x") is d


def test_dist_names():
    assert DIST_NAMES == (
        "uniform",
        "triangular",
        "pert",
        "normal",
        "lognormal",
        "beta",
        "discrete",
    )


# ---------------------------------------------------------------- parse errors, one per rule

P = "drivers.conversion_lift"
ERRORS = [
    (
        {"dist": "pert", "min": 0.3, "mode": 0.2, "max": 0.1},
        f"{P}: 'min' (0.3) must be <= 'mode' (0.2) <= 'max' (0.1)",
    ),
    (
        {"dist": "triangular", "min": 1, "mode": 5, "max": 4},
        f"{P}: 'min' (1) must be <= 'mode' (5) <= 'max' (4)",
    ),
    ({"dist": "normal", "mean": 0, "sd": -1}, f"{P}.sd: must be > 0, got -1"),
    ({"dist": "normal", "ci90": [5, 1]}, f"{P}.ci90: must be [lo, hi] with lo < hi, got [5, 1]"),
    (
        {"dist": "normal", "ci90": [5]},
        f"{P}.ci90: must be [lo, hi], two finite numbers with lo < hi, got [5]",
    ),
    (
        {"dist": "lognormal", "ci90": [0, 5]},
        f"{P}.ci90: must be [lo, hi] with 0 < lo < hi, got [0, 5]",
    ),
    ({"dist": "lognormal", "mean": -2, "sd": 1}, f"{P}.mean: must be > 0, got -2"),
    (
        {"dist": "nromal", "mean": 0, "sd": 1},
        f"{P}: unknown distribution 'nromal'; did you mean 'normal'?",
    ),
    (
        {"dist": "gaussian", "mean": 0, "sd": 1},
        f"{P}: unknown distribution 'gaussian'; did you mean 'normal'?",
    ),
    ({"dist": "pert", "min": 0, "max": 1}, f"{P}: missing parameter 'mode' for pert"),
    (
        {"min": 0, "max": 1},
        f"{P}: missing parameter 'dist' (one of {', '.join(DIST_NAMES)}) in a distribution spec",
    ),
    (
        {"dist": "uniform", "low": 0, "high": 1, "sd": 3},
        f"{P}: unexpected parameter 'sd' for uniform (allowed: low, high)",
    ),
    (
        {"dist": "normal", "mean": 0, "sd": 1, "ci90": [1, 2]},
        f"{P}: give either 'mean' and 'sd' or 'ci90' for normal, not both",
    ),
    ({"dist": "normal", "mean": 1}, f"{P}: missing parameter 'sd' for normal"),
    ({"dist": "normal"}, f"{P}: normal needs 'mean' and 'sd', or 'ci90'"),
    (
        {"dist": "normal", "mean": 0, "sd": 1, "min": 50, "max": 60},
        f"{P}: truncation to [50, 60] holds no probability mass of normal(mean=0, sd=1) (mass 0)",
    ),
    (
        {"dist": "normal", "mean": 0, "sd": 1, "min": 5, "max": 1},
        f"{P}: 'min' (5) must be < 'max' (1)",
    ),
    (
        {"dist": "uniform", "low": 2, "high": 2},
        f"{P}: 'low' (2) must be < 'high' (2); for a fixed value use a constant",
    ),
    (
        {"dist": "pert", "min": 3, "mode": 3, "max": 3},
        f"{P}: 'min' (3) must be < 'max' (3); for a fixed value use a constant",
    ),
    (
        {"dist": "pert", "min": 0, "mode": 1, "max": 2, "lambda": 0},
        f"{P}.lambda: must be > 0, got 0",
    ),
    ({"dist": "beta", "a": 0, "b": 2}, f"{P}.a: must be > 0, got 0"),
    (
        {"dist": "beta", "a": 1, "b": 2, "min": 4, "max": 1},
        f"{P}: 'min' (4) must be < 'max' (1)",
    ),
    (
        {"dist": "uniform", "low": float("nan"), "high": 1},
        f"{P}.low: must be a finite number of size at most 1e300, got nan",
    ),
    (
        {"dist": "uniform", "low": 0, "high": float("inf")},
        f"{P}.high: must be a finite number of size at most 1e300, got inf",
    ),
    ({"dist": "uniform", "low": True, "high": 2}, f"{P}.low: must be a number, got True"),
    ({"dist": "uniform", "low": "0", "high": 2}, f"{P}.low: must be a number, got '0'"),
    (
        {"dist": "discrete", "values": [1, 2, 3], "probs": [0.5, 0.6, -0.1]},
        f"{P}.probs[2]: must be >= 0, got -0.1",
    ),
    (
        {"dist": "discrete", "values": [1, 2], "probs": [0.5, 0.4]},
        f"{P}.probs: must sum to 1 (within 1e-09), got 0.9",
    ),
    (
        {"dist": "discrete", "values": [1, 2, 3], "probs": [0.5, 0.5]},
        f"{P}.probs: must have one probability per value (3 values), got 2",
    ),
    (
        {"dist": "discrete", "values": []},
        f"{P}.values: must be a non-empty list of numbers, got []",
    ),
    ({"dist": "discrete", "values": [1, "a"]}, f"{P}.values[1]: must be a number, got 'a'"),
    (
        {"dist": "discrete", "values": [2, 2]},
        f"{P}.values: all values are equal (2); for a fixed value use a constant",
    ),
    (float("nan"), f"{P}: must be a finite number of size at most 1e300, got nan"),
    (1.7e308, f"{P}: must be a finite number of size at most 1e300, got 1.7e+308"),
    (
        "0.2",
        f"{P}: must be a number or a distribution such as "
        "{dist: pert, min: ..., mode: ..., max: ...}, got '0.2'",
    ),
    (
        True,
        f"{P}: must be a number or a distribution such as "
        "{dist: pert, min: ..., mode: ..., max: ...}, got True",
    ),
]


@pytest.mark.parametrize(("spec", "message"), ERRORS, ids=[e[1][len(P) :] for e in ERRORS])
def test_parse_error_names_path_rule_and_value(spec, message):
    with pytest.raises(ConfigError) as info:
        parse(spec, P)
    assert info.value.errors == [message]


def test_parse_reports_every_problem_of_a_spec_at_once():
    spec = {"dist": "pert", "min": "a", "mdoe": 1, "max": 2, "lambda": -1}
    with pytest.raises(ConfigError) as info:
        parse(spec, "x")
    assert info.value.errors == [
        "x: unexpected parameter 'mdoe' for pert (allowed: min, mode, max, lambda); "
        "did you mean 'mode'?",  # reported alone: no "missing parameter 'mode'" as well
        "x.lambda: must be > 0, got -1",
        "x.min: must be a number, got 'a'",
    ]


@pytest.mark.parametrize(
    ("spec", "meant"),
    [
        ({"dist": "uniform", "min": 0.1, "max": 0.3}, {"min": "low", "max": "high"}),
        ({"dist": "pert", "low": 0.1, "mode": 0.2, "high": 0.3}, {"low": "min", "high": "max"}),
    ],
)
def test_the_other_familys_parameter_names_get_one_error_each(spec, meant):
    """The walkthrough's uniform with min/max gave 4 errors: two unexpected, two missing."""
    with pytest.raises(ConfigError) as info:
        parse(spec, "x")
    allowed = {"uniform": "low, high", "pert": "min, mode, max, lambda"}[spec["dist"]]
    assert info.value.errors == [
        f"x: unexpected parameter '{k}' for {spec['dist']} (allowed: {allowed}); "
        f"did you mean '{v}'?"
        for k, v in meant.items()
    ]


def test_discrete_probs_within_tolerance_are_accepted():
    parse({"dist": "discrete", "values": [1, 2, 3], "probs": [0.1, 0.2, 0.7 + 5e-10]}, "x")
    with pytest.raises(ConfigError):
        parse({"dist": "discrete", "values": [1, 2, 3], "probs": [0.1, 0.2, 0.7 + 2e-9]}, "x")


# ---------------------------------------------------------------- the Distribution object


def test_distribution_is_immutable_hashable_and_picklable():
    d = parse({"dist": "pert", "min": 1, "mode": 2, "max": 4}, "x")
    with pytest.raises(AttributeError):
        d.support = (0, 1)
    spec = d.spec
    spec["min"] = -100
    assert d.spec["min"] == 1.0
    same = parse({"dist": "pert", "min": 1.0, "mode": 2, "max": 4, "lambda": 4}, "y")
    assert d == same and hash(d) == hash(same)
    assert d != parse({"dist": "pert", "min": 1, "mode": 3, "max": 4}, "x")
    assert pickle.loads(pickle.dumps(d)) == d
    assert repr(d) == "Distribution(pert, min=1.0, mode=2.0, max=4.0, lambda=4.0)"


def test_ppf_outside_unit_interval_is_nan():
    d = parse({"dist": "uniform", "low": 0, "high": 1}, "x")
    out = d.ppf([-0.1, 0.5, 1.5, np.nan])
    assert np.isnan(out[[0, 2, 3]]).all() and out[1] == 0.5


def test_bernoulli_risk_event():
    r = bernoulli(0.3)
    np.testing.assert_array_equal(r.ppf([0.0, 0.69, 0.7, 0.71, 1.0]), [0, 0, 1, 1, 1])
    assert r.support == (0.0, 1.0) and r.mean() == 0.3 and r.spec == {"dist": "bernoulli", "p": 0.3}
    for p in (0.3, 0.5, 0.7):
        assert bernoulli(p).median() == st.bernoulli(p).median()
    assert pickle.loads(pickle.dumps(r)) == r
    for bad in (0, 1, -0.1, 1.5, True, float("nan")):
        with pytest.raises(SimroiError, match="0 < p < 1"):
            bernoulli(bad)


# ---------------------------------------------------------------- rvs has the ppf's marginal

RVS_CASES = [c[0] for c in CASES]


@pytest.mark.parametrize("spec", RVS_CASES, ids=[_ids(c) for c in RVS_CASES])
def test_rvs_marginal_matches_ppf(spec):
    # KS test of 4000 direct draws against the reference CDF; with a fixed seed the
    # outcome is deterministic, and p > 1e-3 fails a wrong marginal (KS D ~ 0.03)
    dist = parse(spec, "x")
    x = dist.rvs(np.random.default_rng(20240611), 4000)
    assert x.shape == (4000,)
    assert np.all((x >= dist.support[0]) & (x <= dist.support[1]))
    assert st.kstest(x, dist.frozen.cdf).pvalue > 1e-3


@pytest.mark.parametrize(
    "dist",
    [
        bernoulli(0.2),
        parse({"dist": "discrete", "values": [1, 5, 7], "probs": [0.2, 0.5, 0.3]}, "x"),
    ],
)
def test_rvs_of_discrete_forms_hit_each_value_with_its_probability(dist):
    n = 20000
    x = dist.rvs(np.random.default_rng(7), n)
    values = np.unique(dist.ppf(np.linspace(0.001, 0.999, 999)))
    for v in values:
        p = float(np.mean(dist.ppf(np.linspace(0.5 / 10**6, 1 - 0.5 / 10**6, 10**6)) == v))
        se = math.sqrt(p * (1 - p) / n)
        assert abs(np.mean(x == v) - p) < 4 * se
