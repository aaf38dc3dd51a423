"""Unit mistakes are errors that say the likely fix; unusual legal values are warnings (data)."""

import json

import pytest
from click.testing import CliRunner

import simroi
from simroi.cli import main
from simroi.errors import ConfigError

GOOD = """\
scenario:
  name: units
  discount_rate: 0.10
simulation: {iterations: 200, seed: 1}
baseline:
  leads_per_month: 100
  conversion_rate: 0.2
  avg_deal_value: 1000
  gross_margin: 0.5
costs:
  annual_price_escalation: 0.03
  seats: 5
  price_per_seat_month: 100
drivers:
  conversion_lift: {dist: pert, min: 0.30, mode: 0.75, max: 0.90}
"""


def errors(text, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(path)
    return e.value.errors


def test_good_file_loads_without_warnings(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    assert simroi.load_scenario(path).warnings == ()


def test_percent_lift_names_each_parameter_and_the_fix(tmp_path):
    bad = GOOD.replace("min: 0.30, mode: 0.75, max: 0.90", "min: 30, mode: 75, max: 90")
    assert errors(bad, tmp_path) == [
        "drivers.conversion_lift.min (line 15): 30 looks like a percent; write 30 % as 0.30",
        "drivers.conversion_lift.mode (line 15): 75 looks like a percent; write 75 % as 0.75",
        "drivers.conversion_lift.max (line 15): 90 looks like a percent; write 90 % as 0.90",
    ]


def test_percent_discount_rate(tmp_path):
    bad = GOOD.replace("discount_rate: 0.10", "discount_rate: 10")
    assert errors(bad, tmp_path) == [
        "scenario.discount_rate (line 3): 10 looks like a percent; write 10 % as 0.10"
    ]


def test_percent_escalation(tmp_path):
    bad = GOOD.replace("annual_price_escalation: 0.03", "annual_price_escalation: 3")
    assert errors(bad, tmp_path) == [
        "costs.annual_price_escalation (line 11): 3 looks like a percent; write 3 % as 0.03"
    ]


def test_missing_baseline_with_an_uncertain_driver_is_an_error(tmp_path):
    bad = GOOD.split("baseline:")[0] + "costs:" + GOOD.split("costs:")[1]
    assert errors(bad, tmp_path) == [
        "drivers.conversion_lift (line 10): is uncertain, but its benefit is always 0 because "
        "baseline.leads_per_month is not given (0), baseline.conversion_rate is not given (0), "
        "baseline.avg_deal_value is not given (0), baseline.gross_margin is not given (0); give "
        "the baseline, or remove the driver"
    ]


def test_zero_baseline_with_a_constant_driver_is_a_warning():
    scn = simroi.load_scenario(
        {
            "scenario": {"name": "w"},
            "drivers": {"churn_reduction": 0.3},
            "costs": {"monthly": {"fee": 10}},
        }
    )
    assert scn.warnings == (
        "drivers.churn_reduction: 0.3 has no effect: its benefit is always 0 because "
        "baseline.customers is not given (0), baseline.monthly_churn is not given (0), "
        "baseline.customer_monthly_margin is not given (0)",
        NO_BASELINE,
    )


NO_BASELINE = (
    "baseline: no baseline section: every baseline figure (leads, conversion, deal value, "
    "customers, reps) is 0, so every benefit is 0 and ROI is -100 %; describe the business "
    "today under 'baseline:', or give custom_benefits"
)


def test_a_scenario_without_baseline_warns_that_every_benefit_is_0(tmp_path):
    """The walkthrough's min.yaml ran to ROI -100 % without a word."""
    path = tmp_path / "min.yaml"
    path.write_text("scenario:\n  name: min\ncosts:\n  one_time:\n    x: 1000\n")
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(path), "-n", "50", "--no-plots", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == f"Warning: {path}: {NO_BASELINE}"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["metrics"]["roi"]["max"] == -1.0  # what the warning says
    # an empty section is no section; custom benefits (a TEI-style case) need none
    empty = {"scenario": {"name": "e"}, "baseline": None, "costs": {"monthly": {"fee": 10}}}
    assert simroi.load_scenario(empty).warnings == (NO_BASELINE,)
    custom = {**empty, "custom_benefits": [{"name": "saved", "monthly": 100}]}
    assert simroi.load_scenario(custom).warnings == ()
    zero = {**empty, "custom_benefits": [{"name": "saved", "monthly": 0, "risk_adjustment": 0.2}]}
    assert simroi.load_scenario(zero).warnings == (NO_BASELINE,)


def test_fraction_field_percent_gets_a_hint_after_its_range(tmp_path):
    bad = GOOD.replace("conversion_rate: 0.2", "conversion_rate: 20")
    assert errors(bad, tmp_path) == [
        "baseline.conversion_rate (line 7): must be in [0, 1], got 20; "
        "20 looks like a percent; write 20 % as 0.20"
    ]


def test_haircut_distribution_in_percent_gets_the_hint():
    data = {
        "scenario": {"name": "h"},
        "costs": {"monthly": {"fee": 10}},
        "custom_benefits": [
            {
                "name": "b",
                "monthly": 100,
                "risk_adjustment": {"dist": "uniform", "low": 10, "high": 20},
            }
        ],
    }
    with pytest.raises(simroi.ConfigError) as e:
        simroi.load_scenario(data)
    assert e.value.errors == [
        "custom_benefits.b.risk_adjustment: must be in [0, 1], but the uniform distribution's "
        "support is [10, 20]; low = 10 looks like a percent; write 10 % as 0.10"
    ]


@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        (
            "discount_rate: 0.10",
            "discount_rate: 0.6",
            "scenario.discount_rate (line 3): is 0.6, above 0.5: legal but unusual; "
            "check the unit (fractions: 0.10 is 10 %)",
        ),
        (
            "max: 0.90}",
            "max: 3.5}",
            "drivers.conversion_lift (line 15): reaches 3.5, above 3: legal but unusual; "
            "check the unit (fractions: 0.10 is 10 %)",
        ),
    ],
)
def test_unusual_values_are_warnings(tmp_path, old, new, warning):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD.replace(old, new))
    assert simroi.load_scenario(path).warnings == (warning,)


def test_warnings_go_to_stderr_and_run_json(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD.replace("discount_rate: 0.10", "discount_rate: 0.6"))
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(path), "-o", str(out), "--no-plots", "--json"])
    assert result.exit_code == 0, result.output
    assert f"Warning: {path}: scenario.discount_rate (line 3): is 0.6" in result.stderr
    json.loads(result.stdout)  # stdout stays the JSON alone
    run = json.loads((out / "run.json").read_text())
    assert run["warnings"] == list(simroi.load_scenario(path).warnings)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "Warning:" in result.stderr


@pytest.mark.parametrize(
    ("hurdle", "error"),
    [
        ("15", "--hurdle: 15 looks like a percent; write 15 % as 0.15"),
        # issue 17 F10: "write inf % as inf"; no percent is that large
        ("inf", "--hurdle: must be in [-1, 10], got inf"),
        ("1e308", "--hurdle: must be in [-1, 10], got 1e+308"),
        ("-2", "--hurdle: must be >= -1, got -2"),
        ("nan", "--hurdle: must be a finite number of size at most 1e300, got nan"),
    ],
)
def test_hurdle_option_gets_the_rule_of_hurdle_rate(tmp_path, hurdle, error):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    result = CliRunner().invoke(
        main, ["run", str(path), "--hurdle", hurdle, "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert result.stderr == f"Error: {error}\n"
    assert not (tmp_path / "o").exists()


def test_a_value_far_above_a_percent_limit_is_a_range_error(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD.replace("seed: 1}", "seed: 1, hurdle_rate: 1e6}"))
    with pytest.raises(
        ConfigError, match=r"hurdle_rate \(line \d+\): must be in \[-1, 10\], got 1000000$"
    ):
        simroi.load_scenario(path)


def test_hurdle_option_is_recorded_as_the_scenario_s(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    out = tmp_path / "o"
    result = CliRunner().invoke(
        main, ["run", str(path), "--hurdle", "0.2", "-o", str(out), "--no-plots", "-n", "500"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["hurdle"]["rate"] == 0.2
    run = json.loads((out / "run.json").read_text())
    assert run["scenario"]["simulation"]["hurdle_rate"] == 0.2
