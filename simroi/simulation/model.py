"""The monthly cash-flow model of SPEC §1: arrays of inputs in, arrays of results out.

Every function here is pure numpy: no I/O, no randomness, no printing. Iterations
are array rows; the only Python loop is over months (and over root-finding
steps for the IRR), so one call evaluates a whole chunk of iterations at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.simulation.irr import irr

STREAMS = ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
RESULTS = (
    "roi",
    "discounted_roi",
    "npv",
    "total_benefit",
    "total_cost",
    "irr",
    "payback_month",
    "payback_months_exact",
    "discounted_payback_month",
    "pv_benefit",
    "pv_cost",
)
# A cumulative cash flow within this share of the flows so far (one-time costs plus
# every month's benefit and cost) of zero has paid back: sums of amounts such as
# 100000 / 12 end a rounding error below an exact break-even.
PAYBACK_TOLERANCE = 1e-9

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


def _share_of_month(before: np.ndarray, net: np.ndarray) -> np.ndarray:
    """Where in a month the cumulative cash flow crosses zero, by linear interpolation.

    ``before`` is the cumulative cash flow at the end of the previous month and
    ``net`` the month's net cash flow; the result lies in [0, 1] (0 when the
    previous month already ended at or above zero).
    """
    share = np.divide(-before, net, out=np.zeros_like(before), where=net > 0)
    return np.clip(share, 0.0, 1.0)


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
        scale = c0.copy()  # size of the flows so far, for the payback tolerance
        payback, exact, dpayback = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
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
            before = cum
            cum = cum + net
            scale += np.abs(benefit) + np.abs(cost)
            tol = PAYBACK_TOLERANCE * scale
            hit = np.isnan(payback) & (cum >= -tol)
            if hit.any():
                payback[hit] = t
                exact[hit] = t - 1 + _share_of_month(before[hit], net[hit])
            dhit = np.isnan(dpayback) & (npv >= -tol)
            dpayback[dhit] = t

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
            "payback_months_exact": exact,
            "discounted_payback_month": dpayback,
            "pv_benefit": pv_benefit,
            "pv_cost": pv_cost,
        }
        totals = {k: v * sum_a for k, v in per_a.items()}
        totals["churn"] = margin * sum_retained
        totals["custom"] = totals["custom"] + custom_flat * self.horizon
        for k in STREAMS:
            out[f"benefit_{k}"] = multiplier * totals[k] + zeros
        return out
