"""After go-live: the scenario's forecast updated by the months already seen (docs/reforecast.md).

The scenario's distributions are the prior; the actuals' months are evidence
through a likelihood that follows the model (:mod:`.likelihood`); the posterior
is a sample of the prior draws reweighted, tempered and moved (:mod:`.posterior`);
the forecast is the model run on the posterior, with the actual costs of the
months seen (:mod:`.forecast`). :func:`reforecast` returns the prior and the
posterior summaries side by side (each shaped like summary.json), what was
learned about each input, and a sentence to repeat.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import zlib
from dataclasses import dataclass

import numpy as np

from simroi.data.forecast import flows, go_live_month, place_costs, results_of_flows, with_parts
from simroi.data.kpis import MonthlyKPIs, load_actuals
from simroi.data.likelihood import Likelihood, baseline_checks
from simroi.data.months import EPOCH, Observed, months_of_deals, observe
from simroi.data.posterior import Latent, Posterior, check_guard, sample_posterior
from simroi.data.records import Deals
from simroi.errors import ConfigError, SimroiError
from simroi.sampling.seeds import root_sequence
from simroi.scenario.config import Scenario, load_scenario
from simroi.simulation.cashflow import fan
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.results import summarize
from simroi.simulation.scenario_model import scenario_constants, scenario_model

__all__ = ["MAX_ITERATIONS", "Fit", "fit", "reforecast"]

#: Iterations at most: every iteration's monthly flows are held in memory (~0.5 GB at 36 months).
MAX_ITERATIONS = 200_000


def _day(go_live) -> float:
    """``go_live`` as days since 1970-01-01: a number of days, a date or ``YYYY-MM-DD``."""
    if isinstance(go_live, dt.date):
        return float((go_live - EPOCH).days)
    if isinstance(go_live, str):
        try:
            return float((dt.date.fromisoformat(go_live) - EPOCH).days)
        except ValueError:
            raise ConfigError(f"go_live: must be a date YYYY-MM-DD, got {go_live!r}") from None
    if isinstance(go_live, (int, float)) and not isinstance(go_live, bool) and np.isfinite(go_live):
        return float(go_live)
    raise ConfigError(f"go_live: must be a date or days since 1970-01-01, got {go_live!r}")


def _mean(scn: Scenario, path: str) -> float:
    v = scn.inputs.get(path, 0.0)
    return float(v) if isinstance(v, (int, float)) else v.mean()


@dataclass(frozen=True)
class Fit:
    """What the actuals say about the inputs: the months, the terms, prior and posterior."""

    obs: Observed
    likelihood: Likelihood
    latent: Latent
    constants: dict
    prior: np.ndarray
    posterior: Posterior

    def inputs(self, posterior: bool = True) -> dict:
        """Every input (constants as scalars) of the posterior's or the prior's iterations."""
        return {**self.constants, **self.latent.inputs(self.posterior.U if posterior
                                                       else self.prior)}  # fmt: skip

    @property
    def through_correlation(self) -> list[str]:
        moved = {self.latent.paths[j] for j in self.latent.moved(self.likelihood.informed)}
        return sorted(moved - self.likelihood.informed)


def fit(
    scn: Scenario, kpis: MonthlyKPIs, go_live, *, n: int, seed, sampler: str, guard: float = 0.5
) -> Fit:
    """The posterior of ``scn``'s uncertain inputs given ``kpis`` (``seed``: the prior run's)."""
    check_guard(guard)
    obs = observe(kpis, _day(go_live), leads=_mean(scn, "baseline.leads_per_month"),
                  customers=_mean(scn, "baseline.customers"))  # fmt: skip
    latent = Latent(scn)
    constants = scenario_constants(scn)
    U0 = latent.prior(n, seed, sampler)
    lik = Likelihood(obs, scn, {**constants, **latent.inputs(U0)})
    cols = latent.moved(lik.informed)
    only = {latent.paths[j] for j in cols}

    def loglik(U: np.ndarray) -> np.ndarray:
        return lik({**constants, **latent.inputs(U, only)}, len(U))

    root = root_sequence(seed)
    rng = np.random.default_rng(np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, zlib.crc32(b"reforecast"))))  # fmt: skip
    post = sample_posterior(U0, loglik, cols, rng, guard=guard)
    return Fit(obs, lik, latent, constants, U0, post)


def _stats(x) -> dict:
    x = np.asarray(x, dtype=float)
    p5, p50, p95 = np.percentile(x, [5, 50, 95])
    return {"mean": float(x.mean()), "p5": float(p5), "p50": float(p50), "p95": float(p95)}


def _summary(scn: Scenario, cols: dict, prior: dict, cum: np.ndarray) -> dict:
    out = summarize(
        lambda name: cols[name], scenario=scn.name, currency=scn.currency,
        iterations=prior["iterations"], seed=prior["seed"], sampler=prior["sampler"],
        horizon_months=scn.horizon_months, hurdle_rate=scn.hurdle_rate,
        percentiles=scn.percentiles, months=scn.payback_months,
        headline_payback_month=scn.headline_payback_month,
    )  # fmt: skip
    out["cash_flow"] = fan(cum)
    return out


def _sentence(months: int, prior: dict, post: dict) -> str:
    """E.g. "After 8 months the chance of paying back within 24 months is 71 %, down from 84 %"."""
    within = prior["payback"]["prob_within_months"]
    m = next((k for k in within if within[k] >= 0.5), list(within)[-1])
    a, b = _percent(post["payback"]["prob_within_months"][m]), _percent(within[m])
    p, q = post["payback"]["prob_within_months"][m], within[m]
    change = "as forecast" if a == b else f"{'down' if p < q else 'up'} from {b}"
    when = (f"After {months} month{'s' if months != 1 else ''} live" if months
            else "With no month live observed yet")  # fmt: skip
    return f"{when}, the chance of paying back within {m} months is {a}, {change}."


def _percent(p: float) -> str:
    """A probability in whole percent, never 0 % or 100 % (a bound: no iteration is no proof)."""
    return "under 1 %" if p < 0.005 else ("over 99 %" if p > 0.995 else f"{round(100 * p)} %")


def _loaded(scn, actuals, sheet) -> tuple[Scenario, MonthlyKPIs, list[str]]:
    """The scenario, the actuals as months, and a note on how a deals export became them."""
    if not isinstance(scn, Scenario):
        scn = load_scenario(scn)
    if isinstance(actuals, (str, os.PathLike)):
        actuals = load_actuals(actuals, sheet=sheet)
    notes = []
    if isinstance(actuals, Deals):
        open_ = int((actuals.outcome < 0).sum())
        notes.append(f"a deals export, reduced to months by creation date: leads are the deals "
                     f"decided by now; the {open_:,} open deals are left out, so the latest "
                     "months' conversion is that of their deals decided so far")  # fmt: skip
        actuals = months_of_deals(actuals)
    if not isinstance(actuals, MonthlyKPIs):
        raise ConfigError(f"actuals: must be a KPI table, a deals export or a file, "
                          f"got {type(actuals).__name__}")  # fmt: skip
    return scn, actuals, notes


def reforecast(
    scn: Scenario | dict | str | os.PathLike,
    actuals: MonthlyKPIs | Deals | str | os.PathLike,
    go_live,
    *,
    iterations: int | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    guard: float = 0.5,
    sheet: str | None = None,
) -> dict:
    """The forecast of ``scn`` updated by the months of ``actuals`` since ``go_live``.

    Parameters
    ----------
    scn : Scenario, dict or path
    actuals : MonthlyKPIs, Deals or path
        A monthly KPI table (:func:`~simroi.data.kpis.load_kpis`) or a deals export
        (reduced to months by creation date), or either's file.
    go_live : date, ``YYYY-MM-DD`` or days since 1970-01-01
        When the CRM went live.
    iterations, seed, sampler : optional
        Of the prior run (default: the scenario's); the posterior has as many
        iterations, drawn from the same seed.
    guard : float
        The effective sample size a step of the posterior keeps, as a share of
        the iterations (:mod:`simroi.data.posterior`).

    Returns
    -------
    dict
        ``prior`` and ``posterior`` (summary.json each), ``inputs`` (``{path:
        {prior, posterior}}`` with mean, p5, p50, p95), ``kept_prior``,
        ``effective_sample_size``, ``months_observed``, ``sentence``, ``notes``, ...
    """
    check_guard(guard)
    scn, kpis, loaded = _loaded(scn, actuals, sheet)
    day = _day(go_live)
    n = scn.iterations if iterations is None else iterations
    if isinstance(n, int) and n > MAX_ITERATIONS:
        raise SimroiError(f"iterations: at most {MAX_ITERATIONS:,} for a re-forecast (it holds "
                          f"every iteration's monthly flows in memory), got {n:,}")  # fmt: skip
    prior_run = simulate_scenario(scn, iterations=iterations, seed=seed, sampler=sampler)
    prior = prior_run.summary()
    n = prior_run.iterations
    f = fit(scn, kpis, day, n=n, seed=prior_run.seed_entropy, sampler=prior_run.sampler,
            guard=guard)  # fmt: skip
    posterior, seen, past = _forecast(scn, f, prior)
    x0, x = f.inputs(posterior=False), f.inputs()
    informed = f.likelihood.informed
    return {
        "go_live": (EPOCH + dt.timedelta(days=int(day))).isoformat(),
        "actuals": f.obs.source,
        "months_observed": f.obs.months_observed,
        "months_before_go_live": f.obs.months_before,
        "months": list(f.obs.labels),
        "iterations": n,
        "seed": prior_run.seed,
        "seed_entropy": prior_run.seed_entropy,
        "sampler": prior_run.sampler,
        "prior": prior,
        "posterior": posterior,
        "inputs": {
            p: {
                "prior": _stats(x0[p]),
                "posterior": _stats(x[p]),
                "informed_by": "data" if p in informed else "correlation",
            }
            for p in [*sorted(informed), *f.through_correlation]
        },  # fmt: skip
        "kept_prior": [
            p for p in scn.uncertain if p not in informed and p not in f.through_correlation
        ],  # fmt: skip
        "evidence": [
            {
                "term": t.name,
                "what": t.what,
                "months": t.months,
                "informs": sorted(f.likelihood.reads[t.name]),
            }
            for t in f.likelihood.terms
        ],  # fmt: skip
        "costs": _costs(f.obs),
        "seen": {"share": [float(v) for v in seen.mean(axis=0)]},
        "effective_sample_size": f.posterior.importance_ess,
        "method": {"name": f.posterior.method, "guard": guard, "stages": f.posterior.stages},
        "sentence": _sentence(f.obs.months_observed, prior, posterior),
        "notes": loaded + _notes(scn, f, n, past),
    }


def _forecast(scn: Scenario, f: Fit, prior: dict) -> tuple[dict, np.ndarray, int]:
    """The posterior's summary (the model's benefits, the actual costs of the months seen),
    which months are seen in each iteration, and how many actual months fall past H."""
    x = f.inputs()
    model = scenario_model(scn)
    benefit, cost = flows(model, x)
    cost, seen, past = place_costs(cost, f.obs.k, f.obs.costs, go_live_month(x, scn.risks))
    if not f.posterior.stages and f.obs.costs is None:
        return copy.deepcopy(prior), seen, past  # nothing learned, nothing paid: the prior run
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        results = results_of_flows(benefit, cost, scn.discount_rate, scn.discounting)
        cols = with_parts(results, model(x))
    return _summary(scn, cols, prior, np.cumsum(benefit - cost, axis=1)), seen, past


def _notes(scn: Scenario, f: Fit, n: int, past: int) -> list[str]:
    post, lik = f.posterior, f.likelihood
    notes = [*f.obs.notes, *lik.notes, *baseline_checks(f.obs, scn)]
    if lik.idle:
        names = " and ".join(t.name.replace("_", " ") for t in lik.idle)
        notes.append(f"the {names} figures inform no uncertain input (what they speak of is "
                     "constant in the scenario): left out")  # fmt: skip
    if post.stages and post.importance_ess < post.guard * n:
        s = post.stages[-1]
        notes.append(
            f"the data are strong: the importance weights of the {n:,} prior draws have an "
            f"effective sample size of {post.importance_ess:,.0f}, below the guard of "
            f"{post.guard * n:,.0f}; the posterior was reached in {len(post.stages)} tempered "
            f"steps, each resampled and moved by Metropolis steps on the informed inputs (last "
            f"step: {s['moves']} moves, acceptance {s['acceptance']:.0%})"
        )
    if past:
        notes.append(f"{past} months of the actuals fall after the horizon in some iterations; "
                     "their costs are left out")  # fmt: skip
    return notes


def _costs(obs: Observed) -> dict:
    if obs.costs is None:
        return {"actual": None, "source": "forecast: the actuals have no costs column"}
    return {
        "actual": float(obs.costs.sum()),
        "source": f"actual: column {obs.columns['costs']!r} of {obs.source}, "
        f"{len(obs.costs)} months, each replacing the forecast's costs of the month it falls in",
    }
