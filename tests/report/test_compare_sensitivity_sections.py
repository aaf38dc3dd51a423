"""The compare and sensitivity reports at Section level (no renderer): page one's figures are
compare.json's, Chinese pages hold no English beyond names and units, the downside drivers
respect their minimum, every method's terminal columns and charts are filled, and the note
that the winner depends on the metric appears exactly when it does."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import simroi
from simroi.analysis.sensitivity import analyze_scenario
from simroi.analysis.sensitivity_downside import MIN_LOSS_ITERATIONS, downside
from simroi.report.text.numbers import prob_to_error
from simroi.report.views import compare, compare_page, sensitivity
from simroi.runs.readback import RunFolder

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
# Abbreviations and units a Chinese page may hold in Latin letters.
UNITS_OK = {"ROI", "NPV", "IRR", "CNY", "EUR", "USD", "KS", "Sobol", "Spearman", "S1", "ST",
            "P10", "P50", "P90", "P5", "P95", "lhs", "random", "sobol", "k", "M",
            "CRM"}  # fmt: skip
FILES = {"compare.json", "sensitivity.json"}  # file names, as the folder holds them


@pytest.fixture(scope="module")
def vendors():
    return simroi.load_scenario(CONFIGS / "vendors.yaml")


@pytest.fixture(scope="module")
def comparison(vendors):
    return simroi.compare(vendors, iterations=2000, seed=5).to_dict()


@pytest.fixture(scope="module")
def manufacturer():
    return simroi.load_scenario(CONFIGS / "manufacturer.yaml")


@pytest.fixture(scope="module")
def sens_all(manufacturer):
    return analyze_scenario(manufacturer, method="all", iterations=2000, seed=3, sobol_n=64)


def folder(result: dict, kind: str) -> RunFolder:
    return RunFolder(Path("."), kind=kind, result=result)


def words(sections) -> list[str]:
    out = []
    for s in sections:
        out += [s.title, *s.sentences]
        for t in s.tables:
            out += [*t.columns, t.caption, t.note, *(c.text for row in t.rows for c in row)]
    return out


def resolve(data: dict, key: str):
    """The value at a cell's key: ``vendors[0].summary.metrics.npv.p10``; ``1 - <key>``;
    a part may itself hold dots (``sobol.drivers.conversion_lift.S1``): the longest wins."""
    if key.startswith("1 - "):
        return 1 - resolve(data, key[4:])
    node, parts = data, key.split(".")
    while parts:
        for k in range(len(parts), 0, -1):
            part = ".".join(parts[:k])
            m = re.fullmatch(r"(.+)\[(\d+)\]", part)
            if m and m[1] in node:
                node, parts = node[m[1]][int(m[2])], parts[k:]
                break
            if isinstance(node, dict) and part in node:
                node, parts = node[part], parts[k:]
                break
        else:
            raise KeyError(key)
    return node


def test_every_figure_on_compare_page_one_is_compare_json(comparison):
    page = compare.sections(folder(comparison, "compare"), "en")[0]
    cells = [c for t in page.tables for row in t.rows for c in row if c.key]
    # every column of the two vendor tables (the name heads both)
    assert len(cells) == 12 * len(comparison["vendors"])
    for cell in cells:
        assert cell.value == resolve(comparison, cell.key), cell.key
    n, best = comparison["iterations"], min(comparison["vendors"], key=lambda v: v["rank"])
    p_best = prob_to_error(best["prob_best"], best["prob_best_se"], n)
    assert p_best in page.sentences[0] and best["name"] in page.sentences[0]
    a, b = (v["name"] for v in sorted(comparison["vendors"], key=lambda v: v["rank"])[:2])
    pair = prob_to_error(comparison["pairwise"][a][b], comparison["pairwise_se"][a][b], n)
    assert f"{a} beats {b} in {pair}" in page.sentences[0]


def test_one_payback_figure_the_summary_median(comparison):
    sections = compare.sections(folder(comparison, "compare"), "en")
    medians = [
        c for s in sections for t in s.tables for row in t.rows for c in row
        if c.key.endswith("summary.payback.p50_months")
    ]  # fmt: skip
    assert medians and all(c.value == resolve(comparison, c.key) for c in medians)
    for c in medians:
        assert c.text == (f"{c.value} months" if c.value else c.text)


def test_compare_charts_come_from_the_json(comparison):
    figs = compare.page_figures(folder(comparison, "compare"), "en")
    assert set(figs) >= {compare_page.OVERVIEW, "compare_cdf.png", "compare_difference.png"}
    a, b = comparison["quantiles"]["difference"]["a"], comparison["quantiles"]["difference"]["b"]
    legend = [t.get_text() for t in figs["compare_difference.png"].axes[0].get_legend().texts]
    assert any(f"P({a} > {b})" in t for t in legend)  # the JSON's pairwise, not redrawn
    assert any("P10 = " in t for t in legend)


def test_the_metric_note_appears_exactly_when_the_winner_differs(comparison):
    flipped = copy.deepcopy(comparison)
    best = max(flipped["vendors"], key=lambda v: v["prob_best"])["name"]
    other = next(v["name"] for v in flipped["vendors"] if v["name"] != best)
    table = flipped["prob_best_by_metric"]["roi"]
    for name in table:
        table[name] = {"prob_best": 0.9 if name == other else 0.1 / 2, "prob_best_se": 0.01}
    note = compare_page.flip_note(flipped, "en")
    assert note and f"on ROI {other}" in note
    assert note in compare.sections(folder(flipped, "compare"), "en")[0].sentences
    assert other in compare.headline(folder(flipped, "compare"), "en")

    same = copy.deepcopy(comparison)
    for metric, table in same["prob_best_by_metric"].items():
        for name in table:
            table[name] = {"prob_best": 0.8 if name == best else 0.1, "prob_best_se": 0.01}
    assert compare_page.flip_note(same, "en") is None
    page = compare.sections(folder(same, "compare"), "en")[0]
    assert not any("depends on the measure" in s for s in page.sentences)


def _named(node) -> list[str]:
    """Every ``name:`` and every key of a cost table in a scenario (users' names)."""
    if isinstance(node, dict):
        out = [node["name"]] if isinstance(node.get("name"), str) else []
        for k, v in node.items():
            out += ([*v] if k in ("one_time", "monthly") and isinstance(v, dict) else [])
            out += _named(v)
        return out
    if isinstance(node, list):
        return [x for item in node for x in _named(item)]
    return []


def _english(texts: list[str], names: set[str]) -> set[str]:
    left = set()
    for t in texts:
        readable = {n.replace("_", " ") for n in names}  # a name is shown as words
        for name in sorted(names | readable | FILES, key=len, reverse=True):
            t = t.replace(name, " ")
        left |= {w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", t) if w not in UNITS_OK}
    return left


def test_zh_compare_sections_hold_no_english_beyond_names(comparison, vendors):
    names = {v["name"] for v in comparison["vendors"]} | {comparison["scenario"]}
    names |= set(vendors.resolved["costs"]["one_time"]) | set(vendors.resolved["costs"]["monthly"])
    names |= {r["name"] for r in vendors.resolved.get("risks") or []}
    names |= set(_named(vendors.resolved))
    sections = compare.sections(folder(comparison, "compare"), "zh")
    texts = words(sections) + [compare.headline(folder(comparison, "compare"), "zh")]
    assert _english(texts, names) == set()


def test_zh_sensitivity_sections_hold_no_english_beyond_names(sens_all, manufacturer):
    r = manufacturer.resolved
    names = set(r["costs"]["one_time"]) | {x["name"] for x in r.get("risks") or []}
    names |= {x["name"] for x in r.get("custom_benefits") or []} | {sens_all["scenario"]}
    sections = sensitivity.sections(folder(sens_all, "sensitivity"), "zh")
    texts = words(sections) + [sensitivity.headline(folder(sens_all, "sensitivity"), "zh")]
    assert _english(texts, names) == set()


def test_every_method_computed_has_its_section_and_chart(sens_all):
    sections = sensitivity.sections(folder(sens_all, "sensitivity"), "en")
    charts = {c for s in sections for c in s.charts}
    assert charts == {"tornado.png", "spider.png", "sobol.png", "spearman.png", "downside.png"}
    assert set(sensitivity.page_figures(folder(sens_all, "sensitivity"), "en")) == charts
    assert all(s.sentences or s.tables for s in sections)
    assert not any("Not shown" in w for w in words(sections))
    top = sens_all["tornado"][0]
    page = sections[0]
    assert page.charts == ("tornado.png",)
    figures = [c for s in sections for t in s.tables for row in t.rows for c in row if c.key]
    for cell in figures:
        assert cell.value == resolve(sens_all, cell.key), cell.key
    assert any(c.key == "tornado[0].output_high" and c.value == top["output_high"] for c in figures)


def test_a_risks_cost_row_has_its_swing_in_the_table(sens_all):
    sections = sensitivity.sections(folder(sens_all, "sensitivity"), "en")
    table = next(s for s in sections if s.anchor == "tornado-figures").tables[0]
    row = next(r for r in table.rows if "extra cost (if it occurs)" in r[0].text)
    assert row[-1].value > 0


def _rendered(table, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, soft_wrap=True)
    console.print(table)
    return console.file.getvalue()


@pytest.mark.parametrize("method", ["spearman", "downside"])
def test_spearman_and_downside_alone_fill_their_columns_and_draw(manufacturer, method):
    result = analyze_scenario(manufacturer, method=method, iterations=3000, seed=2)
    out = _rendered(sensitivity.table(result, width=80))
    rows = [line for line in out.splitlines() if "│" in line and line.split("│")[1].strip()]
    assert rows and all("–" not in line.split("│", 1)[1] for line in rows)
    assert "drivers." not in out and "Conversion lift" in out
    assert "226k EUR" in out  # the base case with its currency
    name = f"{method}.png"
    assert name in sensitivity.figures(result)


def test_downside_section_says_too_few_losses_instead_of_ranking(sens_all):
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"drivers.conversion_lift": rng.random(4000)})
    loss = np.zeros(4000, dtype=bool)
    loss[:50] = True
    result = dict(sens_all, downside=downside(x, loss))
    section = next(s for s in sensitivity.sections(folder(result, "sensitivity"), "en")
                   if s.anchor == "downside")  # fmt: skip
    assert not section.tables and not section.charts
    said = " ".join(section.sentences)
    assert f"at least {MIN_LOSS_ITERATIONS}" in said and "there were 50" in said
    assert "downside.png" not in sensitivity.figures(result)


def test_compare_terminal_keeps_every_vendor_name_whole_at_80_columns(comparison):
    out = _rendered(compare.table(comparison, width=80))
    assert max(len(line) for line in out.splitlines() if "│" in line) <= 80
    key = " ".join(line.split("│")[0].strip() for line in out.splitlines() if "│" in line)
    for v in comparison["vendors"]:
        assert all(word in key.split() for word in v["name"].split())
    assert "…" not in out
