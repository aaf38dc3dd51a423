"""What every scenario key means: unit, meaning and an example, by its reference path.

:mod:`simroi.scenario.reference` joins these with the type, range and default
that :data:`simroi.scenario.schema.SCHEMA` holds, into docs/scenario.md and the
output of ``simroi explain``; a test checks that every schema key has an entry
here and no entry is left over. Units: ``currency`` is the scenario's currency,
``fraction`` a share written as a decimal (0.10 = 10 %).
"""

from __future__ import annotations

__all__ = ["KEYDOCS"]

_ADOPTION = {
    "implementation_months": ("months", "this line's months before go-live", "12"),
    "ramp_months": ("months", "this line's months from go-live to its ceiling", "6"),
    "curve": ("", "this line's ramp shape: linear or s-curve", "s-curve"),
    "ceiling": ("fraction", "this line's share of users at full adoption", "0.8"),
}

KEYDOCS: dict[str, tuple[str, str, str]] = {
    "scenario.name": ("", "the scenario's name (titles, folder names)", "SMB - Excel to CRM"),
    "scenario.description": ("", "free text", "three-year case for the board"),
    "scenario.currency": ("", "currency code or name of every amount", "EUR"),
    "scenario.language": ("", "language of reports and charts: en or zh (--lang overrides)", "zh"),
    "scenario.horizon_months": ("months", "H: months of benefits and recurring costs", "36"),
    "scenario.discount_rate": ("fraction/year", "r: annual discount rate", "0.10"),
    "scenario.discounting": (
        "",
        "monthly: month t by (1 + r)^(-t/12); annual: year y's months by (1 + r)^-y (TEI)",
        "annual",
    ),
    "simulation.iterations": ("", "Monte Carlo iterations", "20000"),
    "simulation.seed": ("", "root seed; null draws fresh entropy (recorded in run.json)", "42"),
    "simulation.sampler": ("", "random, lhs (Latin hypercube) or sobol", "lhs"),
    "simulation.hurdle_rate": (
        "fraction",
        "adds P(ROI > h) and P(IRR > h) to the summary; null: none",
        "0.15",
    ),
    "simulation.percentiles": (
        "percent",
        "extra percentiles of every metric (beside 5, 10, 25, 50, 75, 90, 95)",
        "[2.5, 50, 97.5]",
    ),
    "simulation.payback_months": (
        "months",
        "months m of P(payback <= m); null: multiples of 6 and H",
        "[6, 12, 18, 24]",
    ),
    "simulation.headline_payback_month": (
        "months",
        "the month m of the headline's P(payback <= m); null: 24 (the horizon if shorter), "
        "36 for horizons beyond 36 months",
        "12",
    ),
    "baseline.leads_per_month": ("leads/month", "qualified leads today", "25"),
    "baseline.conversion_rate": ("fraction", "share of leads that become customers", "0.20"),
    "baseline.avg_deal_value": ("currency", "revenue of a first deal", "5000"),
    "baseline.gross_margin": ("fraction", "margin on that revenue", "0.40"),
    "baseline.customers": ("customers", "active customers today", "250"),
    "baseline.monthly_churn": ("fraction/month", "share of customers lost each month", "0.0237"),
    "baseline.customer_monthly_margin": ("currency/month", "margin per customer", "240"),
    "baseline.sales_reps": ("people", "people who sell (and use the CRM)", "6"),
    "baseline.rep_hourly_cost": ("currency/hour", "loaded cost of an hour of theirs", "60"),
    "drivers.conversion_lift": ("fraction", "relative lift of the conversion rate", "0.25"),
    "drivers.churn_reduction": ("fraction", "relative reduction of monthly churn", "0.30"),
    "drivers.cycle_shortening": ("fraction", "relative shortening of the sales cycle", "0.20"),
    "drivers.capacity_share": (
        "fraction",
        "share of new business limited by the team's capacity (gains from a shorter cycle)",
        "0.20",
    ),
    "drivers.deal_size_lift": ("fraction", "relative lift of the deal value", "0.05"),
    "drivers.hours_saved_per_rep_week": ("hours/week", "time saved per seller", "2"),
    "drivers.productivity_realization": (
        "fraction",
        "share of the saved time that turns into value",
        "0.5",
    ),
    "benefits.<stream>.risk_adjustment": (
        "fraction",
        "haircut h of the stream (conversion, deal_size, cycle, churn, productivity): x (1 - h)",
        "0.10",
    ),
    **{f"benefits.<stream>.adoption.{k}": v for k, v in _ADOPTION.items()},
    "benefits.<stream>.adoption": (
        "",
        "the stream's own ramp; keys not given (null) are the scenario's adoption",
        "{implementation_months: 12}",
    ),
    "adoption.implementation_months": ("months", "months before go-live", "2"),
    "adoption.ramp_months": ("months", "months from go-live to the ceiling (0: a step)", "6"),
    "adoption.curve": ("", "ramp shape: linear or s-curve (3x^2 - 2x^3)", "linear"),
    "adoption.ceiling": ("fraction", "share of users at full adoption", "0.9"),
    "costs.one_time.<name>": (
        "currency",
        "a one-time cost, paid at month 0; or {amount, at_month, risk_adjustment} or "
        "{payments: [{month, amount}], risk_adjustment}",
        "{amount: 20000, at_month: 6}",
    ),
    "costs.one_time.<name>.amount": ("currency", "the amount", "20000"),
    "costs.one_time.<name>.at_month": ("month", "the month it is paid in (0..H)", "6"),
    "costs.one_time.<name>.payments": (
        "currency",
        "milestone payments, each {month, amount}; input <name>.month<m>",
        "[{month: 0, amount: 5000}, {month: 6, amount: 7000}]",
    ),
    "costs.one_time.<name>.risk_adjustment": ("fraction", "overrun o: cost x (1 + o)", "0.15"),
    "costs.seats": ("seats", "licensed seats", "10"),
    "costs.price_per_seat_month": ("currency/seat/month", "price of a seat in year 1", "150"),
    "costs.annual_price_escalation": (
        "fraction/year",
        "seat price rise at each anniversary: year y pays (1 + e)^(y - 1)",
        "0.03",
    ),
    "costs.monthly.<name>": (
        "currency/month",
        "a recurring monthly cost; or {amount, risk_adjustment}",
        "1000",
    ),
    "costs.monthly.<name>.amount": ("currency/month", "the amount", "1000"),
    "costs.monthly.<name>.risk_adjustment": ("fraction", "overrun o: cost x (1 + o)", "0.10"),
    "costs.yearly.<name>": (
        "currency/year",
        "a recurring cost per year 1..N, each spread over its 12 months: a list, one amount "
        "for every year, or {first, growth}; or {amount: <schedule>, risk_adjustment}",
        "[666715, 636772, 647783]",
    ),
    "costs.yearly.<name>.amount": ("currency/year", "the schedule", "[1000, 1100, 1200]"),
    "costs.yearly.<name>.risk_adjustment": ("fraction", "overrun o: cost x (1 + o)", "0.05"),
    "costs.learning_hours_per_rep": (
        "hours",
        "training time per seller, paid as adoption rises",
        "16",
    ),
    "costs.seat_risk_adjustment": ("fraction", "overrun o of the seat cost", "0.05"),
    "costs.learning_risk_adjustment": ("fraction", "overrun o of the learning cost", "0.5"),
    "custom_benefits[].name": ("", "the line's name (unique, no '.')", "report preparation"),
    "custom_benefits[].monthly": ("currency/month", "benefit per month", "1200"),
    "custom_benefits[].yearly": (
        "currency/year",
        "benefit per year 1..N instead of monthly: a list (entries may be distributions), "
        "one amount, or {first, growth}",
        "[1606511, 3061331, 4229760]",
    ),
    "custom_benefits[].ramped": (
        "",
        "true: follows adoption a(t); false: paid in full from month 1",
        "false",
    ),
    "custom_benefits[].risk_adjustment": ("fraction", "haircut h: benefit x (1 - h)", "0.10"),
    **{f"custom_benefits[].adoption.{k}": v for k, v in _ADOPTION.items()},
    "custom_benefits[].adoption": (
        "",
        "the line's own ramp (a module that goes live later); null keys: the scenario's",
        "{implementation_months: 12, ramp_months: 6}",
    ),
    "risks[].name": ("", "the event's name (unique, no '.')", "integration overrun"),
    "risks[].probability": ("fraction", "P(the event occurs) in an iteration", "0.2"),
    "risks[].benefit_multiplier": ("", "every benefit x this when it occurs", "0.5"),
    "risks[].cost_multiplier": ("", "every recurring cost x this when it occurs", "1.2"),
    "risks[].extra_one_time_cost": ("currency", "paid at month 0 when it occurs", "30000"),
    "risks[].delay_months": ("months", "go-live later by this when it occurs", "2"),
    "correlations": (
        "",
        "[input_a, input_b, spearman_rho] between uncertain inputs (dotted paths); an "
        "override (--set, sweep, vendor) that pins an input drops its pairs, with a note",
        "[[drivers.conversion_lift, drivers.cycle_shortening, 0.5]]",
    ),
    "vendors[].name": ("", "the offer's name", "Vendor A"),
    "vendors[].overrides": (
        "",
        "dotted path -> value replacing the base scenario's",
        "{costs.price_per_seat_month: 90}",
    ),
}
