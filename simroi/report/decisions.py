"""Terminal tables and plain-words readings of the decision analytics (voi, breakeven, stress).

Numbers are rounded to their Monte Carlo error by :mod:`simroi.report.formatting`.
"""

from __future__ import annotations

from rich.table import Table

from simroi.report.formatting import (
    MISSING,
    money_to_error,
    number_to_error,
    prob_to_error,
    sig,
)

__all__ = [
    "breakeven_reading",
    "breakeven_table",
    "stress_table",
    "voi_reading",
    "voi_table",
]


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    return table


def _worth(value: float, se: float) -> str:
    """Money to its error, never finer than one unit of the currency."""
    return money_to_error(value, max(se, 1.0))


def _money(value: float, se: float, currency: str | None) -> str:
    text = _worth(value, se)
    return f"{text} {currency}" if currency and text != MISSING else text


def _negligible(v: dict, evpi: float) -> bool:
    return v["value"] <= max(2 * v["se"], 0.02 * evpi)


def voi_table(data: dict) -> Table:
    """What knowing each input (and group) before deciding is worth, highest first."""
    cur = data.get("currency") or ""
    evpi, se = data["evpi"], data["evpi_se"]
    t = _table(
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


def voi_reading(data: dict) -> list[str]:
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


def _num(x: float | None, se: float | None = None) -> str:
    if x is None:
        return MISSING
    return number_to_error(x, se) if se else sig(x, 4)


def breakeven_table(data: dict) -> Table:
    """One goal seek (``input``) or the break-even table of every input (``table``)."""
    if "table" in data:
        metric = data["metric"].upper()
        t = _table(
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
    t = _table(
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


def breakeven_reading(data: dict) -> list[str]:
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


def stress_table(data: dict) -> Table:
    """Every stress case against the unrestricted run: P(ROI > 0) and the metric's P10/P50/P90."""
    cur = data.get("currency") or ""
    metric, prob = data["metric"].upper(), data["prob_of"].upper()
    n = data["iterations"]
    t = _table(
        f"{data['name']} — stress ({n:,} iterations, {metric}{f' in {cur}' if cur else ''})",
        "case",
        f"P({prob} > 0)",
        "P10",
        "P50",
        "P90",
    )
    rows = [("unrestricted", data["baseline"])]
    rows += [(f"{c['input']}: {c['label']}", c) for c in data["cases"]]
    for name, s in rows:
        se = s["mean_se"]
        t.add_row(
            name,
            prob_to_error(s["prob_positive"], s["prob_positive_se"], n),
            *(money_to_error(s[q], se) for q in ("p10", "p50", "p90")),
        )
    return t
