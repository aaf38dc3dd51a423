"""Output files: staged atomic runs, run folders, JSON, Parquet streaming, the manifest."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import simroi
from simroi.report import charts
from simroi.report import files as report

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- run folders


def test_default_run_dir_is_unique_within_a_second(tmp_path):
    first = report.default_run_dir("SMB CRM rollout", root=tmp_path)
    assert first.parent == tmp_path / "smb-crm-rollout"
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", first.name)
    assert not first.exists()
    names = {report.default_run_dir("x", root=tmp_path, kind="compare").name for _ in range(2000)}
    assert len(names) == 2000 and all(n.endswith("-compare") for n in names)


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


def test_parquet_sink_writes_the_same_file_from_arrays_as_from_frames(tmp_path):
    # A work unit's dict of arrays skips the DataFrame; the file (schema, pandas
    # metadata, NaN stored as null) must not change with it.
    frames, arrays = tmp_path / "frames.parquet", tmp_path / "arrays.parquet"
    chunks = [_chunk(0, 4), _chunk(4, 9)]
    chunks[1].loc[1, "roi"] = np.nan
    with report.ParquetSink(frames) as sink:
        for c in chunks:
            sink(c)
    with report.ParquetSink(arrays) as sink:
        for c in chunks:
            sink({k: c[k].to_numpy() for k in c.columns})
    assert sink.rows == 9
    assert arrays.read_bytes() == frames.read_bytes()
    assert pq.read_table(arrays).column("roi").null_count == 1
    with pytest.raises(ValueError, match="differ from the first chunk"):
        with report.ParquetSink(tmp_path / "bad.parquet") as sink:
            sink({"roi": np.zeros(2), "npv": np.zeros(2)})
            sink({"npv": np.zeros(2), "roi": np.zeros(2)})


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
        "cash_flow": {
            "months": [0, 1, 2],
            "p10": [-9e3, -8e3, -7e3],
            "p50": [-9e3, -1e3, 2e3],
            "p90": [-9e3, 1e3, 8e3],
            "mean": [-9e3, -2e3, 1e3],
            "iterations_used": 200,
        },
    }
    paths = charts.write_run_plots(tmp_path, samples=samples, summary=summary)
    names = ["roi_histogram.png", "roi_cdf.png", "payback.png", "breakdown.png", "cash_flow.png"]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for path in paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "name", ["Cost $\\frac{ 50$", "a $x^$ b", "\x1b[31mRED\x1b[0m \x1b]0;pwned\x07", "🚀 launch"]
)
def test_scenario_names_are_data_in_charts(tmp_path, name):
    """Issue #9 B4/C2: mathtext in a name crashed the charts after the simulation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    title = ax.set_title(f"ROI distribution\n{name}")
    path = report.save_figure(fig, tmp_path / "t.png")  # filterwarnings=error: no UserWarning
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert title.get_text() == "ROI distribution\n" + name.replace("\x1b", "").replace("\x07", "")
    plt.close(fig)


# --------------------------------------------------------------------------- disk space


def _written(folder):
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _estimate(folder, reports):
    from simroi.scenario.config import load_scenario

    manifest = json.loads((folder / "run.json").read_text())
    scn = load_scenario(manifest["scenario"])
    columns = pq.ParquetFile(folder / "samples.parquet").metadata.num_columns
    return report.output_bytes(
        iterations=manifest["iterations"],
        columns=columns,
        charts=len([p for p in folder.iterdir() if p.suffix == ".png"]),
        reports=reports,
        scenario_bytes=len(report.json_text(scn.resolved)),
    )


@pytest.mark.parametrize("n", [1000, 3000])
@pytest.mark.parametrize("extra", [["--no-plots"], [], ["--report", "html,xlsx"]])
def test_the_space_estimate_of_a_run_is_between_what_it_writes_and_twice_that(tmp_path, n, extra):
    """Review F10: a 3,000-iteration run (920 kB) was refused on a 5 MB disk ("about 6 MB")."""
    from click.testing import CliRunner

    from simroi.cli import main

    config = ROOT / "configs" / "smb.yaml"
    r = CliRunner().invoke(main, ["run", str(config), "-n", str(n), "-o", str(tmp_path / "r"),
                                  *extra])  # fmt: skip
    assert r.exit_code == 0, r.output
    written = _written(tmp_path / "r")
    estimate = _estimate(tmp_path / "r", ("html", "xlsx") if "--report" in extra else ())
    assert written <= estimate <= 2 * written, (written, estimate)


def test_a_small_run_fits_a_5_mb_disk_and_a_large_one_is_refused(tmp_path, monkeypatch):
    import shutil

    from click.testing import CliRunner

    from simroi.cli import main

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=5_000_000))
    config = str(ROOT / "configs" / "smb.yaml")
    r = CliRunner().invoke(main, ["run", config, "-n", "3000", "-o", str(tmp_path / "small")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["run", config, "-n", "100000", "-o", str(tmp_path / "large")])
    assert r.exit_code == 2
    assert "the run needs about 25 MB, only 5 MB free" in r.stderr, r.stderr
