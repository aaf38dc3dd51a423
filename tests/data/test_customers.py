"""Customer estimates: monthly churn and its exact Poisson interval."""

import numpy as np
import pytest
from conftest import EXPORTS

from simroi.data.baseline import baseline_from
from simroi.data.customers import churn_interval
from simroi.data.records import load_customers, load_deals


def test_the_churn_interval_is_the_exact_poisson_one():
    # Garwood: [chi2(0.025, 2d) / 2, chi2(0.975, 2d + 2) / 2] / exposure, as 1 - exp(-x)
    from scipy import stats

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


def test_cacs_interval_is_the_exact_poisson_one_of_the_deals_won():
    # N2 of the correctness review: resampling deal records with their total fixed made
    # the won count binomial and CAC's interval short by sqrt(1 - won share) ~ 0.87
    from scipy import stats

    b = baseline_from(load_deals(EXPORTS / "deals.csv"), marketing_spend=100_000,
                      sales_spend=200_000, replicates=200)  # fmt: skip
    e, won = b.estimates["cac"], b.counts["won"]
    lo = stats.chi2.ppf(0.025, 2 * won) / 2
    hi = stats.chi2.ppf(0.975, 2 * won + 2) / 2
    assert (e.low, e.high) == pytest.approx((300_000 / hi, 300_000 / lo))
    # its se is the Poisson one: spend / won * sqrt(1 / won), to the delta method
    assert e.se == pytest.approx(300_000 / won / np.sqrt(won), rel=0.15)
