"""Sensitivity analysis: which uncertain input moves the result, and how much.

Functions of a vectorised model ``f`` and named input specs (any model, not only
the CRM one), each in its own module and re-exported here:

* :func:`~simroi.analysis.oat.tornado` and :func:`~simroi.analysis.oat.spider`
  (:mod:`simroi.analysis.oat`)
  -- one input at a time, the others at their medians, each point evaluated
  exactly (no sampling);
* :func:`~simroi.analysis.sobol.sobol` (:mod:`simroi.analysis.sobol`) -- first-order and total
  Sobol indices (Saltelli 2010 and Jansen estimators on a scrambled Sobol
  design) with confidence half-widths from independent scramblings.

Functions of a simulated sample (they hold under correlated inputs), here:
:func:`spearman`, :func:`contribution_to_variance`, :func:`correlation_ratio`,
and :func:`~simroi.analysis.sensitivity_downside.downside` (Monte Carlo filtering of
loss iterations, :mod:`simroi.analysis.sensitivity_downside`).

:func:`analyze_scenario` runs them on a scenario and returns the content of
``sensitivity.json``. Nothing here draws or writes files.

A risk event is an input whose distribution is ``bernoulli`` (``risks.<name>``):
the tornado swings it from "does not occur" (0, the base case) to "occurs" (1);
the spider leaves it out (a 0/1 step is not a curve); the sample-based measures
and Sobol treat it as the 0/1 input it is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from scipy import stats

from simroi.analysis.oat import SPIDER_PERCENTILES, spider, tornado
from simroi.analysis.sensitivity_downside import MIN_LOSS_ITERATIONS, downside
from simroi.analysis.sobol import DEFAULT_SOBOL_N, design_keys, sobol
from simroi.analysis.subject import require_uncertain
from simroi.errors import SimroiError
from simroi.sampling.seeds import root_sequence
from simroi.scenario.config import Scenario
from simroi.simulation.backends import Backend
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.metrics import SENSITIVITY_METRICS
from simroi.simulation.modelcall import Model, check_low_high
from simroi.simulation.scenario_model import scenario_model
from simroi.simulation.units import default_chunk_size

__all__ = [
    "METHODS",
    "METRICS",
    "MIN_LOSS_ITERATIONS",
    "SPIDER_PERCENTILES",
    "analyze_scenario",
    "contribution_to_variance",
    "correlation_ratio",
    "downside",
    "scenario_metric",
    "sobol",
    "sobol_frame",
    "spearman",
    "spider",
    "spider_frame",
    "tornado",
]

METRICS = SENSITIVITY_METRICS
METHODS = ("tornado", "spearman", "sobol", "downside", "all")


# --------------------------------------------------------------------------- sample-based measures


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks scaled to mid-rank percentiles in (0, 1), column-wise."""
    return (stats.rankdata(x, axis=0) - 0.5) / x.shape[0]


def spearman(samples: pd.DataFrame, y: np.ndarray | pd.Series) -> pd.Series:
    """Spearman rank correlation of each column of `samples` with `y`.

    Returns
    -------
    pandas.Series
        Indexed by column, largest ``|rho|`` first; NaN for a column (or a `y`)
        that does not vary.
    """
    x = samples.to_numpy(dtype=float)
    y = np.asarray(y, dtype=float)
    if y.shape != (x.shape[0],):
        raise SimroiError(f"y: expected shape ({x.shape[0]},), got {y.shape}")
    rx, ry = _ranks(x), _ranks(y[:, None])
    rx, ry = rx - rx.mean(axis=0), ry - ry.mean(axis=0)
    sx, sy = np.sqrt((rx**2).sum(axis=0)), np.sqrt((ry**2).sum())
    num = (rx * ry).sum(axis=0)
    rho = np.full(x.shape[1], np.nan)
    ok = (sx > 0) & (sy > 0)
    rho[ok] = np.clip(num[ok] / (sx[ok] * sy), -1.0, 1.0)
    s = pd.Series(rho, index=samples.columns, name="spearman")
    return s.iloc[np.argsort(-np.nan_to_num(np.abs(rho), nan=-1.0), kind="stable")]


def contribution_to_variance(rho: pd.Series) -> pd.Series:
    """Squared rank correlations normalised to sum to 1 (a rough share of the output's variance).

    Only a guide: it ignores interactions and, under correlated inputs, shares
    the variance of correlated inputs between them. NaN (or all-zero) -> 0.
    """
    r2 = rho.fillna(0.0) ** 2
    total = float(r2.sum())
    return r2 / total if total > 0 else r2 * 0.0


def correlation_ratio(
    samples: pd.DataFrame, y: np.ndarray | pd.Series, *, bins: int | None = None
) -> pd.Series:
    """First-order correlation ratio ``eta^2_i = Var(E[Y | X_i]) / Var(Y)`` from given data.

    ``E[Y | X_i]`` is estimated as the mean of `y` within quantile bins of
    ``X_i`` (ties kept together, so a 0/1 input gets two bins). Computed on the
    sample as drawn, it stays valid when inputs are correlated (it equals the
    first-order Sobol index when they are independent). The small-sample bias of
    the binned estimate is removed ANOVA-style,
    ``1 - (1 - eta^2) (N - 1) / (N - K)`` with ``K`` non-empty bins, and the
    result clipped to [0, 1].

    Parameters
    ----------
    bins : int, optional
        Quantile bins per input; default ``min(100, max(2, floor(sqrt(N))))``.

    Returns
    -------
    pandas.Series
        Indexed by column, largest first; ``attrs["bins"]`` the bin count.
    """
    x = samples.to_numpy(dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.shape[0]
    if y.shape != (n,) or n < 4:
        raise SimroiError(f"y: expected shape ({n},) with at least 4 rows, got {y.shape}")
    k = bins if bins is not None else min(100, max(2, math.isqrt(n)))
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 2 <= k < n:
        raise SimroiError(f"bins: must be a whole number with 2 <= bins < {n}, got {bins!r}")
    yc = y - y.mean()
    total = float(yc @ yc)
    eta = np.full(x.shape[1], np.nan)
    if total > 0:
        for j in range(x.shape[1]):
            edges = np.quantile(x[:, j], np.linspace(0, 1, k + 1)[1:-1])
            group = np.searchsorted(edges, x[:, j], side="right")
            count = np.bincount(group, minlength=k)
            mean = np.bincount(group, weights=yc, minlength=k)[count > 0] / count[count > 0]
            raw = float(count[count > 0] @ mean**2) / total
            used = int((count > 0).sum())
            eta[j] = min(1.0, max(0.0, 1 - (1 - raw) * (n - 1) / (n - used)))
    s = pd.Series(eta, index=samples.columns, name="correlation_ratio")
    s = s.iloc[np.argsort(-np.nan_to_num(eta, nan=-1.0), kind="stable")]
    s.attrs["bins"] = int(k)
    return s


# --------------------------------------------------------------------------- a scenario


def scenario_metric(scn: Scenario, metric: str = "npv") -> Model:
    """The scenario's model as ``f(x) -> metric`` (x: dotted input paths -> arrays).

    ``payback_month`` is "never" (NaN) when the investment does not pay back
    within the horizon; here it is censored at ``horizon_months + 1`` so that
    every analysis has a number.
    """
    _check_metric(metric)
    model = scenario_model(scn)

    def f(x: Mapping[str, np.ndarray | float]) -> np.ndarray:
        return _censored(model(x)[metric], metric, scn.horizon_months)

    return f


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        raise SimroiError(f"metric: must be one of {', '.join(METRICS)}, got {metric!r}")


def _censored(y: np.ndarray, metric: str, horizon: int) -> np.ndarray:
    """``payback_month``'s "never" (NaN) as ``horizon + 1``; any other metric unchanged."""
    return np.where(np.isnan(y), float(horizon + 1), y) if metric == "payback_month" else y


def _check_method(method: str) -> tuple[str, ...]:
    if method not in METHODS:
        raise SimroiError(f"method: must be one of {', '.join(METHODS)}, got {method!r}")
    return METHODS[:-1] if method == "all" else (method,)


def analyze_scenario(
    scn: Scenario,
    *,
    metric: str = "npv",
    method: str = "all",
    low: float = 0.10,
    high: float = 0.90,
    iterations: int | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    sobol_n: int = DEFAULT_SOBOL_N,
    sobol_replicates: int | None = None,
    progress: Callable[[int], None] | None = None,
    backend: Backend | None = None,
) -> dict:
    """Sensitivity of a scenario's `metric`: the content of ``sensitivity.json``.

    ``method`` picks what runs: ``tornado`` (tornado and spider: exact points),
    ``spearman`` (rank correlations and the contribution to variance, over a
    simulation), ``sobol`` (Sobol indices, plus the first-order correlation ratio
    on a simulation, valid under the scenario's correlations), ``downside``
    (Monte Carlo filtering of ROI < 0 over a simulation) or ``all``. Keys of
    methods that did not run are None; ``base`` is always there.

    ``iterations``, ``seed`` and ``sampler`` set the simulation (None: the
    scenario's); Sobol uses its own design of ``sobol_n`` (rounded up to a power
    of two) base samples in ``sobol_replicates`` scramblings (:func:`sobol`), seeded
    from the same root, so one seed reproduces everything. ``backend`` runs the
    simulation's work units (default: this process; results do not depend on it).

    Returns
    -------
    dict
        JSON-able, the documented keys first: ``metric``, ``base``, ``tornado`` (rows
        of :func:`tornado`), ``spearman`` ({input: rho}, largest ``|rho|``
        first), ``sobol`` ({input: {S1, S1_conf, ST, ST_conf}}); then
        ``scenario``, ``currency``, ``low``, ``high``, ``spider``
        ({percentiles: [...], values: {input: [...]}}, risk events left out),
        ``contribution_to_variance``, ``downside`` (see :func:`downside`; loss
        is ROI < 0 whatever the metric), ``sobol_n``, ``sobol_n_rounded_from``
        (the requested n, None when it was a power of two already),
        ``sobol_replicates``, ``sobol_interval`` (how the half-widths were made, in
        words) and ``sobol_evaluations`` (``sobol_n (d + 2)`` model runs),
        ``sobol_assumes_independence`` (True when the
        scenario has correlations), ``first_order_correlation_ratio`` and
        ``correlation_ratio_bins`` (see :func:`correlation_ratio`),
        ``payback_never_value`` (H + 1 for ``payback_month``, else None),
        ``seed`` (as given), ``seed_entropy`` (reproduces the run as a seed),
        ``iterations`` and ``sampler`` of the simulation (None without one).
    """
    methods = _check_method(method)
    _check_metric(metric)
    low, high = check_low_high(low, high)
    require_uncertain(scn)
    uncertain = scn.uncertain
    f = scenario_metric(scn, metric)
    root = root_sequence(seed, scn.seed)
    out: dict = {
        "metric": metric,
        "base": None,
        "tornado": None,
        "spearman": None,
        "sobol": None,
        "scenario": scn.name,
        "currency": scn.currency,
        "low": low,
        "high": high,
        "spider": None,
        "contribution_to_variance": None,
        "downside": None,
        "sobol_n": None,
        "sobol_n_rounded_from": None,
        "sobol_replicates": None,
        "sobol_interval": None,
        "sobol_evaluations": None,
        "sobol_assumes_independence": None,
        "first_order_correlation_ratio": None,
        "correlation_ratio_bins": None,
        "payback_never_value": scn.horizon_months + 1 if metric == "payback_month" else None,
        "seed": seed,
        "seed_entropy": int(root.entropy),
        "iterations": None,
        "sampler": None,
    }
    bars = tornado(f, scn.inputs, low, high)
    out["base"] = bars.attrs["base"]
    if "tornado" in methods:
        out["tornado"] = bars.to_dict("records")
        table = spider(f, scn.inputs)
        out["spider"] = {
            "percentiles": [float(q) for q in table.index],
            "values": {k: table[k].tolist() for k in table.columns},
        }
    if {"spearman", "sobol", "downside"} & set(methods):
        res = simulate_scenario(
            scn,
            iterations=iterations,
            seed=int(root.entropy),
            sampler=sampler,
            progress=progress,
            backend=backend,
        )
        samples = res.samples
        x = samples[list(uncertain)]
        y = _censored(samples[metric].to_numpy(dtype=float), metric, scn.horizon_months)
        out["iterations"], out["sampler"] = res.iterations, res.sampler
        if "spearman" in methods:
            rho = spearman(x, y)
            out["spearman"] = rho.to_dict()
            out["contribution_to_variance"] = contribution_to_variance(rho).to_dict()
        if "downside" in methods:
            out["downside"] = downside(x, samples["roi"].to_numpy() < 0)
        if "sobol" in methods:
            sob = sobol(
                f,
                scn.inputs,
                sobol_n,
                seed=root,
                replicates=sobol_replicates,
                chunk_size=default_chunk_size(scn.horizon_months + 1),
            )
            out["sobol"] = {k: row.to_dict() for k, row in sob.iterrows()}
            out.update(design_keys(sob), sobol_assumes_independence=bool(scn.correlations))
            eta = correlation_ratio(x, y)
            out["first_order_correlation_ratio"] = eta.to_dict()
            out["correlation_ratio_bins"] = eta.attrs["bins"]
    return out


# --------------------------------------------------------------------------- back to tables


def spider_frame(result: Mapping) -> pd.DataFrame:
    """The ``spider`` entry of an :func:`analyze_scenario` result, as :func:`spider` gives it."""
    sp = result["spider"]
    return pd.DataFrame(sp["values"], index=pd.Index(sp["percentiles"], name="percentile"))


def sobol_frame(result: Mapping) -> pd.DataFrame:
    """The ``sobol`` entry of :func:`analyze_scenario`'s result as the table :func:`sobol` gives."""
    table = pd.DataFrame.from_dict(result["sobol"], orient="index")
    return table.reindex(columns=["S1", "S1_conf", "ST", "ST_conf"]).rename_axis("input")
