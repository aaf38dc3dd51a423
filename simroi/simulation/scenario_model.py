"""A validated Scenario as the engine's model: its cash-flow structure, its constants and
the work of a run of it (its job and the columns its units return)."""

from __future__ import annotations

from simroi.sampling import distributions
from simroi.sampling.designs import Design
from simroi.scenario.config import Scenario
from simroi.simulation.model import COSTS, RESULTS, STREAMS, CashFlowModel
from simroi.simulation.units import Job, default_chunk_size

__all__ = [
    "SUMMARY_COLUMNS",
    "sample_columns",
    "scenario_constants",
    "scenario_job",
    "scenario_model",
]

# Outputs that must be finite in every iteration (irr and payback may be missing).
_MUST_BE_FINITE = ("roi", "discounted_roi", "npv", "total_benefit", "total_cost")
# A result past this size has a square past 1e290: a variance over 1e9 iterations still fits.
_MAX_RESULT = 1e145


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


SUMMARY_COLUMNS = (*RESULTS, *(f"benefit_{s}" for s in STREAMS), *(f"cost_{c}" for c in COSTS))


def sample_columns(scn: Scenario) -> tuple[str, ...]:
    """The columns of a run's samples: each uncertain input, then :data:`SUMMARY_COLUMNS`."""
    return (*scn.uncertain, *SUMMARY_COLUMNS)


def scenario_job(
    scn: Scenario, n: int, seed, sampler: str, chunk_size: int | None, columns: tuple[str, ...]
) -> Job:
    """The work of an ``n``-iteration run of ``scn``: its design, model and checks, the
    ``columns`` its units return."""
    design = Design(scn.uncertain, n, seed=seed, sampler=sampler, correlations=scn.correlations)
    return Job(
        scenario_model(scn),
        design,
        scenario_constants(scn),
        keep_inputs=True,
        chunk=chunk_size or default_chunk_size(scn.horizon_months + 1),
        finite=_MUST_BE_FINITE,
        columns=tuple(columns),
        limit=_MAX_RESULT,
    )
