"""The work unit: what a (possibly remote) worker evaluates for a range of iterations.

A :class:`Job` holds the model, the design and the constants; a unit is a job and a
range of iterations, evaluated in chunks, its outputs checked in the worker
(:func:`check_finite`) so that a bad value is named with the inputs that made it.
"""

from __future__ import annotations

import collections
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from simroi.errors import SimroiError
from simroi.sampling.designs import BLOCK, Design
from simroi.simulation.modelcall import numeric_output

__all__ = [
    "Job",
    "aligned",
    "check_finite",
    "chunks",
    "default_chunk_size",
    "evaluate",
    "unit_bounds",
]


def default_chunk_size(columns: int = 1) -> int:
    """Rows per chunk: about 16 MB for a (rows, columns) float64 array, 4096..65536."""
    return int(max(4096, min(65536, 2**21 // max(columns, 1))))


@dataclass(frozen=True)
class Job:
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
    limit: float = np.inf  # outputs in ``finite`` larger than this in size are errors too

    def __call__(self, bounds: tuple[int, int]) -> dict[str, np.ndarray]:
        start, stop = bounds
        parts = [self._chunk(a, b) for a, b in chunks(stop - start, self.chunk, start)]
        if len(parts) == 1:
            return parts[0]
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    def _chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        drawn = self.design.draw(start, stop)
        # Overflow or 0/0 shows up as a non-finite output, which check_finite
        # reports with the inputs involved; numpy's warnings would only repeat it.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = self.model({**self.constants, **drawn})
        if not isinstance(out, Mapping):
            out = {"output": out}
        cols = dict(drawn)
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
        check_finite(cols, self.finite, list(drawn), self.constants, start, self.limit)
        if self.columns is not None:
            return {k: cols[k] for k in self.columns}
        return cols if self.keep_inputs else {k: v for k, v in cols.items() if k not in drawn}


def chunks(n: int, size: int, offset: int = 0) -> list[tuple[int, int]]:
    return [(offset + a, offset + min(a + size, n)) for a in range(0, n, size)]


def unit_bounds(n: int, chunk: int) -> list[tuple[int, int]]:
    """The work units of n iterations: whole draw blocks, so no two units share a block.

    A design draws its inputs in blocks of :data:`BLOCK` iterations; a unit that
    cut a block would make two workers draw it. Runs of one block or less are
    split by ``chunk`` (only tests and tiny runs: the draws are cheap there).
    """
    if n <= BLOCK:
        return chunks(n, chunk)
    return chunks(n, BLOCK * -(-chunk // BLOCK))


# Worker-side cache of unpickled jobs: the chunks of one run share its job and the
# job's Design keeps per-process state (a half-used draw block, beta tables).
_JOBS: collections.OrderedDict[str, Job] = collections.OrderedDict()
_JOBS_KEPT = 8


def evaluate(unit: tuple[str, bytes | Job, tuple[int, int]]) -> dict[str, np.ndarray]:
    key, job, bounds = unit
    if isinstance(job, bytes):
        cached = _JOBS.get(key)
        if cached is None:
            cached = _JOBS[key] = pickle.loads(job)
            while len(_JOBS) > _JOBS_KEPT:
                _JOBS.popitem(last=False)
        job = cached
    return job(bounds)


def check_finite(
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


def aligned(cols: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A unit's columns on aligned memory. A dask worker's arrive at any byte offset, and
    numpy sums unaligned doubles in another order: a mean would differ in its last digit
    from the same numbers summed in this process (bit for bit on every back end)."""
    return {k: v if v.flags.aligned else v.copy() for k, v in cols.items()}
