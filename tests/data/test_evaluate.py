"""Evaluate: a known lift inside its interval; the percentile in the forecast on a built case."""

import datetime as dt
import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import EXPORTS

from simroi.cli import main
from simroi.data.evaluate import evaluate
from simroi.data.records import load_deals
from simroi.scenario.config import load_scenario

GO_LIVE = float((dt.date(2025, 1, 1) - dt.date(1970, 1, 1)).days)
# tests/data/exports/golive_deals.csv: 12 months at conversion 20 %, then 12 at 26 %
# (make_sample_exports.make_exports, seed 7): the realised conversion lift is 0.30.
TRUE_LIFT = 0.26 / 0.20 - 1

SCENARIO = {
    "scenario": {"name": "evaluate", "horizon_months": 24, "discount_rate": 0.0},
    "simulation": {"iterations": 20000, "seed": 2},
    "baseline": {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 5000,
                 "gross_margin": 0.5},
    # the forecast: conversion lift uniform on [0, 1]; nothing else uncertain
    "drivers": {"conversion_lift": {"dist": "uniform", "low": 0.0, "high": 1.0},
                "capacity_share": 0.0},
    "adoption": {"ramp_months": 0, "ceiling": 1},
    "costs": {"one_time": {"crm": 200_000}, "monthly": {"licence": 2000}},
}  # fmt: skip


@pytest.fixture(scope="module")
def result():
    deals = load_deals(EXPORTS / "golive_deals.csv")
    return evaluate(load_scenario(SCENARIO), deals, go_live=GO_LIVE, replicates=1000)


def test_the_known_lift_is_inside_its_interval(result):
    e = result.lifts["conversion_lift"]
    assert e.covers(TRUE_LIFT), (e.low, e.value, e.high)
    assert e.low > 0  # a 30 % lift on ~1,000 deals a side is clearly there
    assert result.months_observed == 12
    assert (
        "churn_reduction" in result.kept_forecast and "conversion_lift" not in result.kept_forecast
    )


def test_the_percentile_in_the_forecast_is_right_on_a_built_case(result):
    # Benefits are linear in conversion_lift + deal_size_lift (capacity 0: the cycle does
    # nothing), so ROI(U) <= realised ROI  <=>  U <= c + d, and U is uniform on [0, 1]:
    # the percentile is the median of c + d over the realised draws (drawn independently).
    rng = np.random.default_rng(0)
    c, d = (result.lifts[k].draws for k in ("conversion_lift", "deal_size_lift"))
    expected = np.median(rng.choice(c, 200_000) + rng.choice(d, 200_000))
    assert result.percentile == pytest.approx(expected, abs=0.02)
    assert 0 < result.percentile < 1


def test_the_cli_says_where_the_realised_roi_sits(tmp_path):
    scn = tmp_path / "s.yaml"
    scn.write_text(json.dumps(SCENARIO))
    args = ["evaluate", str(scn), "--actuals", str(EXPORTS / "golive_deals.csv")]
    r = CliRunner().invoke(main, [*args, "--go-live", "2025-01-01", "-n", "2000",
                                  "--replicates", "300"])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "th percentile of what was forecast" in r.output
    assert "kept at their forecast: churn_reduction" in r.output
    bad = CliRunner().invoke(main, [*args, "--go-live", "2030-01-01"])
    assert bad.exit_code == 2 and "each side needs at least 10" in bad.output
    assert CliRunner().invoke(main, [*args, "--go-live", "2025-13-01"]).exit_code == 2
