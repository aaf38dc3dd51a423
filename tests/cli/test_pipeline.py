"""The command skeleton: every folder a command writes carries a run.json that re-makes it,
and the shared options reach a command as one RunOptions."""

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.cli.options import RunOptions, scenario_options
from simroi.runs.layout import FOLDERS, RUN_JSON
from simroi.runs.schema import read_json
from simroi.scenario.config import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SMB, TEI, VENDORS = (str(ROOT / "configs" / f"{n}.yaml") for n in ("smb", "tei", "vendors"))
FRESH = ["--set", "simulation.seed=null"]  # no seed anywhere: fresh entropy, to be recorded
COMMANDS = {
    "run": ["run", SMB, "-n", "300", "--no-plots"],
    "sensitivity": ["sensitivity", SMB, "-n", "300", "--method", "spearman"],
    "compare": ["compare", VENDORS, "-n", "300", "--no-plots"],
    "sweep": ["sweep", SMB, "--vary", "costs.seats=5,40", "-n", "300", "--no-plots"],
    "batch": ["batch", SMB, TEI, "-n", "300"],
    "cases": ["batch", SMB, "--rows", str(ROOT / "tests/data/exports/cases.csv"), "-n", "300"],
    "voi": ["voi", SMB, "-n", "300", "--no-plots"],
    "breakeven": [
        "breakeven",
        SMB,
        "-n",
        "300",
        "--no-plots",
        "--input",
        "drivers.conversion_lift",
        "--target",
        "P(roi>0)>=0.5",
    ],  # fmt: skip
    "stress": ["stress", SMB, "-n", "300", "--no-plots"],
    "reforecast": [
        "reforecast",
        str(ROOT / "tests" / "data" / "exports" / "golive.yaml"),
        "--actuals",
        str(ROOT / "tests" / "data" / "exports" / "golive_kpis.csv"),
        "--go-live",
        "2025-01-01",
        "-n",
        "300",
    ],
}


EXPORTS = ROOT / "tests" / "data" / "exports"
# The data commands: a folder only when asked for (-o/--output-dir, or --report alone).
DATA_COMMANDS = {
    "evaluate": ["evaluate", str(EXPORTS / "golive.yaml"), "--actuals",
                 str(EXPORTS / "golive_deals.csv"), "--go-live", "2025-01-01", "-n", "300",
                 "--replicates", "200", "--no-plots", "-o"],  # fmt: skip
    "baseline": ["baseline", str(EXPORTS / "deals.csv"), "--replicates", "200", "--output-dir"],
    "fit": ["fit", str(EXPORTS / "deals.csv"), "--column", "Amount", "--no-plots", "-o"],
    "scorecard": ["scorecard", str(EXPORTS / "card.yaml"), "--config", SMB, "-n", "300",
                  "--no-plots", "-o"],  # fmt: skip
}


def invoke(args, out):
    r = CliRunner().invoke(main, [*args, "--json", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_every_command_that_writes_a_folder_is_tested_here():
    assert set(COMMANDS) | set(DATA_COMMANDS) == set(FOLDERS)
    assert {k for k, f in FOLDERS.items() if f.on_request} == set(DATA_COMMANDS)


@pytest.mark.parametrize("kind", DATA_COMMANDS)
def test_a_data_commands_folder_records_its_files_and_its_command_makes_it_again(kind, tmp_path):
    runs = []
    for name in ("a", "b"):
        r = CliRunner().invoke(main, [*DATA_COMMANDS[kind], str(tmp_path / name), "--json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == read_json(tmp_path / name / FOLDERS[kind].result)
        runs.append(json.loads(r.stdout))
    assert runs[0] == runs[1]  # the seeds recorded (bootstrap 0, the scenario's) draw it again
    run = read_json(tmp_path / "a" / RUN_JSON)
    data = run["data_files"]
    assert data and all(len(f["sha256"]) == 64 and Path(f["source"]).is_file() for f in data)
    roles = {"evaluate": ["actuals"], "baseline": ["deals"], "fit": ["data"], "scorecard": ["card"]}
    assert [f["role"] for f in data] == roles[kind]
    if kind in ("evaluate", "scorecard"):  # the scenario too
        assert run["scenario"]["scenario"]["name"]


@pytest.mark.parametrize("kind", COMMANDS)
def test_every_folder_carries_a_run_json_whose_entropy_makes_the_numbers_again(kind, tmp_path):
    args = [*COMMANDS[kind], *FRESH]
    first = invoke(args, tmp_path / "a")
    run = read_json(tmp_path / "a" / RUN_JSON)  # checked against its schema
    assert run["seed"] is None  # none given: fresh entropy, recorded
    if kind == "batch":  # each file keeps its own settings; the files are listed
        assert [s["source"] for s in run["scenarios"]] == [SMB, TEI]
        assert run["scenarios"][1]["sha256"] == load_scenario(TEI).sha256
        return
    scn = load_scenario(args[1], overrides={"simulation.seed": None})
    assert run["scenario_sha256"] == scn.sha256 and run["scenario"] == scn.resolved
    assert run["iterations"] == 300 and run["sampler"] == "lhs"
    again = invoke([*args, "--seed", run["seed_entropy_str"]], tmp_path / "b")
    seedless = ("seed",)  # the seed as given: none the first time, the entropy the second
    assert {k: v for k, v in again.items() if k not in seedless} == {
        k: v for k, v in first.items() if k not in seedless
    }
    assert read_json(tmp_path / "b" / RUN_JSON)["seed_entropy"] == run["seed_entropy"]


def test_the_shared_options_arrive_as_one_run_options():
    seen = []

    @click.command()
    @click.argument("config")
    @click.option("--own")
    @scenario_options("voi")
    def command(config, own, opts):
        seen.append((config, own, opts))

    args = ["c.yaml", "--own", "x", "-n", "500", "--seed", "0", "--set", "a.b=1", "--no-plots"]
    r = CliRunner().invoke(command, [*args, "--workers", "2", "-o", "d"])
    assert r.exit_code == 0, r.output
    expected = RunOptions(
        iterations=500, seed=0, output_dir=Path("d"), no_plots=True, sets={"a.b": 1}, workers=2
    )
    assert seen == [("c.yaml", "x", expected)]
    assert "Print voi.json to stdout" in CliRunner().invoke(command, ["--help"]).output
