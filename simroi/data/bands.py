"""Before go-live: the scorecard's five bands as a forecast, from a scenario's simulation.

Each iteration is one possible outcome: its ROI, hours saved, churn reduction and
conversion lift are the "actual" results, scored against targets — the forecast
medians, or the targets the user set — exactly as :func:`~simroi.data.scorecard.scorecard`
scores real results; the qualitative ratings, unknown before go-live, count only
if given (as the expected ratings). The share of iterations in each band is that
band's probability, with its Monte Carlo standard error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from simroi.data.scorecard import (
    BANDS,
    QUANTITATIVE,
    _rating_score,
    check_ratings,
    check_weights,
    component_scores,
    total,
)
from simroi.scenario.config import Scenario
from simroi.simulation.engine import simulate_scenario

__all__ = ["SOURCES", "forecast_bands"]

# component -> the simulated value it scores
SOURCES = {
    "roi": "roi",
    "time_saved": "drivers.hours_saved_per_rep_week",
    "churn": "drivers.churn_reduction",
    "growth": "drivers.conversion_lift",
}


def forecast_bands(
    scn: Scenario,
    *,
    targets: Mapping[str, float] | None = None,
    ratings: Mapping[str, object] | None = None,
    weights: Mapping[str, object] | None = None,
    iterations: int | None = None,
    seed: int | None = None,
) -> dict:
    """P(each band) under the simulation of ``scn`` (module docstring); JSON-able dict."""
    w = check_weights(weights)
    rated = check_ratings(ratings)
    res = simulate_scenario(scn, iterations=iterations, seed=seed)
    n = res.iterations
    parts: dict[str, object] = {}
    used, left_out = {}, []
    for name, path in SOURCES.items():
        if path == "roi" or path in scn.uncertain:
            values = res.column(path)
        else:
            values = np.full(n, float(scn.inputs.get(path, 0.0)))
        target = (targets or {}).get(name, float(np.median(values)))
        if not target > 0 or w[name] == 0:
            left_out.append(name)
            continue
        parts[name] = component_scores(values, target)
        used[name] = target
    for name, r in rated.items():
        parts[name] = _rating_score(r)
    left_out += [k for k in ("adoption", "collaboration", "fit") if k not in rated]
    scores = np.floor(np.clip(np.asarray(total(parts, w), dtype=float), 0, 100) + 0.5)
    bands = []
    for lo, hi, zh, en in BANDS:
        p = float(np.mean((scores >= lo) & (scores <= hi)))
        bands.append(
            {
                "min": lo,
                "max": hi,
                "zh": zh,
                "en": en,
                "prob": p,
                "se": math.sqrt(p * (1 - p) / n),
            }  # fmt: skip
        )
    return {
        "scenario": scn.name,
        "iterations": n,
        "seed": res.seed if res.seed is not None else res.seed_entropy,
        "targets": used,
        "target_meaning": {k: QUANTITATIVE[k] for k in used},
        "ratings": rated,
        "left_out": left_out,
        "score": {
            "mean": float(scores.mean()),
            "p10": float(np.percentile(scores, 10)),
            "p50": float(np.percentile(scores, 50)),
            "p90": float(np.percentile(scores, 90)),
        },
        "bands": bands,
    }
