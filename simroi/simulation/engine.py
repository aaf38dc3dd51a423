"""Run a vectorised model over a sampled design, chunk by chunk (no I/O).

The iterations are split into chunks whose plan depends only on the chunk
size; every chunk draws its inputs from :class:`simroi.sampling.designs.Design`
(whose draws do not depend on the chunking) and evaluates the model on those
rows only. Results are therefore bit-identical whatever the chunk size or the
number of worker processes, and peak memory grows with the chunk, not with the
number of iterations times the number of months.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simroi.errors import SimroiError
from simroi.sampling import distributions
from simroi.sampling.designs import Design
from simroi.scenario.config import Scenario, load_scenario
from simroi.simulation.model import RESULTS, STREAMS, CashFlowModel
from simroi.simulation.modelcall import check_callable, numeric_output, parse_inputs
from simroi.simulation.results import Results


def default_chunk_size(columns: int = 1) -> int:
    """Rows per chunk: about 16 MB for a (rows, columns) float64 array, 4096..65536."""
    return int(max(4096, min(65536, 2**21 // max(columns, 1))))


@dataclass(frozen=True)
class _Job:
    """Everything a (possibly remote) worker needs to evaluate one chunk."""

    model: Callable
    design: Design
    constants: Mapping[str, float]
    keep_inputs: bool

    def __call__(self, bounds: tuple[int, int]) -> dict[str, np.ndarray]:
        start, stop = bounds
        drawn = self.design.draw(start, stop)
        # Overflow or 0/0 shows up as a non-finite output, which _check_finite
        # reports with the inputs involved; numpy's warnings would only repeat it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = self.model({**self.constants, **drawn})
        if not isinstance(out, Mapping):
            out = {"output": out}
        cols = dict(drawn) if self.keep_inputs else {}
        names = (*drawn, *self.constants)
        for name, values in out.items():
            values = numeric_output(name, values, names)
            if not drawn and values.size == 1:
                # Every input is a constant: so is every output, in every iteration.
                values = np.full(stop - start, values.reshape(-1)[0])
            if values.shape != (stop - start,):
                raise SimroiError(
                    f"model output {name!r} has shape {values.shape}, expected ({stop - start},): "
                    "the model must be vectorised (1-D arrays in, 1-D arrays of that length out)"
                )
            cols[name] = values
        return cols


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(a, min(a + size, n)) for a in range(0, n, size)]


def _run(
    job: _Job,
    n: int,
    chunk_size: int,
    workers: int,
    progress: Callable[[int], None] | None,
) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """Yield (first iteration, columns) of each chunk in order, reporting progress."""
    bounds = _chunks(n, chunk_size)
    if workers <= 1 or len(bounds) == 1:
        results: Iterator = map(job, bounds)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(job, bounds)
    try:
        for (start, stop), cols in zip(bounds, results, strict=True):
            if progress is not None:
                progress(stop - start)
            yield start, cols
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _check_finite(
    cols: Mapping[str, np.ndarray],
    names: Sequence[str],
    inputs: Sequence[str],
    constants: Mapping[str, float],
    offset: int,
    limit: float = np.inf,
) -> None:
    """Raise SimroiError naming the inputs when a model output is NaN, infinite or
    (with ``limit``) larger in size than ``limit``."""
    for name in names:
        with np.errstate(invalid="ignore"):
            bad = ~(np.abs(cols[name]) <= limit) if np.isfinite(limit) else ~np.isfinite(cols[name])
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            big = [k for k in inputs if not abs(cols[k][i]) < 1e12]
            shown = [f"{k} = {cols[k][i]:.6g}" for k in (big or inputs)]
            large = [f"{k} = {v:.6g}" for k, v in constants.items() if not abs(v) < 1e12]
            detail = ", ".join(shown + large) or "all inputs constant"
            value = cols[name][i]
            what = "non-finite" if not np.isfinite(value) else "too large a"
            rule = (
                ""
                if not np.isfinite(value)
                else f" (beyond {limit:.0e}, where sums of squares overflow)"
            )
            raise SimroiError(
                f"the model gave {what} {name} ({value:.6g}){rule} in {int(bad.sum())} "
                f"iteration(s), first at iteration {offset + i}; inputs there: {detail}"
            )


def _check_args(n: int, chunk_size: int | None, workers: int = 1) -> None:
    """The engine's own arguments; the sampler is checked by the Design."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise SimroiError(f"iterations: must be a whole number >= 1, got {n!r}")
    if chunk_size is not None and (not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1):
        raise SimroiError(f"chunk_size: must be a whole number >= 1, got {chunk_size!r}")
    if not isinstance(workers, (int, np.integer)) or workers < 1:
        raise SimroiError(f"workers: must be a whole number >= 1, got {workers!r}")


def simulate(
    f: Callable[[dict[str, np.ndarray]], np.ndarray | Mapping[str, np.ndarray]],
    inputs: Mapping[str, object],
    n: int = 10000,
    *,
    seed: int | np.random.SeedSequence | None = None,
    sampler: str = "lhs",
    correlations: Sequence[tuple[str, str, float]] = (),
    chunk_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Monte Carlo simulation of any vectorised model of named inputs.

    Parameters
    ----------
    f : callable
        ``f(x)`` with ``x`` a dict of input name -> 1-D array (constants as
        floats) returning a 1-D array of the same length (column ``"output"``)
        or a dict of such arrays (one column each).
    inputs : mapping
        Input name -> constant or distribution spec (SPEC §3).
    n : int
        Number of iterations.
    seed : int, SeedSequence or None
        Root of all randomness; None draws fresh entropy.
    sampler : {"lhs", "random", "sobol"}
    correlations : sequence of (name, name, spearman_rho)
    chunk_size : int, optional
        Rows evaluated at once; the result does not depend on it.
    progress : callable, optional
        Called with the number of iterations completed by each chunk.

    Returns
    -------
    pandas.DataFrame
        One row per iteration: every input, then the output(s).
    """
    _check_args(n, chunk_size)
    check_callable("f", f)
    check_callable("progress", progress, optional=True)
    if not inputs:
        raise SimroiError("inputs: at least one input is needed")
    dists, constants = parse_inputs(inputs, require_uncertain=False)
    design = Design(dists, n, seed=seed, sampler=sampler, correlations=correlations)
    job = _Job(f, design, constants, keep_inputs=True)
    frames = []
    for offset, cols in _run(job, n, chunk_size or default_chunk_size(), 1, progress):
        outputs = [k for k in cols if k not in dists]
        _check_finite(cols, outputs, list(dists), constants, offset)
        rows = len(next(iter(cols.values())))
        for k, v in constants.items():
            cols[k] = np.full(rows, v)
        frames.append(pd.DataFrame(cols))
    df = pd.concat(frames, ignore_index=True)
    return df[[*inputs, *[c for c in df.columns if c not in inputs]]]


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
    )


def scenario_constants(scn: Scenario) -> dict[str, float]:
    """The scenario's inputs that are constants, by dotted path."""
    return {k: v for k, v in scn.inputs.items() if not isinstance(v, distributions.Distribution)}


# Outputs that must be finite in every iteration (irr and payback may be missing).
_MUST_BE_FINITE = ("roi", "discounted_roi", "npv", "total_benefit", "total_cost")
# A result past this size has a square past 1e290: a variance over 1e9 iterations still fits.
_MAX_RESULT = 1e145


def _as_scenario(scn: object) -> Scenario:
    """A Scenario as it is; a dict or a file path loaded (and validated) first."""
    if isinstance(scn, Scenario):
        return scn
    if isinstance(scn, (Mapping, str, os.PathLike)):
        return load_scenario(scn)
    raise SimroiError(
        f"scn: must be a Scenario (from simroi.load_scenario), a dict or a file path, "
        f"got {type(scn).__name__}"
    )


def simulate_scenario(
    scn: Scenario,
    *,
    iterations: int | None = None,
    seed: int | np.random.SeedSequence | None = None,
    sampler: str | None = None,
    chunk_size: int | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_chunk: Callable[[pd.DataFrame], None] | None = None,
    keep_samples: bool = True,
) -> Results:
    """Simulate a validated scenario (SPEC §1) and return its Results.

    Parameters
    ----------
    scn : Scenario, dict or path
        From :func:`simroi.load_scenario`; a dict or a file path is loaded with it.
    iterations, seed, sampler : optional
        Override the scenario's ``simulation`` section (None keeps it).
    chunk_size : int, optional
        Iterations per chunk; results do not depend on it.
    workers : int
        Worker processes; results do not depend on it.
    progress : callable, optional
        Called with the number of iterations completed by each chunk.
    on_chunk : callable, optional
        Receives each chunk's samples DataFrame in order (e.g. a parquet sink).
    keep_samples : bool
        Keep all samples in memory as ``Results.samples``; with False the
        caller keeps them through ``on_chunk`` (large runs).
    """
    scn = _as_scenario(scn)
    check_callable("progress", progress, optional=True)
    check_callable("on_chunk", on_chunk, optional=True)
    n = scn.iterations if iterations is None else iterations
    sampler = scn.sampler if sampler is None else sampler
    seed = scn.seed if seed is None else seed
    _check_args(n, chunk_size, workers)
    uncertain = scn.uncertain
    design = Design(uncertain, n, seed=seed, sampler=sampler, correlations=scn.correlations)
    constants = scenario_constants(scn)
    chunk = chunk_size or default_chunk_size(scn.horizon_months + 1)
    job = _Job(scenario_model(scn), design, constants, keep_inputs=True)
    columns = [*uncertain, *RESULTS, *(f"benefit_{s}" for s in STREAMS)]
    frames = []
    for offset, cols in _run(job, n, chunk, workers, progress):
        _check_finite(cols, _MUST_BE_FINITE, list(uncertain), constants, offset, _MAX_RESULT)
        df = pd.DataFrame({k: cols[k] for k in columns})
        if on_chunk is not None:
            on_chunk(df)
        if keep_samples:
            frames.append(df)
    samples = pd.concat(frames, ignore_index=True) if keep_samples else None
    return Results(
        samples=samples,
        scenario=scn,
        iterations=n,
        seed=seed,
        seed_entropy=design.entropy,
        sampler=sampler,
    )
