"""A scenario run that keeps only its first rows: units summarised where they run.

:func:`simulate_streamed` is :func:`simroi.simulation.engine.simulate_scenario`
with ``keep_rows``: the same units on the same back end, each returning a
summary (:mod:`simroi.simulation.streaming`) and its share of the first
``keep_rows`` iterations instead of all its columns. The parent's memory and
the traffic from the workers no longer grow with the iterations.
"""

from __future__ import annotations

import pickle
import secrets
from collections.abc import Callable

import numpy as np
import pandas as pd

from simroi.simulation.backends import Backend, Processes, Serial
from simroi.simulation.results import Results
from simroi.simulation.streaming import stream_summary
from simroi.simulation.units import Job, aligned, evaluate, unit_bounds

__all__ = ["simulate_streamed"]


def simulate_streamed(
    scn,
    job: Job,
    *,
    n: int,
    seed,
    sampler: str,
    keep_rows: int,
    backend: Backend | None,
    workers: int,
    progress: Callable[[int], None] | None,
    on_chunk: Callable[[pd.DataFrame], None] | None,
    on_columns: Callable[[dict[str, np.ndarray]], None] | None,
    keep_samples: bool,
) -> Results:
    """Results whose summary was merged from the units' summaries (``Results.summarised``)
    and whose samples are the first ``keep_rows`` iterations of ``job``'s ``n``."""
    design, chunk = job.design, job.chunk
    owned = backend is None
    if owned:
        backend = Serial() if workers == 1 else Processes(workers)
    remote = not isinstance(backend, Serial)

    def run_units(unit: Callable, bounds):
        key = secrets.token_hex(8)  # names this job in the workers' caches
        payload = pickle.dumps(unit, protocol=pickle.HIGHEST_PROTOCOL) if remote else unit
        results = backend.imap(evaluate, ((key, payload, b) for b in bounds))
        try:
            yield from results
        finally:
            if hasattr(results, "close"):
                results.close()  # cancels the units still in flight

    frames = []

    def on_kept(cols: dict[str, np.ndarray]) -> None:
        cols = aligned(cols)
        if on_columns is not None:
            on_columns(cols)
        if on_chunk is not None or keep_samples:
            df = pd.DataFrame(cols, copy=False)
            if on_chunk is not None:
                on_chunk(df)
            if keep_samples:
                frames.append(df)

    try:
        summary = stream_summary(
            scn,
            job,
            n=n,
            seed=seed if seed is not None else design.entropy,
            sampler=sampler,
            bounds=unit_bounds(n, chunk),
            run_units=run_units,
            keep=keep_rows,
            on_kept=on_kept,
            progress=progress,
        )
    finally:
        if owned:
            backend.close()
    return Results(
        samples=pd.concat(frames, ignore_index=True) if keep_samples and frames else None,
        scenario=scn,
        iterations=n,
        seed=seed,
        seed_entropy=design.entropy,
        sampler=sampler,
        summarised=summary,
    )
