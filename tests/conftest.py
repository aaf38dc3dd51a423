"""Shared test setup: a headless matplotlib backend, whatever the machine, and two small
seeded run folders (English and Chinese) that tests in several stages read."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


def run_folder(out: Path, config: str, *extra: str) -> Path:
    """``simroi run CONFIG -n 2000 --seed 3 -o OUT [extra]``, which must succeed."""
    from simroi.cli import main

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
