"""Draws of a Design with one input held to a band of its own percentiles, copula kept.

Stress analysis asks what the result looks like when one input lies in, say,
its worst decile. Resampling that input alone would break its correlations;
instead the band is imposed *inside* the Gaussian copula. Each input has a
normal score ``z`` (``ndtri`` of its copula uniform); the banded input's score
is moved monotonically into the band, ``z_j' = ndtri(a + (b - a) ndtr(z_j))``,
and every other member of its correlation group keeps its own residual,
``z_k' = z_k + C_kj (z_j' - z_j)`` with ``C`` the group's Pearson matrix. That is
exactly the joint law given ``U_j`` in ``[a, b]``: the residual
``z_k - C_kj z_j`` is independent of ``z_j``. Inputs outside the group keep
their draws bit for bit (common random numbers).

The scores are the design's own (:meth:`~simroi.sampling.designs.Design.scores`)
under every sampler: the uniforms of ``lhs`` and ``sobol``, the ranking scores of
a correlated group under ``random``; an uncorrelated input under ``random`` (drawn
directly) gets the probability integral transform of its value, redrawn inside
the value's step for a discrete input or a risk event, so conditioning it redraws
its own uniform inside the band.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from simroi.errors import SimroiError
from simroi.sampling.designs import Design

__all__ = ["draw_band"]

_LO, _HI = float(np.nextafter(0.0, 1.0)), float(np.nextafter(1.0, 0.0))


def draw_band(
    design: Design, start: int, stop: int, path: str, low: float, high: float
) -> dict[str, np.ndarray]:
    """``design.draw(start, stop)`` with `path` restricted to its ``[low, high]`` percentiles."""
    if path not in design.dists:
        raise SimroiError(f"input: {path!r} is not an uncertain input ({', '.join(design.dists)})")
    if not 0.0 <= low < high <= 1.0:
        raise SimroiError(f"band: need 0 <= low < high <= 1, got [{low}, {high}]")
    out = design.draw(start, stop)
    group = next((g for g in design.groups if path in g), (path,))
    z = {p: design.scores(p, start, stop, out[p]) for p in group}
    u = np.clip(low + (high - low) * special.ndtr(z[path]), _LO, _HI)
    moved = special.ndtri(u) - z[path]
    if len(group) > 1:
        factor = design._factors[group]
        pearson = factor @ factor.T
    j = group.index(path)
    for i, p in enumerate(group):
        zk = z[p] + (moved if p == path else pearson[i, j] * moved)
        out[p] = design.dists[p].ppf(np.clip(special.ndtr(zk), _LO, _HI))
    return out
