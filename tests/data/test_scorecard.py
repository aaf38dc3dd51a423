"""The scorecard: five bands with exact boundaries in two languages, clear errors, the forecast."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.data.bands import forecast_bands
from simroi.data.scorecard import BANDS, DEFAULT_WEIGHTS, band_of, scorecard
from simroi.errors import ConfigError
from simroi.scenario.config import load_scenario
from simroi.simulation.engine import simulate_scenario


@pytest.mark.parametrize(
    "score, zh, en",
    [
        (100, "成功", "success"), (81, "成功", "success"), (80.5, "成功", "success"),
        (80.49, "有点成功", "somewhat successful"), (80, "有点成功", "somewhat successful"),
        (61, "有点成功", "somewhat successful"), (60, "无变化", "no change"),
        (41, "无变化", "no change"), (40, "无太大价值", "little value"),
        (21, "无太大价值", "little value"), (20, "不成功", "unsuccessful"),
        (0, "不成功", "unsuccessful"),
    ],
)  # fmt: skip
def test_band_boundaries(score, zh, en):
    assert band_of(score)[1:] == (zh, en)


def test_the_bands_cover_0_to_100_once_each():
    covered = sorted(s for lo, hi, _, _ in BANDS for s in range(lo, hi + 1))
    assert covered == list(range(101))
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_a_worked_score():
    card = scorecard(
        results={"roi": {"actual": 0.8, "target": 1.6}, "churn": {"actual": -0.1, "target": 0.5}},
        ratings={"adoption": 5, "collaboration": 3},
    )
    # roi 50 + 50 * 0.5 = 75 (w 30); churn 50 - 10 = 40 (w 15); adoption 100 (w 10);
    # collaboration 50 (w 10): (2250 + 600 + 1000 + 500) / 65 = 66.92 -> 67
    assert card.exact == pytest.approx(4350 / 65)
    assert (card.score, card.band_zh, card.band_en) == (67, "有点成功", "somewhat successful")
    assert card.left_out == ["time_saved", "growth", "fit"]
    assert sum(c["weight"] for c in card.components) == pytest.approx(1.0)


def test_an_outcome_beyond_the_target_or_a_loss_stays_in_0_100():
    assert scorecard(results={"roi": {"actual": 9, "target": 1}}).score == 100
    assert scorecard(results={"roi": {"actual": -9, "target": 1}}).score == 0
    assert scorecard(ratings={"fit": 3}).band_en == "no change"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ratings": {"adoption": 6}}, r"ratings.adoption: must be in \[1, 5\] .*got 6"),
        ({"ratings": {"adoption": 0}}, r"ratings.adoption: must be in \[1, 5\] .*got 0"),
        ({"ratings": {"adoption": 4}, "weights": {"adoption": 0}}, "weights summing to 0"),
        ({"ratings": {"fit": 4}, "weights": {"roi": -1}}, r"weights.roi: must be >= 0, got -1"),
        ({"results": {"roi": {"actual": 1, "target": 0}}}, r"results.roi.target: must be > 0"),
        ({"results": {"profit": {"actual": 1, "target": 1}}}, "results.profit: unknown result"),
        ({"ratings": {"mood": 3}}, "ratings.mood: unknown rating"),
        ({}, "nothing to score"),
    ],
)
def test_bad_inputs_are_clear_errors(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        scorecard(**kwargs)


def test_all_problems_at_once():
    with pytest.raises(ConfigError) as err:
        scorecard(ratings={"adoption": 7, "fit": "good"}, weights={"roi": -2})
    assert len(err.value.errors) == 3


SCENARIO = {
    "scenario": {"name": "bands", "horizon_months": 24},
    "simulation": {"iterations": 4000, "seed": 3},
    "baseline": {"leads_per_month": 100, "conversion_rate": 0.2, "avg_deal_value": 1000,
                 "gross_margin": 0.5},
    "drivers": {"conversion_lift": {"dist": "uniform", "low": 0.0, "high": 0.6}},
    "adoption": {"ramp_months": 0},
    "costs": {"one_time": {"crm": {"dist": "uniform", "low": 40_000, "high": 80_000}}},
}  # fmt: skip


def test_forecast_bands_are_the_share_of_iterations_scored_in_each_band():
    scn = load_scenario(SCENARIO)
    only_roi = {k: 0 for k in DEFAULT_WEIGHTS} | {"roi": 1}
    f = forecast_bands(scn, weights=only_roi)
    roi = simulate_scenario(scn).column("roi")  # same seed: the same iterations
    target = np.median(roi)
    score = np.floor(np.clip(50 + 50 * np.clip(roi / target, -1, 1), 0, 100) + 0.5)
    assert f["targets"] == {"roi": pytest.approx(target)}
    for b in f["bands"]:
        assert b["prob"] == np.mean((score >= b["min"]) & (score <= b["max"]))
    assert sum(b["prob"] for b in f["bands"]) == pytest.approx(1.0)
    # a known rating and no results: every iteration scores 75
    fixed = forecast_bands(scn, ratings={"adoption": 4}, weights={"roi": 0, "growth": 0})
    assert [b["prob"] for b in fixed["bands"]] == [0, 1, 0, 0, 0]


def test_cli_scores_a_card_and_forecasts_the_bands(tmp_path):
    card = tmp_path / "card.yaml"
    card.write_text(json.dumps({"results": {"roi": {"actual": 1.2, "target": 1.5}},
                                "ratings": {"adoption": 4}}))  # fmt: skip
    scn = tmp_path / "s.yaml"
    scn.write_text(json.dumps(SCENARIO))
    r = CliRunner().invoke(main, ["scorecard", str(card), "--config", str(scn), "-n", "500"])
    assert r.exit_code == 0, r.output
    assert "有点成功 (somewhat successful)" in r.output and "成功 (success)" in r.output
    out = json.loads(CliRunner().invoke(main, ["scorecard", str(card), "--json"]).output)[
        "scorecard"
    ]
    assert out["score"] == round((30 * 90 + 10 * 75) / 40)
    card.write_text(json.dumps({"ratings": {"adoption": 9}}))
    bad = CliRunner().invoke(main, ["scorecard", str(card)])
    assert (
        bad.exit_code == 2 and f"Error: {card}: ratings.adoption: must be in [1, 5]" in bad.output
    )
    assert CliRunner().invoke(main, ["scorecard"]).exit_code == 2
