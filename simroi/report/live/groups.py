"""The live page's correlation groups: each group's copula matrix and its discrete members' scores.

The sampler draws a group of correlated inputs from a Gaussian copula
(:mod:`simroi.sampling.copula`): normal scores ``z ~ N(0, R)`` with ``R`` the group's
Pearson matrix ``2 sin(pi rho_s / 6)``, each member ``x = F^-1(Phi(z))``. To reweigh
such draws the page needs ``R`` and every draw's scores. A continuous member's score
is a function of its value (``Phi^-1(F(x))``, computed in the page); a discrete member
or a risk event has many scores per value, so its own are stored: the design is drawn
again from the run's seed and must give the stored values, and each score is kept
inside its value's step. When the design cannot be drawn again (a run to a precision
pools batches of other seeds), a uniform inside the step stands in for the copula's
and the group is marked inexact: the page then calls its answers approximate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special

from simroi.sampling.copula import copula_factor, correlation_groups

__all__ = ["SINGULAR", "correlation_payload"]

#: A group whose Pearson matrix has an eigenvalue below this ties inputs one to one.
SINGULAR = 1e-9
_U_LO = float(np.nextafter(0.0, 1.0))
_U_HI = float(np.nextafter(1.0, 0.0))


def correlation_payload(scn, manifest: dict, draws: dict[str, np.ndarray]) -> dict[str, Any]:
    """``groups`` (members, Pearson matrix, exact, singular) and the discrete members' scores.

    Returns ``{"groups": [...], "scores": {path: float64 scores}}``; ``draws`` are the
    stored draws of every uncertain input, by path.
    """
    pairs, groups = correlation_groups(scn.correlations, scn.uncertain)
    discrete = [p for g in groups for p in g if scn.uncertain[p].kind in ("discrete", "bernoulli")]
    own = _design_scores(scn, manifest, draws, discrete) if discrete else {}
    out, scores = [], {}
    for group in groups:
        factor = copula_factor(group, pairs)
        pearson = factor @ factor.T
        exact = True
        for p in group:
            if p not in discrete:
                continue
            z = own.get(p)
            exact = exact and z is not None
            scores[p] = _in_step(scn.uncertain[p], draws[p], z)
        out.append(
            {
                "members": list(group),
                "pearson": [[float(v) for v in row] for row in pearson],
                "exact": exact,
                "singular": bool(np.linalg.eigvalsh(pearson)[0] < SINGULAR),
            }
        )
    return {"groups": out, "scores": scores}


def _design_scores(scn, manifest: dict, draws: dict, paths: list[str]) -> dict[str, np.ndarray]:
    """The design's own scores of ``paths``, when the run's seed draws the stored values."""
    from simroi.sampling.designs import Design

    seed = manifest.get("seed_entropy_str") or manifest.get("seed_entropy")
    n = next(iter(draws.values())).size
    if seed is None or not manifest.get("sampler"):
        return {}
    design = Design(
        scn.uncertain, n, seed=int(seed), sampler=manifest["sampler"],
        correlations=scn.correlations,
    )  # fmt: skip
    again = design.draw(0, n)
    if not all(np.array_equal(again[p], draws[p]) for p in scn.uncertain):
        return {}
    return {p: design.scores(p, 0, n, again[p]) for p in paths}


def _in_step(dist, x: np.ndarray, z: np.ndarray | None) -> np.ndarray:
    """Scores inside each value's step ``[F(x-), F(x)]`` (a uniform there when ``z`` is None).

    Under ``lhs`` and ``sobol`` the design's scores already are; under ``random`` the
    ranks decide the values, so a score near a step's edge may lie just across it.
    """
    impl = dist._impl
    if dist.kind == "bernoulli":
        high = np.where(x == 1, 1.0, impl.threshold)
        low = np.where(x == 1, impl.threshold, 0.0)
    else:
        k = np.searchsorted(impl.values, x)
        high = impl.cum[k]
        low = np.where(k > 0, impl.cum[np.maximum(k - 1, 0)], 0.0)
    if z is None:
        u = low + np.random.default_rng(0).random(x.size) * (high - low)
    else:
        u = np.clip(special.ndtr(z), low, high)
    return special.ndtri(np.clip(u, _U_LO, _U_HI))
