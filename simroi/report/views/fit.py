"""What simroi fit shows: the fitted families in a table, the data against them in a chart.

In the terminal (:func:`table`, :func:`reading`: the spec to paste) and on the page
(:func:`headline`, :func:`sections`, :func:`page_figures`), all from ``fit.json``;
:func:`figure` draws ``--plot FILE`` from the fit itself (every value, not the quantiles
a folder keeps).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.table import Table

from simroi.report.documents.sections import Cell, Section
from simroi.report.documents.sections import Table as PageTable
from simroi.report.terminal import make_table
from simroi.report.text.i18n import MESSAGES, text
from simroi.report.text.labels import input_label
from simroi.report.text.numbers import MISSING, estimate, sig
from simroi.report.text.safe import printable
from simroi.report.views import result_of
from simroi.runs.layout import Chart

__all__ = ["figure", "figures", "headline", "page_figures", "reading", "sections", "table"]

_PARAMS = {  # a spec's keys in words
    "mean": ("mean", "均值"),
    "sd": ("sd", "标准差"),
    "min": ("min", "最小值"),
    "mode": ("mode", "众数"),
    "max": ("max", "最大值"),
    "low": ("low", "下限"),
    "high": ("high", "上限"),
}


def family_name(family: str, lang: str) -> str:
    """``lognormal`` -> "lognormal distribution" / "对数正态分布"."""
    key = "family_range" if family == "pert from the range" else f"family_{family}"
    return text(key, lang) if key in MESSAGES else family


def _what(r: Mapping, lang: str) -> str:
    source = str(r.get("source") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return text("fit_what", lang, column=r["column"], source=source)


def _params(spec: Mapping, lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    words = []
    for k, v in spec.items():
        if k == "dist" or not isinstance(v, int | float) or isinstance(v, bool):
            continue
        name = _PARAMS.get(k, (k, k))[1 if lang == "zh" else 0]
        words.append(f"{name} {sig(v, 4)}")
    return sep.join(words) or MISSING


def _num(x: float | None, digits: str) -> str:
    return MISSING if x is None else format(x, digits)


# --------------------------------------------------------------------------- the tables


def _name(family: str, chosen: bool, lang: str, short: bool) -> str:
    """A family's name in a row; ``short``: the terminal's (English: the family's own
    name, the chosen one marked ◀)."""
    if short:
        name = family if lang == "en" else family_name(family, lang)
        return name + " ◀" if chosen else name
    name = family_name(family, lang)
    return text("fit_chosen", lang, family=name) if chosen else name


def _family_rows(r: Mapping, lang: str, short: bool = False) -> list[list[Cell]]:
    rows = []
    for i, c in enumerate(r["candidates"]):
        name = _name(c["family"], c["family"] == r.get("label"), lang, short)
        at = f"candidates.{i}"
        rows.append([
            Cell.of(name),
            Cell.of(_params(c["spec"], lang)),
            Cell(str(c.get("k", "")), c.get("k"), "number", f"{at}.k"),
            Cell(_num(c.get("delta_aic"), ".1f"), c.get("delta_aic"), "number", f"{at}.delta_aic"),
            Cell(_num(c.get("ks"), ".3f"), c.get("ks"), "number", f"{at}.ks"),
            Cell(_num(c.get("ad"), ".2f"), c.get("ad"), "number", f"{at}.ad"),
        ])  # fmt: skip
    return rows


def _mean_rows(r: Mapping, lang: str, short: bool = False) -> list[list[Cell]]:
    se = r.get("se")
    lo, hi = r.get("ci95") or (None, None)
    rows = [[
        Cell.of("bootstrap" if short and lang == "en" else text("fit_bootstrap", lang)),
        Cell(estimate(r["mean"], se), r["mean"], "number", "mean"),
        Cell(sig(se), se, "number", "se"),
        Cell(f"{estimate(lo, se)} – {estimate(hi, se)}" if lo is not None else MISSING),
        Cell(""),
    ]]  # fmt: skip
    for i, c in enumerate(r["candidates"]):
        spec, (a, b), at = c["spec"], c.get("ci95") or (None, None), f"candidates.{i}"
        name = _name(c["family"], c["family"] == r.get("family"), lang, short)
        rows.append([
            Cell.of(name),
            Cell(estimate(spec.get("mean"), se), spec.get("mean"), "number", f"{at}.spec.mean"),
            Cell(sig(spec.get("sd", 0)), spec.get("sd"), "number", f"{at}.spec.sd"),
            Cell(f"{estimate(a, se)} – {estimate(b, se)}" if a is not None else MISSING),
            Cell(_num(c.get("ks"), ".3f"), c.get("ks"), "number", f"{at}.ks"),
        ])  # fmt: skip
    return rows


def _page_table(r: Mapping, lang: str, short: bool = False) -> PageTable | None:
    if r["kind"] == "mean":
        heads = ("fit_col_family", "fit_col_mean", "fit_col_sd", "ev_col_interval", "fit_col_ks")
        return PageTable([text(h, lang) for h in heads], _mean_rows(r, lang, short))
    if not r["candidates"]:
        return None
    heads = ("fit_col_family", "fit_col_params", "fit_col_k", "fit_col_daic", "fit_col_ks",
             "fit_col_ad")  # fmt: skip
    return PageTable([text(h, lang) for h in heads], _family_rows(r, lang, short),
                     note=text("fit_table_note", lang))  # fmt: skip


def table(data: dict, lang: str = "en") -> Table | None:
    """The fitted families by AIC (or a mean's bootstrap and the families that summarise it);
    None when there is nothing to rank (a discrete distribution of frequencies)."""
    page = _page_table(data, lang, short=True)
    if page is None:
        return None
    n = f"{data['n']:,}"
    what = f"column {data['column']!r} of {data['source']} ({data['rows']})"
    if lang == "zh":
        what = _what(data, lang)
    if data["kind"] == "mean":
        b = f"{data.get('replicates', 0):,}"
        title = text("fit_mean_title", lang, what=what, n=n, b=b)
    else:
        title = text("fit_families_title", lang, what=what, n=n)
    shown = [i for i in range(len(page.columns)) if data["kind"] == "mean" or i != 1]
    t = make_table(title, *(page.columns[i] for i in shown))  # the parameters: the spec below
    for row in page.rows:
        t.add_row(*(row[i].text for i in shown))
    if data.get("left_out") and data["kind"] != "mean":
        t.caption = text("fit_left_out", lang, why="; ".join(data["left_out"]))
    return t


# --------------------------------------------------------------------------- in words


def headline(folder: Any, lang: str = "en") -> str:
    """What was fitted and which distribution describes it, in one sentence."""
    r = result_of(folder)
    n, what = f"{r['n']:,}", _what(r, lang)
    if r["kind"] == "mean":
        se = r.get("se")
        lo, hi = r.get("ci95") or (None, None)
        best = r["candidates"][0] if r["candidates"] else {}
        family, ks = family_name(r["family"], lang), _num(best.get("ks"), ".3f")
        return text("fit_headline_mean", lang, n=n, what=what, mean=estimate(r["mean"], se),
                    lo=estimate(lo, se), hi=estimate(hi, se), family=family, ks=ks)  # fmt: skip
    if r.get("few_points"):
        return text("fit_headline_few", lang, n=n, what=what)
    if r["family"] == "discrete":
        return text("fit_headline_discrete", lang, n=n, what=what)
    return text("fit_headline_values", lang, n=n, what=what,
                family=family_name(r["family"], lang), reason=_reason(r, lang))  # fmt: skip


def _reason(r: Mapping, lang: str) -> str:
    cands = r["candidates"]
    if cands and cands[0]["family"] == r["family"]:
        d = cands[1].get("delta_aic") if len(cands) > 1 else None
        return text("fit_reason_aic", lang, d=_num(d, ".1f"))
    return text("fit_reason_tie", lang, tie=2)


def reading(data: dict, lang: str = "en") -> list[str]:
    """The spec to paste, with its comments (the notes go to stderr)."""
    return [printable(line) for line in (data.get("yaml") or "").splitlines()]


def sections(folder: Any, lang: str = "en") -> list[Section]:
    """Page one: what it is for and the families fitted; then the chart; then the spec to
    paste with the notes on the rows, the data and the families left out."""
    r = folder.result
    said = []
    if r.get("for"):
        meaning = (text("fit_for_mean", lang, sd=sig(r.get("values_sd") or 0))
                   if r["kind"] == "mean" else text("fit_for_values", lang))  # fmt: skip
        said.append(text("fit_for", lang, label=input_label(r["for"], lang), meaning=meaning))
    page = _page_table(r, lang)
    out = [Section(text("fit_section", lang), said, [page] if page else [], anchor="fit")]
    if r.get("sample"):
        out.append(Section(text("chart_fit", lang), charts=(Chart.fit,), anchor="chart"))
    notes = [text("fit_rows", lang, rows=r["rows"]) if r.get("rows") else "",
             *r.get("notes", ()), *r.get("warnings", ()),
             *(text("fit_left_out", lang, why=w) for w in r.get("left_out", ()))]  # fmt: skip
    yaml = [_indent(line) for line in (r.get("yaml") or "").splitlines()]  # kept on the page
    said = [text("fit_paste_about", lang), *yaml]
    out.append(Section(text("fit_paste", lang), [*said, *(x for x in notes if x)],
                       anchor="paste"))  # fmt: skip
    return out


def _indent(line: str) -> str:
    """A YAML line whose leading spaces a page keeps (no-break spaces)."""
    body = line.lstrip(" ")
    return "\u00a0" * (len(line) - len(body)) + body


# --------------------------------------------------------------------------- the chart


def page_figures(folder: Any, lang: str = "en") -> dict[str, Any]:
    """fit.png, drawn for the page."""
    return figures(folder.result, lang=lang)


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """fit.png from ``fit.json``: the values' quantiles as an empirical CDF against the
    CDFs of the families' specs (the chosen one dashed)."""
    sample = data.get("sample")
    if not sample:
        return {}
    from simroi.report.plots.fit import fit_ecdf  # matplotlib only when a chart is drawn
    from simroi.sampling.specs import parse

    q = np.asarray([np.nan if v is None else v for v in sample["quantiles"]], dtype=float)
    q = q[np.isfinite(q)]
    if q.size == 0:
        return {}
    lo, hi = float(q.min()), float(q.max())
    mean = data["kind"] == "mean"
    shown = list(data["candidates"]) if mean else list(data["candidates"][:4])
    if data.get("few_points"):
        lo, hi = min(lo, data["spec"].get("min", lo)), max(hi, data["spec"].get("max", hi))
        shown = [{"family": data["label"], "spec": data["spec"]}, *shown]
    pad = 0.05 * (hi - lo)
    grid = np.linspace(lo - pad, hi + pad, 400)
    curves, labels = {}, {}
    for c in shown:
        curves[c["family"]] = (grid, parse(c["spec"], "fit").frozen.cdf(grid))
        labels[c["family"]] = family_name(c["family"], lang) + (
            f" (K-S {c['ks']:.3f})" if mean and c.get("ks") is not None
            else f" ({text('fit_col_daic', lang)} {c['delta_aic']:.1f})"
            if c.get("delta_aic") is not None else "")  # fmt: skip
    chosen = data["family"] if mean else data["label"]
    title = f"{text('chart_fit', lang)}\n{_what(data, lang)}"
    return {Chart.fit: fit_ecdf(q, curves, chosen=chosen, labels=labels, title=title,
                                xlabel=str(data["column"]), count=data["n"], lang=lang,
                                data_label="bootstrap means" if mean else "data")}  # fmt: skip


def figure(found: Any) -> Any:
    """The data (or a mean's bootstrap) against the fitted distributions' CDFs, every value.

    ``found`` is :func:`simroi.data.fitfor.fit_column`'s result (``--plot FILE``).
    """
    from simroi.data.fitfor import MeanFit
    from simroi.report.plots.fit import fit_ecdf  # matplotlib only when a chart is drawn

    r, column = found.result, found.column
    if isinstance(r, MeanFit):
        from simroi.sampling.specs import parse

        values = r.draws
        grid = np.linspace(float(values.min()), float(values.max()), 400)
        curves = {c["family"]: (grid, parse(c["spec"], "fit").frozen.cdf(grid))
                  for c in r.candidates}  # fmt: skip
        labels = {c["family"]: f"{c['family']} (KS {c['ks']:.3f})" for c in r.candidates}
        chosen, title = r.family, f"mean of {column}: its bootstrap against the fitted families"
    else:
        values, curves, chosen = r.values, r.curves(), r.label
        labels = {c.family: f"{c.family} (ΔAIC {c.aic - r.candidates[0].aic:.1f})"
                  for c in r.candidates}  # fmt: skip
        title = f"{column}: data against fitted distributions"
    what = "bootstrap means" if isinstance(r, MeanFit) else "data"
    return fit_ecdf(values, curves, chosen=chosen, labels=labels, title=title,
                    xlabel=column, data_label=what)  # fmt: skip
