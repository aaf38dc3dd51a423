"""The posterior sampler: the prior run's own draws, a conjugate normal, reproducible by seed."""

from pathlib import Path

import numpy as np
import pytest

from simroi.data.posterior import Latent, ess, sample_posterior
from simroi.errors import ConfigError
from simroi.scenario.config import load_scenario
from simroi.simulation.engine import simulate_scenarios

CONFIGS = sorted((Path(__file__).resolve().parents[2] / "configs").glob("*.yaml"))
PRIOR_MEAN, PRIOR_SD = 0.5, 0.1
SCENARIO = {
    "scenario": {"name": "post", "horizon_months": 12, "discount_rate": 0.0},
    "baseline": {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 1000,
                 "gross_margin": 0.5, "sales_reps": 2, "rep_hourly_cost": 50},
    "drivers": {"conversion_lift": {"dist": "normal", "mean": PRIOR_MEAN, "sd": PRIOR_SD,
                                    "min": -1},  # 15 sd away: no truncation to speak of
                "capacity_share": 0.0,
                "hours_saved_per_rep_week": {"dist": "uniform", "low": 1, "high": 2}},
    "costs": {"one_time": {"crm": 1000}},
}  # fmt: skip


def test_ess_closed_forms():
    assert ess(np.zeros(10)) == pytest.approx(10)
    assert ess(np.array([0.0, -np.inf, -np.inf])) == pytest.approx(1)
    assert ess(np.log(np.array([1.0, 3.0]))) == pytest.approx(16 / 10)
    assert ess(np.full(3, -np.inf)) == 0


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_the_prior_uniforms_give_the_prior_runs_own_inputs(path, sampler):
    # the posterior starts from the very iterations of the prior run (copulas included)
    scn = load_scenario(path)
    res = next(simulate_scenarios([scn], iterations=3000, seed=5, sampler=sampler, columns=None))
    latent = Latent(scn)
    x = latent.inputs(latent.prior(3000, res.seed_entropy, sampler))
    for p in scn.uncertain:
        assert np.array_equal(x[p], res.column(p)), p


def _normal_case(y: float, s: float, n: int, seed: int):
    """Data y ~ N(lift, s²) on the normal prior of the conversion lift."""
    latent = Latent(load_scenario(SCENARIO))
    U0 = latent.prior(n, 1, "lhs")
    col = latent.column["drivers.conversion_lift"]

    def loglik(U):
        lift = latent.inputs(U, {"drivers.conversion_lift"})["drivers.conversion_lift"]
        return -0.5 * ((lift - y) / s) ** 2

    post = sample_posterior(U0, loglik, [col], np.random.default_rng(seed))
    return post, latent.inputs(post.U), latent.inputs(U0)


@pytest.mark.parametrize("s, stages", [(0.2, 1), (0.004, 3)])
def test_a_conjugate_normal_posterior_weak_and_strong(s, stages):
    n, y = 8000, 0.62
    post, x, x0 = _normal_case(y, s, n, seed=2)
    var = 1 / (1 / PRIOR_SD**2 + 1 / s**2)
    mean, sd = var * (PRIOR_MEAN / PRIOR_SD**2 + y / s**2), np.sqrt(var)
    lift = x["drivers.conversion_lift"]
    # standard errors of a mean and an sd as for n independent draws, times 1.5: the
    # seed-to-seed spread of this sampler's mean measured at 0.95-1.3 times that
    assert abs(lift.mean() - mean) < 4 * 1.5 * sd / np.sqrt(n)
    assert abs(lift.std() - sd) < 4 * 1.5 * sd / np.sqrt(2 * n)
    assert len(post.stages) >= stages and post.stages[-1]["beta"] == 1.0
    if stages > 1:  # the importance weights alone would leave too few draws
        assert post.importance_ess < post.guard * n
        assert all(st["ess"] >= post.guard * n * 0.999 for st in post.stages[:-1])
    # the input the likelihood does not read keeps the prior run's values, row by row
    hours = "drivers.hours_saved_per_rep_week"
    assert np.array_equal(x[hours], x0[hours])


def test_same_seed_same_posterior_and_nothing_to_learn_is_the_prior():
    a, _, _ = _normal_case(0.6, 0.01, 2000, seed=7)
    b, _, _ = _normal_case(0.6, 0.01, 2000, seed=7)
    c, _, _ = _normal_case(0.6, 0.01, 2000, seed=8)
    assert np.array_equal(a.U, b.U) and not np.array_equal(a.U, c.U)
    U0 = np.random.default_rng(0).random((100, 2))
    same = sample_posterior(U0, lambda U: np.zeros(len(U)), [], np.random.default_rng(0))
    assert same.U is U0 and not same.stages and same.method.startswith("prior")


def test_impossible_data_and_a_bad_guard_are_errors():
    U0 = np.random.default_rng(0).random((100, 1))
    never = lambda U: np.full(len(U), -np.inf)  # noqa: E731
    with pytest.raises(ConfigError, match="impossible under every iteration"):
        sample_posterior(U0, never, [0], np.random.default_rng(0))
    with pytest.raises(ConfigError, match=r"guard: .* in \(0, 1\], got 0"):
        sample_posterior(U0, never, [0], np.random.default_rng(0), guard=0)
