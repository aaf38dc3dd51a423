"""Run a vectorised model over a sampled design, chunk by chunk (no I/O).

The iterations are split into chunks whose plan depends only on the chunk
size; every chunk draws its inputs from :class:`simroi.sampling.designs.Design`
(whose draws do not depend on the chunking) and evaluates the model on those
rows only. Results are therefore bit-identical whatever the chunk size or the
number of worker processes, and peak memory grows with the chunk, not with the
number of iterations times the number of months.
"""

from __future__ import annotations

import collections
import contextlib
import pickle
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simroi.errors import SimroiError
from simroi.sampling.designs import BLOCK, Design
from simroi.scenario.config import Scenario
from simroi.simulation.backends import Backend, Processes, Serial
from simroi.simulation.model import RESULTS, STREAMS
from simroi.simulation.modelcall import parse_inputs
from simroi.simulation.results import Results
from simroi.simulation.scenario_model import scenario_constants, scenario_model


def default_chunk_size(columns: int = 1) -> int:
    """Rows per chunk: about 16 MB for a (rows, columns) float64 array, 4096..65536."""
    return int(max(4096, min(65536, 2**21 // max(columns, 1))))


@dataclass(frozen=True)
class _Job:
    """Everything a (possibly remote) worker needs to evaluate a range of iterations.

    The range is evaluated ``chunk`` rows at a time and its columns returned
    whole; outputs named in ``finite`` are checked here, in the worker.
    """

    model: Callable
    design: Design
    constants: Mapping[str, float]
    keep_inputs: bool
    chunk: int = 65536
    finite: tuple[str, ...] = ()
    columns: tuple[str, ...] | None = None  # the columns to return (None: all)

    def __call__(self, bounds: tuple[int, int]) -> dict[str, np.ndarray]:
        start, stop = bounds
        parts = [self._chunk(a, b) for a, b in _chunks(stop - start, self.chunk, start)]
        if len(parts) == 1:
            return parts[0]
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    def _chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        drawn = self.design.draw(start, stop)
        # Overflow or 0/0 shows up as a non-finite output, which _check_finite
        # reports with the inputs involved; numpy's warnings would only repeat it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = self.model({**self.constants, **drawn})
        if not isinstance(out, Mapping):
            out = {"output": out}
        cols = dict(drawn)
        for name, values in out.items():
            values = np.asarray(values, dtype=float)
            if not drawn and values.size == 1:
                # Every input is a constant: so is every output, in every iteration.
                values = np.full(stop - start, values.reshape(-1)[0])
            if values.shape != (stop - start,):
                raise SimroiError(
                    f"model output {name!r} has shape {values.shape}, expected ({stop - start},): "
                    "the model must be vectorised (1-D arrays in, 1-D arrays of that length out)"
                )
            cols[name] = values
        _check_finite(cols, self.finite, list(drawn), self.constants, start)
        if self.columns is not None:
            return {k: cols[k] for k in self.columns}
        return cols if self.keep_inputs else {k: v for k, v in cols.items() if k not in drawn}


def _chunks(n: int, size: int, offset: int = 0) -> list[tuple[int, int]]:
    return [(offset + a, offset + min(a + size, n)) for a in range(0, n, size)]


def _units(n: int, chunk: int) -> list[tuple[int, int]]:
    """The work units of n iterations: whole draw blocks, so no two units share a block.

    A design draws its inputs in blocks of :data:`BLOCK` iterations; a unit that
    cut a block would make two workers draw it. Runs of one block or less are
    split by ``chunk`` (only tests and tiny runs: the draws are cheap there).
    """
    if n <= BLOCK:
        return _chunks(n, chunk)
    return _chunks(n, BLOCK * -(-chunk // BLOCK))


# Worker-side cache of unpickled jobs: the chunks of one run share its job and the
# job's Design keeps per-process state (a half-used draw block, beta tables).
_JOBS: collections.OrderedDict[str, _Job] = collections.OrderedDict()
_JOBS_KEPT = 8


def _evaluate(unit: tuple[str, bytes | _Job, tuple[int, int]]) -> dict[str, np.ndarray]:
    key, job, bounds = unit
    if isinstance(job, bytes):
        cached = _JOBS.get(key)
        if cached is None:
            cached = _JOBS[key] = pickle.loads(job)
            while len(_JOBS) > _JOBS_KEPT:
                _JOBS.popitem(last=False)
        job = cached
    return job(bounds)


def _check_finite(
    cols: Mapping[str, np.ndarray],
    names: Sequence[str],
    inputs: Sequence[str],
    constants: Mapping[str, float],
    offset: int,
) -> None:
    """Raise SimroiError naming the inputs when a model output is NaN or infinite."""
    for name in names:
        bad = ~np.isfinite(cols[name])
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            shown = [f"{k} = {cols[k][i]:.6g}" for k in inputs]
            large = [f"{k} = {v:.6g}" for k, v in constants.items() if not abs(v) < 1e12]
            detail = ", ".join(shown + large) or "all inputs constant"
            raise SimroiError(
                f"the model gave a non-finite {name} ({cols[name][i]}) in {int(bad.sum())} "
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
        Input name -> constant or distribution spec (docs/scenario.md).
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
    if not inputs:
        raise SimroiError("inputs: at least one input is needed")
    dists, constants = parse_inputs(inputs, require_uncertain=False)
    design = Design(dists, n, seed=seed, sampler=sampler, correlations=correlations)
    job = _Job(f, design, constants, keep_inputs=True)
    frames = []
    for start, stop in _chunks(n, chunk_size or default_chunk_size()):
        cols = job._chunk(start, stop)
        outputs = [k for k in cols if k not in dists]
        _check_finite(cols, outputs, list(dists), constants, start)
        if progress is not None:
            progress(stop - start)
        rows = stop - start
        for k, v in constants.items():
            cols[k] = np.full(rows, v)
        frames.append(pd.DataFrame(cols))
    df = pd.concat(frames, ignore_index=True)
    return df[[*inputs, *[c for c in df.columns if c not in inputs]]]


# Outputs that must be finite in every iteration (irr and payback may be missing).
_MUST_BE_FINITE = ("roi", "discounted_roi", "npv", "total_benefit", "total_cost")


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
    precision: float | None = None,
    max_iterations: int | None = None,
    backend: Backend | None = None,
) -> Results:
    """Simulate a validated scenario (docs/model.md) and return its Results.

    Parameters
    ----------
    scn : Scenario
        From :func:`simroi.load_scenario`.
    iterations, seed, sampler : optional
        Override the scenario's ``simulation`` section (None keeps it).
    chunk_size : int, optional
        Iterations per chunk; results do not depend on it.
    workers : int
        Worker processes; results do not depend on it (ignored with ``backend``).
    progress : callable, optional
        Called with the number of iterations completed by each work unit.
    on_chunk : callable, optional
        Receives each work unit's samples DataFrame in order (e.g. a parquet sink).
    keep_samples : bool
        Keep all samples in memory as ``Results.samples``; with False the
        caller keeps them through ``on_chunk`` (large runs).
    precision, max_iterations : optional
        Run in batches until the SEs of P(ROI > 0), of every reported payback
        probability and of the mean NPV (per P10-P90 range) are all <= precision,
        or max_iterations are drawn (:mod:`simroi.simulation.precision`);
        ``iterations`` is then ignored and ``Results.precision`` says why it stopped.
    backend : Backend, optional
        Where the work units run (:func:`simroi.simulation.backends.open_backend`);
        results do not depend on it. Default: ``workers`` local processes.
    """
    if precision is not None:
        from simroi.simulation.precision import simulate_to_precision

        return simulate_to_precision(
            scn,
            precision=precision,
            max_iterations=max_iterations,
            seed=seed,
            sampler=sampler,
            simulate=simulate_scenario,
            chunk_size=chunk_size,
            workers=workers,
            backend=backend,
            progress=progress,
            on_chunk=on_chunk,
            keep_samples=keep_samples,
        )
    _check_args(1, chunk_size, workers)
    runs = simulate_scenarios(
        [scn],
        iterations=iterations,
        seed=seed,
        sampler=sampler,
        chunk_size=chunk_size,
        backend=backend,
        workers=workers,
        progress=progress,
        on_chunk=on_chunk and (lambda _, df: on_chunk(df)),
        keep_samples=keep_samples,
        columns=None,
    )
    with contextlib.closing(runs):
        return next(runs)


SUMMARY_COLUMNS = (*RESULTS, *(f"benefit_{s}" for s in STREAMS))


@dataclass(frozen=True)
class _Run:
    scn: Scenario
    n: int
    seed: object
    sampler: str
    entropy: int
    units: int


def simulate_scenarios(
    scenarios: Iterable[Scenario],
    *,
    iterations: int | None = None,
    seed: int | np.random.SeedSequence | None = None,
    sampler: str | None = None,
    chunk_size: int | None = None,
    backend: Backend | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_chunk: Callable[[int, pd.DataFrame], None] | None = None,
    keep_samples: bool = True,
    columns: Sequence[str] | None = SUMMARY_COLUMNS,
) -> Iterator[Results]:
    """Simulate many scenarios as one stream of (scenario, unit) work; one Results each, in order.

    The work units of every scenario go through one back end, a bounded
    number in flight, so a sweep of many small variants keeps every worker busy
    and memory does not grow with the number of scenarios: each scenario's
    columns are held only until its last unit arrives. Every scenario gets the
    same ``seed`` (common random numbers) and equals :func:`simulate_scenario`
    of it bit for bit. ``columns`` (default: the results and benefit streams,
    what ``summary()`` needs) limits what workers send back and
    ``Results.samples`` holds; None keeps the uncertain inputs too.
    ``on_chunk(index, frame)`` receives each unit's samples in order.
    """
    _check_args(1, chunk_size, workers)
    runs: collections.deque[_Run] = collections.deque()
    owned = backend is None
    if owned:
        backend = Serial() if workers == 1 else Processes(workers)
    remote = not isinstance(backend, Serial)

    def units() -> Iterator[tuple[str, bytes | _Job, tuple[int, int]]]:
        for scn in scenarios:
            n = scn.iterations if iterations is None else iterations
            smp = scn.sampler if sampler is None else sampler
            sd = scn.seed if seed is None else seed
            _check_args(n, chunk_size, workers)
            uncertain = scn.uncertain
            design = Design(uncertain, n, seed=sd, sampler=smp, correlations=scn.correlations)
            chunk = chunk_size or default_chunk_size(scn.horizon_months + 1)
            names = [*uncertain, *SUMMARY_COLUMNS] if columns is None else list(columns)
            job = _Job(
                scenario_model(scn),
                design,
                scenario_constants(scn),
                keep_inputs=True,
                chunk=chunk,
                finite=_MUST_BE_FINITE,
                columns=tuple(names),
            )
            bounds = _units(n, chunk)
            runs.append(_Run(scn, n, sd, smp, design.entropy, len(bounds)))
            key = secrets.token_hex(8)  # names this job in the workers' caches
            payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL) if remote else job
            for b in bounds:
                yield key, payload, b

    results = backend.imap(_evaluate, units())
    try:
        index = 0
        while True:
            try:
                cols = next(results)
            except StopIteration:
                return
            run = runs[0]
            frames = []
            for k in range(run.units):
                if k:
                    cols = next(results)
                rows = len(next(iter(cols.values())))
                if progress is not None:
                    progress(rows)
                if on_chunk is not None or keep_samples:
                    df = pd.DataFrame(cols, copy=False)
                    if on_chunk is not None:
                        on_chunk(index, df)
                    if keep_samples:
                        frames.append(df)
                del cols
            runs.popleft()
            samples = pd.concat(frames, ignore_index=True) if keep_samples else None
            yield Results(
                samples=samples,
                scenario=run.scn,
                iterations=run.n,
                seed=run.seed,
                seed_entropy=run.entropy,
                sampler=run.sampler,
            )
            index += 1
    finally:
        if hasattr(results, "close"):
            results.close()  # cancels the units still in flight
        if owned:
            backend.close()
