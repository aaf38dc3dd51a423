"""What simroi reforecast shows: the forecast beside the re-forecast, and what was learned."""

from __future__ import annotations

from rich.table import Table

from simroi.report.text.numbers import money_to_error, percent_to_error, prob_to_error, sig
from simroi.report.text.safe import printable

__all__ = ["figures", "reading", "table"]


def table(result: dict) -> Table:
    """The forecast and the re-forecast side by side: probabilities, NPV, ROI, payback;
    below them each informed input's prior and posterior (mean, 90 % interval)."""
    from rich.console import Group

    tables = [_outcomes(result)]
    if result["inputs"]:
        tables.append(_inputs(result))
    return Group(*tables)


def reading(result: dict) -> list[str]:
    """The sentence a CFO can repeat, and the inputs the data could not inform."""
    lines = [result["sentence"]]
    if result["kept_prior"]:
        lines.append(
            "Not informed by the data, kept at their prior: " + ", ".join(result["kept_prior"])
        )
    return [printable(line) for line in lines]


def figures(result: dict, *, lang: str = "en") -> dict:
    """``reforecast_fan.png``: the forecast's and the re-forecast's cumulative cash flow,
    the months seen shaded (matplotlib only when drawn)."""
    from simroi.report.plots.reforecast import reforecast_fan
    from simroi.runs.layout import Chart

    prior, posterior = result["prior"], result["posterior"]
    if not (prior.get("cash_flow") and posterior.get("cash_flow")):
        return {}
    return {
        Chart.reforecast_fan: reforecast_fan(
            prior["cash_flow"],
            posterior["cash_flow"],
            (result.get("seen") or {}).get("share") or (),
            currency=posterior["currency"],
            months_observed=result["months_observed"],
            lang=lang,
        )
    }


def _outcomes(result: dict) -> Table:
    a, b = result["prior"], result["posterior"]
    n = result["iterations"]
    t = Table(
        title=f"{a['scenario']}: after {result['months_observed']} months live "
        f"(go-live {result['go_live']})",
        title_justify="left",
        show_edge=False,
    )
    for i, name in enumerate(("", "forecast", "re-forecast")):
        t.add_column(name, justify="left" if i == 0 else "right")
    t.add_row(
        "P(ROI > 0)",
        *(prob_to_error(s["prob_roi_positive"], s["prob_roi_positive_se"], n) for s in (a, b)),
    )
    t.add_row(
        "P(loss: NPV <= 0)",
        *(prob_to_error(1 - s["prob_npv_positive"], s["prob_npv_positive_se"], n) for s in (a, b)),
    )
    cur = a["currency"]
    for key in ("p10", "p50", "p90"):
        npv = [s["metrics"]["npv"] for s in (a, b)]
        t.add_row(
            f"NPV {key.upper()} ({cur})", *(money_to_error(m[key], m["se_mean"]) for m in npv)
        )
    for key in ("p10", "p50", "p90"):
        roi = [s["metrics"]["roi"] for s in (a, b)]
        t.add_row(f"ROI {key.upper()}", *(percent_to_error(m[key], m["se_mean"]) for m in roi))
    for m, p in a["payback"]["prob_within_months"].items():
        q = b["payback"]["prob_within_months"][m]
        t.add_row(
            f"P(payback <= {m} months)",
            *(prob_to_error(v, (v * (1 - v) / n) ** 0.5, n) for v in (p, q)),
        )
    return t


def _inputs(result: dict) -> Table:
    t = Table(
        title="What the months seen say about the inputs (mean, 90 % interval)",
        title_justify="left",
        show_edge=False,
    )
    for i, name in enumerate(("", "prior", "posterior")):
        t.add_column(name, justify="left" if i == 0 else "right")
    for path, d in result["inputs"].items():
        cells = [
            f"{sig(s['mean'])} ({sig(s['p5'])} .. {sig(s['p95'])})"
            for s in (d["prior"], d["posterior"])
        ]
        t.add_row(path if d["informed_by"] == "data" else f"{path} *", *cells)
    if any(d["informed_by"] != "data" for d in result["inputs"].values()):
        t.caption, t.caption_justify = "* through its correlation with an informed input", "left"
    return t
