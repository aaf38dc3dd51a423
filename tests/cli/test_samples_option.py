"""simroi run --samples all|none|N: what the folder keeps, what the summary says, bad values."""

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.runs.keep import DEFAULT_KEPT, DISK_SHARE, KEEP_ALL_UP_TO, rows_to_keep

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"


def run(out: Path, *extra: str):
    args = ["run", str(SMB), "-n", "3000", "--seed", "3", "--workers", "1", "-o", str(out)]
    return CliRunner().invoke(main, [*args, "--no-plots", *extra])


def test_samples_n_keeps_the_first_rows_and_the_report_reads_them(tmp_path):
    assert run(tmp_path / "all", "--samples", "all").exit_code == 0
    r = run(tmp_path / "some", "--samples", "200")
    assert r.exit_code == 0, r.output
    kept = pq.read_table(tmp_path / "some" / "samples.parquet").to_pandas()
    whole = pq.read_table(tmp_path / "all" / "samples.parquet").to_pandas()
    assert kept.equals(whole.iloc[:200])
    summary = json.loads((tmp_path / "some" / "summary.json").read_text())
    assert summary["samples_kept"] == 200 and summary["iterations"] == 3000
    exact = json.loads((tmp_path / "all" / "summary.json").read_text())
    assert "samples_kept" not in exact
    assert summary["prob_roi_positive"] == exact["prob_roi_positive"]
    assert summary["payback"] == exact["payback"]
    r = CliRunner().invoke(main, ["report", str(tmp_path / "some"), "--format", "html"])
    assert r.exit_code == 0, r.output


def test_samples_none_writes_no_samples_file(tmp_path):
    r = run(tmp_path / "none", "--samples", "none")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "none" / "samples.parquet").exists()
    assert json.loads((tmp_path / "none" / "summary.json").read_text())["samples_kept"] == 0


def test_the_default_keeps_every_row_of_an_ordinary_run(tmp_path):
    assert run(tmp_path / "default").exit_code == 0
    assert run(tmp_path / "all", "--samples", "all").exit_code == 0
    assert run(tmp_path / "more", "--samples", "5000").exit_code == 0  # >= -n: all of them
    want = (tmp_path / "all" / "summary.json").read_text()
    for name in ("default", "more"):
        assert (tmp_path / name / "summary.json").read_text() == want


@pytest.mark.parametrize("bad", ["0", "-3", "many", "1.5", "", "1e3"])
def test_bad_samples_values_exit_2_saying_what_is_allowed(tmp_path, bad):
    r = run(tmp_path / "bad", "--samples", bad)
    assert r.exit_code == 2
    assert "--samples" in r.output and "must be all, none or a whole number of rows" in r.output
    assert not (tmp_path / "bad").exists()


def test_samples_with_a_precision_exits_2(tmp_path):
    r = run(tmp_path / "p", "--samples", "100", "--precision", "0.01")
    assert r.exit_code == 2
    assert "--samples 100 needs a fixed -n" in r.output


def test_the_default_stays_within_a_share_of_the_free_disk():
    free = 10**12
    assert rows_to_keep(None, 10**6, 30, free).rows is None
    big = rows_to_keep(None, KEEP_ALL_UP_TO + 1, 30, free)
    assert big.rows == DEFAULT_KEPT and "--samples all" in big.note
    small_disk = 10_000_000  # 10 MB free: a quarter holds 2.5 MB, 10,416 rows of 30 values
    tight = rows_to_keep(None, 10**6, 30, small_disk)
    assert tight.rows == int(DISK_SHARE * small_disk) // (30 * 8)
    assert tight.rows * 30 * 8 <= DISK_SHARE * small_disk
    assert rows_to_keep("all", 10**9, 30, 0).rows is None  # asked for: the disk check decides
    assert rows_to_keep("none", 10, 30, free).rows == 0
    assert rows_to_keep(7, 10, 30, free).rows == 7
    assert rows_to_keep(10, 10, 30, free).rows is None
