"""simroi batch TEMPLATE --rows: each case equals its own run, resumes equal whole batches,
bad rows and mismatched resumes are refused before anything runs."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import simroi.analysis.cases as cases_module
import simroi.runs.cases as runs_cases
from simroi.analysis.headline import figures, headline_payback
from simroi.cli import main

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
ROWS = (
    "case,costs.seats,drivers.conversion_lift,costs.price_per_seat_month\n"
    "acme,20,0.3,\n"
    'beta,30,"{dist: pert, min: 0.1, mode: 0.2, max: 0.3}",80\n'
    "gamma,,0.2,90\n"
    "delta,12,,\n"
)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def rows(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def batch(rows, out, *extra):
    r = invoke("batch", SMB, "--rows", rows, "-n", 3000, "--seed", 5, "-o", out, *extra)
    return r


def test_each_case_equals_simroi_run_of_its_overrides_with_its_seed(rows, tmp_path):
    r = batch(rows, tmp_path / "b", "--workers", 1)
    assert r.exit_code == 0, r.output
    table = pd.read_parquet(tmp_path / "b" / "cases.parquet")
    assert list(table["case"]) == ["acme", "beta", "gamma", "delta"]
    sets = {
        "acme": ["costs.seats=20", "drivers.conversion_lift=0.3"],
        "beta": [
            "costs.seats=30",
            "drivers.conversion_lift={dist: pert, min: 0.1, mode: 0.2, max: 0.3}",
            "costs.price_per_seat_month=80",
        ],
        "gamma": ["drivers.conversion_lift=0.2", "costs.price_per_seat_month=90"],
        "delta": ["costs.seats=12"],
    }
    for i, row in table.iterrows():
        out = tmp_path / f"run{i}"
        flags = [a for s in sets[row["case"]] for a in ("--set", s)]
        args = ("run", SMB, *flags, "--seed", row["seed"], "-n", 3000)  # samples kept, as a case
        r = invoke(*args, "--no-plots", "-o", out)
        assert r.exit_code == 0, r.output
        summary = json.loads((out / "summary.json").read_text())
        want = {**figures(summary), **headline_payback(summary)}
        got = {k: row[k] for k in want}
        assert got == pytest.approx(want, rel=0, abs=0, nan_ok=True)  # bit for bit
        assert row["currency"] == summary["currency"] and row["iterations"] == 3000


def test_workers_1_and_2_write_the_same_files(rows, tmp_path):
    for w in (1, 2):
        r = batch(rows, tmp_path / f"w{w}", "--workers", w)
        assert r.exit_code == 0, r.output
    one, two = tmp_path / "w1", tmp_path / "w2"
    assert (one / "cases.csv").read_bytes() == (two / "cases.csv").read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(one / "cases.parquet"), pd.read_parquet(two / "cases.parquet")
    )
    assert not (one / "cases.partial").exists()


@pytest.mark.slow
def test_a_dask_local_cluster_writes_the_same_files(rows, tmp_path):
    pytest.importorskip("distributed")
    assert batch(rows, tmp_path / "w1", "--workers", 1).exit_code == 0
    r = batch(rows, tmp_path / "dask", "--scheduler", "local", "--workers", 2)
    assert r.exit_code == 0, r.output
    assert (tmp_path / "w1/cases.csv").read_bytes() == (tmp_path / "dask/cases.csv").read_bytes()


def _interrupt_after(monkeypatch, k, *, killed=False):
    """Cases stop after the k-th (Ctrl-C; or, ``killed``, with nothing saved on the way
    out, as a SIGKILL): the batch keeps what it had written in chunks of 2."""
    monkeypatch.setattr(runs_cases, "CHUNK_ROWS", 2)
    real = cases_module.simulate_cases

    def stopping(*args, **kwargs):
        for i, row in enumerate(real(*args, **kwargs)):
            if i == k:
                raise KeyboardInterrupt
            yield row

    monkeypatch.setattr(cases_module, "simulate_cases", stopping)
    if killed:
        monkeypatch.setattr(runs_cases.CasesWriter, "save", lambda self: None)


@pytest.mark.parametrize("killed", [False, True], ids=["ctrl-c", "killed"])
def test_a_resumed_batch_equals_an_uninterrupted_one(rows, tmp_path, monkeypatch, killed):
    whole = tmp_path / "whole"
    assert batch(rows, whole, "--workers", 1).exit_code == 0
    out = tmp_path / "part"
    with monkeypatch.context() as m:
        _interrupt_after(m, 3, killed=killed)
        r = batch(rows, out, "--workers", 1)
    assert r.exit_code != 0
    kept = sorted(p.name for p in (out / "cases.partial").iterdir())
    parts = ["part-000000.parquet"] if killed else ["part-000000.parquet", "part-000001.parquet"]
    assert kept == [*parts, "state.json"]
    assert not (out / "cases.csv").exists()
    r = batch(rows, out, "--workers", 2, "--resume")
    assert r.exit_code == 0, r.output
    assert f"resuming: {2 if killed else 3:,} of 4 cases" in r.output
    assert (out / "cases.csv").read_bytes() == (whole / "cases.csv").read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "cases.parquet"), pd.read_parquet(whole / "cases.parquet")
    )
    assert not (out / "cases.partial").exists()


def test_an_unfinished_batch_needs_resume_and_a_mismatched_resume_is_refused(
    rows, tmp_path, monkeypatch
):
    out = tmp_path / "b"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        batch(rows, out, "--workers", 1)
    before = sorted(p.name for p in (out / "cases.partial").iterdir())
    r = batch(rows, out, "--workers", 1)
    assert r.exit_code == 2
    assert "holds an unfinished batch (2 of 4 cases finished); add --resume" in r.output
    for changed in (("-n", 2000), ("--set", "costs.seats=9"), ("--sampler", "random")):
        args = ("batch", SMB, "--rows", rows, "--seed", 5, "-o", out, "--resume")
        r = invoke(*args, *(changed if changed[0] == "-n" else ("-n", 3000, *changed)))
        assert r.exit_code == 2, r.output
        assert "an unfinished batch of another template, rows file or options" in r.output
    other = tmp_path / "other.csv"
    other.write_text(ROWS.replace("acme,20", "acme,21"), encoding="utf-8")
    r = batch(other, out, "--resume")
    assert r.exit_code == 2 and "another template, rows file or options" in r.output
    assert sorted(p.name for p in (out / "cases.partial").iterdir()) == before
    r = batch(rows, out, "--workers", 1, "--force")  # starts over
    assert r.exit_code == 0, r.output
    assert not (out / "cases.partial").exists()


def test_a_crafted_part_is_refused(rows, tmp_path, monkeypatch):
    out = tmp_path / "b"
    with monkeypatch.context() as m:
        _interrupt_after(m, 2)
        batch(rows, out, "--workers", 1)
    part = out / "cases.partial" / "part-000000.parquet"
    table = pd.read_parquet(part)
    table.loc[0, "case"] = "mallory"
    table.to_parquet(part)
    r = batch(rows, out, "--resume")
    assert r.exit_code == 2
    assert "part-000000.parquet: not this batch's columns" in r.output
    (out / "cases.partial" / "state.json").write_text("[1, 2]")
    r = batch(rows, out, "--resume")
    assert r.exit_code == 2 and "not the state of a batch of cases" in r.output


@pytest.mark.parametrize(
    "cell, problem",
    [
        ("-4", "line 3, column 'costs.seats' (case 'beta'): must be >= 0, got -4"),
        ("many", "line 3, column 'costs.seats' (case 'beta'): must be a number or a distribution"),
        ("{dist: [", "line 3, column 'costs.seats': cannot read '{dist: [' as a value"),
    ],
)
def test_a_bad_cell_exits_2_naming_file_line_and_column_before_anything_runs(
    tmp_path, cell, problem
):
    path = tmp_path / "rows.csv"
    path.write_text(f'case,costs.seats\nacme,20\nbeta,"{cell}"\n', encoding="utf-8")
    r = batch(path, tmp_path / "out")
    assert r.exit_code == 2, r.output
    assert f"Error: {path}: {problem}" in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_rows_options_are_checked(rows, tmp_path):
    r = invoke("batch", SMB, SMB, "--rows", rows)
    assert r.exit_code == 2 and "--rows takes one template scenario, got 2 files" in r.output
    r = invoke("batch", SMB, "--resume")
    assert r.exit_code == 2 and "--resume: only with --rows" in r.output
    r = invoke("batch", SMB, "--rows", rows, "--resume")
    assert r.exit_code == 2 and "--resume needs -o/--output-dir" in r.output
    r = invoke("batch", SMB, "--rows", rows, "--resume", "--force", "-o", tmp_path / "o")
    assert r.exit_code == 2 and "--resume and --force: choose one" in r.output
    r = invoke("batch", SMB, "--rows", rows, "--report", "docx", "-o", tmp_path / "o")
    assert r.exit_code == 2 and "docx" in r.output
    assert not (tmp_path / "o").exists()


def test_no_plots_leaves_out_the_chart_of_the_cases(rows, tmp_path):
    assert batch(rows, tmp_path / "a", "--workers", 1, "-n", 200).exit_code == 0
    assert (tmp_path / "a" / "cases.png").is_file()
    assert batch(rows, tmp_path / "b", "--workers", 1, "-n", 200, "--no-plots").exit_code == 0
    assert not (tmp_path / "b" / "cases.png").exists()
