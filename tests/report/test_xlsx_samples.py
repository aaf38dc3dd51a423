"""The samples in the workbook: a Samples sheet for a small run, samples.csv beside a large one."""

import shutil

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT

from simroi.cli import main
from simroi.report.documents import xlsx_samples
from simroi.report.documents.build import write_reports
from simroi.runs.staging import read_record

openpyxl = pytest.importorskip("openpyxl")


def copy_of(folder, tmp_path):
    return shutil.copytree(folder, tmp_path / "run")


def run_info(wb) -> dict:
    return {k: v for k, v in wb["Run info"].iter_rows(min_row=2, values_only=True)}


def test_a_small_run_gets_a_samples_sheet_equal_to_the_parquet(en_run, tmp_path):
    folder = copy_of(en_run, tmp_path)
    (path,) = write_reports(folder, ["xlsx"])
    samples = pd.read_parquet(folder / "samples.parquet")
    assert samples.size <= xlsx_samples.SHEET_CELLS
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb["Samples"].iter_rows(values_only=True))
    assert list(rows[0]) == list(samples.columns)
    sheet = np.array([[np.nan if v is None else v for v in r] for r in rows[1:]], dtype=float)
    assert sheet.shape == samples.shape
    # Excel keeps 15-16 significant digits (XlsxWriter writes %.16g); NaN is an empty cell
    np.testing.assert_allclose(sheet, samples.to_numpy(dtype=float), rtol=1e-15, atol=0)
    assert run_info(wb)["Samples (one row per iteration)"] == "sheet Samples, 2,000 rows"
    assert not (folder / "samples.csv").exists()


def test_a_large_run_writes_samples_csv_beside_the_workbook(zh_run, tmp_path, monkeypatch):
    folder = copy_of(zh_run, tmp_path)
    monkeypatch.setattr(xlsx_samples, "SHEET_CELLS", 1_000)  # 2,000 rows: too many
    (path,) = write_reports(folder, ["xlsx"], lang="zh")
    wb = openpyxl.load_workbook(path, read_only=True)
    assert "Samples" not in wb.sheetnames
    assert "samples.csv" in run_info(wb)["样本（每次模拟一行）"]
    raw = (folder / "samples.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # so Excel reads the Chinese header as UTF-8
    csv = pd.read_csv(folder / "samples.csv", encoding="utf-8-sig")
    samples = pd.read_parquet(folder / "samples.parquet")
    assert list(csv.columns) == list(samples.columns)
    assert "risks.推广停滞" in csv.columns
    np.testing.assert_allclose(csv.to_numpy(dtype=float), samples.to_numpy(dtype=float), rtol=1e-15)
    never = samples["payback_month"].isna()
    assert not never.any() or csv["payback_month"][never].isna().all()  # "never": empty


def test_samples_csv_is_recorded_as_the_run_s(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_samples, "SHEET_CELLS", 100)
    out = tmp_path / "r"
    cmd = ["run", str(ROOT / "configs" / "smb.yaml"), "-n", "200", "--seed", "1", "--no-plots"]
    r = CliRunner().invoke(main, [*cmd, "--report", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert {"report.xlsx", "samples.csv"} <= read_record(out)
    # a second run into the same folder is refused without --force, as for the other files
    r = CliRunner().invoke(main, [*cmd, "-o", str(out)])
    assert r.exit_code == 2


def test_samples_csv_text_cells_are_never_formulas_and_numbers_stay_numbers(tmp_path):
    import pyarrow as pa

    table = pa.table(
        {
            '=HYPERLINK("http://localhost:8000/x")': [1.5, -2.0, float("nan")],
            "risks.@SUM(1+1)": [-3.0, 0.0, 4.0],
            "note": ["+cmd|' /C calc'!A0", "\tz", None],
        }
    )
    path = tmp_path / "samples.csv"
    xlsx_samples.write_csv(table, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == [
        '"\'=HYPERLINK(""http://localhost:8000/x"")","risks.@SUM(1+1)","note"',
        "1.5,-3,\"'+cmd|' /C calc'!A0\"",
        '-2,0,"\'\tz"',  # a negative number is a number, not text
        ",4,",
    ]
