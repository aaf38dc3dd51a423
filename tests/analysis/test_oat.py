"""One at a time: exact tornado points and spider curves against hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from sensitivity_cases import LINEAR_INPUTS, TINY, linear, tiny_npv, tiny_roi

import simroi
from simroi.analysis import sensitivity as sens
from simroi.simulation.scenario_model import scenario_constants, scenario_model


@pytest.fixture(scope="module")
def tiny():
    return simroi.load_scenario(TINY)


# --------------------------------------------------------------------------- tornado and spider


def test_tornado_tiny_scenario_matches_hand_computation(tiny):
    f = sens.scenario_metric(tiny, "npv")
    bars = simroi.tornado(f, tiny.inputs)
    # Base: M = 2000 (median), C0 = 4000, no overrun.
    assert bars.attrs["base"] == tiny_npv(2000, 4000) == 14000
    rows = {r["input"]: r for r in bars.to_dict("records")}
    gain = rows["custom_benefits.gain.monthly"]
    assert (gain["low_value"], gain["high_value"]) == pytest.approx((1200, 2800), rel=1e-12)
    assert gain["output_low"] == pytest.approx(tiny_npv(1200, 4000), rel=1e-12)  # 4400
    assert gain["output_high"] == pytest.approx(tiny_npv(2800, 4000), rel=1e-12)  # 23600
    setup = rows["costs.one_time.setup"]
    assert setup["output_low"] == pytest.approx(tiny_npv(2000, 2400), rel=1e-12)
    assert setup["output_high"] == pytest.approx(tiny_npv(2000, 5600), rel=1e-12)
    assert list(bars["input"]) == [
        "custom_benefits.gain.monthly",  # swing 19200
        "risks.overrun",  # 4000
        "costs.one_time.setup",  # 3200
    ]
    assert list(bars["swing"]) == pytest.approx([19200, 4000, 3200], rel=1e-12)


def test_tornado_points_equal_single_row_model_evaluations():
    scn = simroi.load_scenario(
        {
            **TINY,
            "scenario": {"name": "r", "horizon_months": 24, "discount_rate": 0.1},
            "drivers": {"conversion_lift": {"dist": "pert", "min": 0.1, "mode": 0.2, "max": 0.4}},
            # a gross margin: an uncertain lift on a zero baseline is an error (issue 8)
            "baseline": {
                "leads_per_month": 100,
                "conversion_rate": 0.2,
                "avg_deal_value": 900,
                "gross_margin": 0.5,
            },
        }
    )
    model = scenario_model(scn)
    constants = scenario_constants(scn)
    base = {"costs.one_time.setup": 4000.0, "custom_benefits.gain.monthly": 2000.0}
    base |= {"drivers.conversion_lift": scn.uncertain["drivers.conversion_lift"].median()}
    base |= {"risks.overrun": 0.0}
    bars = simroi.tornado(sens.scenario_metric(scn, "npv"), scn.inputs, low=0.2, high=0.8)
    for row in bars.to_dict("records"):
        for end in ("low", "high"):
            point = {**base, row["input"]: row[f"{end}_value"]}
            one = model({**constants, **{k: np.array([v]) for k, v in point.items()}})
            assert row[f"output_{end}"] == one["npv"][0]  # bit for bit


def test_tornado_roi_and_payback_of_tiny_scenario(tiny):
    roi = simroi.tornado(sens.scenario_metric(tiny, "roi"), tiny.inputs, low=0.25, high=0.75)
    assert roi.attrs["base"] == pytest.approx(tiny_roi(2000, 4000), rel=1e-12)  # 1.4
    row = roi.set_index("input").loc["custom_benefits.gain.monthly"]
    assert row["output_low"] == pytest.approx(tiny_roi(1500, 4000), rel=1e-12)
    assert row["output_high"] == pytest.approx(tiny_roi(2500, 4000), rel=1e-12)
    # Payback: first t with -C0 + t (M - 500) >= 0.
    pay = simroi.tornado(sens.scenario_metric(tiny, "payback_month"), tiny.inputs)
    assert pay.attrs["base"] == 3.0  # -4000 + 3 * 1500 >= 0
    row = pay.set_index("input").loc["custom_benefits.gain.monthly"]
    assert (row["output_low"], row["output_high"]) == (6.0, 2.0)  # M = 1200 and 2800


def test_tornado_payback_never_is_censored_at_horizon_plus_one():
    raw = {**TINY, "costs": {**TINY["costs"], "monthly": {"admin": 2900}}}
    scn = simroi.load_scenario(raw)
    pay = simroi.tornado(sens.scenario_metric(scn, "payback_month"), scn.inputs)
    assert pay.attrs["base"] == 13.0  # M = 2000 < 2900 a month: never within 12 months


def test_tornado_risk_event_bar_swings_from_no_to_yes(tiny):
    bars = simroi.tornado(sens.scenario_metric(tiny, "npv"), tiny.inputs)
    event = bars.set_index("input").loc["risks.overrun"]
    assert (event["low_value"], event["high_value"]) == (0.0, 1.0)
    assert event["output_low"] == bars.attrs["base"]
    assert event["output_high"] == tiny_npv(2000, 4000 + 4000)


def test_tornado_linear_model_swings_are_analytic():
    bars = simroi.tornado(linear, LINEAR_INPUTS, low=0.2, high=0.7)
    assert bars.attrs["base"] == pytest.approx(2 * 0.5 + 3 * 1.0)
    assert list(bars.columns) == [
        "input",
        "low_value",
        "high_value",
        "output_low",
        "output_high",
        "swing",
        "given",
        "base_given",
    ]
    assert list(bars["input"]) == ["b", "a"]  # the constant k has no bar
    assert list(bars["swing"]) == pytest.approx([3 * 2 * 0.5, 2 * 0.5])
    b = bars.iloc[0]
    assert (b["low_value"], b["high_value"]) == pytest.approx((0.4, 1.4))
    assert (b["output_low"], b["output_high"]) == pytest.approx((1 + 1.2, 1 + 4.2))


def test_tornado_passes_constants_and_picks_a_named_output():
    def f(x):
        return {"y": x["a"] * x["k"], "z": x["a"]}

    bars = simroi.tornado(f, LINEAR_INPUTS, output="y")
    assert bars.set_index("input").loc["a", "swing"] == pytest.approx(7 * 0.8)
    with pytest.raises(simroi.SimroiError, match="several outputs"):
        simroi.tornado(f, LINEAR_INPUTS)
    with pytest.raises(simroi.SimroiError, match="'w' is not among"):
        simroi.tornado(f, LINEAR_INPUTS, output="w")


def test_spider_moves_one_input_through_its_percentiles(tiny):
    table = simroi.spider(linear, LINEAR_INPUTS)
    assert list(table.index) == pytest.approx([0.05 * k for k in range(1, 20)])
    assert list(table.columns) == ["a", "b"]
    q = table.index.to_numpy()
    np.testing.assert_allclose(table["a"], 2 * q + 3 * 1.0)
    np.testing.assert_allclose(table["b"], 2 * 0.5 + 3 * 2 * q)
    assert table.attrs["base"] == pytest.approx(4.0)
    # Risk events are left out of the spider.
    sp = simroi.spider(sens.scenario_metric(tiny, "npv"), tiny.inputs)
    assert "risks.overrun" not in sp.columns
    assert sp.loc[0.5, "costs.one_time.setup"] == pytest.approx(sp.attrs["base"], rel=1e-12)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"low": 0.0}, r"low: must be in the open interval \(0, 1\), got 0.0"),
        ({"high": 1.0}, r"high: must be in the open interval \(0, 1\)"),
        ({"low": 0.8, "high": 0.2}, r"low percentile \(0.8\) must be < the high one \(0.2\)"),
        ({"low": "a"}, "low: must be a number"),
    ],
)
def test_tornado_rejects_bad_percentiles(kwargs, message):
    with pytest.raises(simroi.SimroiError, match=message):
        simroi.tornado(linear, LINEAR_INPUTS, **kwargs)
