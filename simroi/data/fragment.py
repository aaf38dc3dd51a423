"""A measured baseline as a scenario fragment: YAML with comments citing the data.

Each scenario key measured (``baseline.leads_per_month`` ...) becomes a
constant when its 95 % interval is narrow (half-width under
:data:`NARROW` of the value), else a normal distribution with the bootstrap's
mean and standard deviation, truncated to the key's range. What is not a
scenario key (cycle, CLV, CAC, CRR) is written as comments.
"""

from __future__ import annotations

import math

from simroi.data.baseline import Baseline
from simroi.data.bootstrap import Estimate

__all__ = ["NARROW", "fragment_yaml", "scenario_values", "summary"]

NARROW = 0.01
# scenario key -> (estimate key, bounds of the key's range)
_KEYS = {
    "leads_per_month": ("leads_per_month", (0.0, None)),
    "conversion_rate": ("conversion_rate", (0.0, 1.0)),
    "avg_deal_value": ("avg_deal_value", (0.0, None)),
    "monthly_churn": ("monthly_churn", (0.0, 1.0)),
}
_NOT_KEYS = {
    "cycle_days": "sales cycle (days)",
    "monthly_revenue": "monthly revenue per customer",
    "clv": "customer lifetime value CLV",
    "cac": "customer acquisition cost CAC",
    "crr": "customer retention rate CRR (last 12 months)",
}


def _num(x: float, se: float | None = None) -> str:
    """``x`` to two significant digits of its standard error ``se`` (else 4-6 digits)."""
    if se is not None and math.isfinite(se) and se > 0:
        step = 10.0 ** (math.floor(math.log10(se)) - 1)
        decimals = max(0, -int(math.floor(math.log10(step))))
        return f"{round(x / step) * step:.{decimals}f}"
    return f"{x:.4g}" if abs(x) < 1 else f"{x:.6g}"


def _spec(e: Estimate, bounds: tuple[float, float | None]) -> float | dict:
    if not (e.se > 0) or (e.high - e.low) / 2 <= NARROW * abs(e.value):
        return float(f"{e.value:.6g}")
    spec: dict = {"dist": "normal", "mean": float(_num(e.value, e.se)), "sd": float(f"{e.se:.2g}")}
    lo, hi = bounds
    spec["min"] = lo
    if hi is not None:
        spec["max"] = hi
    return spec


def scenario_values(b: Baseline) -> dict[str, float | dict]:
    """The ``baseline:`` keys measured, as constants or distribution specs."""
    out: dict[str, float | dict] = {}
    for key, (name, bounds) in _KEYS.items():
        if name in b.estimates:
            out[key] = _spec(b.estimates[name], bounds)
    if "customers_active" in b.counts:
        out["customers"] = float(b.counts["customers_active"])
    if "gross_margin" in b.given:
        out["gross_margin"] = b.given["gross_margin"]
        if "monthly_revenue" in b.estimates:
            e = b.estimates["monthly_revenue"]
            g = b.given["gross_margin"]
            scaled = Estimate(e.value * g, e.low * g, e.high * g, e.se * g, e.n, e.method)
            out["customer_monthly_margin"] = _spec(scaled, (0.0, None))
    return out


def _flow(v: float | dict) -> str:
    if isinstance(v, dict):
        inner = ", ".join(f"{k}: {v[k] if k == 'dist' else _num(v[k])}" for k in v)
        return "{" + inner + "}"
    return _num(v)


def _ci(e: Estimate) -> str:
    v, lo, hi = (_num(x, e.se) for x in (e.value, e.low, e.high))
    return f"{v}, 95 % CI {lo} .. {hi}, n = {e.n:,}"


def summary(b: Baseline) -> list[str]:
    """What was measured, in words: the rows counted, and what the two deal keys mean."""
    c, words = b.counts, b.measures
    undated = c.get("undated", 0)
    out = [
        f"rows: {c['deals']:,} {words['rows']} ({c['won']:,} {words['won']}, {c['lost']:,} "
        f"{words['lost']}, {c['open']:,} open"
        + (f"; {undated:,} without a creation date" if undated else "")
        + ")"
        + (f"; {c['customers_active']:,} active customers" if "customers_active" in c else "")
    ]
    if b.kind == "opportunities":
        out.append(
            "measured: leads_per_month counts opportunities created and conversion_rate is "
            "their win rate, won / (won + lost), not the conversion of leads; the model uses "
            "their product, deals won per month"
        )
    else:
        out.append(
            "measured: leads_per_month counts leads created and conversion_rate is the share "
            "of decided leads that converted"
        )
    return out


def fragment_yaml(b: Baseline) -> str:
    """The ``baseline:`` section (YAML) with comments: period, counts, method, intervals."""
    head = [
        f"# Measured by simroi baseline from {', '.join(b.sources)}",
        *(f"# read {r}" for r in b.read),
        f"# period {b.period[0]} .. {b.period[1]}",
        *(f"# {line}" for line in summary(b)),
        f"# intervals: 95 % percentile bootstrap, {b.replicates:,} replicates, seed {b.seed}"
        " (monthly churn: exact Poisson given the customer-months);",
        f"# a key is a normal(mean, sd = bootstrap se) where its interval is wider than "
        f"+-{100 * NARROW:g} %",
    ]
    head += [f"# note: {n}" for n in b.notes]
    body = ["baseline:"]
    values = scenario_values(b)
    for key, v in values.items():
        name = _KEYS.get(key, (None,))[0]
        e = b.estimates.get(name) if name else None
        if e is not None:
            body.append(f"  # {e.method}; {_ci(e)}")
        elif key == "customers":
            body.append(f"  # customers active on {b.period[1]} (a count, no interval)")
        elif key == "gross_margin":
            body.append("  # given on the command line, not measured")
        elif key == "customer_monthly_margin":
            body.append("  # mean monthly revenue x the given gross margin")
        body.append(f"  {key}: {_flow(v)}")
    tail = [
        f"  # {label}: {_ci(b.estimates[k])} ({b.estimates[k].method})"
        for k, label in _NOT_KEYS.items()
        if k in b.estimates
    ]
    if tail:
        body += ["  # not scenario keys, for judging the drivers:", *tail]
    return "\n".join(head + body) + "\n"
