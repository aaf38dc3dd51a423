"""Distribution specs -> validated :class:`~simroi.sampling.distributions.Distribution`.

A spec is a number (a constant) or a mapping such as
``{"dist": "pert", "min": 0.1, "mode": 0.18, "max": 0.3}``.
:func:`parse` validates a spec completely and reports every problem of it at
once, each message naming the dotted path, the rule and the value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from scipy import special

from simroi.errors import ConfigError
from simroi.sampling import families
from simroi.sampling.checks import (
    must_be_less,
    read_number,
    read_numbers,
    read_pair,
    read_param,
    suggest,
)
from simroi.sampling.distributions import DIST_NAMES, Distribution, _show

__all__ = ["parse", "pert_shape"]

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
_SYNONYMS = {"min": "low", "max": "high", "low": "min", "high": "max"}  # across families
_PROBS_TOL = 1e-9
_Z95 = float(special.ndtri(0.95))  # ci90 = [mean - _Z95 sd, mean + _Z95 sd]

# --------------------------------------------------------------------------- parse


def parse(spec: Any, path: str) -> float | Distribution:
    """Validate one spec: a number gives a float constant, a mapping a :class:`Distribution`.

    Parameters
    ----------
    spec : number, mapping or Distribution
        ``5000`` or ``{"dist": name, ...}`` (docs/scenario.md). A Distribution is
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
        result: float | Distribution | None = _parse_mapping(spec, path, errors)
    elif isinstance(spec, bool) or not isinstance(spec, numbers.Real):
        raise ConfigError(
            f"{path}: must be a number or a distribution such as "
            f"{{dist: pert, min: ..., mode: ..., max: ...}}, got {_show(spec)}"
        )
    else:
        result = read_number(spec, path, errors)
    if errors or result is None:
        raise ConfigError(errors or [f"{path}: not a valid distribution spec, got {_show(spec)}"])
    return result


def _parse_mapping(spec: Mapping, path: str, errors: list[str]) -> Distribution | None:
    if "dist" not in spec:
        errors.append(
            f"{path}: missing parameter 'dist' (one of {', '.join(DIST_NAMES)}) "
            "in a distribution spec"
        )
        return None
    name = spec["dist"]
    if not isinstance(name, str) or name not in _PARAMS:
        hint = suggest(name, DIST_NAMES, _ALIASES) if isinstance(name, str) else None
        tail = f"; did you mean '{hint}'?" if hint else f" (known: {', '.join(DIST_NAMES)})"
        errors.append(f"{path}: unknown distribution {_show(name)}{tail}")
        return None

    required, optional = _PARAMS[name]
    allowed = required + optional
    given = {k: v for k, v in spec.items() if k != "dist"}
    meant = set()  # a misspelled (or other family's) name is reported alone, not as missing
    synonyms = {k: v for k, v in _SYNONYMS.items() if v in allowed}
    for key in given:
        if key not in allowed:
            hint = suggest(key, allowed, synonyms) if isinstance(key, str) else None
            tail = f"; did you mean '{hint}'?" if hint else ""
            errors.append(
                f"{path}: unexpected parameter {_show(key)} for {name} "
                f"(allowed: {', '.join(allowed)}){tail}"
            )
            meant.add(hint)
    missing = [k for k in required if k not in given and k not in meant]
    errors += [f"{path}: missing parameter '{k}' for {name}" for k in missing]
    build: Callable[[dict, str, list[str]], Distribution | None] = _BUILDERS[name]
    params = {k: v for k, v in given.items() if k in allowed}
    dist = build(params, path, errors)
    return None if errors else dist


def _build_uniform(p: dict, path: str, errors: list[str]) -> Distribution | None:
    low = read_param(p, "low", path, errors)
    high = read_param(p, "high", path, errors)
    if low is None or high is None:
        return None
    if not low < high:
        errors.append(must_be_less(path, "low", p["low"], "high", p["high"], low == high))
        return None
    spec = {"dist": "uniform", "low": low, "high": high}
    return Distribution("uniform", spec, families.Uniform(low, high))


def _three_point(p: dict, path: str, errors: list[str]) -> tuple[float, float, float] | None:
    lo = read_param(p, "min", path, errors)
    mode = read_param(p, "mode", path, errors)
    hi = read_param(p, "max", path, errors)
    if lo is None or mode is None or hi is None:
        return None
    shown = f"'min' ({_show(p['min'])}) must be <= 'mode' ({_show(p['mode'])}) <= 'max' "
    if not lo <= mode <= hi:
        errors.append(f"{path}: {shown}({_show(p['max'])})")
        return None
    if lo == hi:
        errors.append(must_be_less(path, "min", p["min"], "max", p["max"], equal=True))
        return None
    return lo, mode, hi


def _build_triangular(p: dict, path: str, errors: list[str]) -> Distribution | None:
    points = _three_point(p, path, errors)
    if points is None:
        return None
    lo, mode, hi = points
    spec = {"dist": "triangular", "min": lo, "mode": mode, "max": hi}
    return Distribution("triangular", spec, families.Triangular(lo, mode, hi))


def _build_pert(p: dict, path: str, errors: list[str]) -> Distribution | None:
    lam = read_param(p, "lambda", path, errors, default=4.0)
    if lam is not None and not lam > 0:
        errors.append(f"{path}.lambda: must be > 0, got {_show(p['lambda'])}")
        lam = None
    points = _three_point(p, path, errors)
    if points is None or lam is None:
        return None
    lo, mode, hi = points
    alpha, beta = pert_shape(lo, mode, hi, lam)
    spec = {"dist": "pert", "min": lo, "mode": mode, "max": hi, "lambda": lam}
    return Distribution("pert", spec, families.Beta(alpha, beta, lo, hi))


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
        v = read_param(p, key, path, errors)
        if v is not None and not v > 0:
            errors.append(f"{path}.{key}: must be > 0, got {_show(p[key])}")
            v = None
        shape[key] = v
        ok = ok and v is not None
    lo = read_param(p, "min", path, errors, default=0.0)
    hi = read_param(p, "max", path, errors, default=1.0)
    if lo is not None and hi is not None and not lo < hi:
        errors.append(must_be_less(path, "min", p.get("min", 0), "max", p.get("max", 1), lo == hi))
        ok = False
    if not ok or lo is None or hi is None:
        return None
    a, b = shape["a"], shape["b"]
    spec = {"dist": "beta", "a": a, "b": b, "min": lo, "max": hi}
    return Distribution("beta", spec, families.Beta(a, b, lo, hi))


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
        pair = read_pair(ci)
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
    mean = read_param(p, "mean", path, errors) if "mean" in p else None
    sd = read_param(p, "sd", path, errors) if "sd" in p else None
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
    lo = read_param(p, "min", path, errors) if "min" in p else -math.inf
    hi = read_param(p, "max", path, errors) if "max" in p else math.inf
    if lo is not None and hi is not None and not lo < hi:
        errors.append(must_be_less(path, "min", p["min"], "max", p["max"], lo == hi))
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
        return Distribution("normal", spec, families.Normal(mean, sd))
    impl = families.TruncNormal(mean, sd, lo, hi)
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
    return Distribution("lognormal", spec, families.Lognormal(mu, sigma))


def _build_discrete(p: dict, path: str, errors: list[str]) -> Distribution | None:
    values = read_numbers(p.get("values"), f"{path}.values", errors) if "values" in p else None
    probs = None
    if "probs" in p:
        probs = read_numbers(p["probs"], f"{path}.probs", errors)
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
    return Distribution("discrete", spec, families.Discrete(values, probs))


_BUILDERS: dict[str, Callable[[dict, str, list[str]], Distribution | None]] = {
    "uniform": _build_uniform,
    "triangular": _build_triangular,
    "pert": _build_pert,
    "normal": _build_normal,
    "lognormal": _build_lognormal,
    "beta": _build_beta,
    "discrete": _build_discrete,
}
