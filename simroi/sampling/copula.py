"""Correlation groups and their Gaussian-copula factors (Spearman rho -> Pearson).

Inputs joined by rank correlations form groups; each group's Pearson matrix
``2 sin(pi rho_s / 6)`` is checked positive semi-definite and factored, so the
designs can mix the members' normal scores while every marginal stays exact.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from simroi.errors import SimroiError
from simroi.sampling.distributions import Distribution

__all__ = ["copula_factor", "correlation_groups", "nearest_correlation"]

_PSD_TOL = 1e-10


# --------------------------------------------------------------------------- correlations


def correlation_groups(
    correlations: Sequence, dists: Mapping[str, Distribution]
) -> tuple[tuple[tuple[str, str, float], ...], tuple[tuple[str, ...], ...]]:
    """Validated (a, b, rho) triples and the connected components they form."""
    pairs: dict[frozenset, tuple[str, str, float]] = {}
    for i, item in enumerate(correlations):
        where = f"correlations[{i}]"
        if isinstance(item, str | bytes) or not isinstance(item, Sequence) or len(item) != 3:
            raise SimroiError(f"{where}: must be [path_a, path_b, rho], got {item!r}")
        a, b, rho = item
        for path in (a, b):
            if not isinstance(path, str) or path not in dists:
                raise SimroiError(f"{where}: {path!r} is not an uncertain input of this design")
        if a == b:
            raise SimroiError(f"{where}: an input cannot be correlated with itself ({a!r})")
        if (
            isinstance(rho, bool)
            or not isinstance(rho, numbers.Real)
            or not math.isfinite(rho)
            or not -1.0 <= rho <= 1.0
        ):
            raise SimroiError(f"{where}: rho must be a number in [-1, 1], got {rho!r}")
        key = frozenset((a, b))
        if key in pairs:
            raise SimroiError(f"{where}: the pair ({a!r}, {b!r}) is given more than once")
        pairs[key] = (a, b, float(rho))

    parent = {p: p for pair in pairs for p in pair}

    def find(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for a, b in pairs:
        parent[find(a)] = find(b)
    members: dict[str, list[str]] = {}
    for p in parent:
        members.setdefault(find(p), []).append(p)
    groups = tuple(sorted(tuple(sorted(m)) for m in members.values()))
    return tuple(pairs.values()), groups


def copula_factor(group: tuple[str, ...], correlations) -> np.ndarray:
    """L with L @ L.T the group's normal-copula Pearson matrix (PSD-repaired)."""
    index = {p: i for i, p in enumerate(group)}
    k = len(group)
    spearman = np.eye(k)
    for a, b, rho in correlations:
        if a in index and b in index:
            spearman[index[a], index[b]] = spearman[index[b], index[a]] = rho
    smallest = float(np.linalg.eigvalsh(spearman)[0])
    if smallest < -_PSD_TOL:
        raise SimroiError(
            f"correlations: the rank-correlation matrix of {', '.join(group)} is not positive "
            f"semi-definite (smallest eigenvalue {smallest:.3g})"
        )
    pearson = 2.0 * np.sin(np.pi * spearman / 6.0)  # diagonal: 2 sin(pi/6) = 1
    pearson = nearest_correlation(pearson)
    try:
        return np.linalg.cholesky(pearson)
    except np.linalg.LinAlgError:  # singular (e.g. rho = 1): any square root will do
        w, v = np.linalg.eigh(pearson)
        return v * np.sqrt(np.clip(w, 0.0, None))


def nearest_correlation(c: np.ndarray) -> np.ndarray:
    """Clip negative eigenvalues and rescale to a unit diagonal (no-op when already PSD)."""
    w, v = np.linalg.eigh(c)
    if w[0] >= 0.0:
        return c
    fixed = (v * np.clip(w, 0.0, None)) @ v.T
    d = np.sqrt(np.diag(fixed))
    fixed = fixed / np.outer(d, d)
    np.fill_diagonal(fixed, 1.0)
    return fixed
