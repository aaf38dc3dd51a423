"""The numerics of each distribution family: inverse CDF, direct draws, scipy reference.

One class per family, built from already validated parameters (no checks
here: :mod:`simroi.sampling.distributions` validates every spec, then wraps one of
these in a :class:`~simroi.sampling.distributions.Distribution`). ``ppf`` receives u
in [0, 1] only; the inverse CDFs are closed forms except the beta family's,
:func:`simroi.sampling.betainv.beta_ppf`. ``rvs`` may use numpy's direct generators
where they are faster, with exactly the marginal of ``ppf``; ``frozen`` gives
the matching ``scipy.stats`` distribution, the reference of every form.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from simroi.sampling.betainv import beta_ppf

__all__ = [
    "Bernoulli",
    "Beta",
    "Discrete",
    "Family",
    "Lognormal",
    "Normal",
    "Triangular",
    "TruncNormal",
    "Uniform",
]


class Family:
    """One family with fixed parameters; ``support`` holds its closed bounds."""

    support: tuple[float, float]

    def ppf(self, u: np.ndarray) -> np.ndarray:  # u in [0, 1]
        raise NotImplementedError

    def rvs(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self.ppf(rng.random(size))

    def frozen(self):
        raise NotImplementedError


class Uniform(Family):
    def __init__(self, low: float, high: float) -> None:
        self.low, self.width = low, high - low
        self.support = (low, high)

    def ppf(self, u):
        return self.low + self.width * u

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.uniform(loc=self.low, scale=self.width)


class Triangular(Family):
    def __init__(self, lo: float, mode: float, hi: float) -> None:
        self.lo, self.width = lo, hi - lo
        self.c = (mode - lo) / (hi - lo)
        self.support = (lo, hi)

    def ppf(self, u):
        c = self.c
        # the same closed form as scipy.stats.triang._ppf
        x = np.where(u < c, np.sqrt(c * u), 1.0 - np.sqrt((1.0 - c) * (1.0 - u)))
        return self.lo + self.width * x

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.triang(self.c, loc=self.lo, scale=self.width)


class Beta(Family):
    """Scaled beta on [lo, hi] (PERT is a beta with shapes from
    :func:`simroi.sampling.specs.pert_shape`)."""

    def __init__(self, a: float, b: float, lo: float, hi: float) -> None:
        self.a, self.b, self.lo, self.width = a, b, lo, hi - lo
        self.support = (lo, hi)

    def ppf(self, u):
        return self.lo + self.width * beta_ppf(u, self.a, self.b)

    def rvs(self, rng, size):
        return self.lo + self.width * rng.beta(self.a, self.b, size)

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.beta(self.a, self.b, loc=self.lo, scale=self.width)


class Normal(Family):
    def __init__(self, mean: float, sd: float) -> None:
        self.mean, self.sd = mean, sd
        self.support = (-math.inf, math.inf)

    def ppf(self, u):
        return self.mean + self.sd * special.ndtri(u)

    def rvs(self, rng, size):
        return rng.normal(self.mean, self.sd, size)

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.norm(self.mean, self.sd)


class TruncNormal(Family):
    """Normal(mean, sd) restricted to [lo, hi] (one bound may be infinite)."""

    def __init__(self, mean: float, sd: float, lo: float, hi: float) -> None:
        self.mean, self.sd = mean, sd
        self.alpha, self.beta = (lo - mean) / sd, (hi - mean) / sd
        self.support = (lo, hi)
        # P(Z < alpha) and P(Z > beta), each accurate in its own tail
        self.below = float(special.ndtr(self.alpha))
        self.above = float(special.ndtr(-self.beta))
        if self.alpha >= 0:
            self.mass = float(special.ndtr(-self.alpha)) - self.above
        elif self.beta <= 0:
            self.mass = float(special.ndtr(self.beta)) - self.below
        else:
            self.mass = 1.0 - self.below - self.above

    def ppf(self, u):
        # lower-tail probability where it is <= 1/2, upper-tail one elsewhere,
        # so that no tail is computed as 1 - (something close to 1)
        p = self.below + u * self.mass
        q = self.above + (1.0 - u) * self.mass
        with np.errstate(invalid="ignore"):
            z = np.where(p <= 0.5, special.ndtri(p), -special.ndtri(q))
        x = np.clip(self.mean + self.sd * z, *self.support)
        lo, hi = self.support
        return np.where(u <= 0.0, lo, np.where(u >= 1.0, hi, x))

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.truncnorm(self.alpha, self.beta, loc=self.mean, scale=self.sd)


class Lognormal(Family):
    def __init__(self, mu: float, sigma: float) -> None:
        self.mu, self.sigma = mu, sigma
        self.support = (0.0, math.inf)

    def ppf(self, u):
        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def rvs(self, rng, size):
        return np.exp(self.mu + self.sigma * rng.standard_normal(size))

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.lognorm(self.sigma, scale=math.exp(self.mu))


class Discrete(Family):
    def __init__(self, values: list[float], probs: list[float]) -> None:
        order = np.argsort(values, kind="stable")
        self.values = np.asarray(values, dtype=float)[order]
        self.probs = np.asarray(probs, dtype=float)[order]
        # Correctly rounded prefix sums, ending at exactly 1.0 (probs sum to 1 within 1e-9).
        cum = [math.fsum(self.probs[: k + 1]) for k in range(len(self.probs))]
        self.cum = np.minimum(np.asarray(cum), 1.0)
        self.cum[-1] = 1.0
        self.support = (float(self.values[0]), float(self.values[-1]))

    def ppf(self, u):
        # Smallest value whose CDF reaches u (the rule of scipy's rv_discrete.ppf). A
        # CDF within 1e-12 of u counts as reaching it, so a probability written as 0.05
        # puts q = 0.05 on the first value whatever the binary rounding of the sums.
        idx = np.searchsorted(self.cum, np.asarray(u) - 1e-12, side="left")
        return self.values[np.minimum(idx, len(self.values) - 1)]

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.rv_discrete(values=(self.values, self.probs / self.probs.sum()))


class Bernoulli(Family):
    def __init__(self, p: float) -> None:
        self.p = p
        self.threshold = 1.0 - p
        self.support = (0.0, 1.0)

    def ppf(self, u):
        return (u >= self.threshold).astype(float)

    def frozen(self):
        import scipy.stats  # the reference only: importing it costs ~0.8 s

        return scipy.stats.bernoulli(self.p)
