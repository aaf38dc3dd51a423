"""What the decision analytics work on: a scenario or any vectorised model of named inputs.

:class:`Subject` holds the model, its uncertain inputs (Distributions), its
constants and the sampling settings, and evaluates the model chunk by chunk on
any values of the inputs (so breakeven and stress can re-evaluate the very
same draws with one input changed: common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from simroi.errors import SimroiError
from simroi.sampling.designs import Design
from simroi.sampling.distributions import Distribution
from simroi.sampling.seeds import resolve_seed
from simroi.scenario.config import Scenario
from simroi.simulation.model import RESULTS
from simroi.simulation.modelcall import parse_inputs
from simroi.simulation.scenario_model import scenario_constants, scenario_model
from simroi.simulation.units import default_chunk_size

__all__ = ["Subject", "subject"]


@dataclass(frozen=True)
class Subject:
    model: Callable
    dists: dict[str, Distribution]
    constants: dict[str, float]
    correlations: tuple
    sampler: str
    seed: int | np.random.SeedSequence | None
    n: int
    metrics: tuple[str, ...]
    name: str = "model"
    currency: str | None = None
    chunk: int = 65536

    def design(self, n: int | None = None, seed=None) -> Design:
        return Design(
            self.dists,
            self.n if n is None else n,
            seed=self.seed if seed is None else seed,
            sampler=self.sampler,
            correlations=self.correlations,
        )

    def outputs(self, values: Mapping[str, np.ndarray], names: Sequence[str]) -> dict:
        """The model's outputs `names` on the rows of `values` (by input name; constants filled)."""
        rows = len(next(iter(values.values()))) if values else 1
        parts: dict[str, list] = {k: [] for k in names}
        for a in range(0, rows, self.chunk):
            chunk = {k: v[a : a + self.chunk] for k, v in values.items()}
            x = {**self.constants, **chunk}
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                out = self.model(x)
            if not isinstance(out, Mapping):
                out = {"output": out}
            size = min(self.chunk, rows - a)
            for k in names:
                y = np.asarray(out[k], dtype=float)
                parts[k].append(np.broadcast_to(y, (size,)) if y.size == 1 else y)
        return {k: np.concatenate(v) for k, v in parts.items()}


def require_uncertain(scn: Scenario) -> None:
    """Refuse to analyse a scenario whose every number is a constant (nothing can vary)."""
    if not scn.uncertain:
        where = f"{scn.source}: " if scn.source else ""
        raise SimroiError(
            f"{where}scenario '{scn.name}' has no uncertain input (every number is a constant); "
            "there is nothing to analyse"
        )


def _check_n(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 100:
        raise SimroiError(f"n: must be a whole number >= 100, got {n!r}")
    return int(n)


def subject(
    subject: Scenario | Callable,
    inputs: Mapping[str, object] | None,
    n: int | None,
    *,
    seed=None,
    sampler: str | None = None,
    correlations: Sequence = (),
) -> Subject:
    """A Subject from a scenario (its inputs, settings and cash-flow model) or a model + inputs.

    Without any seed one fresh entropy is drawn here, so every design of the
    Subject shares it.
    """
    seed = resolve_seed(seed, subject.seed if isinstance(subject, Scenario) else None)
    if isinstance(subject, Scenario):
        if inputs is not None:
            raise SimroiError("inputs: a scenario brings its own inputs; pass inputs=None")
        scn = subject
        return Subject(
            model=scenario_model(scn),
            dists=dict(scn.uncertain),
            constants=scenario_constants(scn),
            correlations=tuple(scn.correlations),
            sampler=sampler or scn.sampler,
            seed=seed,
            n=_check_n(scn.iterations if n is None else n),
            metrics=RESULTS,
            name=scn.name,
            currency=scn.currency,
            chunk=default_chunk_size(scn.horizon_months + 1),
        )
    if not callable(subject):
        raise SimroiError(f"subject: must be a Scenario or a model callable, got {subject!r}")
    if inputs is None:
        raise SimroiError("inputs: a model needs its named input specs")
    dists, constants = parse_inputs(inputs, require_uncertain=False)
    medians = {k: np.array([d.median()]) for k, d in dists.items()}
    out = subject({**constants, **medians})
    metrics = tuple(out) if isinstance(out, Mapping) else ("output",)
    return Subject(
        model=subject,
        dists=dists,
        constants=constants,
        correlations=tuple(correlations),
        sampler=sampler or "lhs",
        seed=seed,
        n=_check_n(10_000 if n is None else n),
        metrics=metrics,
    )
