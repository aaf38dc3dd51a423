"""Drawing a sample's distribution: histogram bars, CDF steps, percentile lines, the loss region."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import FixedLocator

from simroi.report.plots._style import GREY, INK, RED, _note, _pad_limits
from simroi.report.plots._values import _is_number, _Ticks, _Unit
from simroi.report.text.numbers import compact_percent

CDF_TICKS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)  # P10 / P50 / P90 read straight off the curve


def _body(arrays: Sequence[np.ndarray]) -> tuple[float, float]:
    """The range the axis shows: the 0.5-99.5 % quantiles (all values below 200 of them).

    A long tail would otherwise squash the body of the distribution into one
    bar or one vertical stroke; :func:`_note_outside` says how much is cut.
    """
    los, his = [], []
    for a in arrays:
        lo, hi = np.quantile(a, [0.005, 0.995]) if a.size >= 200 else (a.min(), a.max())
        los.append(lo if hi > lo else a.min())
        his.append(hi if hi > lo else a.max())
    return float(min(los)), float(max(his))


def _note_outside(
    ax: Axes, arrays: Sequence[np.ndarray], lo: float, hi: float, unit: _Unit | None = None
) -> None:
    """Say how many iterations the axis leaves out, on which side, and the worst value cut.

    The left side is the downside (a lower ROI or NPV), so it is named as such
    with its worst value: a reader must never lose the downside silently.
    """
    from simroi.report.text.i18n import text

    unit = unit or _Unit("plain")
    below = sum(np.count_nonzero(a < lo) for a in arrays)
    above = sum(np.count_nonzero(a > hi) for a in arrays)
    if not below and not above:
        return
    total = sum(a.size for a in arrays)
    worst = unit.text(float(min(a.min() for a in arrays if a.size)))
    best = unit.text(float(max(a.max() for a in arrays if a.size)))
    share = compact_percent((below + above) / total)
    if below and above:
        note = text(
            "outside_axis",
            unit.lang,
            share=share,
            below=compact_percent(below / total),
            above=compact_percent(above / total),
            worst=worst,
        )
    elif below:
        note = text("outside_axis_low", unit.lang, share=share, worst=worst)
    else:
        note = text("outside_axis_high", unit.lang, share=share, best=best)
    _note(ax, note)


def bin_counts(data: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """``np.histogram(data, edges)[0]`` of finite ``data``, without sorting it.

    Bins are half-open but the last, which holds its right edge; values outside are not
    counted. (With edges given as an array numpy sorts the data block by block: 0.1 s of
    a 10^6-iteration chart's 0.2 s.)
    """
    last = len(edges) - 2
    index = np.searchsorted(edges, data, side="right") - 1
    index[data == edges[-1]] = last
    return np.bincount(index[(index >= 0) & (index <= last)], minlength=last + 1)


def _histogram(ax: Axes, data: np.ndarray, unit: _Unit, *, below: str, above: str) -> np.ndarray:
    """Bars of the share of iterations per bin; bins left of 0 in ``below``, others ``above``.

    Returns the bin edges.
    """
    lo, hi = _body([data])
    if hi > lo:
        width = (hi - lo) / int(np.clip(np.sqrt(data.size), 10, 60))
        start = np.floor(lo / width) * width  # bins aligned on 0: no bar straddles breakeven
        edges = start + width * np.arange(int(np.ceil((hi - start) / width)) + 1)
    else:  # every value equal: one narrow bar centred on it
        pad = max(abs(lo) * 0.05, unit.min_pad)
        edges = np.array([lo - pad / 10, lo + pad / 10])
        ax.set_xlim(lo - pad, lo + pad)
    counts = bin_counts(data, edges)
    ax.bar(
        edges[:-1],
        counts / data.size,
        width=np.diff(edges),
        align="edge",
        color=np.where(edges[1:] <= 0, below, above),
        edgecolor="white",
        linewidth=0.4,
    )
    ax.yaxis.set_major_formatter(_Ticks("percent"))
    ax.xaxis.set_major_formatter(_Ticks(unit.kind, unit.lang))
    _note_outside(ax, [data], edges[0], edges[-1], unit)
    return edges


def _mark_percentiles(
    ax: Axes,
    marks: Mapping[str, float | None],
    unit: _Unit,
    se: float | None = None,
    written: Callable[[float], str] | None = None,
) -> None:
    """Vertical lines at P10 / P50 / P90 named on top and in the legend; equal ones share a
    line. With ``se`` (their Monte Carlo error) the values are rounded to it, as in tables;
    ``written`` writes them instead (a probability as a bound: ``> 99.95 %``)."""
    from simroi.report.text.money import amount_to_error
    from simroi.report.text.numbers import percent_to_error

    def shown(value: float) -> str:
        if written is not None:
            return written(value)
        if se is None or unit.kind not in ("percent", "money"):
            return unit.text(value)
        if unit.kind == "percent":
            return percent_to_error(value, se)
        return amount_to_error(value, se, unit.lang, unit.currency)

    groups: list[tuple[list[str], float]] = []
    for name, value in marks.items():
        if not _is_number(value):
            continue
        if groups and groups[-1][1] == value:
            groups[-1][0].append(name)
        else:
            groups.append(([name], float(value)))
    for names, value in groups:
        ax.axvline(
            value,
            color=INK,
            linestyle="-" if "P50" in names else "--",
            linewidth=1.3,
            label=f"{' = '.join(names)} = {shown(value)}",
        )
        ax.annotate(
            "/".join(names),
            xy=(value, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color=INK,
        )


def _shade_below_zero(ax: Axes, label: str) -> None:
    lo, hi = ax.get_xlim()
    if lo < 0:
        ax.axvspan(lo, min(0.0, hi), color=RED, alpha=0.07, linewidth=0, label=label)
        ax.set_xlim(lo, hi)
    if lo < 0 < hi:
        ax.axvline(0, color=GREY, linewidth=1)


def _ecdf(data: np.ndarray, points: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Step coordinates of the empirical CDF, thinned to ``points`` steps for big samples."""
    ordered = np.sort(data)
    n = ordered.size
    index = np.arange(n) if n <= points else np.unique(np.linspace(0, n - 1, points).round())
    index = index.astype(int)
    return np.r_[ordered[0], ordered[index]], np.r_[0.0, (index + 1) / n]


def _cdf_axes(ax: Axes) -> None:
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_locator(FixedLocator(CDF_TICKS))
    ax.yaxis.set_major_formatter(_Ticks("percent"))


def _cdf_view(ax: Axes, arrays: Sequence[np.ndarray], unit: _Unit, *, zero: bool) -> None:
    """x limits on the body of the data (and on 0 when it is the breakeven line)."""
    lo, hi = _body(arrays)
    _note_outside(ax, arrays, lo, hi, unit)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    _pad_limits(ax, lo, hi, unit, frac=0.04)
    ax.xaxis.set_major_formatter(_Ticks(unit.kind, unit.lang))
