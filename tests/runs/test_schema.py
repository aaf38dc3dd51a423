"""A run folder is parsed like a scenario: what simroi writes passes, tampered folders are
clean errors (review F1: 19 tracebacks, a 300 s hang, a 7.5 GiB allocation)."""

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.errors import ConfigError
from simroi.runs.parquet import check_samples
from simroi.runs.schema import FILES, read_json

ROOT = Path(__file__).resolve().parents[2]
SMB, VENDORS = ROOT / "configs" / "smb.yaml", ROOT / "configs" / "vendors.yaml"
SMALL = ["-n", "300", "--seed", "2", "--no-plots"]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# --------------------------------------------------------------------------- simroi's own files

COMMANDS = {
    "run": ["run", SMB, *SMALL, "--hurdle", "0.5"],
    "run-precision": ["run", SMB, "--seed", "2", "--no-plots", "--precision", "0.05"],
    "run-zh": ["run", ROOT / "configs" / "smb-zh.yaml", *SMALL],
    "sensitivity": ["sensitivity", SMB, "-n", "300", "--seed", "2", "--sobol-n", "64"],
    "sensitivity-payback": [
        "sensitivity",
        ROOT / "configs" / "education.yaml",
        "-n",
        "300",
        "--metric",
        "payback_month",
        "--method",
        "tornado",
    ],  # fmt: skip
    "compare": ["compare", VENDORS, *SMALL],
    "compare-precision": ["compare", VENDORS, "--seed", "2", "--no-plots", "--precision", "0.1"],
    "sweep": ["sweep", SMB, *SMALL, "--vary", "costs.seats=5,10"],
    "batch": ["batch", SMB, ROOT / "configs" / "tei.yaml", "-n", "300", "--seed", "2"],
    "voi": ["voi", SMB, *SMALL],
    "breakeven": ["breakeven", SMB, "--no-plots"],
    "stress": ["stress", SMB, *SMALL],
    "reforecast": [
        "reforecast",
        ROOT / "tests" / "data" / "exports" / "golive.yaml",
        "--actuals",
        ROOT / "tests" / "data" / "exports" / "golive_kpis.csv",
        "--go-live",
        "2025-01-01",
        "-n",
        "300",
    ],
}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_json_file_simroi_writes_passes_its_schema(tmp_path, name):
    out = tmp_path / "out"
    r = invoke(*COMMANDS[name], "-o", out)
    assert r.exit_code == 0, r.output
    written = [p for p in out.iterdir() if p.name in FILES]
    assert written
    for path in written:
        assert read_json(path) == json.loads(path.read_text())
    if (out / "samples.parquet").exists():
        check_samples(out / "samples.parquet", read_json(out / "summary.json")["iterations"])


def test_a_samples_file_of_a_constant_scenario_passes_the_bytes_per_row_rule(tmp_path):
    """Every value alike compresses best; simroi's own file still takes over a byte a row."""
    constant = tmp_path / "c.yaml"
    constant.write_text(json.dumps({
        "scenario": {"name": "Constant", "horizon_months": 12},
        "costs": {"one_time": {"licence": 1000}},
        "custom_benefits": [{"name": "saved", "monthly": 500}],
    }))  # fmt: skip
    r = invoke("run", constant, "-n", "200000", "--no-plots", "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    samples = tmp_path / "out" / "samples.parquet"
    check_samples(samples, 200_000)
    assert samples.stat().st_size > 2 * 200_000  # a margin of 2 over the rule


# --------------------------------------------------------------------------- the review's tampering


@pytest.fixture
def good(en_run):
    return en_run  # a run of smb.yaml, 2,000 iterations (conftest.py); copied, never changed


def edit_json(name, change):
    def apply(folder):
        path = folder / name
        data = json.loads(path.read_text())
        change(data)
        path.write_text(json.dumps(data))

    return apply


def write(name, content):
    return lambda folder: (folder / name).write_bytes(content)


def summary(change):
    return edit_json("summary.json", change)


def samples(table):
    return lambda folder: pq.write_table(table, folder / "samples.parquet")


BREAKDOWN = {f"stream{i}": 1.0 for i in range(20_000)}
S, P, R = "summary.json", "samples.parquet", "run.json"
TAMPERING = {
    "summary {}": (write(S, b"{}"), S, ["scenario: required key is missing",
                                        "benefit_breakdown_mean: required key is missing"], 10),
    "horizon abc": (summary(lambda s: s.update(horizon_months="abc")), S,
                    ["horizon_months: must be a whole number in [1, 240], got 'abc' (a string)"],
                    1),
    "iterations NaN": (lambda f: (f / S).write_text((f / S).read_text().replace(
                           '"iterations": 2000', '"iterations": NaN')), S,
                       ["iterations: must be a whole number in [1, 1000000000], got nan"], 1),
    "metrics null": (summary(lambda s: s.update(metrics=None)), S,
                     ["metrics: must not be null"], 1),
    "metric strings": (summary(lambda s: s["metrics"].update(roi="x", npv="y")), S,
                       ["metrics.roi: must be a mapping, got 'x' (a string)"], 2),
    "currency 123": (summary(lambda s: s.update(currency=123)), S,
                     ["currency: must be a text, got 123"], 1),
    "horizon 1e9": (summary(lambda s: s.update(horizon_months=1e9)), S,
                    ["horizon_months: must be a whole number in [1, 240], got 1000000000"], 1),
    "payback x: y": (summary(lambda s: s["payback"].update(prob_within_months={"x": "y"})), S,
                     ["payback.prob_within_months.x: must be a month"], 1),
    "20,000 breakdown entries": (summary(lambda s: s.update(benefit_breakdown_mean=BREAKDOWN)),
                                 S, ["benefit_breakdown_mean: must have at most 64 entries, "
                                     "got 20,000"], 1),
    "cash flow lengths": (summary(lambda s: s["cash_flow"]["p10"].pop()), S,
                          ["cash_flow: its lists must have one length", "p10 36"], 1),
    "month past horizon": (summary(lambda s: s["payback"]["prob_within_months"].update({"99": 1})),
                           S, ["must be at most horizon_months (36), got '99'"], 1),
    "100,000 nested [": (write(S, b"[" * 100_000), S, ["nested more than 32 levels deep"], 1),
    "summary a list": (write(S, b"[1, 2]"), S, ["the file: must be a mapping"], 1),
    "scenario abc": (edit_json(R, lambda m: m.update(scenario="abc")), R,
                     ["scenario: must be a mapping, got 'abc' (a string)"], 1),
    "scenario.scenario [1, 2]": (edit_json(R, lambda m: m["scenario"].update(scenario=[1, 2])), R,
                                 ["scenario.scenario: must be a mapping, got [1, 2] (a list)"], 2),
    "created_utc 5": (edit_json(R, lambda m: m.update(created_utc=5)), R,
                      ["created_utc: must be a text, got 5"], 1),
    "parquet garbage": (write(P, b"garbage" * 100), P, ["cannot be read as Parquet"], 1),
    "parquet 0 bytes": (write(P, b""), P, ["cannot be read as Parquet"], 1),
    "parquet string roi": (samples(pa.table({"roi": [f"x{i}" for i in range(2000)]})), P,
                           ["roi: must be a column of numbers, got string"], 1),
    "parquet rows": (samples(pa.table({"roi": np.zeros(5)})), P,
                     ["rows: must be summary.json's iterations (2,000), got 5"], 1),
}  # fmt: skip


@pytest.mark.parametrize("case", TAMPERING)
def test_report_on_a_tampered_folder_is_one_error_line_per_problem(good, tmp_path, case):
    tamper, name, expected, count = TAMPERING[case]
    folder = tmp_path / "run"
    shutil.copytree(good, folder)
    tamper(folder)
    before = sorted(p.name for p in folder.iterdir())
    started = time.perf_counter()
    r = invoke("report", folder, "--format", "html,xlsx")
    assert time.perf_counter() - started < 10
    assert r.exit_code == 2, r.output
    errors = r.stderr.splitlines()
    assert all(line.startswith(f"Error: {folder / name}: ") for line in errors), errors
    assert len(errors) == count, errors
    for text in expected:
        assert any(text in line for line in errors), (text, errors)
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written


def test_problems_of_several_files_are_listed_together(good, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(good, folder)
    summary(lambda s: s.update(currency=1))(folder)
    edit_json(R, lambda m: m.update(created_utc=5))(folder)
    with pytest.raises(ConfigError) as caught:
        from simroi.runs.readback import read_run_dir

        read_run_dir(folder)
    assert caught.value.errors == [
        f"{folder / S}: currency: must be a text, got 1",
        f"{folder / R}: created_utc: must be a text, got 5",
    ]


# --------------------------------------------------------------------------- time and memory

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.run([sys.executable, "-m", "simroi", "report", sys.argv[1], "--format",
                       "html,xlsx"], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(proc.returncode, seconds, peak)
print(proc.stderr, end="")
"""


def measured_report(folder):
    """(exit status, seconds, peak bytes, stderr) of `simroi report` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(folder)], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    head, _, stderr = out.partition("\n")
    rc, seconds, peak = head.split()
    return int(rc), float(seconds), int(peak), stderr


def test_sixty_million_constant_rows_are_refused_from_the_footer(good, tmp_path):
    """Review F1: a few-hundred-kB parquet of 60 M rows made the report malloc 480 MB."""
    folder = tmp_path / "run"
    shutil.copytree(good, folder)
    block = pa.table({"roi": np.full(1_000_000, 1.5), "payback_month": np.full(1_000_000, 3.0)})
    with pq.ParquetWriter(folder / P, block.schema) as writer:  # dictionary-encoded: tiny
        for _ in range(60):
            writer.write_table(block)
    size = (folder / P).stat().st_size
    assert size < 2_000_000
    rc, seconds, peak, stderr = measured_report(folder)
    assert rc == 2 and seconds < 10, stderr
    assert stderr.splitlines() == [
        f"Error: {folder / P}: rows: must be summary.json's iterations (2,000), got 60,000,000",
        f"Error: {folder / P}: rows: must be at most one per byte of the file ({size:,}) and "
        "at most 1,000,000,000, got 60,000,000",
    ]
    assert peak < 400e6  # well under 1 GB (the process itself takes about 150 MB)


def test_a_horizon_of_1e9_months_is_refused_before_any_allocation(good, tmp_path):
    """Review F1: horizon_months 1e9 made the report allocate 7.45 GiB."""
    folder = tmp_path / "run"
    shutil.copytree(good, folder)
    summary(lambda s: s.update(horizon_months=1e9))(folder)
    rc, seconds, peak, stderr = measured_report(folder)
    assert rc == 2 and seconds < 10, stderr
    assert "horizon_months: must be a whole number in [1, 240], got 1000000000" in stderr
    assert peak < 400e6
    assert resource.RLIMIT_AS  # the measure is real: ru_maxrss of the child, not a limit


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_a_scenario_source_that_is_no_file_is_never_read(good, tmp_path, source):
    """run.json names the scenario file whose comments the report shows: a path from a file."""
    folder = tmp_path / "run"
    shutil.copytree(good, folder)
    if source == "fifo":
        source = str(tmp_path / "fifo")
        os.mkfifo(source)  # reading it would block forever
    edit_json(R, lambda m: m.update(scenario_source=source))(folder)
    started = time.perf_counter()
    r = invoke("report", folder, "--format", "html")
    assert r.exit_code == 0, r.output
    assert time.perf_counter() - started < 20
