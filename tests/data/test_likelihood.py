"""The likelihood follows the model: each term's effect is the model's own, each form derived."""

import numpy as np
import pytest
from conftest import EXPORTS
from scipy import integrate, stats

from simroi.data.kpis import load_kpis
from simroi.data.likelihood import (
    Likelihood,
    _binomial,
    _effect,
    _normal_unknown_spread,
    baseline_checks,
)
from simroi.data.months import observe
from simroi.data.posterior import Latent
from simroi.scenario.config import load_scenario
from simroi.simulation.scenario_model import scenario_constants, scenario_model

GO_LIVE = 20089.0  # 2025-01-01
BASE = {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 1000,
        "gross_margin": 1.0, "customers": 400, "monthly_churn": 0.03,
        "customer_monthly_margin": 10.0}  # fmt: skip
SCENARIO = {
    "scenario": {"name": "lik", "horizon_months": 24, "discount_rate": 0.0},
    "baseline": BASE,
    "drivers": {"conversion_lift": 0.4, "deal_size_lift": 0.1, "churn_reduction": 0.5,
                "capacity_share": 0.0},
    "adoption": {"implementation_months": 2, "ramp_months": 3, "ceiling": 0.8},
    "benefits": {"conversion": {"risk_adjustment": 0.25},
                 "deal_size": {"adoption": {"implementation_months": 4, "ramp_months": 2,
                                            "curve": "s-curve"}}},
    "risks": [{"name": "stall", "probability": 0.3, "benefit_multiplier": 0.5,
               "delay_months": 1}],
    "costs": {"one_time": {"crm": 1000}},
}  # fmt: skip


def _model_effect(scn, x, driver, stream):
    """e(k) for k = 1..10 read off the model's monthly benefit with only ``driver`` on."""
    model = scenario_model(scn)
    only = {**x, **{f"drivers.{d}": 0.0 for d in ("conversion_lift", "deal_size_lift",
                                                   "churn_reduction")}}  # fmt: skip
    only[f"drivers.{driver}"] = x[f"drivers.{driver}"]
    benefit = model.monthly_net(only) + model.monthly_net({**only, f"drivers.{driver}": 0.0}) * -1
    t_go = (x["adoption.implementation_months"] + x["risks.stall"] * 1).astype(int)
    rows = np.arange(len(t_go))[:, None]
    months = t_go[:, None] + np.arange(1, 11)[None, :]
    if stream == "churn":  # inflow = R(t) - (1 - q) R(t - 1), as a share of customers x q
        q = BASE["monthly_churn"]
        r = benefit / BASE["customer_monthly_margin"]
        inflow = r[rows, months] - (1 - q) * r[rows, months - 1]
        return inflow / (BASE["customers"] * q)
    sales = BASE["leads_per_month"] * BASE["conversion_rate"] * BASE["avg_deal_value"]
    return benefit[rows, months] / sales


@pytest.mark.parametrize("driver, stream", [("conversion_lift", "conversion"),
                                            ("deal_size_lift", "deal_size"),
                                            ("churn_reduction", "churn")])  # fmt: skip
def test_each_terms_effect_is_the_share_of_its_stream_the_model_books(driver, stream):
    # adoption ramp and ceiling, a line's own ramp (deal size), a haircut (conversion) and
    # a risk event's benefit multiplier and delay (second iteration): all as the model has them
    scn = load_scenario(SCENARIO)
    x = {**scenario_constants(scn), "risks.stall": np.array([0.0, 1.0])}
    x["adoption.implementation_months"] = np.array([2.0, 2.0])
    expected = _model_effect(scn, x, driver, stream)
    got = _effect(lambda p, d=0.0, quiet=False: x.get(p, d), scn, stream, driver,
                  np.arange(1.0, 11.0))  # fmt: skip
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-15)
    assert expected[1, -1] < expected[0, -1]  # the event halves what is left of the effect
    before = _effect(lambda p, d=0.0, quiet=False: x.get(p, d), scn, stream, driver,
                     np.arange(-3.0, 1.0))  # fmt: skip
    assert np.all(before == 0)


def test_the_binomial_term_is_the_binomial_log_likelihood_up_to_a_constant():
    n, k = np.array([90.0, 110.0, 100.0]), np.array([20.0, 30.0, 0.0])
    p = np.array([[0.2, 0.25, 0.21], [0.3, 0.3, 0.3]])
    exact = stats.binom.logpmf(k, n, p).sum(axis=1)
    got = _binomial(n, k, p)
    assert got[0] - got[1] == pytest.approx(exact[0] - exact[1], rel=1e-12)
    assert _binomial(n, k, np.array([[0.2, 0.3, 1.2]]))[0] == -np.inf  # a rate above 1
    assert _binomial(n, k, np.array([[0.0, 0.3, 0.3]]))[0] == -np.inf  # 20 hits at rate 0
    assert np.isfinite(_binomial(n, k, np.array([[0.2, 0.3, 0.0]]))[0])  # 0 hits at rate 0


def test_the_deal_value_term_integrates_the_unknown_spread_out():
    # ∫ Π N(x_t; μ, σ²/w_t) dσ²/σ² ∝ Q(μ)^(-m/2): checked by quadrature for two μ
    x, w = np.array([4800.0, 5300.0, 5100.0, 4700.0]), np.array([20.0, 25.0, 18.0, 30.0])

    def marginal(mu):
        def f(s):
            return np.prod(stats.norm.pdf(x, mu, s / np.sqrt(w))) / s  # dσ²/σ² = 2 dσ/σ

        return integrate.quad(f, 1.0, 2e5, limit=400, points=[1e3, 3e3, 1e4])[0]

    ratio = np.log(marginal(5000.0) / marginal(5200.0))
    got = _normal_unknown_spread(x, w, np.array([[5000.0], [5200.0]]))
    assert got[0] - got[1] == pytest.approx(ratio, rel=1e-6)


def _likelihood(overrides):
    scn = load_scenario({**SCENARIO, **overrides, "risks": []})
    latent = Latent(scn)
    x = {**scenario_constants(scn), **latent.inputs(latent.prior(500, 1, "lhs"))}
    obs = observe(load_kpis(EXPORTS / "golive_kpis.csv"), GO_LIVE, leads=100, customers=400)
    return Likelihood(obs, scn, x), scn, obs


def test_terms_read_only_the_inputs_they_need():
    lik, _, _ = _likelihood({
        "drivers": {"conversion_lift": {"dist": "uniform", "low": 0, "high": 1},
                    "deal_size_lift": 0.0, "churn_reduction": 0.5, "capacity_share": 0},
        "adoption": {"ramp_months": {"dist": "uniform", "low": 1, "high": 5}},
    })  # fmt: skip
    # the deal value speaks of a constant (no lift: the ramp does not matter to it)
    assert lik.reads == {
        "conversion": {"drivers.conversion_lift", "adoption.ramp_months"},
        "churn": {"adoption.ramp_months"},
    }
    assert {t.name for t in lik.idle} == {"deal_value", "leads"}


def test_a_stream_the_scenario_values_at_nothing_is_left_out_and_said_so():
    lik, _, _ = _likelihood({
        "baseline": {**BASE, "customers": 0,
                     "monthly_churn": {"dist": "uniform", "low": 0.01, "high": 0.03}},
        "drivers": {"churn_reduction": 0.0},
    })  # fmt: skip
    assert "churn" not in lik.reads and not lik.terms
    assert any("churn figures are left out: baseline.customers is 0" in n for n in lik.notes)


def test_a_constant_baseline_far_from_the_months_before_go_live_is_noted():
    _, scn, obs = _likelihood({"baseline": {**BASE, "conversion_rate": 0.3}})
    (note,) = [n for n in baseline_checks(obs, scn) if "conversion" in n]  # 22 % against 30 %
    assert "12 months before go-live show conversion 0.22" in note and "z = -6" in note
    _, scn, obs = _likelihood({})
    assert not [n for n in baseline_checks(obs, scn) if "conversion" in n]
