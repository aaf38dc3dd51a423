"""The terminal's tables keep the column that says which row is which at any width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from simroi.report.terminal import fit_table, make_table, print_table

HEADERS = ("P(ROI>0)", "ROI P10", "ROI P50", "ROI P90", "NPV mean", "NPV P10", "P(payback≤36)")
ROW = ("> 99.98 %", "179 %", "412 %", "517 %", "367,000", "165,000", "> 99.98 %")


def _sweep(keys=("seats",), names=("10", "20", "40")):
    t = make_table("Sweep of smb — 3 variants (money in USD)", *keys, *HEADERS,
                   key_columns=len(keys))  # fmt: skip
    for name in names:
        t.add_row(*([name] * len(keys)), *ROW)
    return t


def _printed(table, width, **kw) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    print_table(table, console=console, width=width, **kw)
    return console.file.getvalue()


@pytest.mark.parametrize("width", [200, 80, 60, 40, 24])
def test_the_key_column_is_never_dropped_and_no_line_is_wider(width):
    names = ("configs/manufacturer-with-a-long-name.yaml", "configs/smb.yaml", "x")
    out = _printed(_sweep(("variant",), names), width)
    assert max(len(line) for line in out.splitlines()) <= width
    keys = "".join(line.split("│")[0].strip() for line in out.splitlines() if "│" in line)
    for name in names:
        assert name in keys  # folded, perhaps, but there
    assert "P(ROI>0)" in out


def test_at_80_columns_columns_go_from_the_right_and_are_named():
    out = _printed(_sweep(), 60)
    assert "seats" in out and "10" in out
    assert "Not shown at this width:" in out and "P(payback≤36)" in out
    assert "P(ROI>0)" in out  # the first metric stays


def test_two_key_columns_by_their_alignment():
    out = _printed(_sweep(("seats", "price")), 60)
    assert "seats" in out and "price" in out


def test_too_narrow_for_two_metrics_is_vertical_and_keeps_every_figure():
    out = _printed(_sweep(), 28)
    assert "seats 10" in out and "seats 40" in out
    for header in HEADERS:
        assert header in out
    assert out.count("517 %") == 3


def test_wide_enough_is_unchanged_and_the_note_speaks_the_language():
    wide = _printed(_sweep(), 200)
    assert "Not shown" not in wide and all(h in wide for h in HEADERS)
    zh = _printed(_sweep(), 60, lang="zh")
    assert "此宽度下未显示" in zh


def test_fit_table_does_not_change_the_table():
    t = _sweep()
    fit_table(t, 40)
    assert len(t.columns) == 1 + len(HEADERS) and t.caption is None


def test_a_renderable_that_fits_itself_is_printed_as_it_is():
    from rich.text import Text

    assert _printed(Text("sweep laid out by itself"), 80).strip() == "sweep laid out by itself"
