"""Models and a scenario with known answers, shared by the sensitivity tests.

``linear`` and ``LINEAR_INPUTS`` give analytic swings and Sobol indices; ``TINY``
is a scenario small enough to compute by hand (``tiny_npv``, ``tiny_roi``).
"""

# A scenario small enough to compute by hand: discount rate 0, a flat (unramped)
# benefit M per month for 12 months, a one-time cost C0 and 500 a month.
# npv = roi-numerator = -C0 + 12 (M - 500); total cost C = C0 + 6000.
TINY = {
    "scenario": {"name": "tiny", "horizon_months": 12, "discount_rate": 0.0},
    "simulation": {"iterations": 2000, "seed": 3},
    "custom_benefits": [
        {
            "name": "gain",
            "monthly": {"dist": "uniform", "low": 1000, "high": 3000},
            "ramped": False,
        }
    ],
    "costs": {
        "one_time": {"setup": {"dist": "uniform", "low": 2000, "high": 6000}},
        "monthly": {"admin": 500},
    },
    "risks": [{"name": "overrun", "probability": 0.2, "extra_one_time_cost": 4000}],
}


def tiny_npv(m: float, c0: float) -> float:
    return -c0 + 12 * (m - 500)


def tiny_roi(m: float, c0: float) -> float:
    cost = c0 + 12 * 500
    return (12 * m - cost) / cost


def linear(x):
    return 2 * x["a"] + 3 * x["b"]


LINEAR_INPUTS = {
    "a": {"dist": "uniform", "low": 0, "high": 1},
    "b": {"dist": "uniform", "low": 0, "high": 2},
    "k": 7.0,  # a constant: passed to f, never analysed
}
