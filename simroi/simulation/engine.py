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
import os
import pickle
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from simroi.errors import SimroiError
from simroi.sampling.designs import Design
from simroi.scenario.config import Scenario, load_scenario
from simroi.simulation.backends import Backend, Processes, Serial
from simroi.simulation.modelcall import check_callable, parse_inputs
from simroi.simulation.results import Results
from simroi.simulation.scenario_model import SUMMARY_COLUMNS, sample_columns, scenario_job
from simroi.simulation.units import (
    Job,
    aligned,
    check_finite,
    chunks,
    default_chunk_size,
    evaluate,
    unit_bounds,
)

if TYPE_CHECKING:
    import pandas as pd


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
    import pandas as pd

    _check_args(n, chunk_size)
    check_callable("f", f)
    check_callable("progress", progress, optional=True)
    if not inputs:
        raise SimroiError("inputs: at least one input is needed")
    dists, constants = parse_inputs(inputs, require_uncertain=False)
    design = Design(dists, n, seed=seed, sampler=sampler, correlations=correlations)
    job = Job(f, design, constants, keep_inputs=True)
    frames = []
    for start, stop in chunks(n, chunk_size or default_chunk_size()):
        cols = job._chunk(start, stop)
        outputs = [k for k in cols if k not in dists]
        check_finite(cols, outputs, list(dists), constants, start)
        if progress is not None:
            progress(stop - start)
        rows = stop - start
        for k, v in constants.items():
            cols[k] = np.full(rows, v)
        frames.append(pd.DataFrame(cols))
    df = pd.concat(frames, ignore_index=True)
    return df[[*inputs, *[c for c in df.columns if c not in inputs]]]


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
    on_columns: Callable[[dict[str, np.ndarray]], None] | None = None,
    keep_samples: bool = True,
    precision: float | None = None,
    max_iterations: int | None = None,
    backend: Backend | None = None,
    keep_rows: int | None = None,
    keep_columns: Sequence[str] = (),
) -> Results:
    """Simulate a validated scenario (docs/model.md) and return its Results.

    Parameters
    ----------
    scn : Scenario, dict or path
        From :func:`simroi.load_scenario`; a dict or a file path is loaded with it.
    iterations, seed, sampler : optional
        Override the scenario's ``simulation`` section (None keeps it).
    chunk_size : int, optional
        Iterations per chunk; results do not depend on it.
    workers : int
        Worker processes; results do not depend on it (ignored with ``backend``).
    progress : callable, optional
        Called with the number of iterations completed by each work unit.
    on_chunk : callable, optional
        Receives each work unit's samples DataFrame in order.
    on_columns : callable, optional
        Receives each work unit's samples as a dict of column name -> array, in
        order, with no DataFrame built (e.g. a parquet sink on a large run).
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
    keep_rows : int, optional
        Keep only the run's first ``keep_rows`` iterations (0: none) and summarise it
        as it streams (:mod:`simroi.simulation.streaming`: exact counts, moments to
        rounding, quantiles within a tenth of their standard error); the summary is
        ``Results.summarised``, the samples (or ``on_chunk``/``on_columns``) those rows.
        None (or at least the iterations) keeps every iteration. The streamed figures
        follow the units' order: the same whatever the back end, though another
        ``chunk_size`` may round a mean differently in its last digit.
    keep_columns : sequence of str
        Columns held in memory whole (``Results.columns``) while the samples stream to
        ``on_chunk``/``on_columns`` without ``keep_samples``: the summary and the charts
        then read them there instead of from the file (a run of a fixed size that keeps
        every iteration; otherwise ignored).
    """
    scn = _as_scenario(scn)
    check_callable("progress", progress, optional=True)
    check_callable("on_chunk", on_chunk, optional=True)
    check_callable("on_columns", on_columns, optional=True)
    if keep_rows is not None:
        _check_keep(keep_rows, precision)
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
            on_columns=on_columns,
            keep_samples=keep_samples,
        )
    _check_args(1, chunk_size, workers)
    n = scn.iterations if iterations is None else iterations
    if keep_rows is not None and keep_rows < n:
        from simroi.simulation.streamrun import simulate_streamed

        _check_args(n, chunk_size, workers)
        sd, smp = scn.seed if seed is None else seed, scn.sampler if sampler is None else sampler
        return simulate_streamed(
            scn,
            scenario_job(scn, n, sd, smp, chunk_size, sample_columns(scn)),
            n=n,
            seed=sd,
            sampler=smp,
            keep_rows=int(keep_rows),
            backend=backend,
            workers=workers,
            progress=progress,
            on_chunk=on_chunk,
            on_columns=on_columns,
            keep_samples=keep_samples,
        )
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
        on_columns=on_columns and (lambda _, cols: on_columns(cols)),
        keep_samples=keep_samples,
        columns=None,
        keep_columns=keep_columns,
    )
    with contextlib.closing(runs):
        return next(runs)


def _check_keep(keep_rows: object, precision: float | None) -> None:
    if isinstance(keep_rows, bool) or not isinstance(keep_rows, (int, np.integer)) or keep_rows < 0:
        raise SimroiError(f"keep_rows: must be a whole number >= 0, got {keep_rows!r}")
    if precision is not None:
        raise SimroiError("keep_rows: a run to a precision keeps every iteration; drop one")


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
    on_columns: Callable[[int, dict[str, np.ndarray]], None] | None = None,
    keep_samples: bool = True,
    columns: Sequence[str] | None = SUMMARY_COLUMNS,
    keep_columns: Sequence[str] = (),
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
    ``on_chunk(index, frame)`` receives each unit's samples in order, and
    ``on_columns(index, columns)`` the same as a dict of arrays (no DataFrame);
    ``keep_columns`` are held whole in memory as ``Results.columns``.
    """
    _check_args(1, chunk_size, workers)
    runs: collections.deque[_Run] = collections.deque()
    owned = backend is None
    if owned:
        backend = Serial() if workers == 1 else Processes(workers)
    remote = not isinstance(backend, Serial)

    def units() -> Iterator[tuple[str, bytes | Job, tuple[int, int]]]:
        for scn in scenarios:
            n = scn.iterations if iterations is None else iterations
            smp = scn.sampler if sampler is None else sampler
            sd = scn.seed if seed is None else seed
            _check_args(n, chunk_size, workers)
            names = sample_columns(scn) if columns is None else tuple(columns)
            unknown = [c for c in keep_columns if c not in names]
            if unknown:
                raise SimroiError(f"keep_columns: not among the run's columns: {unknown}")
            job = scenario_job(scn, n, sd, smp, chunk_size, names)
            design, chunk = job.design, job.chunk
            bounds = unit_bounds(n, chunk)
            runs.append(_Run(scn, n, sd, smp, design.entropy, len(bounds)))
            key = secrets.token_hex(8)  # names this job in the workers' caches
            payload = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL) if remote else job
            for b in bounds:
                yield key, payload, b

    frames_wanted = on_chunk is not None or keep_samples
    if frames_wanted:
        import pandas as pd  # only where frames are asked for: a run to a file needs none

    results = backend.imap(evaluate, units())
    try:
        index = 0
        while True:
            try:
                cols = next(results)
            except StopIteration:
                return
            run = runs[0]
            frames = []
            kept, done = {c: np.empty(run.n) for c in keep_columns}, 0
            for k in range(run.units):
                if k:
                    cols = next(results)
                cols = aligned(cols)
                rows = len(next(iter(cols.values())))
                for c, whole in kept.items():
                    whole[done : done + rows] = cols[c]
                done += rows
                if progress is not None:
                    progress(rows)
                if on_columns is not None:
                    on_columns(index, cols)
                if frames_wanted:
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
                columns=kept or None,
            )
            index += 1
    finally:
        if hasattr(results, "close"):
            results.close()  # cancels the units still in flight
        if owned:
            backend.close()
