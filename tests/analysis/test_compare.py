"""Vendor comparison: paired statistics, common random numbers, ``simroi compare``."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import simroi
from simroi import cli
from simroi.analysis.compare import METRICS, Comparison
from simroi.analysis.paired import (
    differences,
    dominance,
    expected_regret,
    paired_statistics,
    pairwise,
    prob_best,
    stochastic_dominance,
)
from simroi.errors import SimroiError
from simroi.report.text.numbers import money_to_error

N = 2000
SEED = 7

BASE = {
    "scenario": {"name": "Compare test", "horizon_months": 24, "currency": "EUR"},
    "simulation": {"iterations": N, "seed": SEED, "sampler": "lhs"},
    "costs": {
        "seats": 10,
        "price_per_seat_month": 80,
        "one_time": {
            "implementation": {"dist": "triangular", "min": 5000, "mode": 8000, "max": 15000}
        },
    },
    "custom_benefits": [
        {"name": "time saved", "monthly": {"dist": "pert", "min": 500, "mode": 1500, "max": 3000}}
    ],
    "risks": [
        {
            "name": "overrun",
            "probability": 0.2,
            "extra_one_time_cost": {"dist": "uniform", "low": 1000, "high": 5000},
        }
    ],
}


def scenario(vendors: list[dict] | None, **sections) -> dict:
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(sections))
    if vendors is not None:
        data["vendors"] = vendors
    return data


CHEAP_DEAR = [
    {"name": "Cheap", "overrides": {"costs.price_per_seat_month": 80}},
    {"name": "Dear", "overrides": {"costs.price_per_seat_month": 100}},
]


# --------------------------------------------------------------------------- hand-made arrays


def test_pairwise_counts_strict_wins_over_paired_iterations():
    got = pairwise({"a": np.array([1.0, 2, 3, 4]), "b": np.array([0.0, 2, 5, 1])})
    assert got["a"]["b"] == (0.5, 0.25)  # wins in iterations 0 and 3; se sqrt(.25 / 4)
    assert got["b"]["a"] == (0.25, math.sqrt(0.25 * 0.75 / 4))  # the tie counts for neither
    assert set(got["a"]) == {"b"}  # no self-pair


def test_prob_best_shares_ties_equally():
    values = {"a": np.array([1.0, 2, 3]), "b": np.array([1.0, 0, 5]), "c": np.array([0.0, 2, 0])}
    got = prob_best(values)
    # iteration 0: a and b tie (1/2 each); 1: a and c tie; 2: b alone.
    assert got["a"][0] == pytest.approx(1 / 3)
    assert got["b"][0] == pytest.approx(1 / 2)
    assert got["c"][0] == pytest.approx(1 / 6)
    assert sum(p for p, _ in got.values()) == pytest.approx(1.0)
    shares_b = np.array([0.5, 0.0, 1.0])
    assert got["b"][1] == pytest.approx(shares_b.std() / math.sqrt(3))


def test_prob_best_se_is_binomial_without_ties():
    got = prob_best({"a": np.array([1.0, 0, 1, 1]), "b": np.array([0.0, 1, 0, 0])})
    assert got["a"] == (0.75, pytest.approx(math.sqrt(0.75 * 0.25 / 4)))


def test_expected_regret_is_mean_shortfall_from_the_best():
    values = {"a": np.array([1.0, 2, 3]), "b": np.array([1.0, 0, 5]), "c": np.array([0.0, 2, 0])}
    got = expected_regret(values)
    # best per iteration: 1, 2, 5
    assert got["a"][0] == pytest.approx(2 / 3)  # shortfalls 0, 0, 2
    assert got["b"][0] == pytest.approx(2 / 3)  # 0, 2, 0
    assert got["c"][0] == pytest.approx(2.0)  # 1, 0, 5
    assert got["c"][1] == pytest.approx(np.std([1, 0, 5], ddof=1) / math.sqrt(3))


def test_differences_of_each_ordered_pair():
    got = differences({"a": np.array([1.0, 2, 3]), "b": np.array([1.0, 0, 5])})
    ab = got["a"]["b"]  # a - b = 0, 2, -2
    assert ab["mean"] == 0.0
    assert ab["p50"] == 0.0
    assert ab["p10"] == pytest.approx(-1.6)  # linear: -2 + 0.2 * 2
    assert ab["p90"] == pytest.approx(1.6)
    assert ab["se_mean"] == pytest.approx(2.0 / math.sqrt(3))
    assert got["b"]["a"]["p10"] == pytest.approx(-1.6)


def test_first_order_dominance_of_a_shifted_sample():
    b = np.array([0.0, 1, 2, 7])
    assert stochastic_dominance(b + 0.5, b) == (True, True)
    assert stochastic_dominance(b, b + 0.5) == (False, False)


def test_second_order_without_first_order():
    # A sure 1 against 0 or 2 with equal odds: same mean, less risk.
    sure, risky = np.array([1.0, 1.0]), np.array([0.0, 2.0])
    assert stochastic_dominance(sure, risky) == (False, True)
    assert stochastic_dominance(risky, sure) == (False, False)
    # unequal sample sizes, and large offsets where rounding could flip "<="
    assert stochastic_dominance(np.array([1.0]), risky) == (False, True)
    assert stochastic_dominance(sure + 1e9, risky + 1e9) == (False, True)


def test_equal_distributions_dominate_neither_way():
    values = {"a": np.array([1.0, 2]), "b": np.array([2.0, 1])}
    assert dominance(values) == []
    assert pairwise(values)["a"]["b"][0] == 0.5


def test_crossing_cdfs_with_different_means_are_not_ordered_to_second_order():
    # a has the higher mean but the worse worst case: neither dominates.
    a, b = np.array([-1.0, 10.0]), np.array([0.0, 1.0])
    assert stochastic_dominance(a, b) == (False, False)
    assert stochastic_dominance(b, a) == (False, False)


def test_dominance_lists_every_ordered_pair_that_holds():
    values = {
        "low": np.array([0.0, 1, 2]),
        "high": np.array([1.0, 2, 3]),
        "sure": np.array([2.0, 2, 2]),  # the mean of "high" without its risk
    }
    assert dominance(values) == [
        {"better": "high", "worse": "low", "first_order": True, "second_order": True},
        {"better": "sure", "worse": "low", "first_order": True, "second_order": True},
        {"better": "sure", "worse": "high", "first_order": False, "second_order": True},
    ]


def test_paired_statistics_ranks_by_mean_and_carries_errors():
    stats = paired_statistics({"a": np.array([1.0, 2, 3]), "b": np.array([2.0, 3, 4])})
    by_name = {v["name"]: v for v in stats["vendors"]}
    assert by_name["b"]["rank"] == 1 and by_name["a"]["rank"] == 2
    assert by_name["b"]["prob_best"] == 1.0 and by_name["b"]["prob_best_se"] == 0.0
    assert by_name["a"]["expected_regret"] == 1.0 and by_name["a"]["expected_regret_se"] == 0.0
    assert stats["pairwise"] == {"a": {"b": 0.0}, "b": {"a": 1.0}}
    assert stats["pairwise_se"] == {"a": {"b": 0.0}, "b": {"a": 0.0}}


@pytest.mark.parametrize(
    "values",
    [
        {"a": np.array([1.0, 2])},
        {"a": np.array([1.0, 2]), "b": np.array([1.0])},
        {"a": np.array([1.0, np.nan]), "b": np.array([1.0, 2])},
    ],
)
def test_statistics_refuse_unpaired_or_bad_arrays(values):
    with pytest.raises(SimroiError, match="values:"):
        paired_statistics(values)


# --------------------------------------------------------------------------- simulation


@pytest.mark.parametrize("sampler", ["lhs", "random"])
def test_a_dearer_copy_loses_in_every_iteration(sampler):
    """Common random numbers: only the price differs, so every iteration is a loss."""
    scn = simroi.load_scenario(scenario(CHEAP_DEAR))
    cmp = simroi.compare(scn, sampler=sampler)
    assert np.all(cmp.values["Cheap"] > cmp.values["Dear"])
    assert cmp["pairwise"] == {"Cheap": {"Dear": 1.0}, "Dear": {"Cheap": 0.0}}
    best = {v["name"]: v["prob_best"] for v in cmp["vendors"]}
    assert best == {"Cheap": 1.0, "Dear": 0.0}
    assert cmp["dominance"] == [
        {"better": "Cheap", "worse": "Dear", "first_order": True, "second_order": True}
    ]
    assert cmp["common_random_numbers"] is True and cmp["notes"] == []
    # The difference is the extra seat cost alone, the same in every iteration.
    diff = cmp["differences"]["Cheap"]["Dear"]
    assert diff["p10"] == pytest.approx(diff["p90"], rel=1e-9)


def test_without_common_random_numbers_the_dearer_copy_sometimes_wins():
    """The control for the test above: independent draws do not give 1.0."""
    base = simroi.load_scenario(scenario(None))
    dear = simroi.load_scenario(
        scenario(None, costs={**BASE["costs"], "price_per_seat_month": 100})
    )
    a = simroi.simulate_scenario(base, seed=1).column("npv")
    b = simroi.simulate_scenario(dear, seed=2).column("npv")
    assert pairwise({"a": a, "b": b})["a"]["b"][0] < 0.99


def hand_applied(name: str) -> dict:
    """The vendor's scenario, with its overrides applied by hand."""
    data = scenario(None)
    if name == "Cheap":
        data["costs"]["price_per_seat_month"] = 80
    elif name == "Dear":
        data["costs"]["price_per_seat_month"] = 100
    elif name == "Careful":
        data["risks"][0]["probability"] = 0.05
        data["custom_benefits"][0]["monthly"] = {"dist": "uniform", "low": 400, "high": 2500}
        data["adoption"] = {"ramp_months": 2}
    return data


VENDORS = [
    *CHEAP_DEAR,
    {
        "name": "Careful",
        "overrides": {
            "risks.overrun.probability": 0.05,
            "custom_benefits.time saved.monthly": {"dist": "uniform", "low": 400, "high": 2500},
            "adoption.ramp_months": 2,
        },
    },
]


def test_each_summary_is_that_of_run_on_the_vendor_scenario():
    cmp = simroi.compare(simroi.load_scenario(scenario(VENDORS)), metric="roi")
    for v in cmp["vendors"]:
        alone = simroi.simulate_scenario(simroi.load_scenario(hand_applied(v["name"])))
        assert v["summary"] == {**alone.summary(), "vendor": v["name"]}
        np.testing.assert_array_equal(cmp.values[v["name"]], alone.column("roi"))


def test_without_a_seed_one_entropy_serves_every_vendor():
    data = scenario(VENDORS[:2], simulation={"iterations": 500})
    cmp = simroi.compare(simroi.load_scenario(data))
    seed = cmp["seed"]
    assert isinstance(seed, int)
    assert {v["summary"]["seed"] for v in cmp["vendors"]} == {seed}
    assert cmp["pairwise"]["Cheap"]["Dear"] == 1.0
    again = simroi.compare(simroi.load_scenario(data), seed=seed)
    assert again.to_dict() == cmp.to_dict()


def test_arguments_override_the_simulation_section():
    cmp = simroi.compare(
        simroi.load_scenario(scenario(CHEAP_DEAR)), iterations=300, seed=3, sampler="random"
    )
    assert (cmp["iterations"], cmp["seed"], cmp["sampler"]) == (300, 3, "random")
    assert cmp.values["Cheap"].shape == (300,)
    assert cmp["vendors"][0]["summary"]["iterations"] == 300


def test_progress_counts_every_vendor():
    done = []
    simroi.compare(simroi.load_scenario(scenario(VENDORS)), iterations=500, progress=done.append)
    assert sum(done) == 3 * 500


def test_comparison_is_the_compare_json_data_and_the_arrays():
    cmp = simroi.compare(simroi.load_scenario(scenario(VENDORS)), iterations=500)
    assert isinstance(cmp, Comparison)
    data = cmp.to_dict()
    assert list(data)[:1] == ["metric"]
    for key in ("vendors", "pairwise", "pairwise_se", "dominance", "differences", "seed"):
        assert key in data
    assert [v["name"] for v in data["vendors"]] == ["Cheap", "Dear", "Careful"]
    for v in data["vendors"]:
        assert {
            "name",
            "summary",
            "prob_best",
            "prob_best_se",
            "expected_regret",
            "expected_regret_se",
            "rank",
            "overrides",
        } <= set(v)
    assert sorted(v["rank"] for v in data["vendors"]) == [1, 2, 3]
    assert cmp.ranking[0] == max(cmp.values, key=lambda k: cmp.values[k].mean())
    assert not cmp.values["Cheap"].flags.writeable
    json.dumps(data)  # plain JSON types only
    data["metric"] = "changed"
    assert cmp["metric"] == "npv"  # to_dict() is a copy


def test_sobol_with_different_uncertain_inputs_notes_the_lost_pairing():
    vendors = [
        {"name": "A", "overrides": {}},
        {"name": "B", "overrides": {"costs.seats": {"dist": "uniform", "low": 8, "high": 12}}},
    ]
    cmp = simroi.compare(simroi.load_scenario(scenario(vendors)), iterations=512, sampler="sobol")
    assert cmp["common_random_numbers"] is False
    assert "sobol" in cmp["notes"][0]


@pytest.mark.parametrize(
    ("vendors", "match"),
    [
        (None, "found 0"),
        ([{"name": "Only", "overrides": {}}], "found 1 \\('Only'\\)"),
    ],
)
def test_fewer_than_two_vendors_is_an_error(vendors, match):
    with pytest.raises(
        SimroiError, match="vendors: comparing needs at least two vendors.*" + match
    ):
        simroi.compare(simroi.load_scenario(scenario(vendors)))


def test_unknown_metric_is_an_error():
    scn = simroi.load_scenario(scenario(CHEAP_DEAR))
    with pytest.raises(
        SimroiError, match="metric: must be one of npv, roi, discounted_roi, got 'irr'"
    ):
        simroi.compare(scn, metric="irr")


# --------------------------------------------------------------------------- command line


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML 1.2
    return path


def invoke(*args: str):
    return CliRunner().invoke(cli.main, ["compare", *map(str, args)])


FILES = {
    "compare.json",
    "run.json",
    "compare_cdf.png",
    "compare_risk_return.png",
    "compare_difference.png",
}


def test_cli_writes_compare_json_and_charts(tmp_path):
    out = tmp_path / "out"
    result = invoke(write(tmp_path, scenario(VENDORS)), "-n", 500, "-o", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} - {".simroi-files"} == FILES
    data = json.loads((out / "compare.json").read_text("utf-8"))
    assert data["metric"] == "npv" and data["iterations"] == 500
    for name in ("Cheap", "Dear", "Careful"):
        assert name in result.stdout
    assert "Written to" in result.stderr


def test_cli_json_prints_exactly_compare_json(tmp_path):
    out = tmp_path / "out"
    config = write(tmp_path, scenario(CHEAP_DEAR))
    result = invoke(config, "--metric", "roi", "--json", "--no-plots", "-o", out)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == json.loads((out / "compare.json").read_text("utf-8"))
    assert printed["metric"] == "roi" and printed["pairwise"]["Cheap"]["Dear"] == 1.0
    assert sorted(p.name for p in out.iterdir() if p.name != ".simroi-files") == [
        "compare.json",
        "run.json",
    ]  # --no-plots


def test_cli_default_directory_is_a_new_compare_run_each_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = write(tmp_path, scenario(CHEAP_DEAR))
    for _ in range(2):  # likely within the same second: never the same folder
        result = invoke(config, "-n", 200, "--json", "--no-plots")
        assert result.exit_code == 0, result.output
    runs = sorted((tmp_path / "outputs" / "compare-test").iterdir())
    assert len(runs) == 2
    assert all("-compare" in run.name for run in runs)
    assert all(
        sorted(p.name for p in run.iterdir() if p.name != ".simroi-files")
        == ["compare.json", "run.json"]
        for run in runs
    )


def test_cli_refuses_an_earlier_run_without_force(tmp_path):
    out = tmp_path / "out"
    config = write(tmp_path, scenario(CHEAP_DEAR))
    args = (config, "-n", 200, "-o", out, "--json", "--no-plots")
    assert invoke(*args).exit_code == 0
    refused = invoke(*args)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert invoke(*args, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("vendors", "message"),
    [
        (
            [{"name": "Only", "overrides": {}}],
            "^Error: .*scenario.yaml: vendors: comparing needs at least two",
        ),
        (
            [CHEAP_DEAR[0], {"name": "Broken", "overrides": {"costs.price_per_seat": 90}}],
            "^Error: .*vendors\\.Broken\\.overrides\\.costs\\.price_per_seat .*no such path",
        ),
        ([CHEAP_DEAR[0], CHEAP_DEAR[0]], "^Error: .*vendors.*duplicate.*'Cheap'"),
        (
            [CHEAP_DEAR[0], {"name": "Wild", "overrides": {"risks.overrun.probability": 1.5}}],
            "^Error: .*vendors\\.Wild: risks\\.overrun\\.probability",
        ),
    ],
    ids=["one vendor", "bad path", "duplicate name", "invalid vendor"],
)
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path, monkeypatch, vendors, message):
    monkeypatch.chdir(tmp_path)
    result = invoke(write(tmp_path, scenario(vendors)), "-n", 200, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    default = invoke(write(tmp_path, scenario(vendors)), "-n", 200)  # into outputs/...
    assert default.exit_code == 2
    assert not (tmp_path / "outputs").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_cli_warns_on_stderr_when_pairing_is_lost(tmp_path):
    vendors = [
        {"name": "A", "overrides": {}},
        {"name": "B", "overrides": {"costs.seats": {"dist": "uniform", "low": 8, "high": 12}}},
    ]
    out = tmp_path / "out"
    result = invoke(
        write(tmp_path, scenario(vendors)),
        "-n",
        256,
        "--sampler",
        "sobol",
        "--json",
        "--no-plots",
        "-o",
        out,
    )
    assert result.exit_code == 0, result.output
    assert "Warning: common random numbers do not hold" in result.stderr
    assert json.loads(result.stdout)["common_random_numbers"] is False


def test_cli_metric_choices_are_the_library_metrics():
    option = next(p for p in cli.main.commands["compare"].params if p.name == "metric")
    assert tuple(option.type.choices) == METRICS


def test_cli_unknown_metric_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(write(tmp_path, scenario(CHEAP_DEAR)), "--metric", "irr")
    assert result.exit_code == 2
    assert not (tmp_path / "outputs").exists()


def test_terminal_table_ranks_vendors_and_rounds_to_the_error():
    from rich.console import Console

    from simroi.report.views import compare as view

    data = simroi.compare(simroi.load_scenario(scenario(CHEAP_DEAR)), iterations=300).to_dict()
    console = Console(width=200, record=True)
    console.print(view.table(data))
    text = console.export_text()
    assert text.index("Cheap") < text.index("Dear")  # ranked by mean NPV
    assert "< 0.4 %" in text  # P(best) of the dearer copy: never, said honestly
    npv = next(v for v in data["vendors"] if v["name"] == "Cheap")["summary"]["metrics"]["npv"]
    assert money_to_error(npv["mean"], npv["se_mean"]) in text
    assert "Cheap dominates Dear (first-order" in text
