"""Stress analysis: the result when one input is held to a band of its percentiles.

Each case re-draws the same iterations with one input restricted to a band of
its own percentiles (``[0, 0.1]``: its lowest decile), or a risk event forced
to occur or not, conditioned inside the copula so every other input keeps its
draws and its correlation with the stressed one
(:mod:`simroi.analysis.subject`, :func:`simroi.sampling.bands.draw_band`).
Every case is set against the unrestricted run: P(ROI > 0) (or, for a model,
P(metric > 0)) with its standard error and the metric's mean, P10, P50, P90.

Without a case, the default table stresses every input to its lowest and its
highest decile and every risk event on and off.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from simroi.analysis.subject import Subject, require_uncertain, subject
from simroi.errors import SimroiError
from simroi.sampling.bands import draw_band
from simroi.scenario.config import Scenario

__all__ = ["stress"]


def _stats(sub: Subject, values: Mapping[str, np.ndarray], metric: str) -> dict:
    prob_of = "roi" if "roi" in sub.metrics else metric
    out = sub.outputs(values, sorted({metric, prob_of}))
    y, event = out[metric], out[prob_of] > 0
    p = float(np.mean(event))
    q10, q50, q90 = np.percentile(y, [10, 50, 90])
    return {
        "prob_positive": p,
        "prob_positive_se": math.sqrt(p * (1 - p) / y.size),
        "mean": float(np.mean(y)),
        "mean_se": float(np.std(y, ddof=1) / math.sqrt(y.size)),
        "p10": float(q10),
        "p50": float(q50),
        "p90": float(q90),
    }


def _cases(sub: Subject) -> list[tuple[str, float, float, str]]:
    cases = []
    for path, d in sub.dists.items():
        if d.kind == "bernoulli":
            p = float(d.spec["p"])
            cases += [(path, 1 - p, 1.0, "occurs"), (path, 0.0, 1 - p, "does not occur")]
        else:
            cases += [(path, 0.0, 0.1, "lowest decile"), (path, 0.9, 1.0, "highest decile")]
    return cases


def stress(
    subject_: Scenario | Callable,
    inputs: Mapping[str, object] | None = None,
    n: int | None = None,
    *,
    input: str | None = None,
    band: Sequence[float] | None = None,
    occurs: bool | None = None,
    metric: str | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    correlations: Sequence[tuple[str, str, float]] = (),
) -> dict:
    """The metric's distribution with one input restricted, against the unrestricted run.

    Parameters
    ----------
    input : str, optional
        The input to stress; without it, the default table (every input's lowest
        and highest decile, every risk event on and off).
    band : (low, high), optional
        Percentiles as fractions, ``0 <= low < high <= 1`` (e.g. ``(0, 0.1)``).
    occurs : bool, optional
        For a risk event (a ``bernoulli`` input): forced to occur or not.
    metric : str, optional
        The result described (default ``npv`` for a scenario, the model's only output).

    Returns
    -------
    dict
        The content of ``stress.json``: ``metric``, ``iterations``, ``seed``,
        ``baseline`` and ``cases`` (each: ``input``, ``band``, ``label`` and the
        statistics ``prob_positive``, ``prob_positive_se``, ``mean``, ``mean_se``,
        ``p10``, ``p50``, ``p90``).
    """
    if input is None and isinstance(subject_, Scenario):
        require_uncertain(subject_)  # the default table has no row
    sub = subject(subject_, inputs, n, seed=seed, sampler=sampler, correlations=correlations)
    metric = metric or ("npv" if "npv" in sub.metrics else sub.metrics[0])
    if metric not in sub.metrics:
        raise SimroiError(f"metric: must be one of {', '.join(sub.metrics)}, got {metric!r}")
    design = sub.design()
    if input is None:
        cases = _cases(sub)
    else:
        d = sub.dists.get(input)
        if d is None:
            raise SimroiError(
                f"input: {input!r} is not an uncertain input ({', '.join(sub.dists)})"
            )
        if d.kind == "bernoulli":
            if occurs is None:
                raise SimroiError(f"input: {input!r} is a risk event; say occurs=True or False")
            p = float(d.spec["p"])
            cases = [
                (input, 1 - p, 1.0, "occurs") if occurs else (input, 0.0, 1 - p, "does not occur")
            ]
        else:
            if band is None or len(band) != 2:
                raise SimroiError(f"band: give (low, high) percentiles as fractions, got {band!r}")
            lo, hi = (float(b) for b in band)
            cases = [(input, lo, hi, f"P{100 * lo:g}–P{100 * hi:g}")]
    baseline = _stats(sub, design.draw(0, sub.n), metric)
    rows = []
    for path, lo, hi, label in cases:
        values = draw_band(design, 0, sub.n, path, lo, hi)
        rows.append(
            {"input": path, "band": [lo, hi], "label": label, **_stats(sub, values, metric)}
        )
    return {
        "name": sub.name,
        "currency": sub.currency,
        "metric": metric,
        "prob_of": "roi" if "roi" in sub.metrics else metric,
        "iterations": sub.n,
        "seed": sub.seed if isinstance(sub.seed, int) else None,
        "sampler": sub.sampler,
        "baseline": baseline,
        "cases": rows,
    }
