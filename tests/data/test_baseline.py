"""Baseline KPIs recovered from synthetic exports of known parameters, and their coverage."""

import numpy as np
import pytest
from conftest import EXPORTS, sample
from ruamel.yaml import YAML

from simroi.data.baseline import baseline_from
from simroi.data.exports import Table
from simroi.data.fragment import fragment_yaml, scenario_values
from simroi.data.records import (
    customers_from_table,
    deals_from_table,
    load_customers,
    load_deals,
)
from simroi.scenario.config import load_scenario

TRUTH = sample.TRUTH
RECOVERED = ("conversion_rate", "avg_deal_value", "monthly_churn", "cycle_days")


def _tables(deals, customers):
    def table(frame, name):
        frame = frame.astype(str).replace("nan", "")
        return Table(frame, list(range(2, len(frame) + 2)), name)

    return deals_from_table(table(deals, "deals")), customers_from_table(table(customers, "c"))


def test_the_committed_sample_recovers_every_parameter():
    b = baseline_from(
        load_deals(EXPORTS / "deals.csv"),
        load_customers(EXPORTS / "customers.csv"),
        marketing_spend=100_000,
        sales_spend=200_000,
    )
    for key in RECOVERED:
        e = b.estimates[key]
        assert e.covers(TRUTH[key]), (key, e.low, TRUTH[key], e.high)
    assert b.estimates["leads_per_month"].covers(TRUTH["leads_per_month"])
    # CAC is spend / won deals in the window, exactly; CLV is revenue / churn
    won_in_window = b.counts["won"]
    assert b.estimates["cac"].value == pytest.approx(300_000 / won_in_window)
    e = b.estimates
    assert e["clv"].value == pytest.approx(e["monthly_revenue"].value / e["monthly_churn"].value)
    assert 0 < e["crr"].value < 1


def test_the_fragment_is_a_valid_baseline_with_its_comments():
    b = baseline_from(load_deals(EXPORTS / "deals.csv"), load_customers(EXPORTS / "customers.csv"),
                      gross_margin=0.4)  # fmt: skip
    text = fragment_yaml(b)
    data = YAML(typ="safe").load(text)
    costs = {"costs": {"one_time": {"crm": 10_000}}}
    scn = load_scenario({"scenario": {"name": "from data"}, **costs, **data})
    assert set(data["baseline"]) == {
        "leads_per_month", "conversion_rate", "avg_deal_value", "monthly_churn", "customers",
        "gross_margin", "customer_monthly_margin",
    }  # fmt: skip
    assert "baseline.conversion_rate" in scn.uncertain  # a real uncertainty: a distribution
    assert scn.inputs["baseline.customers"] == b.counts["customers_active"]
    assert "period 2024-01-01 .. 2025-12-31" in text and "bootstrap" in text
    assert "lines " in text  # won deals without amount are named, not dropped silently
    conv = scenario_values(b)["conversion_rate"]
    assert conv["mean"] == pytest.approx(b.estimates["conversion_rate"].value, abs=1e-4)


def _coverage(exports: int, replicates: int):
    hits = {k: 0 for k in RECOVERED}
    for k in range(exports):
        deals, customers, _ = sample.make_exports(np.random.default_rng(1000 + k))
        d, c = _tables(deals, customers)
        b = baseline_from(d, c, replicates=replicates, seed=k)
        for key in RECOVERED:
            hits[key] += b.estimates[key].covers(TRUTH[key])
    return hits


def test_intervals_cover_on_a_few_regenerated_exports():
    # 12 exports x 4 parameters = 48 intervals; at a true 95 % coverage fewer than 41
    # hits has probability ~0.6 %; the seeds are fixed, so this is one fixed check.
    hits = _coverage(12, 500)
    assert sum(hits.values()) >= 41, hits


@pytest.mark.slow
def test_intervals_cover_95_percent_of_200_exports():
    """200 regenerated exports (seeds 1000..1199), 95 % intervals: binomial sd 1.5 %.

    Measured: conversion 191, deal value 187, monthly churn 184, cycle 190 of 200
    (95.5, 93.5, 92.0 +- 1.9, 95.0 %). Churn's interval is the exact Poisson one
    given the customer-months (the percentile bootstrap had 181, 90.5 %): over 3,000
    exports the estimator's sd (0.00139) equals the Poisson se (0.00138) and the
    exact interval covers 95.0 +- 0.4 %; through baseline_from on seeds 1200..2199
    it covers 957 of 1,000 (95.7 +- 0.6 %). These 200 seeds are the least lucky
    block of 200 for churn (excess variance of ended - rate x exposure: 257 against
    the Poisson 207), so 92 % here is sampling, not the interval.
    """
    hits = _coverage(200, 1000)
    print("coverage of 200 exports:", hits)  # shown with -rA / -s
    for key, h in hits.items():  # accept 90 %..99 %
        assert 180 <= h <= 198, (key, h)


def test_the_churn_interval_is_the_exact_poisson_one():
    # Garwood: [chi2(0.025, 2d) / 2, chi2(0.975, 2d + 2) / 2] / exposure, as 1 - exp(-x)
    from scipy import stats

    from simroi.data.baseline import churn_interval

    d, months = 207, 10_250.0
    lo = stats.chi2.ppf(0.025, 2 * d) / 2 / months
    hi = stats.chi2.ppf(0.975, 2 * d + 2) / 2 / months
    assert churn_interval(d, months) == pytest.approx((1 - np.exp(-lo), 1 - np.exp(-hi)))
    assert churn_interval(0, 100.0)[0] == 0.0
    b = baseline_from(load_deals(EXPORTS / "deals.csv"), load_customers(EXPORTS / "customers.csv"),
                      replicates=200)  # fmt: skip
    e = b.estimates["monthly_churn"]
    ended = b.counts["customers_ended"]
    months = ended / -np.log(1 - e.value)
    assert (e.low, e.high) == pytest.approx(churn_interval(ended, months))
    assert "exact Poisson" in e.method
