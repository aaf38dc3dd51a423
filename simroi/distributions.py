"""Distribution specs -> validated, immutable distributions with an exact inverse CDF.

A spec is a number (a constant) or a mapping such as
``{"dist": "pert", "min": 0.1, "mode": 0.18, "max": 0.3}`` (SPEC §3).
:func:`parse` validates a spec completely and reports every problem of it at
once; :class:`Distribution` turns uniforms into values (``ppf``, used by the
Latin hypercube and Sobol designs) or draws values directly (``rvs``, the fast
path of the random sampler). Both give exactly the same marginal.

The reference for every form is the matching ``scipy.stats`` frozen
distribution (:attr:`Distribution.frozen`), which also supplies ``mean`` and
``median``. The inverse CDFs are closed forms (``ndtri``, square roots) except
the beta family (PERT, beta), whose inverse CDF :func:`beta_ppf` is computed
from a cached table of exact quantiles refined by a Halley step: scipy's
``betaincinv`` is accurate but costs well over a second per million values.
"""

from __future__ import annotations

import difflib
import functools
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import scipy.stats
from scipy import special

from simroi.errors import ConfigError, SimroiError

__all__ = ["DIST_NAMES", "Distribution", "beta_ppf", "bernoulli", "parse"]

#: The user-facing distribution names (the ``dist`` key of a spec).
DIST_NAMES = ("uniform", "triangular", "pert", "normal", "lognormal", "beta", "discrete")

# name -> (required parameters, optional parameters), in the order messages list them
_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uniform": (("low", "high"), ()),
    "triangular": (("min", "mode", "max"), ()),
    "pert": (("min", "mode", "max"), ("lambda",)),
    "normal": ((), ("mean", "sd", "ci90", "min", "max")),
    "lognormal": ((), ("mean", "sd", "ci90")),
    "beta": (("a", "b"), ("min", "max")),
    "discrete": (("values",), ("probs",)),
}
# names people reach for that are not ours: hint only, still an error
_ALIASES = {
    "gaussian": "normal",
    "norm": "normal",
    "truncnorm": "normal",
    "triang": "triangular",
    "triangle": "triangular",
    "betapert": "pert",
    "beta-pert": "pert",
    "beta_pert": "pert",
    "lognorm": "lognormal",
    "log-normal": "lognormal",
    "categorical": "discrete",
    "choice": "discrete",
}
_PROBS_TOL = 1e-9
_Z95 = float(special.ndtri(0.95))  # ci90 = [mean - _Z95 sd, mean + _Z95 sd]


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

    def __init__(self, kind: str, spec: dict, impl: _Impl) -> None:
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
        # rebuild from the spec (cheap; keeps pickles small and version-proof)
        return (_from_spec, (self.spec,))


def _from_spec(spec: dict) -> Distribution:
    if spec.get("dist") == "bernoulli":
        return bernoulli(spec["p"])
    result = parse(spec, "<pickled>")
    assert isinstance(result, Distribution)  # a validated spec always parses to one
    return result


# --------------------------------------------------------------------------- parse


def parse(spec: Any, path: str) -> float | Distribution:
    """Validate one spec: a number gives a float constant, a mapping a :class:`Distribution`.

    Parameters
    ----------
    spec : number, mapping or Distribution
        ``5000`` or ``{"dist": name, ...}`` (SPEC §3). A Distribution is
        returned unchanged.
    path : str
        The dotted path of the value, prefixed to every error message.

    Raises
    ------
    ConfigError
        Listing every problem of the spec, each message starting with `path`
        and naming the rule and the offending value.
    """
    if isinstance(spec, Distribution):
        return spec
    errors: list[str] = []
    if isinstance(spec, Mapping):
        dist = _parse_mapping(spec, path, errors)
        if errors:
            raise ConfigError(errors)
        assert dist is not None
        return dist
    if isinstance(spec, bool) or not isinstance(spec, numbers.Real):
        raise ConfigError(
            f"{path}: must be a number or a distribution such as "
            f"{{dist: pert, min: ..., mode: ..., max: ...}}, got {_show(spec)}"
        )
    value = _number(spec, path, errors)
    if errors:
        raise ConfigError(errors)
    assert value is not None
    return value


def _parse_mapping(spec: Mapping, path: str, errors: list[str]) -> Distribution | None:
    if "dist" not in spec:
        errors.append(
            f"{path}: missing parameter 'dist' (one of {', '.join(DIST_NAMES)}) "
            "in a distribution spec"
        )
        return None
    name = spec["dist"]
    if not isinstance(name, str) or name not in _PARAMS:
        hint = _suggest(name, DIST_NAMES, _ALIASES) if isinstance(name, str) else None
        tail = f"; did you mean '{hint}'?" if hint else f" (known: {', '.join(DIST_NAMES)})"
        errors.append(f"{path}: unknown distribution {_show(name)}{tail}")
        return None

    required, optional = _PARAMS[name]
    allowed = required + optional
    given = {k: v for k, v in spec.items() if k != "dist"}
    for key in given:
        if key not in allowed:
            hint = _suggest(key, allowed) if isinstance(key, str) else None
            tail = f"; did you mean '{hint}'?" if hint else ""
            errors.append(
                f"{path}: unexpected parameter {_show(key)} for {name} "
                f"(allowed: {', '.join(allowed)}){tail}"
            )
    for key in required:
        if key not in given:
            errors.append(f"{path}: missing parameter '{key}' for {name}")
    build: Callable[[dict, str, list[str]], Distribution | None] = _BUILDERS[name]
    params = {k: v for k, v in given.items() if k in allowed}
    dist = build(params, path, errors)
    return None if errors else dist


def _build_uniform(p: dict, path: str, errors: list[str]) -> Distribution | None:
    low = _param(p, "low", path, errors)
    high = _param(p, "high", path, errors)
    if low is None or high is None:
        return None
    if not low < high:
        errors.append(
            f"{path}: 'low' ({_show(p['low'])}) must be < 'high' ({_show(p['high'])})"
            + ("; for a fixed value use a constant" if low == high else "")
        )
        return None
    spec = {"dist": "uniform", "low": low, "high": high}
    return Distribution("uniform", spec, _Uniform(low, high))


def _three_point(p: dict, path: str, errors: list[str]) -> tuple[float, float, float] | None:
    lo = _param(p, "min", path, errors)
    mode = _param(p, "mode", path, errors)
    hi = _param(p, "max", path, errors)
    if lo is None or mode is None or hi is None:
        return None
    shown = f"'min' ({_show(p['min'])}) must be <= 'mode' ({_show(p['mode'])}) <= 'max' "
    if not lo <= mode <= hi:
        errors.append(f"{path}: {shown}({_show(p['max'])})")
        return None
    if lo == hi:
        errors.append(
            f"{path}: 'min' ({_show(p['min'])}) must be < 'max' ({_show(p['max'])}); "
            "for a fixed value use a constant"
        )
        return None
    return lo, mode, hi


def _build_triangular(p: dict, path: str, errors: list[str]) -> Distribution | None:
    points = _three_point(p, path, errors)
    if points is None:
        return None
    lo, mode, hi = points
    spec = {"dist": "triangular", "min": lo, "mode": mode, "max": hi}
    return Distribution("triangular", spec, _Triangular(lo, mode, hi))


def _build_pert(p: dict, path: str, errors: list[str]) -> Distribution | None:
    lam = _param(p, "lambda", path, errors, default=4.0)
    if lam is not None and not lam > 0:
        errors.append(f"{path}.lambda: must be > 0, got {_show(p['lambda'])}")
        lam = None
    points = _three_point(p, path, errors)
    if points is None or lam is None:
        return None
    lo, mode, hi = points
    alpha, beta = pert_shape(lo, mode, hi, lam)
    spec = {"dist": "pert", "min": lo, "mode": mode, "max": hi, "lambda": lam}
    return Distribution("pert", spec, _Beta(alpha, beta, lo, hi))


def pert_shape(lo: float, mode: float, hi: float, lam: float = 4.0) -> tuple[float, float]:
    """Beta shape parameters of a PERT(min, mode, max, lambda) distribution.

    ``alpha = 1 + lambda (mode - min) / (max - min)``,
    ``beta = 1 + lambda (max - mode) / (max - min)``.
    """
    width = hi - lo
    return 1.0 + lam * (mode - lo) / width, 1.0 + lam * (hi - mode) / width


def _build_beta(p: dict, path: str, errors: list[str]) -> Distribution | None:
    ok = True
    shape = {}
    for key in ("a", "b"):
        v = _param(p, key, path, errors)
        if v is not None and not v > 0:
            errors.append(f"{path}.{key}: must be > 0, got {_show(p[key])}")
            v = None
        shape[key] = v
        ok = ok and v is not None
    lo = _param(p, "min", path, errors, default=0.0)
    hi = _param(p, "max", path, errors, default=1.0)
    if lo is not None and hi is not None and not lo < hi:
        errors.append(
            f"{path}: 'min' ({_show(p.get('min', 0))}) must be < 'max' ({_show(p.get('max', 1))})"
            + ("; for a fixed value use a constant" if lo == hi else "")
        )
        ok = False
    if not ok or lo is None or hi is None:
        return None
    a, b = shape["a"], shape["b"]
    spec = {"dist": "beta", "a": a, "b": b, "min": lo, "max": hi}
    return Distribution("beta", spec, _Beta(a, b, lo, hi))


def _location_scale(
    p: dict, path: str, errors: list[str], name: str, positive_mean: bool
) -> tuple[str, float, float] | None:
    """('ci90', lo, hi) or ('moments', mean, sd), validated; None after an error."""
    has_moments = "mean" in p or "sd" in p
    if "ci90" in p and has_moments:
        errors.append(f"{path}: give either 'mean' and 'sd' or 'ci90' for {name}, not both")
        return None
    if "ci90" in p:
        ci = p["ci90"]
        pair = _pair(ci)
        if pair is None:
            errors.append(
                f"{path}.ci90: must be [lo, hi], two finite numbers with lo < hi, got {_show(ci)}"
            )
            return None
        lo, hi = pair
        if positive_mean and not 0 < lo < hi:
            errors.append(f"{path}.ci90: must be [lo, hi] with 0 < lo < hi, got {_show(ci)}")
            return None
        if not lo < hi:
            errors.append(f"{path}.ci90: must be [lo, hi] with lo < hi, got {_show(ci)}")
            return None
        return "ci90", lo, hi
    if not has_moments:
        errors.append(f"{path}: {name} needs 'mean' and 'sd', or 'ci90'")
        return None
    for key in ("mean", "sd"):
        if key not in p:
            errors.append(f"{path}: missing parameter '{key}' for {name}")
    mean = _param(p, "mean", path, errors) if "mean" in p else None
    sd = _param(p, "sd", path, errors) if "sd" in p else None
    if mean is not None and positive_mean and not mean > 0:
        errors.append(f"{path}.mean: must be > 0, got {_show(p['mean'])}")
        mean = None
    if sd is not None and not sd > 0:
        errors.append(
            f"{path}.sd: must be > 0, got {_show(p['sd'])}"
            + ("; for a fixed value use a constant" if sd == 0 else "")
        )
        sd = None
    if mean is None or sd is None:
        return None
    return "moments", mean, sd


def _build_normal(p: dict, path: str, errors: list[str]) -> Distribution | None:
    form = _location_scale(p, path, errors, "normal", positive_mean=False)
    lo = _param(p, "min", path, errors) if "min" in p else -math.inf
    hi = _param(p, "max", path, errors) if "max" in p else math.inf
    if lo is not None and hi is not None and not lo < hi:
        errors.append(
            f"{path}: 'min' ({_show(p['min'])}) must be < 'max' ({_show(p['max'])})"
            + ("; for a fixed value use a constant" if lo == hi else "")
        )
        return None
    if form is None or lo is None or hi is None:
        return None
    kind, x1, x2 = form
    if kind == "ci90":
        mean, sd = 0.5 * (x1 + x2), (x2 - x1) / (2.0 * _Z95)
        spec: dict = {"dist": "normal", "ci90": [x1, x2]}
    else:
        mean, sd = x1, x2
        spec = {"dist": "normal", "mean": mean, "sd": sd}
    if "min" in p:
        spec["min"] = lo
    if "max" in p:
        spec["max"] = hi
    if math.isinf(lo) and math.isinf(hi):
        return Distribution("normal", spec, _Normal(mean, sd))
    impl = _TruncNormal(mean, sd, lo, hi)
    if not impl.mass >= np.finfo(float).tiny:
        errors.append(
            f"{path}: truncation to [{_show(p.get('min', lo))}, {_show(p.get('max', hi))}] "
            "holds no probability mass of "
            f"normal(mean={mean:.6g}, sd={sd:.6g}) (mass {impl.mass:.3g})"
        )
        return None
    return Distribution("normal", spec, impl)


def _build_lognormal(p: dict, path: str, errors: list[str]) -> Distribution | None:
    form = _location_scale(p, path, errors, "lognormal", positive_mean=True)
    if form is None:
        return None
    kind, x1, x2 = form
    if kind == "ci90":
        mu = 0.5 * (math.log(x1) + math.log(x2))
        sigma = (math.log(x2) - math.log(x1)) / (2.0 * _Z95)
        spec: dict = {"dist": "lognormal", "ci90": [x1, x2]}
    else:
        # mean and sd of the variable itself: sigma^2 = log(1 + (sd/mean)^2)
        s2 = math.log1p((x2 / x1) ** 2)
        mu, sigma = math.log(x1) - 0.5 * s2, math.sqrt(s2)
        spec = {"dist": "lognormal", "mean": x1, "sd": x2}
    if not (sigma > 0 and math.isfinite(mu) and math.isfinite(sigma)):
        errors.append(f"{path}: lognormal parameters out of floating-point range ({spec})")
        return None
    return Distribution("lognormal", spec, _Lognormal(mu, sigma))


def _build_discrete(p: dict, path: str, errors: list[str]) -> Distribution | None:
    values = _number_list(p.get("values"), f"{path}.values", errors) if "values" in p else None
    probs = None
    if "probs" in p:
        probs = _number_list(p["probs"], f"{path}.probs", errors)
    if values is None:
        return None
    if probs is None:
        if "probs" in p:
            return None
        probs = [1.0 / len(values)] * len(values)  # default: equally likely
    elif len(probs) != len(values):
        errors.append(
            f"{path}.probs: must have one probability per value ({len(values)} values), "
            f"got {len(probs)}"
        )
        return None
    else:
        negative = [i for i, q in enumerate(probs) if q < 0]
        for i in negative:
            errors.append(f"{path}.probs[{i}]: must be >= 0, got {_show(p['probs'][i])}")
        total = math.fsum(probs)
        if abs(total - 1.0) > _PROBS_TOL:
            errors.append(f"{path}.probs: must sum to 1 (within {_PROBS_TOL:g}), got {total!r}")
        if negative or abs(total - 1.0) > _PROBS_TOL:
            return None
    if min(values) == max(values):
        errors.append(
            f"{path}.values: all values are equal ({_show(p['values'][0])}); "
            "for a fixed value use a constant"
        )
        return None
    spec = {"dist": "discrete", "values": list(values), "probs": list(probs)}
    return Distribution("discrete", spec, _Discrete(values, probs))


_BUILDERS: dict[str, Callable[[dict, str, list[str]], Distribution | None]] = {
    "uniform": _build_uniform,
    "triangular": _build_triangular,
    "pert": _build_pert,
    "normal": _build_normal,
    "lognormal": _build_lognormal,
    "beta": _build_beta,
    "discrete": _build_discrete,
}


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
    return Distribution("bernoulli", {"dist": "bernoulli", "p": p}, _Bernoulli(p))


# --------------------------------------------------------------------------- validation helpers


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


def _number(v: Any, where: str, errors: list[str]) -> float | None:
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        errors.append(f"{where}: must be a number, got {_show(v)}")
        return None
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not math.isfinite(f):
        errors.append(f"{where}: must be a finite number, got {_show(v)}")
        return None
    return f


def _param(
    p: dict, key: str, path: str, errors: list[str], default: float | None = None
) -> float | None:
    if key not in p:
        return default
    return _number(p[key], f"{path}.{key}", errors)


def _pair(v: Any) -> tuple[float, float] | None:
    if not isinstance(v, list | tuple) or len(v) != 2:
        return None
    scratch: list[str] = []
    lo, hi = _number(v[0], "", scratch), _number(v[1], "", scratch)
    if lo is None or hi is None:
        return None
    return lo, hi


def _number_list(v: Any, where: str, errors: list[str]) -> list[float] | None:
    if not isinstance(v, list | tuple) or len(v) == 0:
        errors.append(f"{where}: must be a non-empty list of numbers, got {_show(v)}")
        return None
    out = [_number(x, f"{where}[{i}]", errors) for i, x in enumerate(v)]
    if any(x is None for x in out):
        return None
    return out  # type: ignore[return-value]


def _suggest(word: str, choices: tuple[str, ...], aliases: Mapping[str, str] = {}) -> str | None:
    low = word.lower().strip()
    if low in choices:
        return low
    if low in aliases:
        return aliases[low]
    close = difflib.get_close_matches(low, choices, n=1, cutoff=0.6)
    return close[0] if close else None


# --------------------------------------------------------------------------- implementations


class _Impl:
    support: tuple[float, float]

    def ppf(self, u: np.ndarray) -> np.ndarray:  # u in [0, 1]
        raise NotImplementedError

    def rvs(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self.ppf(rng.random(size))

    def frozen(self):
        raise NotImplementedError


class _Uniform(_Impl):
    def __init__(self, low: float, high: float) -> None:
        self.low, self.width = low, high - low
        self.support = (low, high)

    def ppf(self, u):
        return self.low + self.width * u

    def frozen(self):
        return scipy.stats.uniform(loc=self.low, scale=self.width)


class _Triangular(_Impl):
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
        return scipy.stats.triang(self.c, loc=self.lo, scale=self.width)


class _Beta(_Impl):
    """Scaled beta on [lo, hi] (PERT is a beta with shapes from :func:`pert_shape`)."""

    def __init__(self, a: float, b: float, lo: float, hi: float) -> None:
        self.a, self.b, self.lo, self.width = a, b, lo, hi - lo
        self.support = (lo, hi)

    def ppf(self, u):
        return self.lo + self.width * beta_ppf(u, self.a, self.b)

    def rvs(self, rng, size):
        return self.lo + self.width * rng.beta(self.a, self.b, size)

    def frozen(self):
        return scipy.stats.beta(self.a, self.b, loc=self.lo, scale=self.width)


class _Normal(_Impl):
    def __init__(self, mean: float, sd: float) -> None:
        self.mean, self.sd = mean, sd
        self.support = (-math.inf, math.inf)

    def ppf(self, u):
        return self.mean + self.sd * special.ndtri(u)

    def rvs(self, rng, size):
        return rng.normal(self.mean, self.sd, size)

    def frozen(self):
        return scipy.stats.norm(self.mean, self.sd)


class _TruncNormal(_Impl):
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
        return scipy.stats.truncnorm(self.alpha, self.beta, loc=self.mean, scale=self.sd)


class _Lognormal(_Impl):
    def __init__(self, mu: float, sigma: float) -> None:
        self.mu, self.sigma = mu, sigma
        self.support = (0.0, math.inf)

    def ppf(self, u):
        return np.exp(self.mu + self.sigma * special.ndtri(u))

    def rvs(self, rng, size):
        return np.exp(self.mu + self.sigma * rng.standard_normal(size))

    def frozen(self):
        return scipy.stats.lognorm(self.sigma, scale=math.exp(self.mu))


class _Discrete(_Impl):
    def __init__(self, values: list[float], probs: list[float]) -> None:
        order = np.argsort(values, kind="stable")
        self.values = np.asarray(values, dtype=float)[order]
        self.probs = np.asarray(probs, dtype=float)[order]
        cum = np.cumsum(self.probs)
        self.cum = cum / cum[-1]  # ends at exactly 1.0
        self.support = (float(self.values[0]), float(self.values[-1]))

    def ppf(self, u):
        # smallest value whose CDF reaches u (the rule of scipy's rv_discrete.ppf)
        idx = np.searchsorted(self.cum, u, side="left")
        return self.values[np.minimum(idx, len(self.values) - 1)]

    def frozen(self):
        return scipy.stats.rv_discrete(values=(self.values, self.probs / self.probs.sum()))


class _Bernoulli(_Impl):
    def __init__(self, p: float) -> None:
        self.p = p
        self.threshold = 1.0 - p
        self.support = (0.0, 1.0)

    def ppf(self, u):
        return (u >= self.threshold).astype(float)

    def frozen(self):
        return scipy.stats.bernoulli(self.p)


# --------------------------------------------------------------------------- fast beta ppf

# The quantile function is tabulated as z = logit(x) against y = logit(u) on a
# uniform grid. In these coordinates both tails are asymptotically straight
# lines (x ~ (u a B(a, b))^(1/a) near 0), so a cubic Hermite interpolant with
# exact slopes is a guess good to ~1e-8, and one Halley step on
# betainc(a, b, x) = u makes it exact to rounding. The step solves for the
# smaller of x and 1 - x (mirroring a and b in the upper half), which keeps
# relative accuracy in both tails.
_GRID_Y = 38.0  # logit(u) range of the table: covers u >= 3e-17 and every double u < 1
_GRID_NODES = 2049
_PIECE = 65536  # values processed at a time
_STEP_TOL = 1e-7  # relative Halley step below which the iteration has converged
_TINY = 1e-290  # table nodes with min(x, 1 - x) below this are unusable


@functools.lru_cache(maxsize=512)
def _beta_table(a: float, b: float) -> tuple[float, float, int, int, np.ndarray, np.ndarray]:
    """(y0, h, first, last usable node, z nodes, dz/dy nodes) of Beta(a, b)."""
    y = np.linspace(-_GRID_Y, _GRID_Y, _GRID_NODES)
    h = y[1] - y[0]
    lower = y <= 0
    p = special.expit(-np.abs(y))  # the smaller tail probability, accurately
    s = np.where(lower, special.betaincinv(a, b, p), special.betaincinv(b, a, p))
    usable = (s > _TINY) & (s < 1.0)
    s = np.where(usable, s, 0.5)
    log_s, log_1ms = np.log(s), np.log1p(-s)
    log_x = np.where(lower, log_s, log_1ms)
    log_1mx = np.where(lower, log_1ms, log_s)
    z = log_x - log_1mx
    # dz/dy = u (1 - u) / (x (1 - x) f(x)), f the Beta(a, b) density
    dz = np.exp(np.log(p) + np.log1p(-p) - a * log_x - b * log_1mx + special.betaln(a, b))
    idx = np.flatnonzero(usable & np.isfinite(dz))
    first, last = (int(idx[0]), int(idx[-1])) if idx.size else (0, -1)
    # usable nodes are contiguous because x(u) is monotone; keep the safe core
    return float(y[0]), float(h), first, last, z, dz


def _halley(s, p, a, b):
    """One Halley step for betainc(a, b, s) = p; returns (new s, relative step)."""
    logf = (a - 1.0) * np.log(s) + (b - 1.0) * np.log1p(-s) - special.betaln(a, b)
    r = (special.betainc(a, b, s) - p) / np.exp(logf)
    curv = (a - 1.0) / s - (b - 1.0) / (1.0 - s)  # f'(s) / f(s)
    step = r / (1.0 - 0.5 * r * curv)
    s_new = s - step
    rel = np.abs(step) / np.minimum(s, 1.0 - s)
    return s_new, rel


def beta_ppf(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """Inverse CDF of Beta(a, b) on [0, 1], fast and exact to rounding.

    Agrees with ``scipy.stats.beta(a, b).ppf`` (``scipy.special.betaincinv``)
    to about 1e-15 at a third or less of its cost: a cached table of exact
    quantiles (built once per (a, b), ~2049 ``betaincinv`` calls), a cubic
    Hermite guess, one Halley step on ``betainc`` (two where the guess was
    poor); any value that does not converge, and u outside the table
    (u < 3e-17), is computed by ``betaincinv`` (or, where that returns NaN
    below u ~ 1e-200, by a log-space Newton iteration). ``a == 1`` or
    ``b == 1`` use the closed forms. Each value depends on its own u only,
    never on the array's length or neighbours (chunking is exact).

    Parameters
    ----------
    u : ndarray
        Probabilities in [0, 1].
    a, b : float
        Positive shape parameters.
    """
    u = np.asarray(u, dtype=float)
    with np.errstate(divide="ignore"):
        if a == 1.0:  # F(x) = 1 - (1 - x)^b: closed form (PERT with mode == min)
            return -np.expm1(np.log1p(-u) / b)
        if b == 1.0:  # F(x) = x^a
            return np.exp(np.log(u) / a)
    table = _beta_table(float(a), float(b))
    flat = u.ravel()
    out = np.empty_like(flat)
    for i in range(0, flat.size, _PIECE):  # cache-sized pieces: ~1.5x faster on 10^6 values
        out[i : i + _PIECE] = _beta_ppf_piece(flat[i : i + _PIECE], a, b, table)
    return out.reshape(u.shape)


def _beta_ppf_piece(flat, a, b, table):
    y0, h, first, last, zt, dzt = table
    out = np.empty_like(flat)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        y = np.log(flat) - np.log1p(-flat)
        t = (y - y0) / h
        inside = (t >= first) & (t <= last)  # NaN and 0 / 1 fall outside
        idx = slice(None) if inside.all() else np.flatnonzero(inside)
        t = t[idx]
        k = np.minimum(t.astype(np.intp), last - 1)
        tau = t - k
        one = 1.0 - tau
        z = (1.0 + 2.0 * tau) * one * one * zt[k] + tau * tau * (3.0 - 2.0 * tau) * zt[k + 1]
        z += h * tau * one * (one * dzt[k] - tau * dzt[k + 1])
        ui = flat[idx]
        upper = ui > 0.5
        # the unknown s is x in the lower half and 1 - x in the upper half
        s = special.expit(np.where(upper, -z, z))
        p = np.where(upper, 1.0 - ui, ui)
        res = np.empty_like(s)
        for mask, aa, bb in ((~upper, a, b), (upper, b, a)):
            sel = np.flatnonzero(mask)
            if sel.size:
                res[sel] = _refine(s[sel], p[sel], aa, bb)
        x = np.where(upper, 1.0 - res, res)
        out[idx] = x
    rest = np.flatnonzero(~inside)
    if rest.size:
        out[rest] = special.betaincinv(a, b, flat[rest])
    bad = np.flatnonzero(np.isnan(out) & ~np.isnan(flat))
    if bad.size:
        out[bad] = special.betaincinv(a, b, flat[bad])
        worse = bad[np.isnan(out[bad])]
        if worse.size:  # betaincinv gives NaN for some u below ~1e-200
            out[worse] = _far_tail(flat[worse], a, b)
    return out


def _far_tail(u, a, b):
    """Beta(a, b) quantiles of tiny u by Newton on log I_x(a, b) = log u in t = log x.

    Starts from the leading tail term I_x ~ x^a / (a B(a, b)); u below the
    smallest normal double is raised to it (a change far below any sampling
    resolution). The upper tail never needs this: 1 - u >= 2**-53 there.
    """
    upper = u > 0.5
    if upper.any():
        out = np.empty_like(u)
        out[upper] = 1.0 - _far_tail(1.0 - u[upper], b, a)
        out[~upper] = _far_tail(u[~upper], a, b)
        return out
    log_u = np.log(np.maximum(u, np.finfo(float).tiny))
    lbeta = special.betaln(a, b)
    t = np.minimum((log_u + math.log(a) + lbeta) / a, -1e-300)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        for _ in range(100):
            x = np.exp(t)
            cdf = special.betainc(a, b, x)
            # d log I / d t = x f(x) / I
            slope = np.exp(a * t + (b - 1.0) * np.log1p(-x) - lbeta - np.log(cdf))
            step = (np.log(cdf) - log_u) / slope
            step = np.where(np.isfinite(step), step, 0.0)
            t = np.minimum(t - step, -1e-300)
            if np.all(np.abs(step) <= 1e-15 * np.maximum(1.0, np.abs(t))):
                break
    return np.exp(t)


def _refine(s, p, a, b):
    """Halley-refine guesses s of betainc(a, b, s) = p; NaN where it does not converge."""
    s1, rel1 = _halley(s, p, a, b)
    in_range = (s1 > 0.0) & (s1 < 1.0)
    ok = (rel1 <= _STEP_TOL) & in_range
    result = np.where(ok, s1, np.nan)
    again = np.flatnonzero(~ok & in_range)
    if again.size:
        s2, rel2 = _halley(s1[again], p[again], a, b)
        good = (rel2 <= _STEP_TOL) & (s2 > 0.0) & (s2 < 1.0)
        result[again] = np.where(good, s2, np.nan)
    return result
