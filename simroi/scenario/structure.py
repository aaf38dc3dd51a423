"""The validated :class:`Scenario` and how it is built from a finished check."""

from __future__ import annotations

from dataclasses import dataclass

from simroi.sampling.distributions import Distribution
from simroi.scenario.lines import schedule_form
from simroi.scenario.validate import Checker

__all__ = ["Scenario", "build"]


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: settings plus every model input by dotted path.

    ``inputs`` holds every numeric model input (constants as float, the others
    as :class:`~simroi.sampling.distributions.Distribution`); ``resolved`` is the whole
    scenario with defaults filled, JSON-serialisable, distribution specs as dicts.
    """

    name: str
    currency: str
    horizon_months: int
    discount_rate: float
    iterations: int
    seed: int | None
    sampler: str
    curve: str
    inputs: dict[str, float | Distribution]
    one_time: tuple[str, ...]
    monthly: tuple[str, ...]
    custom: tuple[tuple[str, bool], ...]
    risks: tuple[str, ...]
    correlations: tuple[tuple[str, str, float], ...]
    vendors: tuple[tuple[str, dict], ...]
    resolved: dict
    source: str | None = None
    sha256: str | None = None
    # The structure of the lines of issue 8 (see CashFlowModel) and the summary's choices.
    discounting: str = "monthly"
    payments: tuple[tuple[str, int], ...] = ()
    yearly: tuple[tuple[str, str], ...] = ()
    custom_yearly: tuple[tuple[str, bool, str], ...] = ()
    own_adoption: tuple[tuple[str, str], ...] = ()
    hurdle_rate: float | None = None
    percentiles: tuple[float, ...] | None = None
    payback_months: tuple[int, ...] | None = None
    headline_payback_month: int | None = None
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what overrides changed besides their values
    written: frozenset[str] = frozenset()  # dotted paths the file (or overrides) gives

    @property
    def uncertain(self) -> dict[str, Distribution]:
        """The inputs that are distributions (risk events with 0 < p < 1 included)."""
        return {k: v for k, v in self.inputs.items() if isinstance(v, Distribution)}

    @property
    def risk_events(self) -> tuple[str, ...]:
        """The uncertain risk events' inputs (``risks.<name>``: 1 when it occurs), in order."""
        return tuple(k for k in self.uncertain if k.startswith("risks.") and k.count(".") == 1)


# --------------------------------------------------------------------------- result


def _is_line(value: object) -> bool:
    """A cost item in its mapping form (``{amount, ...}``), not a number or a distribution."""
    return isinstance(value, dict) and ("amount" in value or "payments" in value)


def _payments(one_time: dict) -> tuple[tuple[str, int], ...]:
    out = []
    for k, v in one_time.items():
        if _is_line(v) and "payments" in v:
            out += [(f"costs.one_time.{k}.month{p['month']}", p["month"]) for p in v["payments"]]
        elif _is_line(v):
            out.append((f"costs.one_time.{k}", v["at_month"]))
    return tuple(out)


def _own_adoption(r: dict) -> tuple[tuple[str, str], ...]:
    lines = [(f"benefits.{k}", v["adoption"]) for k, v in r["benefits"].items()]
    lines += [(f"custom_benefits.{c['name']}", c["adoption"]) for c in r["custom_benefits"]]
    curve = r["adoption"]["curve"]
    return tuple((line, a["curve"] or curve) for line, a in lines if a is not None)


def build(ck: Checker, source: str | None, digest: str | None) -> Scenario:
    r = ck.resolved
    costs, custom, sim = r["costs"], r["custom_benefits"], r["simulation"]
    yearly_form = {
        k: schedule_form(v["amount"] if _is_line(v) else v) for k, v in costs["yearly"].items()
    }
    return Scenario(
        name=r["scenario"]["name"],
        currency=r["scenario"]["currency"],
        horizon_months=r["scenario"]["horizon_months"],
        discount_rate=r["scenario"]["discount_rate"],
        iterations=r["simulation"]["iterations"],
        seed=r["simulation"]["seed"],
        sampler=r["simulation"]["sampler"],
        curve=r["adoption"]["curve"],
        inputs=dict(ck.inputs),
        one_time=tuple(k for k, v in costs["one_time"].items() if not _is_line(v)),
        monthly=tuple(costs["monthly"]),
        custom=tuple((c["name"], c["ramped"]) for c in custom if c["yearly"] is None),
        risks=tuple(x["name"] for x in r["risks"]),
        correlations=tuple((a, b, rho) for a, b, rho in r["correlations"]),
        vendors=tuple((v["name"], v["overrides"]) for v in r["vendors"]),
        resolved=r,
        source=source,
        sha256=digest,
        discounting=r["scenario"]["discounting"],
        payments=_payments(costs["one_time"]),
        yearly=tuple(yearly_form.items()),
        custom_yearly=tuple(
            (c["name"], c["ramped"], schedule_form(c["yearly"]))
            for c in custom
            if c["yearly"] is not None
        ),
        own_adoption=_own_adoption(r),
        hurdle_rate=sim["hurdle_rate"],
        percentiles=tuple(sim["percentiles"]) if sim["percentiles"] else None,
        payback_months=tuple(sim["payback_months"]) if sim["payback_months"] else None,
        headline_payback_month=sim["headline_payback_month"],
        warnings=tuple(ck.warnings),
        notes=tuple(ck.notes),
        written=frozenset(ck.written),
    )
