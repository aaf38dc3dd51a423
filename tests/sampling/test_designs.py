"""Sampling designs: one contract every sampler passes, then LHS, CRN, correlations, Sobol."""

import itertools
import math
import pickle

import numpy as np
import pytest
import scipy.stats as st

from simroi.errors import SimroiError
from simroi.sampling import designs, permutation
from simroi.sampling.designs import BLOCK, SAMPLERS, Design
from simroi.sampling.distributions import bernoulli
from simroi.sampling.permutation import permute
from simroi.sampling.specs import parse

DISTS = {
    "drivers.conversion_lift": parse({"dist": "pert", "min": 0.1, "mode": 0.18, "max": 0.3}, "x"),
    "costs.price_per_seat_month": parse({"dist": "uniform", "low": 60, "high": 90}, "x"),
    "drivers.hours": parse({"dist": "lognormal", "ci90": [1, 5]}, "x"),
    "drivers.cycle": parse({"dist": "normal", "mean": 0.3, "sd": 0.1, "min": 0, "max": 0.9}, "x"),
    "risks.stall": bernoulli(0.1),
}
N_BIG = 150_000  # three blocks: [0, 65536), [65536, 131072), [131072, 150000)
CUTS = [
    (0, 10),
    (65530, 65545),
    (1000, 70_000),
    (65536, 131072),
    (131071, 131073),
    (149_999, N_BIG),
]


def uniform01():
    return parse({"dist": "uniform", "low": 0, "high": 1}, "u")


@pytest.mark.parametrize("sampler", SAMPLERS)
class TestSamplerContract:
    def test_keys_shapes_and_support(self, sampler):
        out = Design(DISTS, 5000, seed=1, sampler=sampler).draw(0, 5000)
        assert list(out) == list(DISTS)
        for path, x in out.items():
            lo, hi = DISTS[path].support
            assert x.shape == (5000,) and x.dtype == np.float64
            assert np.all(np.isfinite(x)) and np.all((x >= lo) & (x <= hi))
        assert set(np.unique(out["risks.stall"])) == {0.0, 1.0}

    def test_same_seed_same_draws(self, sampler):
        a = Design(DISTS, 3000, seed=7, sampler=sampler).draw(0, 3000)
        b = Design(DISTS, 3000, seed=7, sampler=sampler).draw(0, 3000)
        for path in DISTS:
            np.testing.assert_array_equal(a[path], b[path])

    def test_different_seeds_differ(self, sampler):
        a = Design(DISTS, 3000, seed=7, sampler=sampler).draw(0, 3000)
        b = Design(DISTS, 3000, seed=8, sampler=sampler).draw(0, 3000)
        for path in DISTS:
            assert not np.array_equal(a[path], b[path])

    def test_entropy_reruns_an_unseeded_design(self, sampler):
        fresh = Design(DISTS, 2000, sampler=sampler)
        again = Design(DISTS, 2000, seed=fresh.entropy, sampler=sampler)
        for path, x in fresh.draw(0, 2000).items():
            np.testing.assert_array_equal(x, again.draw(0, 2000)[path])
        seq = np.random.SeedSequence(12345)
        assert Design(DISTS, 10, seed=seq, sampler=sampler).entropy == 12345

    def test_chunks_equal_the_whole_bit_for_bit(self, sampler):
        dists = {k: DISTS[k] for k in ("drivers.conversion_lift", "drivers.hours", "risks.stall")}
        corr = [("drivers.conversion_lift", "drivers.hours", 0.5)]
        whole = Design(dists, N_BIG, seed=3, sampler=sampler, correlations=corr).draw(0, N_BIG)
        reused = Design(dists, N_BIG, seed=3, sampler=sampler, correlations=corr)
        for a, b in CUTS:
            fresh = Design(dists, N_BIG, seed=3, sampler=sampler, correlations=corr)
            for design in (fresh, reused):
                part = design.draw(a, b)
                for path in dists:
                    np.testing.assert_array_equal(part[path], whole[path][a:b])

    def test_sequential_chunks_concatenate_to_the_whole(self, sampler):
        design = Design(DISTS, 20_000, seed=4, sampler=sampler)
        whole = design.draw(0, 20_000)
        edges = [0, 4096, 8192, 8193, 15000, 20_000]
        chunks = [
            Design(DISTS, 20_000, seed=4, sampler=sampler).draw(a, b)
            for a, b in itertools.pairwise(edges)
        ]
        one = Design(DISTS, 20_000, seed=4, sampler=sampler)  # carries state between chunks
        carried = [one.draw(a, b) for a, b in itertools.pairwise(edges)]
        for path in DISTS:
            np.testing.assert_array_equal(np.concatenate([c[path] for c in chunks]), whole[path])
            np.testing.assert_array_equal(np.concatenate([c[path] for c in carried]), whole[path])

    def test_empty_range_and_empty_design(self, sampler):
        out = Design(DISTS, 100, seed=1, sampler=sampler).draw(50, 50)
        assert all(x.shape == (0,) for x in out.values())
        assert Design({}, 100, seed=1, sampler=sampler).draw(0, 100) == {}

    def test_pickled_design_draws_the_same(self, sampler):
        design = Design(DISTS, 1000, seed=9, sampler=sampler)
        design.draw(10, 20)  # fills the block cache, which is not pickled
        clone = pickle.loads(pickle.dumps(design))
        for path, x in design.draw(0, 1000).items():
            np.testing.assert_array_equal(x, clone.draw(0, 1000)[path])

    def test_mean_of_uniform_input(self, sampler):
        # analytic mean 1/2; random: within 4 standard errors; lhs and sobol (power of
        # two) put exactly one point in each of the n strata, so |mean - 1/2| <= 1/(2n)
        n = 4096
        u = Design({"u": uniform01()}, n, seed=11, sampler=sampler).draw(0, n)["u"]
        tol = 4 * math.sqrt(1 / 12 / n) if sampler == "random" else 1 / (2 * n)
        assert abs(u.mean() - 0.5) <= tol

    def test_scores_are_standard_normal_and_give_the_draws_back(self, sampler):
        """Every input has a copula score (stress conditions on it): exactly N(0, 1),
        ``ppf(ndtr(score))`` is the draw (not for a correlated group under random,
        whose draws are its own values reordered by the scores), chunks as the whole."""
        corr = [("drivers.conversion_lift", "drivers.hours", 0.5)]
        n = 20_000
        design = Design(DISTS, n, seed=5, sampler=sampler, correlations=corr)
        draws = design.draw(0, n)
        for path, dist in DISTS.items():
            z = design.scores(path, 0, n, draws[path])
            assert st.kstest(z, "norm").pvalue > 1e-3, path
            part = design.scores(path, 4000, 9000, draws[path][4000:9000])
            np.testing.assert_array_equal(part, z[4000:9000])
            back = dist.ppf(st.norm.cdf(z))
            if sampler == "random" and path in corr[0]:
                assert st.spearmanr(back, draws[path])[0] > 0.999
            else:
                np.testing.assert_allclose(back, draws[path], rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- Latin hypercube


@pytest.mark.parametrize("n", [1, 2, 7, 10_007, 65_536, 70_001])
def test_lhs_hits_every_stratum_exactly_once(n):
    design = Design({"u": uniform01(), "v": uniform01()}, n, seed=2, sampler="lhs")
    out = design.draw(0, n)
    for x in out.values():
        np.testing.assert_array_equal(np.sort(np.floor(x * n)), np.arange(n))
    if n > 2:  # each input has its own permutation
        assert not np.array_equal(np.argsort(out["u"]), np.argsort(out["v"]))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 16, 17, 97, 1024, 4099, 65_536, 100_003])
def test_permute_is_a_bijection_computable_on_any_range(n):
    keys = np.random.SeedSequence(n).generate_state(6, np.uint64)
    p = permute(np.arange(n, dtype=np.uint64), n, keys)
    np.testing.assert_array_equal(np.sort(p), np.arange(n))
    a, b = n // 3, n // 3 + n // 2
    np.testing.assert_array_equal(permute(np.arange(a, b, dtype=np.uint64), n, keys), p[a:b])
    if n >= 16:
        assert not np.array_equal(p, np.arange(n))
        other = permute(np.arange(n, dtype=np.uint64), n, keys[::-1].copy())
        assert not np.array_equal(p, other)


@pytest.mark.parametrize("n", [5, 1000, 100_003, 2**28 + 5, 10**12 + 39])
def test_permute_tables_give_the_hashed_strata(n, monkeypatch):
    # a small Feistel half is hashed through a cached table: the same numbers as the
    # hash itself (so the strata, and every lhs draw, do not depend on it)
    keys = np.random.SeedSequence(n).generate_state(6, np.uint64)
    index = np.unique(np.random.default_rng(n).integers(0, n, 50_000, dtype=np.uint64))
    fast = permute(index, n, keys)
    monkeypatch.setattr(permutation, "_TABLE_BITS", -1)  # every round hashed directly
    np.testing.assert_array_equal(fast, permute(index, n, keys))


def test_permute_looks_random():
    # a keyed permutation of 10^5 strata has no linear trace of the index
    n = 100_000
    keys = np.random.SeedSequence(1).generate_state(6, np.uint64)
    p = permute(np.arange(n, dtype=np.uint64), n, keys).astype(float)
    r = np.corrcoef(np.arange(n), p)[0, 1]
    assert abs(r) < 4 / math.sqrt(n)


# ---------------------------------------------------------------- common random numbers


@pytest.mark.parametrize("sampler", ["random", "lhs"])
def test_adding_an_input_leaves_the_others_draws_unchanged(sampler):
    base = {k: DISTS[k] for k in ("drivers.conversion_lift", "drivers.hours")}
    more = {"costs.one_time.extra": uniform01(), **base, "risks.stall": bernoulli(0.3)}
    a = Design(base, N_BIG, seed=5, sampler=sampler).draw(70_000, 80_000)
    b = Design(more, N_BIG, seed=5, sampler=sampler).draw(70_000, 80_000)
    for path in base:
        np.testing.assert_array_equal(a[path], b[path])


@pytest.mark.parametrize("sampler", ["random", "lhs"])
def test_same_path_same_draws_whatever_the_distribution_order(sampler):
    d1 = {"a": uniform01(), "b": DISTS["drivers.hours"]}
    d2 = {"b": DISTS["drivers.hours"], "a": uniform01()}
    x, y = (Design(d, 500, seed=1, sampler=sampler).draw(0, 500) for d in (d1, d2))
    for path in d1:
        np.testing.assert_array_equal(x[path], y[path])


# ---------------------------------------------------------------- correlations


@pytest.mark.parametrize("sampler", SAMPLERS)
@pytest.mark.parametrize("rho", [0.6, -0.4])
def test_correlated_pair_has_target_spearman_and_exact_marginals(sampler, rho):
    n = 20_000
    a, b = "drivers.conversion_lift", "drivers.hours"
    dists = {a: DISTS[a], b: DISTS[b], "c": uniform01()}
    out = Design(dists, n, seed=21, sampler=sampler, correlations=[(a, b, rho)]).draw(0, n)
    r = st.spearmanr(out[a], out[b])[0]
    # Fisher z of a Spearman coefficient has variance ~ 1.06 / (n - 3) (Fieller et al. 1957)
    assert abs(math.atanh(r) - math.atanh(rho)) < 4 * math.sqrt(1.06 / (n - 3))
    assert abs(st.spearmanr(out[a], out["c"])[0]) < 4 * math.sqrt(1.06 / (n - 3))
    for path in (a, b):  # marginals unchanged: KS against the specified distribution
        assert st.kstest(out[path], dists[path].frozen.cdf).pvalue > 1e-3


def test_rank_order_is_the_stable_argsort_with_or_without_ties():
    # the random sampler's reordering sorts by the fast default sort; ties fall back
    z = np.random.default_rng(4).standard_normal(5000)
    tied = np.round(z, 1)  # many ties
    for scores in (z, tied, np.zeros(10), np.array([1.0])):
        np.testing.assert_array_equal(
            designs._rank_order(scores), np.argsort(scores, kind="stable")
        )


def test_three_way_group_and_psd_repair():
    # Spearman -0.5 between each pair is PSD (singular); its Pearson image
    # 2 sin(-pi/12) = -0.518 is not, and must be repaired, not rejected
    names = ["x", "y", "z"]
    dists = {k: uniform01() for k in names}
    corr = [("x", "y", -0.5), ("y", "z", -0.5), ("x", "z", -0.5)]
    design = Design(dists, 20_000, seed=1, sampler="lhs", correlations=corr)
    assert design.groups == (("x", "y", "z"),)
    out = design.draw(0, 20_000)
    for p, q, _ in corr:
        assert -0.55 < st.spearmanr(out[p], out[q])[0] < -0.4
    assert all(np.all((x > 0) & (x < 1)) for x in out.values())


def test_perfect_rank_correlation():
    dists = {"x": uniform01(), "y": DISTS["drivers.hours"]}
    out = Design(dists, 5000, seed=1, correlations=[("x", "y", 1.0)]).draw(0, 5000)
    assert st.spearmanr(out["x"], out["y"])[0] > 0.99999


def test_groups_are_connected_components():
    dists = {k: uniform01() for k in "abcde"}
    corr = [("a", "c", 0.3), ("d", "b", 0.2), ("c", "e", 0.1)]
    assert Design(dists, 10, seed=1, correlations=corr).groups == (("a", "c", "e"), ("b", "d"))


# ---------------------------------------------------------------- Sobol


def test_sobol_is_a_scrambled_low_discrepancy_design():
    dists = {"a": uniform01(), "b": uniform01()}
    n = 1024
    out = Design(dists, n, seed=3, sampler="sobol").draw(0, n)
    x = np.column_stack([out["a"], out["b"]])
    # a (0, m, 2)-net in base 2: every 32 x 32 grid cell holds exactly one point
    cells = np.floor(x * 32).astype(int)
    assert len({tuple(c) for c in cells}) == n
    assert st.qmc.discrepancy(x) < st.qmc.discrepancy(np.random.default_rng(3).random((n, 2)))


def test_sobol_uses_sorted_path_order():
    a = {"b": uniform01(), "a": uniform01()}
    b = {"a": uniform01(), "b": uniform01()}
    x, y = (Design(d, 64, seed=1, sampler="sobol").draw(0, 64) for d in (a, b))
    np.testing.assert_array_equal(x["a"], y["a"])


# ---------------------------------------------------------------- argument errors


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sampler": "halton"}, "sampler: must be one of random, lhs, sobol, got 'halton'"),
        ({"n": 0}, "n: the number of iterations must be an integer >= 1, got 0"),
        ({"n": 2.5}, "n: the number of iterations must be an integer >= 1, got 2.5"),
        ({"n": True}, "n: the number of iterations must be an integer >= 1, got True"),
        ({"seed": -1}, "seed: must be a non-negative integer, a SeedSequence or None, got -1"),
        ({"seed": 1.5}, "seed: must be a non-negative integer, a SeedSequence or None, got 1.5"),
        (
            {"correlations": [("a", "nope", 0.5)]},
            "correlations[0]: 'nope' is not an uncertain input of this design",
        ),
        (
            {"correlations": [("a", "a", 0.5)]},
            "correlations[0]: an input cannot be correlated with itself ('a')",
        ),
        (
            {"correlations": [("a", "b", 1.5)]},
            "correlations[0]: rho must be a number in [-1, 1], got 1.5",
        ),
        (
            {"correlations": [("a", "b")]},
            "correlations[0]: must be [path_a, path_b, rho], got ('a', 'b')",
        ),
        (
            {"correlations": [("a", "b", 0.5), ("b", "a", 0.4)]},
            "correlations[1]: the pair ('b', 'a') is given more than once",
        ),
        (
            {"correlations": [("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", -0.9)]},
            "correlations: the rank-correlation matrix of a, b, c is not positive semi-definite",
        ),
        ({"dists": {"a": 0.5}}, "dists['a']: must be a Distribution, got 0.5"),
    ],
)
def test_bad_arguments_name_the_argument_rule_and_value(kwargs, message):
    args = {"dists": {k: uniform01() for k in "abc"}, "n": 100, **kwargs}
    with pytest.raises(SimroiError) as info:
        Design(args.pop("dists"), args.pop("n"), **args)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(("start", "stop"), [(-1, 5), (5, 4), (0, 101), (0.0, 5)])
def test_bad_draw_range(start, stop):
    design = Design({"a": uniform01()}, 100, seed=1)
    with pytest.raises(SimroiError, match=r"draw: "):
        design.draw(start, stop)


def test_block_is_the_documented_size():
    assert BLOCK == 65536
