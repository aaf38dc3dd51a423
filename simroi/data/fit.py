"""Which of simroi's distribution families fits a sample, ranked by AIC with KS and AD.

:func:`fit` fits every family by maximum likelihood (:mod:`.mle`), ranks them
by AIC = 2k - 2 log L, and chooses the family with the fewest parameters among
those whose AIC is within :data:`AIC_TIE` per parameter saved of the best
(at least :data:`AIC_TIE`): a PERT is a beta with a fixed shape sum, a uniform a
beta with a = b = 1, a normal the limit of a beta, and AIC alone picks the larger
family in 5-16 % of samples of the smaller one. Each candidate carries its Kolmogorov-Smirnov
distance and Anderson-Darling statistic (their p-values would ignore that the
parameters were fitted, so none are given).

A candidate whose fit runs off to a limit of its family (a beta with b = 1e13 and
a support ten trillion times the data's range: the gamma it tends to) is left out
and said so; with ``bounds`` (a scenario key's range) so is one whose support leaves
the range, a normal being truncated there when less than 1e-6 of it lies beyond.

Integer data with few distinct values are a ``discrete`` distribution of their
frequencies. With fewer than :data:`FEW_POINTS` values no family can be told
from another: the result recommends a PERT over the data's range, widened by
one average gap at each end, and says so in ``warnings``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from simroi.data.mle import FAMILIES, Candidate, fit_family
from simroi.errors import ConfigError
from simroi.sampling.specs import parse

__all__ = ["AIC_TIE", "FEW_POINTS", "Fit", "fit", "flow", "spec_yaml"]

AIC_TIE = 2.0
FEW_POINTS = 20
LIMIT = 1e3  # a support this many times the data's range: the fit tends to a limit
TAIL = 1e-6  # a normal's mass beyond a key's bound that truncating it may cut
MAX_DISCRETE = 10  # distinct integer values at most, each seen 5 times on average


@dataclass(frozen=True)
class Fit:
    """What :func:`fit` found: ranked candidates, the chosen spec, and why."""

    n: int
    candidates: list[Candidate]  # by AIC, best first
    spec: dict  # the recommended spec
    family: str
    reason: str
    warnings: list[str]
    values: np.ndarray
    dropped: list[str] = field(default_factory=list)  # candidates left out, and why

    def goodness(self, c: Candidate) -> dict[str, float]:
        return _goodness(np.sort(self.values), c)

    def to_dict(self) -> dict:
        best = self.candidates[0].aic if self.candidates else math.nan
        return {
            "n": self.n,
            "family": self.family,
            "label": self.label,
            "few_points": self.few_points,
            "spec": self.spec,
            "reason": self.reason,
            "warnings": self.warnings,
            "left_out": self.dropped,
            "candidates": [
                {
                    "family": c.family,
                    "spec": c.spec,
                    "k": c.k,
                    "loglik": c.loglik,
                    "aic": c.aic,
                    "delta_aic": c.aic - best,
                    **self.goodness(c),
                }  # fmt: skip
                for c in self.candidates
            ],
        }

    def curves(self, top: int = 4, points: int = 400) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """CDF of the ``top`` candidates on a grid over the data (for the ECDF chart)."""
        lo, hi = float(self.values.min()), float(self.values.max())
        if self.few_points:
            lo, hi = min(lo, self.spec["min"]), max(hi, self.spec["max"])
        pad = 0.05 * (hi - lo)
        x = np.linspace(lo - pad, hi + pad, points)
        out = {c.family: (x, c.frozen.cdf(x)) for c in self.candidates[:top]}
        if self.few_points:  # the recommendation is not one of the fits: draw it too
            out = {self.label: (x, parse(self.spec, "fit").frozen.cdf(x)), **out}
        return out

    @property
    def few_points(self) -> bool:
        return self.n < FEW_POINTS and self.family != "discrete"

    @property
    def label(self) -> str:
        """The chosen family's name in tables and charts."""
        return "pert from the range" if self.few_points else self.family


def _goodness(x: np.ndarray, c: Candidate) -> dict[str, float]:
    n = x.size
    with np.errstate(divide="ignore"):
        f = np.clip(c.frozen.cdf(x), 1e-300, 1 - 1e-16)
    i = np.arange(1, n + 1)
    ks = float(max((i / n - f).max(), (f - (i - 1) / n).max()))
    ad = float(-n - np.mean((2 * i - 1) * (np.log(f) + np.log1p(-f[::-1]))))
    return {"ks": ks, "ad": ad}


def _number(x: float) -> float:
    return float(f"{x:.6g}")


def _discrete(x: np.ndarray) -> dict | None:
    values, count = np.unique(x, return_counts=True)
    if not np.all(x == np.round(x)) or values.size > MAX_DISCRETE or values.size < 2:
        return None
    if x.size < 5 * values.size:
        return None
    probs = [round(float(c) / x.size, 6) for c in count]
    probs[int(np.argmax(count))] += round(1.0 - sum(probs), 6)  # sum to 1 exactly enough
    return {"dist": "discrete", "values": [_number(v) for v in values], "probs": probs}


def _from_range(x: np.ndarray, bounds: tuple[float, float]) -> dict:
    lo, hi = float(x.min()), float(x.max())
    gap = (hi - lo) / (x.size - 1)
    a, b = max(lo - gap, bounds[0]), min(hi + gap, bounds[1])
    if lo >= 0:
        a = max(a, 0.0)  # data that are never negative: an end below 0 would be a guess
    mode = float(np.clip(np.median(x), a + 1e-9 * (b - a), b - 1e-9 * (b - a)))
    return {"dist": "pert", "min": _number(a), "mode": _number(mode), "max": _number(b)}


def _keep(cands: list[Candidate], x: np.ndarray, bounds: tuple[float, float] | None):
    """The candidates that are a distribution of their family within ``bounds``; why not others."""
    kept, dropped = [], []
    span = float(x.max() - x.min())
    for c in cands:
        a, b = (float(v) for v in c.frozen.support())
        if math.isfinite(b - a) and b - a > LIMIT * span:
            shown = ", ".join(f"{k} = {v:.3g}" for k, v in c.spec.items() if k != "dist")
            dropped.append(f"{c.family}: its fit tends to a limit of the family ({shown})")
            continue
        if bounds is not None and c.family == "normal":
            lo, hi = bounds
            if c.frozen.cdf(lo) < TAIL and c.frozen.sf(hi) < TAIL:
                ends = {"min": lo} if math.isfinite(lo) else {}
                ends |= {"max": hi} if math.isfinite(hi) else {}
                c = replace(c, spec={k: v for k, v in c.spec.items() if k not in ("min", "max")}
                            | ends)  # fmt: skip
                a, b = lo, hi
        if bounds is not None and (a < bounds[0] or b > bounds[1]):
            out = c.frozen.cdf(bounds[0]) + c.frozen.sf(bounds[1])
            what = (
                f"{100 * out:.2g} % of it lies"
                if out >= 1e-4
                else f"its support {a:.4g} .. {b:.4g} reaches"
            )
            dropped.append(f"{c.family}: {what} beyond the key's range")
            continue
        kept.append(c)
    return kept, dropped


def fit(
    values,
    *,
    families: tuple[str, ...] | None = None,
    bounds: tuple[float, float] | None = None,
) -> Fit:
    """Fit simroi's families to ``values`` (finite numbers) and choose one (module docstring).

    ``bounds``: the range of the scenario key the fit is for; families whose fitted
    support leaves it are left out.

    Raises
    ------
    ConfigError
        Fewer than 3 values, all values equal, or an unknown family name.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    names = tuple(FAMILIES) if families is None else tuple(families)
    unknown = [f for f in names if f not in FAMILIES]
    if unknown:
        raise ConfigError(f"--family {unknown[0]}: unknown family (known: {', '.join(FAMILIES)})")
    if x.size < 3:
        raise ConfigError(f"fit: needs at least 3 finite values, got {x.size}")
    if x.min() == x.max():
        raise ConfigError(f"fit: all {x.size} values equal {x[0]:g}; for a fixed value use it")
    warnings: list[str] = []
    discrete = _discrete(x) if families is None else None
    if discrete is not None:
        reason = f"{len(discrete['values'])} distinct integer values: their frequencies"
        return Fit(x.size, [], discrete, "discrete", reason, warnings, x)
    cands = [c for c in (fit_family(f, x) for f in names) if c is not None]
    cands, dropped = _keep(sorted(cands, key=lambda c: c.aic), x, bounds)
    if x.size < FEW_POINTS:
        spec = _from_range(x, bounds or (-math.inf, math.inf))
        warnings.append(
            f"only {x.size} points: too few to tell one family from another (the ranking is "
            f"shown for information); recommended a PERT over the observed range widened "
            f"by one average gap at each end — widen it further if you know more"
        )
        reason = "few points: PERT from the range"
        return Fit(x.size, cands, spec, "pert", reason, warnings, x, dropped)
    if not cands:
        raise ConfigError(f"fit: no family fits within the key's range ({'; '.join(dropped)})")
    best = cands[0].aic
    tied = [c for c in cands if c.aic <= best + AIC_TIE * max(1, cands[0].k - c.k)]
    chosen = min(tied, key=lambda c: (c.k, c.aic))
    if chosen is cands[0]:
        nxt = cands[1].aic - best if len(cands) > 1 else math.inf
        reason = f"lowest AIC ({nxt:.1f} below the next)"
    else:
        reason = (
            f"within {AIC_TIE:g} per parameter saved of the lowest AIC ({cands[0].family}, "
            f"{chosen.aic - best:.1f} lower) with fewer parameters ({chosen.k} vs {cands[0].k})"
        )
    good = _goodness(np.sort(x), chosen)
    if good["ks"] > 1.63 / math.sqrt(x.size):  # the 1 % critical distance of a known F
        warnings.append(
            f"even the chosen {chosen.family} is far from the data (KS distance "
            f"{good['ks']:.3f}): no family of simroi describes them well"
        )
    return Fit(x.size, cands, chosen.spec, chosen.family, reason, warnings, x, dropped)


def flow(spec: dict) -> str:
    """A spec as one YAML flow mapping: ``{dist: normal, mean: 5, sd: 1}``."""
    inner = ", ".join(
        f"{k}: {v}" if not isinstance(v, list) else f"{k}: [{', '.join(repr(e) for e in v)}]"
        for k, v in spec.items()
    )
    return "{" + inner + "}"


def spec_yaml(result: Fit, what: str = "the data") -> str:
    """The chosen spec as one YAML flow mapping, after a comment saying where it came from."""
    head = f"# fitted by simroi fit to {what}: n = {result.n:,}, {result.family} — {result.reason}"
    return "\n".join([head, *(f"# warning: {w}" for w in result.warnings), flow(result.spec)])
