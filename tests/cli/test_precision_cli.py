"""--precision and --max-iterations on run and compare: files, reproducibility, plain errors."""

import json

import pytest
from click.testing import CliRunner

from simroi.cli import main

VENDORS = {
    "scenario": {"name": "Precision CLI", "currency": "EUR", "horizon_months": 24},
    "simulation": {"iterations": 1000, "seed": 4},
    "costs": {"one_time": {"licence": {"dist": "uniform", "low": 10_000, "high": 40_000}}},
    "custom_benefits": [
        {
            "name": "saved",
            "monthly": {"dist": "pert", "min": 0, "mode": 1200, "max": 2500},
            "ramped": False,
        }
    ],
    "vendors": [
        {"name": "A", "overrides": {}},
        {"name": "B", "overrides": {"costs.one_time.licence": 20_000}},
    ],
}


def write(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(VENDORS))  # JSON is YAML
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_compare_to_a_precision_is_reproducible(tmp_path):
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        r = invoke("compare", write(tmp_path), "--precision", 0.01, "--seed", 9, "-o", out)
        assert r.exit_code == 0, r.output
        runs.append((out / "compare.json").read_bytes())
        assert (out / "convergence.png").is_file()
    assert runs[0] == runs[1]
    data = json.loads(runs[0])
    assert data["stopped_by"] == "precision"
    assert max(data["precision"]["standard_errors"].values()) <= 0.01
    assert data["iterations"] == data["precision"]["history"][-1]["iterations"]
    assert {v["summary"]["iterations"] for v in data["vendors"]} == {data["iterations"]}


def test_compare_max_iterations_reached_is_said_plainly(tmp_path):
    r = invoke(
        "compare",
        write(tmp_path),
        "--precision",
        0.001,
        "--max-iterations",
        600,
        "-o",
        tmp_path / "out",
        "--json",
        "--no-plots",
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["iterations"] == 600 and data["stopped_by"] == "max_iterations"
    assert "Warning: --max-iterations 600 reached before every standard error was below 0.001" in (
        r.stderr
    )
    assert data["precision"]["history"][-1]["largest_se_of"] in r.stderr


@pytest.mark.parametrize("command", ["run", "compare"])
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--precision", 0], "Invalid value for '--precision': 0.0 is not in the range 0<x<0.5"),
        (["--precision", -0.01], "'--precision'"),
        (["--precision", 0.5], "'--precision'"),
        (["--precision", "nan"], "'--precision': must be in (0, 0.5), got nan"),
        (["--precision", 0.01, "--max-iterations", 50], "50 is not in the range 100<=x"),
        (["--max-iterations", 5000], "--max-iterations needs --precision"),
    ],
)
def test_bad_precision_settings_exit_2_and_write_nothing(tmp_path, command, args, says):
    out = tmp_path / "out"
    r = invoke(command, write(tmp_path), *args, "-o", out)
    assert r.exit_code == 2, r.output
    assert says in r.stderr and "Traceback" not in r.output
    assert not out.exists()
