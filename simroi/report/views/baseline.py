"""What simroi baseline shows: each KPI measured from a CRM export, with its 95 % interval.

In the terminal (:func:`table`, :func:`reading`) and on the page (:func:`headline`,
:func:`sections`): the KPIs with their intervals, units and records, what the rows are,
and the ``baseline:`` section written for the scenario file (baseline.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import make_table
from simroi.report.text.i18n import MESSAGES, text
from simroi.report.text.labels import input_label
from simroi.report.text.numbers import MISSING, estimate
from simroi.report.text.safe import printable
from simroi.report.views import result_of
from simroi.runs.layout import BASELINE_YAML

__all__ = ["figures", "headline", "reading", "sections", "table"]

# An estimate's unit (simroi.data.bootstrap.Estimate.unit) -> its words' key, shown as a rate?
_UNITS = {
    "fraction": ("bl_unit_share", True),
    "fraction/month": ("bl_unit_share_month", True),
    "money": ("bl_unit_money", False),
    "money/month": ("bl_unit_money_month", False),
    "days": ("bl_unit_days", False),
}
_HEADLINE = ("leads_per_month", "conversion_rate", "avg_deal_value", "monthly_churn")
_LINE = re.compile(r"^  ([A-Za-z_]+): (.+)$")  # a key of the fragment's baseline: section


def _kind(r: Mapping) -> str:
    return r.get("kind") if r.get("kind") in ("opportunities", "leads") else "opportunities"


def label(key: str, r: Mapping, lang: str) -> str:
    """A KPI's name: what the rows make it (a win rate of opportunities), else its own."""
    for k in (f"bl_{key}_{_kind(r)}", f"bl_{key}"):
        if k in MESSAGES:
            return text(k, lang)
    return key


def _unit(e: Mapping) -> tuple[str, bool]:
    unit = e.get("unit") or ""
    if unit in _UNITS:
        return _UNITS[unit]
    return ("bl_unit_month", False) if unit.endswith("/month") else ("", False)


def _value(x: float | None, e: Mapping) -> str:
    return MISSING if x is None else estimate(x, e.get("se"), "percent" if _unit(e)[1] else "")


def _rows(r: Mapping, lang: str) -> list[list[Cell]]:
    rows = []
    for key, e in r["estimates"].items():
        words, rate = _unit(e)
        kind = "percent" if rate else "number"
        lo, hi = e["ci95"]
        interval = MISSING if lo is None or hi is None else f"{_value(lo, e)} – {_value(hi, e)}"
        rows.append([
            Cell.of(label(key, r, lang)),
            Cell(_value(e["value"], e), e["value"], kind, f"estimates.{key}.value"),
            Cell(interval),
            Cell.of(text(words, lang) if words else ""),
            Cell(f"{e['n']:,}", e["n"], "number", f"estimates.{key}.n"),
        ])  # fmt: skip
    return rows


def _columns(lang: str) -> list[str]:
    keys = ("bl_col_kpi", "value", "ev_col_interval", "bl_col_unit", "bl_col_records")
    return [text(k, lang) for k in keys]


def table(data: dict, lang: str = "en") -> Table:
    """Each measured KPI: value, 95 % interval, records it rests on (methods: the fragment)."""
    lo, hi = data["period"]
    shown = (0, 1, 2, 4)  # the unit is the page's: the terminal keeps the records
    t = make_table(text("bl_title", lang, lo=lo, hi=hi), *(_columns(lang)[i] for i in shown))
    for row in _rows(data, lang):
        t.add_row(*(row[i].text for i in shown))
    return t


# --------------------------------------------------------------------------- in words


def _rows_words(r: Mapping, lang: str) -> str:
    c = r["counts"]
    rows = text(f"bl_rows_{_kind(r)}", lang, n=f"{c.get('deals', 0):,}")
    if "customers_active" in c:
        and_ = "和" if lang == "zh" else " and "
        rows += and_ + text("bl_customers", lang, n=f"{c['customers_active']:,}")
    return rows


def headline(folder: Any, lang: str = "en") -> str:
    """The rows measured and the KPIs the model uses most, in one sentence."""
    r = result_of(folder)
    lo, hi = r["period"]
    shown = [(k, r["estimates"][k]) for k in _HEADLINE if k in r["estimates"]]
    sep = "；" if lang == "zh" else "; "
    figures = sep.join(f"{_lower(label(k, r, lang), lang)} {_value(e['value'], e)}"
                       for k, e in shown)  # fmt: skip
    return text("bl_headline", lang, rows=_rows_words(r, lang), lo=lo, hi=hi, figures=figures)


def _lower(words: str, lang: str) -> str:
    return words if lang == "zh" or words[1:2].isupper() else words[:1].lower() + words[1:]


def _counts(r: Mapping, lang: str) -> str:
    c, kind = r["counts"], _kind(r)
    undated = c.get("undated", 0)
    return text(
        "bl_counts", lang, rows=text(f"bl_rows_{kind}", lang, n=f"{c.get('deals', 0):,}"),
        won=f"{c.get('won', 0):,}", lost=f"{c.get('lost', 0):,}", open=f"{c.get('open', 0):,}",
        won_word=text(f"bl_won_{kind}", lang), lost_word=text(f"bl_lost_{kind}", lang),
        undated=text("bl_undated", lang, n=f"{undated:,}") if undated else "",
        customers=text("bl_active", lang, n=f"{c['customers_active']:,}")
        if "customers_active" in c else "",
    )  # fmt: skip


def reading(data: dict, lang: str = "en") -> list[str]:
    """What the rows were and what the two deal KPIs mean (in English, the command's own
    lines); the fragment itself is printed by the command."""
    if lang == "en" and data.get("summary"):
        return [printable(line) for line in data["summary"]]
    return [_counts(data, lang), text(f"bl_meaning_{_kind(data)}", lang)]


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: the KPIs with their intervals; then the scenario fragment; then the notes."""
    r = folder.result
    boot = r.get("bootstrap") or {}
    note = text("bl_table_note", lang, b=f"{boot.get('replicates', 0):,}",
                seed=boot.get("seed", MISSING))  # fmt: skip
    said = [_counts(r, lang), text(f"bl_meaning_{_kind(r)}", lang)]
    page = PageTable(_columns(lang), _rows(r, lang), note=note)
    out = [Section(text("bl_section", lang), said, [page], anchor="baseline")]
    written = _fragment_rows(r, lang)
    if written:
        heads = [text(k, lang) for k in ("input", "bl_col_key", "bl_col_written")]
        about = text("bl_fragment_about", lang, file=BASELINE_YAML)
        out.append(Section(text("bl_fragment", lang), [about],
                           [PageTable(heads, written)], anchor="fragment"))  # fmt: skip
    notes = [*r.get("read", ()), *r.get("notes", ())]
    if notes:
        out.append(Section(text("data_note", lang), notes, anchor="notes"))
    return out


def _fragment_rows(r: Mapping, lang: str) -> list[list[Cell]]:
    """Each key of the fragment's ``baseline:`` section as written (its YAML text)."""
    rows = []
    for line in (r.get("fragment") or "").splitlines():
        m = _LINE.match(line)
        if m:
            key, value = m.groups()
            rows.append([Cell.of(input_label(f"baseline.{key}", lang)), Cell.of(key),
                         Cell.of(value)])  # fmt: skip
    return rows


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """A baseline draws no chart."""
    return {}
