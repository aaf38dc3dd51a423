"""The monthly cash-flow model of docs/model.md: arrays of inputs in, arrays of results out.

Every function here is pure numpy: no I/O, no randomness, no printing. Iterations
are array rows; the only Python loop is over months (and over root-finding
steps for the IRR), so one call evaluates a whole chunk of iterations at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.simulation.calendar import adoption_shape, discount_factors, share_of_month, years
from simroi.simulation.irr import irr, scenario_irr
from simroi.simulation.metrics import RESULTS

__all__ = [
    "BASELINE_KEYS",
    "COSTS",
    "DRIVER_KEYS",
    "RESULTS",
    "STREAMS",
    "CashFlowModel",
    "adoption_shape",
    "discount_factors",
    "irr",
]

STREAMS = ("conversion", "deal_size", "cycle", "churn", "productivity", "custom")
# Parts of total_cost (``cost_<part>``): the amounts as entered, and the "risk" part, the
# extra from risk events (cost multipliers, extra one-time costs) and overrun adjustments.
COSTS = ("one_time", "recurring", "learning", "risk")
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


@dataclass(frozen=True)
class CashFlowModel:
    """The CRM cash-flow model of docs/model.md for one scenario's structure.

    Parameters
    ----------
    horizon : int
        Months of benefits and recurring costs (``H``).
    discount_rate : float
        Annual discount rate ``r``.
    curve : {"linear", "s-curve"}
        Adoption curve.
    one_time, monthly : tuple of str
        Names of the one-time (paid at month 0) and monthly cost items.
    custom : tuple of (str, bool)
        Custom benefit lines with a monthly amount: (name, ramped).
    risks : tuple of str
        Risk event names.
    discounting : {"monthly", "annual"}
        See :func:`discount_factors`.
    payments : tuple of (str, int)
        One-time payments at a month: (input path of the amount, month). The
        line's overrun is the input ``<line>.risk_adjustment``, where ``<line>``
        is ``costs.one_time.<name>`` (the path up to the payment's own part).
    yearly : tuple of (str, str)
        Yearly cost items: (name, form), form one of ``"list"`` (inputs
        ``costs.yearly.<name>.year1 ..``), ``"flat"`` (``costs.yearly.<name>``,
        every year) or ``"growth"`` (``.first`` times ``(1 + .growth) ** (y - 1)``).
    custom_yearly : tuple of (str, bool, str)
        Custom benefit lines with a yearly schedule: (name, ramped, form).
    own_adoption : tuple of (str, str)
        Benefit lines with their own ramp: (line, curve), line ``benefits.<stream>``
        or ``custom_benefits.<name>``; its inputs ``<line>.adoption.<key>`` replace
        the scenario's ``adoption.<key>`` where given.

    Calling the model with a mapping of dotted input paths to arrays of shape
    (n,) or scalars returns a dict of per-iteration arrays, shape (n,): the
    results (``RESULTS``) and ``benefit_<stream>`` for each stream of
    ``STREAMS`` (undiscounted totals times the risk multiplier, so they add up
    to ``total_benefit``), and ``cost_<part>`` for each part of ``COSTS``
    (they add up to ``total_cost``). :meth:`monthly_net` gives the monthly net
    cash flows behind them instead.
    """

    horizon: int
    discount_rate: float
    curve: str = "linear"
    one_time: tuple[str, ...] = ()
    monthly: tuple[str, ...] = ()
    custom: tuple[tuple[str, bool], ...] = ()
    risks: tuple[str, ...] = ()
    discounting: str = "monthly"
    payments: tuple[tuple[str, int], ...] = ()
    yearly: tuple[tuple[str, str], ...] = ()
    custom_yearly: tuple[tuple[str, bool, str], ...] = ()
    own_adoption: tuple[tuple[str, str], ...] = ()

    def __call__(self, x: Mapping[str, np.ndarray | float]) -> dict[str, np.ndarray]:
        return self._evaluate(x)[0]

    def monthly_net(self, x: Mapping[str, np.ndarray | float]) -> np.ndarray:
        """Net cash flow of each month, shape (n, H + 1); column 0 is minus the month-0 costs."""
        return self._evaluate(x, with_irr=False)[1]

    def _evaluate(self, x: Mapping, with_irr: bool = True) -> tuple[dict, np.ndarray]:
        n = max([np.size(v) for v in x.values()] + [1])

        def get(path: str, default: float = 0.0):
            v = x.get(path, default)
            return v if np.ndim(v) == 0 else np.asarray(v, dtype=float)

        def schedule(path: str, form: str) -> list:
            """The amount of each year 1..N of a yearly schedule."""
            if form == "list":
                return [get(f"{path}.year{y + 1}") for y in range(n_years)]
            if form == "growth":
                first, growth = get(f"{path}.first"), 1.0 + get(f"{path}.growth")
                return [first * growth**y for y in range(n_years)]
            return [get(path)] * n_years

        n_years = years(self.horizon)
        b = {k: get(f"baseline.{k}") for k in BASELINE_KEYS}
        dr = {k: get(f"drivers.{k}") for k in DRIVER_KEYS}
        occurred = {r: get(f"risks.{r}") for r in self.risks}
        multiplier = 1.0
        cost_multiplier = 1.0
        delay = get("adoption.implementation_months")
        risk_delay = 0.0
        c0 = sum((get(f"costs.one_time.{k}") for k in self.one_time), 0.0)
        base = c0 + sum((get(path) for path, _ in self.payments), 0.0)  # costs as entered
        for r, occ in occurred.items():
            multiplier = multiplier * np.where(
                occ > 0, get(f"risks.{r}.benefit_multiplier", 1.0), 1.0
            )
            cost_multiplier = cost_multiplier * np.where(
                occ > 0, get(f"risks.{r}.cost_multiplier", 1.0), 1.0
            )
            delay = delay + occ * get(f"risks.{r}.delay_months")
            risk_delay = risk_delay + occ * get(f"risks.{r}.delay_months")
            c0 = c0 + occ * get(f"risks.{r}.extra_one_time_cost")
        paid_later = {}  # month -> phased one-time payments due then
        for path, month in self.payments:
            line = path if path.count(".") == 2 else path.rpartition(".")[0]
            amount = get(path) * (1.0 + get(f"{line}.risk_adjustment"))
            if month == 0:
                c0 = c0 + amount
            else:
                paid_later[month] = paid_later.get(month, 0.0) + amount
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
        for k in per_a:  # per-line haircut: benefit x (1 - h)
            per_a[k] = per_a[k] * (1.0 - get(f"benefits.{k}.risk_adjustment"))
        q = b["monthly_churn"]
        churn_in = (
            b["customers"]
            * q
            * dr["churn_reduction"]
            * (1.0 - get("benefits.churn.risk_adjustment"))
        )

        def custom_amount(k: str, field: str = "monthly"):
            return get(f"custom_benefits.{k}.{field}") * (
                1.0 - get(f"custom_benefits.{k}.risk_adjustment")
            )

        own = {line: curve for line, curve in self.own_adoption}
        custom_ramped = sum(
            (custom_amount(k) for k, r in self.custom if r and f"custom_benefits.{k}" not in own),
            0.0,
        )
        custom_flat = sum((custom_amount(k) for k, r in self.custom if not r), 0.0)
        seat0 = (
            get("costs.seats")
            * get("costs.price_per_seat_month")
            * (1.0 + get("costs.seat_risk_adjustment"))
        )
        escalation = 1.0 + get("costs.annual_price_escalation")
        in_year = [min(12, self.horizon - 12 * y) for y in range(n_years)]
        plain = get("costs.seats") * get("costs.price_per_seat_month")
        plain = sum((plain * escalation**y * m for y, m in enumerate(in_year)), 0.0)
        plain = plain + self.horizon * sum((get(f"costs.monthly.{k}") for k in self.monthly), 0.0)
        monthly_cost = sum(
            (
                get(f"costs.monthly.{k}") * (1.0 + get(f"costs.monthly.{k}.risk_adjustment"))
                for k in self.monthly
            ),
            0.0,
        )
        learning_plain = (
            b["sales_reps"] * get("costs.learning_hours_per_rep") * b["rep_hourly_cost"]
        )
        learning = learning_plain * (1.0 + get("costs.learning_risk_adjustment"))

        # Yearly schedules, monthly amounts (a year's amount spread over its 12 months).
        yearly_cost = [0.0] * n_years
        for k, form in self.yearly:
            adj = 1.0 + get(f"costs.yearly.{k}.risk_adjustment")
            for y, v in enumerate(schedule(f"costs.yearly.{k}", form)):
                yearly_cost[y] = yearly_cost[y] + v * adj / 12.0
                plain = plain + v * in_year[y] / 12.0
        flat_y = [0.0] * n_years

        # Benefit lines with their own ramp form groups beside the scenario's: each
        # group has its adoption a_g(t), its factor of a_g(t) and maybe the churn stream.
        groups = []
        for line, curve in self.own_adoption:
            g = {"line": line, "curve": curve, "factor": 0.0, "churn": None}
            for key, base in (
                ("implementation_months", get("adoption.implementation_months")),
                ("ramp_months", ramp),
                ("ceiling", ceiling),
            ):
                g[key] = get(f"{line}.adoption.{key}") if f"{line}.adoption.{key}" in x else base
            g["implementation_months"] = g["implementation_months"] + risk_delay
            g["yearly"] = [0.0] * n_years
            groups.append(g)
        by_line = {g["line"]: g for g in groups}
        for k in list(per_a):
            if f"benefits.{k}" in by_line:
                by_line[f"benefits.{k}"]["factor"] = per_a[k]
        churn_group = by_line.get("benefits.churn")
        if churn_group is not None:
            churn_group["churn"] = churn_in
        for k, r in self.custom:
            if r and f"custom_benefits.{k}" in by_line:
                by_line[f"custom_benefits.{k}"]["factor"] = custom_amount(k)
        ramped_y = [0.0] * n_years
        for k, r, form in self.custom_yearly:
            keep = 1.0 - get(f"custom_benefits.{k}.risk_adjustment")
            target = (
                by_line[f"custom_benefits.{k}"]["yearly"]
                if r and f"custom_benefits.{k}" in by_line
                else (ramped_y if r else flat_y)
            )
            for y, v in enumerate(schedule(f"custom_benefits.{k}.yearly", form)):
                target[y] = target[y] + v * keep / 12.0

        # Every stream but churn is a(t) times a per-iteration factor, so a stream's
        # total is its factor times the sum of a(t); only their sum is needed monthly.
        per_a["custom"] = custom_ramped
        default_streams = [k for k in per_a if f"benefits.{k}" not in by_line]
        per_a_sum = sum(per_a[k] for k in default_streams)
        churn_default = churn_group is None
        margin = b["customer_monthly_margin"]
        has_yearly = bool(self.custom_yearly)

        zeros = np.zeros(n)
        sum_a, sum_retained, retained = zeros.copy(), zeros.copy(), zeros.copy()
        for g in groups:
            g["sum_a"], g["retained"], g["sum_retained"] = zeros.copy(), zeros.copy(), zeros.copy()
        yearly_custom_total = zeros.copy()
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
        d = discount_factors(self.horizon, self.discount_rate, self.discounting)

        for t in range(1, self.horizon + 1):
            y = (t - 1) // 12
            a = ceiling * adoption_shape(t, delay, ramp, self.curve)
            if churn_default:
                retained = retained * (1.0 - q) + a * churn_in
            sum_a += a
            sum_retained += retained
            inner = a * per_a_sum + retained * margin + custom_flat
            for g in groups:
                ag = g["ceiling"] * adoption_shape(
                    t, g["implementation_months"], g["ramp_months"], g["curve"]
                )
                g["sum_a"] += ag
                inner = inner + ag * g["factor"]
                if g["churn"] is not None:
                    g["retained"] = g["retained"] * (1.0 - q) + ag * g["churn"]
                    g["sum_retained"] += g["retained"]
                    inner = inner + g["retained"] * margin
                if has_yearly:
                    inner = inner + ag * g["yearly"][y]
                    yearly_custom_total += ag * g["yearly"][y]
            if has_yearly:
                inner = inner + a * ramped_y[y] + flat_y[y]
                yearly_custom_total += a * ramped_y[y] + flat_y[y]
            benefit = multiplier * inner
            seat = seat0 * escalation ** ((t - 1) // 12)
            recurring = seat + monthly_cost
            if self.yearly:
                recurring = recurring + yearly_cost[y]
            if self.risks:
                recurring = recurring * cost_multiplier
            cost = recurring + learning * (a - a_prev) / ceiling
            if t in paid_later:
                cost = cost + paid_later[t]
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
                exact[hit] = t - 1 + share_of_month(before[hit], net[hit])
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
            "irr": scenario_irr(cash, self.discounting) if with_irr else None,
            "payback_month": payback,
            "payback_months_exact": exact,
            "discounted_payback_month": dpayback,
            "pv_benefit": pv_benefit,
            "pv_cost": pv_cost,
        }
        totals = {k: per_a[k] * sum_a for k in default_streams}
        totals["churn"] = margin * sum_retained
        for g in groups:
            stream = g["line"].removeprefix("benefits.")
            if g["churn"] is not None:
                totals["churn"] = margin * g["sum_retained"]
            elif stream in per_a:
                totals[stream] = g["factor"] * g["sum_a"]
            else:
                totals["custom"] = totals.get("custom", 0.0) + g["factor"] * g["sum_a"]
        totals["custom"] = totals.get("custom", 0.0) + custom_flat * self.horizon
        if has_yearly:
            totals["custom"] = totals["custom"] + yearly_custom_total
        for k in STREAMS:
            out[f"benefit_{k}"] = multiplier * totals[k] + zeros
        # Learning is spread over the adoption steps: its months sum to a(H) / ceiling.
        parts = (base + zeros, plain + zeros, learning_plain * a_prev / ceiling + zeros)
        for k, v in zip(COSTS, parts, strict=False):
            out[f"cost_{k}"] = v
        risk = total_cost - (parts[0] + parts[1] + parts[2])  # what the loop added on top
        out["cost_risk"] = np.where(np.abs(risk) <= 1e-12 * np.abs(total_cost), 0.0, risk)
        return out, cash
