"""The command line: exit codes, messages, files written (and not written)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from simroi import __version__
from simroi.cli import main

ROOT = Path(__file__).resolve().parents[2]

SCENARIO = {
    "scenario": {"name": "CLI test", "currency": "EUR", "horizon_months": 24},
    "simulation": {"iterations": 2000, "seed": 4},
    "costs": {"one_time": {"licence": {"dist": "uniform", "low": 10_000, "high": 30_000}}},
    "custom_benefits": [
        {
            "name": "saved",
            "monthly": {"dist": "pert", "min": 500, "mode": 1500, "max": 2500},
            "ramped": False,
        }
    ],
}


def write(tmp_path, data, name="s.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2))  # JSON is YAML
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_run_writes_every_output_and_json_is_summary(tmp_path):
    cfg, out = write(tmp_path, SCENARIO), tmp_path / "run"
    r = invoke("run", cfg, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    files = {p.name for p in out.iterdir()} - {".simroi-files"}
    assert files == {
        "summary.json",
        "run.json",
        "samples.parquet",
        "roi_histogram.png",
        "roi_cdf.png",
        "payback.png",
        "breakdown.png",
        "cash_flow.png",
    }
    assert json.loads(r.stdout) == json.loads((out / "summary.json").read_text())
    summary = json.loads(r.stdout)
    assert summary["iterations"] == 2000 and summary["seed"] == 4 and summary["currency"] == "EUR"
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["seed_entropy"] == 4 and manifest["iterations"] == 2000


def test_run_table_on_terminal_and_options_override_the_file(tmp_path):
    cfg = write(tmp_path, SCENARIO)
    r = invoke(
        "run",
        cfg,
        "-n",
        500,
        "--seed",
        9,
        "--sampler",
        "random",
        "-o",
        tmp_path / "o",
        "--no-plots",
    )
    assert r.exit_code == 0, r.output
    assert "P(ROI > 0)" in r.stdout and "500 iterations" in r.stdout and "seed 9" in r.stdout
    assert not (tmp_path / "o" / "roi_cdf.png").exists()


def test_same_seed_same_summary_file(tmp_path):
    cfg = write(tmp_path, SCENARIO)
    for name in ("a", "b"):
        assert invoke("run", cfg, "-o", tmp_path / name, "--no-plots").exit_code == 0
    assert (tmp_path / "a" / "summary.json").read_bytes() == (
        tmp_path / "b" / "summary.json"
    ).read_bytes()


def test_existing_run_is_refused_without_force_and_kept(tmp_path):
    cfg, out = write(tmp_path, SCENARIO), tmp_path / "run"
    assert invoke("run", cfg, "-o", out, "--no-plots").exit_code == 0
    before = (out / "summary.json").read_bytes()
    r = invoke("run", cfg, "-o", out, "--seed", 99, "--no-plots")
    assert r.exit_code == 2 and "--force" in r.stderr and "Traceback" not in r.output
    assert (out / "summary.json").read_bytes() == before
    r = invoke("run", cfg, "-o", out, "--seed", 99, "--no-plots", "--force")
    assert r.exit_code == 0
    assert json.loads((out / "summary.json").read_text())["seed"] == 99


def test_default_output_dir_is_new_each_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = write(tmp_path, SCENARIO)
    for _ in range(2):
        assert invoke("run", cfg, "--no-plots", "-n", 100).exit_code == 0
    runs = list((tmp_path / "outputs" / "cli-test").iterdir())
    assert len(runs) == 2 and all((r / "summary.json").exists() for r in runs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"drivers": {"cycle_shortening": {"dist": "uniform", "low": 0.5, "high": 1.0}}},
            "drivers.cycle_shortening",
        ),
        ({"drivers": {"conversion_lfit": 0.2}}, "did you mean 'conversion_lift'"),
        ({"costs": {"one_time": {"licence": -5}}}, "costs.one_time.licence"),
        (
            {
                "custom_benefits": [
                    {"name": "x", "monthly": {"dist": "pert", "min": 3, "mode": 2, "max": 1}}
                ]
            },
            "custom_benefits.x.monthly",
        ),
    ],
)
def test_bad_config_exits_2_names_the_path_and_writes_nothing(tmp_path, change, message):
    cfg, out = write(tmp_path, {**SCENARIO, **change}), tmp_path / "run"
    for cmd in (["run", cfg, "-o", out], ["validate", cfg]):
        r = invoke(*cmd)
        assert r.exit_code == 2, r.output
        assert message in r.stderr and r.stderr.startswith("Error: ")
        assert "Traceback" not in r.output
    assert not out.exists()


def test_missing_file_and_yaml_error_exit_2(tmp_path):
    r = invoke("run", tmp_path / "nope.yaml", "-o", tmp_path / "o")
    assert r.exit_code == 2 and "nope.yaml" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: {name: x\n")
    r = invoke("validate", bad)
    assert r.exit_code == 2 and "bad.yaml" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


def test_validate_ok(tmp_path):
    r = invoke("validate", write(tmp_path, SCENARIO))
    assert r.exit_code == 0 and "OK" in r.stdout and "2 uncertain inputs" in r.stdout


def test_init_writes_a_valid_template_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "mine.yaml"
    assert invoke("init", "ecommerce", "-o", out).exit_code == 0
    assert invoke("validate", out).exit_code == 0
    r = invoke("init", "ecommerce", "-o", out)
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert invoke("init", "nosuch", "-o", tmp_path / "x.yaml").exit_code == 2


def test_init_vendors_suggests_compare_and_run_on_it_says_what_it_simulated(tmp_path):
    out = tmp_path / "v.yaml"
    r = invoke("init", "vendors", "-o", out)
    assert r.exit_code == 0 and r.stdout.strip() == f"Wrote {out}; next: simroi compare {out}"
    r = invoke("init", "smb", "-o", tmp_path / "s.yaml")
    assert r.stdout.strip().endswith(f"next: simroi run {tmp_path / 's.yaml'}")
    r = invoke("run", out, "-n", 200, "--no-plots", "-o", tmp_path / "run")
    assert r.exit_code == 0, r.output
    assert (
        f"Note: {out}: simulating the base offer only (without the overrides of its 3 "
        f"vendors); to compare them: simroi compare {out}"
    ) in r.stderr.splitlines()
    r = invoke("run", write(tmp_path, SCENARIO), "-n", 200, "--no-plots", "-o", tmp_path / "r2")
    assert r.exit_code == 0 and "Note:" not in r.stderr


def test_version_and_python_m():
    assert invoke("--version").stdout.strip().endswith(__version__)
    r = subprocess.run(
        [sys.executable, "-m", "simroi", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0 and __version__ in r.stdout


def test_every_command_and_option_is_documented_in_docs_cli_md():
    """docs/cli.md has a section per command, and the section names each of its options."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## simroi (\S+)\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    for name, cmd in main.commands.items():
        assert name in sections, f"docs/cli.md has no section '## simroi {name}'"
        for param in cmd.params:
            for opt in [*param.opts, *param.secondary_opts]:
                if opt.startswith("--") and opt != "--help":
                    assert re.search(re.escape(opt) + r"\b", sections[name]), f"{name} {opt}"
    assert "--version" in sections


def test_init_answers_in_the_templates_language_and_its_comments_name_the_file_written(tmp_path):
    out = tmp_path / "我的.yaml"
    r = invoke("init", "smb-zh", "-o", out)
    assert r.exit_code == 0 and r.stdout.strip() == f"已写入 {out}；下一步：simroi run {out}"
    text = out.read_text("utf-8")
    assert "configs/" not in text and f"simroi run {out} --report" in text
    assert invoke("validate", out).exit_code == 0
