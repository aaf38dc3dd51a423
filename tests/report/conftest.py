"""Run folders shared by the report tests: one English and one Chinese run (small, seeded)."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from click.testing import CliRunner

from simroi.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_folder(out: Path, config: str, *extra: str) -> Path:
    r = CliRunner().invoke(
        main,
        [
            "run",
            str(ROOT / "configs" / config),
            "-n",
            "2000",
            "--seed",
            "3",
            "-o",
            str(out),
            *extra,
        ],
    )
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="session")
def en_run(tmp_path_factory):
    return run_folder(tmp_path_factory.mktemp("en") / "run", "smb.yaml", "--no-plots")


@pytest.fixture(scope="session")
def zh_run(tmp_path_factory):
    return run_folder(tmp_path_factory.mktemp("zh") / "run", "smb-zh.yaml", "--no-plots")
