"""simroi explain: the resolved scenario, units and defaults, within 80 columns."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.scenario.explain import fit

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


def explain(path):
    return CliRunner().invoke(main, ["explain", str(path)])


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_template_explains_within_80_columns(config):
    res = explain(config)
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert len(lines) > 40
    assert max(len(line) for line in lines) <= 80


def test_tei_values_units_and_defaults():
    out = explain(ROOT / "configs" / "tei.yaml").output.splitlines()
    assert 'scenario.discounting = "annual"' in out
    # written in the file, equal to the default: not marked; not in the file: filled in
    assert "scenario.discount_rate = 0.1  [fraction/year]" in out
    assert 'simulation.sampler = "lhs"  *' in out
    assert "baseline.leads_per_month = 0  [leads/month]  *" in out
    assert "costs.one_time.initial = 53150  [USD]" in out
    i = out.index("costs.yearly.subscription and internal effort =")  # 84 columns: wrapped
    assert out[i + 1] == "    [666715, 636772, 647783]  [USD/year]"
    assert "risks.renewal price rise.cost_multiplier = 1.1" in out
    assert out[-1] == "# uncertain inputs (0): none"


def test_uncertain_inputs_listed_one_per_line():
    out = explain(ROOT / "configs" / "smb.yaml").output.splitlines()
    start = next(i for i, line in enumerate(out) if line.startswith("# uncertain inputs ("))
    listed = [line.strip("# ") for line in out[start + 1 :]]
    assert "drivers.conversion_lift" in listed
    assert out[start] == f"# uncertain inputs ({len(listed)}):"


def test_fit_wraps_the_value_under_its_path():
    line = "drivers.conversion_lift = {dist: pert, min: 0.1, mode: 0.2, max: 0.3}  [fraction]"
    assert fit(line, 40) == [
        "drivers.conversion_lift =",
        "    {dist: pert, min: 0.1, mode: 0.2,",
        "    max: 0.3}  [fraction]",
    ]
    assert fit("short = 1", 40) == ["short = 1"]


def test_bad_config_is_an_error_without_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: {name: x, discount_rate: 10}\n")
    res = CliRunner().invoke(main, ["explain", str(bad)])
    assert res.exit_code == 2
    assert "scenario.discount_rate" in res.output and "write 10 % as 0.10" in res.output
    assert "Traceback" not in res.output


def test_only_values_not_written_are_marked_as_defaults(tmp_path):
    """configs/smb.yaml writes currency: USD (the default): the walkthrough saw it starred."""
    out = explain(ROOT / "configs" / "smb.yaml").output.splitlines()
    assert 'scenario.currency = "USD"' in out
    assert 'scenario.language = "en"  *' in out
    assert "risks.adoption stalls.cost_multiplier = 1  *" in out  # a list item's default
    starred = "\n".join(line for line in out if line.endswith("*"))
    assert "costs.one_time.implementation =" not in starred
    written = tmp_path / "s.yaml"
    written.write_text("scenario: {name: s, language: en}\ncosts: {monthly: {fee: 1}}\n")
    via_set = CliRunner().invoke(main, ["explain", str(written), "--set", "scenario.currency=USD"])
    assert 'scenario.currency = "USD"' in via_set.output.splitlines()
    assert 'scenario.language = "en"' in via_set.output.splitlines()
    assert "scenario.horizon_months = 36  [months]  *" in via_set.output.splitlines()
