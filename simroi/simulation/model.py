"""The monthly cash-flow model of SPEC §1: arrays of inputs in, arrays of results out.

Every function here is pure numpy: no I/O, no randomness, no printing. Iterations
are array rows; the only Python loop is over months (and over root-finding
steps for the IRR), so one call evaluates a whole chunk of iterations at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

STREAMS = ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
RESULTS = ("roi", "discounted_roi", "npv", "total_benefit", "total_cost", "irr", "payback_month")

BASELINE_KEYS = (
    "leads_per_month",
    "conversion_rate",
    "avg_deal_value",
    "gross_margin",
    "customers",
    "monthly_churn",
    "customer_monthly_margin",
    "sales_reps",
    "rep_hourly_cost",
)
DRIVER_KEYS = (
    "conversion_lift",
    "churn_reduction",
    "cycle_shortening",
    "capacity_share",
    "deal_size_lift",
    "hours_saved_per_rep_week",
    "productivity_realization",
)


def discount_factors(horizon: int, annual_rate: float) -> np.ndarray:
    """``d(t) = (1 + r) ** (-t / 12)`` for months ``t = 0 .. horizon``, shape (horizon + 1,)."""
    t = np.arange(horizon + 1)
    return (1.0 + annual_rate) ** (-t / 12.0)


def adoption_shape(t: int, t_impl, t_ramp, curve: str) -> np.ndarray:
    """Adoption as a share of its ceiling, ``shape(x(t))`` of SPEC §1.1.

    Parameters
    ----------
    t : int
        Month.
    t_impl, t_ramp : ndarray, shape (n,), or float
        Months before go-live (delays included) and months of ramp-up.
    curve : {"linear", "s-curve"}
    """
    t_ramp = np.asarray(t_ramp, dtype=float)
    ramping = t_ramp > 0
    # T_ramp == 0 is a step at go-live; guard the division for those rows.
    x = np.where(
        ramping,
        np.clip((t - t_impl) / np.where(ramping, t_ramp, 1.0), 0.0, 1.0),
        np.asarray(t > t_impl, dtype=float),
    )
    if curve == "s-curve":
        return x * x * (3.0 - 2.0 * x)
    return x


def irr(cash_flows: np.ndarray, *, max_steps: int = 100) -> np.ndarray:
    """Annual internal rate of return of each row of monthly cash flows.

    Solves ``sum_t cf(t) / (1 + i) ** t = 0`` for the monthly rate ``i > -1`` and
    returns ``(1 + i) ** 12 - 1``; NaN where the cash flows never change sign or
    no root is bracketed.

    The root is bracketed on a fixed grid of monthly rates (``i = 0`` is a grid
    point), choosing the sign change nearest ``i = 0`` when there are several,
    then refined by Halley's method safeguarded by bisection inside the bracket. To keep every power
    bounded the polynomial is written in ``r = 1 / (1 + i)`` for ``i >= 0`` and
    in ``s = 1 + i`` (times ``s ** H``, which keeps the sign) for ``i < 0``, so
    the variable always lies in (0, 1].

    Parameters
    ----------
    cash_flows : ndarray, shape (n, H + 1)
        Net cash flow of each iteration for months 0..H.

    Returns
    -------
    ndarray, shape (n,)
    """
    cf = np.asarray(cash_flows, dtype=float)
    n, h1 = cf.shape
    out = np.full(n, np.nan)
    rows = np.flatnonzero((cf > 0).any(axis=1) & (cf < 0).any(axis=1))
    if rows.size == 0:
        return out
    cf = cf[rows]
    t = np.arange(h1)
    # Grid in the polynomial variable z of each side; z = 1 is i = 0. Fine where
    # rates are plausible (|i| up to 50 % a month), so that two roots there are
    # rarely missed; the tiny first point stands for the limits i -> -1 and
    # i -> infinity (a root beyond 1e8 a month is still bracketed).
    z_grid = np.concatenate(
        [
            [1e-300],
            np.geomspace(1e-8, 1e-2, 4)[:-1],
            np.geomspace(1e-2, 0.5, 8)[:-1],
            np.linspace(0.5, 1.0, 26),
        ]
    )
    pos = cf @ (z_grid[None, :] ** t[:, None])  # sign of NPV at i = 1/z - 1 >= 0
    neg = cf @ (z_grid[None, :] ** (h1 - 1 - t)[:, None])  # sign of NPV at i = z - 1 <= 0
    # One ascending-in-i sequence: negative side (z ascending), then positive side
    # (z descending), sharing the point z = 1 (i = 0). A value of exactly 0 counts
    # as positive: its root is then a bracket end, which the refinement lands on.
    up = np.concatenate([neg, pos[:, -2::-1]], axis=1) >= 0
    change = up[:, :-1] != up[:, 1:]
    # The sign change nearest i = 0 wins: weight each bracket by closeness to k0.
    k0 = z_grid.size - 1  # index of i = 0
    closeness = change.shape[1] - np.abs(np.arange(change.shape[1]) - k0 + 0.5)
    k = np.argmax(change * closeness, axis=1)
    found = change[np.arange(k.size), k]

    # Bracket ends in the side's variable z.
    negative_side = k < k0
    za = z_grid[np.where(negative_side, k, 2 * k0 - k)]
    zb = z_grid[np.where(negative_side, k + 1, 2 * k0 - k - 1)]
    z = np.full(k.size, np.nan)
    todo = np.flatnonzero(found)
    z[todo] = _refine(cf[todo], negative_side[todo], za[todo], zb[todo], max_steps)
    monthly = np.where(negative_side, z - 1.0, 1.0 / z - 1.0)
    with np.errstate(over="ignore"):
        out[rows] = np.where(np.isfinite(z), (1.0 + monthly) ** 12 - 1.0, np.nan)
    return out


def _poly(coef_t: np.ndarray, z: np.ndarray, derivatives: bool = True):
    """Value (and first two derivatives) of each column's polynomial at its own z.

    ``coef_t`` has shape (degree + 1, m), highest power first; months are rows so
    that each Horner step reads contiguous memory.
    """
    value = coef_t[0].copy()
    if not derivatives:
        for row in coef_t[1:]:
            value *= z
            value += row
        return value
    d1 = np.zeros_like(value)
    d2 = np.zeros_like(value)
    for row in coef_t[1:]:
        d2 *= z
        d2 += d1
        d1 *= z
        d1 += value
        value *= z
        value += row
    return value, d1, 2.0 * d2


def _refine(cf, negative_side, za, zb, max_steps):
    """Halley's method safeguarded by bisection inside brackets [za, zb], vectorised."""
    # Positive side: sum_t cf_t z^t (highest power is month H); negative side:
    # sum_t cf_t z^(H - t) (highest power is month 0).
    coef_t = np.ascontiguousarray(np.where(negative_side[:, None], cf, cf[:, ::-1]).T)
    out = np.empty(za.size)
    idx = np.arange(za.size)
    # The grid's matrix product only chose the brackets; values are recomputed
    # elementwise so the result never depends on BLAS blocking (nor on the chunk).
    lo, hi = np.minimum(za, zb), np.maximum(za, zb)
    f_lo = _poly(coef_t, lo, derivatives=False)
    f_hi = _poly(coef_t, hi, derivatives=False)
    z = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)  # secant start
    lo_positive = f_lo > 0
    for _ in range(max_steps):
        if idx.size == 0:
            break
        f, d1, d2 = _poly(coef_t, z)
        # Shrink the bracket around the root, then step; fall back to bisection
        # whenever the step would leave the bracket.
        same_as_lo = (f > 0) == lo_positive
        lo, hi = np.where(same_as_lo, z, lo), np.where(same_as_lo, hi, z)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = z - 2.0 * f * d1 / (2.0 * d1 * d1 - f * d2)
        # Cubic convergence: once a step is below 1e-8, the next error is ~1e-24.
        done = (f == 0) | (np.abs(step - z) <= 1e-8 * np.abs(z))
        z = np.where(
            done,
            np.where(f == 0, z, step),
            np.where((step > lo) & (step < hi), step, 0.5 * (lo + hi)),
        )
        if done.any():
            out[idx[done]] = z[done]
            keep = ~done
            idx, z, lo, hi, lo_positive = idx[keep], z[keep], lo[keep], hi[keep], lo_positive[keep]
            coef_t = coef_t[:, keep]
    out[idx] = z
    return out


@dataclass(frozen=True)
class CashFlowModel:
    """The CRM cash-flow model of SPEC §1 for one scenario's structure.

    Parameters
    ----------
    horizon : int
        Months of benefits and recurring costs (``H``).
    discount_rate : float
        Annual discount rate ``r``.
    curve : {"linear", "s-curve"}
        Adoption curve.
    one_time, monthly : tuple of str
        Names of the one-time and monthly cost items.
    custom : tuple of (str, bool)
        Custom benefit lines: (name, ramped).
    risks : tuple of str
        Risk event names.

    Calling the model with a mapping of dotted input paths to arrays of shape
    (n,) or scalars returns a dict of per-iteration arrays, shape (n,): the
    results of SPEC §1.4 (``RESULTS``) and ``benefit_<stream>`` for each
    stream of ``STREAMS`` (undiscounted totals times the risk multiplier, so
    they add up to ``total_benefit``).
    """

    horizon: int
    discount_rate: float
    curve: str = "linear"
    one_time: tuple[str, ...] = ()
    monthly: tuple[str, ...] = ()
    custom: tuple[tuple[str, bool], ...] = ()
    risks: tuple[str, ...] = ()

    def __call__(self, x: Mapping[str, np.ndarray | float]) -> dict[str, np.ndarray]:
        n = max([np.size(v) for v in x.values()] + [1])

        def get(path: str, default: float = 0.0):
            v = x.get(path, default)
            return v if np.ndim(v) == 0 else np.asarray(v, dtype=float)

        b = {k: get(f"baseline.{k}") for k in BASELINE_KEYS}
        dr = {k: get(f"drivers.{k}") for k in DRIVER_KEYS}
        occurred = {r: get(f"risks.{r}") for r in self.risks}
        multiplier = 1.0
        delay = get("adoption.implementation_months")
        c0 = sum((get(f"costs.one_time.{k}") for k in self.one_time), 0.0)
        for r, occ in occurred.items():
            multiplier = multiplier * np.where(
                occ > 0, get(f"risks.{r}.benefit_multiplier", 1.0), 1.0
            )
            delay = delay + occ * get(f"risks.{r}.delay_months")
            c0 = c0 + occ * get(f"risks.{r}.extra_one_time_cost")
        ramp = get("adoption.ramp_months", 6.0)
        ceiling = get("adoption.ceiling", 1.0)

        # Per-iteration factors that do not change with the month.
        sales = (
            b["leads_per_month"] * b["conversion_rate"] * b["avg_deal_value"] * b["gross_margin"]
        )
        per_a = {
            "conversion": b["leads_per_month"]
            * b["conversion_rate"]
            * dr["conversion_lift"]
            * b["avg_deal_value"]
            * b["gross_margin"],
            "deal_size": b["leads_per_month"]
            * b["conversion_rate"]
            * b["avg_deal_value"]
            * dr["deal_size_lift"]
            * b["gross_margin"],
            "cycle": sales * dr["capacity_share"] * (1.0 / (1.0 - dr["cycle_shortening"]) - 1.0),
            "productivity": b["sales_reps"]
            * dr["hours_saved_per_rep_week"]
            * 52.0
            / 12.0
            * b["rep_hourly_cost"]
            * dr["productivity_realization"],
        }
        q = b["monthly_churn"]
        churn_in = b["customers"] * q * dr["churn_reduction"]
        custom_ramped = sum((get(f"custom_benefits.{k}.monthly") for k, r in self.custom if r), 0.0)
        custom_flat = sum(
            (get(f"custom_benefits.{k}.monthly") for k, r in self.custom if not r), 0.0
        )
        seat0 = get("costs.seats") * get("costs.price_per_seat_month")
        escalation = 1.0 + get("costs.annual_price_escalation")
        monthly_cost = sum((get(f"costs.monthly.{k}") for k in self.monthly), 0.0)
        learning = b["sales_reps"] * get("costs.learning_hours_per_rep") * b["rep_hourly_cost"]

        # Every stream but churn is a(t) times a per-iteration factor, so a stream's
        # total is its factor times the sum of a(t); only their sum is needed monthly.
        per_a["custom"] = custom_ramped
        per_a_sum = sum(per_a.values())
        margin = b["customer_monthly_margin"]

        zeros = np.zeros(n)
        sum_a, sum_retained, retained = zeros.copy(), zeros.copy(), zeros.copy()
        a_prev = zeros.copy()
        benefit_total, cost_total = zeros.copy(), zeros.copy()
        pv_benefit, pv_cost = zeros.copy(), zeros.copy()
        npv = -c0 - zeros
        c0 = c0 + zeros
        cum = -c0
        payback = np.full(n, np.nan)
        cash = np.empty((n, self.horizon + 1))
        cash[:, 0] = -c0
        d = discount_factors(self.horizon, self.discount_rate)

        for t in range(1, self.horizon + 1):
            a = ceiling * adoption_shape(t, delay, ramp, self.curve)
            retained = retained * (1.0 - q) + a * churn_in
            sum_a += a
            sum_retained += retained
            benefit = multiplier * (a * per_a_sum + retained * margin + custom_flat)
            seat = seat0 * escalation ** ((t - 1) // 12)
            cost = seat + monthly_cost + learning * (a - a_prev) / ceiling
            a_prev = a

            benefit_total += benefit
            cost_total += cost
            pv_benefit += benefit * d[t]
            pv_cost += cost * d[t]
            net = benefit - cost
            npv += net * d[t]
            cash[:, t] = net
            cum += net
            payback = np.where(np.isnan(payback) & (cum >= 0), float(t), payback)

        total_cost = c0 + cost_total
        pv_cost = c0 + pv_cost
        out = {
            "roi": (benefit_total - total_cost) / total_cost,
            "discounted_roi": (pv_benefit - pv_cost) / pv_cost,
            "npv": npv,
            "total_benefit": benefit_total,
            "total_cost": total_cost,
            "irr": irr(cash),
            "payback_month": payback,
        }
        totals = {k: v * sum_a for k, v in per_a.items()}
        totals["churn"] = margin * sum_retained
        totals["custom"] = totals["custom"] + custom_flat * self.horizon
        for k in STREAMS:
            out[f"benefit_{k}"] = multiplier * totals[k] + zeros
        return out
