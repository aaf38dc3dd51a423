"""fit for a scenario input: rows by --where, and the mean's distribution for an average."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import EXPORTS
from ruamel.yaml import YAML

from simroi.cli import main
from simroi.data.baseline import baseline_from
from simroi.data.exports import read_table
from simroi.data.fitfor import MeanFit, fit_column, fit_mean, select
from simroi.data.inputs import resolve
from simroi.errors import ConfigError
from simroi.sampling.specs import parse


@pytest.fixture(scope="module")
def deals():
    return read_table(EXPORTS / "deals.csv")


def test_where_keeps_the_rows_named(deals):
    keep, words = select(deals, [("Stage", " closed WON "), ("Stage", "Closed Lost")])
    assert keep.sum() == 465 + 1843 and words == "Stage = closed WON or Closed Lost"
    keep, _ = select(deals, [("Stage", "Closed Won"), ("Amount", "")])
    assert keep.sum() == 7  # the won deals without an amount
    with pytest.raises(ConfigError, match=r"--where Stage=Won: no row has it \(values: "):
        select(deals, [("Stage", "Won")])
    with pytest.raises(ConfigError, match=r"--where Nope=...: no such column"):
        select(deals, [("Nope", "x")])


def test_the_deal_values_fit_spreads_like_baselines_interval(deals):
    # the test: within 10 % of baseline's interval for the same quantity
    e = baseline_from(EXPORTS / "deals.csv").estimates["avg_deal_value"]
    found = fit_column(deals, path="baseline.avg_deal_value")
    r = found.result
    assert isinstance(r, MeanFit) and r.n == e.n == 458 and r.mean == pytest.approx(e.value)
    d = parse(r.spec, "x")
    width = float(d.ppf(0.975) - d.ppf(0.025))
    assert abs(width / (e.high - e.low) - 1) < 0.10, (width, e.low, e.high)
    assert found.rows == "the 465 won deals by column 'Stage'"
    # the spread of single deals is twenty times wider: it is not what the input means
    assert r.values_sd > 20 * r.se


def test_a_rate_from_the_stage_column_is_won_over_decided(deals):
    found = fit_column(deals, path="baseline.conversion_rate")
    assert found.column == "Stage" and found.result.mean == pytest.approx(465 / (465 + 1843))
    assert found.result.spec["min"] == 0 and found.result.spec["max"] == 1
    assert found.notes[0] == "155 open deals left out (neither won nor lost)"
    assert "simroi baseline counts only those old enough to have closed" in found.notes[1]


def test_the_means_sd_is_the_standard_error():
    rng = np.random.default_rng(3)
    x = rng.normal(100.0, 20.0, 400)
    r = fit_mean(x, resolve("baseline.rep_hourly_cost"), replicates=4000, seed=1)
    # bootstrap se of a mean: s / sqrt(n) up to sqrt((n - 1) / n) and its own MC error
    se = x.std(ddof=0) / np.sqrt(x.size)
    assert abs(r.se - se) < 4 * se / np.sqrt(2 * 4000)
    assert r.mean == pytest.approx(x.mean())
    with pytest.raises(ConfigError, match="has no spread to fit; write the value as a constant"):
        fit_mean([5.0, 5.0, 5.0], resolve("baseline.rep_hourly_cost"))


def test_the_yaml_sits_under_its_path_and_says_what_it_is(tmp_path, deals):
    text = fit_column(deals, path="baseline.avg_deal_value").yaml()
    assert "this is the distribution of that average (bootstrap of the mean" in text
    assert "not the spread of single values (sd 3,455)" in text
    value = YAML(typ="safe").load(text)
    single = fit_column(deals, column="Amount", path="costs.one_time.crm").yaml()
    assert "the spread of single values: each iteration draws one value" in single
    scenario = {"scenario": {"name": "fitted"}, "baseline": {"leads_per_month": 100,
                "conversion_rate": 0.2, "gross_margin": 0.5}}  # fmt: skip
    scenario["baseline"] |= value["baseline"]
    scenario["costs"] = YAML(typ="safe").load(single)["costs"]
    path = tmp_path / "fitted.yaml"
    path.write_text(json.dumps(scenario))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_a_value_outside_the_keys_range_is_named(tmp_path):
    path = tmp_path / "lifts.csv"
    path.write_text("lift\n0.1\n-1.5\n0.2\n0.3\n")
    message = (
        r"line 3, column 'lift': '-1.5' is outside the range "
        r"of drivers.conversion_lift \(>= -1; above 10 it is "
    )
    with pytest.raises(ConfigError, match=message):
        fit_column(read_table(path), column="lift", path="drivers.conversion_lift")


def test_the_cli_fits_for_an_input_and_refuses_a_family_for_an_average(tmp_path):
    deals = str(EXPORTS / "deals.csv")
    result = CliRunner().invoke(main, ["fit", deals, "--for", "baseline.avg_deal_value",
                                       "--plot", str(tmp_path / "mean.png")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Distribution of the mean of column 'Amount'" in result.output
    assert "\nbaseline:\n  avg_deal_value: {dist: " in result.output
    assert (tmp_path / "mean.png").stat().st_size > 10_000
    where = CliRunner().invoke(main, ["fit", deals, "--column", "Amount", "--where",
                                      "Stage=Closed Won", "--json"])  # fmt: skip
    assert json.loads(where.stdout)["n"] == 458 and json.loads(where.stdout)["kind"] == "values"
    bad = CliRunner().invoke(main, ["fit", deals, "--for", "baseline.avg_deal_value",
                                    "--family", "normal"])  # fmt: skip
    assert bad.exit_code == 2 and "--family: baseline.avg_deal_value is an average" in bad.output
    none = CliRunner().invoke(main, ["fit", deals])
    assert none.exit_code == 2 and "Error: --column: required" in none.output
