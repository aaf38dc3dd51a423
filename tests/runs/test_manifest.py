"""run.json: everything needed to re-run a command exactly."""

import dataclasses
import json
import re
from pathlib import Path

import numpy as np

import simroi
from simroi.runs.jsonfiles import write_json
from simroi.runs.manifest import Settings, manifest

ROOT = Path(__file__).resolve().parents[2]


def _scenario(**changes):
    from simroi.scenario.config import load_scenario

    return dataclasses.replace(load_scenario(ROOT / "configs" / "smb.yaml"), **changes)


def test_manifest_records_everything_to_rerun(tmp_path):
    entropy = 2**127 + 12345
    scn = _scenario(warnings=("w",), notes=("n",))
    settings = Settings(seed=None, seed_entropy=entropy, sampler="lhs", iterations=1000)
    run = manifest(scn, settings, ["simroi", "run", "configs/x.yaml"])
    assert list(run) == [
        "simroi_version",
        "versions",
        "platform",
        "created_utc",
        "command_line",
        "seed",
        "seed_entropy",
        "seed_entropy_str",
        "sampler",
        "iterations",
        "scenario_source",
        "scenario_sha256",
        "scenario",
        "warnings",
        "notes",
    ]
    assert run["simroi_version"] == simroi.__version__
    assert set(run["versions"]) == {"python", "numpy", "scipy", "pandas", "pyarrow", "matplotlib"}
    assert run["versions"]["numpy"] == np.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", run["created_utc"])
    assert run["command_line"] == ["simroi", "run", "configs/x.yaml"]
    assert (run["sampler"], run["iterations"], run["seed"]) == ("lhs", 1000, None)
    assert run["scenario_sha256"] == scn.sha256 and run["scenario_source"] == scn.source
    assert (run["warnings"], run["notes"]) == (["w"], ["n"])
    path = write_json(tmp_path / "run.json", run)
    back = json.loads(path.read_text())
    assert back["seed_entropy"] == entropy and int(back["seed_entropy_str"]) == entropy
    assert back["scenario"] == scn.resolved


def test_a_batch_lists_each_file_by_source_and_digest():
    a, b = _scenario(source="a.yaml", sha256="1" * 64), _scenario(source="b.yaml", notes=("n",))
    run = manifest([a, b], Settings(seed=7), ["simroi", "batch"])
    assert run["scenarios"] == [{"source": "a.yaml", "sha256": "1" * 64},
                                {"source": "b.yaml", "sha256": b.sha256}]  # fmt: skip
    assert run["scenario"] is None and run["scenario_sha256"] is None
    assert run["notes"] == ["b.yaml: n"] and run["seed"] == 7
    assert run["seed_entropy"] is None and run["seed_entropy_str"] is None


def test_settings_come_from_a_results_or_from_a_results_json():
    from simroi.simulation.engine import simulate_scenario

    res = simulate_scenario(_scenario(seed=None), iterations=200, sampler="random")
    settings = Settings.of_results(res)
    assert settings == Settings(None, res.seed_entropy, "random", 200)
    assert Settings.of_json({"seed": 5, "sampler": "lhs", "iterations": 9}, seed=None) == Settings(
        None, 5, "lhs", 9
    )  # the seed a result drew with is its entropy
    both = {"seed": None, "seed_entropy": 11}
    assert Settings.of_json(both, seed=3) == Settings(3, 11, None, None)
