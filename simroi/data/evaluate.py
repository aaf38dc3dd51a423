"""After go-live: the realised lift of each driver, the realised ROI, its place in the forecast.

The actuals are split at the go-live date: a deals export by creation date
(deals created before it measure the baseline, the rest the new state;
customers: churn in the months before and after), or a monthly KPI table
(:mod:`.kpis`) by month (a go-live inside a month leaves that month out). Each
measurable driver's lift is a ratio of the two bootstrap estimates (independent
resamples of each side, paired draw by draw):

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

Costs to date: the forecast's (the scenario's costs over those months) unless
actual costs are given (a KPI table's ``costs`` column summed over all its
months, before go-live included, or ``actual_costs``); then the realised ROI to
date is ``(benefit to date - actual costs) / actual costs`` and ``costs_to_date``
says which was used. The projection keeps the scenario's costs.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from simroi.data.baseline import DAYS_PER_MONTH, baseline_from, iso
from simroi.data.bootstrap import Estimate, estimate
from simroi.data.customers import customer_estimates
from simroi.data.kpis import MonthlyKPIs, side_estimates
from simroi.data.records import Customers, Deals
from simroi.errors import ConfigError
from simroi.scenario.config import Scenario, load_scenario
from simroi.scenario.plausible import NEEDS
from simroi.simulation.engine import simulate_scenario

__all__ = ["Evaluation", "evaluate", "measured_lifts"]

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
    costs_to_date: dict = field(default_factory=dict)
    benefit_to_date: dict = field(default_factory=dict)
    actuals: str = ""
    notes: list[str] = field(default_factory=list)
    scenario: str = ""
    currency: str = ""
    distribution: dict = field(default_factory=dict)  # quantiles of the ROIs to date
    sides: dict = field(default_factory=dict)  # the estimates before and after, by key
    forecast_lifts: dict = field(default_factory=dict)  # each measured driver as forecast
    horizon_months: int = 0  # of the projection

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario,
            "currency": self.currency,
            "horizon_months": self.horizon_months,
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
            "costs_to_date": self.costs_to_date,
            "benefit_to_date": self.benefit_to_date,
            "actuals": self.actuals,
            "notes": self.notes,
            "distribution": self.distribution,
            "before": {k: e.to_dict() for k, e in self.sides.get("before", {}).items()},
            "after": {k: e.to_dict() for k, e in self.sides.get("after", {}).items()},
            "forecast_lifts": self.forecast_lifts,
        }


LEVELS = np.linspace(0.0, 1.0, 101)  # the quantiles kept of each ROI to date (its chart)


def _quantiles(x: np.ndarray) -> list[float]:
    return [float(v) for v in np.quantile(x, LEVELS)]


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


def measured_lifts(b: dict[str, Estimate], a: dict[str, Estimate]) -> dict[str, Estimate]:
    """The lift of each measurable driver from the estimates before (``b``) and after (``a``)."""
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
    return lifts


def _export_sides(deals: Deals, customers, go_live: float, B: int, seed: int):
    before, after = deals.created < go_live, deals.created >= go_live
    if before.sum() < 10 or after.sum() < 10:
        raise ConfigError(
            f"{deals.source}: --go-live {iso(go_live)} leaves {int(before.sum())} deals before "
            f"and {int(after.sum())} after; each side needs at least 10"
        )
    decided_close = np.where(deals.outcome >= 0, deals.closed, np.nan)
    end = float(np.nanmax([np.nanmax(deals.created), np.nanmax(decided_close)]))
    b = baseline_from(deals.subset(before), as_of=end, replicates=B, seed=seed).estimates
    a = baseline_from(deals.subset(after), as_of=end, since=go_live, replicates=B,
                      seed=seed + 1).estimates  # fmt: skip
    rng = np.random.default_rng(seed + 2)
    if customers is not None:
        start = float(np.nanmin(deals.created))
        customer_estimates(customers, start, go_live, B, rng, b, [])
        customer_estimates(customers, go_live, end, B, rng, a, [])
    notes = list(deals.notes)
    undated = int(np.isnan(deals.created).sum())
    if undated:
        notes.append(f"{undated} rows have no creation date and are on neither side of go-live")
    return b, a, max(1, round((end - go_live) / DAYS_PER_MONTH)), notes


def _kpi_sides(k: MonthlyKPIs, go_live: float, B: int, seed: int):
    day = dt.date(1970, 1, 1) + dt.timedelta(days=int(go_live))
    first = float((day.replace(day=1) - dt.date(1970, 1, 1)).days)
    notes = []
    if first == go_live:
        before, after = k.month < go_live, k.month >= go_live
    else:  # the month of go-live is half before, half after: neither side
        before, after = k.month < first, k.month > first
        if (k.month == first).any():
            notes.append(f"the month of go-live ({iso(first)[:7]}) is on neither side")
    if before.sum() < 3 or after.sum() < 3:
        raise ConfigError(
            f"{k.source}: --go-live {iso(go_live)} leaves {int(before.sum())} months before "
            f"and {int(after.sum())} after; each side needs at least 3"
        )
    b = side_estimates(k, before, B, np.random.default_rng(seed))
    a = side_estimates(k, after, B, np.random.default_rng(seed + 1))
    return b, a, int(after.sum()), [*k.notes, *notes]


def _table_costs(k: MonthlyKPIs, go_live: float) -> tuple[float, str]:
    if not k.has("costs"):
        raise ConfigError(f"{k.source}: no costs column (actual costs need month and costs)")
    c = k.figures["costs"]
    total = float(np.nansum(c))
    if not total > 0:
        raise ConfigError(f"{k.source}: column {k.columns['costs']!r} (costs): sums to {total:g}; "
                          "actual costs to date must be > 0")  # fmt: skip
    empty = int(np.isnan(c).sum())
    return total, (
        f"actual: column {k.columns['costs']!r} of {k.source} summed over {c.size} months, "
        f"{int((k.month < go_live).sum())} of them before go-live"
        + (f", {empty} empty read as 0" if empty else "")
    )


def _costs(k, actual, go_live: float) -> tuple[float | None, str]:
    """The actual costs to date and where they come from (None: the forecast's)."""
    table = isinstance(k, MonthlyKPIs) and k.has("costs")
    if actual is not None and table:
        raise ConfigError(
            f"{k.source}: actual costs given twice: its column {k.columns['costs']!r} and "
            "actual_costs (--actual-costs); give one"
        )
    if isinstance(actual, MonthlyKPIs):
        return _table_costs(actual, go_live)
    if actual is not None:
        if not (isinstance(actual, int | float) and math.isfinite(actual) and actual > 0):
            raise ConfigError(f"actual_costs (--actual-costs): must be > 0, got {actual!r}")
        return float(actual), "actual, given"
    if table:
        return _table_costs(k, go_live)
    return None, "forecast: the scenario's costs over the months since go-live"


def evaluate(
    scn: Scenario,
    deals: Deals | MonthlyKPIs,
    customers: Customers | None = None,
    *,
    go_live: float,
    iterations: int | None = None,
    replicates: int = 2000,
    seed: int = 0,
    actual_costs: float | MonthlyKPIs | None = None,
) -> Evaluation:
    """Measure the realised lifts and ROI of ``scn`` from actuals split at ``go_live``.

    ``deals`` is a deals export (:func:`~simroi.data.records.load_deals`) or a
    monthly KPI table (:func:`~simroi.data.kpis.load_kpis`); ``actual_costs``
    (the total to date, or a KPI table with a ``costs`` column), or the actuals'
    own ``costs`` column, replaces the forecast's costs in the realised ROI to date.
    """
    if isinstance(deals, MonthlyKPIs):
        if customers is not None:
            raise ConfigError(f"{deals.source}: a KPI table carries churn itself; "
                              "customers (--customers) go with a deals export")  # fmt: skip
        b, a, months, notes = _kpi_sides(deals, go_live, replicates, seed)
    else:
        b, a, months, notes = _export_sides(deals, customers, go_live, replicates, seed)
    cost, cost_source = _costs(deals, actual_costs, go_live)
    lifts = measured_lifts(b, a)
    kept = [d for d in ("conversion_lift", "churn_reduction", "cycle_shortening",
                        "capacity_share", "deal_size_lift", "hours_saved_per_rep_week",
                        "productivity_realization") if d not in lifts]  # fmt: skip
    fixed = {}
    for d, e in lifts.items():
        zero = [k for k in NEEDS.get(d, ()) if scn.inputs.get(f"baseline.{k}") == 0.0]
        if zero:  # measured, but worth nothing in this scenario's model
            notes.append(f"{d} is measured but left out of the ROI: the scenario's "
                         + ", ".join(f"baseline.{k}" for k in zero)
                         + (" is 0" if len(zero) == 1 else " are 0"))  # fmt: skip
            continue
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
    as_forecast = _scenario(raw, months, {}, False)
    forecast = simulate_scenario(as_forecast, iterations=n, seed=seed)
    keys = [MEASURABLE[d][0] for d in lifts]
    sides = {"before": {k: b[k] for k in keys}, "after": {k: a[k] for k in keys}}
    told = {}
    for d in lifts:
        path = f"drivers.{d}"
        x = (forecast.column(path) if path in as_forecast.uncertain
             else np.full(1, float(scn.inputs.get(path, 0.0))))  # fmt: skip
        told[d] = {f"p{q}": float(np.percentile(x, q)) for q in (5, 50, 95)}
    benefit = realised.column("total_benefit")
    r_date = realised.column("roi") if cost is None else (benefit - cost) / cost
    f_date = forecast.column("roi")
    costs = realised.column("total_cost") if cost is None else np.full(1, cost)
    point = float(np.median(r_date))
    p = float(np.mean(f_date <= point))
    return Evaluation(
        iso(go_live), months, lifts, kept, _describe(r_date), _describe(projected.column("roi")),
        _describe(f_date), p, math.sqrt(p * (1 - p) / n), n,
        {"value": float(np.median(costs)), "source": cost_source}, _describe(benefit),
        deals.source, notes, scn.name, scn.currency,
        {"levels": [float(v) for v in LEVELS], "roi_to_date": _quantiles(r_date),
         "forecast_roi_to_date": _quantiles(f_date)}, sides, told, scn.horizon_months,
    )  # fmt: skip
