"""A run summarised as it streams: summary.json without keeping the iterations.

Each work unit evaluates its iterations and returns, instead of its columns, a
summary of them (:mod:`simroi.simulation.sketch`): a :class:`~.sketch.Part` of
every metric summary.json describes, the counts of payback months and the mean
of every benefit stream and cost. The parent merges them in the order of the
units -- the order is fixed by the iteration count and the chunk size, never by
the back end -- so ``workers=1``, ``workers=2`` and a dask cluster give the same
numbers bit for bit, and the parent's memory does not grow with the iterations.
The first ``keep`` iterations are kept whole (a reproducible subset: the same
seed keeps the same rows, equal to those rows of a run that keeps everything).

Steps: a *pilot* (the run's first iterations, :func:`pilot_rows` of them, units of
their own whose summarised columns come back whole) places each quantile's window;
one pass over every unit; then, for any quantile whose bin is wider than its
tolerance -- a tenth of its Monte Carlo standard error or 1e-6 of its size, whichever is larger (:func:`tolerance`) -- or
that fell outside its window (chance about 1e-9), up to :data:`MAX_REFINE` more
passes that count again in a window of its own. Counts, probabilities, minima
and maxima are exact; means and standard deviations differ from the kept path's
only by rounding (pairwise merges, see :mod:`~.sketch`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from simroi.sampling.designs import BLOCK
from simroi.simulation.metrics import SUMMARISED
from simroi.simulation.model import COSTS, STREAMS
from simroi.simulation.results import (
    PERCENTILES,
    assemble,
    payback_counts,
    payback_from_within,
    report_months,
    percentile_key,
)
from simroi.simulation.sketch import Column, Part, Window, summarise, windows_from_pilot
from simroi.simulation.units import Job, chunks

__all__ = [
    "MAX_REFINE",
    "PILOT_ROWS",
    "pilot_rows",
    "Pilot",
    "Plan",
    "StreamJob",
    "stream_summary",
    "tolerance",
]

PILOT_ROWS = 2 * BLOCK  # the smallest pilot: 131,072 iterations
PILOT_SHARE = 64  # a pilot of 1/64 of the run, between PILOT_ROWS and MAX_PILOT_ROWS,
MAX_PILOT_ROWS = 8 * BLOCK  # narrows the windows (fewer values per unit sent) for little
MAX_REFINE = 3  # passes after the first, for quantiles the first left too coarse
REFINE_BINS = 4096  # bins of a window of its own: each pass narrows a bracket this much
RELATIVE = 1e-6  # the tolerance's floor, relative to the quantile (or the column's spread)
_PAYBACKS = ("payback_month", "discounted_payback_month")
_MEANS = (*(f"benefit_{s}" for s in STREAMS), *(f"cost_{c}" for c in COSTS))


@dataclass(frozen=True)
class Plan:
    """What each unit summarises: every metric's windows and thresholds, how many of the
    first iterations it returns whole (``keep``), and whether it also gives moments and
    counts (``full``; a refining pass counts its windows only)."""

    windows: dict[str, tuple[Window, ...]]
    thresholds: dict[str, tuple[float, ...]]
    horizon: int
    keep: int = 0
    full: bool = True


@dataclass
class UnitSummary:
    """What one unit sends back: a few kB, whatever its size (plus its kept rows)."""

    parts: dict[str, Part]
    paybacks: dict[str, np.ndarray] = field(default_factory=dict)
    means: dict[str, tuple[int, float]] = field(default_factory=dict)
    kept: dict[str, np.ndarray] | None = None


@dataclass(frozen=True)
class StreamJob:
    """A :class:`~simroi.simulation.units.Job` whose units return a :class:`UnitSummary`."""

    job: Job
    plan: Plan

    def __call__(self, bounds: tuple[int, int]) -> UnitSummary:
        start, _ = bounds
        cols = self.job(bounds)
        plan = self.plan
        parts = {
            m: summarise(cols[m], list(w), plan.thresholds.get(m, ()))
            for m, w in plan.windows.items()
        }
        out = UnitSummary(parts)
        if plan.full:
            out.paybacks = {k: payback_counts(cols[k], plan.horizon) for k in _PAYBACKS}
            out.means = {k: (cols[k].size, float(np.mean(cols[k]))) for k in _MEANS}
        if start < plan.keep:
            out.kept = {k: v[: plan.keep - start].copy() for k, v in cols.items()}
        return out


@dataclass(frozen=True)
class Pilot:
    """A unit that returns the summarised metrics' columns whole (the pilot's rows)."""

    job: Job

    def __call__(self, bounds: tuple[int, int]) -> dict[str, np.ndarray]:
        cols = self.job(bounds)
        return {m: cols[m] for m in SUMMARISED}


def pilot_rows(n: int) -> int:
    """Iterations in the pilot of an ``n``-iteration run: whole draw blocks, 1/64 of the run
    between 131,072 and 524,288 (38 MB of summarised columns in the parent at most)."""
    blocks = min(max(-(-n // (PILOT_SHARE * BLOCK)), PILOT_ROWS // BLOCK), MAX_PILOT_ROWS // BLOCK)
    return min(n, blocks * BLOCK)


def tolerance(se: float | None, value: float, spread: float) -> float:
    """The largest error allowed a quantile: a tenth of its standard error or 1e-6 of its
    size (or, near 0, of the column's P5-P95 spread), whichever is larger."""
    return max(0.1 * (se or 0.0), RELATIVE * max(abs(value), spread))


def _ranks(n: int, p: float) -> tuple[int, float]:
    h = (n - 1) * (p / 100.0)
    j = math.floor(h)
    return j, h - j


class _Merged:
    """Every metric's merged :class:`Column`, payback counts and stream means."""

    def __init__(self, plan: Plan) -> None:
        self.columns = {
            m: Column(list(w), plan.thresholds.get(m, ())) for m, w in plan.windows.items()
        }
        self.paybacks = {k: np.zeros(plan.horizon + 1, np.int64) for k in _PAYBACKS}
        self.means = {k: (0, 0.0) for k in _MEANS}

    def add(self, unit: UnitSummary, full: bool = True) -> None:
        for m, part in unit.parts.items():
            self.columns[m].add(part, moments=full)
        for k, counts in unit.paybacks.items():
            self.paybacks[k] += counts
        for k, (nb, mb) in unit.means.items():
            na, ma = self.means[k]
            self.means[k] = (na + nb, ma + (mb - ma) * (nb / (na + nb)))


def _wanted(n: int, extra: tuple[float, ...], metric: str) -> list[tuple[float, int]]:
    """The (percentile, rank) pairs of a metric's quantiles that must be read."""
    out = []
    for p in (*PERCENTILES, *extra):
        j, frac = _ranks(n, p)
        out.append((p, j))
        if frac:
            out.append((p, j + 1))
    if metric == "npv":
        out.append((5.0, max(1, math.floor(0.05 * n)) - 1))  # CVaR's last value
    return out


def _check(col: Column, n: int, extra, metric: str, spread: float) -> tuple[list[int], float]:
    """Ranks still too coarse (or outside every window), and the worst error bound in
    standard errors among those that are fine."""
    coarse, worst = [], 0.0
    for p, j in _wanted(n, extra, metric):
        got = col.order_statistic(j)
        s = math.ceil(math.sqrt((p / 100) * (1 - p / 100) * n))
        up, down = col.order_statistic(min(j + s, n - 1)), col.order_statistic(max(j - s, 0))
        if got is None or up is None or down is None:
            coarse += [r for r, v in ((j, got), (j + s, up), (j - s, down)) if v is None]
            continue
        se = (up[0] - down[0]) / 2
        if got[1] > tolerance(se, got[0], spread):
            coarse.append(j)
        elif se > 0:
            worst = max(worst, got[1] / se)
    return sorted(set(coarse)), worst


def _describe(col: Column, extra: tuple[float, ...]) -> dict | None:
    """``describe`` of summary.json from a merged column (as results.describe)."""
    if col.n == 0:
        return None
    std = col.std()
    out = {
        "mean": col.lo if std == 0.0 else col.mean,
        "std": std,
        "se_mean": std / np.sqrt(col.n) if std is not None else None,
        "n": int(col.n),
        "min": col.lo,
    }
    for p in (*PERCENTILES, *(p for p in extra if percentile_key(p) not in _keys())):
        j, frac = _ranks(col.n, p)
        lo = col.order_statistic(j)[0]
        hi = col.order_statistic(j + 1)[0] if frac else lo
        out[percentile_key(p)] = float(lo + frac * (hi - lo)) if frac else float(lo)
    out["max"] = col.hi
    return {k: (float(v) if isinstance(v, (float, np.floating)) else v) for k, v in out.items()}


def _keys() -> set[str]:
    return {f"p{p}" for p in PERCENTILES}


def stream_summary(
    scn,
    job: Job,
    *,
    n: int,
    seed: int,
    sampler: str,
    bounds: list[tuple[int, int]],
    run_units: Callable[[Callable, list[tuple[int, int]]], Iterator],
    keep: int = 0,
    on_kept: Callable[[dict[str, np.ndarray]], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """summary.json of an ``n``-iteration run of ``job`` without keeping its iterations.

    ``run_units(unit, bounds)`` evaluates ``unit`` on every range of ``bounds`` (on any
    back end: the pilot too, so the model never runs here) and yields the results in
    the order of ``bounds``; ``on_kept`` receives the
    first ``keep`` iterations' columns, unit by unit, in order.
    """
    extra = tuple(scn.percentiles or ())
    hurdle = scn.hurdle_rate
    parts = list(run_units(Pilot(job), chunks(pilot_rows(n), BLOCK)))
    pilot = {m: np.concatenate([p[m] for p in parts]) for m in SUMMARISED}
    windows, spreads = {}, {}
    for m in SUMMARISED:
        x = np.sort(pilot[m])
        x = x[~np.isnan(x)]
        spreads[m] = float(np.subtract(*np.percentile(x, [95, 5]))) if x.size else 0.0
        # The pilot's share of values present scales the run's ranks to its own.
        m_n = max(1, round(n * x.size / pilot[m].size)) if pilot[m].size else n
        fracs = sorted({r / max(m_n - 1, 1) for _, r in _wanted(m_n, extra, m)})
        windows[m] = tuple(windows_from_pilot(x, fracs, n))
    thresholds = {"roi": (0.0,), "npv": (0.0,)}
    if hurdle is not None:
        thresholds = {"roi": (0.0, hurdle), "npv": (0.0,), "irr": (hurdle,)}
    plan = Plan(windows, thresholds, scn.horizon_months, keep=keep)
    merged = _Merged(plan)
    for (a, b), unit in zip(bounds, run_units(StreamJob(job, plan), bounds), strict=True):
        merged.add(unit)
        if unit.kept is not None and on_kept is not None:
            on_kept(unit.kept)
        if progress is not None:
            progress(b - a)
    passes, worst = 1, {}
    while True:
        todo, worst = {}, {}
        for m, col in merged.columns.items():
            if col.n:
                todo[m], worst[m] = _check(col, col.n, extra, m, spreads[m])
        todo = {m: r for m, r in todo.items() if r}
        if not todo or passes > MAX_REFINE:
            break
        refine = {
            m: tuple(Window(*merged.columns[m].bracket(j), REFINE_BINS) for j in ranks)
            for m, ranks in todo.items()
        }
        extra_plan = Plan(refine, {}, scn.horizon_months, full=False)
        more = {m: Column(list(w)) for m, w in refine.items()}
        for unit in run_units(StreamJob(job, extra_plan), bounds):
            for m, part in unit.parts.items():
                more[m].add(part, moments=False)
        for m, col in more.items():
            merged.columns[m].extend(col)
        passes += 1
    return _document(scn, merged, n=n, seed=seed, sampler=sampler, extra=extra) | {
        "samples_kept": int(keep),
        "stream": {
            "passes": passes,
            "pilot_rows": pilot_rows(n),
            "quantile_error_bound_se": max(worst.values(), default=0.0),
            "unresolved": sorted(todo),
        },
    }


def _document(scn, merged: _Merged, *, n: int, seed, sampler: str, extra) -> dict:
    hurdle = scn.hurdle_rate

    def probability(count: int) -> tuple[float, float]:
        p = count / n
        return p, float(np.sqrt(p * (1.0 - p) / n))

    done = {}
    for m, col in merged.columns.items():
        d = {"describe": _describe(col, extra)}
        if m in ("roi", "npv"):
            d["positive"] = probability(col.above[0])
        if m == "npv":
            k = max(1, math.floor(0.05 * n))
            d["cvar"] = float(col.lowest_sum(k)[0] / k)
        if hurdle is not None and m in ("roi", "irr"):
            d["hurdle"] = probability(col.above[-1])
        done[m] = d
    months, headline = report_months(
        scn.horizon_months, scn.payback_months, scn.headline_payback_month
    )

    def payback(name: str) -> dict:
        counts = merged.paybacks[name]
        within = np.cumsum(counts)[1:] / n
        return payback_from_within(within, months, float((n - int(counts.sum())) / n))

    return assemble(
        done,
        scenario=scn.name,
        currency=scn.currency,
        iterations=n,
        seed=seed,
        sampler=sampler,
        horizon_months=scn.horizon_months,
        hurdle_rate=hurdle,
        extra=extra,
        payback=payback("payback_month"),
        headline_month=headline,
        discounted_payback=payback("discounted_payback_month"),
        benefit={s: merged.means[f"benefit_{s}"][1] for s in STREAMS},
        cost={c: merged.means[f"cost_{c}"][1] for c in COSTS},
    )
