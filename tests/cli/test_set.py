"""--set on every command that loads a scenario: the same result as the edit in the file."""

import copy
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_yaml import DEEP, FLOW_BOMB, NINES
from test_decisions_cli import SCENARIO

from simroi.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]
# The same what-if two ways: a --set, and the file edited.
SET = "costs.one_time.licence={dist: uniform, low: 10000, high: 60000}"
EDITED = copy.deepcopy(SCENARIO)
EDITED["costs"]["one_time"]["licence"] = {"dist": "uniform", "low": 10000, "high": 60000}

DECISIONS = {
    "voi": (),
    "breakeven": ("--input", "costs.one_time.licence", "--target", "P(npv>0)>=0.8"),
    "stress": ("--input", "costs.one_time.licence", "--band", "0,10"),
}
# Commands that read no scenario (they take exports, data, a run folder or a template).
NO_SCENARIO = {"init", "baseline", "fit", "report"}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data))  # JSON is YAML
    return path


@pytest.mark.parametrize("command", sorted(DECISIONS))
def test_set_gives_what_the_edited_file_gives(tmp_path, command):
    base, edited = write(tmp_path, "s.yaml", SCENARIO), write(tmp_path, "e.yaml", EDITED)
    extra = (*DECISIONS[command], "-n", 1000, "--seed", 3, "--json", "--no-plots")
    via_set = invoke(command, base, "--set", SET, *extra, "-o", tmp_path / "a")
    via_file = invoke(command, edited, *extra, "-o", tmp_path / "b")
    plain = invoke(command, base, *extra, "-o", tmp_path / "c")
    for r in (via_set, via_file, plain):
        assert r.exit_code == 0, r.output
    assert json.loads(via_set.stdout) == json.loads(via_file.stdout)
    assert json.loads(via_set.stdout) != json.loads(plain.stdout)  # the --set did something


@pytest.mark.parametrize("command", sorted(DECISIONS))
def test_a_bad_set_exits_2_naming_path_rule_and_value_and_writes_nothing(tmp_path, command):
    base = write(tmp_path, "s.yaml", SCENARIO)
    out = tmp_path / "o"
    bad = "costs.one_time.licence={dist: uniform, low: 50000, high: 10000}"
    r = invoke(command, base, *DECISIONS[command], "--set", bad, "-o", out)
    assert r.exit_code == 2, r.output
    assert "costs.one_time.licence" in r.output and "high" in r.output and "10000" in r.output
    assert "Traceback" not in r.output and not out.exists()
    r = invoke(command, base, *DECISIONS[command], "--set", "costs.one_time.licence", "-o", out)
    assert r.exit_code == 2 and "expected PATH=VALUE" in r.output and not out.exists()
    r = invoke(command, base, *DECISIONS[command], "--set", "costs.seatz=3", "-o", out)
    assert r.exit_code == 2 and "did you mean 'costs.seats'" in r.output and not out.exists()


def test_every_command_that_reads_a_scenario_lists_set_in_its_help():
    for command in COMMANDS:
        r = invoke(command, "--help")
        assert r.exit_code == 0, r.output
        assert ("--set PATH=VALUE" in r.stdout) == (command not in NO_SCENARIO), command


def test_explain_with_set_shows_the_edited_value(tmp_path):
    base, edited = write(tmp_path, "s.yaml", SCENARIO), write(tmp_path, "e.yaml", EDITED)
    via_set = invoke("explain", base, "--set", SET)
    via_file = invoke("explain", edited)
    assert via_set.exit_code == 0 and via_file.exit_code == 0
    # the first line names the file; everything after it is the resolved scenario
    assert via_set.stdout.splitlines()[1:] == via_file.stdout.splitlines()[1:]
    assert "60000" in via_set.stdout.replace(",", "")


def test_scenario_warnings_reach_every_decision_command(tmp_path):
    base = write(tmp_path, "s.yaml", SCENARIO)
    warned = invoke("validate", base, "--set", "drivers.conversion_lift=0.2")
    lines = [s for s in warned.stderr.splitlines() if s.startswith("Warning:")]
    assert warned.exit_code == 0 and lines, warned.output
    for command, extra in DECISIONS.items():
        r = invoke(command, base, *extra, "--set", "drivers.conversion_lift=0.2", "-n", 500,
                   "--seed", 1, "--no-plots", "-o", tmp_path / command)  # fmt: skip
        assert r.exit_code == 0, r.output
        assert [s for s in r.stderr.splitlines() if s.startswith("Warning:")] == lines


def test_set_on_scorecard_needs_a_scenario_and_bad_set_on_evaluate_and_batch_exits_2(tmp_path):
    r = invoke("scorecard", tmp_path / "card.yaml", "--set", "costs.seats=3")
    assert r.exit_code == 2 and "give --config" in r.output
    base = write(tmp_path, "s.yaml", SCENARIO)
    bad = ("--set", "costs.one_time.licence=-5")
    r = invoke("scorecard", "--config", base, *bad)
    assert r.exit_code == 2 and "costs.one_time.licence" in r.output and "-5" in r.output
    r = invoke("evaluate", base, "--actuals", tmp_path / "none.csv", "--go-live", "2025-01-01",
               *bad)  # fmt: skip
    assert r.exit_code == 2 and "costs.one_time.licence" in r.output
    r = invoke("batch", base, base, *bad, "-o", tmp_path / "b")
    assert r.exit_code == 2 and r.output.count("costs.one_time.licence") == 2
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("vendors", [False, True])
def test_voi_gives_the_same_numbers_on_one_and_two_workers(tmp_path, vendors):
    base = ROOT / "configs" / "vendors.yaml" if vendors else write(tmp_path, "s.yaml", SCENARIO)
    args = ("voi", base, "-n", 1500, "--seed", 5, "--json", "--no-plots")
    one = invoke(*args, "--workers", 1, "-o", tmp_path / "one")
    two = invoke(*args, "--workers", 2, "-o", tmp_path / "two")
    assert one.exit_code == 0 and two.exit_code == 0, one.output + two.output
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_voi_on_a_dask_local_cluster_equals_one_worker(tmp_path):
    pytest.importorskip("distributed")
    base = write(tmp_path, "s.yaml", SCENARIO)
    args = ("voi", base, "-n", 1500, "--seed", 5, "--json", "--no-plots")
    one = invoke(*args, "--workers", 1, "-o", tmp_path / "one")
    dask = invoke(*args, "--scheduler", "local", "--workers", 2, "-o", tmp_path / "dask")
    assert one.exit_code == 0 and dask.exit_code == 0, one.output + dask.output
    assert json.loads(one.stdout) == json.loads(dask.stdout)


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("costs.seats=" + NINES, "a number of 5,000 digits"),
        ("drivers.conversion_lift=" + DEEP, "nested more than 64 levels"),
        (f"custom_benefits={FLOW_BOMB}", "expands to more than 200,000 values"),
        ('scenario.name="\\ud83d x"', "contains an unpaired surrogate \\ud83d"),
    ],
)
def test_set_gets_the_file_s_bounds_on_the_command_line(tmp_path, assignment, message):
    """Issue 17 F5/F7: a ValueError, a RecursionError, 9 s for an alias bomb, a
    UnicodeEncodeError; now one clean error, exit 2, fast."""
    base = write(tmp_path, "s.yaml", SCENARIO)
    started = time.monotonic()
    r = invoke("validate", base, "--set", assignment)
    assert time.monotonic() - started < 1
    assert r.exit_code == 2 and message in r.output, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_an_error_naming_a_surrogate_prints_its_escape(tmp_path):
    """A path from argv with a byte that is not UTF-8 (Python keeps it as a surrogate)."""
    r = invoke("validate", write(tmp_path, "s.yaml", SCENARIO), "--set", "costs.\udcff=1")
    assert r.exit_code == 2 and "no such path: 'costs' has no key '\\udcff'" in r.output


def test_pinning_a_correlated_input_runs_with_a_note_and_equals_the_pair_removed_file(tmp_path):
    """The first what-if a consultant types (configs/smb.yaml correlates conversion lift)."""
    import pandas as pd
    from ruamel.yaml import YAML

    smb = ROOT / "configs" / "smb.yaml"
    data = YAML(typ="safe", pure=True).load(smb.read_text("utf-8"))
    data["drivers"]["conversion_lift"] = 0.1
    data["correlations"] = []
    removed = write(tmp_path, "removed.yaml", data)
    args = ("-n", 2000, "--seed", 4, "--no-plots")
    pinned = invoke("run", smb, "--set", "drivers.conversion_lift=0.1", *args, "-o", tmp_path / "a")
    written = invoke("run", removed, *args, "-o", tmp_path / "b")
    assert pinned.exit_code == 0 and written.exit_code == 0, pinned.output + written.output
    note = (
        f"Note: {smb}: correlations[0] (line 96): [drivers.conversion_lift, "
        "drivers.cycle_shortening, 0.5] is dropped: 'drivers.conversion_lift' is pinned to a "
        "constant by an override"
    )
    assert [s for s in pinned.stderr.splitlines() if s.startswith("Note:")] == [note]
    assert "Note:" not in written.stderr
    a, b = (
        pd.read_parquet(tmp_path / "a" / "samples.parquet"),
        pd.read_parquet(tmp_path / "b" / "samples.parquet"),
    )
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    summary = [json.loads((tmp_path / d / "summary.json").read_text()) for d in "ab"]
    assert summary[0] == summary[1]
    run = json.loads((tmp_path / "a" / "run.json").read_text())
    assert run["notes"] == [note.removeprefix(f"Note: {smb}: ")]
