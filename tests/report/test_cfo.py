"""The CFO page's figures: the headline's words, rounding to the error, keys read defensively."""

from simroi.report.documents import cfo


def summary(p24=0.84, n=10_000, **extra):
    return {
        "iterations": n,
        "horizon_months": 36,
        "currency": "USD",
        "metrics": {
            "roi": {"p10": 0.2, "p50": 1.4, "p90": 2.6, "mean": 1.4, "se_mean": 0.01},
            "npv": {"p10": -1e4, "p50": 5e4, "p90": 9e4, "mean": 5e4, "se_mean": 300.0},
            "total_cost": {"p10": 4e4, "p50": 5e4, "p90": 6e4, "mean": 5e4, "se_mean": 50.0},
        },
        "prob_roi_positive": 0.9,
        "prob_roi_positive_se": 0.003,
        "prob_npv_positive": 0.88,
        "prob_npv_positive_se": 0.0032,
        "cvar5_npv": -30_123.0,
        "payback": {
            "prob_within_months": {"12": 0.5, "24": p24, "36": 0.95},
            "p50_months": 12,
            "prob_never": 0.05,
        },
        "benefit_breakdown_mean": {"conversion": 1e5, "churn": 0.0},
        **extra,
    }


def test_headline_leads_with_roi_and_loss_over_the_horizon_in_points():
    # P(ROI > 0) 0.9 with SE 0.003 -> "± 0.3 pts" (percentage points, not a relative error)
    assert cfo.headline(summary(), "en") == (
        "Over 36 months the CRM returns more than it costs in 90.0 % of simulated futures "
        "(± 0.3 pts) and loses money in 10.0 %; it pays for itself within 24 months in "
        "84.0 %. The median ROI is 140 %."
    )
    assert cfo.headline(summary(), "zh").startswith(
        "在 36 个月内，CRM 在 90.0 % 的模拟情景中收益超过成本（± 0.3 个百分点），"
        "在 10.0 % 的情景中亏损；在 24 个月内收回投资的概率为 84.0 %。"
    )


def test_headline_month_is_the_summarys_choice_or_36_for_long_horizons():
    chosen = summary()
    chosen["payback"]["headline_month"] = 12
    assert "within 12 months in 50.0 %" in cfo.headline(chosen, "en")
    # the manufacturer's walk-through: a 60-month case no longer opens on month 24
    long = summary(horizon_months=60)
    long["payback"]["prob_within_months"] = {"24": 0.0157, "36": 0.41, "60": 0.849}
    assert "within 36 months in 41.0 %" in cfo.headline(long, "en")


def test_headline_never_claims_certainty():
    text = cfo.headline(summary(prob_roi_positive=1.0, n=2000), "en")
    assert "in more than 99.95 % of simulated futures and loses money in less than 0.05 %" in text
    assert "±" not in text


def test_key_rows_downside_in_words_and_hurdles_when_present():
    rows = {r.key: r for r in cfo.key_rows(summary(), "en")}
    assert rows["cvar5_npv"].label == "NPV, average of the worst 5 %"
    assert rows["cvar5_npv"].text == "-30.1k USD"
    assert rows["prob_roi_loss"].label == "Chance of a loss (ROI < 0)"
    assert "prob_roi_above" not in rows
    given = {"rate": 0.15, "prob_roi_above": 0.7, "prob_roi_above_se": 0.005}
    given |= {"prob_irr_above": 0.6, "prob_irr_above_se": 0.005}
    more = {r.key: r for r in cfo.key_rows(summary(hurdle=given), "en")}
    assert more["prob_roi_above"].label == "Chance ROI beats the hurdle of 15 %"
    assert more["prob_roi_above"].text == "70.0 % ± 0.5 pts"
    assert more["prob_irr_above"].label == "Chance IRR beats the hurdle of 15 %"
    assert more["prob_irr_above"].source == "hurdle.prob_irr_above"


def test_percentiles_of_roi_npv_and_total_investment_in_wan():
    rows = {m: cells for m, _, cells in cfo.percentile_rows(summary(), "zh")}
    assert [c.text for c in rows["total_cost"][:3]] == ["4.00 万美元", "5.00 万美元", "6.00 万美元"]
    assert [c.text for c in rows["roi"][:3]] == ["20 %", "140 %", "260 %"]
    assert "irr" not in rows  # absent from this summary: not shown
