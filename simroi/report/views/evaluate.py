"""simroi evaluate: the realised lifts and ROI since go-live, against the forecast."""

from __future__ import annotations

from rich.table import Table

from simroi.report.terminal import make_table
from simroi.report.text.numbers import estimate, prob_to_error

__all__ = ["table"]


def _pct(x: float, se: float | None = None) -> str:
    return estimate(x, se, "percent")


def table(result: dict) -> Table:
    """Realised lifts with 95 % intervals, then ROI to date, projected, and the forecast."""
    t = make_table(
        f"Realised since go-live {result['go_live']} ({result['months_observed']} months)",
        "", "value", "95 % interval",
    )  # fmt: skip
    for name, e in result["lifts"].items():
        lo, hi = e["ci95"]
        t.add_row(name, _pct(e["value"], e["se"]), f"{_pct(lo, e['se'])} .. {_pct(hi, e['se'])}")
    for key, label in (("roi_to_date", "ROI to date (median)"),
                       ("forecast_roi_to_date", "forecast ROI to date (median)"),
                       ("roi_projected", "ROI projected to horizon (median)")):  # fmt: skip
        r = result[key]
        se = (r["ci95"][1] - r["ci95"][0]) / 40  # a tenth of the interval's sd: display only
        t.add_row(label, _pct(r["median"], se),
                  f"{_pct(r['ci95'][0], se)} .. {_pct(r['ci95'][1], se)}")  # fmt: skip
    n = result["iterations"]
    t.add_row(
        "percentile in forecast",
        prob_to_error(result["percentile_in_forecast"], result["percentile_se"], n),
        "",
    )
    return t
