"""Run to a precision: draw batches until every listed standard error is below a target.

The criteria (all must hold): the standard error of P(ROI > 0), of every
reported payback probability P(payback <= m) (``payback_months``), and of the
mean NPV as a share of its P10-P90 range. Batch ``k`` is a run of its own with
the seed ``SeedSequence(entropy, spawn_key=(k,))`` (so a batch's draws do not
depend on the batch sizes before it), simulated by the ordinary chunked engine;
the batches' samples are pooled. Batch sizes follow from the pooled samples
(the next batch is what the SE formula says is still missing, at least
``min_batch``), so the same seed gives the same stopping point and the same
numbers. The run stops with ``stopped_by = "precision"`` or, when
``max_iterations`` is reached first, ``"max_iterations"``.

:func:`run_batches` is the loop on its own, for callers with criteria of their
own: :func:`simroi.analysis.compare.compare` draws every vendor in each batch and
adds the SEs of P(best) and of the pairwise P(a > b) to every vendor's criteria.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from simroi.errors import SimroiError
from simroi.simulation.results import Results, payback_months, prob_payback_within

__all__ = [
    "DEFAULT_MAX_ITERATIONS",
    "MIN_BATCH",
    "MIN_ITERATIONS",
    "check_settings",
    "criteria",
    "run_batches",
    "simulate_to_precision",
]

_KEEP = ("roi", "npv", "payback_month")
MIN_BATCH = 2000  # the smallest batch after the first
MIN_ITERATIONS = 100  # the smallest max_iterations: below it no SE means much
DEFAULT_MAX_ITERATIONS = 10_000_000


def criteria(cols: dict[str, np.ndarray], horizon: int) -> dict[str, tuple[float, float]]:
    """Each criterion's (standard error, per-iteration variance) on the pooled columns."""
    n = cols["roi"].size
    out = {}
    p = float(np.mean(cols["roi"] > 0))
    out["prob_roi_positive"] = p * (1 - p)
    within = prob_payback_within(cols["payback_month"], horizon)
    for m in payback_months(horizon):
        q = float(within[m - 1])
        out[f"prob_payback_within_{m}"] = q * (1 - q)
    npv = cols["npv"]
    spread = float(np.subtract(*np.percentile(npv, [90, 10])))
    out["mean_npv_per_p10_p90"] = float(np.var(npv, ddof=1)) / spread**2 if spread > 0 else 0.0
    return {k: (math.sqrt(v / n), v) for k, v in out.items()}


def check_settings(precision: float, max_iterations: int | None) -> int:
    """The iteration cap of a run to `precision`; SimroiError for a bad target or cap."""
    if (
        isinstance(precision, bool)
        or not isinstance(precision, (int, float))
        or not (0 < precision < 0.5)
    ):
        raise SimroiError(f"precision: must be a number in (0, 0.5), got {precision!r}")
    cap = max_iterations if max_iterations is not None else DEFAULT_MAX_ITERATIONS
    if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or cap < MIN_ITERATIONS:
        raise SimroiError(
            f"max_iterations: must be a whole number >= {MIN_ITERATIONS}, got {cap!r}"
        )
    return int(cap)


def run_batches(
    root: np.random.SeedSequence,
    *,
    precision: float,
    cap: int,
    min_batch: int,
    draw: Callable[[int, np.random.SeedSequence], None],
    measure: Callable[[], dict[str, tuple[float, float]]],
    record: Callable[[], dict],
) -> tuple[int, dict]:
    """Draw batches until every criterion's SE <= `precision` or `cap` iterations are drawn.

    ``draw(size, seed)`` draws one batch (batch ``k`` gets ``SeedSequence(entropy,
    spawn_key=(..., k))``); ``measure()`` gives every criterion's (SE, per-iteration
    variance) on all batches so far; ``record()`` the statistics a history row keeps.
    Returns the iterations drawn and the ``precision`` block (``stopped_by``, ...).
    """
    history, n, k, size = [], 0, 0, min(min_batch, cap)
    while True:
        draw(size, np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k)))
        n, k = n + size, k + 1
        crit = measure()
        worst = max(crit, key=lambda c: crit[c][0])
        needed = max(math.ceil(v / precision**2) for _, v in crit.values())
        history.append(
            {"iterations": n, **record(), "largest_se": crit[worst][0], "largest_se_of": worst}
        )
        if crit[worst][0] <= precision:
            stopped = "precision"
            break
        if n >= cap:
            stopped = "max_iterations"
            break
        size = min(max(min_batch, math.ceil(1.02 * (needed - n))), cap - n)
    return n, {
        "stopped_by": stopped,
        "target": float(precision),
        "max_iterations": int(cap),
        "batches": k,
        "iterations_needed_by_formula": int(needed),
        "standard_errors": {c: se for c, (se, _) in crit.items()},
        "history": history,
    }


def simulate_to_precision(
    scn,
    *,
    precision: float,
    max_iterations: int | None = None,
    seed=None,
    sampler: str | None = None,
    min_batch: int = MIN_BATCH,
    simulate: Callable,
    **engine,
) -> Results:
    """Batches of ``simulate(scn, iterations=..., seed=...)`` until every SE <= `precision`."""
    cap = check_settings(precision, max_iterations)
    seed = scn.seed if seed is None else seed
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    keep_samples = engine.pop("keep_samples", True)
    on_chunk = engine.pop("on_chunk", None)
    pooled: dict[str, list] = {k: [] for k in _KEEP}
    frames, last = [], {}

    def take(df: pd.DataFrame) -> None:
        for c in _KEEP:
            pooled[c].append(df[c].to_numpy(dtype=float))
        if on_chunk is not None:
            on_chunk(df)
        if keep_samples:
            frames.append(df)

    def draw(size: int, batch_seed: np.random.SeedSequence) -> None:
        last["res"] = simulate(
            scn,
            iterations=size,
            seed=batch_seed,
            sampler=sampler,
            on_chunk=take,
            keep_samples=False,
            **engine,
        )
        last["cols"] = {c: np.concatenate(v) for c, v in pooled.items()}
        last["crit"] = criteria(last["cols"], scn.horizon_months)

    def record() -> dict:
        return {
            "prob_roi_positive": float(np.mean(last["cols"]["roi"] > 0)),
            "prob_roi_positive_se": last["crit"]["prob_roi_positive"][0],
        }

    n, info = run_batches(
        root,
        precision=precision,
        cap=cap,
        min_batch=min_batch,
        draw=draw,
        measure=lambda: last["crit"],
        record=record,
    )
    return Results(
        samples=pd.concat(frames, ignore_index=True) if keep_samples else None,
        scenario=scn,
        iterations=n,
        seed=seed,
        seed_entropy=int(root.entropy),
        sampler=last["res"].sampler,
        precision=info,
    )
