"""The vocabulary of results: every per-iteration result, its unit and what it may be used for.

One owner for the names that the model computes, summary.json describes, the commands
accept as ``--metric`` and the charts write on their axes. Dependency-free (no numpy),
so the command line and the plots read it without loading the engine.
"""

from __future__ import annotations

__all__ = [
    "DECISION_METRICS",
    "RESULTS",
    "SENSITIVITY_METRICS",
    "SUMMARISED",
    "UNITS",
    "of_unit",
]

#: Every result of the cash-flow model, in the order of its output and of the samples'
#: columns; each with its unit: ``percent`` (a fraction, 0.25 = 25 %), ``money`` (the
#: scenario's currency) or ``months``.
UNITS = {
    "roi": "percent",
    "discounted_roi": "percent",
    "npv": "money",
    "total_benefit": "money",
    "total_cost": "money",
    "irr": "percent",
    "payback_month": "months",
    "payback_months_exact": "months",
    "discounted_payback_month": "months",
    "pv_benefit": "money",
    "pv_cost": "money",
}
RESULTS = tuple(UNITS)

#: The results summary.json describes under ``metrics`` (mean, sd, percentiles), in its
#: order. Payback months are summarised as probabilities instead (``payback``).
SUMMARISED = (
    "roi",
    "discounted_roi",
    "npv",
    "total_benefit",
    "total_cost",
    "irr",
    "pv_benefit",
    "pv_cost",
    "payback_months_exact",
)

#: The results a decision is made on (``--metric`` of compare, breakeven, stress, voi):
#: 0 is their loss line.
DECISION_METRICS = ("npv", "roi", "discounted_roi")

#: The results sensitivity explains: the decision metrics and the payback month.
SENSITIVITY_METRICS = (*DECISION_METRICS, "payback_month")


def of_unit(unit: str) -> frozenset[str]:
    """The results measured in `unit` (``percent``, ``money`` or ``months``)."""
    return frozenset(name for name, u in UNITS.items() if u == unit)
