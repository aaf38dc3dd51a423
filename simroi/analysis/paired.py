"""Paired statistics of vendors: pure functions of ``vendor -> metric array``.

All arrays have the same length and row i is iteration i under the same draws
(common random numbers), so ``P(a > b)`` counts the iterations in which vendor a
beats vendor b under the very same business conditions.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from simroi.errors import SimroiError
from simroi.simulation.results import probability

__all__ = [
    "SSD_RTOL",
    "differences",
    "dominance",
    "expected_regret",
    "paired_statistics",
    "pairwise",
    "prob_best",
    "stochastic_dominance",
]

# Second-order dominance compares running integrals of the CDFs; they are sums of
# many products, so "<=" allows this much rounding, relative to the range of values.
SSD_RTOL = 1e-9


# --------------------------------------------------------------------------- paired statistics


def _stack(values: Mapping[str, np.ndarray]) -> tuple[list[str], np.ndarray]:
    """Vendor names and their metrics as one array, shape (vendors, n)."""
    names = list(values)
    if len(names) < 2:
        raise SimroiError(f"values: at least two vendors are needed, got {len(names)}")
    arrays = [np.asarray(values[k], dtype=float) for k in names]
    sizes = {a.shape for a in arrays}
    if len(sizes) != 1 or arrays[0].ndim != 1 or arrays[0].size == 0:
        shapes = ", ".join(f"{k}: {a.shape}" for k, a in zip(names, arrays, strict=True))
        raise SimroiError(f"values: need 1-D arrays of one common non-zero length, got {shapes}")
    x = np.stack(arrays)
    if not np.isfinite(x).all():
        raise SimroiError("values: every metric value must be finite")
    return names, x


def _mean_se(x: np.ndarray) -> tuple[float, float | None]:
    """Mean and its standard error (ddof=1); the error is None with one value."""
    se = float(np.std(x, ddof=1) / np.sqrt(x.size)) if x.size > 1 else None
    return float(np.mean(x)), se


def prob_best(values: Mapping[str, np.ndarray]) -> dict[str, tuple[float, float]]:
    """P(vendor has the highest metric), with its standard error.

    An iteration where k vendors tie for the best gives each of them 1/k, so the
    probabilities sum to 1. The standard error is that of the mean share,
    sqrt(var / n), which is sqrt(p (1 - p) / n) when there are no ties.

    Parameters
    ----------
    values : mapping of str to ndarray, shape (n,)
        The metric of each vendor in each (paired) iteration.

    Returns
    -------
    dict
        vendor -> (probability, standard error).
    """
    names, x = _stack(values)
    best = x == x.max(axis=0)
    share = best / best.sum(axis=0)
    se = share.std(axis=1) / np.sqrt(x.shape[1])
    return {k: (float(share[i].mean()), float(se[i])) for i, k in enumerate(names)}


def expected_regret(values: Mapping[str, np.ndarray]) -> dict[str, tuple[float, float | None]]:
    """Mean shortfall of each vendor's metric from the best vendor's in the same iteration.

    Returns
    -------
    dict
        vendor -> (expected regret, its standard error or None with one iteration).
    """
    names, x = _stack(values)
    regret = x.max(axis=0) - x
    return {k: _mean_se(regret[i]) for i, k in enumerate(names)}


def pairwise(values: Mapping[str, np.ndarray]) -> dict[str, dict[str, tuple[float, float]]]:
    """``P(metric of a > metric of b)`` over paired iterations, for every a != b.

    Ties count for neither vendor, so ``P(a > b) + P(b > a) = 1 - P(tie)``.

    Returns
    -------
    dict
        a -> b -> (probability, standard error sqrt(p (1 - p) / n)).
    """
    names, x = _stack(values)
    return {
        a: {b: probability(x[i] > x[j]) for j, b in enumerate(names) if j != i}
        for i, a in enumerate(names)
    }


def differences(values: Mapping[str, np.ndarray]) -> dict[str, dict[str, dict]]:
    """The distribution of ``metric(a) - metric(b)`` over paired iterations, for every a != b.

    Returns
    -------
    dict
        a -> b -> ``{"mean", "se_mean", "std", "p10", "p50", "p90"}`` (``std``
        with ddof=1; it and ``se_mean`` are None with one iteration).
    """
    names, x = _stack(values)
    out: dict[str, dict[str, dict]] = {a: {} for a in names}
    for (i, a), (j, b) in itertools.permutations(enumerate(names), 2):
        d = x[i] - x[j]
        mean, se = _mean_se(d)
        p10, p50, p90 = np.percentile(d, [10, 50, 90])
        out[a][b] = {
            "mean": mean,
            "se_mean": se,
            "std": float(np.std(d, ddof=1)) if d.size > 1 else None,
            "p10": float(p10),
            "p50": float(p50),
            "p90": float(p90),
        }
    return out


def _dominance_both_ways(
    a: np.ndarray, b: np.ndarray, rtol: float
) -> tuple[tuple[bool, bool], tuple[bool, bool]]:
    """((FSD, SSD) of a over b, (FSD, SSD) of b over a) from the empirical CDFs.

    Both CDFs are step functions that only move at the pooled sample points z,
    and their running integrals are linear between them, so checking at z is
    exact for the empirical distributions.
    """
    a, b = np.sort(a), np.sort(b)
    z = np.unique(np.concatenate([a, b]))
    # F_a(z) - F_b(z) in integer arithmetic (cross-multiplied), so ties are exact.
    ca = np.searchsorted(a, z, side="right").astype(np.int64) * b.size
    cb = np.searchsorted(b, z, side="right").astype(np.int64) * a.size
    gap = ca - cb  # (F_a - F_b) * n_a * n_b
    fsd_ab = bool(np.all(gap <= 0) and np.any(gap < 0))
    fsd_ba = bool(np.all(gap >= 0) and np.any(gap > 0))
    # Integral from -inf to z_j of (F_a - F_b): a running sum of steps times widths.
    integral = np.concatenate([[0.0], np.cumsum(gap[:-1] / (a.size * b.size) * np.diff(z))])
    span = float(z[-1] - z[0])
    tol = max(rtol, 4.0 * z.size * np.finfo(float).eps) * span
    ssd_ab = bool(np.all(integral <= tol) and np.any(integral < -tol)) or fsd_ab
    ssd_ba = bool(np.all(integral >= -tol) and np.any(integral > tol)) or fsd_ba
    return (fsd_ab, ssd_ab), (fsd_ba, ssd_ba)


def stochastic_dominance(
    a: np.ndarray, b: np.ndarray, *, rtol: float = SSD_RTOL
) -> tuple[bool, bool]:
    """Whether a dominates b (higher is better) to first and to second order.

    First order: ``F_a(x) <= F_b(x)`` for every x, strictly for some x.
    Second order: ``int_{-inf}^x F_a <= int_{-inf}^x F_b`` for every x, strictly
    for some x, each comparison allowing ``rtol`` times the range of the pooled
    values for rounding. First order implies second order. F are the empirical
    CDFs; ``a`` and ``b`` need not be paired or of equal length.

    Returns
    -------
    (first_order, second_order) : tuple of bool
    """
    a, b = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    if a.size == 0 or b.size == 0 or not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise SimroiError("stochastic_dominance: need non-empty arrays of finite values")
    return _dominance_both_ways(a, b, rtol)[0]


def dominance(values: Mapping[str, np.ndarray], *, rtol: float = SSD_RTOL) -> list[dict]:
    """Every ordered pair (better, worse) for which first- or second-order dominance holds.

    Returns
    -------
    list of dict
        ``{"better", "worse", "first_order", "second_order"}``, in vendor order.
    """
    names, x = _stack(values)
    found = {}
    for i, j in itertools.combinations(range(len(names)), 2):
        ij, ji = _dominance_both_ways(x[i], x[j], rtol)
        found[i, j], found[j, i] = ij, ji
    return [
        {"better": names[i], "worse": names[j], "first_order": fsd, "second_order": ssd}
        for (i, j), (fsd, ssd) in sorted(found.items())
        if fsd or ssd
    ]


def paired_statistics(values: Mapping[str, np.ndarray]) -> dict:
    """Every cross-vendor statistic of ``compare.json``, from the metric arrays alone.

    Returns
    -------
    dict
        ``vendors`` (list of ``{"name", "rank", "prob_best", "prob_best_se",
        "expected_regret", "expected_regret_se"}``; rank 1 has the highest mean),
        ``pairwise`` (a -> b -> P(a > b)), ``pairwise_se``, ``dominance`` and
        ``differences`` (a -> b -> statistics of a - b).
    """
    names, x = _stack(values)
    best, regret, pairs = prob_best(values), expected_regret(values), pairwise(values)
    # Stable sort: equal means keep the vendors' order.
    order = sorted(range(len(names)), key=lambda i: -float(np.mean(x[i])))
    rank = {names[i]: r for r, i in enumerate(order, start=1)}
    return {
        "vendors": [
            {
                "name": k,
                "rank": rank[k],
                "prob_best": best[k][0],
                "prob_best_se": best[k][1],
                "expected_regret": regret[k][0],
                "expected_regret_se": regret[k][1],
            }
            for k in names
        ],
        "pairwise": {a: {b: p for b, (p, _) in row.items()} for a, row in pairs.items()},
        "pairwise_se": {a: {b: se for b, (_, se) in row.items()} for a, row in pairs.items()},
        "dominance": dominance(values),
        "differences": differences(values),
    }
