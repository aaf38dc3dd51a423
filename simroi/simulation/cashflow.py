"""The cumulative cash-flow fan of a run: P10/P50/P90 and mean of the cash position by month.

Percentiles of the whole run cannot be merged chunk by chunk, and the engine does
not keep the monthly flows (n x H values). The fan is therefore computed after
the run on its first ``min(n, FAN_ROWS)`` iterations: a Design's draws do not
depend on the chunking, so drawing rows ``0..m-1`` again gives exactly the
inputs of the run's first ``m`` iterations, and the model's monthly net flows
(:meth:`~simroi.simulation.model.CashFlowModel.monthly_net`) on them are the
run's. Below ``FAN_ROWS`` iterations the fan is exact; the summary says how many
iterations it used. A run to a precision draws its batches from seeds of their
own; the fan takes its first batches, in order, up to ``FAN_ROWS`` iterations.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from simroi.sampling.designs import Design
from simroi.sampling.seeds import root_sequence
from simroi.simulation.scenario_model import scenario_constants, scenario_model

if TYPE_CHECKING:
    from simroi.simulation.results import Results

__all__ = ["FAN_ROWS", "cash_flow_fan", "cumulative_cash", "fan"]

#: Iterations behind the fan: enough for P10/P90 to within about 0.3 % of the iterations.
FAN_ROWS = 20_000
_CHUNK = 8192  # rows evaluated at once: (rows, H + 1) floats stay small


def cumulative_cash(res: Results, rows: int = FAN_ROWS) -> np.ndarray:
    """The cumulative net cash flow of the run's first ``min(n, rows)`` iterations, (m, H + 1).

    Column 0 is month 0 (minus the month-0 costs); row ``i`` is iteration ``i``.
    """
    scn = res.scenario
    model, constants = scenario_model(scn), scenario_constants(scn)
    parts = []
    for design, size in _designs(res, rows):
        for start in range(0, size, _CHUNK):
            stop = min(start + _CHUNK, size)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                cash = model.monthly_net({**constants, **design.draw(start, stop)})
            # every input a constant: one row stands for every iteration
            parts.append(np.broadcast_to(cash, (stop - start, cash.shape[1])))
    return np.cumsum(np.concatenate(parts), axis=1)


def cash_flow_fan(res: Results, rows: int = FAN_ROWS) -> dict:
    """``cash_flow`` of summary.json: months 0..H, p10/p50/p90/mean of the cumulative cash."""
    return fan(cumulative_cash(res, rows))


def fan(cum: np.ndarray) -> dict:
    """The fan of cumulative cash flows ``cum`` (iterations, H + 1), as ``cash_flow``."""
    by_month = np.ascontiguousarray(cum.T)  # each month's values side by side: a faster partition
    p10, p50, p90 = np.percentile(by_month, [10, 50, 90], axis=1)
    return {
        "months": list(range(cum.shape[1])),
        "p10": [float(v) for v in p10],
        "p50": [float(v) for v in p50],
        "p90": [float(v) for v in p90],
        "mean": [float(v) for v in np.mean(by_month, axis=1)],
        "iterations_used": int(cum.shape[0]),
    }


def _designs(res: Results, rows: int) -> Iterator[tuple[Design, int]]:
    """The designs the run's first ``rows`` iterations came from, and how many rows of each."""
    scn = res.scenario

    def design(n: int, seed: object) -> Design:
        return Design(
            scn.uncertain, n, seed=seed, sampler=res.sampler, correlations=scn.correlations
        )

    seed = res.seed if res.seed is not None else res.seed_entropy
    if res.precision is None:
        yield design(res.iterations, seed), min(rows, res.iterations)
        return
    # simulation/precision.py: batch k has the seed SeedSequence(entropy, spawn_key=(..., k))
    root = root_sequence(seed)
    done = 0
    for k, step in enumerate(res.precision["history"]):
        size = step["iterations"] - done
        batch = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k))
        yield design(size, batch), min(size, rows - done)
        done = step["iterations"]
        if done >= rows:
            return
