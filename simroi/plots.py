"""Charts of simroi results; the only module that imports matplotlib.

Every function draws the data it is given and returns a
:class:`matplotlib.figure.Figure`. Pass ``ax`` to draw on an existing Axes (its
figure is returned and its layout left alone); otherwise a new Figure with
constrained layout is made. pyplot is never imported, so nothing here depends on
a backend or on global figure state: save with ``fig.savefig(path, dpi=150)``.

Units: ROI-like metrics (``roi``, ``discounted_roi``, ``irr``) and probabilities
are fractions (4.0 = 400 %) and are shown in %; money is shown with k/M/B and
the currency code on the axis label. Non-finite values (NaN: "never", "none")
are dropped before drawing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, Formatter, MaxNLocator
from matplotlib.transforms import offset_copy

__all__ = [
    "breakdown",
    "compare_cdf",
    "compare_risk_return",
    "paired_difference",
    "payback_curve",
    "roi_cdf",
    "roi_histogram",
    "sobol",
    "spider",
    "tornado",
]

SIZE = (8.0, 4.8)  # inches: 1200 x 720 pixels at 150 dpi
BLUE, ORANGE, RED, GREEN, GREY, INK = (
    "#2f6fad",
    "#e08a1e",
    "#c0392b",
    "#3a9a5b",
    "#8a8a8a",
    "#222222",
)
CDF_TICKS = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)  # P10 / P50 / P90 read straight off the curve

METRIC_NAMES = {
    "roi": "ROI",
    "discounted_roi": "Discounted ROI",
    "irr": "IRR",
    "npv": "NPV",
    "total_benefit": "Total benefit",
    "total_cost": "Total cost",
}
PERCENT_METRICS = frozenset({"roi", "discounted_roi", "irr"})
MONEY_METRICS = frozenset({"npv", "total_benefit", "total_cost"})
BREAKEVEN_METRICS = frozenset({"roi", "discounted_roi", "npv"})  # 0 is the loss line
STREAM_LABELS = {
    "conversion": "Higher conversion",
    "deal_size": "Larger deals",
    "cycle": "Shorter sales cycle",
    "churn": "Lower churn",
    "productivity": "Rep time saved",
    "custom": "Custom benefits",
}
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
)


# --------------------------------------------------------------------------- number formatting


def _sig(x: float, digits: int = 3) -> str:
    """``x`` with about ``digits`` significant digits, thousands separators, no exponent."""
    if x == 0 or not np.isfinite(x):
        return "0" if x == 0 else str(x)
    decimals = max(0, digits - 1 - int(np.floor(np.log10(abs(x)))))
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def _money_scale(magnitude: float) -> tuple[float, str]:
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= div:
            return div, suffix
    return 1.0, ""


def fmt_money(x: float, currency: str | None = None) -> str:
    """Money as ``1.23M CNY``: three significant digits, k/M/B suffix, optional code."""
    div, suffix = _money_scale(abs(float(f"{x:.3g}")))  # 999,999 is 1M, not 1,000k
    text = _sig(x / div) + suffix
    return f"{text} {currency}" if currency else text


def fmt_percent(x: float) -> str:
    """A fraction as a percentage with three significant digits: 4.0 -> ``400 %``."""
    return f"{_sig(100 * x)} %"


def _inside_0_100(percent: float) -> str:
    """``percent`` with the fewest decimals that keep it strictly between 0 and 100."""
    for decimals in range(6):
        text = f"{percent:.{decimals}f}"
        if 0 < float(text) < 100:
            return text
    return _sig(percent, 4)


def fmt_prob(p: float | None, n: int | None = None) -> str:
    """A probability with its relation sign: ``= 83 %``, or ``< 0.005 %`` / ``> 99.995 %``.

    With ``n`` iterations, a probability of exactly 0 or 1 is written as a bound
    (below 1/n, above 1 - 1/n, rounded outwards so the bound stays true) rather
    than as certainty; a probability strictly between 0 and 1 never rounds to
    ``0 %`` or ``100 %``.
    """
    if p is None or not np.isfinite(p):
        return "= n/a"
    if n is not None and n > 1 and (p <= 0 or p >= 1):
        step = 100 / n  # the resolution of n iterations, in percent
        decimals = max(0, int(np.ceil(-np.log10(step))))
        scale = 10.0**decimals
        if p <= 0:
            return f"< {np.ceil(step * scale - 1e-9) / scale:.{decimals}f} %"
        return f"> {np.floor((100 - step) * scale + 1e-9) / scale:.{decimals}f} %"
    if p <= 0 or p >= 1:
        return f"= {100 * min(max(p, 0.0), 1.0):.0f} %"
    return f"= {_inside_0_100(100 * p)} %"


@dataclass(frozen=True)
class _Unit:
    """How the values of one axis are written: ``percent`` (fractions), ``money`` or ``plain``."""

    kind: str
    currency: str | None = None

    @classmethod
    def of(cls, metric: str, currency: str | None = None) -> _Unit:
        if metric in PERCENT_METRICS:
            return cls("percent")
        return cls("money" if metric in MONEY_METRICS or currency else "plain", currency)

    def text(self, x: float) -> str:
        if self.kind == "percent":
            return fmt_percent(x)
        if self.kind == "money":
            return fmt_money(x, self.currency)
        return _sig(x)

    def label(self, name: str) -> str:
        unit = "%" if self.kind == "percent" else self.currency
        return f"{name} ({unit})" if unit else name

    @property
    def min_pad(self) -> float:
        """Half-width of the axis around data that has no spread at all."""
        return 0.01 if self.kind == "percent" else 1.0


class _Ticks(Formatter):
    """Tick labels with the fewest decimals that tell ticks apart: ``250k``, ``1.25M``, ``40 %``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.div, self.suffix, self.decimals = 1.0, "", 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        values = np.asarray(locs, dtype=float) * (100.0 if self.kind == "percent" else 1.0)
        if values.size == 0:
            return
        magnitude = float(np.max(np.abs(values)))
        self.div, self.suffix = _money_scale(magnitude) if self.kind == "money" else (1.0, "")
        scaled = values / self.div
        tol = 1e-6 * max(float(np.ptp(scaled)), magnitude / self.div, 1e-300)
        self.decimals = next(
            (d for d in range(7) if np.all(np.abs(np.round(scaled, d) - scaled) <= tol)), 6
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        value = x * (100.0 if self.kind == "percent" else 1.0) / self.div
        text = f"{value:,.{self.decimals}f}"
        if float(text.replace(",", "")) == 0:
            return "0 %" if self.kind == "percent" else "0"
        return text + self.suffix + (" %" if self.kind == "percent" else "")


# --------------------------------------------------------------------------- shared drawing helpers


def _finite(values: object) -> np.ndarray:
    """A flat float array without NaN or infinities."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=float, na_value=np.nan)
    array = np.asarray(values, dtype=float).ravel()
    return array[np.isfinite(array)]


def _is_number(x: object) -> bool:
    return x is not None and np.isfinite(float(x))  # type: ignore[arg-type]


def _axes(ax: Axes | None, size: tuple[float, float] = SIZE) -> tuple[Figure, Axes]:
    if ax is None:
        fig = Figure(figsize=size, dpi=150, layout="constrained")
        return fig, fig.add_subplot()
    try:
        return ax.get_figure(root=True), ax  # matplotlib >= 3.10: the top figure, not a subfigure
    except TypeError:
        return ax.figure, ax


def _finish(
    fig: Figure, ax: Axes, title: str, xlabel: str, ylabel: str, *, grid: str = "y"
) -> Figure:
    ax.set_title(title, fontsize=12, loc="left", fontweight="bold")
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(axis=grid, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fallback = _cjk_fallback()
    if fallback:  # names in Chinese, Japanese or Korean need a font that has the glyphs
        for text in fig.findobj(Text):
            if any(ord(ch) > 0x2E7F for ch in text.get_text()):
                text.set_fontfamily([*fallback, "DejaVu Sans"])
    return fig


@functools.cache
def _cjk_fallback() -> tuple[str, ...]:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple(name for name in _CJK_FONTS if name in installed)


def _no_data(ax: Axes, what: str = "values") -> None:
    ax.text(
        0.5,
        0.5,
        f"No finite {what} to plot",
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=GREY,
        fontsize=11,
    )


def _note(ax: Axes, text: str) -> None:
    """A small grey remark on a line of its own under the x-axis label, right-aligned."""
    ax.annotate(
        text,
        xy=(1.0, 0.0),
        xycoords="axes fraction",
        xytext=(0, -33),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=8,
        color=GREY,
    )


def _pad_limits(ax: Axes, lo: float, hi: float, unit: _Unit, *, frac: float) -> None:
    """x limits around [lo, hi] with ``frac`` of the span each side (some width if lo == hi)."""
    span = hi - lo if hi > lo else max(abs(lo) * 0.1, unit.min_pad)
    ax.set_xlim(lo - frac * span, hi + frac * span)


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


def _note_outside(ax: Axes, arrays: Sequence[np.ndarray], lo: float, hi: float) -> None:
    outside = sum(np.count_nonzero((a < lo) | (a > hi)) for a in arrays)
    if outside:
        share = outside / sum(a.size for a in arrays)
        _note(ax, f"{fmt_percent(share)} of iterations lie beyond the axis")


def _histogram(ax: Axes, data: np.ndarray, unit: _Unit, *, below: str, above: str) -> None:
    """Bars of the share of iterations per bin; bins left of 0 in ``below``, others ``above``."""
    lo, hi = _body([data])
    if hi > lo:
        width = (hi - lo) / int(np.clip(np.sqrt(data.size), 10, 60))
        start = np.floor(lo / width) * width  # bins aligned on 0: no bar straddles breakeven
        edges = start + width * np.arange(int(np.ceil((hi - start) / width)) + 1)
    else:  # every value equal: one narrow bar centred on it
        pad = max(abs(lo) * 0.05, unit.min_pad)
        edges = np.array([lo - pad / 10, lo + pad / 10])
        ax.set_xlim(lo - pad, lo + pad)
    counts, _ = np.histogram(data, edges)
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
    ax.xaxis.set_major_formatter(_Ticks(unit.kind))
    _note_outside(ax, [data], edges[0], edges[-1])


def _mark_percentiles(ax: Axes, marks: Mapping[str, float | None], unit: _Unit) -> None:
    """Vertical lines at P10 / P50 / P90 named on top and in the legend; equal ones share a line."""
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
            label=f"{' = '.join(names)} = {unit.text(value)}",
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
    _note_outside(ax, arrays, lo, hi)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    _pad_limits(ax, lo, hi, unit, frac=0.04)
    ax.xaxis.set_major_formatter(_Ticks(unit.kind))


def _records(rows: object) -> list[dict]:
    if isinstance(rows, pd.DataFrame):
        return rows.to_dict("records")
    return [dict(r) for r in rows]  # type: ignore[union-attr]


def _legend(ax: Axes, **kwargs: object) -> None:
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, frameon=False, **kwargs)


def _legend_below(ax: Axes) -> None:
    """A legend under the x-axis label, where it hides no bar and no marker line."""
    below = offset_copy(ax.transAxes, fig=_axes(ax)[0], y=-46, units="points")
    _legend(ax, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3)


# --------------------------------------------------------------------------- a single run


def roi_histogram(
    roi: np.ndarray,
    *,
    p10: float | None,
    p50: float | None,
    p90: float | None,
    title: str = "Return on investment (ROI): distribution",
    ax: Axes | None = None,
) -> Figure:
    """Histogram of ROI in % with P10/P50/P90 marked and the loss region (ROI < 0) shaded.

    Parameters
    ----------
    roi : array_like, shape (n,)
        ROI of each iteration as a fraction (4.0 = 400 %); NaN is dropped.
    p10, p50, p90 : float or None
        The percentiles to mark (fractions), as in ``summary.json``.
    """
    fig, ax = _axes(ax)
    data, unit = _finite(roi), _Unit("percent")
    if data.size:
        _histogram(ax, data, unit, below=RED, above=BLUE)
        _shade_below_zero(ax, "Loss (ROI < 0)")
        _mark_percentiles(ax, {"P10": p10, "P50": p50, "P90": p90}, unit)
        _legend_below(ax)
    else:
        _no_data(ax, "ROI values")
    return _finish(fig, ax, title, "ROI (%)", f"Share of {data.size:,} iterations (%)")


def roi_cdf(
    roi: np.ndarray,
    *,
    prob_positive: float | None,
    title: str = "Return on investment (ROI): cumulative probability",
    ax: Axes | None = None,
) -> Figure:
    """Empirical cumulative curve (S-curve) of ROI in %, with ROI = 0 and P(ROI > 0) marked.

    Parameters
    ----------
    roi : array_like, shape (n,)
        ROI of each iteration as a fraction; NaN is dropped.
    prob_positive : float or None
        P(ROI > 0), as in ``summary.json`` (``prob_roi_positive``).
    """
    fig, ax = _axes(ax)
    data = _finite(roi)
    if data.size:
        x, y = _ecdf(data)
        ax.step(x, y, where="post", color=BLUE, linewidth=2)
        _cdf_view(ax, [data], _Unit("percent"), zero=True)
        _shade_below_zero(ax, "Loss (ROI < 0)")
        if _is_number(prob_positive):
            ax.plot([0.0], [1.0 - prob_positive], "o", color=RED, zorder=3)
    else:
        _no_data(ax, "ROI values")
    ax.text(  # lower right lies under every CDF, so the box never hides the curve
        0.98,
        0.05,
        f"P(ROI > 0) {fmt_prob(prob_positive, data.size)}",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=11,
        fontweight="bold",
        bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"},
    )
    _cdf_axes(ax)
    return _finish(fig, ax, title, "ROI (%)", "Probability that ROI ≤ x (%)", grid="both")


def payback_curve(
    months: Sequence[int] | np.ndarray,
    prob_within: Sequence[float] | np.ndarray,
    *,
    horizon: int,
    title: str = "Time to payback",
    ax: Axes | None = None,
) -> Figure:
    """Step curve of P(payback ≤ month), with month 12 and the median payback month marked.

    Parameters
    ----------
    months : array_like of int, shape (m,)
        Months 1..H (increasing).
    prob_within : array_like of float, shape (m,)
        P(payback month ≤ months[i]); NaN entries are dropped.
    horizon : int
        Last month of the model; the x axis ends there.
    """
    fig, ax = _axes(ax)
    m, p = np.asarray(months, dtype=float).ravel(), np.asarray(prob_within, dtype=float).ravel()
    keep = np.isfinite(m) & np.isfinite(p)
    m, p = m[keep], p[keep]
    ax.set_xlim(0, horizon)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_Ticks("percent"))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, steps=[1, 2, 3, 6, 10]))
    if m.size:
        x, y = np.r_[0.0, m], np.r_[0.0, p]
        ax.step(x, y, where="post", color=BLUE, linewidth=2)
        ax.fill_between(x, y, step="post", color=BLUE, alpha=0.12, linewidth=0)
        lines = []
        if horizon >= 12:
            p12 = float(y[np.searchsorted(x, 12, side="right") - 1])
            ax.axvline(12, color=INK, linestyle="--", linewidth=1.2)
            ax.annotate(
                f"P(payback ≤ 12 months) {fmt_prob(p12)}",
                xy=(12, p12),
                xytext=(6, 6),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=9,
                color=INK,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        reached = np.flatnonzero(p >= 0.5)
        if reached.size:
            month = int(m[reached[0]])
            ax.plot([month], [p[reached[0]]], "o", color=RED, zorder=3)
            lines.append(f"Median payback: month {month}")
        else:
            lines.append(f"Median payback: beyond month {horizon}")
        lines.append(f"P(no payback within {horizon} months) {fmt_prob(1.0 - p[-1])}")
        ax.text(
            0.98,
            0.04,
            "\n".join(lines),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "#cccccc"},
        )
    else:
        _no_data(ax, "probabilities")
    return _finish(
        fig, ax, title, "Months after signing", "Probability of payback by then (%)", grid="both"
    )


def breakdown(
    stream_means: Mapping[str, float],
    total_cost_mean: float,
    *,
    currency: str,
    title: str = "Where the benefit comes from: mean over iterations",
    ax: Axes | None = None,
) -> Figure:
    """Horizontal bars of the mean benefit of each stream, their total, and the mean total cost.

    Parameters
    ----------
    stream_means : mapping of str to float
        Mean benefit by stream (``benefit_breakdown_mean`` of ``summary.json``);
        streams with a zero mean are listed in a note instead of drawn.
    total_cost_mean : float
        Mean total cost.
    currency : str
        Currency code for the axis label and the bar values.
    """
    fig, ax = _axes(ax)
    unit = _Unit("money", currency)
    streams = {
        STREAM_LABELS.get(k, k.replace("_", " ").capitalize()): float(v)
        for k, v in stream_means.items()
        if _is_number(v)
    }
    drawn = sorted(((k, v) for k, v in streams.items() if v != 0), key=lambda kv: kv[1])
    labels = ["Total cost", "Total benefit", *(k for k, _ in drawn)]
    values = [float(total_cost_mean), sum(streams.values()), *(v for _, v in drawn)]
    colors = [RED, GREEN, *[GREEN if v >= 0 else RED for _, v in drawn]]
    alphas = [1.0, 1.0] + [0.55] * len(drawn)
    y = np.arange(len(labels), dtype=float)
    y[2:] += 0.5  # a gap between the streams and the two totals
    for yi, value, color, alpha in zip(y, values, colors, alphas, strict=True):
        ax.barh(yi, value, height=0.65, color=color, alpha=alpha)
        right = value >= 0
        ax.annotate(
            unit.text(value),
            xy=(value, yi),
            xytext=(4 if right else -4, 0),
            textcoords="offset points",
            va="center",
            ha="left" if right else "right",
            fontsize=9,
        )
    ax.set_yticks(y, labels)
    ax.axvline(0, color=GREY, linewidth=1)
    finite = [v for v in values if np.isfinite(v)]
    lo, hi = min([0.0, *finite]), max([0.0, *finite])
    if hi > lo:  # room for the value labels beyond the longest bars
        margin = 0.18 * (hi - lo)
        ax.set_xlim(lo - margin * (lo < 0), hi + margin * (hi > 0))
    ax.xaxis.set_major_formatter(_Ticks("money"))
    zero = [k for k, v in streams.items() if v == 0]
    if zero:
        _note(ax, "No benefit modelled: " + ", ".join(zero))
    return _finish(
        fig, ax, title, unit.label("Mean over iterations"), "Benefit stream and cost", grid="x"
    )


# --------------------------------------------------------------------------- sensitivity


def _input_value_text(path: str, value: object) -> str:
    """An input's value for a bar end; a risk event (``risks.<name>``) reads ``no``/``yes``."""
    if path.startswith("risks.") and path.count(".") == 1 and _is_number(value):
        return "yes" if float(value) >= 0.5 else "no"
    return _sig(float(value)) if _is_number(value) else "?"


def tornado(
    rows: pd.DataFrame | Iterable[Mapping[str, object]],
    *,
    base: float,
    metric: str,
    currency: str | None = None,
    title: str = "Tornado: which input moves the result most",
    ax: Axes | None = None,
    max_rows: int = 15,
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
    """
    records = sorted(
        _records(rows), key=lambda r: -abs(float(r["swing"])) if _is_number(r["swing"]) else 0.0
    )
    shown = records[:max_rows]
    fig, ax = _axes(ax, (8.0, max(3.2, 1.6 + 0.42 * len(shown))))
    unit = _Unit.of(metric, currency)
    name = METRIC_NAMES.get(metric, metric)
    ends = (("low", BLUE, "Input at its low value"), ("high", ORANGE, "Input at its high value"))
    labelled = set()
    for yi, row in zip(range(len(shown) - 1, -1, -1), shown, strict=True):
        outs = {end: float(row[f"output_{end}"]) for end, _, _ in ends}
        for end, color, legend in sorted(ends, key=lambda e: -abs(outs[e[0]] - base)):
            out, other = outs[end], outs["high" if end == "low" else "low"]
            if not np.isfinite(out):
                continue
            ax.barh(
                yi,
                out - base,
                left=base,
                height=0.62,
                color=color,
                label=None if legend in labelled else legend,
            )
            labelled.add(legend)
            # a bar of zero length (a risk event's "no" is the base case) is labelled
            # on the side away from its partner
            right = (
                out > base if out != base else (other < base or (other == base and end == "high"))
            )
            ax.annotate(
                _input_value_text(str(row["input"]), row[f"{end}_value"]),
                xy=(out, yi),
                xytext=(4 if right else -4, 0),
                textcoords="offset points",
                va="center",
                ha="left" if right else "right",
                fontsize=8,
            )
    ax.set_yticks(range(len(shown) - 1, -1, -1), [str(r["input"]) for r in shown])
    ax.axvline(base, color=INK, linewidth=1.3, label=f"Base case = {unit.text(base)}")
    values = [v for r in shown for v in (r["output_low"], r["output_high"]) if _is_number(v)]
    _pad_limits(ax, min([base, *values]), max([base, *values]), unit, frac=0.14)
    ax.xaxis.set_major_formatter(_Ticks(unit.kind))
    if not shown:
        _no_data(ax, "tornado rows")
    if len(records) > len(shown):
        _note(ax, f"{len(shown)} largest of {len(records)} inputs")
    _legend_below(ax)
    return _finish(fig, ax, title, unit.label(name), "Uncertain input", grid="x")


def spider(
    table: pd.DataFrame,
    *,
    metric: str,
    base: float | None,
    currency: str | None = None,
    title: str = "Spider: the result as each input moves through its range",
    ax: Axes | None = None,
    max_lines: int = 10,
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
    unit = _Unit.of(metric, currency)
    name = METRIC_NAMES.get(metric, metric)
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
            label=str(column),
        )
    if _is_number(base):
        ax.axhline(
            base, color=INK, linestyle="--", linewidth=1.2, label=f"Base case = {unit.text(base)}"
        )
    if not shown:
        _no_data(ax, "spider values")
    if len(spread) > len(shown):
        _note(ax, f"{len(shown)} most influential of {len(spread)} inputs")
    ax.xaxis.set_major_formatter(_Ticks("percent"))
    ax.yaxis.set_major_formatter(_Ticks(unit.kind))
    _legend(ax, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _finish(fig, ax, title, "Input percentile (%)", unit.label(name), grid="both")


def sobol(
    indices: pd.DataFrame,
    *,
    title: str = "Sobol indices: share of the result's variance due to each input",
    ax: Axes | None = None,
    max_rows: int = 15,
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
        ("S1", 0.2, BLUE, "First order (S1): the input alone"),
        ("ST", -0.2, ORANGE, "Total (ST): with interactions"),
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
    ax.set_yticks(y, [str(i) for i in shown.index])
    ax.axvline(0, color=GREY, linewidth=1)
    ax.set_xlim(min(0.0, ax.get_xlim()[0]), max(1.0, ax.get_xlim()[1]))
    ax.xaxis.set_major_formatter(_Ticks("percent"))
    if not len(shown):
        _no_data(ax, "indices")
    if len(table) > len(shown):
        _note(ax, f"{len(shown)} largest of {len(table)} inputs")
    _legend(ax, loc="lower right")
    return _finish(fig, ax, title, "Share of output variance (%)", "Uncertain input", grid="x")


# --------------------------------------------------------------------------- vendor comparison


def compare_cdf(
    values: Mapping[str, np.ndarray],
    *,
    metric: str,
    currency: str | None = None,
    title: str = "Vendors compared: cumulative probability",
    ax: Axes | None = None,
) -> Figure:
    """Overlaid empirical CDFs of one metric, one per vendor; further right is better.

    Parameters
    ----------
    values : mapping of str to array_like, shape (n,)
        The metric of each iteration for each vendor; NaN is dropped.
    """
    fig, ax = _axes(ax)
    unit = _Unit.of(metric, currency)
    name = METRIC_NAMES.get(metric, metric)
    drawn = []
    for vendor, raw in values.items():
        data = _finite(raw)
        if not data.size:
            continue
        drawn.append(data)
        x, y = _ecdf(data)
        label = str(vendor)
        if metric in BREAKEVEN_METRICS:
            label += f"  (P({name} > 0) {fmt_prob(float(np.mean(data > 0)), data.size)})"
        ax.step(x, y, where="post", linewidth=2, label=label)
    if drawn:
        _cdf_view(ax, drawn, unit, zero=metric in BREAKEVEN_METRICS)
        if metric in BREAKEVEN_METRICS:
            _shade_below_zero(ax, "Loss")
    else:
        _no_data(ax)
    _cdf_axes(ax)
    _legend(ax, loc="lower right")
    return _finish(
        fig, ax, title, unit.label(name), f"Probability that {name} ≤ x (%)", grid="both"
    )


def compare_risk_return(
    points: Sequence[Mapping[str, object]],
    *,
    metric: str,
    currency: str | None = None,
    title: str = "Vendors compared: return against downside",
    ax: Axes | None = None,
) -> Figure:
    """Each vendor as a point: mean of the metric (y) against its P10 (x); up and right is better.

    Parameters
    ----------
    points : sequence of mappings
        ``{"name", "mean", "p10", "prob_loss"}`` per vendor; ``prob_loss`` is
        written beside the point when present.
    """
    fig, ax = _axes(ax)
    unit = _Unit.of(metric, currency)
    name = METRIC_NAMES.get(metric, metric)
    drawn = [p for p in points if _is_number(p.get("mean")) and _is_number(p.get("p10"))]
    for point in drawn:
        ax.scatter([point["p10"]], [point["mean"]], s=70, zorder=3)
        label = str(point["name"])
        if _is_number(point.get("prob_loss")):
            label += f"\nP(loss) {fmt_prob(float(point['prob_loss']))}"
        ax.annotate(
            label,
            xy=(point["p10"], point["mean"]),
            xytext=(7, 5),
            textcoords="offset points",
            fontsize=9,
            va="bottom",
        )
    if drawn:
        ax.margins(0.25)
        ax.xaxis.set_major_formatter(_Ticks(unit.kind))
        ax.yaxis.set_major_formatter(_Ticks(unit.kind))
        ax.text(
            0.98,
            0.02,
            "Better: up and to the right",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=8,
            color=GREY,
        )
    else:
        _no_data(ax, "vendor points")
    return _finish(
        fig,
        ax,
        title,
        unit.label(f"Downside: P10 of {name}"),
        unit.label(f"Mean {name}"),
        grid="both",
    )


def paired_difference(
    diff: np.ndarray,
    *,
    a: str,
    b: str,
    metric: str,
    currency: str | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Histogram of metric(a) − metric(b) over paired iterations, with 0 and P10/P50/P90 marked.

    Parameters
    ----------
    diff : array_like, shape (n,)
        The difference in each iteration (same random numbers for both); NaN is dropped.
    a, b : str
        Vendor names; bars where ``a`` does better are blue, where ``b`` does, orange.
    title : str, optional
        Defaults to the metric, the two names and P(a > b).
    """
    fig, ax = _axes(ax)
    data = _finite(diff)
    unit = _Unit.of(metric, currency)
    name = METRIC_NAMES.get(metric, metric)
    p_better = fmt_prob(float(np.mean(data > 0)) if data.size else None, data.size)
    if data.size:
        _histogram(ax, data, unit, below=ORANGE, above=BLUE)
        lo, hi = ax.get_xlim()
        if lo < 0 < hi:
            ax.axvline(0, color=RED, linewidth=1.4, label="No difference")
        p10, p50, p90 = np.percentile(data, [10, 50, 90])
        _mark_percentiles(ax, {"P10": p10, "P50": p50, "P90": p90}, unit)
        ax.plot([], [], " ", label=f"P({a} > {b}) {p_better}")
        _legend_below(ax)
    else:
        _no_data(ax, "differences")
    title = title or f"{name}: {a} minus {b}  (P({a} better) {p_better})"
    return _finish(
        fig,
        ax,
        title,
        unit.label(f"{name} of {a} − {name} of {b}"),
        f"Share of {data.size:,} paired iterations (%)",
    )
