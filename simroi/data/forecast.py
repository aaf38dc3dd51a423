"""The re-forecast's cash flows: the model's benefits, the actual costs of the months seen.

The model (:class:`~simroi.simulation.model.CashFlowModel`) gives each month's net
flow ``B(t) − C(t)``; the same model with every benefit haircut at 1 (no benefit
left, costs untouched: adoption, and so learning, does not depend on haircuts)
gives ``−C(t)``, hence ``B(t)``. The costs of the months seen are then replaced
by the actual ones (:func:`place_costs`) and every result of docs/model.md §5
is computed again from the flows (:func:`results_of_flows`), by the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from simroi.simulation.calendar import discount_factors, share_of_month
from simroi.simulation.irr import scenario_irr
from simroi.simulation.model import COSTS, PAYBACK_TOLERANCE, STREAMS, CashFlowModel

__all__ = ["flows", "go_live_month", "place_costs", "results_of_flows"]

_HAIRCUT_STREAMS = ("conversion", "deal_size", "cycle", "churn", "productivity")


def flows(model: CashFlowModel, x: Mapping[str, object]) -> tuple[np.ndarray, np.ndarray]:
    """Monthly benefits and costs ``B``, ``C`` of each iteration, shape (n, H + 1) each."""
    net = model.monthly_net(x)
    custom = [k for k, _ in model.custom] + [k for k, _, _ in model.custom_yearly]
    none = {f"benefits.{s}.risk_adjustment": 1.0 for s in _HAIRCUT_STREAMS}
    none |= {f"custom_benefits.{k}.risk_adjustment": 1.0 for k in custom}
    cost = -model.monthly_net({**x, **none})
    cost = np.broadcast_to(cost, net.shape)
    return net + cost, np.array(cost)


def go_live_month(x: Mapping[str, object], risks: tuple[str, ...]) -> np.ndarray | float:
    """Each iteration's go-live in model months: implementation plus the delays of its events."""
    t = x.get("adoption.implementation_months", 0.0)
    for r in risks:
        t = t + np.asarray(x.get(f"risks.{r}", 0.0)) * x.get(f"risks.{r}.delay_months", 0.0)
    return t


def place_costs(
    cost: np.ndarray, k: np.ndarray, actual: np.ndarray | None, go_live: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray, int]:
    """Costs with the actual ones in the months seen, which months are seen, rows past H.

    Row ``j`` of the actuals (its month ending ``k[j]`` months after go-live) falls
    in model month ``ceil(T_go + k[j] − 1/2)`` of each iteration (the month holding
    its middle), or month 0 if earlier: a row before the project's start is paid
    at its start. A month some row falls in has the rows' actual costs; months
    without a row keep the forecast's. A month is *seen* when it is at or
    before the last row's. Returns (costs, seen (n, H + 1) bool, rows past the
    horizon in some iteration).
    """
    n, h1 = cost.shape
    t_go = np.broadcast_to(np.asarray(go_live, dtype=float), (n,))
    month = np.maximum(np.ceil(t_go[:, None] + k[None, :] - 0.5), 0).astype(int)
    last = np.minimum(month.max(axis=1), h1 - 1) if k.size else np.full(n, -1)
    seen = np.arange(h1)[None, :] <= last[:, None]
    past = int((month >= h1).any(axis=0).sum())
    if actual is None or k.size == 0:
        return cost, seen, past
    paid = np.zeros_like(cost)
    hit = np.zeros(cost.shape, dtype=bool)
    rows = np.arange(n)
    for j in range(k.size):
        ok = month[:, j] < h1
        paid[rows[ok], month[ok, j]] += actual[j]
        hit[rows[ok], month[ok, j]] = True
    return np.where(hit, paid, cost), seen, past


def results_of_flows(
    benefit: np.ndarray, cost: np.ndarray, annual_rate: float, discounting: str
) -> dict[str, np.ndarray]:
    """docs/model.md §5 from monthly benefits and costs (n, H + 1): the model's own rules."""
    h = benefit.shape[1] - 1
    d = discount_factors(h, annual_rate, discounting)
    net = benefit - cost
    cum = np.cumsum(net, axis=1)
    dcum = np.cumsum(net * d, axis=1)
    scale = cost[:, :1] + np.cumsum(np.abs(benefit) + np.abs(cost), axis=1) - np.abs(cost[:, :1])
    tol = PAYBACK_TOLERANCE * scale

    def first(reached: np.ndarray) -> np.ndarray:
        """The first month t >= 1 where ``reached``, NaN if none."""
        r = reached[:, 1:]
        return np.where(r.any(axis=1), r.argmax(axis=1) + 1.0, np.nan)

    payback = first(cum >= -tol)
    exact = np.full(payback.shape, np.nan)
    ok = np.isfinite(payback)
    t = payback[ok].astype(int)
    rows = np.flatnonzero(ok)
    exact[ok] = t - 1 + share_of_month(cum[rows, t - 1], net[rows, t])
    total_benefit, total_cost = benefit.sum(axis=1), cost.sum(axis=1)
    pv_benefit, pv_cost = benefit @ d, cost @ d
    return {
        "roi": (total_benefit - total_cost) / total_cost,
        "discounted_roi": (pv_benefit - pv_cost) / pv_cost,
        "npv": dcum[:, -1],
        "total_benefit": total_benefit,
        "total_cost": total_cost,
        "irr": scenario_irr(net, discounting),
        "payback_month": payback,
        "payback_months_exact": exact,
        "discounted_payback_month": first(dcum >= -tol),
        "pv_benefit": pv_benefit,
        "pv_cost": pv_cost,
    }


def with_parts(
    results: dict[str, np.ndarray], model_out: Mapping[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """The results with the model's benefit streams and cost parts; ``cost_risk`` takes up
    what the actual costs add to (or take from) the amounts as entered."""
    out = dict(results)
    for s in STREAMS:
        out[f"benefit_{s}"] = model_out[f"benefit_{s}"]
    for c in COSTS[:-1]:
        out[f"cost_{c}"] = model_out[f"cost_{c}"]
    entered = sum(model_out[f"cost_{c}"] for c in COSTS[:-1])
    risk = results["total_cost"] - entered
    out["cost_risk"] = np.where(np.abs(risk) <= 1e-12 * np.abs(results["total_cost"]), 0.0, risk)
    return out
