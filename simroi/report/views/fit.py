"""simroi fit: the fitted families in a table, and the data against them in a chart."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.numbers import estimate, sig

__all__ = ["figure", "mean_table", "table"]


def table(result: dict, what: str) -> Table:
    """The fitted families by AIC: parameters, ΔAIC, KS distance, Anderson-Darling A²."""
    t = make_table(
        f"Fits to {what} (n = {result['n']:,}), by AIC", "family", "k", "ΔAIC", "KS", "AD"
    )
    for c in result["candidates"]:
        mark = " ◀" if c["family"] == result["label"] else ""
        t.add_row(
            c["family"] + mark, str(c["k"]), f"{c['delta_aic']:.1f}", f"{c['ks']:.3f}",
            f"{c['ad']:.2f}",
        )  # fmt: skip
    if result.get("left_out"):
        t.caption = "left out: " + "; ".join(result["left_out"])
    return t


def mean_table(result: dict, what: str) -> Table:
    """The distribution of a mean: the bootstrap's, and the families that summarise it."""
    n, se = result["n"], result["se"]
    t = make_table(
        f"Distribution of the mean of {what} (n = {n:,}; {result['replicates']:,} bootstrap "
        "replicates)",
        "family", "mean", "sd", "95 % interval", "KS",
    )  # fmt: skip
    lo, hi = result["ci95"]
    t.add_row("bootstrap", estimate(result["mean"], se), sig(se),
              f"{estimate(lo, se)} .. {estimate(hi, se)}", "")  # fmt: skip
    for c in result["candidates"]:
        mark = " ◀" if c["family"] == result["family"] else ""
        spec, (a, b) = c["spec"], c["ci95"]
        t.add_row(c["family"] + mark, estimate(spec["mean"], se), sig(spec["sd"]),
                  f"{estimate(a, se)} .. {estimate(b, se)}",
                  f"{c['ks']:.3f}")  # fmt: skip
    return t


def figure(found: Any) -> Any:
    """The data (or a mean's bootstrap) against the fitted distributions' CDFs.

    ``found`` is :func:`simroi.data.fitfor.fit_column`'s result.
    """
    import numpy as np

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
