"""simroi breakeven: a goal seek, or where each input alone breaks even, in the user's
words and units (labels, percent, currency), sorted by the chance of being on the wrong
side; as a terminal table, sentences, a page and a chart.

Numbers are written by :mod:`simroi.report.text.numbers` (Monte Carlo error) and
:func:`simroi.report.text.labels.input_value` (an input in its unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import from_cells
from simroi.report.text.i18n import article, text
from simroi.report.text.labels import input_label, input_unit, input_value, metric_name
from simroi.report.text.money import amount
from simroi.report.text.numbers import MISSING, binomial_se, number_to_error, prob_to_error, sig
from simroi.report.views import result_of
from simroi.report.views._targets import target_kind, target_text
from simroi.runs.layout import Chart

__all__ = ["figures", "headline", "page_figures", "reading", "sections", "table"]


# --------------------------------------------------------------------------- the table of inputs


def _rows(data: dict) -> tuple[list[dict], list[dict]]:
    """(inputs that break even inside their range, sorted by the chance of being on the
    wrong side, highest first; inputs whose whole range keeps the metric on the same side)."""
    inside, outside = [], []
    for r in data["table"]:
        p = r.get("percentile")
        if r.get("value") is None or p is None or p <= 0 or p >= 1:
            outside.append(r)
            continue
        risk = p if r["direction"] == "at least" else 1 - p
        inside.append({**r, "risk": risk})
    inside.sort(key=lambda r: -r["risk"])
    return inside, outside


def _needs(r: dict, lang: str, cur: str | None) -> str:
    word = text("at_least" if r["direction"] == "at least" else "at_most", lang)
    return f"{word} {input_value(r['input'], r['value'], lang, cur)}"


def _share(p: float) -> str:
    return f"{sig(100 * p, 2)} %"


def _safe(r: dict) -> bool:
    """Whether the metric stays on the good side over the input's whole range."""
    if r.get("value") is None:
        return "above" in (r.get("note") or "")
    p = r["percentile"]
    return p <= 0 if r["direction"] == "at least" else p >= 1


def _table_rows(data: dict, lang: str) -> list[list[Cell]]:
    cur, labels = data.get("currency"), data.get("labels")
    inside, _ = _rows(data)
    return [
        [
            Cell.of(input_label(r["input"], lang, labels)),
            Cell(input_value(r["input"], r["median"], lang, cur), r["median"], _kind(r["input"])),
            Cell(_needs(r, lang, cur), r["value"], _kind(r["input"])),
            Cell(_share(r["risk"]), r["risk"], "probability"),
        ]
        for r in inside
    ]


def _kind(path: str) -> str:
    return {"percent": "percent", "money": "money", "months": "months"}.get(
        input_unit(path), "number"
    )


def _columns(data: dict, lang: str) -> list[str]:
    metric = metric_name(data["metric"], lang)
    level = data["level"]
    return [
        text("col_input", lang),
        text("col_today", lang),
        text("be_col_needs", lang, metric=metric, level=sig(level) if level else "0"),
        text("be_col_risk", lang),
    ]


def table(data: dict, lang: str = "en") -> Table:
    """One goal seek (``input``) or the break-even table of every input (``table``)."""
    if "table" not in data:
        return _seek_table(data, lang)
    cur = data.get("currency")
    t = from_cells(
        text(
            "be_title",
            lang,
            name=data["name"],
            metric=metric_name(data["metric"], lang),
            base=amount(data["base"], lang, cur),
        ),
        _columns(data, lang),
        _table_rows(data, lang),
    )
    return t


def _seek_table(data: dict, lang: str) -> Table:
    title = text("be_seek_title", lang, name=data["name"], n=f"{data['iterations']:,}")
    t = from_cells(title, ("", ""), _seek_rows(data, lang))
    t.columns[1].justify = "right"
    return t


def _seek_rows(data: dict, lang: str) -> list[list[Cell]]:
    """The goal seek's figures: the target's statistic now, the input today and needed, the
    move; each a number of its kind (a workbook stores it so), written as on the page."""
    cur, path = data.get("currency"), data["input"]
    label = input_label(path, lang, data.get("labels"))
    kind = _kind(path)
    if data["mode"] == "scale":
        move = Cell(_move(data, lang), data["scale"], "number")
    else:
        move = Cell(_move(data, lang), data["shift"], kind)
    now = data["statistic_now"]
    return [
        [Cell.of(text("be_target_now", lang, target=target_text(data["target"], lang, cur))),
         Cell(_statistic(data, now, lang), now, target_kind(data["target"]))],
        [Cell.of(text("be_today", lang, label=label)),
         Cell(input_value(path, data["median"], lang, cur), data["median"], kind)],
        [Cell.of(text("be_needed", lang, label=label)),
         Cell(_value(data, lang), data["value"], kind)],
        [Cell.of(text("be_move", lang)), move],
    ]  # fmt: skip


def _statistic(data: dict, value: float, lang: str) -> str:
    if data["target"].strip().upper().startswith("P("):
        n = data["iterations"]
        return prob_to_error(value, binomial_se(value, n), n, lang=lang)
    return target_text(f"mean(npv)>={value}", lang, data.get("currency")).split(" ")[-1]


def _value(data: dict, lang: str) -> str:
    return input_value(data["input"], data["value"], lang, data.get("currency"))


def _move(data: dict, lang: str) -> str:
    """The move of the whole distribution, with its standard error: ``+4.5 pts ± 0.4``."""
    if data["mode"] == "scale":
        se = data["scale_se"]
        return f"× {number_to_error(data['scale'], se)} ± {sig(se, 1)}"
    shift, se, path = data["shift"], data["shift_se"], data["input"]
    if input_unit(path) == "percent":
        pts = text("points", lang)
        return f"{100 * shift:+.{_dp(100 * se)}f} {pts} ± {sig(100 * se, 1)}"
    cur = data.get("currency")
    sign = "+" if shift >= 0 else "−"
    return f"{sign}{input_value(path, abs(shift), lang, cur)} ± {input_value(path, se, lang, cur)}"


def _dp(se: float) -> int:
    from simroi.report.text.numbers import decimals_for

    return decimals_for(se)


# --------------------------------------------------------------------------- words


def headline(folder: Any, lang: str = "en") -> str | None:
    """One sentence a CFO can repeat (from a run folder, or ``breakeven.json`` content)."""
    data = result_of(folder)
    if "table" not in data:
        return _seek_sentence(data, lang)
    cur, labels = data.get("currency"), data.get("labels")
    inside, outside = _rows(data)
    metric = metric_name(data["metric"], lang)
    if not inside:
        return text("be_none_inside", lang, metric=metric, base=amount(data["base"], lang, cur))
    r = inside[0]
    return text(
        "be_headline",
        lang,
        n=len(data["table"]),
        k=len(inside),
        metric=metric,
        label=input_label(r["input"], lang, labels),
        needs=_needs(r, lang, cur),
        today=input_value(r["input"], r["median"], lang, cur),
        risk=_share(r["risk"]),
        a=article(_share(r["risk"])),
    )


def _seek_sentence(data: dict, lang: str) -> str:
    cur = data.get("currency")
    return text(
        "be_seek_sentence",
        lang,
        label=input_label(data["input"], lang, data.get("labels")),
        needs=text("at_least" if data["direction"] == "at least" else "at_most", lang),
        value=_value(data, lang),
        today=input_value(data["input"], data["median"], lang, cur),
        target=target_text(data["target"], lang, cur),
        move=_move(data, lang),
    )


def reading(data: dict, lang: str = "en") -> list[str]:
    """The result in sentences: the headline, the inputs that never break even, the rule."""
    lines = [headline(data, lang) or ""]
    if "table" not in data:
        return lines
    _, outside = _rows(data)
    safe = [input_label(r["input"], lang, data.get("labels")) for r in outside if _safe(r)]
    never = [input_label(r["input"], lang, data.get("labels")) for r in outside if not _safe(r)]
    metric = metric_name(data["metric"], lang)
    if safe:
        lines.append(text("be_safe", lang, metric=metric, names="、".join(safe) if lang == "zh"
                          else ", ".join(safe)))  # fmt: skip
    if never:
        lines.append(text("be_never", lang, metric=metric, names=", ".join(never)))
    lines.append(text("be_rule", lang))
    return lines


# --------------------------------------------------------------------------- the page


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the sentences, the table (or the goal seek's figures) and the chart."""
    data = folder.result
    if "table" in data:
        tables = [PageTable(_columns(data, lang), _table_rows(data, lang),
                            note=text("be_rule", lang))]  # fmt: skip
        charts: tuple[str, ...] = ()
    else:
        tables = [PageTable(["", ""], _seek_rows(data, lang))]
        charts = (Chart.breakeven,)
    return [
        Section(
            text("be_section", lang),
            # the first is the headline, the rule is the table's note
            sentences=[x for x in reading(data, lang)[1:] if x != text("be_rule", lang)],
            tables=tables,
            charts=charts,
            anchor="breakeven",
        )
    ]


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """The goal seek's chart for the page (none for the table of every input)."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """breakeven.png (one input's goal seek, in ``lang``); the table of every input has no
    chart."""
    if "table" in data:
        return {}
    from simroi.report.plots.breakeven import goal_seek

    cur = data.get("currency")
    title = text("png_goal_seek", lang, target=target_text(data["target"], lang, cur))
    return {Chart.breakeven: goal_seek(data, title=f"{title}\n{data['name']}", lang=lang)}


MISSING_TEXT = MISSING  # re-exported for callers that show an absent value
