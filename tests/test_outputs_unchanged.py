"""Every simulating command gives the numbers recorded before the last refactor (tests/golden)."""

from __future__ import annotations

import json

import pytest
from golden.outputs import RECORD, cases, compute, differences

RECORDED = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}


@pytest.mark.skipif(
    not RECORDED, reason="no recorded outputs (python tests/golden/outputs.py record)"
)
@pytest.mark.parametrize("case", sorted(cases()))
def test_numbers_equal_the_recorded_ones(case, tmp_path):
    now = compute(case, cases()[case], tmp_path)
    assert differences(RECORDED[case], now) == []
