"""Scenario inputs by path: their range, and whether each is an average."""

import math

import pytest

from simroi.data.inputs import MEANS, resolve
from simroi.errors import ConfigError


def test_an_average_input_says_over_what():
    item = resolve("baseline.avg_deal_value")
    assert item.mean is MEANS["baseline.avg_deal_value"] and item.mean.won_only
    assert item.bounds == (0.0, math.inf) and item.holds(0.0) and not item.holds(-1.0)
    assert resolve("baseline.conversion_rate").bounds == (0.0, 1.0)


def test_a_single_value_input_and_cost_lines():
    assert resolve("drivers.conversion_lift").mean is None
    lift = resolve("drivers.conversion_lift")
    assert lift.bounds == (-1.0, math.inf) and lift.holds(3.0) and not lift.holds(25.0)
    assert lift.rule == ">= -1; above 10 it is a percent"  # 25 means 25 %: write 0.25
    for path in ("costs.one_time.crm", "costs.one_time.crm.amount", "costs.monthly.hosting"):
        assert resolve(path).bounds == (0.0, math.inf) and resolve(path).mean is None
    shorter = resolve("drivers.cycle_shortening")  # < 1: a fit may not reach 1 itself
    assert shorter.bounds[1] < 1.0 and not shorter.holds(1.0) and shorter.holds(0.99)


@pytest.mark.parametrize(
    "path",
    ["baseline.avg_deal_vlaue", "scenario.horizon_months", "scenario.name", "costs.yearly.x",
     "costs.one_time.crm.at_month", "baseline"],
)  # fmt: skip
def test_what_takes_no_distribution_is_refused(path):
    with pytest.raises(ConfigError, match=f"--for {path}: not a scenario input that takes a "):
        resolve(path)
