"""Shared options: what they accept, and that loading the command line stays light."""

import subprocess
import sys
from pathlib import Path

from simroi.cli import options
from simroi.sampling.designs import SAMPLERS

ROOT = Path(__file__).resolve().parents[2]


def test_sampler_choices_are_the_designs():
    assert options.SAMPLERS == SAMPLERS


def test_the_command_line_loads_no_heavy_library_until_a_command_needs_it():
    code = (
        "import sys, simroi.cli; from simroi.cli import main; "
        "main(['validate', 'configs/smb.yaml'], standalone_mode=False); "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'matplotlib', 'scipy.stats', 'rich') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_fit_family_choices_are_the_fitted_families():
    from simroi.cli.fit import FAMILY_NAMES
    from simroi.data.mle import FAMILIES

    assert FAMILY_NAMES == tuple(FAMILIES)
