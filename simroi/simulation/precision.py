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
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from simroi.errors import SimroiError
from simroi.simulation.results import Results, payback_months, prob_payback_within

__all__ = ["criteria", "simulate_to_precision"]

_KEEP = ("roi", "npv", "payback_month")


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


def simulate_to_precision(
    scn,
    *,
    precision: float,
    max_iterations: int | None = None,
    seed=None,
    sampler: str | None = None,
    min_batch: int = 2000,
    simulate: Callable,
    **engine,
) -> Results:
    """Batches of ``simulate(scn, iterations=..., seed=...)`` until every SE <= `precision`."""
    if (
        isinstance(precision, bool)
        or not isinstance(precision, (int, float))
        or not (0 < precision < 0.5)
    ):
        raise SimroiError(f"precision: must be a number in (0, 0.5), got {precision!r}")
    cap = max_iterations if max_iterations is not None else 10_000_000
    if isinstance(cap, bool) or not isinstance(cap, (int, np.integer)) or cap < 100:
        raise SimroiError(f"max_iterations: must be a whole number >= 100, got {cap!r}")
    seed = scn.seed if seed is None else seed
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    keep_samples = engine.pop("keep_samples", True)
    on_chunk = engine.pop("on_chunk", None)
    pooled: dict[str, list] = {k: [] for k in _KEEP}
    frames, history, n, k, size = [], [], 0, 0, min(min_batch, cap)

    def take(df: pd.DataFrame) -> None:
        for c in _KEEP:
            pooled[c].append(df[c].to_numpy(dtype=float))
        if on_chunk is not None:
            on_chunk(df)
        if keep_samples:
            frames.append(df)

    while True:
        batch_seed = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k))
        res = simulate(
            scn,
            iterations=size,
            seed=batch_seed,
            sampler=sampler,
            on_chunk=take,
            keep_samples=False,
            **engine,
        )
        n, k = n + size, k + 1
        cols = {c: np.concatenate(v) for c, v in pooled.items()}
        crit = criteria(cols, scn.horizon_months)
        worst = max(crit, key=lambda c: crit[c][0] / precision)
        needed = max(math.ceil(v / precision**2) for _, v in crit.values())
        history.append(
            {
                "iterations": n,
                "prob_roi_positive": float(np.mean(cols["roi"] > 0)),
                "prob_roi_positive_se": crit["prob_roi_positive"][0],
                "largest_se": crit[worst][0],
                "largest_se_of": worst,
            }
        )
        if crit[worst][0] <= precision:
            stopped = "precision"
            break
        if n >= cap:
            stopped = "max_iterations"
            break
        size = min(max(min_batch, math.ceil(1.02 * (needed - n))), cap - n)
    info = {
        "stopped_by": stopped,
        "target": float(precision),
        "max_iterations": int(cap),
        "batches": k,
        "iterations_needed_by_formula": int(needed),
        "standard_errors": {c: se for c, (se, _) in crit.items()},
        "history": history,
    }
    return Results(
        samples=pd.concat(frames, ignore_index=True) if keep_samples else None,
        scenario=scn,
        iterations=n,
        seed=seed,
        seed_entropy=int(root.entropy),
        sampler=res.sampler,
        precision=info,
    )
