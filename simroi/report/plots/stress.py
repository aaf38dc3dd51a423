"""Chart of ``simroi stress``: the metric's P10-P90 range in every stress case."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from simroi.report.plots._style import (
    BLUE,
    GREY,
    INK,
    _axes,
    _finish,
    _legend_below,
    _note,
    literal,
)
from simroi.report.plots._values import _metric_axis, _Ticks
from simroi.report.text.i18n import text
from simroi.report.text.numbers import compact_prob

__all__ = ["stress_ranges"]


@literal
def stress_ranges(
    result: Mapping,
    *,
    title: str = "Stress",
    ax: Axes | None = None,
    max_rows: int = 10,
    lang: str = "en",
) -> Figure:
    """P10-P90 bars with the P50 of each case, the unrestricted run shaded behind them.

    ``result`` is the content of ``stress.json`` (:func:`simroi.stress`); the
    ``max_rows`` cases with the largest effect (:func:`simroi.report.text.decisions.ranked_cases`)
    are drawn, ordered by their P50, named in ``lang`` and labelled with P(ROI > 0).
    """
    from simroi.report.text.decisions import case_label, ranked_cases

    unit, name = _metric_axis(result["metric"], result.get("currency"), lang)
    cases = result["cases"]
    shown = sorted(ranked_cases(result)[:max_rows], key=lambda c: c["p50"])
    n = result.get("iterations")
    fig, ax = _axes(ax, (8.0, max(3.2, 1.8 + 0.36 * len(shown))))
    base = result["baseline"]
    ax.axvspan(
        base["p10"], base["p90"], color=GREY, alpha=0.18, linewidth=0,
        label=text("stress_png_all", lang),
    )  # fmt: skip
    ax.axvline(base["p50"], color=INK, linewidth=1.0, label=text("stress_png_all_p50", lang))
    prob = result["prob_of"].upper()
    for yi, c in zip(range(len(shown) - 1, -1, -1), shown, strict=True):
        ax.plot(
            [c["p10"], c["p90"]],
            [yi, yi],
            color=BLUE,
            linewidth=5,
            solid_capstyle="butt",
            label=text("stress_png_case", lang) if yi == len(shown) - 1 else None,
        )
        ax.plot([c["p50"]], [yi], "|", color="white", markersize=9, markeredgewidth=2)
        ax.annotate(
            f"P({prob} > 0) {compact_prob(c['prob_positive'], n).removeprefix('= ')}",
            xy=(c["p90"], yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.set_yticks(
        range(len(shown) - 1, -1, -1),
        [_short(case_label(c, lang, result.get("labels"))) for c in shown],
    )
    ax.tick_params(axis="y", labelsize=7)
    lo = min(base["p10"], *(c["p10"] for c in shown))
    hi = max(base["p90"], *(c["p90"] for c in shown))
    ax.set_xlim(lo - 0.05 * (hi - lo), hi + 0.25 * (hi - lo))
    ax.xaxis.set_major_formatter(_Ticks(unit.kind, lang))
    if len(cases) > len(shown):
        _note(ax, text("stress_png_note", lang, k=len(shown), n=len(cases)))
    _legend_below(ax)
    return _finish(fig, ax, title, unit.label(name), "", grid="x")


def _short(label: str, width: int = 48) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
