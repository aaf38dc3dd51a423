"""A plain, hand-vectorised numpy implementation of SPEC §1 for the benchmark scenario.

This is the yardstick simroi is timed against: the same formulas written
directly for one fixed scenario (bench/scenario.yaml), chunked over iterations,
with numpy's own generators (``Generator.beta`` etc.) and a Gaussian copula for
the two correlations, and a vectorised Newton IRR. It writes nothing; it only
computes the per-iteration results and their summary numbers.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

H, RATE = 36, 0.10
L, CONV, DEAL, MARGIN = 400, 0.20, 5000, 0.60
K, CHURN, CUST_MARGIN, REPS, WAGE = 1200, 0.02, 150, 10, 45


def pert(rng, lo, mode, hi, size):
    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * rng.beta(a, b, size)


def pert_ppf(u, lo, mode, hi):
    from scipy.special import betaincinv

    a = 1 + 4 * (mode - lo) / (hi - lo)
    b = 1 + 4 * (hi - mode) / (hi - lo)
    return lo + (hi - lo) * betaincinv(a, b, u)


def correlated_uniforms(rng, size, rho_s):
    rho = 2 * np.sin(np.pi * rho_s / 6)
    z1, z2 = rng.standard_normal(size), rng.standard_normal(size)
    return ndtr(z1), ndtr(rho * z1 + np.sqrt(1 - rho * rho) * z2)


def draw(rng, n):
    u_conv, u_cycle = correlated_uniforms(rng, n, 0.5)
    u_churn, u_ceiling = correlated_uniforms(rng, n, 0.4)
    lo, hi = np.log(1), np.log(5)
    mu, sigma = (lo + hi) / 2, (hi - lo) / (2 * 1.6448536269514722)
    return {
        "conversion_lift": pert_ppf(u_conv, 0.10, 0.18, 0.30),
        "cycle_shortening": pert_ppf(u_cycle, 0.20, 0.28, 0.40),
        "churn_reduction": pert_ppf(u_churn, 0.10, 0.14, 0.20),
        "ceiling": pert_ppf(u_ceiling, 0.7, 0.9, 1.0),
        "hours": np.exp(rng.normal(mu, sigma, n)),
        "ramp": rng.uniform(3, 9, n),
        "implementation": rng.triangular(40_000, 60_000, 100_000, n),
        "price": rng.uniform(60, 90, n),
        "report_saving": pert(rng, 500, 1000, 2000, n),
        "stall": rng.random(n) < 0.10,
        "overrun": rng.random(n) < 0.20,
        "overrun_cost": rng.uniform(10_000, 40_000, n),
    }


def irr(cf, steps=50):
    """Vectorised Newton on the monthly rate from 1 % a month; NaN where it fails."""
    t = np.arange(cf.shape[1])
    i = np.full(cf.shape[0], 0.01)
    for _ in range(steps):
        v = (1 + i)[:, None] ** -t
        f = (cf * v).sum(axis=1)
        df = -(cf * t * v / (1 + i)[:, None]).sum(axis=1)
        step = f / df
        i = np.maximum(i - step, -0.999)
        if np.all(np.abs(step) < 1e-12):
            break
    ok = (cf > 0).any(axis=1) & (cf < 0).any(axis=1)
    return np.where(ok, (1 + i) ** 12 - 1, np.nan)


def model(x):
    n = x["ramp"].size
    m = np.where(x["stall"], 0.5, 1.0)
    delay = 2 + 2.0 * x["overrun"]
    c0 = x["implementation"] + 5_000 + 8_000 + x["overrun_cost"] * x["overrun"]
    sales = L * CONV * DEAL * MARGIN
    per_a = (sales * x["conversion_lift"] + sales * 0.25 * (1 / (1 - x["cycle_shortening"]) - 1)
             + REPS * x["hours"] * 52 / 12 * WAGE * 0.5 + x["report_saving"])
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
        cost = 25 * x["price"] * 1.05 ** ((t - 1) // 12) + 1500 + REPS * 20 * WAGE * (a - a_prev) / x["ceiling"]
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
    return {"prob_roi_positive": float(np.mean(roi > 0)), "roi_p50": float(np.median(roi)),
            "npv_mean": float(npv.mean())}
