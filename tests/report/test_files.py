"""Output files: staged atomic runs, run folders, JSON, Parquet streaming, the manifest."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import json
import re

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import simroi
from simroi.errors import SimroiError
from simroi.report import charts
from simroi.report import files as report


def _snapshot(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _old_run(folder):
    folder.mkdir(parents=True)
    (folder / "summary.json").write_text('{"old": true}')
    (folder / "samples.parquet").write_bytes(b"old samples")
    return _snapshot(folder)


# --------------------------------------------------------------------------- staged_output


def test_refuses_existing_run_without_force_and_leaves_it_untouched(tmp_path):
    out = tmp_path / "run"
    before = _old_run(out)
    ran = []
    with pytest.raises(SimroiError, match=r"run.*already holds a run \(summary.json\).*--force"):
        with report.staged_output(out, force=False):
            ran.append(True)
    assert not ran  # refused before the body ran
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_force_replaces_earlier_run(tmp_path):
    out = tmp_path / "run"
    _old_run(out)
    with report.staged_output(out, force=True) as stage:
        assert stage.parent == tmp_path and stage.name.startswith(".")
        (stage / "summary.json").write_text("new")
    assert _snapshot(out) == {
        "summary.json": b"new"
    }  # the old samples.parquet went with the old run
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no staging or old copy left


def test_creates_missing_parents(tmp_path):
    out = tmp_path / "a" / "b" / "run"
    with report.staged_output(out, force=False) as stage:
        (stage / "run.json").write_text("{}")
    assert _snapshot(out) == {"run.json": b"{}"}


def test_fills_an_existing_empty_directory(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    with report.staged_output(out, force=False) as stage:
        (stage / "summary.json").write_text("{}")
    assert _snapshot(out) == {"summary.json": b"{}"}


@pytest.mark.parametrize("error", [RuntimeError("model failed"), KeyboardInterrupt()])
def test_failure_leaves_no_trace(tmp_path, error):
    out = tmp_path / "run"
    before = _old_run(out)
    with pytest.raises(type(error)):
        with report.staged_output(out, force=True) as stage:
            (stage / "summary.json").write_text("half")
            raise error
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


def test_failure_removes_parents_it_created(tmp_path):
    with pytest.raises(RuntimeError):
        with report.staged_output(tmp_path / "outputs" / "slug" / "id", force=False):
            raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_never_deletes_files_it_did_not_write(tmp_path):
    """``-o`` pointing at a folder of the user's: only the run's own files change."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    (out / "summary.json").write_text("old")
    (out / "samples.parquet").write_text("old run, not rewritten")
    with report.staged_output(out, force=True) as stage:
        (stage / "summary.json").write_text("new")
    assert _snapshot(out) == {"notes.txt": b"keep me", "summary.json": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_refuses_a_file_in_the_way(tmp_path):
    (tmp_path / "run").write_text("x")
    with pytest.raises(SimroiError, match="not a directory"):
        with report.staged_output(tmp_path / "run", force=True):
            pass


# --------------------------------------------------------------------------- run folders


def test_default_run_dir_never_collides(tmp_path):
    first = report.default_run_dir("SMB CRM rollout", root=tmp_path)
    assert first.parent == tmp_path / "smb-crm-rollout"
    assert re.fullmatch(r"\d{8}T\d{6}Z", first.name)
    assert not first.exists()
    first.mkdir(parents=True)
    second = report.default_run_dir("SMB CRM rollout", root=tmp_path)
    second.mkdir()
    third = report.default_run_dir("SMB CRM rollout", root=tmp_path)
    assert len({first, second, third}) == 3
    if second.name.startswith(first.name):  # same second: numbered suffixes
        assert (second.name, third.name) == (f"{first.name}-2", f"{first.name}-3")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("SMB CRM rollout", "smb-crm-rollout"),
        ("Café / Zürich: Q3!", "cafe-zurich-q3"),
        ("中小企业 CRM", "中小企业-crm"),
        ("中小企业", "中小企业"),
        ("../..", "scenario"),
        ("", "scenario"),
    ],
)
def test_slug_is_safe_and_never_empty(name, slug):
    assert report.slugify(name) == slug


# --------------------------------------------------------------------------- JSON


def test_write_json_maps_nan_to_null_and_numpy_to_python(tmp_path):
    path = report.write_json(
        tmp_path / "s.json",
        {
            "a": np.nan,
            "b": np.float64(np.inf),
            "c": np.int64(3),
            "d": np.array([1.5, np.nan]),
            "e": (np.bool_(True), None),
            6: "six",
            "big": 2**127 + 1,
        },
    )
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {
        "a": None,
        "b": None,
        "c": 3,
        "d": [1.5, None],
        "e": [True, None],
        "6": "six",
        "big": 2**127 + 1,
    }
    assert text.startswith('{\n  "a": null')  # indent 2
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no partial file left


def test_write_json_rejects_unknown_objects_and_keeps_old_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{}")
    with pytest.raises(TypeError, match="object"):
        report.write_json(path, {"x": object()})
    assert path.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# --------------------------------------------------------------------------- Parquet


def _chunk(start, stop):
    i = np.arange(start, stop)
    return pd.DataFrame({"roi": i * 0.5, "risks.adoption stalls": (i % 2).astype(float)})


def test_parquet_sink_streams_chunks_into_one_file(tmp_path):
    path = tmp_path / "samples.parquet"
    with report.ParquetSink(path) as sink:
        for a, b in [(0, 4), (4, 7), (7, 10)]:
            sink(_chunk(a, b))
        assert not path.exists()  # the final name appears only when complete
    assert sink.rows == 10
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    pd.testing.assert_frame_equal(pd.read_parquet(path), _chunk(0, 10))
    assert [p.name for p in tmp_path.iterdir()] == ["samples.parquet"]


def test_parquet_sink_discards_on_error_and_checks_columns(tmp_path):
    path = tmp_path / "samples.parquet"
    with pytest.raises(ValueError, match="differ from the first chunk"):
        with report.ParquetSink(path) as sink:
            sink(_chunk(0, 3))
            sink(_chunk(3, 6).rename(columns={"roi": "npv"}))
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- run.json


def test_manifest_records_everything_to_rerun(tmp_path):
    entropy = 2**127 + 12345
    run = report.manifest(
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
    path = report.write_json(tmp_path / "run.json", run)
    back = json.loads(path.read_text())
    assert back["seed_entropy"] == entropy and int(back["seed_entropy_str"]) == entropy
    assert back["scenario"] == {"scenario": {"name": "x"}} and back["seed"] is None


# --------------------------------------------------------------------------- run charts


def test_write_run_plots_saves_four_pngs(tmp_path):
    rng = np.random.default_rng(0)
    samples = pd.DataFrame(
        {
            "roi": rng.normal(1.0, 1.0, 200),
            "payback_month": np.r_[rng.integers(1, 24, 150), [np.nan] * 50],
        }
    )
    roi = {"p10": -0.3, "p50": 1.0, "p90": 2.3}
    summary = {
        "scenario": "Demo",
        "currency": "EUR",
        "horizon_months": 24,
        "iterations": 200,
        "prob_roi_positive": 0.84,
        "metrics": {"roi": roi, "total_cost": {"mean": 50_000.0}},
        "benefit_breakdown_mean": {"conversion": 60_000.0, "churn": 30_000.0, "custom": 0.0},
    }
    paths = charts.write_run_plots(tmp_path, samples=samples, summary=summary)
    names = ["roi_histogram.png", "roi_cdf.png", "payback.png", "breakdown.png"]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
