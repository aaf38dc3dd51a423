"""Evaluate: a known lift inside its interval; the percentile in the forecast on a built case."""

import datetime as dt
import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import EXPORTS

from simroi.cli import main
from simroi.data.evaluate import evaluate
from simroi.data.records import load_deals
from simroi.errors import ConfigError
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
    assert re.search(r"is at the \d+(st|nd|rd|th) percentile of what was forecast", r.output)
    assert "kept at their forecast: Churn reduction" in r.output  # labels, not keys
    bad = CliRunner().invoke(main, [*args, "--go-live", "2030-01-01"])
    assert bad.exit_code == 2 and "each side needs at least 10" in bad.output
    assert CliRunner().invoke(main, [*args, "--go-live", "2025-13-01"]).exit_code == 2


KPIS = EXPORTS / "golive_kpis.csv"
# tests/data/exports/golive_kpis.csv (make_kpi_table, seed 11): conversion 20 % -> 26 %,
# Costs 40,000 in each of the 3 months before go-live and 2,000 in each of the 12 after.
KPI_COSTS = 3 * 40_000 + 12 * 2_000


@pytest.fixture(scope="module")
def from_kpis():
    from simroi.data.kpis import load_kpis

    return evaluate(load_scenario(SCENARIO), load_kpis(KPIS), go_live=GO_LIVE, replicates=1000,
                    iterations=4000)  # fmt: skip


def test_a_kpi_table_recovers_the_known_lift(from_kpis):
    # The sample's own lift is 0.135 (binomial noise on ~1,200 leads a side); its
    # interval reaches the true 0.30. Coverage over 400 tables: tests/data/test_kpis.py.
    e = from_kpis.lifts["conversion_lift"]
    assert e.covers(TRUE_LIFT), (e.low, e.value, e.high)
    assert from_kpis.months_observed == 12
    assert "churn_reduction" in from_kpis.lifts  # measured from the churn rate ...
    assert any("churn_reduction is measured but left out" in n for n in from_kpis.notes)


def test_realised_roi_with_the_tables_actual_costs_is_the_hand_computation(from_kpis):
    c, b, r = from_kpis.costs_to_date, from_kpis.benefit_to_date, from_kpis.roi_to_date
    assert c["value"] == KPI_COSTS
    assert c["source"].startswith("actual: column 'Costs'") and "9 empty read as 0" in c["source"]
    # ROI = (benefit - costs) / costs per iteration: a monotone map, so medians and means map
    assert r["median"] == pytest.approx((b["median"] - KPI_COSTS) / KPI_COSTS, rel=1e-12)
    assert r["mean"] == pytest.approx((b["mean"] - KPI_COSTS) / KPI_COSTS, rel=1e-12)


def test_actual_costs_given_replace_the_forecasts(result):
    deals = load_deals(EXPORTS / "golive_deals.csv")
    given = evaluate(load_scenario(SCENARIO), deals, go_live=GO_LIVE, replicates=1000,
                     actual_costs=150_000.0)  # fmt: skip
    assert given.costs_to_date == {"value": 150_000.0, "source": "actual, given"}
    b = given.benefit_to_date
    assert given.roi_to_date["median"] == pytest.approx((b["median"] - 150_000) / 150_000)
    # without: the forecast's costs, 200,000 one-time + 2,000 x 12 months
    assert result.costs_to_date["source"].startswith("forecast")
    assert result.costs_to_date["value"] == pytest.approx(200_000 + 12 * 2000)
    with pytest.raises(ConfigError, match="must be > 0"):
        evaluate(load_scenario(SCENARIO), deals, go_live=GO_LIVE, actual_costs=0.0)


def _cli(tmp_path, actuals, *more):
    scn = tmp_path / "s.yaml"
    scn.write_text(json.dumps(SCENARIO))
    args = ["evaluate", str(scn), "--actuals", str(actuals), "--go-live", "2025-01-01"]
    return CliRunner().invoke(main, [*args, "-n", "2000", "--replicates", "300", *more])


def test_the_cli_reads_a_kpi_table_and_says_whose_costs(tmp_path):
    r = _cli(tmp_path, KPIS)
    assert r.exit_code == 0, r.output
    assert f"Costs to date: {KPI_COSTS:,} (actual: column 'Costs'" in r.output
    costs = tmp_path / "costs.csv"
    costs.write_text('Month,Costs\n2024-12,100000\n2025-06,"20,000"\n')
    r = _cli(tmp_path, EXPORTS / "golive_deals.csv", "--actual-costs", str(costs))
    assert r.exit_code == 0, r.output
    assert "Costs to date: 120,000 (actual: column 'Costs' of" in r.output
    r = _cli(tmp_path, EXPORTS / "golive_deals.csv", "--actual-costs", "150,000")
    assert "Costs to date: 150,000 (actual, given)" in r.output
    twice = _cli(tmp_path, KPIS, "--actual-costs", "1000")
    assert twice.exit_code == 2 and "actual costs given twice" in twice.output
    r = _cli(tmp_path, EXPORTS / "golive_deals.csv", "--actual-costs", "nope.csv")
    assert r.exit_code == 2 and "neither an amount nor a file" in r.output


def test_a_malformed_kpi_table_is_exit_2_naming_file_line_and_column(tmp_path):
    bad = tmp_path / "kpis.csv"
    text = KPIS.read_text().splitlines()
    text[5] = text[5].replace("2.19%", "2.19")  # line 6: a churn rate of 219 %
    text[8] = "2024-08-99" + text[8][7:]  # line 9: no such month
    bad.write_text("\n".join(text) + "\n")
    (tmp_path / "s.yaml").write_text(json.dumps(SCENARIO))  # as _cli writes it
    before = sorted(p.name for p in tmp_path.iterdir())
    r = _cli(tmp_path, bad)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "percentile" not in r.output
    assert str(bad) in r.output
    assert "line 6, column 'Churn Rate' (churn_rate): must be a fraction 0..1" in r.output
    assert "line 9, column 'Month' (month): cannot read '2024-08-99' as a month" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
