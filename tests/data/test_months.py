"""Actuals as months for the likelihood: placed at go-live, counts derived, deals reduced."""

import numpy as np
import pandas as pd
import pytest
from conftest import EXPORTS

from simroi.data.kpis import load_kpis
from simroi.data.months import months_of_deals, observe
from simroi.data.records import load_deals

GO_LIVE = 20089.0  # 2025-01-01


def _kpis(tmp_path, text):
    path = tmp_path / "kpis.csv"
    path.write_text(text)
    return load_kpis(path)


def test_the_sample_is_placed_at_go_live():
    obs = observe(load_kpis(EXPORTS / "golive_kpis.csv"), GO_LIVE, leads=100, customers=300)
    assert obs.k.tolist() == list(range(-11, 13))  # 2024-01 ends 11 months before go-live
    assert obs.live.all() and obs.months_observed == 12 and obs.months_before == 12
    f = obs.figures
    assert f["trials"][0] == 93 and f["won"][0] == 19
    # churn: the rate times the customers at the month's start (the month before's end)
    assert f["at_risk"][1] == 313 and f["churned"][1] == pytest.approx(0.0192 * 313)
    assert f["at_risk"][0] == 313  # a first month: its own customers
    assert obs.costs[:9].tolist() == [0] * 9 and obs.costs.sum() == 144_000
    assert "9 empty cells of the costs column read as 0" in obs.notes


def test_a_go_live_inside_a_month_leaves_that_month_out():
    obs = observe(load_kpis(EXPORTS / "golive_kpis.csv"), GO_LIVE + 14, leads=100, customers=300)
    i = obs.labels.index("2025-01")
    assert not obs.live[i] and obs.live.sum() == 23
    assert obs.k[i + 1] == pytest.approx(2 - 14 / 31)  # February ends 1.55 months after
    assert any("month of go-live (2025-01)" in n for n in obs.notes)


def test_rates_without_counts_take_the_scenarios_leads_and_customers(tmp_path):
    k = _kpis(tmp_path, "Month,Conversion Rate,Churn Rate\n2025-01,20%,2%\n2025-02,25%,1%\n")
    obs = observe(k, GO_LIVE, leads=80, customers=400)
    assert obs.figures["trials"].tolist() == [80, 80]
    assert obs.figures["won"].tolist() == pytest.approx([16, 20])
    assert obs.figures["churned"].tolist() == pytest.approx([8, 4])
    assert obs.figures["deal_weight"].tolist() == [1, 1] and obs.costs is None
    assert any("scenario's 80 leads" in n for n in obs.notes)
    assert any("scenario's 400 customers" in n for n in obs.notes)


def test_churn_from_customers_and_won_of_consecutive_months(tmp_path):
    k = _kpis(tmp_path, "Month,Won,Customers\n2025-01,5,100\n2025-02,6,103\n2025-04,4,90\n"
                        "2025-05,2,95\n")  # fmt: skip
    f = observe(k, GO_LIVE, leads=50, customers=0).figures
    # February: 100 + 6 - 103 = 3 lost of 100; April follows no March row: unknown
    assert f["churned"][1] == 3 and f["at_risk"][1] == 100
    assert np.isnan(f["churned"][0]) and np.isnan(f["churned"][2])
    assert f["churned"][3] == 0  # 90 + 2 - 95 < 0: more gained than won, read as 0


def test_a_deals_export_becomes_months_by_creation_date():
    deals = load_deals(EXPORTS / "golive_deals.csv")
    k = months_of_deals(deals)
    frame = pd.read_csv(EXPORTS / "golive_deals.csv")
    month = frame["Created Date"].str[:7]
    decided = frame["Stage"].isin(["Closed Won", "Closed Lost"])
    won = frame["Stage"] == "Closed Won"
    assert k.month.size == month.nunique() == 24
    assert k.figures["leads"].tolist() == decided.groupby(month).sum().tolist()
    assert k.figures["won"].tolist() == won.groupby(month).sum().tolist()
    value = frame["Amount"].where(won).groupby(month).mean()
    assert np.allclose(k.figures["avg_deal_value"], value.to_numpy(), equal_nan=True)
    assert k.has("won") and k.has("leads") and not k.has("churn_rate")
