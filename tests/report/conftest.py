"""Folders shared by the report tests: every template, compare and sensitivity, with reports
(the English and Chinese runs are in tests/conftest.py)."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest
from click.testing import CliRunner

from simroi.cli import main

ROOT = Path(__file__).resolve().parents[2]


# Every shipped template, and compare/sensitivity folders, with their reports: small and
# seeded, each made once on first use (the tests that read them share them).
TEMPLATES = ("smb", "smb-zh", "manufacturer", "ecommerce", "education", "tei")
FOLDERS = (*TEMPLATES, "compare", "sensitivity")


def has_weasyprint() -> bool:
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


def report_command(name: str, out: Path) -> list[str]:
    """The command that writes folder ``name`` with its reports into ``out``."""
    small = ["-n", "300", "--seed", "4", "-o", str(out)]
    if name == "compare":
        return ["compare", str(ROOT / "configs" / "vendors.yaml"), *small, "--no-plots",
                "--report", "html,xlsx"]  # fmt: skip
    if name == "sensitivity":
        return ["sensitivity", str(ROOT / "configs" / "manufacturer.yaml"), *small,
                "--sobol-n", "64", "--report", "html,xlsx"]  # fmt: skip
    formats = "html,xlsx,pdf" if has_weasyprint() else "html,xlsx"
    return ["run", str(ROOT / "configs" / f"{name}.yaml"), *small, "--no-plots",
            "--report", formats]  # fmt: skip


@pytest.fixture(scope="session")
def reported(tmp_path_factory):
    """``reported(name)``: the folder of ``name`` (a template, compare or sensitivity)."""
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            out = tmp_path_factory.mktemp(name) / "out"
            r = CliRunner().invoke(main, report_command(name, out))
            assert r.exit_code == 0, r.output
            made[name] = out
        return made[name]

    return get
