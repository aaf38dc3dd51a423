"""Tests of simroi.scenario.config / .schema: loading, defaults, every validation rule, vendors."""

from __future__ import annotations

import copy
import hashlib
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from simroi.errors import ConfigError
from simroi.sampling.distributions import Distribution
from simroi.scenario.config import Scenario, apply_overrides, load_scenario, vendor_scenario

# The example of SPEC §2, verbatim: the reference scenario of these tests.
SPEC_YAML = """\
scenario:
  name: SMB CRM rollout             # required
  currency: CNY                     # default USD
  horizon_months: 36                # 1..240, default 36
  discount_rate: 0.10               # annual, default 0.10

simulation:
  iterations: 20000                 # default 10000
  seed: 42                          # default: none (fresh entropy; printed in outputs)
  sampler: lhs                      # random | lhs | sobol, default lhs

baseline:                           # the business today
  leads_per_month: 400
  conversion_rate: 0.20             # 0..1
  avg_deal_value: 5000
  gross_margin: 0.60                # 0..1
  customers: 1200
  monthly_churn: 0.02               # 0..1
  customer_monthly_margin: 150
  sales_reps: 10
  rep_hourly_cost: 45

drivers:                            # what the CRM changes; each defaults to 0 unless noted
  conversion_lift:   {dist: pert, min: 0.10, mode: 0.18, max: 0.30}
  churn_reduction:   {dist: pert, min: 0.10, mode: 0.14, max: 0.20}   # 0..1
  cycle_shortening:  {dist: pert, min: 0.20, mode: 0.28, max: 0.40}   # 0..<1
  capacity_share: 0.25              # 0..1, share of sales limited by rep capacity
  deal_size_lift: 0.0
  hours_saved_per_rep_week: {dist: lognormal, ci90: [1, 5]}
  productivity_realization: 0.5     # 0..1, default 0.5

adoption:
  implementation_months: 2          # default 0
  ramp_months: {dist: uniform, low: 3, high: 9}    # default 6
  curve: linear                     # linear | s-curve, default linear
  ceiling: {dist: pert, min: 0.7, mode: 0.9, max: 1.0}   # 0 < ceiling <= 1, default 1

costs:
  one_time:                         # any names; summed into C0
    implementation: {dist: triangular, min: 40000, mode: 60000, max: 100000}
    data_migration: 5000
    initial_training: 8000
  seats: 25
  price_per_seat_month: {dist: uniform, low: 60, high: 90}
  annual_price_escalation: 0.05     # default 0
  monthly:                          # any names; summed every month
    administration: 1500
  learning_hours_per_rep: 20        # default 0

custom_benefits:                    # optional free-form monthly lines
  - name: report preparation saved
    monthly: {dist: pert, min: 500, mode: 1000, max: 2000}
    ramped: true                    # default true

risks:                              # optional discrete events, each drawn Bernoulli(probability)
  - name: adoption stalls
    probability: 0.10
    benefit_multiplier: 0.5         # default 1
  - name: integration overrun
    probability: 0.20
    extra_one_time_cost: {dist: uniform, low: 10000, high: 40000}   # default 0
    delay_months: 2                 # default 0

correlations:                       # optional Spearman rank correlations between uncertain inputs
  - [drivers.conversion_lift, drivers.cycle_shortening, 0.5]

vendors:                            # optional; used by `simroi compare`
  - name: Vendor A
    overrides:                      # dotted paths (list items by name), replacing the base value
      costs.price_per_seat_month: {dist: uniform, low: 80, high: 110}
      adoption.ramp_months: 3
  - name: Vendor B
    overrides:
      costs.one_time.implementation: {dist: triangular, min: 20000, mode: 30000, max: 60000}
"""

MINIMAL = {
    "scenario": {"name": "minimal"},
    "custom_benefits": [{"name": "time saved", "monthly": 1000}],
    "costs": {"monthly": {"subscription": 200}},
}


@pytest.fixture(scope="module")
def spec_dict() -> dict:
    return yaml_to_dict(SPEC_YAML)


def yaml_to_dict(text: str) -> dict:
    return json.loads(json.dumps(YAML(typ="safe").load(text)))


def errors_of(source) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_scenario(source)
    return info.value.errors


def with_(base: dict, path: str, value) -> dict:
    """A deep copy of ``base`` with ``value`` set at a dotted path (list items by name)."""
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = (
            next(item for item in node if item["name"] == key)
            if isinstance(node, list)
            else node.setdefault(key, {})
        )
    if isinstance(node, list):
        node[[item["name"] for item in node].index(last)] = value
    else:
        node[last] = value
    return out


def without(base: dict, path: str) -> dict:
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[key]
    del node[last]
    return out


# --------------------------------------------------------------------------- loading


def test_spec_example_loads_from_file(tmp_path):
    path = tmp_path / "smb.yaml"
    path.write_text(SPEC_YAML, encoding="utf-8")
    scn = load_scenario(path)
    assert isinstance(scn, Scenario)
    assert (scn.name, scn.currency, scn.horizon_months, scn.discount_rate) == (
        "SMB CRM rollout",
        "CNY",
        36,
        0.10,
    )
    assert (scn.iterations, scn.seed, scn.sampler, scn.curve) == (20000, 42, "lhs", "linear")
    assert scn.one_time == ("implementation", "data_migration", "initial_training")
    assert scn.monthly == ("administration",)
    assert scn.custom == (("report preparation saved", True),)
    assert scn.risks == ("adoption stalls", "integration overrun")
    assert scn.correlations == (("drivers.conversion_lift", "drivers.cycle_shortening", 0.5),)
    assert [name for name, _ in scn.vendors] == ["Vendor A", "Vendor B"]
    assert scn.source == str(path)
    assert scn.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    json.dumps(scn.resolved)  # JSON-serialisable


STREAM_LINES = ("conversion", "deal_size", "cycle", "churn", "productivity")


def test_inputs_hold_every_model_input_by_dotted_path(spec_dict):
    scn = load_scenario(spec_dict)
    expected = (
        {f"baseline.{k}" for k in spec_dict["baseline"]}
        | {f"drivers.{k}" for k in spec_dict["drivers"]}
        | {"adoption.implementation_months", "adoption.ramp_months", "adoption.ceiling"}
        | {f"costs.one_time.{k}" for k in spec_dict["costs"]["one_time"]}
        | {"costs.seats", "costs.price_per_seat_month", "costs.annual_price_escalation"}
        | {"costs.monthly.administration", "costs.learning_hours_per_rep"}
        | {"costs.seat_risk_adjustment", "costs.learning_risk_adjustment"}
        | {f"benefits.{s}.risk_adjustment" for s in STREAM_LINES}
        | {f"custom_benefits.report preparation saved.{k}" for k in ("monthly", "risk_adjustment")}
        | {
            f"risks.{r}{field}"
            for r in ("adoption stalls", "integration overrun")
            for field in (
                "",
                ".benefit_multiplier",
                ".cost_multiplier",
                ".extra_one_time_cost",
                ".delay_months",
            )
        }
    )
    assert set(scn.inputs) == expected
    assert len([p for p in scn.inputs if p.startswith("baseline.")]) == 9
    assert len([p for p in scn.inputs if p.startswith("drivers.")]) == 7
    assert scn.inputs["baseline.leads_per_month"] == 400.0
    assert isinstance(scn.inputs["baseline.leads_per_month"], float)
    lift = scn.inputs["drivers.conversion_lift"]
    assert isinstance(lift, Distribution) and lift.support == (0.10, 0.30)
    event = scn.inputs["risks.adoption stalls"]
    assert isinstance(event, Distribution) and event.spec["p"] == 0.10
    assert scn.inputs["risks.adoption stalls.benefit_multiplier"] == 0.5
    assert set(scn.uncertain) == {p for p, v in scn.inputs.items() if isinstance(v, Distribution)}
    assert "risks.integration overrun" in scn.uncertain
    assert "drivers.capacity_share" not in scn.uncertain


def test_minimal_scenario_loads_with_every_default():
    scn = load_scenario(MINIMAL)
    assert (scn.currency, scn.horizon_months, scn.discount_rate) == ("USD", 36, 0.10)
    assert (scn.iterations, scn.seed, scn.sampler, scn.curve) == (10000, None, "lhs", "linear")
    x = scn.inputs
    assert x["drivers.productivity_realization"] == 0.5
    assert x["adoption.ramp_months"] == 6.0
    assert x["adoption.ceiling"] == 1.0
    assert x["adoption.implementation_months"] == 0.0
    assert x["baseline.leads_per_month"] == 0.0 and x["drivers.conversion_lift"] == 0.0
    assert x["costs.monthly.subscription"] == 200.0
    assert x["custom_benefits.time saved.monthly"] == 1000.0
    assert all(isinstance(v, float) for v in x.values())
    assert scn.uncertain == {}
    assert scn.custom == (("time saved", True),)
    assert scn.risks == scn.one_time == scn.correlations == scn.vendors == ()
    assert scn.resolved["simulation"] == {
        "iterations": 10000,
        "seed": None,
        "sampler": "lhs",
        # the keys of issue 8; null means the summary's defaults
        "hurdle_rate": None,
        "percentiles": None,
        "payback_months": None,
        "headline_payback_month": None,
    }
    assert scn.resolved["adoption"]["curve"] == "linear"
    assert scn.source is None
    canonical = json.dumps(MINIMAL, sort_keys=True).encode()
    assert scn.sha256 == hashlib.sha256(canonical).hexdigest()


def test_risk_defaults_and_certain_or_impossible_events_are_constants():
    data = copy.deepcopy(MINIMAL)
    data["risks"] = [{"name": "never", "probability": 0}, {"name": "always", "probability": 1}]
    scn = load_scenario(data)
    assert scn.inputs["risks.never"] == 0.0 and scn.inputs["risks.always"] == 1.0
    assert scn.inputs["risks.never.benefit_multiplier"] == 1.0
    assert scn.inputs["risks.never.extra_one_time_cost"] == 0.0
    assert scn.inputs["risks.never.delay_months"] == 0.0
    assert scn.uncertain == {}


def test_dict_source_is_not_modified():
    data = copy.deepcopy(MINIMAL)
    load_scenario(data)
    assert data == MINIMAL


def test_yaml_12_numbers_and_integral_floats(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "scenario: {name: s, horizon_months: 24.0}\nsimulation: {iterations: 1e6, seed: 0}\n"
        "costs: {one_time: {setup: 1.5e4}}\n"
    )
    scn = load_scenario(path)
    assert scn.iterations == 1_000_000 and isinstance(scn.iterations, int)
    assert scn.horizon_months == 24 and isinstance(scn.horizon_months, int)
    assert scn.seed == 0
    assert scn.inputs["costs.one_time.setup"] == 15000.0


def test_null_sections_are_empty(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("scenario: {name: s}\nbaseline:\nrisks:\ncosts:\n  one_time:\n    setup: 10\n")
    assert load_scenario(path).risks == ()


def test_resolved_round_trips_through_load_scenario(spec_dict):
    scn = load_scenario(spec_dict)
    again = load_scenario(scn.resolved)
    assert again.inputs == scn.inputs
    assert again.resolved == scn.resolved


def test_scenario_is_frozen():
    scn = load_scenario(MINIMAL)
    with pytest.raises(AttributeError):
        scn.name = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------- file errors


def test_missing_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert str(info.value) == f"{path}: no such file"
    assert info.value.source == str(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("scenario: [1\n", "invalid YAML (line 2, column 1): expected ',' or ']'"),
        (
            "scenario:\n  name: a\n  name: b\n",
            "invalid YAML (line 3, column 3): found duplicate key",
        ),
        ("scenario: {name: a}\n\tcosts: 1\n", "invalid YAML (line 2, column 1): found character"),
        ("", "the file is empty"),
        ("- 1\n- 2\n", "the top level must be a mapping of sections, got [1, 2] (a list)"),
    ],
    ids=["syntax", "duplicate-key", "tab", "empty", "not-a-mapping"],
)
def test_unreadable_yaml(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: {expected}")


def test_not_utf8_and_directory(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("scenario: {name: caf\xe9}\n".encode("latin-1"))
    assert "not UTF-8 text" in errors_of(path)[0]
    assert errors_of(tmp_path) == ["is a directory, not a scenario file"]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle`` in ``text``."""
    return text[: text.index(needle)].count("\n") + 1


def test_line_numbers_and_all_errors_of_a_file(tmp_path):
    text = SPEC_YAML.replace("gross_margin: 0.60", "gross_margin: 1.60")
    text = text.replace("mode: 0.18, max: 0.30", "mode: 0.18, max: 0.01")
    text = text.replace("  capacity_share: 0.25", "  capacity_shar: 0.25")
    path = tmp_path / "three.yaml"
    path.write_text(text)
    assert errors_of(path) == [
        f"baseline.gross_margin (line {line_of(text, 'gross_margin')}): must be in [0, 1], got 1.6",
        f"drivers.conversion_lift (line {line_of(text, 'conversion_lift:')}): "
        "'min' (0.1) must be <= 'mode' (0.18) <= 'max' (0.01)",
        f"drivers.capacity_shar (line {line_of(text, 'capacity_shar')}): unknown key; "
        "did you mean 'capacity_share'?",
    ]
    assert line_of(text, "gross_margin") == 16  # recorded from SPEC_YAML, as a cross-check
    with pytest.raises(ConfigError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: baseline.gross_margin (line 16): ")


def test_list_item_errors_name_the_item_and_its_line(tmp_path):
    text = SPEC_YAML.replace("probability: 0.20", "probability: 1.20")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    line = line_of(text, "probability: 1.20")
    assert errors_of(path) == [
        f"risks.integration overrun.probability (line {line}): must be in [0, 1], got 1.2"
    ]


# --------------------------------------------------------------------------- one rule each

# (path to set, value, dotted path in the message, text in the message)
RULES = [
    ("scenario.horizon_months", 241, "scenario.horizon_months", "must be in [1, 240], got 241"),
    ("scenario.horizon_months", 12.5, "scenario.horizon_months", "must be an integer, got 12.5"),
    ("scenario.discount_rate", -1, "scenario.discount_rate", "must be > -1, got -1"),
    ("scenario.currency", 5, "scenario.currency", "must be a string, got 5"),
    ("scenario.name", "  ", "scenario.name", "must not be empty"),
    ("simulation.iterations", 0, "simulation.iterations", "must be in [1, 1000000000], got 0"),
    ("simulation.iterations", True, "simulation.iterations", "must be a number, got true"),
    ("simulation.seed", -1, "simulation.seed", "must be >= 0, got -1"),
    ("simulation.seed", 1.5, "simulation.seed", "must be an integer, got 1.5"),
    ("simulation.sampler", "halton", "simulation.sampler", "must be one of 'random', 'lhs'"),
    ("adoption.curve", "S-curve", "adoption.curve", "did you mean 's-curve'?"),
    ("baseline.customers", "many", "baseline.customers", "must be a number or a distribution"),
    ("baseline.customers", False, "baseline.customers", "got false (a boolean)"),
    ("baseline.customers", None, "baseline.customers", "got null"),
    ("baseline.customers", [1, 2], "baseline.customers", "got [1, 2] (a list)"),
    ("baseline.customers", math.nan, "baseline.customers", "at most 1e300, got nan"),
    ("baseline.customers", math.inf, "baseline.customers", "at most 1e300, got inf"),
    ("baseline.customers", 10**400, "baseline.customers", "must be a finite number"),
    ("baseline.customers", -1, "baseline.customers", "must be >= 0, got -1"),
    ("baseline.monthly_churn", 1.5, "baseline.monthly_churn", "must be in [0, 1], got 1.5"),
    ("drivers.churn_reduction", 1.1, "drivers.churn_reduction", "must be <= 1, got 1.1"),
    ("drivers.cycle_shortening", 1, "drivers.cycle_shortening", "must be < 1, got 1"),
    ("drivers.conversion_lift", -1.5, "drivers.conversion_lift", "must be >= -1, got -1.5"),
    ("adoption.ceiling", 0, "adoption.ceiling", "must be in (0, 1], got 0"),
    ("costs.annual_price_escalation", -1, "costs.annual_price_escalation", "must be > -1"),
    ("risks.adoption stalls.benefit_multiplier", -0.5, "risks.adoption stalls.benefit_multiplier",
     "must be >= 0, got -0.5"),
    ("risks.adoption stalls.probability", {"dist": "uniform", "low": 0, "high": 0.2},
     "risks.adoption stalls.probability", "distributions are not allowed here"),
    ("scenario.horizon_months", {"dist": "uniform", "low": 12, "high": 24},
     "scenario.horizon_months", "must be a constant number"),
    ("custom_benefits.report preparation saved.ramped", "yes",
     "custom_benefits.report preparation saved.ramped", "must be true or false, got 'yes'"),
    # distributions: the messages come from simroi.sampling.specs.parse
    ("drivers.conversion_lift", {"dist": "pret", "min": 0, "mode": 1, "max": 2},
     "drivers.conversion_lift", "unknown distribution 'pret'; did you mean 'pert'?"),
    ("drivers.conversion_lift", {"dist": "pert", "min": 0, "mode": 0.1},
     "drivers.conversion_lift", "missing parameter 'max'"),
    ("drivers.conversion_lift", {"dist": "uniform", "low": 0, "high": 1, "mode": 0.5},
     "drivers.conversion_lift", "unexpected parameter 'mode'"),
    ("drivers.conversion_lift", {"dist": "normal", "mean": 0.1, "sd": -1, "min": 0, "max": 1},
     "drivers.conversion_lift.sd", "must be > 0, got -1"),
    ("drivers.conversion_lift", {"dist": "normal", "ci90": [0.3, 0.1], "min": 0, "max": 1},
     "drivers.conversion_lift.ci90", "must be [lo, hi] with lo < hi"),
    ("drivers.conversion_lift", {"dist": "pert", "min": 0.3, "mode": 0.2, "max": 0.1},
     "drivers.conversion_lift", "'min' (0.3) must be <= 'mode' (0.2) <= 'max' (0.1)"),
    ("drivers.conversion_lift", {"dist": "discrete", "values": [0, 1], "probs": [1.2, -0.2]},
     "drivers.conversion_lift.probs[1]", "must be >= 0"),
    ("drivers.conversion_lift", {"dist": "discrete", "values": [0, 1], "probs": [0.5, 0.6]},
     "drivers.conversion_lift.probs", "must sum to 1"),
    # supports outside the field's range
    ("drivers.cycle_shortening", {"dist": "uniform", "low": 0.2, "high": 1.0},
     "drivers.cycle_shortening", "must be < 1, but the uniform distribution's support is [0.2, 1]"),
    ("drivers.cycle_shortening", {"dist": "pert", "min": 0.2, "mode": 0.5, "max": 1},
     "drivers.cycle_shortening", "must be < 1, but the pert distribution's support is [0.2, 1]"),
    ("costs.seats", {"dist": "normal", "mean": 25, "sd": 3}, "costs.seats",
     "must be >= 0, but the normal distribution's support is [-inf, inf]; truncate it with "
     "'min'/'max'"),
    ("baseline.conversion_rate", {"dist": "lognormal", "ci90": [0.1, 0.3]},
     "baseline.conversion_rate", "must be in [0, 1], but the lognormal distribution's support "
     "is [0, inf]; use a bounded distribution"),
    ("adoption.ceiling", {"dist": "beta", "a": 2, "b": 2}, "adoption.ceiling",
     "must be in (0, 1], but the beta distribution's support is [0, 1]"),
    ("costs.one_time.implementation", {"dist": "discrete", "values": [-5, 5]},
     "costs.one_time.implementation", "must be >= 0, but the discrete distribution's support"),
    # structure
    ("drivers", [1], "drivers", "must be a mapping, got [1] (a list)"),
    ("costs.one_time", 5, "costs.one_time", "must be a mapping of names to amounts, got 5"),
    ("costs.one_time", {"setup.fee": 5}, "costs.one_time.setup.fee", "must not contain '.'"),
    ("risks", {"name": "x"}, "risks", "must be a list of mappings with a 'name'"),
    ("risks", [5], "risks[0]", "must be a mapping with a 'name', got 5"),
    ("risks", [{"probability": 0.5}], "risks[0].name", "required key is missing"),
    ("risks", [{"name": "x"}], "risks.x.probability", "required key is missing"),
    ("risks", [{"name": "a.b", "probability": 0.5}], "risks[0].name", "must not contain '.'"),
    ("risks", [{"name": 7, "probability": 0.5}], "risks[0].name", "must be a non-empty string"),
    ("risks", [{"name": "x", "probability": 0.1}, {"name": "x", "probability": 0.2}],
     "risks[1].name", "duplicate name 'x' (also risks[0])"),
    ("custom_benefits", [{"name": "x"}, {"name": "x"}], "custom_benefits[1].name",
     "duplicate name 'x' (also custom_benefits[0])"),
    ("custom_benefits", [{"name": "x", "monthy": 5}], "custom_benefits.x.monthy",
     "unknown key; did you mean 'monthly'?"),
    ("vendors", [{"name": "A"}, {"name": "A"}], "vendors[1].name", "duplicate name 'A'"),
    ("vendors", [{"name": "A", "overrides": [1]}], "vendors.A.overrides",
     "must be a mapping of dotted paths to values"),
    # correlations
    ("correlations", [["drivers.conversion_lift", "drivers.capacity_share", 0.3]],
     "correlations[0]", "'drivers.capacity_share' is a constant; only distributions and risk "
     "events with 0 < probability < 1 can be correlated"),
    ("correlations", [["drivers.conversion_lift", "drivers.cycle_shortenin", 0.3]],
     "correlations[0]", "'drivers.cycle_shortenin' is not an uncertain input; did you mean "
     "'drivers.cycle_shortening'?"),
    ("correlations", [["drivers.conversion_lift", "drivers.conversion_lift", 0.3]],
     "correlations[0]", "correlates 'drivers.conversion_lift' with itself"),
    ("correlations", [["drivers.conversion_lift", "adoption.ceiling", 1.5]],
     "correlations[0]", "rho must be a number in [-1, 1], got 1.5"),
    ("correlations", [["drivers.conversion_lift", "adoption.ceiling", True]],
     "correlations[0]", "rho must be a number in [-1, 1], got true"),
    ("correlations", [["drivers.conversion_lift", "adoption.ceiling"]],
     "correlations[0]", "must be a list [input_a, input_b, rho]"),
    ("correlations", [["drivers.conversion_lift", "adoption.ceiling", 0.2],
                      ["adoption.ceiling", "drivers.conversion_lift", 0.3]],
     "correlations[1]", "duplicate pair 'adoption.ceiling', 'drivers.conversion_lift' "
     "(also correlations[0])"),
    ("correlations", [["drivers.conversion_lift", "adoption.ceiling", 0.9],
                      ["drivers.conversion_lift", "adoption.ramp_months", 0.9],
                      ["adoption.ceiling", "adoption.ramp_months", -0.9]],
     "correlations", "the rank correlation matrix of adoption.ceiling, adoption.ramp_months, "
     "drivers.conversion_lift is not positive semi-definite"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "value", "where", "text"),
    RULES,
    ids=[f"{i:02d}-{rule[2]}" for i, rule in enumerate(RULES)],
)
def test_each_rule_names_the_path_and_the_rule(spec_dict, path, value, where, text):
    errors = errors_of(with_(without(spec_dict, "vendors"), path, value))
    assert len(errors) == 1, errors  # the one problem, and no knock-on errors
    assert errors[0].startswith(f"{where}: ") and text in errors[0], errors


@pytest.mark.parametrize(
    "path",
    ["scenario", "scenario.name"],
)
def test_scenario_name_is_required(spec_dict, path):
    assert errors_of(without(spec_dict, path)) == ["scenario.name: required key is missing"]


def test_unknown_top_level_key_with_hint(spec_dict):
    data = copy.deepcopy(spec_dict)
    data["risk"] = []
    assert errors_of(data) == ["risk: unknown key; did you mean 'risks'?"]


@pytest.mark.parametrize(
    "path, typo, meant",
    [
        ("drivers", "convertion_lift", "conversion_lift"),  # correlated: no correlation error
        ("risks.adoption stalls", "probabilty", "probability"),  # required: not "missing"
        ("baseline", "leads_per_mnth", "leads_per_month"),  # needed by a driver
    ],
)
def test_a_misspelled_key_is_reported_alone(spec_dict, path, typo, meant):
    data = copy.deepcopy(spec_dict)
    node = data
    for key in path.split("."):
        node = next(i for i in node if i["name"] == key) if isinstance(node, list) else node[key]
    node[typo] = node.pop(meant)
    assert errors_of(data) == [f"{path}.{typo}: unknown key; did you mean {meant!r}?"]


def test_a_bad_input_is_not_reported_again_by_correlations(spec_dict):
    data = with_(spec_dict, "drivers.conversion_lift", {"dist": "pert", "min": 1, "mode": 0})
    assert [e.split(":")[0] for e in errors_of(data)] == ["drivers.conversion_lift"]


def test_correlating_a_risk_event_and_a_distribution_is_valid(spec_dict):
    data = with_(spec_dict, "correlations", [["risks.adoption stalls", "adoption.ceiling", -0.4]])
    scn = load_scenario(data)
    assert scn.correlations == (("risks.adoption stalls", "adoption.ceiling", -0.4),)


def test_consistent_correlation_group_is_valid(spec_dict):
    pairs = [
        ["drivers.conversion_lift", "adoption.ceiling", 0.5],
        ["drivers.conversion_lift", "adoption.ramp_months", 0.5],
        ["adoption.ceiling", "adoption.ramp_months", 0.5],
    ]
    assert len(load_scenario(with_(spec_dict, "correlations", pairs)).correlations) == 3


def test_truncated_normal_on_money_is_valid(spec_dict):
    spec = {"dist": "normal", "mean": 25, "sd": 3, "min": 0}
    scn = load_scenario(with_(spec_dict, "costs.seats", spec))
    assert scn.inputs["costs.seats"].support == (0.0, math.inf)
    assert scn.resolved["costs"]["seats"]["dist"] == "normal"


# --------------------------------------------------------------------------- positive cost

NO_COST = "costs: no cost line can be positive, but ROI = (B - C) / C needs C > 0"


@pytest.mark.parametrize(
    ("costs", "baseline", "risks", "ok"),
    [
        ({}, {}, [], False),
        ({"one_time": {"a": 0}, "monthly": {"b": 0}}, {}, [], False),
        ({"seats": 10}, {}, [], False),
        ({"price_per_seat_month": 50}, {}, [], False),
        ({"seats": 10, "price_per_seat_month": 50}, {}, [], True),
        ({"learning_hours_per_rep": 10}, {"sales_reps": 5}, [], False),
        ({"learning_hours_per_rep": 10}, {"sales_reps": 5, "rep_hourly_cost": 40}, [], True),
        ({}, {}, [{"name": "r", "probability": 0.5, "extra_one_time_cost": 1000}], False),
        ({"one_time": {"a": {"dist": "uniform", "low": 0, "high": 10}}}, {}, [], True),
        ({"monthly": {"fee": 1}}, {}, [], True),
    ],
    ids=[
        "none",
        "constant-zero",
        "seats-only",
        "price-only",
        "seats-times-price",
        "learning-without-wage",
        "learning",
        "risk-cost-does-not-count",
        "distribution",
        "monthly",
    ],
)
def test_a_scenario_needs_a_positive_cost(costs, baseline, risks, ok):
    data = {
        "scenario": {"name": "c"},
        "custom_benefits": [{"name": "b", "monthly": 100}],
        "costs": costs,
        "baseline": baseline,
        "risks": risks,
    }
    if ok:
        load_scenario(data)
    else:
        errors = errors_of(data)
        assert len(errors) == 1 and errors[0].startswith(NO_COST)


def test_learning_cost_does_not_count_when_adoption_never_starts():
    data = {
        "scenario": {"name": "c", "horizon_months": 12},
        "adoption": {"implementation_months": 12},
        "baseline": {"sales_reps": 5, "rep_hourly_cost": 40},
        "costs": {"learning_hours_per_rep": 10},
    }
    assert errors_of(data)[0].startswith(NO_COST)


# --------------------------------------------------------------------------- vendors


def test_vendor_override_path_errors_have_hint_and_line(tmp_path):
    text = SPEC_YAML.replace(
        "      adoption.ramp_months: 3\n",
        "      adoption.ramp_months: 3\n      costs.price_per_seat_mnth: 5\n"
        "      risks.integration overrum.probability: 0.5\n      adoption.curve.x: 1\n"
        "      simulation.seed: 1\n",
    )
    path = tmp_path / "v.yaml"
    path.write_text(text)
    first = line_of(text, "costs.price_per_seat_mnth")
    assert errors_of(path) == [
        f"vendors.Vendor A.overrides.costs.price_per_seat_mnth (line {first}): no such path; "
        "did you mean 'costs.price_per_seat_month'?",
        f"vendors.Vendor A.overrides.risks.integration overrum.probability (line {first + 1}): "
        "no such path: 'risks' has no item named 'integration overrum'; "
        "did you mean 'integration overrun'?",
        f"vendors.Vendor A.overrides.adoption.curve.x (line {first + 2}): no such path: "
        "'adoption.curve' is a single value; override it as a whole",
        f"vendors.Vendor A.overrides.simulation.seed (line {first + 3}): 'simulation' cannot be "
        "overridden by a vendor: vendors are compared under the base scenario's settings",
    ]


def test_errors_in_a_vendor_scenario_are_prefixed_and_point_at_the_override(tmp_path):
    text = SPEC_YAML.replace("      adoption.ramp_months: 3\n", "      costs.seats: -3\n")
    path = tmp_path / "v.yaml"
    path.write_text(text)
    line = line_of(text, "costs.seats: -3")
    assert errors_of(path) == [f"vendors.Vendor A: costs.seats (line {line}): must be >= 0, got -3"]


def test_base_errors_are_not_repeated_for_every_vendor(spec_dict):
    data = with_(spec_dict, "baseline.gross_margin", 2)
    assert errors_of(data) == ["baseline.gross_margin: must be in [0, 1], got 2"]


def test_vendor_may_set_optional_keys_list_items_and_whole_lists(spec_dict):
    data = copy.deepcopy(spec_dict)
    data["vendors"] = [
        {
            "name": "C",
            "overrides": {
                "drivers.deal_size_lift": {"dist": "pert", "min": 0, "mode": 0.02, "max": 0.05},
                "custom_benefits.report preparation saved.monthly": 700,
                "risks.integration overrun.probability": 0.4,
                "costs.one_time.premium_support": 2500,
            },
        },
        {"name": "D", "overrides": {"risks": [{"name": "outage", "probability": 0.05}]}},
        {"name": "E"},
    ]
    data = without(data, "drivers.deal_size_lift")
    scn = load_scenario(data)
    c = vendor_scenario(scn, "C")
    assert isinstance(c.inputs["drivers.deal_size_lift"], Distribution)
    assert c.inputs["custom_benefits.report preparation saved.monthly"] == 700.0
    assert c.inputs["risks.integration overrun"].spec["p"] == 0.4
    assert c.one_time[-1] == "premium_support"
    assert (c.name, c.vendors, c.source, c.sha256) == (scn.name, (), scn.source, scn.sha256)
    d = vendor_scenario(scn, "D")
    assert d.risks == ("outage",) and "risks.adoption stalls" not in d.inputs
    assert vendor_scenario(scn, "E").inputs == scn.inputs
    assert scn.inputs["custom_benefits.report preparation saved.monthly"] != 700.0


def test_one_vendor_or_none_is_not_an_error(spec_dict):
    assert len(load_scenario(with_(spec_dict, "vendors", [])).vendors) == 0
    one = [{"name": "Solo", "overrides": {"costs.seats": 30}}]
    assert len(load_scenario(with_(spec_dict, "vendors", one)).vendors) == 1


def test_vendor_scenario_of_an_unknown_vendor(spec_dict):
    scn = load_scenario(spec_dict)
    with pytest.raises(ConfigError, match="^vendors: no vendor named 'Vendor C'; did you mean"):
        vendor_scenario(scn, "Vendor C")


def test_apply_overrides_is_pure_and_checks_paths(spec_dict):
    before = copy.deepcopy(spec_dict)
    out = apply_overrides(spec_dict, {"costs.seats": 30, "adoption.curve": "s-curve"})
    assert spec_dict == before
    assert out["costs"]["seats"] == 30 and out["adoption"]["curve"] == "s-curve"
    with pytest.raises(ConfigError) as info:
        apply_overrides(spec_dict, {"cost.seats": 1, "risks.nobody.probability": 0.1})
    assert info.value.errors == [
        "cost.seats: no such path; did you mean 'costs.seats'?",
        "risks.nobody.probability: no such path: 'risks' has no item named 'nobody'",
    ]


def test_apply_overrides_creates_missing_sections():
    out = apply_overrides({"scenario": {"name": "x"}}, {"drivers.deal_size_lift": 0.1})
    assert out == {"scenario": {"name": "x"}, "drivers": {"deal_size_lift": 0.1}}


# --------------------------------------------------------------------------- properties

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.one_of(st.floats(-2, 2), st.integers(-3, 3), st.text(max_size=3)), max_size=4),
    st.dictionaries(
        st.sampled_from(["dist", "min", "mode", "max", "low", "high", "mean", "sd", "ci90",
                         "values", "probs", "a", "b", "lambda", "name", "probability"]),
        st.one_of(st.sampled_from(["pert", "normal", "uniform", "discrete", "lognormal",
                                   "beta", "triangular", "x"]),
                  st.floats(-2, 2), st.lists(st.floats(-1, 2), max_size=3)),
        max_size=5,
    ),
)  # fmt: skip


def _locations(node, prefix=()):
    """Every (container path) where a value sits, as key/index tuples."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _locations(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _locations(v, (*prefix, i))


@st.composite
def mutated(draw, base):
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        spots = list(_locations(data))
        where = draw(st.sampled_from(spots))
        node = data
        for step in where[:-1]:
            node = node[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[where[-1]] = draw(JUNK)
        elif action == "delete":
            del node[where[-1]]
        elif isinstance(node, dict):
            node[draw(st.text(max_size=8))] = draw(JUNK)
        else:
            node.append(draw(JUNK))
    return data


SPEC_DICT = yaml_to_dict(SPEC_YAML)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SPEC_DICT))
def test_random_mutations_never_raise_anything_but_config_error(data):
    try:
        scn = load_scenario(data)
    except ConfigError as exc:
        assert exc.errors and all(isinstance(e, str) and e for e in exc.errors)
        return
    json.dumps(scn.resolved)
    assert all(isinstance(v, (float, Distribution)) for v in scn.inputs.values())


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(0, 1, exclude_min=True),
    lift=st.floats(-1, 10),
    low=st.floats(0, 1e6),
    width=st.floats(1e-3, 1e6),
    p=st.floats(0, 1),
)
def test_valid_values_always_load(rate, lift, low, width, p):
    # rate > 0: with no churn, the uncertain churn_reduction has nothing to reduce, an
    # error since issue 8 (test_plausibility.py pins it).
    data = apply_overrides(
        SPEC_DICT,
        {
            "baseline.monthly_churn": rate,
            "drivers.deal_size_lift": lift,
            "costs.one_time.implementation": {"dist": "uniform", "low": low, "high": low + width},
            "risks.adoption stalls.probability": p,
        },
    )
    scn = load_scenario(data)
    assert scn.inputs["baseline.monthly_churn"] == rate
    assert isinstance(scn.inputs["risks.adoption stalls"], Distribution) == (0 < p < 1)


def test_vendor_making_a_correlated_input_constant_drops_that_correlation(spec_dict):
    fixed = [{"name": "Fixed", "overrides": {"drivers.cycle_shortening": 0.3}}]
    scn = load_scenario(with_(spec_dict, "vendors", fixed))
    assert len(scn.correlations) == 1
    assert scn.notes == (
        "vendors.Fixed: correlations[0]: [drivers.conversion_lift, drivers.cycle_shortening, "
        "0.5] is dropped: 'drivers.cycle_shortening' is pinned to a constant by an override",
    )
    assert vendor_scenario(scn, "Fixed").correlations == ()
    overrides = {"drivers.cycle_shortening": 0.3, "correlations": scn.resolved["correlations"]}
    explicit = [{"name": "Fixed", "overrides": overrides}]
    assert errors_of(with_(spec_dict, "vendors", explicit)) == [
        "vendors.Fixed: correlations[0]: 'drivers.cycle_shortening' is a constant; only "
        "distributions and risk events with 0 < probability < 1 can be correlated"
    ]
