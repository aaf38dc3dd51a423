"""A posterior sample of a scenario's uncertain inputs: the prior draws reweighted, tempered, moved.

**Latent space.** Every uncertain input is the inverse CDF of one uniform ``u``
(a correlated group's members through the Gaussian copula, as
:class:`~simroi.sampling.designs.Design` draws them), so the prior is uniform
on the cube and, with ``z = Φ⁻¹(u)``, standard normal. Under the ``lhs`` and
``sobol`` samplers the uniforms are the very ones of the prior run (a Design of
uniform(0, 1) inputs with the same seed): the posterior starts from the prior
run's own iterations.

**Sequential Monte Carlo** (:func:`sample_posterior`). The importance weights
of the prior draws are ``exp(ℓ)``; their effective sample size (Kish:
``(Σw)² / Σw²``) tells how much of the prior sample is left. When it is at
least ``guard · n``, one step reaches the posterior; otherwise (strong data) the
likelihood is brought in by tempering, ``exp(β ℓ)`` with ``0 = β₀ < β₁ < … = 1``,
each ``β`` the largest that keeps the step's effective sample size at
``guard · n``. After each step the particles are resampled (systematic) and
moved by random-walk Metropolis steps in ``z`` on the inputs the likelihood
reads (their correlation groups with them), invariant for ``prior · exp(β ℓ)``,
with a proposal covariance from the particles' own spread, its scale tuned to
the acceptance rate; moves go on until each particle has had on average
:data:`ACCEPTED` accepted moves (at most :data:`MAX_MOVES`). Inputs the
likelihood does not read keep the prior sample's values, row by row: a
posterior of independent inputs the data do not touch is their prior.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from simroi.errors import ConfigError, SimroiError
from simroi.sampling.copula import copula_factor, correlation_groups
from simroi.sampling.designs import Design
from simroi.sampling.specs import parse
from simroi.scenario.config import Scenario

__all__ = ["ACCEPTED", "MAX_MOVES", "MAX_STAGES", "Latent", "Posterior", "check_guard", "ess",
           "sample_posterior"]  # fmt: skip

#: Accepted Metropolis moves per particle (on average) after each tempering step.
ACCEPTED = 3.0
#: Metropolis moves after one step at most.
MAX_MOVES = 40
#: Tempered steps at most (each at least halves what is left of the sample's worth).
MAX_STAGES = 200
_U_LO = float(np.nextafter(0.0, 1.0))
_U_HI = float(np.nextafter(1.0, 0.0))


def ess(log_w: np.ndarray) -> float:
    """Kish's effective sample size of weights ``exp(log_w)`` (-inf: weight 0)."""
    finite = np.isfinite(log_w)
    if not finite.any():
        return 0.0
    w = np.exp(log_w[finite] - log_w[finite].max())
    return float(w.sum() ** 2 / (w * w).sum())


class Latent:
    """The uncertain inputs of a scenario as functions of uniforms ``U``, shape (n, d)."""

    def __init__(self, scn: Scenario) -> None:
        self.dists = dict(scn.uncertain)
        self.paths = tuple(self.dists)
        self.column = {p: j for j, p in enumerate(self.paths)}
        self.correlations, self.groups = correlation_groups(scn.correlations, self.dists)
        self.factors = {g: copula_factor(g, self.correlations) for g in self.groups}

    def prior(self, n: int, seed, sampler: str) -> np.ndarray:
        """The prior sample's uniforms: under lhs and sobol, those of the run with this seed."""
        uniform = parse({"dist": "uniform", "low": 0.0, "high": 1.0}, "u")
        design = Design(dict.fromkeys(self.paths, uniform), n, seed=seed, sampler=sampler)
        u = design.draw(0, n)
        return np.column_stack([u[p] for p in self.paths]) if self.paths else np.empty((n, 0))

    def inputs(self, U: np.ndarray, only: set[str] | None = None) -> dict[str, np.ndarray]:
        """The uncertain inputs' values (those of ``only``, and their groups, if given):
        ``ppf(u)``, through the copula for a group."""
        grouped = {p for g in self.groups for p in g}
        out = {p: self.dists[p].ppf(U[:, j]) for j, p in enumerate(self.paths)
               if p not in grouped and (only is None or p in only)}  # fmt: skip
        for g in self.groups:
            if only is not None and not set(g) & only:
                continue
            factor = self.factors[g]
            triangular = bool(np.all(np.triu(factor, 1) == 0))
            z = [special.ndtri(U[:, self.column[p]]) for p in g]
            for i, p in enumerate(g):  # summed in Design._mixed's order: the same numbers
                zc = factor[i][0] * z[0]
                for j in range(1, i + 1 if triangular else len(g)):
                    zc = zc + factor[i][j] * z[j]
                out[p] = self.dists[p].ppf(np.clip(special.ndtr(zc), _U_LO, _U_HI))
        return {p: out[p] for p in self.paths if p in out}

    def moved(self, informed: set[str]) -> list[int]:
        """Columns the moves act on: the informed inputs and their correlation groups."""
        keep = set(informed)
        for g in self.groups:
            if keep & set(g):
                keep |= set(g)
        return [self.column[p] for p in self.paths if p in keep]


@dataclass
class Posterior:
    """The particles' uniforms (n, d), their log-likelihoods, and how they were reached."""

    U: np.ndarray
    loglik: np.ndarray
    importance_ess: float
    guard: float
    stages: list[dict] = field(default_factory=list)

    @property
    def method(self) -> str:
        if not self.stages:
            return "prior: nothing informs any uncertain input"
        if len(self.stages) == 1:
            return "importance weights, resampled and moved"
        return "tempered importance weights (resample-move)"


def _resample(rng: np.random.Generator, log_w: np.ndarray) -> np.ndarray:
    """Systematic resampling: indices of n particles drawn by weight ``exp(log_w)``."""
    w = np.exp(np.where(np.isfinite(log_w), log_w - np.nanmax(log_w[np.isfinite(log_w)]), -np.inf))
    cum = np.cumsum(w / w.sum())
    cum[-1] = 1.0
    n = log_w.size
    return np.searchsorted(cum, (rng.random() + np.arange(n)) / n)


def _next_beta(ll: np.ndarray, beta: float, target: float) -> float:
    """The largest β' in (β, 1] whose step ``exp((β' − β) ℓ)`` keeps an ESS of ``target``."""
    if ess(ll * (1.0 - beta)) >= target:
        return 1.0
    lo, hi = beta, 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if ess(ll * (mid - beta)) >= target else (lo, mid)
    return max(lo, beta + 1e-12)


def _move(rng, U, ll, beta, cols, loglik, scale) -> tuple:
    """Random-walk Metropolis in z on ``cols`` until :data:`ACCEPTED` moves per particle."""
    z = special.ndtri(U[:, cols])
    d = len(cols)
    cov = np.atleast_2d(np.cov(z, rowvar=False)) + 1e-10 * np.eye(d)
    chol = np.linalg.cholesky(cov)
    accepted, moves, rates = 0.0, 0, []
    while accepted < ACCEPTED and moves < MAX_MOVES:
        z_new = z + scale * rng.standard_normal(z.shape) @ chol.T
        U_new = U.copy()
        U_new[:, cols] = np.clip(special.ndtr(z_new), _U_LO, _U_HI)
        ll_new = loglik(U_new)
        log_a = beta * (ll_new - ll) - 0.5 * ((z_new**2).sum(1) - (z**2).sum(1))
        take = np.log(rng.random(len(ll))) < np.where(np.isnan(log_a), -np.inf, log_a)
        U[take], ll[take], z[take] = U_new[take], ll_new[take], z_new[take]
        rate = float(take.mean())
        rates.append(rate)
        accepted += rate
        moves += 1
        scale *= 0.6 if rate < 0.15 else (1.4 if rate > 0.5 else 1.0)
    return U, ll, scale, moves, float(np.mean(rates))


def check_guard(guard: float) -> None:
    if isinstance(guard, bool) or not isinstance(guard, (int, float)) or not 0.0 < guard <= 1.0:
        raise ConfigError(f"guard: the effective sample size kept, a share of the draws in "
                          f"(0, 1], got {guard!r}")  # fmt: skip


def sample_posterior(
    U0: np.ndarray,
    loglik: Callable[[np.ndarray], np.ndarray],
    cols: list[int],
    rng: np.random.Generator,
    *,
    guard: float = 0.5,
) -> Posterior:
    """Particles of the posterior from the prior sample ``U0`` (see the module docstring).

    ``loglik(U)`` is the log-likelihood of each row, shape (n,); ``cols`` the
    columns it reads (those the moves act on). With no ``cols`` the prior sample is
    returned as it is.
    """
    check_guard(guard)
    if not cols:
        return Posterior(U0, np.zeros(len(U0)), float(len(U0)), guard)
    ll = np.asarray(loglik(U0), dtype=float)
    ll = np.where(np.isnan(ll), -np.inf, ll)
    if not np.isfinite(ll).any():
        raise ConfigError("the actuals are impossible under every iteration of the scenario "
                          "(a rate outside 0..1, or churn where the model has none)")  # fmt: skip
    post = Posterior(U0, ll, ess(ll), guard)
    U, beta, scale = U0.copy(), 0.0, 2.38 / np.sqrt(len(cols))
    while beta < 1.0:
        nxt = _next_beta(ll, beta, guard * np.isfinite(ll).sum())  # impossible draws count 0
        step_ess = ess(ll * (nxt - beta))
        idx = _resample(rng, ll * (nxt - beta))
        U, ll = U[idx], ll[idx]
        U, ll, scale, moves, rate = _move(rng, U, ll, nxt, cols, loglik, scale)
        post.stages.append({"beta": nxt, "ess": step_ess, "moves": moves, "acceptance": rate})
        beta = nxt
        if beta < 1.0 and len(post.stages) >= MAX_STAGES:
            raise SimroiError(f"the posterior was not reached in {MAX_STAGES} tempered steps "
                              f"(at β = {beta:.3g}): the likelihood is too sharp for the "
                              "sampler")  # fmt: skip
    # the inputs no term reads keep the prior sample's row (their posterior is their prior)
    out = U0.copy()
    out[:, cols] = U[:, cols]
    post.U, post.loglik = out, ll
    return post
