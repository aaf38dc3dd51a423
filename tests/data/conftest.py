"""The synthetic exports of scripts/make_sample_exports.py, importable from the data tests."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "data" / "exports"
_spec = importlib.util.spec_from_file_location(
    "make_sample_exports", ROOT / "scripts" / "make_sample_exports.py"
)
sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sample)

_spec = importlib.util.spec_from_file_location(
    "export_variants", ROOT / "scripts" / "export_variants.py"
)
export_variants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(export_variants)
