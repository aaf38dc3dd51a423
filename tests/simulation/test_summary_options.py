"""simulation.hurdle_rate, simulation.percentiles and simulation.payback_months in the summary."""

import numpy as np
import pytest

import simroi
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.results import describe, summarize

SCENARIO = {
    "scenario": {"name": "opts", "horizon_months": 24},
    "simulation": {
        "iterations": 4000,
        "seed": 5,
        "hurdle_rate": 0.15,
        "percentiles": [2.5, 10, 50, 90, 97.5],
        "payback_months": [3, 9, 24],
    },
    "costs": {"one_time": {"licence": {"dist": "uniform", "low": 10_000, "high": 30_000}}},
    "custom_benefits": [
        {"name": "saved", "monthly": {"dist": "uniform", "low": 500, "high": 2500}, "ramped": False}
    ],
}


def test_hurdle_probabilities_with_standard_errors():
    res = simulate_scenario(simroi.load_scenario(SCENARIO))
    s = res.summary()
    roi, irr = res.samples["roi"].to_numpy(), res.samples["irr"].to_numpy()
    h = s["hurdle"]
    assert h["rate"] == 0.15
    p = np.mean(roi > 0.15)
    assert h["prob_roi_above"] == p
    assert h["prob_roi_above_se"] == pytest.approx(np.sqrt(p * (1 - p) / roi.size), rel=1e-12)
    q = np.mean(np.nan_to_num(irr, nan=-np.inf) > 0.15)  # no IRR: not above the hurdle
    assert h["prob_irr_above"] == q


def test_user_percentiles_and_payback_months():
    res = simulate_scenario(simroi.load_scenario(SCENARIO))
    s = res.summary()
    npv = res.samples["npv"].to_numpy()
    assert s["metrics"]["npv"]["p2.5"] == np.percentile(npv, 2.5)
    assert s["metrics"]["npv"]["p97.5"] == np.percentile(npv, 97.5)
    assert s["metrics"]["npv"]["p10"] == np.percentile(npv, 10)  # the usual keys stay
    assert s["percentiles"] == [5, 10, 25, 50, 75, 90, 95, 2.5, 97.5]
    assert list(s["payback"]["prob_within_months"]) == ["3", "9", "24"]
    payback = res.samples["payback_month"].to_numpy()
    assert s["payback"]["prob_within_months"]["9"] == np.mean(payback <= 9)
    assert list(s["discounted_payback"]["prob_within_months"]) == ["3", "9", "24"]


def test_defaults_keep_the_old_summary():
    data = {k: v for k, v in SCENARIO.items() if k != "simulation"}
    s = simulate_scenario(simroi.load_scenario(data), iterations=500, seed=1).summary()
    assert s["hurdle"] is None
    assert s["percentiles"] == [5, 10, 25, 50, 75, 90, 95]
    assert list(s["payback"]["prob_within_months"]) == ["6", "12", "18", "24"]


def test_payback_months_beyond_the_horizon_is_an_error():
    data = {**SCENARIO, "simulation": {"payback_months": [12, 36]}}
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(data)
    assert e.value.errors == [
        "simulation.payback_months: months must be <= the horizon (24), got 36"
    ]


def test_constant_column_has_zero_spread():
    d = describe(np.full(1000, 0.1 + 0.2))
    assert d["std"] == 0.0 and d["se_mean"] == 0.0 and d["mean"] == 0.1 + 0.2


def test_summarize_accepts_the_options_directly():
    cols = {"roi": np.array([0.1, 0.3]), "irr": np.array([np.nan, 0.5])}
    cols |= {
        k: np.array([1.0, 2.0]) for k in ("discounted_roi", "npv", "total_benefit", "total_cost")
    }
    cols |= {k: np.array([1.0, 2.0]) for k in ("pv_benefit", "pv_cost", "payback_months_exact")}
    cols |= {k: np.array([1.0, np.nan]) for k in ("payback_month", "discounted_payback_month")}
    cols |= {
        f"benefit_{s}": np.zeros(2)
        for s in ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
    }
    cols |= {
        f"cost_{c}": np.array([0.5, 1.0]) for c in ("one_time", "recurring", "learning", "risk")
    }
    s = summarize(
        cols.__getitem__,
        scenario="x",
        currency="EUR",
        iterations=2,
        seed=1,
        sampler="random",
        horizon_months=12,
        hurdle_rate=0.2,
        months=(1, 12),
    )
    assert s["hurdle"]["prob_roi_above"] == 0.5 and s["hurdle"]["prob_irr_above"] == 0.5
    assert s["payback"]["prob_within_months"] == {"1": 0.5, "12": 0.5}
    assert s["cost_breakdown_mean"] == dict.fromkeys(
        ("one_time", "recurring", "learning", "risk"), 0.75
    )


def test_describe_percentiles_are_numpys_bit_for_bit():
    # describe() selects every percentile (the usual and the extra) in one call.
    rng = np.random.default_rng(3)
    extra = (2.5, 33.3, 99.99, 100, 0)
    for n in [*range(1, 40), 1000, 65537]:
        for x in (rng.normal(size=n), rng.integers(0, 4, n).astype(float), np.full(n, 0.1)):
            got = describe(x, extra)
            ps = [5, 10, 25, 50, 75, 90, 95, *extra]
            want = dict(zip(ps, np.percentile(x, ps).tolist(), strict=True))
            assert [got[f"p{p:g}"] for p in ps] == [want[p] for p in ps]
            assert (got["min"], got["max"]) == (x.min(), x.max())
