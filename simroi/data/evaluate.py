"""After go-live: the realised lift of each driver, the realised ROI, its place in the forecast.

The export is split at the go-live date: deals created before it measure the
baseline, deals created on or after it the new state (customers: churn in the
months before and after). Each measurable driver's lift is a ratio of the two
bootstrap estimates (independent resamples of each side, paired draw by draw):

* ``conversion_lift = conversion_after / conversion_before - 1``
* ``deal_size_lift = deal_value_after / deal_value_before - 1``
* ``cycle_shortening = 1 - cycle_after / cycle_before``
* ``churn_reduction = 1 - churn_after / churn_before`` (with customers)

The other drivers keep their forecast distributions, and the result says which.

ROI: the scenario's model is run with each measured driver replaced by its
bootstrap draws and adoption complete from go-live (implementation 0, ramp 0,
ceiling 1: the measured lift already is the effect at the adoption reached), over
the months observed since go-live (*to date*) and over the scenario's horizon
(*projected*). The forecast *to date* is the scenario itself over the same months
from go-live (implementation 0, its ramp and ceiling kept); the percentile of the
realised median ROI to date within it is the share of forecast iterations at or below.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from simroi.data.baseline import DAYS_PER_MONTH, _customer_estimates, baseline_from, iso
from simroi.data.bootstrap import Estimate, estimate
from simroi.data.records import Customers, Deals
from simroi.errors import ConfigError
from simroi.scenario.config import Scenario, load_scenario
from simroi.simulation.engine import simulate_scenario

__all__ = ["Evaluation", "evaluate"]

MEASURABLE = {
    "conversion_lift": ("conversion_rate", lambda a, b: a / b - 1.0),
    "deal_size_lift": ("avg_deal_value", lambda a, b: a / b - 1.0),
    "cycle_shortening": ("cycle_days", lambda a, b: 1.0 - a / b),
    "churn_reduction": ("monthly_churn", lambda a, b: 1.0 - a / b),
}


@dataclass(frozen=True)
class Evaluation:
    """Lifts measured, drivers kept at their forecast, ROI realised and its forecast percentile."""

    go_live: str
    months_observed: int
    lifts: dict[str, Estimate]
    kept_forecast: list[str]
    roi_to_date: dict
    roi_projected: dict
    forecast_to_date: dict
    percentile: float
    percentile_se: float
    iterations: int

    def to_dict(self) -> dict:
        return {
            "go_live": self.go_live,
            "months_observed": self.months_observed,
            "lifts": {k: e.to_dict() for k, e in self.lifts.items()},
            "kept_forecast": self.kept_forecast,
            "roi_to_date": self.roi_to_date,
            "roi_projected": self.roi_projected,
            "forecast_roi_to_date": self.forecast_to_date,
            "percentile_in_forecast": self.percentile,
            "percentile_se": self.percentile_se,
            "iterations": self.iterations,
        }


def _describe(x: np.ndarray) -> dict:
    lo, p50, hi = np.percentile(x, [2.5, 50, 97.5])
    return {"median": float(p50), "ci95": [float(lo), float(hi)], "mean": float(x.mean())}


def _scenario(raw: dict, horizon: int, fixed: dict[str, object], realised: bool) -> Scenario:
    data = copy.deepcopy(raw)
    data["scenario"]["horizon_months"] = horizon
    data.setdefault("adoption", {})["implementation_months"] = 0
    if realised:
        data["adoption"].update({"ramp_months": 0, "ceiling": 1})
    data.setdefault("drivers", {}).update(fixed)
    data.pop("vendors", None)
    gone = {f"drivers.{k}" for k in fixed} | ({"adoption.ramp_months", "adoption.ceiling"}
                                              if realised else set())  # fmt: skip
    gone.add("adoption.implementation_months")
    data["correlations"] = [c for c in data.get("correlations") or [] if not set(c[:2]) & gone]
    return load_scenario(data)


def evaluate(
    scn: Scenario,
    deals: Deals,
    customers: Customers | None = None,
    *,
    go_live: float,
    iterations: int | None = None,
    replicates: int = 2000,
    seed: int = 0,
) -> Evaluation:
    """Measure the realised lifts and ROI of ``scn`` from an export split at ``go_live``."""
    before, after = deals.created < go_live, deals.created >= go_live
    if before.sum() < 10 or after.sum() < 10:
        raise ConfigError(
            f"{deals.source}: --go-live {iso(go_live)} leaves {int(before.sum())} deals before "
            f"and {int(after.sum())} after; each side needs at least 10"
        )
    end = float(np.nanmax([np.nanmax(deals.created), np.nanmax(deals.closed)]))
    b = baseline_from(deals.subset(before), as_of=end, replicates=replicates, seed=seed).estimates
    a = baseline_from(deals.subset(after), as_of=end, replicates=replicates, seed=seed + 1)
    a = a.estimates
    rng = np.random.default_rng(seed + 2)
    if customers is not None:
        start = float(np.nanmin(deals.created))
        _customer_estimates(customers, start, go_live, replicates, rng, b, [])
        _customer_estimates(customers, go_live, end, replicates, rng, a, [])
    lifts: dict[str, Estimate] = {}
    for driver, (key, ratio) in MEASURABLE.items():
        if key in a and key in b and b[key].value > 0:
            with np.errstate(divide="ignore", invalid="ignore"):
                lifts[driver] = estimate(
                    ratio(a[key].value, b[key].value),
                    ratio(a[key].draws, b[key].draws),
                    n=a[key].n + b[key].n,
                    method=f"{key} after / before go-live; both sides resampled",
                    unit="fraction",
                )
    kept = [d for d in ("conversion_lift", "churn_reduction", "cycle_shortening",
                        "capacity_share", "deal_size_lift", "hours_saved_per_rep_week",
                        "productivity_realization") if d not in lifts]  # fmt: skip
    months = max(1, round((end - go_live) / DAYS_PER_MONTH))
    fixed = {}
    for d, e in lifts.items():
        draws = e.draws[np.isfinite(e.draws)]
        hi = 0.999 if d == "cycle_shortening" else (1.0 if d == "churn_reduction" else math.inf)
        draws = np.clip(draws, -1.0, hi)
        fixed[d] = {"dist": "discrete", "values": [float(v) for v in draws]}
    raw = scn.resolved
    n = iterations or scn.iterations
    realised = simulate_scenario(_scenario(raw, months, fixed, True), iterations=n, seed=seed)
    projected = simulate_scenario(
        _scenario(raw, scn.horizon_months, fixed, True), iterations=n, seed=seed
    )
    forecast = simulate_scenario(_scenario(raw, months, {}, False), iterations=n, seed=seed)
    r_date, f_date = realised.column("roi"), forecast.column("roi")
    point = float(np.median(r_date))
    p = float(np.mean(f_date <= point))
    return Evaluation(
        iso(go_live), months, lifts, kept, _describe(r_date), _describe(projected.column("roi")),
        _describe(f_date), p, math.sqrt(p * (1 - p) / n), n,
    )  # fmt: skip
