"""Charts of ``simroi sensitivity``: tornado, spider, Sobol indices, Spearman, downside drivers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._labels import _fit_labels, _label_bar_end
from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    _axes,
    _finish,
    _legend,
    _legend_below,
    _name,
    _no_data,
    _note,
    _pad_limits,
    _wrap_label,
    literal,
)
from simroi.report.plots._values import _is_number, _metric_axis, _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_value


def _records(rows: object) -> list[dict]:
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]  # type: ignore[union-attr]


def _input_value_text(
    path: str, value: object, currency: str | None = None, lang: str = "en"
) -> str:
    """An input's value for a bar end in its unit (``42.7 %``, ``16.1k USD``, ``3 mo``);
    a risk event (``risks.<name>``) reads ``no``/``yes``
    (:func:`~simroi.report.text.labels.input_value`)."""
    return input_value(path, float(value), lang, currency) if _is_number(value) else "?"


@literal
def tornado(
    rows: pd.DataFrame | Iterable[Mapping[str, object]],
    *,
    base: float,
    metric: str,
    currency: str | None = None,
    title: str = "Tornado: which input moves the result most",
    ax: Axes | None = None,
    max_rows: int = 15,
    input_currency: str | None = None,
    lang: str = "en",
) -> Figure:
    """Bars from the base case to the metric at each input's low and high value, largest on top.

    Parameters
    ----------
    rows : DataFrame or iterable of mappings
        The ``tornado`` rows of ``sensitivity.json``: ``input``, ``low_value``,
        ``high_value``, ``output_low``, ``output_high``, ``swing``.
    base : float
        The metric at the base case (all inputs at their medians, no risk event).
    metric : str
        ``roi``, ``npv``, ... (sets the axis unit).
    max_rows : int
        Show the ``max_rows`` largest swings; a note counts the rest.
    input_currency : str, optional
        Currency of the money inputs' bar-end values (default ``currency``).

    Inputs are named for people (:func:`simroi.report.text.labels.input_label`), and
    their bar-end values carry their unit (percent, currency). A risk's own amount (a row
    with ``given`` and ``base_given``) swings about ``base_given``, the result with its
    risk occurring, and its label says so.
    """
    input_currency = input_currency or currency
    records = sorted(
        _records(rows), key=lambda r: -abs(float(r["swing"])) if _is_number(r["swing"]) else 0.0
    )
    shown = records[:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.42 * len(shown))))
    unit, name = _metric_axis(metric, currency, lang)
    ends = (("low", BLUE, text("input_low", lang)), ("high", ORANGE, text("input_high", lang)))
    labelled, bar_labels = set(), []
    for yi, row in zip(range(len(shown) - 1, -1, -1), shown, strict=True):
        outs = {end: float(row[f"output_{end}"]) for end, _, _ in ends}
        origin = float(row["base_given"]) if _is_number(row.get("base_given")) else base
        for end, color, legend in sorted(ends, key=lambda e: -abs(outs[e[0]] - origin)):
            out, other = outs[end], outs["high" if end == "low" else "low"]
            if not np.isfinite(out):
                continue
            ax.barh(
                yi,
                out - origin,
                left=origin,
                height=0.62,
                color=color,
                label=None if legend in labelled else legend,
            )
            labelled.add(legend)
            # a bar of zero length (a risk event's "no" is the base case) is labelled
            # on the side away from its partner
            right = (
                out > origin
                if out != origin
                else (other < origin or (other == origin and end == "high"))
            )
            value = _input_value_text(str(row["input"]), row[f"{end}_value"], input_currency, lang)
            bar_labels.append(_label_bar_end(ax, value, out, yi, right=right, fontsize=8))
    names = [  # a risk's own amount says it is swung given the risk: on a third line
        _wrap_label(input_label(str(r["input"]), lang) + text("if_risk_occurs", lang), lines=3)
        if r.get("given")
        else _wrap_label(input_label(str(r["input"]), lang))
        for r in shown
    ]
    ax.set_yticks(range(len(shown) - 1, -1, -1), names)
    ax.axvline(base, color=INK, linewidth=1.3, label=text("base_case", lang, v=unit.text(base)))
    values = [v for r in shown for v in (r["output_low"], r["output_high"]) if _is_number(v)]
    _pad_limits(ax, min([base, *values]), max([base, *values]), unit, frac=0.14)
    ax.xaxis.set_major_formatter(_Ticks(unit.kind, lang))
    if not shown:
        _no_data(ax, "tornado rows")
    if len(records) > len(shown):
        _note(ax, text("largest_of", lang, k=len(shown), n=len(records)))
    _legend_below(ax)
    _finish(fig, ax, title, unit.label(name), text("axis_input", lang), grid="x")
    _fit_labels(ax, bar_labels)
    return fig


@literal
def spider(
    table: pd.DataFrame,
    *,
    metric: str,
    base: float | None,
    currency: str | None = None,
    title: str = "Spider: the result as each input moves through its range",
    ax: Axes | None = None,
    max_lines: int = 10,
    lang: str = "en",
) -> Figure:
    """One line per input: the metric as that input moves through its percentiles.

    Parameters
    ----------
    table : DataFrame, shape (percentiles, inputs)
        Index: input percentiles as fractions (0.05 ... 0.95); columns: input
        paths; values: the metric with that input at that percentile.
    base : float or None
        The base-case metric, drawn as a horizontal line.
    max_lines : int
        Draw the ``max_lines`` inputs with the widest range of the metric.
    """
    fig, ax = _axes(ax)
    unit, name = _metric_axis(metric, currency, lang)
    spread = (table.max() - table.min()).fillna(0.0).sort_values(ascending=False, kind="stable")
    shown = list(spread.index[:max_lines])
    x = np.asarray(table.index, dtype=float)
    for column in shown:
        ax.plot(
            x,
            table[column].to_numpy(dtype=float),
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            label=_name(input_label(str(column), lang)),
        )
    if _is_number(base):
        ax.axhline(
            base,
            color=INK,
            linestyle="--",
            linewidth=1.2,
            label=text("base_case", lang, v=unit.text(base)),
        )
    if not shown:
        _no_data(ax, "spider values")
    if len(spread) > len(shown):
        _note(ax, text("most_influential_of", lang, k=len(shown), n=len(spread)))
    ax.xaxis.set_major_formatter(_Ticks("percent", lang))
    ax.yaxis.set_major_formatter(_Ticks(unit.kind, lang))
    _legend(ax, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(fig, ax, title, text("axis_input_pct", lang), unit.label(name), grid="both")


@literal
def sobol(
    indices: pd.DataFrame,
    *,
    title: str = "Sobol indices: share of the result's variance due to each input",
    ax: Axes | None = None,
    max_rows: int = 15,
    lang: str = "en",
) -> Figure:
    """Grouped horizontal bars of first-order (S1) and total (ST) indices with 95 % error bars.

    Parameters
    ----------
    indices : DataFrame
        Indexed by input, columns ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
        (confidence half-widths); largest ST on top.
    """
    table = indices.sort_values("ST", ascending=False, na_position="last", kind="stable")
    shown = table.iloc[:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.5 * len(shown))))
    y = np.arange(len(shown) - 1, -1, -1, dtype=float)
    for key, shift, color, label in (
        ("S1", 0.2, BLUE, text("sobol_s1", lang)),
        ("ST", -0.2, ORANGE, text("sobol_st", lang)),
    ):
        value = shown[key].to_numpy(dtype=float)
        conf = shown.get(f"{key}_conf", pd.Series(0.0, index=shown.index)).to_numpy(dtype=float)
        value, conf = (np.where(np.isfinite(a), a, 0.0) for a in (value, conf))  # missing: no bar
        ax.barh(
            y + shift,
            value,
            height=0.4,
            color=color,
            label=label,
            xerr=np.clip(conf, 0, None),
            error_kw={"ecolor": INK, "elinewidth": 1, "capsize": 2.5},
        )
    ax.set_yticks(y, [_wrap_label(input_label(str(i), lang)) for i in shown.index])
    ax.axvline(0, color=GREY, linewidth=1)
    ax.set_xlim(min(0.0, ax.get_xlim()[0]), max(1.0, ax.get_xlim()[1]))
    ax.xaxis.set_major_formatter(_Ticks("percent", lang))
    if not len(shown):
        _no_data(ax, "indices")
    if len(table) > len(shown):
        _note(ax, text("largest_of", lang, k=len(shown), n=len(table)))
    _legend(ax, loc="lower right")
    return _finish(
        fig,
        ax,
        title,
        text("axis_variance_share", lang),
        text("axis_input", lang),
        grid="x",
    )


def _signed_bars(
    ax: Axes, labels: list[str], values: np.ndarray, colors: list[str], texts: list[str]
) -> list:
    """Horizontal bars from 0, largest on top, each labelled at its end (the labels are
    returned: fit them with :func:`_fit_labels` once the chart is finished)."""
    y = np.arange(len(values) - 1, -1, -1, dtype=float)
    ax.barh(y, values, height=0.62, color=colors)
    ax.set_yticks(y, [_wrap_label(x) for x in labels])
    ax.axvline(0, color=GREY, linewidth=1)
    return [
        _label_bar_end(ax, t, v, yi, right=v >= 0, fontsize=8)
        for t, v, yi in zip(texts, values, y, strict=True)
    ]


@literal
def spearman(
    rho: Mapping[str, float | None],
    *,
    metric: str,
    title: str = "Spearman rank correlation with the result",
    ax: Axes | None = None,
    max_rows: int = 15,
    lang: str = "en",
    digits: int = 2,
) -> Figure:
    """Signed bars of each input's Spearman rank correlation with the metric, largest |ρ| on
    top: orange where the metric rises with the input, blue where it falls.

    Parameters
    ----------
    rho : mapping of input path to ρ (None or NaN: the input did not vary; left out)
    digits : int
        Decimals of the bar-end values (the table's: to ρ's standard error).
    """
    rows = sorted(
        ((k, float(v)) for k, v in rho.items() if _is_number(v) and np.isfinite(float(v))),
        key=lambda kv: -abs(kv[1]),
    )
    shown = rows[:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.42 * len(shown))))
    values = np.array([v for _, v in shown], dtype=float)
    bar_labels = _signed_bars(
        ax,
        [input_label(k, lang) for k, _ in shown],
        values,
        [ORANGE if v >= 0 else BLUE for v in values],
        [f"{v:+.{digits}f}" for v in values],
    )
    ax.set_xlim(-1.0 if (values < 0).any() else 0.0, 1.0 if (values > 0).any() else 0.0)
    if not shown:
        _no_data(ax, "correlations")
    if len(rows) > len(shown):
        _note(ax, text("largest_of", lang, k=len(shown), n=len(rows)))
    name = _metric_axis(metric, None, lang)[1]
    _finish(fig, ax, title, text("axis_spearman", lang, name=name), text("axis_input", lang),
            grid="x")  # fmt: skip
    _fit_labels(ax, bar_labels)
    return fig


@literal
def downside(
    drivers: Iterable[Mapping[str, object]],
    *,
    title: str = "What separates the losses",
    ax: Axes | None = None,
    max_rows: int = 12,
    lang: str = "en",
) -> Figure:
    """Bars of each input's KS distance between loss and other iterations, largest on top,
    each labelled with the end of its range the losses lean to and P(loss) there.

    Parameters
    ----------
    drivers : the ``downside.drivers`` rows of sensitivity.json (``input``, ``ks``,
        ``worst_side``, ``p_loss_worst_quartile``), largest ``ks`` first
    """
    from simroi.report.text.numbers import compact_prob

    rows = [dict(d) for d in drivers][:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.42 * len(rows))))
    values = np.array([float(r["ks"]) for r in rows], dtype=float)
    texts = []
    for r in rows:
        side = text(f"losses_{r['worst_side']}", lang)
        p = r.get("p_loss_worst_quartile")
        texts.append(side if p is None else text("bar_downside", lang, side=side,
                                                  p=compact_prob(float(p)).lstrip("= ")))
    bar_labels = _signed_bars(ax, [input_label(str(r["input"]), lang) for r in rows], values,
                              [ORANGE] * len(rows), texts)  # fmt: skip
    ax.set_xlim(0.0, 1.0)
    if not rows:
        _no_data(ax, "drivers")
    _finish(fig, ax, title, text("axis_ks", lang), text("axis_input", lang), grid="x")
    _fit_labels(ax, bar_labels)
    return fig
