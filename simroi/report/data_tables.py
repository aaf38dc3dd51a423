"""Terminal tables of the data commands: baseline, fit, evaluate, scorecard.

Each takes the JSON-able dict its library function's result gives (``to_dict()``)
and returns a rich Table; estimates are rounded to their bootstrap standard error.
"""

from __future__ import annotations

from rich.table import Table

from simroi.report.formatting import MISSING, number_to_error, percent_to_error, prob_to_error, sig

__all__ = [
    "bands_table", "baseline_table", "evaluate_table", "fit_table", "mean_fit_table",
    "scorecard_table",
]  # fmt: skip

_LABELS = {
    "leads_per_month": "leads per month",
    "conversion_rate": "conversion rate",
    "avg_deal_value": "average deal value",
    "cycle_days": "sales cycle (days)",
    "monthly_churn": "monthly churn",
    "monthly_revenue": "monthly revenue per customer",
    "clv": "CLV",
    "cac": "CAC",
    "crr": "CRR (last 12 months)",
}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    for i, c in enumerate(columns):
        table.add_column(c, justify="left" if i == 0 else "right")
    return table


def _value(x: float | None, se: float | None, unit: str) -> str:
    if x is None:
        return MISSING
    if unit.startswith("fraction"):
        return percent_to_error(x, None if se is None else se / 10)
    return number_to_error(x, None if se is None else se / 10)


def baseline_table(result: dict) -> Table:
    """Each measured KPI: value, 95 % interval, records it rests on (methods: the fragment)."""
    lo, hi = result["period"]
    t = _table(f"Baseline measured {lo} .. {hi}", "KPI", "value", "95 % interval", "n")
    for key, e in result["estimates"].items():
        se, unit = e["se"], e["unit"]
        a, b = e["ci95"]
        interval = MISSING if a is None else f"{_value(a, se, unit)} .. {_value(b, se, unit)}"
        label = result.get("measures", {}).get(key) or _LABELS.get(key, key)
        t.add_row(label, _value(e["value"], se, unit), interval, f"{e['n']:,}")
    return t


def fit_table(result: dict, what: str) -> Table:
    """The fitted families by AIC: parameters, ΔAIC, KS distance, Anderson-Darling A²."""
    t = _table(f"Fits to {what} (n = {result['n']:,}), by AIC", "family", "k", "ΔAIC", "KS", "AD")
    for c in result["candidates"]:
        mark = " ◀" if c["family"] == result["label"] else ""
        t.add_row(
            c["family"] + mark, str(c["k"]), f"{c['delta_aic']:.1f}", f"{c['ks']:.3f}",
            f"{c['ad']:.2f}",
        )  # fmt: skip
    if result.get("left_out"):
        t.caption = "left out: " + "; ".join(result["left_out"])
    return t


def mean_fit_table(result: dict, what: str) -> Table:
    """The distribution of a mean: the bootstrap's, and the families that summarise it."""
    n, se = result["n"], result["se"]
    t = _table(
        f"Distribution of the mean of {what} (n = {n:,}; {result['replicates']:,} bootstrap "
        "replicates)",
        "family", "mean", "sd", "95 % interval", "KS",
    )  # fmt: skip
    lo, hi = result["ci95"]
    t.add_row("bootstrap", number_to_error(result["mean"], se / 10), sig(se),
              f"{number_to_error(lo, se / 10)} .. {number_to_error(hi, se / 10)}", "")  # fmt: skip
    for c in result["candidates"]:
        mark = " ◀" if c["family"] == result["family"] else ""
        spec, (a, b) = c["spec"], c["ci95"]
        t.add_row(c["family"] + mark, number_to_error(spec["mean"], se / 10), sig(spec["sd"]),
                  f"{number_to_error(a, se / 10)} .. {number_to_error(b, se / 10)}",
                  f"{c['ks']:.3f}")  # fmt: skip
    return t


def scorecard_table(card: dict) -> Table:
    """Score, band in both languages, and each component's score and share of the weight."""
    b = card["band"]
    t = _table(
        f"Scorecard: {card['score']} / 100 — {b['zh']} ({b['en']})",
        "component", "measured", "score", "weight",
    )  # fmt: skip
    for c in card["components"]:
        if c["kind"] == "result":
            measured = f"{sig(c['actual'])} of target {sig(c['target'])}"
        else:
            measured = f"rated {sig(c['rating'])} of 5"
        t.add_row(c["name"], measured, f"{c['score']:.0f}", f"{100 * c['weight']:.0f} %")
    if card["left_out"]:
        t.caption = "left out (no data): " + ", ".join(card["left_out"])
    return t


def bands_table(forecast: dict) -> Table:
    """Before go-live: the probability of each band under the simulation."""
    n = forecast["iterations"]
    t = _table(
        f"{forecast['scenario']}: the scorecard forecast — {n:,} iterations",
        "band", "score", "probability",
    )  # fmt: skip
    for b in forecast["bands"]:
        t.add_row(f"{b['zh']} ({b['en']})", f"{b['min']}–{b['max']}",
                  prob_to_error(b["prob"], b["se"], n))  # fmt: skip
    targets = ", ".join(f"{k} {sig(v)}" for k, v in forecast["targets"].items())
    t.caption = f"targets: {targets}" + (
        "; left out: " + ", ".join(forecast["left_out"]) if forecast["left_out"] else ""
    )
    return t


def _pct(x: float, se: float | None = None) -> str:
    return percent_to_error(x, None if se is None else se / 10)


def evaluate_table(result: dict) -> Table:
    """Realised lifts with 95 % intervals, then ROI to date, projected, and the forecast."""
    t = _table(
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
