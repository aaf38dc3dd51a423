"""What a scenario input means when it is fitted from data: one value, or the mean of many.

The model draws each uncertain input once per iteration and uses it for the whole
horizon. For most inputs one draw is one value like those observed: a project's
overrun, the months an implementation took, a lift seen at a comparable company;
their distribution is the spread of the observed values. But some inputs are
*averages* over many units of the period: ``baseline.avg_deal_value`` is the mean
value of the period's won deals, not one deal's, so what is uncertain is that mean,
and its distribution is the sampling distribution of the mean (:data:`MEANS`), as
``simroi baseline`` measures it. Fitting single deals to it would give the spread
of deals (sd 3,348 on the sample export) where the mean's is 160.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simroi.errors import ConfigError
from simroi.scenario.schema import SCHEMA, CostLine, Num, NumMap, Section

__all__ = ["MEANS", "Input", "resolve"]


@dataclass(frozen=True)
class Mean:
    """An average-type input: over what its mean is taken, and the export column that holds it."""

    over: str
    role: str | None = None  # the export's column for it (amount, stage/won), if any
    won_only: bool = False  # only the won deals (when the table has an outcome)


MEANS = {
    "baseline.avg_deal_value": Mean("the won deals of the period", "amount", won_only=True),
    "baseline.conversion_rate": Mean("the decided deals of the period (won 1, lost 0)", "outcome"),
    "baseline.leads_per_month": Mean("the months of the period"),
    "baseline.monthly_churn": Mean("the months of the period"),
    "baseline.gross_margin": Mean("the deals of the period"),
    "baseline.customer_monthly_margin": Mean("the customers"),
    "baseline.rep_hourly_cost": Mean("the sales reps"),
    "drivers.hours_saved_per_rep_week": Mean("the sales reps"),
}


@dataclass(frozen=True)
class Input:
    """A scenario input taking a distribution: its path, its field (range) and its meaning.

    ``mean``: how it averages (None: one value like those observed).
    """

    path: str
    field: Num
    mean: Mean | None

    @property
    def bounds(self) -> tuple[float, float]:
        """The range a fitted distribution must stay in (an open end: a hair inside)."""
        lo, hi = self.field.lo, self.field.hi
        if self.field.lo_open:
            lo = math.nextafter(lo, math.inf)
        if self.field.hi_open:
            hi = math.nextafter(hi, -math.inf)
        return lo, hi

    def holds(self, x: float) -> bool:
        """``x`` is in the range (and not so large that the key would read it as a percent)."""
        big = self.field.percent_above
        return self.field.above_lo(x) and self.field.below_hi(x) and (big is None or x <= big)

    @property
    def rule(self) -> str:
        big = self.field.percent_above
        return self.field.rule() + (f"; above {big:g} it is a percent" if big is not None else "")


_COST_LINE = {"amount": Num(lo=0), "risk_adjustment": Num(lo=0)}


def _field(path: str) -> Num | None:
    node: object = SCHEMA
    parts = path.split(".")
    for k, part in enumerate(parts):
        if isinstance(node, Section):
            node = node.fields.get(part)
        elif isinstance(node, NumMap) and isinstance(node.item, CostLine):
            rest = parts[k + 1 :]  # costs.one_time.<name>[.amount | .risk_adjustment]
            if node.item.kind == "yearly" or len(rest) > 1:
                return None
            return _COST_LINE.get(rest[0] if rest else "amount")
        else:
            return None
    return node if isinstance(node, Num) and node.dist else None


def resolve(path: str) -> Input:
    """The input at ``path`` (``baseline.avg_deal_value``, ``costs.one_time.crm.amount``)."""
    field = _field(path)
    if field is None:
        raise ConfigError(
            f"--for {path}: not a scenario input that takes a distribution (e.g. "
            "baseline.avg_deal_value, drivers.conversion_lift, costs.one_time.<name>; "
            "see docs/scenario.md)"
        )
    return Input(path, field, MEANS.get(path))
