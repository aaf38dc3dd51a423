"""Maximum-likelihood fits of simroi's families to a sample; each gives its spec and scipy twin.

One function per family: ``values -> Candidate`` (or None where the family
cannot hold the data, e.g. a lognormal for data with values <= 0). Closed forms
where they exist (normal, lognormal, uniform); Nelder-Mead on an unconstrained
parametrisation otherwise (triangular, PERT, beta: the support's ends are
``min - e^u r`` and ``max + e^v r``, so they always enclose the data).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

__all__ = ["Candidate", "FAMILIES", "fit_family"]

_U_FLOOR = -12.0  # ends no closer to the data than e^-12 of its range (a J-shaped beta's
# likelihood grows without bound as its end meets the smallest value)


@dataclass(frozen=True)
class Candidate:
    """One family fitted: its spec (ready for a scenario), log-likelihood and parameter count."""

    family: str
    spec: dict
    loglik: float
    k: int
    frozen: object = field(repr=False, compare=False)  # scipy frozen distribution: cdf, logpdf

    @property
    def aic(self) -> float:
        return 2 * self.k - 2 * self.loglik


def _g(x: float) -> float:
    return float(f"{x:.6g}")


def _normal(x: np.ndarray) -> Candidate:
    mu, sd = float(x.mean()), float(x.std())
    f = stats.norm(mu, sd)
    spec = {"dist": "normal", "mean": _g(mu), "sd": _g(sd)}
    if x.min() >= 0 and f.cdf(0.0) < 1e-6:  # never negative: say so, for keys that are >= 0
        spec["min"] = 0.0
    return Candidate("normal", spec, float(f.logpdf(x).sum()), 2, f)


def _lognormal(x: np.ndarray) -> Candidate | None:
    if x.min() <= 0:
        return None
    logs = np.log(x)
    mu, s = float(logs.mean()), float(logs.std())
    f = stats.lognorm(s, scale=math.exp(mu))
    mean = math.exp(mu + s * s / 2)
    sd = mean * math.sqrt(math.expm1(s * s))
    spec = {"dist": "lognormal", "mean": _g(mean), "sd": _g(sd)}
    return Candidate("lognormal", spec, float(f.logpdf(x).sum()), 2, f)


def _uniform(x: np.ndarray) -> Candidate:
    lo, hi = float(x.min()), float(x.max())
    f = stats.uniform(lo, hi - lo)
    return Candidate("uniform", {"dist": "uniform", "low": _g(lo), "high": _g(hi)},
                     -x.size * math.log(hi - lo), 2, f)  # fmt: skip


def _ends(x: np.ndarray, u: float, v: float) -> tuple[float, float]:
    lo, hi = float(x.min()), float(x.max())
    r = hi - lo
    return lo - math.exp(max(u, _U_FLOOR)) * r, hi + math.exp(max(v, _U_FLOOR)) * r


def _start_ends(x: np.ndarray) -> tuple[float, float]:
    # The expected gap between a sample's extreme and its end is ~ range / n for a
    # density that is positive there, wider when it falls to zero: start between.
    return math.log(1.0 / math.sqrt(x.size)), math.log(1.0 / math.sqrt(x.size))


def _minimise(nll: Callable[[np.ndarray], float], start: list[float]) -> np.ndarray:
    best = None
    for s in (start, [start[0] + 1.5, start[1] + 1.5, *start[2:]]):
        r = optimize.minimize(nll, np.asarray(s, dtype=float), method="Nelder-Mead",
                              options={"xatol": 1e-5, "fatol": 1e-6, "maxiter": 2000})  # fmt: skip
        if best is None or r.fun < best.fun:
            best = r
    return best.x


def _tri_logpdf(x: np.ndarray, lo: float, mode: float, hi: float) -> np.ndarray:
    left = x < mode
    num = np.where(left, x - lo, hi - x)
    den = np.where(left, mode - lo, hi - mode) * (hi - lo)
    return np.log(2.0 * num / den)


def _beta_logpdf(x: np.ndarray, a: float, b: float, lo: float, hi: float) -> np.ndarray:
    z = (x - lo) / (hi - lo)
    return (a - 1) * np.log(z) + (b - 1) * np.log1p(-z) - special.betaln(a, b) - math.log(hi - lo)


def _pert_logpdf(x: np.ndarray, lo: float, mode: float, hi: float) -> np.ndarray:
    a = 1 + 4 * (mode - lo) / (hi - lo)
    return _beta_logpdf(x, a, 6 - a, lo, hi)


def _three_point(x: np.ndarray, logpdf: Callable, family: str) -> Candidate:
    """Triangular or PERT: ends by ``_ends``, mode at a logistic share of the support."""

    def params(p):
        lo, hi = _ends(x, p[0], p[1])
        return lo, lo + special.expit(p[2]) * (hi - lo), hi

    def nll(p):
        ll = logpdf(x, *params(p)).sum()
        return -ll if np.isfinite(ll) else 1e300

    u, v = _start_ends(x)
    lo, hi = _ends(x, u, v)
    mode = float(np.clip(3 * x.mean() - lo - hi, lo + 1e-3 * (hi - lo), hi - 1e-3 * (hi - lo)))
    p = _minimise(nll, [u, v, float(special.logit((mode - lo) / (hi - lo)))])
    lo, mode, hi = params(p)
    if family == "triangular":
        f = stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    else:
        a = 1 + 4 * (mode - lo) / (hi - lo)
        f = stats.beta(a, 6 - a, loc=lo, scale=hi - lo)
    spec = {"dist": family, "min": _g(lo), "mode": _g(mode), "max": _g(hi)}
    return Candidate(family, spec, float(logpdf(x, lo, mode, hi).sum()), 3, f)


def _beta(x: np.ndarray) -> Candidate:
    def params(p):
        lo, hi = _ends(x, p[0], p[1])
        return math.exp(p[2]), math.exp(p[3]), lo, hi

    def nll(p):
        ll = _beta_logpdf(x, *params(p)).sum()
        return -ll if np.isfinite(ll) else 1e300

    u, v = _start_ends(x)
    lo, hi = _ends(x, u, v)
    z = (x - lo) / (hi - lo)
    m, var = float(z.mean()), float(z.var())
    common = max(m * (1 - m) / var - 1, 0.1)  # method of moments
    p = _minimise(nll, [u, v, math.log(m * common), math.log((1 - m) * common)])
    a, b, lo, hi = params(p)
    f = stats.beta(a, b, loc=lo, scale=hi - lo)
    spec = {"dist": "beta", "a": _g(a), "b": _g(b), "min": _g(lo), "max": _g(hi)}
    return Candidate("beta", spec, float(_beta_logpdf(x, a, b, lo, hi).sum()), 4, f)


FAMILIES: dict[str, Callable[[np.ndarray], Candidate | None]] = {
    "normal": _normal,
    "lognormal": _lognormal,
    "uniform": _uniform,
    "triangular": lambda x: _three_point(x, _tri_logpdf, "triangular"),
    "pert": lambda x: _three_point(x, _pert_logpdf, "pert"),
    "beta": _beta,
}


def fit_family(name: str, x: np.ndarray) -> Candidate | None:
    """The maximum-likelihood fit of family ``name`` to ``x``, or None if it cannot hold x."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return FAMILIES[name](np.asarray(x, dtype=float))
