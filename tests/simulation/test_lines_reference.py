"""Per-line risk adjustment, cost_multiplier and per-line adoption against a naive loop.

The reference below computes one iteration in plain Python floats, month by month,
straight from docs/model.md (no simroi code), for a scenario that uses every line
feature of issue 8 at once; the model must agree to rounding at many random points.
"""

from __future__ import annotations

import copy
import math
import random

import numpy as np
import pytest

import simroi
from simroi.analysis.oat import tornado
from simroi.analysis.sensitivity import scenario_metric
from simroi.scenario.config import vendor_scenario
from simroi.simulation.engine import simulate_scenario


def shape(t, impl, ramp, curve):
    if ramp > 0:
        x = min(max((t - impl) / ramp, 0.0), 1.0)
    else:
        x = 1.0 if t > impl else 0.0
    return x * x * (3 - 2 * x) if curve == "s-curve" else x


def naive(p: dict) -> dict:
    """One iteration of the line features; ``p`` holds every number of the case."""
    H, r = 36, p["rate"]
    occurs = p["occurs"]
    mult = p["bm"] if occurs else 1.0
    cm = p["cm"] if occurs else 1.0
    delay = p["delay"] if occurs else 0.0
    impl, ramp, ceil = p["impl"] + delay, p["ramp"], p["ceiling"]
    conv_impl = p["conv_impl"] + delay
    conv = 100 * 0.2 * p["lift"] * 1000 * 0.5 * (1 - p["h_conv"])
    churn_in = 400 * 0.02 * 0.4 * (1 - p["h_churn"])
    c0 = 5000 * (1 + p["o_setup"])
    pay = {6: 3000 * (1 + p["o_setup2"])}
    retained, a_prev = 0.0, 0.0
    B = C = pvb = pvc = 0.0
    cum, payback = -c0, None
    for t in range(1, H + 1):
        y = (t - 1) // 12
        year_end = math.ceil(t / 12)  # the year t falls in
        d = (1 + r) ** -year_end if p["annual"] else (1 + r) ** (-t / 12)
        a = ceil * shape(t, impl, ramp, "linear")
        a_conv = ceil * shape(t, conv_impl, p["conv_ramp"], "s-curve")
        retained = retained * (1 - 0.02) + a * churn_in
        custom = a * 800 * (1 - p["h_custom"]) + [6000, 9000, 12000][y] / 12 * (1 - p["h_year"])
        benefit = mult * (a_conv * conv + retained * 50 + custom)
        seat = 10 * 80 * (1 + p["o_seat"]) * 1.05**y
        recurring = (
            seat + 600 * (1 + p["o_admin"]) + [2400, 3600, 4800][y] / 12 * (1 + p["o_year"])
        ) * cm
        cost = recurring + 10 * 8 * 40 * (1 + p["o_learn"]) * (a - a_prev) / ceil + pay.get(t, 0.0)
        a_prev = a
        B, C = B + benefit, C + cost
        pvb, pvc = pvb + benefit * d, pvc + cost * d
        cum += benefit - cost
        if payback is None and cum >= 0:
            payback = t
    C += c0
    pvc += c0
    return {
        "total_benefit": B,
        "total_cost": C,
        "pv_benefit": pvb,
        "pv_cost": pvc,
        "npv": pvb - pvc,
        "roi": (B - C) / C,
        "payback_month": float("nan") if payback is None else float(payback),
    }


def case(p: dict) -> dict:
    return {
        "scenario": {
            "name": "lines",
            "horizon_months": 36,
            "discount_rate": p["rate"],
            "discounting": "annual" if p["annual"] else "monthly",
        },
        "baseline": {
            "leads_per_month": 100,
            "conversion_rate": 0.2,
            "avg_deal_value": 1000,
            "gross_margin": 0.5,
            "customers": 400,
            "monthly_churn": 0.02,
            "customer_monthly_margin": 50,
            "sales_reps": 10,
            "rep_hourly_cost": 40,
        },
        "drivers": {"conversion_lift": p["lift"], "churn_reduction": 0.4},
        "benefits": {
            "conversion": {
                "risk_adjustment": p["h_conv"],
                "adoption": {
                    "implementation_months": p["conv_impl"],
                    "ramp_months": p["conv_ramp"],
                    "curve": "s-curve",
                },
            },
            "churn": {"risk_adjustment": p["h_churn"]},
        },
        "adoption": {
            "implementation_months": p["impl"],
            "ramp_months": p["ramp"],
            "ceiling": p["ceiling"],
        },
        "costs": {
            "one_time": {
                "setup": {"amount": 5000, "risk_adjustment": p["o_setup"]},
                "second phase": {"amount": 3000, "at_month": 6, "risk_adjustment": p["o_setup2"]},
            },
            "seats": 10,
            "price_per_seat_month": 80,
            "annual_price_escalation": 0.05,
            "seat_risk_adjustment": p["o_seat"],
            "monthly": {"admin": {"amount": 600, "risk_adjustment": p["o_admin"]}},
            "yearly": {"hosting": {"amount": [2400, 3600, 4800], "risk_adjustment": p["o_year"]}},
            "learning_hours_per_rep": 8,
            "learning_risk_adjustment": p["o_learn"],
        },
        "custom_benefits": [
            {"name": "reports", "monthly": 800, "risk_adjustment": p["h_custom"]},
            {
                "name": "module",
                "yearly": [6000, 9000, 12000],
                "ramped": False,
                "risk_adjustment": p["h_year"],
            },
        ],
        "risks": [
            {
                "name": "trouble",
                "probability": 1 if p["occurs"] else 0,
                "benefit_multiplier": p["bm"],
                "cost_multiplier": p["cm"],
                "delay_months": p["delay"],
            }
        ],
    }


def random_point(rng: random.Random) -> dict:
    return {
        "rate": rng.choice([0.0, 0.1, rng.uniform(0, 0.3)]),
        "annual": rng.random() < 0.5,
        "occurs": rng.random() < 0.5,
        "bm": rng.uniform(0.3, 1.2),
        "cm": rng.uniform(0.8, 2.0),
        "delay": rng.choice([0, 2, rng.uniform(0, 5)]),
        "impl": rng.choice([0, 3, rng.uniform(0, 8)]),
        "ramp": rng.choice([0, 6, rng.uniform(0, 12)]),
        "ceiling": rng.uniform(0.3, 1.0),
        "conv_impl": rng.choice([12, rng.uniform(0, 20)]),
        "conv_ramp": rng.choice([0, 6, rng.uniform(0, 12)]),
        "lift": rng.uniform(0, 0.5),
        **{k: rng.uniform(0, 0.6) for k in ("h_conv", "h_churn", "h_custom", "h_year")},
        **{k: rng.uniform(0, 0.9) for k in ("o_setup", "o_setup2", "o_seat", "o_admin")},
        **{k: rng.uniform(0, 0.9) for k in ("o_year", "o_learn")},
    }


@pytest.mark.parametrize("seed", range(40))
def test_line_features_match_the_naive_loop(seed):
    p = random_point(random.Random(seed))
    row = simulate_scenario(simroi.load_scenario(case(p)), iterations=1, seed=0).samples.iloc[0]
    want = naive(p)
    for key, value in want.items():
        if key == "payback_month":
            assert (np.isnan(value) and np.isnan(row[key])) or row[key] == value, key
        else:
            assert row[key] == pytest.approx(value, rel=1e-11, abs=1e-6), key
    parts = sum(
        row[f"benefit_{s}"]
        for s in ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
    )
    assert parts == pytest.approx(row["total_benefit"], rel=1e-11)


UNCERTAIN = {
    "benefits.conversion.risk_adjustment": {"dist": "uniform", "low": 0.0, "high": 0.4},
    "costs.yearly.hosting.risk_adjustment": {"dist": "uniform", "low": 0.0, "high": 0.5},
    "risks.trouble.cost_multiplier": {"dist": "uniform", "low": 1.0, "high": 1.5},
}


def uncertain_case():
    p = random_point(random.Random(7)) | {"occurs": True}
    data = case(p)
    data["benefits"]["conversion"]["risk_adjustment"] = UNCERTAIN[
        "benefits.conversion.risk_adjustment"
    ]
    data["costs"]["yearly"]["hosting"]["risk_adjustment"] = UNCERTAIN[
        "costs.yearly.hosting.risk_adjustment"
    ]
    data["risks"][0]["cost_multiplier"] = UNCERTAIN["risks.trouble.cost_multiplier"]
    data["risks"][0]["probability"] = 0.5
    return data


def test_new_inputs_are_ordinary_uncertain_inputs():
    data = uncertain_case()
    data["correlations"] = [
        ["benefits.conversion.risk_adjustment", "costs.yearly.hosting.risk_adjustment", 0.6]
    ]
    scn = simroi.load_scenario(data)
    assert set(UNCERTAIN) <= set(scn.uncertain)
    samples = simulate_scenario(scn, iterations=4000, seed=3).samples
    assert set(UNCERTAIN) <= set(samples.columns)
    rho = samples[list(UNCERTAIN)[:2]].corr(method="spearman").iloc[0, 1]
    assert abs(rho - 0.6) < 0.06
    # a bigger haircut, a bigger overrun, a bigger multiplier: lower NPV in the tornado
    bars = tornado(scenario_metric(scn, "npv"), scn.inputs).set_index("input")
    for path in UNCERTAIN:
        assert path in bars.index
    for path in list(UNCERTAIN)[:2]:
        assert bars.loc[path, "output_high"] < bars.loc[path, "output_low"], path


def test_vendor_overrides_reach_the_line_features():
    data = uncertain_case()
    data["vendors"] = [
        {"name": "A", "overrides": {}},
        {
            "name": "B",
            "overrides": {"costs.yearly.hosting": {"amount": [0, 0, 0], "risk_adjustment": 0.2}},
        },
    ]
    scn = simroi.load_scenario(data)
    b = vendor_scenario(scn, "B")
    assert "costs.yearly.hosting.risk_adjustment" not in b.uncertain
    res = simroi.compare(scn, iterations=500, seed=2)
    means = {
        v["name"]: v["summary"]["metrics"]["total_cost"]["mean"] for v in res.to_dict()["vendors"]
    }
    assert means["B"] < means["A"]


def test_own_adoption_defaults_to_the_scenarios():
    data = case(random_point(random.Random(1)))
    data["benefits"]["conversion"]["adoption"] = {"curve": "s-curve"}
    scn = simroi.load_scenario(data)
    assert scn.own_adoption == (("benefits.conversion", "s-curve"),)
    assert "benefits.conversion.adoption.implementation_months" not in scn.inputs  # inherits
    assert scn.resolved["benefits"]["conversion"]["adoption"]["ramp_months"] is None
    assert copy.deepcopy(scn.resolved["benefits"]["deal_size"]["adoption"]) is None
