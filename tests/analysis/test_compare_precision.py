"""Comparing vendors to a precision: every listed SE below the target, shared batches, seeds."""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

import simroi
from simroi.errors import SimroiError
from simroi.simulation.results import payback_months

SCENARIO = {
    "scenario": {"name": "Precision compare", "horizon_months": 24, "currency": "EUR"},
    "simulation": {"iterations": 1000, "seed": 3, "sampler": "lhs"},
    "costs": {
        "seats": 10,
        "price_per_seat_month": 80,
        "one_time": {
            "implementation": {"dist": "triangular", "min": 5000, "mode": 8000, "max": 15000}
        },
    },
    "custom_benefits": [
        {"name": "time saved", "monthly": {"dist": "pert", "min": 300, "mode": 1500, "max": 3000}}
    ],
    "vendors": [
        {"name": "Cheap", "overrides": {"costs.price_per_seat_month": 80}},
        {"name": "Dear", "overrides": {"costs.price_per_seat_month": 100}},
        {
            "name": "Fast",
            "overrides": {
                "costs.price_per_seat_month": 90,
                "custom_benefits.time saved.monthly": {
                    "dist": "uniform",
                    "low": 200,
                    "high": 3200,
                },
            },
        },
    ],
}


def scenario(**simulation):
    data = copy.deepcopy(SCENARIO)
    data["simulation"].update(simulation)
    return simroi.load_scenario(data)


@pytest.fixture(scope="module")
def to_target():
    return scenario(), 0.008, simroi.compare(scenario(), precision=0.008, seed=11)


def listed_ses(data: dict) -> dict[str, float]:
    """Every SE the criteria list, recomputed from compare.json's own statistics."""
    n, out = data["iterations"], {}
    for v in data["vendors"]:
        s, name = v["summary"], v["name"]
        out[f"{name}: prob_roi_positive"] = s["prob_roi_positive_se"]
        for m in payback_months(s["horizon_months"]):
            q = s["payback"]["prob_within_months"][str(m)]
            out[f"{name}: prob_payback_within_{m}"] = math.sqrt(q * (1 - q) / n)
        npv = s["metrics"]["npv"]
        out[f"{name}: mean_npv_per_p10_p90"] = npv["se_mean"] / (npv["p90"] - npv["p10"])
        out[f"{name}: prob_best"] = v["prob_best_se"]
    for a, row in data["pairwise_se"].items():
        out.update({f"pairwise: {a} > {b}": se for b, se in row.items()})
    return out


def test_stops_with_every_listed_se_below_target(to_target):
    _, target, cmp = to_target
    data = cmp.to_dict()
    info = data["precision"]
    assert data["stopped_by"] == info["stopped_by"] == "precision"
    assert info["target"] == target
    ses = listed_ses(data)
    assert set(info["standard_errors"]) == set(ses)  # 3 x (1 + 4 payback + 1 + 1) + 6 pairs
    assert len(ses) == 3 * 7 + 6
    for key, se in ses.items():
        assert info["standard_errors"][key] == pytest.approx(se, rel=1e-9, abs=1e-15), key
        assert se <= target, key
    assert info["history"][-1]["iterations"] == data["iterations"]


def test_stops_not_far_past_the_se_formula(to_target):
    _, target, cmp = to_target
    data = cmp.to_dict()
    # The SE formula: n needed = per-iteration variance / target^2 = n * (se / target)^2.
    needed = max(data["iterations"] * (se / target) ** 2 for se in listed_ses(data).values())
    assert data["precision"]["iterations_needed_by_formula"] == pytest.approx(needed, abs=1)
    assert needed <= data["iterations"] < 1.5 * needed
    assert data["precision"]["batches"] >= 2  # the first batch alone was not enough


def test_every_vendor_draws_the_same_batches(to_target):
    _, _, cmp = to_target
    data, n = cmp.to_dict(), cmp["iterations"]
    assert {v["summary"]["iterations"] for v in data["vendors"]} == {n}
    assert {a.size for a in cmp.values.values()} == {n}
    assert data["common_random_numbers"] and data["notes"] == []
    # Cheap and Dear differ by a price only: with the same draws in every batch the NPV
    # difference is the same number in every iteration.
    d = cmp.difference("Cheap", "Dear")
    assert d.min() > 0 and np.ptp(d) <= 1e-9 * d.max()


def test_same_seed_same_stopping_point_and_numbers(to_target):
    scn, target, cmp = to_target
    again = simroi.compare(scn, precision=target, seed=11)
    assert again.to_dict() == cmp.to_dict()
    other = simroi.compare(scn, precision=target, seed=12).to_dict()
    assert other["vendors"][0]["summary"] != cmp["vendors"][0]["summary"]


def test_without_precision_nothing_changes():
    data = simroi.compare(scenario(), iterations=1500, seed=2).to_dict()
    assert data["iterations"] == 1500 and "precision" not in data and "stopped_by" not in data


def test_max_iterations_says_so():
    data = simroi.compare(scenario(), precision=0.001, max_iterations=2500, seed=1).to_dict()
    assert data["stopped_by"] == "max_iterations" and data["iterations"] == 2500
    assert data["precision"]["max_iterations"] == 2500
    assert max(data["precision"]["standard_errors"].values()) > 0.001
    assert [h["iterations"] for h in data["precision"]["history"]] == [2000, 2500]


@pytest.mark.parametrize("bad", [0, 0.0, -0.01, 0.5, float("nan"), True, "0.01"])
def test_bad_precision(bad):
    with pytest.raises(SimroiError, match="precision: must be a number in"):
        simroi.compare(scenario(), precision=bad)


@pytest.mark.parametrize("bad", [99, 0, -5, 1000.0, True])
def test_bad_max_iterations(bad):
    with pytest.raises(SimroiError, match="max_iterations: must be a whole number >= 100"):
        simroi.compare(scenario(), precision=0.01, max_iterations=bad)


def test_the_paired_criteria_can_be_the_ones_that_bind():
    # Benefits so large that every vendor pays back in month 1 with certainty: every run
    # criterion but the mean NPV's is exact, and P(Fast > Cheap) near 1/2 decides the stop.
    data = copy.deepcopy(SCENARIO)
    data["custom_benefits"][0]["monthly"] = {
        "dist": "pert",
        "min": 30000,
        "mode": 31500,
        "max": 33000,
    }
    data["vendors"][2]["overrides"]["custom_benefits.time saved.monthly"] = {
        "dist": "uniform",
        "low": 30000,
        "high": 33000,
    }
    got = simroi.compare(simroi.load_scenario(data), precision=0.01, seed=5).to_dict()
    info = got["precision"]
    assert got["stopped_by"] == "precision"
    assert info["standard_errors"]["Cheap: prob_roi_positive"] == 0.0
    last = info["history"][-1]["largest_se_of"]
    assert last.startswith("pairwise: ") or last.endswith(": prob_best"), last
    assert 0.3 < got["pairwise"]["Fast"]["Cheap"] < 0.7
    # The run criteria are met by the first 2,000 iterations (the mean NPV's needs ~0.15 /
    # 0.01^2); P(Fast > Cheap) near 1/2 needs about 0.25 / 0.01^2 = 2,500.
    assert got["iterations"] > 2000
