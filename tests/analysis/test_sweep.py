"""Sweeps and batches: each variant equals its own run bit for bit (common random numbers)."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import simroi
from simroi.analysis.sweep import batch, sweep, sweep_frame
from simroi.cli import main
from simroi.errors import ConfigError, SimroiError
from simroi.scenario.variants import combine, grid, linspace, parse_vary, read_sweep_file

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
PRICES = [100, 150, 200, 250]
SEATS = [10, 20, 40]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_grid_order_names_and_linspace():
    variants = grid([("a.x", [1, 2]), ("b", ["p", "q", "r"])])
    assert [n for n, _ in variants][:2] == ["a.x=1, b=p", "a.x=1, b=q"]
    assert variants[-1][1] == {"a.x": 2, "b": "r"}
    assert linspace([10, 40, 4], "w") == [10, 20, 30, 40]
    assert linspace([0, 1, 3], "w") == [0.0, 0.5, 1.0]
    assert parse_vary("costs.seats=10, 20,40") == ("costs.seats", [10, 20, 40])
    with pytest.raises(SimroiError, match="given more than once"):
        grid([("a", [1]), ("a", [2])])


def test_sweep_file_named_variants_crossed_with_ranges(tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(
        "variants:\n"
        "  - {name: best, overrides: {drivers.conversion_lift: 0.9}}\n"
        "  - {name: worst, overrides: {drivers.conversion_lift: 0.3}}\n"
        "vary:\n"
        "  costs.seats: {values: [10, 20]}\n"
        "  costs.price_per_seat_month: {linspace: [100, 200, 3]}\n"
    )
    named, axes = read_sweep_file(path)
    assert axes == [("costs.seats", [10, 20]), ("costs.price_per_seat_month", [100, 150, 200])]
    variants = combine(named, axes)
    assert len(variants) == 12
    assert variants[0] == (
        "best, costs.seats=10, costs.price_per_seat_month=100",
        {"drivers.conversion_lift": 0.9, "costs.seats": 10, "costs.price_per_seat_month": 100},
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("vary:\n  costs.seats: {linspace: [1, 2]}\nvariants:\n  - {name: 3}\n")
    with pytest.raises(ConfigError) as err:
        read_sweep_file(bad)
    text = str(err.value)
    assert "variants[0].name: must be a non-empty text, got 3" in text
    assert "vary.costs.seats.linspace: must be [start, stop, count]" in text


def test_smb_grid_each_variant_equals_run_with_set_bit_for_bit(tmp_path):
    """The issue's example: every sweep summary is `simroi run --set ...` of that variant."""
    axes = [("costs.price_per_seat_month", PRICES), ("costs.seats", SEATS)]
    out = tmp_path / "sweep"
    args = [f"--vary=costs.price_per_seat_month={','.join(map(str, PRICES))}"]
    args += [f"--vary=costs.seats={','.join(map(str, SEATS))}"]
    r = invoke("sweep", SMB, *args, "-n", 3000, "--workers", 1, "-o", out, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads((out / "sweep.json").read_text())
    assert json.loads(r.stdout) == data
    files = {p.name for p in out.iterdir()} - {".simroi-files"}  # the record of a run folder
    assert files == {"sweep.json", "run.json", "sweep.parquet", "sweep_heatmap.png"}
    assert [v["name"] for v in data["variants"]] == [n for n, _ in grid(axes)]
    assert data["seed"] == 42 and data["varied"] == [p for p, _ in axes]
    for v in data["variants"][::5]:  # four of the twelve, through the CLI
        sets = [f"--set={p}={x}" for p, x in v["overrides"].items()]
        run_out = tmp_path / v["name"].replace(" ", "").replace(",", "_")
        r = invoke("run", SMB, *sets, "-n", 3000, "--workers", 1, "--no-plots", "-o", run_out)
        assert r.exit_code == 0, r.output
        alone = json.loads((run_out / "summary.json").read_text())
        assert "cash_flow" not in v["summary"]  # a sweep leaves the fan out, nothing else
        assert {k: x for k, x in alone.items() if k != "cash_flow"} == v["summary"]
    for v in data["variants"]:  # all twelve, through the library
        scn = simroi.load_scenario(SMB, overrides=v["overrides"])
        res = simroi.simulate_scenario(scn, iterations=3000)
        assert res.summary(cash_flow=False) == v["summary"]
    table = pd.read_parquet(out / "sweep.parquet")
    assert list(table["variant"]) == [v["name"] for v in data["variants"]]
    assert list(table["costs.seats"]) == [float(s) for _ in PRICES for s in SEATS]
    first = data["variants"][0]["summary"]
    assert table["prob_roi_positive"][0] == first["prob_roi_positive"]
    assert table["npv_mean"][0] == first["metrics"]["npv"]["mean"]
    assert table["payback_within_36"][0] == first["payback"]["prob_within_months"]["36"]


def test_variants_share_random_numbers():
    """Seats change only the cost: the benefit of every iteration is the same draw."""
    data = sweep(SMB, grid([("costs.seats", [10, 40])]), iterations=500)
    a, b = (v["summary"] for v in data["variants"])
    assert a["metrics"]["total_benefit"] == b["metrics"]["total_benefit"]
    assert a["metrics"]["total_cost"]["mean"] < b["metrics"]["total_cost"]["mean"]


def test_every_bad_variant_is_reported_before_anything_runs():
    with pytest.raises(ConfigError) as err:
        sweep(SMB, grid([("costs.seats", [10, -1, "many"])]), iterations=100)
    text = str(err.value)
    assert "variant 'costs.seats=-1': costs.seats" in text
    assert "variant 'costs.seats=many': costs.seats" in text
    assert "variant 'costs.seats=10'" not in text


def test_set_on_run_and_validate_is_validated_like_the_file(tmp_path):
    r = invoke("validate", SMB, "--set", "costs.seats=-3")
    assert r.exit_code == 2
    assert "costs.seats" in r.output and "-3" in r.output and "Traceback" not in r.output
    r = invoke("validate", SMB, "--set", "costs.seatz=3")
    assert r.exit_code == 2 and "did you mean 'costs.seats'" in r.output
    r = invoke("run", SMB, "--set", "costs.seats", "-o", tmp_path / "x")
    assert r.exit_code == 2 and "expected PATH=VALUE" in r.output
    assert not (tmp_path / "x").exists()
    r = invoke("validate", SMB, "--set", "simulation.iterations=500")
    assert r.exit_code == 0, r.output
    scn = simroi.load_scenario(
        SMB, overrides={"drivers.conversion_lift": {"dist": "uniform", "low": 0.1, "high": 0.2}}
    )
    assert scn.inputs["drivers.conversion_lift"].spec["high"] == 0.2


def test_batch_equals_each_file_run_alone(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(SMB.read_text().replace("seed: 42", "seed: 7"))
    data = batch([SMB, other], iterations=800)
    assert [v["summary"]["seed"] for v in data["variants"]] == [42, 7]
    for src, v in zip([SMB, other], data["variants"], strict=True):
        alone = simroi.simulate_scenario(simroi.load_scenario(src), iterations=800)
        assert alone.summary() == v["summary"]
    assert len(sweep_frame(data)) == 2
    r = invoke("batch", SMB, other, "-n", 500, "--workers", 1, "-o", tmp_path / "b")
    assert r.exit_code == 0, r.output
    assert "2 scenario files" in r.stdout


def test_a_path_set_to_a_number_and_to_a_distribution_runs_and_round_trips(tmp_path):
    """The review's D2 file: one column, JSON text in every row (pyarrow needs one type)."""
    uncertain = {"dist": "uniform", "low": 0.1, "high": 0.5}
    path = tmp_path / "sweep_mixed.yaml"
    path.write_text(
        "variants:\n"
        "  - name: constant\n"
        "    overrides: {drivers.churn_reduction: 0.2}\n"
        "  - name: uncertain\n"
        "    overrides: {drivers.churn_reduction: {dist: uniform, low: 0.1, high: 0.5}}\n"
        "  - name: as is\n"
        "    overrides: {costs.seats: 20}\n"
    )
    out = tmp_path / "out"
    r = invoke("sweep", SMB, "--file", path, "-n", 1000, "--seed", 1, "--no-plots", "-o", out)
    assert r.exit_code == 0, r.output
    table = pd.read_parquet(out / "sweep.parquet")
    data = json.loads((out / "sweep.json").read_text())
    column = [None if pd.isna(c) else c for c in table["drivers.churn_reduction"]]
    assert column == ["0.2", json.dumps(uncertain, sort_keys=True), None]
    for cell, v in zip(column, data["variants"], strict=True):
        given = v["overrides"].get("drivers.churn_reduction")
        assert (json.loads(cell) if cell is not None else None) == given
    assert table["costs.seats"].dtype == float
    assert table["costs.seats"].tolist()[2] == 20.0 and pd.isna(table["costs.seats"][0])


def test_sweep_frame_types_each_column_as_a_whole():
    """Numbers stay numbers; any boolean, distribution, text or null makes the column text."""
    summary = sweep(SMB, grid([("costs.seats", [10])]), iterations=200)["variants"][0]["summary"]
    values = {
        "n": ([1, 2.5, None], [1.0, 2.5, float("nan")]),
        "b": ([True, False, None], ["true", "false", None]),
        "mixed": ([1, True, None], ["1", "true", None]),
        "null": ([1, "null-marker", None], ["1", '"null-marker"', None]),
        "dist": ([{"dist": "uniform", "low": 0, "high": 1}, 3, None],
                 ['{"dist": "uniform", "high": 1, "low": 0}', "3", None]),
    }  # fmt: skip
    variants = [
        {
            "name": f"v{i}",
            "overrides": {p: v[i] for p, (v, _) in values.items() if v[i] is not None},
            "summary": summary,
        }
        for i in range(3)
    ]
    frame = sweep_frame({"varied": list(values), "variants": variants})
    assert list(frame.columns[:6]) == ["variant", *values]
    for p, (_, expected) in values.items():
        cells = frame[p].tolist()
        if p == "n":
            assert frame[p].dtype == float and cells[:2] == expected[:2] and pd.isna(cells[2])
        else:
            assert frame[p].dtype == object and cells == expected, p
