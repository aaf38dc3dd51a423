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


def test_headline_in_plain_words_with_its_standard_error():
    # SE of 0.84 over 10,000 iterations: sqrt(0.84 * 0.16 / 1e4) = 0.0037 -> "±0.4 %"
    assert cfo.headline(summary(), "en") == (
        "There is an 84.0 % chance (±0.4 %) that the CRM pays for itself within 24 months; "
        "the median ROI is 140 %."
    )
    assert cfo.headline(summary(), "zh").startswith(
        "CRM 在 24 个月内收回投资的概率为 84.0 %（±0.4 %）"
    )


def test_headline_never_claims_certainty():
    text = cfo.headline(summary(p24=1.0, n=2000), "en")
    assert text.startswith("In every one of the 2,000 simulated futures")
    assert "above 99.95 %" in text
    assert "unlikely" in cfo.headline(summary(p24=0.0), "en")


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
    assert more["prob_roi_above"].text == "70.0 % ± 0.5"
    assert more["prob_irr_above"].label == "Chance IRR beats the hurdle of 15 %"
    assert more["prob_irr_above"].source == "hurdle.prob_irr_above"


def test_percentiles_of_roi_npv_and_total_investment_in_wan():
    rows = {m: cells for m, _, cells in cfo.percentile_rows(summary(), "zh")}
    assert [c.text for c in rows["total_cost"][:3]] == ["4 万美元", "5 万美元", "6 万美元"]
    assert [c.text for c in rows["roi"][:3]] == ["20 %", "140 %", "260 %"]
    assert "irr" not in rows  # absent from this summary: not shown
