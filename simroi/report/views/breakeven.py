"""simroi breakeven: a goal seek, or where each input alone breaks even, in a table and a chart.

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import MISSING, number_to_error, sig
from simroi.runs.layout import Chart

__all__ = ["figures", "reading", "table"]


def _num(x: float | None, se: float | None = None) -> str:
    if x is None:
        return MISSING
    return number_to_error(x, se) if se else sig(x, 4)


def table(data: dict) -> Table:
    """One goal seek (``input``) or the break-even table of every input (``table``)."""
    if "table" in data:
        metric = data["metric"].upper()
        t = make_table(
            f"{data['name']} — where each input alone brings the median case to {metric} = "
            f"{data['level']:g} (now {_num(data['base'])})",
            "input",
            "median",
            f"{metric} ≥ {data['level']:g} when",
            "percentile",
        )
        for r in data["table"]:
            if r["value"] is None:
                above = "above" in r["note"]
                t.add_row(r["input"], _num(r["median"]), "always" if above else "never", MISSING)
                continue
            p = r["percentile"]
            where = "below range" if p <= 0 else "above range" if p >= 1 else f"P{100 * p:.0f}"
            sign = "≥" if r["direction"] == "at least" else "≤"
            t.add_row(r["input"], _num(r["median"]), f"{sign} {_num(r['value'])}", where)
        return t
    t = make_table(
        f"{data['name']} — break-even of {data['input']} for {data['target']} "
        f"({data['iterations']:,} iterations, {data['mode']})",
        "",
        "value",
    )
    now = data["statistic_now"]
    shown = f"{100 * now:.2f} %" if data["target"].upper().startswith("P(") else _num(now)
    t.add_row(f"{data['target'].split(')')[0]}) now", shown)
    t.add_row(f"median of {data['input']} now", _num(data["median"]))
    t.add_row("needed median", _num(data["value"], data["shift_se"]))
    t.add_row(
        "shift (± SE)", f"{_num(data['shift'], data['shift_se'])} ± {sig(data['shift_se'], 2)}"
    )
    if data["mode"] == "scale":
        t.add_row(
            "scale (± SE)", f"{_num(data['scale'], data['scale_se'])} ± {sig(data['scale_se'], 2)}"
        )
    return t


def reading(data: dict) -> list[str]:
    """The goal seek in one sentence."""
    if "table" in data:
        return [
            "Each row moves one input alone, the others at their medians and no risk event; "
            "a break-even value at a low percentile of an input that must be 'at least' it "
            "means little room for that estimate to be wrong."
        ]
    how = "moved by" if data["mode"] == "shift" else "scaled by"
    amount = data["shift"] if data["mode"] == "shift" else data["scale"]
    se = data["shift_se"] if data["mode"] == "shift" else data["scale_se"]
    return [
        f"{data['target']} holds when the median of {data['input']} is {data['direction']} "
        f"{_num(data['value'], data['shift_se'])} (today {_num(data['median'])}): its whole "
        f"distribution {how} {_num(amount, se)} ± {sig(se, 2)}."
    ]


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """breakeven.png (one input's goal seek; its text in English, ``lang``: the title's);
    the table of every input has no chart."""
    if "table" in data:
        return {}
    from simroi.report.plots.breakeven import goal_seek

    title = f"{text('png_goal_seek', lang, target=data['target'])}\n{data['name']}"
    return {Chart.breakeven: goal_seek(data, title=title)}
