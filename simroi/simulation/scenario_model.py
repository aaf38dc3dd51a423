"""A validated Scenario as the engine's model: its cash-flow structure and its constants."""

from __future__ import annotations

from simroi.sampling import distributions
from simroi.scenario.config import Scenario
from simroi.simulation.model import CashFlowModel

__all__ = ["scenario_constants", "scenario_model"]


def scenario_model(scn: Scenario) -> CashFlowModel:
    """The cash-flow model of a validated scenario's structure."""
    return CashFlowModel(
        horizon=scn.horizon_months,
        discount_rate=scn.discount_rate,
        curve=scn.curve,
        one_time=scn.one_time,
        monthly=scn.monthly,
        custom=scn.custom,
        risks=scn.risks,
        discounting=scn.discounting,
        payments=scn.payments,
        yearly=scn.yearly,
        custom_yearly=scn.custom_yearly,
        own_adoption=scn.own_adoption,
    )


def scenario_constants(scn: Scenario) -> dict[str, float]:
    """The scenario's inputs that are constants, by dotted path."""
    return {k: v for k, v in scn.inputs.items() if not isinstance(v, distributions.Distribution)}
