"""Baseline KPIs recovered from synthetic exports of known parameters, and their coverage."""

import numpy as np
import pandas as pd
import pytest
from conftest import EXPORTS, sample
from ruamel.yaml import YAML

from simroi.data.baseline import baseline_from
from simroi.data.exports import Table
from simroi.data.fragment import fragment_yaml, scenario_values, summary
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


def _day(iso: str) -> float:
    return float((pd.Timestamp(iso) - pd.Timestamp("1970-01-01")).days)


def _monthly(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["Created Date"]).dt.to_period("M").value_counts().sort_index()


def test_a_month_the_window_covers_in_part_is_left_out_and_said():
    frame = pd.read_csv(EXPORTS / "deals.csv", dtype=str, keep_default_na=False)
    late = frame[frame["Created Date"] >= "2024-01-15"].reset_index(drop=True)
    d = deals_from_table(Table(late, list(range(2, len(late) + 2)), "late.csv"))
    b = baseline_from(d, replicates=100, as_of=_day("2025-12-20"))
    whole = _monthly(late).iloc[1:-1]  # February 2024 .. November 2025
    assert b.estimates["leads_per_month"].value == pytest.approx(whole.mean())
    assert b.estimates["leads_per_month"].n == 22
    assert ("the first month, 2024-01, is covered only from 2024-01-15 (the first creation "
            "date) and is left out of opportunities per month; pass --since 2024-01-01 if the "
            "export covers all of it") in b.notes  # fmt: skip
    assert ("the last month, 2025-12, is covered only to 2025-12-20 (the export date) and is "
            "left out of opportunities per month") in b.notes  # fmt: skip
    since = baseline_from(d, replicates=100, since=_day("2024-01-01"))
    assert since.estimates["leads_per_month"].value == pytest.approx(_monthly(late).mean())


def test_an_open_deals_expected_close_date_does_not_move_the_export_date():
    frame = pd.read_csv(EXPORTS / "deals.csv", dtype=str, keep_default_na=False)
    frame.loc[len(frame)] = ["D99999", "2025-12-01", "2026-06-30", "Negotiation", "9000"]
    d = deals_from_table(Table(frame, list(range(2, len(frame) + 2)), "deals.csv"))
    b = baseline_from(d, replicates=100)
    assert b.period == ("2024-01-01", "2025-12-31") and b.estimates["leads_per_month"].n == 24


def test_what_was_measured_is_said_in_the_rows_words():
    b = baseline_from(load_deals(EXPORTS / "deals.csv"), replicates=100)
    assert b.kind == "opportunities"
    assert b.measures["conversion_rate"] == "win rate of opportunities"
    text = fragment_yaml(b)
    assert "# rows: 2,463 opportunities (465 won, 1,843 lost, 155 open)" in text
    assert "their win rate, won / (won + lost), not the conversion of leads" in text
    assert "# win rate of opportunities: won / (won + lost) of the mature opportunities" in text
    assert "# read " in text and "UTF-8, comma-separated" in text


def test_a_leads_export_is_said_to_measure_leads_and_their_conversion():
    rng = np.random.default_rng(5)
    created = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 180, 300), "D")
    status = rng.choice(["Closed - Converted", "Closed - Not Converted", "Working - Contacted"],
                        300, p=[0.2, 0.6, 0.2])  # fmt: skip
    frame = pd.DataFrame({"Create Date": created.strftime("%Y-%m-%d"), "Lead Status": status})
    b = baseline_from(deals_from_table(Table(frame, list(range(2, 302)), "leads.csv")),
                      replicates=100)  # fmt: skip
    assert b.kind == "leads" and b.measures["conversion_rate"] == "lead conversion"
    n = {s: int((status == s).sum()) for s in np.unique(status)}
    assert summary(b)[0] == (
        f"rows: 300 leads ({n['Closed - Converted']} converted, {n['Closed - Not Converted']} "
        f"not converted, {n['Working - Contacted']} open)"
    )
    assert "avg_deal_value" not in b.estimates and any("no amount column" in x for x in b.notes)
