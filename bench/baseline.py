"""A plain, hand-vectorised numpy implementation of docs/model.md for the benchmark scenario.

This is the yardstick simroi is timed against: the same formulas written
directly for one fixed scenario (bench/scenario.yaml), chunked over iterations,
with numpy's own generators (``Generator.beta`` etc.), Iman-Conover reordering
within each chunk for the two correlations, and a vectorised Newton IRR. It writes nothing; it only
computes the per-iteration results and their summary numbers.
"""

from __future__ import annotations

import numpy as np

H, RATE = 36, 0.10
L, CONV, DEAL, MARGIN = 400, 0.20, 5000, 0.60
K, CHURN, CUST_MARGIN, REPS, WAGE = 1200, 0.02, 150, 10, 45


def pert(rng, lo, mode, hi, size):
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * rng.beta(a, b, size)


def reorder(rng, x, y, rho_s):
    """Give x and y rank correlation rho_s by reordering them (Iman-Conover, normal scores)."""
    rho = 2 * np.sin(np.pi * rho_s / 6)
    z1 = rng.standard_normal(x.size)
    z2 = rho * z1 + np.sqrt(1 - rho * rho) * rng.standard_normal(x.size)
    return np.sort(x)[np.argsort(np.argsort(z1))], np.sort(y)[np.argsort(np.argsort(z2))]


def draw(rng, n):
    conv, cycle = reorder(rng, pert(rng, 0.10, 0.18, 0.30, n), pert(rng, 0.20, 0.28, 0.40, n), 0.5)
    churn, ceiling = reorder(rng, pert(rng, 0.10, 0.14, 0.20, n), pert(rng, 0.7, 0.9, 1.0, n), 0.4)
    lo, hi = np.log(1), np.log(5)
    mu, sigma = (lo + hi) / 2, (hi - lo) / (2 * 1.6448536269514722)
    return {
        "conversion_lift": conv,
        "cycle_shortening": cycle,
        "churn_reduction": churn,
        "ceiling": ceiling,
        "hours": np.exp(rng.normal(mu, sigma, n)),
        "ramp": rng.uniform(3, 9, n),
        "implementation": rng.triangular(40_000, 60_000, 100_000, n),
        "price": rng.uniform(60, 90, n),
        "report_saving": pert(rng, 500, 1000, 2000, n),
        "stall": rng.random(n) < 0.10,
        "overrun": rng.random(n) < 0.20,
        "overrun_cost": rng.uniform(10_000, 40_000, n),
    }


def irr(cf, steps=60):
    """Vectorised Newton on v = 1 / (1 + i) with Horner evaluation; NaN where it fails.

    Starts from the rate that equates the total inflow to the outlay spread over
    the horizon, and stops once every row's step is below 1e-10 (relative).
    """
    h = cf.shape[1] - 1
    coef = np.ascontiguousarray(cf[:, ::-1].T)  # highest power (month H) first
    ok = (cf > 0).any(axis=1) & (cf < 0).any(axis=1)
    total_in = np.where(cf[:, 1:] > 0, cf[:, 1:], 0).sum(axis=1)
    v = np.clip((-cf[:, 0] / np.maximum(total_in, 1e-300)) ** (1 / max(h / 2, 1)), 1e-6, 0.999999)
    active = np.flatnonzero(ok)
    for _ in range(steps):
        if active.size == 0:
            break
        c, x = coef[:, active], v[active]
        p, dp = c[0].copy(), np.zeros(active.size)
        for row in c[1:]:
            dp = dp * x + p
            p = p * x + row
        new = np.clip(x - p / dp, 1e-12, None)
        v[active] = new
        active = active[np.abs(new - x) > 1e-10 * np.abs(x)]
    return np.where(ok, (1 / v) ** 12 - 1, np.nan)


def model(x):
    n = x["ramp"].size
    m = np.where(x["stall"], 0.5, 1.0)
    delay = 2 + 2.0 * x["overrun"]
    c0 = x["implementation"] + 5_000 + 8_000 + x["overrun_cost"] * x["overrun"]
    sales = L * CONV * DEAL * MARGIN
    per_a = (
        sales * x["conversion_lift"]
        + sales * 0.25 * (1 / (1 - x["cycle_shortening"]) - 1)
        + REPS * x["hours"] * 52 / 12 * WAGE * 0.5
        + x["report_saving"]
    )
    churn_in = K * CHURN * x["churn_reduction"]
    d = (1 + RATE) ** (-np.arange(H + 1) / 12)
    cf = np.empty((n, H + 1))
    cf[:, 0] = -c0
    retained = np.zeros(n)
    a_prev = np.zeros(n)
    B = np.zeros(n)
    C = c0.copy()
    for t in range(1, H + 1):
        a = x["ceiling"] * np.clip((t - delay) / x["ramp"], 0, 1)
        retained = retained * (1 - CHURN) + a * churn_in
        benefit = m * (a * per_a + retained * CUST_MARGIN)
        cost = (
            25 * x["price"] * 1.05 ** ((t - 1) // 12)
            + 1500
            + REPS * 20 * WAGE * (a - a_prev) / x["ceiling"]
        )
        a_prev = a
        B += benefit
        C += cost
        cf[:, t] = benefit - cost
    cum = np.cumsum(cf, axis=1)
    reached = cum[:, 1:] >= 0
    payback = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1.0, np.nan)
    return {"roi": (B - C) / C, "npv": cf @ d, "irr": irr(cf), "payback_month": payback}


def run(n, seed=1, chunk=65536):
    """Simulate n iterations; returns the roi and npv arrays (kept, as simroi keeps results)."""
    rng = np.random.default_rng(seed)
    roi, npv = np.empty(n), np.empty(n)
    for a in range(0, n, chunk):
        b = min(a + chunk, n)
        out = model(draw(rng, b - a))
        roi[a:b], npv[a:b] = out["roi"], out["npv"]
    return {
        "prob_roi_positive": float(np.mean(roi > 0)),
        "roi_p50": float(np.median(roi)),
        "npv_mean": float(npv.mean()),
    }
