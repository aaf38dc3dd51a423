"""What a valid scenario is: every key of docs/scenario.md as data.

:data:`SCHEMA` holds every key with its default, type and range, built from the
field types below; :mod:`simroi.scenario.validate` walks it over a scenario. Reading
files and vendors live in ``config.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

INF = math.inf


def fmt(x: float) -> str:
    """Show a number the way a user wrote it: ``0``, ``1``, ``0.25``, ``inf``."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(x) if isinstance(x, float) else str(x)


@dataclass(frozen=True)
class Num:
    """A number: a constant, or (when ``dist``) a distribution spec.

    ``lo``/``hi`` bound the value, and a distribution's whole support; a bound
    is excluded when ``lo_open``/``hi_open``.
    """

    default: float | None = 0.0
    lo: float = -INF
    hi: float = INF
    lo_open: bool = False
    hi_open: bool = False
    dist: bool = True
    integer: bool = False
    nullable: bool = False
    required: bool = False
    # Plausibility: a value above ``percent_above`` is an error (a percent written
    # where a fraction is meant); above ``warn_above`` it is legal but warned about.
    percent_above: float | None = None
    warn_above: float | None = None

    def rule(self) -> str:
        """The range in words, e.g. ``>= 0``, ``< 1``, ``in (0, 1]``."""
        lo_op, hi_op = (">" if self.lo_open else ">="), ("<" if self.hi_open else "<=")
        if self.lo == -INF:
            return f"{hi_op} {fmt(self.hi)}"
        if self.hi == INF:
            return f"{lo_op} {fmt(self.lo)}"
        left, right = ("(" if self.lo_open else "["), (")" if self.hi_open else "]")
        return f"in {left}{fmt(self.lo)}, {fmt(self.hi)}{right}"

    def above_lo(self, x: float) -> bool:
        return x > self.lo if self.lo_open else x >= self.lo

    def below_hi(self, x: float) -> bool:
        return x < self.hi if self.hi_open else x <= self.hi


@dataclass(frozen=True)
class Text:
    """A string; ``required`` ones must be present and non-blank."""

    default: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Choice:
    """One string out of ``options``."""

    default: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """A boolean (YAML ``true``/``false``)."""

    default: bool


@dataclass(frozen=True)
class Section:
    """A mapping with fixed keys; an ``optional`` one is null unless given."""

    fields: dict[str, object]
    optional: bool = False


@dataclass(frozen=True)
class Schedule:
    """Amounts for years 1..N (N = ceil(H / 12)), each spread evenly over its 12 months.

    Given as a list (one number or distribution per year), as one amount for every
    year, or as ``{first, growth}``: year y is ``first * (1 + growth) ** (y - 1)``.
    """

    item: Num
    growth: Num


@dataclass(frozen=True)
class CostLine:
    """A cost item: an amount, or ``{amount, risk_adjustment, ...}``.

    ``kind`` is ``one_time`` (also ``at_month`` or ``payments: [{month, amount}]``),
    ``monthly`` or ``yearly`` (the amount is a :class:`Schedule`).
    """

    kind: str


@dataclass(frozen=True)
class NumList:
    """A list of constant numbers of one kind; null means the default."""

    item: Num


@dataclass(frozen=True)
class NumMap:
    """A mapping of free names (no ``.``) to numbers of one kind."""

    item: Num


@dataclass(frozen=True)
class NamedList:
    """A list of mappings, each with a unique ``name`` (no ``.``) and ``fields``."""

    fields: dict[str, object]


@dataclass(frozen=True)
class Correlations:
    """``[[path_a, path_b, rho], ...]`` between uncertain inputs."""


@dataclass(frozen=True)
class Overrides:
    """A vendor's mapping of dotted paths to replacement values."""


MONEY = Num(lo=0)  # money, counts, hours and months
RATE = Num(lo=0, hi=1)
LIFT = Num(lo=-1, percent_above=10, warn_above=3)  # a negative lift is a loss
NAME = Text(required=True)
HAIRCUT = Num(lo=0, hi=1, warn_above=0.5)  # benefit x (1 - h)
OVERRUN = Num(lo=0, percent_above=5, warn_above=1)  # cost x (1 + o)
GROWTH = Num(lo=-1, percent_above=10, warn_above=1)
ADOPTION_OVERRIDE = Section(
    {
        "implementation_months": Num(None, lo=0, nullable=True),
        "ramp_months": Num(None, lo=0, nullable=True),
        "curve": Choice(None, ("linear", "s-curve")),
        "ceiling": Num(None, lo=0, lo_open=True, hi=1, nullable=True),
    },
    optional=True,
)
STREAM_LINE = Section({"risk_adjustment": HAIRCUT, "adoption": ADOPTION_OVERRIDE})
SCHEDULE = Schedule(MONEY, GROWTH)

SCHEMA = Section(
    {
        "scenario": Section(
            {
                "name": NAME,
                "description": Text(""),
                "currency": Text("USD"),
                "language": Choice("en", ("en", "zh")),  # of reports (simroi.report.text.i18n)
                "horizon_months": Num(36, lo=1, hi=240, dist=False, integer=True),
                "discount_rate": Num(
                    0.10, lo=-1, lo_open=True, dist=False, percent_above=1, warn_above=0.5
                ),
                "discounting": Choice("monthly", ("monthly", "annual")),
            }
        ),
        "simulation": Section(
            {
                "iterations": Num(10_000, lo=1, hi=10**9, dist=False, integer=True),
                "seed": Num(None, lo=0, dist=False, integer=True, nullable=True),
                "sampler": Choice("lhs", ("random", "lhs", "sobol")),
                "hurdle_rate": Num(None, lo=-1, dist=False, nullable=True, percent_above=10),
                "percentiles": NumList(Num(lo=0, hi=100, lo_open=True, hi_open=True, dist=False)),
                "payback_months": NumList(Num(lo=1, dist=False, integer=True)),
                "headline_payback_month": Num(
                    None, lo=1, dist=False, integer=True, nullable=True
                ),
            }
        ),
        "baseline": Section(
            {
                "leads_per_month": MONEY,
                "conversion_rate": RATE,
                "avg_deal_value": MONEY,
                "gross_margin": RATE,
                "customers": MONEY,
                "monthly_churn": RATE,
                "customer_monthly_margin": MONEY,
                "sales_reps": MONEY,
                "rep_hourly_cost": MONEY,
            }
        ),
        "drivers": Section(
            {
                "conversion_lift": LIFT,
                "churn_reduction": Num(hi=1),
                "cycle_shortening": Num(hi=1, hi_open=True),
                "capacity_share": RATE,
                "deal_size_lift": LIFT,
                "hours_saved_per_rep_week": MONEY,
                "productivity_realization": Num(0.5, lo=0, hi=1),
            }
        ),
        "benefits": Section(
            {s: STREAM_LINE for s in ("conversion", "deal_size", "cycle", "churn", "productivity")}
        ),
        "adoption": Section(
            {
                "implementation_months": MONEY,
                "ramp_months": Num(6, lo=0),
                "curve": Choice("linear", ("linear", "s-curve")),
                "ceiling": Num(1, lo=0, lo_open=True, hi=1),
            }
        ),
        "costs": Section(
            {
                "one_time": NumMap(CostLine("one_time")),
                "seats": MONEY,
                "price_per_seat_month": MONEY,
                "annual_price_escalation": Num(
                    lo=-1, lo_open=True, percent_above=1, warn_above=0.25
                ),
                "monthly": NumMap(CostLine("monthly")),
                "yearly": NumMap(CostLine("yearly")),
                "learning_hours_per_rep": MONEY,
                "seat_risk_adjustment": OVERRUN,
                "learning_risk_adjustment": OVERRUN,
            }
        ),
        "custom_benefits": NamedList(
            {
                "name": NAME,
                "monthly": MONEY,
                "yearly": Schedule(MONEY, GROWTH),
                "ramped": Flag(True),
                "risk_adjustment": HAIRCUT,
                "adoption": ADOPTION_OVERRIDE,
            }
        ),
        "risks": NamedList(
            {
                "name": NAME,
                "probability": Num(None, lo=0, hi=1, dist=False, required=True),
                "benefit_multiplier": Num(1, lo=0),
                "cost_multiplier": Num(1, lo=0, warn_above=5),
                "extra_one_time_cost": MONEY,
                "delay_months": MONEY,
            }
        ),
        "correlations": Correlations(),
        "vendors": NamedList({"name": NAME, "overrides": Overrides()}),
    }
)

# Vendors are compared under the same scenario and simulation settings.
NOT_OVERRIDABLE = ("scenario", "simulation", "vendors")
PSD_TOLERANCE = 1e-10  # smallest eigenvalue a correlation matrix may have
