"""run.json: everything needed to re-run a command exactly."""

import json
import re

import numpy as np

import simroi
from simroi.runs.jsonfiles import write_json
from simroi.runs.manifest import manifest


def test_manifest_records_everything_to_rerun(tmp_path):
    entropy = 2**127 + 12345
    run = manifest(
        scenario_resolved={"scenario": {"name": "x"}},
        scenario_sha256="ab" * 32,
        scenario_source="configs/x.yaml",
        seed=None,
        seed_entropy=entropy,
        sampler="lhs",
        iterations=1000,
        command_line=["simroi", "run", "configs/x.yaml"],
    )
    assert set(run) == {
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
    }
    assert run["simroi_version"] == simroi.__version__
    assert set(run["versions"]) == {"python", "numpy", "scipy", "pandas", "pyarrow", "matplotlib"}
    assert run["versions"]["numpy"] == np.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", run["created_utc"])
    path = write_json(tmp_path / "run.json", run)
    back = json.loads(path.read_text())
    assert back["seed_entropy"] == entropy and int(back["seed_entropy_str"]) == entropy
    assert back["scenario"] == {"scenario": {"name": "x"}} and back["seed"] is None
