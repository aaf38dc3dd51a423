"""simroi voi: what knowing each input before deciding is worth, in a table, in words, in a chart.

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import MISSING, money_to_error
from simroi.runs.layout import Chart

__all__ = ["figures", "reading", "table"]


def _worth(value: float, se: float) -> str:
    """Money to its error, never finer than one unit of the currency."""
    return money_to_error(value, max(se, 1.0))


def _money(value: float, se: float, currency: str | None) -> str:
    text = _worth(value, se)
    return f"{text} {currency}" if currency and text != MISSING else text


def _negligible(v: dict, evpi: float) -> bool:
    return v["value"] <= max(2 * v["se"], 0.02 * evpi)


def table(data: dict) -> Table:
    """What knowing each input (and group) before deciding is worth, highest first."""
    cur = data.get("currency") or ""
    evpi, se = data["evpi"], data["evpi_se"]
    t = make_table(
        f"{data.get('scenario', 'model')} — value of information ({data['iterations']:,} "
        f"iterations, decision: {data['decision']})",
        "what is known before deciding",
        f"worth ({cur})" if cur else "worth",
        "± SE",
        "share of EVPI",
    )
    t.add_row("everything (EVPI)", _worth(evpi, se), _worth(se, se), "100 %")
    rows = [(k, v) for k, v in data["evppi"].items()]
    rows += [(f"{k} (group)", v) for k, v in data["groups"].items()]
    for name, v in sorted(rows, key=lambda r: -r[1]["value"]):
        share = f"{100 * v['value'] / evpi:.0f} %" if evpi > 0 else MISSING
        t.add_row(name, _worth(v["value"], v["se"]), _worth(v["se"], v["se"]), share)
    return t


def reading(data: dict) -> list[str]:
    """The table in plain words: the decision, what is worth measuring, what is not."""
    cur = data.get("currency")
    ev = data["expected_value"][data["decision"]]
    metric = data.get("metric", "value").upper()
    lines = [
        f"On what is known today the best decision is: {data['decision']} "
        f"(expected {metric} {_money(ev, 0.0, cur)})."
    ]
    evpi, se = data["evpi"], data["evpi_se"]
    if evpi <= 2 * se or evpi == 0:
        lines.append(
            "No information is worth buying: the same decision is best in (almost) every "
            f"iteration, so even knowing everything is worth only {_money(evpi, se, cur)}."
        )
        return lines
    lines.append(
        f"Knowing every uncertain input exactly before deciding would be worth up to "
        f"{_money(evpi, se, cur)} (EVPI); no study is worth more than that."
    )
    singles = data["evppi"]
    worth = [(k, v) for k, v in singles.items() if not _negligible(v, evpi)]
    for k, v in worth[:3]:
        lines.append(
            f"Measuring {k} before signing (e.g. in a pilot) is worth up to "
            f"{_money(v['value'], v['se'], cur)}."
        )
    nothing = [k for k, v in singles.items() if _negligible(v, evpi)]
    if nothing:
        shown = ", ".join(nothing[:3]) + (
            f" and {len(nothing) - 3} more" if len(nothing) > 3 else ""
        )
        lines.append(f"Refining {shown} is worth almost nothing.")
    return lines


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """voi.png: the EVPPI bars of ``voi.json`` content (its text in English; ``lang``: the
    title's)."""
    from simroi.report.plots.voi import evppi_bars

    name = data.get("scenario", "model")
    return {Chart.voi: evppi_bars(data, title=f"{text('png_voi', lang)}\n{name}")}
