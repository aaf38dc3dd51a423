"""simroi sweep and simroi batch: one row per variant, and the sweep's chart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.i18n import text
from simroi.report.text.numbers import (
    binomial_se,
    money_to_error,
    percent_to_error,
    prob_to_error,
)
from simroi.runs.layout import Chart

__all__ = ["figures", "table"]


def table(data: dict, *, top: int = 60) -> Table:
    """One row per variant of a sweep or batch: P(ROI > 0), ROI P10/P50/P90, NPV, payback.

    ``data`` is the ``sweep.json`` content (:func:`simroi.analysis.sweep.sweep`).
    A grid shows one column per varied input (headed by the path's last part),
    other sweeps the variant's name. Numbers are rounded to their Monte Carlo
    standard errors; probabilities without the "±". Past ``top`` variants the
    rest are counted in the caption (every row is in sweep.json and sweep.parquet).
    """
    variants = data["variants"]
    first = variants[0]["summary"]
    cur, n, horizon = first["currency"], first["iterations"], first["horizon_months"]
    varied = list(data["varied"])
    by_value = bool(varied) and all(
        set(v["overrides"]) == set(varied)
        and all(isinstance(x, int | float | str) for x in v["overrides"].values())
        for v in variants
    )
    keys = [p.rsplit(".", 1)[-1] for p in varied] if by_value else ["variant"]
    seed = data["seed"] if data["seed"] is not None else "per file"
    what = data["scenario"] or f"{len(variants)} scenario files"
    t = make_table(
        f"{what} — {len(variants):,} variants, {n:,} iterations each "
        f"({first['sampler']}, seed {seed}; money in {cur})",
        *keys,
        "P(ROI>0)",
        "ROI P10",
        "ROI P50",
        "ROI P90",
        "NPV mean",
        "NPV P10",
        f"P(payback≤{horizon})",
    )
    for column in t.columns[: len(keys)]:
        column.min_width = len(str(column.header))
    for column in t.columns[len(keys) :]:
        column.no_wrap = True
    rows = []
    for v in variants[:top]:
        s, k = v["summary"], v["summary"]["iterations"]
        roi, npv = s["metrics"]["roi"], s["metrics"]["npv"]
        # within the horizon is "ever": a scenario's own payback_months may leave it out
        within = 1.0 - s["payback"]["prob_never"]
        head = [str(v["overrides"][p]) for p in varied] if by_value else [v["name"]]
        rows.append(
            [
                *head,
                prob_to_error(
                    s["prob_roi_positive"], s["prob_roi_positive_se"], k, plus_minus=False
                ),
                *(percent_to_error(roi[q], roi["se_mean"]) for q in ("p10", "p50", "p90")),
                *(money_to_error(npv[q], npv["se_mean"]) for q in ("mean", "p10")),
                prob_to_error(within, binomial_se(within, k), k, plus_minus=False),
            ]
        )
    for row in rows:
        t.add_row(*row)
    if len(variants) > top:
        t.caption = f"… and {len(variants) - top:,} more variants in sweep.json / sweep.parquet"
        t.caption_justify = "left"
    return t


def figures(data: Mapping[str, Any], *, lang: str = "en") -> dict[str, Any]:
    """The sweep's chart: ``sweep_line.png`` when one input is varied over two or more
    values, ``sweep_heatmap.png`` when two are varied as a full grid; none otherwise.

    ``data`` is the ``sweep.json`` content. The charts' text is in English; ``lang``
    is the language of their titles.
    """
    varied, variants = list(data["varied"]), data["variants"]
    if not variants or len(varied) not in (1, 2):
        return {}
    values = [[v["overrides"][p] for v in variants] for p in varied]
    axes = [_unique(vals) for vals in values]
    if len(varied) == 1 and len(axes[0]) == len(variants) >= 2:
        return {Chart.sweep_line: _line(data, varied[0], axes[0], lang)}
    if (
        len(varied) == 2
        and len(axes[0]) * len(axes[1]) == len(variants)
        and min(map(len, axes)) >= 2
    ):
        return {Chart.sweep_heatmap: _heatmap(data, varied, axes, values, lang)}
    return {}


def _unique(values: list) -> list:
    out: list = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def _line(data: Mapping[str, Any], path: str, xs: list, lang: str) -> Any:
    from simroi.report.plots.sweep import sweep_line

    s = [v["summary"] for v in data["variants"]]
    return sweep_line(
        xs,
        [x["prob_roi_positive"] for x in s],
        [x["prob_roi_positive_se"] for x in s],
        npv=tuple([x["metrics"]["npv"][q] for x in s] for q in ("p10", "p50", "p90")),
        n=s[0]["iterations"],
        path=path,
        currency=data["currency"],
        title=f"{text('png_sweep_line', lang, path=path)}\n{data['scenario']}",
    )


def _heatmap(data: Mapping[str, Any], varied: list, axes: list, values: list, lang: str) -> Any:
    from simroi.report.plots.sweep import sweep_heatmap

    # The first --vary path goes across, the second up.
    prob = np.full((len(axes[1]), len(axes[0])), np.nan)
    for k, v in enumerate(data["variants"]):
        prob[axes[1].index(values[1][k]), axes[0].index(values[0][k])] = v["summary"][
            "prob_roi_positive"
        ]
    return sweep_heatmap(
        axes[0],
        axes[1],
        prob,
        n=data["variants"][0]["summary"]["iterations"],
        x_path=varied[0],
        y_path=varied[1],
        title=f"{text('png_sweep_heatmap', lang, x=varied[0], y=varied[1])}\n{data['scenario']}",
    )
