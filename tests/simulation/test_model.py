"""Closed-form checks of the cash-flow model of SPEC §1 (model.py)."""

import numpy as np
import pytest

from simroi.simulation.model import STREAMS, CashFlowModel, adoption_shape, discount_factors, irr


def run(model=None, **x):
    model = model or CashFlowModel(horizon=12, discount_rate=0.0)
    return {k: float(v[0]) if np.ndim(v) else float(v) for k, v in model(x).items()}


# The worked examples of the source documents, reproduced exactly through the model.
@pytest.mark.parametrize(
    ("cost", "benefit", "roi"),
    [(30_000, 150_000, 4.0), (12_000, 75_000, 5.25), (1_000, 11_000, 10.0)],
)
def test_worked_examples_exact(cost, benefit, roi):
    model = CashFlowModel(
        horizon=12, discount_rate=0.1, one_time=("licence",), custom=(("gain", False),)
    )
    out = run(
        model, **{"costs.one_time.licence": cost, "custom_benefits.gain.monthly": benefit / 12}
    )
    assert out["total_cost"] == cost
    assert out["total_benefit"] == pytest.approx(benefit, rel=1e-15)
    assert out["roi"] == pytest.approx(roi, rel=1e-14)


def test_worked_example_through_conversion_stream():
    # 100 leads x 25 % x 50 % lift x 1000 x margin 1 = 12,500 a month; 12 months = 150,000.
    model = CashFlowModel(horizon=12, discount_rate=0.0, one_time=("crm",))
    out = run(
        model,
        **{
            "baseline.leads_per_month": 100,
            "baseline.conversion_rate": 0.25,
            "baseline.avg_deal_value": 1000,
            "baseline.gross_margin": 1.0,
            "drivers.conversion_lift": 0.5,
            "adoption.ramp_months": 0,
            "costs.one_time.crm": 30_000,
        },
    )
    assert out["roi"] == 4.0
    assert out["benefit_conversion"] == 150_000
    assert out["payback_month"] == 3  # cum: -17,500, -5,000, +7,500


def test_adoption_linear_s_curve_and_step():
    t_impl, t_ramp = 2.0, 4.0
    lin = [float(adoption_shape(t, t_impl, t_ramp, "linear")) for t in range(8)]
    assert lin == [0, 0, 0, 0.25, 0.5, 0.75, 1, 1]
    s = [float(adoption_shape(t, t_impl, t_ramp, "s-curve")) for t in range(8)]
    assert s == pytest.approx(
        [0, 0, 0, 3 * 0.25**2 - 2 * 0.25**3, 0.5, 3 * 0.75**2 - 2 * 0.75**3, 1, 1]
    )
    step = [float(adoption_shape(t, 2.0, 0.0, "linear")) for t in range(5)]
    assert step == [0, 0, 0, 1, 1]


def test_benefit_streams_closed_form():
    L, c, D, g, K, q, m, R, w = 400, 0.2, 5000, 0.6, 1200, 0.02, 150, 10, 45
    x = {
        "baseline.leads_per_month": L,
        "baseline.conversion_rate": c,
        "baseline.avg_deal_value": D,
        "baseline.gross_margin": g,
        "baseline.customers": K,
        "baseline.monthly_churn": q,
        "baseline.customer_monthly_margin": m,
        "baseline.sales_reps": R,
        "baseline.rep_hourly_cost": w,
        "drivers.conversion_lift": 0.2,
        "drivers.deal_size_lift": 0.05,
        "drivers.cycle_shortening": 0.25,
        "drivers.capacity_share": 0.4,
        "drivers.churn_reduction": 0.15,
        "drivers.hours_saved_per_rep_week": 3.0,
        "drivers.productivity_realization": 0.5,
        "adoption.ramp_months": 0,
        "adoption.ceiling": 0.8,
        "costs.monthly.admin": 100,
    }
    H, A = 24, 0.8
    model = CashFlowModel(horizon=H, discount_rate=0.0, monthly=("admin",))
    out = run(model, **x)
    base = L * c * D * g
    assert out["benefit_conversion"] == pytest.approx(H * A * base * 0.2, rel=1e-13)
    assert out["benefit_deal_size"] == pytest.approx(H * A * base * 0.05, rel=1e-13)
    assert out["benefit_cycle"] == pytest.approx(H * A * base * 0.4 * (1 / 0.75 - 1), rel=1e-13)
    assert out["benefit_productivity"] == pytest.approx(
        H * A * R * 3 * 52 / 12 * w * 0.5, rel=1e-13
    )
    # retained(t) = A K q cr (1 - (1 - q)^t) / q  with constant adoption A
    retained = [A * K * q * 0.15 * (1 - (1 - q) ** t) / q for t in range(1, H + 1)]
    assert out["benefit_churn"] == pytest.approx(m * sum(retained), rel=1e-12)
    assert out["total_benefit"] == pytest.approx(
        sum(out[f"benefit_{s}"] for s in STREAMS), rel=1e-13
    )


def test_costs_seat_escalation_and_learning():
    H = 36
    model = CashFlowModel(horizon=H, discount_rate=0.0, one_time=("impl",), monthly=("admin",))
    out = run(
        model,
        **{
            "costs.one_time.impl": 50_000,
            "costs.seats": 10,
            "costs.price_per_seat_month": 80,
            "costs.annual_price_escalation": 0.05,
            "costs.monthly.admin": 1500,
            "costs.learning_hours_per_rep": 20,
            "baseline.sales_reps": 10,
            "baseline.rep_hourly_cost": 45,
            "adoption.implementation_months": 2,
            "adoption.ramp_months": 6,
            "adoption.ceiling": 0.9,
        },
    )
    seats = 10 * 80 * 12 * (1 + 1.05 + 1.05**2)
    expected = 50_000 + seats + 1500 * H + 10 * 20 * 45  # learning sums to R h w once adopted
    assert out["total_cost"] == pytest.approx(expected, rel=1e-13)
    assert out["roi"] == pytest.approx(-1.0)
    assert np.isnan(out["payback_month"]) and np.isnan(out["irr"])


def test_npv_and_discounted_roi_closed_form():
    r, H = 0.12, 24
    model = CashFlowModel(
        horizon=H, discount_rate=r, one_time=("x",), custom=(("b", False),), monthly=("m",)
    )
    out = run(
        model,
        **{"costs.one_time.x": 10_000, "custom_benefits.b.monthly": 1000, "costs.monthly.m": 200},
    )
    d = discount_factors(H, r)
    assert d[12] == pytest.approx(1 / 1.12)
    npv = -10_000 + sum(800 * d[t] for t in range(1, H + 1))
    assert out["npv"] == pytest.approx(npv, rel=1e-13)
    pv_b, pv_c = sum(1000 * d[1:]), 10_000 + sum(200 * d[1:])
    assert out["discounted_roi"] == pytest.approx((pv_b - pv_c) / pv_c, rel=1e-13)
    assert out["payback_month"] == 13  # 12 x 800 = 9,600 < 10,000 <= 13 x 800


def test_risk_event_multiplier_delay_and_extra_cost():
    model = CashFlowModel(
        horizon=12,
        discount_rate=0.0,
        one_time=("x",),
        custom=(("b", True),),
        risks=("stall", "overrun"),
    )
    x = {
        "costs.one_time.x": 1000,
        "custom_benefits.b.monthly": 100,
        "adoption.ramp_months": 0,
        "risks.stall.benefit_multiplier": 0.5,
        "risks.overrun.extra_one_time_cost": 500,
        "risks.overrun.delay_months": 2,
        "risks.overrun.benefit_multiplier": 1.0,
    }
    out = model(
        {
            **x,
            "risks.stall": np.array([0.0, 1.0, 0.0, 1.0]),
            "risks.overrun": np.array([0.0, 0.0, 1.0, 1.0]),
        }
    )
    np.testing.assert_array_equal(out["total_benefit"], [1200, 600, 1000, 500])
    np.testing.assert_array_equal(out["total_cost"], [1000, 1000, 1500, 1500])
    np.testing.assert_array_equal(out["benefit_custom"], out["total_benefit"])


def test_unramped_custom_line_pays_from_month_one():
    model = CashFlowModel(
        horizon=6, discount_rate=0.0, one_time=("x",), custom=(("flat", False), ("ramped", True))
    )
    out = run(
        model,
        **{
            "costs.one_time.x": 1,
            "custom_benefits.flat.monthly": 10,
            "custom_benefits.ramped.monthly": 10,
            "adoption.implementation_months": 6,
        },
    )
    assert out["total_benefit"] == 60


def test_irr_closed_form():
    # -100 + 60 v + 60 v^2 = 0 with v = 1 / (1 + i)
    v = (-60 + np.sqrt(60**2 + 4 * 60 * 100)) / 120
    expected = (1 / v) ** 12 - 1
    got = irr(np.array([[-100.0, 60.0, 60.0], [-100.0, 100.0, 0.0], [-1.0, 0.0, 0.0]]))
    assert got[0] == pytest.approx(expected, rel=1e-12)
    assert got[1] == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(got[2])


def test_irr_negative_and_large_rates():
    # Monthly rate -0.5: -100 + 50 = 0 -> annual 0.5^12 - 1; monthly rate 9: -1 + 10
    got = irr(np.array([[-100.0, 50.0], [-1.0, 10.0]]))
    assert got[0] == pytest.approx(0.5**12 - 1, rel=1e-12)
    assert got[1] == pytest.approx(10.0**12 - 1, rel=1e-12)


def test_irr_matches_npv_root_on_random_flows():
    rng = np.random.default_rng(3)
    cf = rng.uniform(200, 2000, (500, 37))
    cf[:, 0] = -rng.uniform(5_000, 40_000, 500)
    annual = irr(cf)
    monthly = (1 + annual) ** (1 / 12) - 1
    npv = (cf / (1 + monthly[:, None]) ** np.arange(37)).sum(axis=1)
    assert np.all(np.abs(npv) < 1e-8 * np.abs(cf).sum(axis=1))


def test_irr_rows_are_independent_of_their_neighbours():
    rng = np.random.default_rng(4)
    cf = rng.normal(500, 900, (300, 25))
    cf[:, 0] = -5000
    whole = irr(cf)
    parts = np.concatenate([irr(cf[:7]), irr(cf[7:150]), irr(cf[150:])])
    np.testing.assert_array_equal(whole, parts)
