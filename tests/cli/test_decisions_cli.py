"""voi, breakeven and stress on the command line: JSON keys, files, errors."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from simroi.cli import main

CONFIGS = Path(__file__).resolve().parents[2] / "configs"

SCENARIO = {
    "scenario": {"name": "Decision test", "currency": "EUR", "horizon_months": 24},
    "simulation": {"iterations": 2000, "seed": 4},
    "costs": {"one_time": {"licence": {"dist": "uniform", "low": 10_000, "high": 40_000}}},
    "custom_benefits": [
        {
            "name": "saved",
            "monthly": {"dist": "pert", "min": 0, "mode": 1200, "max": 2500},
            "ramped": False,
        }
    ],
}


def write(tmp_path, data=SCENARIO):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_voi_json_keys_and_files(tmp_path):
    out = tmp_path / "out"
    r = invoke("voi", write(tmp_path), "-o", out, "--json", "--seed", 1)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data == json.loads((out / "voi.json").read_text())
    assert {"evpi", "evpi_se", "evppi", "decision"} <= set(data)
    for v in data["evppi"].values():
        assert set(v) == {"value", "se"} and 0 <= v["value"] <= data["evpi"]
    assert (out / "voi.png").exists()
    r = invoke("voi", write(tmp_path), "-o", tmp_path / "t", "--no-plots")
    assert r.exit_code == 0 and "worth" in r.stdout and "EVPI" in r.stdout


def test_voi_bad_group_exits_2(tmp_path):
    r = invoke("voi", write(tmp_path), "-o", tmp_path / "o", "--group", "nonsense")
    assert r.exit_code == 2 and "--group: must read NAME=PATH" in r.output
    r = invoke("voi", write(tmp_path), "-o", tmp_path / "o", "--group", "g=costs.nope")
    assert r.exit_code == 2 and "'costs.nope' is not an uncertain input" in r.output
    assert not (tmp_path / "o").exists()


def test_breakeven_json_keys_and_table(tmp_path):
    out = tmp_path / "out"
    args = ("breakeven", write(tmp_path), "--input", "costs.one_time.licence")
    r = invoke(*args, "--target", "P(npv>0)>=0.8", "-o", out, "--json", "--seed", 1)
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert {"input", "target", "shift", "shift_se", "value"} <= set(data)
    assert data["direction"] == "at most" and data["shift_se"] > 0
    assert (out / "breakeven.json").exists() and (out / "breakeven.png").exists()
    r = invoke("breakeven", write(tmp_path), "-o", tmp_path / "t", "--no-plots")
    assert r.exit_code == 0 and "One-time cost: licence" in r.stdout


def test_breakeven_bad_target_exits_2(tmp_path):
    args = ("breakeven", write(tmp_path), "--input", "costs.one_time.licence")
    r = invoke(*args, "--target", "P(npv>0)>=2", "-o", tmp_path / "o")
    assert r.exit_code == 2 and "strictly between 0 and 1" in r.output
    assert not (tmp_path / "o").exists()


def test_stress_json_and_default_table(tmp_path):
    out = tmp_path / "out"
    r = invoke(
        "stress",
        write(tmp_path),
        "--input",
        "costs.one_time.licence",
        "--band",
        "0,10",
        "-o",
        out,
        "--json",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["cases"][0]["band"] == [0.0, 0.1] and "baseline" in data
    assert (out / "stress.png").exists()
    r = invoke("stress", write(tmp_path), "-o", tmp_path / "t", "--no-plots")
    assert r.exit_code == 0 and "All futures (no stress)" in r.stdout and "highest 10 %" in r.stdout
    r = invoke("stress", write(tmp_path), "--input", "x", "--band", "a,b", "-o", tmp_path / "u")
    assert r.exit_code == 2 and "--band" in r.output


def test_run_precision_writes_stopped_by_and_convergence(tmp_path):
    out = tmp_path / "out"
    r = invoke("run", write(tmp_path), "--precision", 0.02, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["stopped_by"] == "precision" and (out / "convergence.png").exists()
    r = invoke(
        "run",
        write(tmp_path),
        "--precision",
        0.001,
        "--max-iterations",
        500,
        "-o",
        tmp_path / "b",
        "--json",
    )
    assert r.exit_code == 0 and json.loads(r.stdout)["iterations"] == 500
    assert "--max-iterations 500 reached" in r.stderr


@pytest.mark.parametrize("command", ["stress", "voi", "breakeven", "sensitivity"])
def test_a_scenario_without_uncertainty_is_refused_plainly(command, tmp_path):
    # tei.yaml is a published table: every number a constant. stress used to print a table
    # of one row and numpy's "Degrees of freedom <= 0" warning; breakeven an empty table.
    out = tmp_path / "out"
    r = CliRunner().invoke(main, [command, str(CONFIGS / "tei.yaml"), "-n", "500", "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert r.stderr.endswith(
        "has no uncertain input (every number is a constant); there is nothing to analyse\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("command", ["voi", "breakeven", "stress"])
def test_terminal_speaks_the_report_language(tmp_path, command):
    """--lang zh: the table and its reading in Chinese, as on the report's page."""
    r = invoke(command, write(tmp_path), "-o", tmp_path / "o", "--no-plots", "--lang", "zh")
    assert r.exit_code == 0, r.output
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in r.stdout)
    assert han > 10, r.stdout
    r = invoke(command, write(tmp_path), "-o", tmp_path / "e", "--no-plots", "--lang", "en")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in r.stdout), r.stdout
