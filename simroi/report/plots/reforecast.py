"""After go-live: the cumulative cash-flow fan before and after the months seen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simroi.report.plots._style import BLUE, GREY, INK, _axes, _finish, _no_data, _note, literal
from simroi.report.plots._values import _Ticks, _Unit
from simroi.report.text.i18n import text

__all__ = ["reforecast_fan"]


def _band(fan: Mapping[str, Sequence[float]]) -> tuple[np.ndarray, ...]:
    """months, P10, P50, P90 of a ``cash_flow`` of summary.json, finite rows only."""
    m, lo, mid, hi = (np.asarray(fan[k], dtype=float) for k in ("months", "p10", "p50", "p90"))
    keep = np.isfinite(m) & np.isfinite(lo) & np.isfinite(mid) & np.isfinite(hi)
    return m[keep], lo[keep], mid[keep], hi[keep]


@literal
def reforecast_fan(
    prior: Mapping[str, Sequence[float]],
    posterior: Mapping[str, Sequence[float]],
    seen_share: Sequence[float],
    *,
    currency: str,
    months_observed: int,
    title: str | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Figure:
    """The forecast's and the re-forecast's cumulative net cash by month, the months seen shaded.

    Parameters
    ----------
    prior, posterior : mapping
        ``cash_flow`` of the ``prior`` and ``posterior`` of reforecast.json (months 0..H,
        p10, p50, p90): the forecast before go-live and the one the months seen give
        (those months at their actual costs, the rest from the posterior).
    seen_share : array_like, shape (H + 1,)
        ``seen.share``: for each month, the share of iterations in which it is seen.
        Months seen in at least half of them are shaded (go-live may slip, so the
        months seen may differ between iterations).
    months_observed : int
        Months live in the data, for the note.
    """
    fig, ax = _axes(ax)
    title = text("chart_reforecast_fan", lang) if title is None else title
    pm, plo, pmid, phi = _band(prior)
    m, lo, mid, hi = _band(posterior)
    xlabel, ylabel = text("axis_months", lang), _Unit("money", currency, lang).label(
        text("axis_cash", lang)
    )
    if not m.size:
        _no_data(ax, "cash flows")
        return _finish(fig, ax, title, xlabel, ylabel)
    share = np.asarray(seen_share, dtype=float)
    seen = np.flatnonzero(np.isfinite(share) & (share >= 0.5))
    if seen.size:
        seen_label = text("reforecast_seen", lang)
        ax.axvspan(0, float(seen[-1]), color=GREY, alpha=0.12, linewidth=0, label=seen_label)
    prior_band = text("reforecast_prior_band", lang)
    ax.fill_between(
        pm, plo, phi, facecolor="none", edgecolor=(0.5, 0.5, 0.5, 0.45), hatch="//", linewidth=0,
        label=prior_band,
    )
    prior_p50 = text("reforecast_prior_p50", lang)
    ax.plot(pm, pmid, color=GREY, linewidth=1.5, linestyle="--", label=prior_p50)
    post_band = text("reforecast_post_band", lang)
    ax.fill_between(m, lo, hi, color=BLUE, alpha=0.22, linewidth=0, label=post_band)
    ax.plot(m, mid, color=BLUE, linewidth=2, label=text("reforecast_post_p50", lang))
    ax.axhline(0, color=INK, linewidth=0.8)
    both_lo, both_hi = min(np.min(lo), np.min(plo)), max(np.max(hi), np.max(phi))
    span = float(both_hi - both_lo) or 1.0
    ax.set_ylim(min(0.0, float(both_lo)) - 0.05 * span, max(0.0, float(both_hi)) + 0.1 * span)
    ax.set_xlim(float(min(m[0], pm[0])), float(max(m[-1], pm[-1])))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True, steps=[1, 2, 3, 6, 10]))
    ax.yaxis.set_major_formatter(_Ticks("money", lang))
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    _note(ax, text("reforecast_fan_note", lang, n=months_observed), color=INK, fontsize=9)
    return _finish(fig, ax, title, xlabel, ylabel, grid="both")
