"""Plausibility: unit mistakes that are errors, unusual values that are warnings, and the
checks that need the whole scenario (schedule lengths, payment months, baselines, a
cost that can be positive).

A fraction field given a percent (``conversion_lift: 30``, ``discount_rate: 10``) is
an error that says how to write it; a value that is legal but rare (a discount rate
above 50 %, a lift above 300 %) is a warning. Warnings are data: the checker collects
them and the CLI prints them (stderr, ``run.json``); they are never Python warnings.
"""

from __future__ import annotations

import dataclasses

from simroi.sampling.distributions import Distribution
from simroi.scenario.messages import show
from simroi.scenario.schema import Num, fmt

__all__ = [
    "above_limit_text",
    "as_fraction",
    "check_scenario",
    "percent_hint",
    "percent_limit",
    "percent_text",
    "spec_percents",
    "unusual",
]

# Parameters of a distribution spec that are values of the variable itself.
VALUE_PARAMS = ("min", "mode", "max", "low", "high", "mean", "ci90", "values")

# The benefit stream of each driver and the baseline numbers it multiplies.
SALES = ("leads_per_month", "conversion_rate", "avg_deal_value", "gross_margin")
NEEDS = {
    "conversion_lift": SALES,
    "deal_size_lift": SALES,
    "cycle_shortening": SALES,
    "capacity_share": SALES,
    "churn_reduction": ("customers", "monthly_churn", "customer_monthly_margin"),
    "hours_saved_per_rep_week": ("sales_reps", "rep_hourly_cost"),
}


def percent_limit(field: Num) -> float | None:
    """Values above this are a percent written for a fraction: an error (None: no such rule)."""
    return field.percent_above


# A [0, 1] field given a value from here to 100 gets a hint after its range error.
HINT_FROM = 5.0


def percent_hint(field: Num, value: float) -> str:
    """``; 20 looks like a percent; write 20 % as 0.20`` for a [0, 1] field, or nothing."""
    if field.hi == 1 and field.percent_above is None and HINT_FROM <= value <= 100:
        return "; " + percent_text(value)
    return ""


def as_fraction(value: float) -> str:
    """``90`` -> ``0.90``, ``7.5`` -> ``0.075``."""
    text = f"{value / 100:.10f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


def percent_text(value: float) -> str:
    return f"{fmt(value)} looks like a percent; write {fmt(value)} % as {as_fraction(value)}"


def above_limit_text(field: Num, value: float) -> str:
    """The error of a value above ``field.percent_above``: a percent written for a fraction
    when it could be one (at most 100), else the range it left (``inf`` is no percent)."""
    if value <= 100:
        return percent_text(value)
    upto = dataclasses.replace(field, hi=field.percent_above, hi_open=False)
    return f"must be {upto.rule()}, got {show(value)}"


def spec_percents(spec: dict, limit: float, top: float = float("inf")) -> list[tuple[str, float]]:
    """The value parameters of a distribution spec in (``limit``, ``top``]."""
    found = []
    for key in VALUE_PARAMS:
        values = spec.get(key)
        values = values if isinstance(values, list) else [values]
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool) and limit < v <= top:
                found.append((key, float(v)))
                break
    return found


def unusual(ck, field: Num, value: float | Distribution, path: str) -> None:
    """Warn when a legal value (or a distribution's upper end) exceeds ``warn_above``."""
    if field.warn_above is None:
        return
    top = _top(value)
    if top > field.warn_above:
        what = "is" if isinstance(value, float) else "reaches"
        ck.warn(
            path,
            f"{what} {fmt(top)}, above {fmt(field.warn_above)}: legal but unusual; "
            "check the unit (fractions: 0.10 is 10 %)",
        )


def check_scenario(ck, data: dict) -> None:
    """The checks that need the whole scenario; ``ck`` is the Checker, ``data`` the raw input."""
    r = ck.resolved
    horizon = r.get("scenario", {}).get("horizon_months")
    if isinstance(horizon, int) and not ck.touched("scenario.horizon_months"):
        n_years = -(-horizon // 12)
        for path, length in ck.schedules:
            if length != n_years:
                ck.error(
                    path,
                    f"has {length} yearly amount(s), but the horizon of {horizon} months "
                    f"needs {n_years} (one for each year 1..{n_years})",
                )
        for path, month in ck.months:
            if month > horizon:
                ck.error(path, f"must be <= the horizon ({horizon} months), got {month}")
        headline = (r.get("simulation") or {}).get("headline_payback_month")
        if isinstance(headline, int) and headline > horizon:
            ck.error(
                "simulation.headline_payback_month",
                f"must be <= the horizon ({horizon} months), got {headline}",
            )
        for p in (r.get("simulation") or {}).get("payback_months") or []:
            if isinstance(p, int) and p > horizon:
                ck.error(
                    "simulation.payback_months",
                    f"months must be <= the horizon ({horizon}), got {p}",
                )
    raw_custom = data.get("custom_benefits") if isinstance(data, dict) else None
    for c in raw_custom if isinstance(raw_custom, list) else []:
        if not isinstance(c, dict) or not isinstance(c.get("name"), str):
            continue
        at = f"custom_benefits.{c['name']}"
        # (a resolved scenario, as a vendor's base, carries the default monthly: 0)
        if c.get("yearly") is not None and c.get("monthly", 0) != 0:
            ck.error(at, "give 'monthly' or 'yearly', not both")
        if c.get("adoption") is not None and c.get("ramped") is False:
            ck.error(f"{at}.adoption", "an unramped line (ramped: false) has no adoption ramp")
    base = data.get("baseline") if isinstance(data, dict) else None
    _baselines(ck, base if isinstance(base, dict) else {})
    if not base and not ck.touched("baseline") and not ck.touched("custom_benefits"):
        _no_baseline(ck)


def _no_baseline(ck) -> None:
    """No ``baseline:`` (or an empty one) and no custom benefit that can be positive: a
    scenario whose every benefit is 0 runs to ROI -100 % unless it is said."""
    custom = [
        v
        for p, v in ck.inputs.items()
        if p.startswith("custom_benefits.") and (p.endswith(".monthly") or ".yearly." in p)
    ]
    if any(_top(v) > 0 for v in custom):
        return  # benefits come from custom lines (a TEI-style case)
    ck.warn(
        "baseline",
        "no baseline section: every baseline figure (leads, conversion, deal value, "
        "customers, reps) is 0, so every benefit is 0 and ROI is -100 %; describe the "
        "business today under 'baseline:', or give custom_benefits",
    )


def _top(x: float | Distribution) -> float:
    return x if isinstance(x, float) else float(x.support[1])


def _baselines(ck, given: dict) -> None:
    """A driver whose stream's baseline is zero: an error if uncertain, else a warning."""
    if ck.touched("baseline") or ck.touched("drivers"):
        return
    for driver, needs in NEEDS.items():
        value = ck.inputs.get(f"drivers.{driver}")
        if value is None or value == 0.0:
            continue
        zero = [b for b in needs if ck.inputs.get(f"baseline.{b}") == 0.0]
        if not zero:
            continue
        why = ", ".join(
            f"baseline.{b} is " + ("0" if b in given else "not given (0)") for b in zero
        )
        text = f"its benefit is always 0 because {why}"
        if isinstance(value, Distribution):
            ck.error(
                f"drivers.{driver}",
                f"is uncertain, but {text}; give the baseline, or remove the driver",
            )
        else:
            ck.warn(f"drivers.{driver}", f"{fmt(value)} has no effect: {text}")


def costs_can_be_positive(ck) -> None:
    """ROI divides by C (docs/model.md §5): at least one cost line must be able to be positive.

    A cost line is a one-time or monthly item, seats x price, or the learning
    cost R x hours x wage (paid only if go-live falls within the horizon). A
    risk's extra cost does not count: the event may not occur.
    """
    if any(ck.touched(p) for p in ("costs", "baseline", "adoption", "scenario")):
        return  # the inputs are not all known; their own errors say why

    def positive(*paths: str) -> bool:
        return all(_high(ck.inputs.get(p, 0.0)) > 0 for p in paths)

    items = [
        p
        for p in ck.inputs
        if p.startswith(("costs.one_time.", "costs.monthly.", "costs.yearly."))
        and not p.endswith((".risk_adjustment", ".growth"))
    ]
    start = ck.inputs["adoption.implementation_months"]
    goes_live = _low(start) < ck.resolved["scenario"]["horizon_months"]
    learning = (
        "costs.learning_hours_per_rep",
        "baseline.sales_reps",
        "baseline.rep_hourly_cost",
    )
    if (
        any(positive(p) for p in items)
        or positive("costs.seats", "costs.price_per_seat_month")
        or (goes_live and positive(*learning))
    ):
        return
    ck.error(
        "costs",
        "no cost line can be positive, but ROI = (B - C) / C needs C > 0; add "
        "costs.one_time.<name>, costs.monthly.<name>, costs.seats with "
        "costs.price_per_seat_month, or costs.learning_hours_per_rep with "
        "baseline.sales_reps and baseline.rep_hourly_cost",
    )


def _low(x: float | Distribution) -> float:
    return x if isinstance(x, float) else float(x.support[0])


def _high(x: float | Distribution) -> float:
    return x if isinstance(x, float) else float(x.support[1])
