"""Immutable distributions with an exact inverse CDF, built from validated specs.

:func:`simroi.sampling.specs.parse` validates a spec (a number, or a mapping such
as ``{"dist": "pert", "min": 0.1, "mode": 0.18, "max": 0.3}``) and builds a
:class:`Distribution`, which turns uniforms into values (``ppf``, used by the
Latin hypercube and Sobol designs) or draws values directly (``rvs``, the fast
path of the random sampler). Both give exactly the same marginal.

The reference for every form is the matching ``scipy.stats`` frozen
distribution (:attr:`Distribution.frozen`), which also supplies ``mean`` and
``median``. The numerics of each family live in :mod:`simroi.sampling.families`: the
inverse CDFs are closed forms (``ndtri``, square roots) except the beta
family's (PERT, beta), whose fast exact inverse CDF is :mod:`simroi.sampling.betainv`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from simroi.errors import SimroiError
from simroi.sampling import families

__all__ = ["DIST_NAMES", "Distribution", "bernoulli"]

#: The user-facing distribution names (the ``dist`` key of a spec).
DIST_NAMES = ("uniform", "triangular", "pert", "normal", "lognormal", "beta", "discrete")


# --------------------------------------------------------------------------- Distribution


class Distribution:
    """An immutable univariate distribution built from a validated spec.

    Create one with :func:`parse` (or :func:`bernoulli` for a risk event), not
    directly.

    Attributes
    ----------
    spec : dict
        The validated spec with defaults filled and numbers as floats
        (a fresh copy on every access; JSON-able).
    support : tuple of float
        Closed bounds ``(lo, hi)``, possibly infinite: the truncation bounds of
        a truncated normal, ``(0, inf)`` for a lognormal, the smallest and
        largest value of a discrete distribution.
    """

    __slots__ = ("_kind", "_spec", "_impl", "support", "_frozen")

    def __init__(self, kind: str, spec: dict, impl: families.Family) -> None:
        object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_spec", spec)
        object.__setattr__(self, "_impl", impl)
        object.__setattr__(self, "support", impl.support)
        object.__setattr__(self, "_frozen", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Distribution is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Distribution is immutable")

    @property
    def spec(self) -> dict:
        return {k: list(v) if isinstance(v, list) else v for k, v in self._spec.items()}

    @property
    def kind(self) -> str:
        """The ``dist`` name (``"bernoulli"`` for a risk event)."""
        return self._kind

    @property
    def frozen(self):
        """The equivalent ``scipy.stats`` frozen distribution (the reference)."""
        if self._frozen is None:
            object.__setattr__(self, "_frozen", self._impl.frozen())
        return self._frozen

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Exact inverse CDF, vectorised.

        Parameters
        ----------
        u : array_like
            Probabilities; values in the open interval (0, 1) map into the
            support, 0 and 1 to its ends, anything else (or NaN) to NaN.

        Returns
        -------
        ndarray of float, same shape as `u`
        """
        u = np.asarray(u, dtype=float)
        bad = ~((u >= 0.0) & (u <= 1.0))
        if bad.any():
            out = self._impl.ppf(np.where(bad, 0.5, u))
            out[bad] = np.nan
            return out
        return self._impl.ppf(u)

    def quantile(self, q: float) -> float:
        """The `q`-quantile (scalar :meth:`ppf`)."""
        return float(self.ppf(np.array([q], dtype=float))[0])

    def median(self) -> float:
        return float(self.frozen.median())

    def mean(self) -> float:
        return float(self.frozen.mean())

    def rvs(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """`size` independent draws from `rng`, with exactly the marginal of :meth:`ppf`.

        Uses numpy's direct generators where they are faster than the inverse
        CDF (``Generator.beta`` for PERT and beta, ``Generator.normal`` for an
        untruncated normal); otherwise ``ppf`` of uniforms.
        """
        return self._impl.rvs(rng, int(size))

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_show(v)}" for k, v in self._spec.items() if k != "dist")
        return f"Distribution({self._kind}, {args})"

    def _key(self) -> tuple:
        return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in self._spec.items())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Distribution):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self):
        # the validated parts as they are: the family's numerics pickle in ~150 bytes, and
        # nothing is parsed again (so this module needs no import of the parser)
        return (Distribution, (self._kind, self._spec, self._impl))


def bernoulli(p: float) -> Distribution:
    """A risk event: 1.0 with probability `p`, else 0.0.

    ``ppf(u) = 1.0`` where ``u >= 1 - p``, so occurrence is monotone in `u`.

    Raises
    ------
    SimroiError
        Unless ``0 < p < 1`` (an event that is certain or impossible is a constant).
    """
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0.0 < float(p) < 1.0:
        raise SimroiError(f"bernoulli: p must be a number with 0 < p < 1, got {_show(p)}")
    p = float(p)
    return Distribution("bernoulli", {"dist": "bernoulli", "p": p}, families.Bernoulli(p))


# --------------------------------------------------------------------------- messages


def _show(v: Any) -> str:
    """A value as the user wrote it: 0.3, -1, 'nromal', [5, 1], True."""
    if isinstance(v, bool) or v is None:
        return repr(v)
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        return repr(float(v))
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_show(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{" + ", ".join(f"{k}: {_show(x)}" for k, x in v.items()) + "}"
    return repr(v)
