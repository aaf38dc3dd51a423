"""The likelihood of observed months under the cash-flow model, one term per kind of figure.

For each iteration's inputs, the model of docs/model.md says what a month ``k``
months after go-live looks like. With the adoption ``a_s(k)`` of stream ``s``
(its own ramp if it has one), its haircut ``h_s`` and the risk events' benefit
multiplier ``M``, the effect of a driver ``d`` in that month is
``e_s(k) = d · a_s(k) · (1 − h_s) · M`` — exactly the share of the stream's
benefit the model books that month — and:

* conversion: ``won ~ Binomial(leads, cr · (1 + e_conversion(k)))``;
* deal value: the month's average of ``w`` won deals is normal around
  ``v · (1 + e_deal_size(k))`` with variance ``σ² / w``; the per-deal ``σ`` is
  unknown, with the reference prior ``1/σ²`` integrated out, which leaves
  ``−(m/2) · log Σ w (avg − μ)²`` over the ``m`` months;
* churn: ``churned ~ Binomial(customers at risk, q · (1 − e_churn(k)))``;
* leads (only when ``baseline.leads_per_month`` is uncertain): normal around
  the baseline with unknown spread, likewise integrated out (leads vary from
  month to month more than a Poisson count would).

Before go-live ``a = 0``: those months speak of the baseline alone. A term
reads only the inputs it needs; a term that reads no uncertain input is dropped
(it cannot tell one iteration from another), and :func:`baseline_checks` says
when such a constant baseline disagrees with the months before go-live.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from simroi.data.months import Observed
from simroi.errors import ConfigError
from simroi.scenario.config import Scenario
from simroi.scenario.plausible import NEEDS
from simroi.simulation.calendar import adoption_shape

__all__ = ["Likelihood", "Term", "baseline_checks", "terms"]

Get = Callable[..., object]
_TINY = np.finfo(float).tiny
_EPS = np.finfo(float).eps
_LABELS = {"won": "conversion", "avg_deal_value": "deal value", "churned": "churn",
           "leads": "leads"}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """One kind of evidence: ``log(get)`` is its log-likelihood, shape (n,) or a scalar."""

    name: str
    what: str
    months: int
    log: Callable[[Get], object]


def _col(v):
    """An input as a column (n, 1) against months (m,); a scalar stays a scalar."""
    return v[:, None] if np.ndim(v) else v


def _adoption(get: Get, scn: Scenario, line: str, k: np.ndarray):
    """The adoption of benefit line ``line`` k months after the scenario's go-live, (n, m)."""
    own = dict(scn.own_adoption)
    ramp = get("adoption.ramp_months", 6.0)
    ceiling = get("adoption.ceiling", 1.0)
    t, start, curve = k, 0.0, scn.curve
    if line in own:
        curve = own[line]
        own_ramp = get(f"{line}.adoption.ramp_months", None)
        own_ceiling = get(f"{line}.adoption.ceiling", None)
        ramp = ramp if own_ramp is None else own_ramp
        ceiling = ceiling if own_ceiling is None else own_ceiling
        if get(f"{line}.adoption.implementation_months", None) is not None:
            # the line's go-live against the scenario's (risk delays move both alike)
            t = _col(get("adoption.implementation_months")) + k
            start = _col(get(f"{line}.adoption.implementation_months"))
    return _col(ceiling) * adoption_shape(t, start, _col(ramp), curve)


def _effect(get: Get, scn: Scenario, stream: str, driver: str, k: np.ndarray):
    """``e_s(k)`` of the module docstring; 0 (read nothing) where driver or haircut rule it out."""
    keep = get(f"drivers.{driver}", 0.0) * (1.0 - get(f"benefits.{stream}.risk_adjustment", 0.0))
    if np.ndim(keep) == 0 and keep == 0.0:
        return 0.0
    m = 1.0
    for r in scn.risks:
        mult = get(f"risks.{r}.benefit_multiplier", 1.0, quiet=True)
        if np.ndim(mult) or mult != 1.0:
            m = m * np.where(get(f"risks.{r}") > 0, get(f"risks.{r}.benefit_multiplier"), 1.0)
    return _col(keep * m) * _adoption(get, scn, f"benefits.{stream}", k)


def _binomial(trials: np.ndarray, hits: np.ndarray, p):
    """Σ log-likelihood of ``hits`` of ``trials`` at rates ``p`` (n, m) over the months."""
    p = np.broadcast_to(p, np.broadcast_shapes(np.shape(p), trials.shape))
    misses = trials - hits
    # a rate outside [0, 1], or a rate of 0 (of 1) that saw a hit (a miss), is impossible
    bad = (p < 0.0) | (p > 1.0) | ((p == 0.0) & (hits > 0)) | ((p == 1.0) & (misses > 0))
    q = np.clip(p, _TINY, 1.0 - _EPS)  # 0 * log(0) is 0: the clip changes nothing else
    ll = (hits * np.log(q) + misses * np.log1p(-q)).sum(axis=-1)
    return np.where(bad.any(axis=-1), -np.inf, ll)


def _binomial_of(trials: np.ndarray, hits: np.ndarray, base, e, sign: float):
    """``_binomial`` at rates ``base · (1 + sign · e)``; the months no draw's effect reaches
    (before go-live) pooled: at one rate a draw, their counts simply add up."""
    reached = np.any(np.atleast_2d(e) != 0.0, axis=0) if np.ndim(e) else np.zeros(trials.size, bool)
    ll = _binomial(trials[reached], hits[reached], (base * (1.0 + sign * e))[..., reached]
                   if np.ndim(e) else base)  # fmt: skip
    if not reached.all():
        rest = ~reached
        ll = ll + _binomial(trials[rest].sum(keepdims=True), hits[rest].sum(keepdims=True), base)
    return ll


def _normal_unknown_spread(x: np.ndarray, weight: np.ndarray, mean):
    """``−(m/2) log Σ w (x − μ)²``: normal months with a common spread integrated out."""
    q = (weight * (x - mean) ** 2).sum(axis=-1)
    return -0.5 * x.size * np.log(np.maximum(q, np.finfo(float).tiny))


def _conversion(scn: Scenario, k, trials, won):
    def log(get):
        e = _effect(get, scn, "conversion", "conversion_lift", k)
        return _binomial_of(trials, won, _col(get("baseline.conversion_rate")), e, 1.0)

    return log


def _deal_value(scn: Scenario, k, value, weight):
    def log(get):
        e = _effect(get, scn, "deal_size", "deal_size_lift", k)
        mean = _col(get("baseline.avg_deal_value")) * (1.0 + e)
        return _normal_unknown_spread(value, weight, mean)

    return log


def _churn(scn: Scenario, k, at_risk, lost):
    def log(get):
        e = _effect(get, scn, "churn", "churn_reduction", k)
        return _binomial_of(at_risk, lost, _col(get("baseline.monthly_churn")), e, -1.0)

    return log


def _leads(leads):
    def log(get):
        return _normal_unknown_spread(leads, np.ones(leads.size),
                                      _col(get("baseline.leads_per_month")))  # fmt: skip

    return log


def terms(obs: Observed, scn: Scenario) -> tuple[list[Term], list[str]]:
    """The terms the actuals allow (before any is dropped for reading no uncertain input),
    and notes on the figures left out."""
    f, k, out, notes = obs.figures, obs.k, [], []

    def rows(count: str, of: str, driver: str | None, least: int = 1) -> np.ndarray | None:
        """The live months with both figures (``of`` > 0), if at least ``least`` and the
        driver's stream is worth something (none of its baseline numbers a constant 0)."""
        use = obs.live & np.isfinite(f[count]) & np.isfinite(f[of]) & (np.nan_to_num(f[of]) > 0)
        if use.sum() < least:
            return None
        zero = [f"baseline.{b}" for b in NEEDS.get(driver, ())
                if scn.inputs.get(f"baseline.{b}") == 0.0]  # fmt: skip
        if zero:
            notes.append(f"the {_LABELS[count]} figures are left out: {', '.join(zero)} "
                         f"{'is' if len(zero) == 1 else 'are'} 0 in the scenario, so "
                         f"{driver} is worth nothing there")  # fmt: skip
            return None
        return use

    if (use := rows("won", "trials", "conversion_lift")) is not None:
        log = _conversion(scn, k[use], f["trials"][use], f["won"][use])
        out.append(Term("conversion", "won deals of the leads, binomial", int(use.sum()), log))
    if (use := rows("avg_deal_value", "deal_weight", "deal_size_lift", least=2)) is not None:
        log = _deal_value(scn, k[use], f["avg_deal_value"][use], f["deal_weight"][use])
        out.append(Term("deal_value", "average deal value, normal with a spread of "
                        "σ² / won deals, σ unknown", int(use.sum()), log))  # fmt: skip
    if (use := rows("churned", "at_risk", "churn_reduction")) is not None:
        at_risk = f["at_risk"][use]
        log = _churn(scn, k[use], at_risk, np.minimum(f["churned"][use], at_risk))
        out.append(Term("churn", "customers lost of those at the month's start, binomial",
                        int(use.sum()), log))  # fmt: skip
    if (use := rows("leads", "leads", None, least=2)) is not None:
        out.append(Term("leads", "leads a month, normal around the baseline, spread unknown",
                        int(use.sum()), _leads(f["leads"][use])))  # fmt: skip
    return out, notes


class Likelihood:
    """The log-likelihood of each iteration's inputs: the sum of the terms that inform any.

    Parameters
    ----------
    obs, scn : the months and the scenario.
    x : mapping of path to scalar or array (n,)
        A sample of every input (constants as scalars): which inputs a term reads is
        found by evaluating it once; a term that reads none, or is alike for every
        draw of the sample, is idle.
    """

    def __init__(self, obs: Observed, scn: Scenario, x: Mapping[str, object]) -> None:
        self.uncertain = set(scn.uncertain)
        self.terms: list[Term] = []
        self.reads: dict[str, set[str]] = {}
        self.idle: list[Term] = []  # terms that read no uncertain input
        found, self.notes = terms(obs, scn)
        for term in found:
            read: set[str] = set()
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.asarray(term.log(self._getter(x, read)), dtype=float)
            if not np.isfinite(value).any():
                raise ConfigError(f"{obs.source}: the {term.name.replace('_', ' ')} figures are "
                                  "impossible under every iteration of the scenario")  # fmt: skip
            # alike for every draw (months before go-live on a constant baseline): idle
            if read & self.uncertain and not np.all(value == value.flat[0]):
                self.terms.append(term)
                self.reads[term.name] = read & self.uncertain
            else:
                self.idle.append(term)

    @property
    def informed(self) -> set[str]:
        """The uncertain inputs some term reads."""
        return set().union(*self.reads.values()) if self.reads else set()

    @staticmethod
    def _getter(x: Mapping[str, object], read: set[str] | None = None) -> Get:
        def get(path: str, default=0.0, *, quiet: bool = False):
            if read is not None and not quiet and path in x:
                read.add(path)
            return x.get(path, default)

        return get

    def __call__(self, x: Mapping[str, object], n: int) -> np.ndarray:
        get = self._getter(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = sum((term.log(get) for term in self.terms), np.zeros(n))
        return np.broadcast_to(np.asarray(total, dtype=float), (n,)).copy()


def baseline_checks(obs: Observed, scn: Scenario) -> list[str]:
    """Notes where a constant baseline is far (|z| > 3) from the months before go-live."""
    f, notes = obs.figures, []
    before = obs.live & (obs.k <= 0)
    checks = (
        ("conversion_rate", "trials", "won", "conversion", "conversion_lift"),
        ("monthly_churn", "at_risk", "churned", "churn", "churn_reduction"),
    )
    for key, n_name, k_name, label, driver in checks:
        value = scn.inputs.get(f"baseline.{key}")
        use = before & np.isfinite(f[n_name]) & np.isfinite(f[k_name])
        if f"baseline.{key}" in scn.uncertain or not use.any() or not 0 < value < 1:
            continue
        n, hits = f[n_name][use].sum(), f[k_name][use].sum()
        z = (hits - n * value) / np.sqrt(n * value * (1 - value))
        if abs(z) > 3:
            notes.append(
                f"the {int(use.sum())} months before go-live show {label} {hits / n:.3g} "
                f"where baseline.{key} is {value:g} (z = {z:.1f}): {driver} is measured "
                f"against the scenario's baseline; give baseline.{key} a distribution to "
                "let the data correct it"
            )
    return notes
