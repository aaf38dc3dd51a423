"""Downside drivers: the inputs that separate the loss iterations from the rest."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from simroi.errors import SimroiError

__all__ = ["MIN_LOSS_ITERATIONS", "downside"]

#: The fewest loss iterations (and the fewest others) :func:`downside` ranks drivers from.
#: Below it the ranking is noise: the two-sample KS distance that chance alone reaches
#: 5 % of the time is about 1.36 sqrt(1/k + 1/N), 0.10 with k = 200 losses, so a driver's
#: KS must stand clear of 0.10 to mean anything; with 50 losses the noise floor is 0.19,
#: as large as most real drivers' distance (docs/sensitivity.md).
MIN_LOSS_ITERATIONS = 200


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks scaled to mid-rank percentiles in (0, 1), column-wise."""
    return (stats.rankdata(x, axis=0) - 0.5) / x.shape[0]


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov distance sup |F_a - F_b| (ties handled exactly)."""
    a, b = np.sort(a), np.sort(b)
    at = np.concatenate([a, b])
    fa = np.searchsorted(a, at, side="right") / a.size
    fb = np.searchsorted(b, at, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def downside(
    samples: pd.DataFrame,
    loss: np.ndarray | pd.Series,
    *,
    min_losses: int = MIN_LOSS_ITERATIONS,
) -> dict:
    """Which inputs separate loss iterations from the rest (Monte Carlo filtering).

    For each column of `samples`: its mean and median given loss and given no
    loss; ``percentile_shift``, the mean mid-rank percentile of the input in the
    loss iterations minus that in the others (+0.2: losses sit 20 percentile
    points higher in the input's own distribution); ``ks``, the Kolmogorov-Smirnov
    distance between the two conditional distributions; and ``p_loss_worst_quartile``,
    P(loss | the input in its worst quartile), the worst side being the one the
    losses lean to (``worst_side``; ties are kept together, so a 0/1 risk event's
    "quartile" is the iterations where it occurred, and ``worst_quartile_share``
    says how large it really is; None when it is empty).

    Parameters
    ----------
    samples : DataFrame
        One row per iteration, one column per input.
    loss : array of bool, shape (N,)
        Which iterations are losses (ROI < 0 in :func:`analyze_scenario`).
    min_losses : int
        The fewest loss iterations, and the fewest other iterations, the drivers are
        ranked from (:data:`MIN_LOSS_ITERATIONS`).

    Returns
    -------
    dict
        ``iterations, n_loss, p_loss, p_loss_se, min_loss_iterations, drivers`` (list of
        dicts, largest ``ks`` first) and ``note``: when fewer than ``min_losses``
        iterations are losses (or are not), ``drivers`` is empty and ``note`` says so.
    """
    loss = np.asarray(loss, dtype=bool)
    n = len(samples)
    if loss.shape != (n,) or n == 0:
        raise SimroiError(f"loss: expected a boolean array of shape ({n},), got {loss.shape}")
    k = int(loss.sum())
    p = k / n
    out = {
        "iterations": n,
        "n_loss": k,
        "p_loss": p,
        "p_loss_se": math.sqrt(p * (1 - p) / n),
        "min_loss_iterations": int(min_losses),
        "drivers": [],
        "note": None,
    }
    if k == 0 or k == n:
        which = "no iteration" if k == 0 else "every iteration"
        out["note"] = f"{which} of {n:,} is a loss, so there is nothing to compare it with"
        return out
    if min(k, n - k) < min_losses:
        which = "are losses" if k < min_losses else "are not losses"
        out["note"] = (
            f"only {min(k, n - k):,} of {n:,} iterations {which}; ranking drivers needs at "
            f"least {min_losses:,} (run more iterations)"
        )
        return out
    x = samples.to_numpy(dtype=float)
    pct = _ranks(x)
    rows = []
    for j, name in enumerate(samples.columns):
        v, r = x[:, j], pct[:, j]
        shift = float(r[loss].mean() - r[~loss].mean())
        side = "low" if shift < 0 else "high"
        worst = r < 0.25 if side == "low" else r > 0.75
        rows.append(
            {
                "input": name,
                "mean_loss": float(v[loss].mean()),
                "mean_no_loss": float(v[~loss].mean()),
                "median_loss": float(np.median(v[loss])),
                "median_no_loss": float(np.median(v[~loss])),
                "percentile_shift": shift,
                "ks": _ks(v[loss], v[~loss]),
                "worst_side": side,
                "p_loss_worst_quartile": float(loss[worst].mean()) if worst.any() else None,
                "worst_quartile_share": float(worst.mean()),
            }
        )
    out["drivers"] = sorted(rows, key=lambda row: -row["ks"])
    return out
