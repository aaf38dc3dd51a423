"""Vendors compared under the same uncertainty (``compare.json``).

Each vendor is the base scenario with its overrides applied. All vendors are
simulated with the same seed, iteration count and sampler, so with the random
and lhs samplers every draw a vendor does not override is the same for all
vendors iteration by iteration (common random numbers). The statistics below
are therefore *paired*: ``P(a > b)`` counts the iterations in which vendor a
beats vendor b under the very same business conditions, which is far more
precise than comparing two independent simulations.

The paired statistics are pure functions of a dict ``vendor -> metric array``
(:mod:`simroi.analysis.paired`); :func:`compare` runs the simulations and
assembles them.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simroi.analysis.paired import paired_statistics, pairwise, prob_best
from simroi.errors import SimroiError
from simroi.sampling.seeds import resolve_seed
from simroi.scenario.config import Scenario, vendor_scenario
from simroi.simulation.backends import Backend
from simroi.simulation.engine import simulate_scenario
from simroi.simulation.metrics import DECISION_METRICS
from simroi.simulation.precision import MIN_BATCH, check_settings, criteria, run_batches
from simroi.simulation.results import notebook_views, probability
from simroi.simulation.scenario_model import SUMMARY_COLUMNS as _SUMMARY_COLUMNS

__all__ = ["METRICS", "QUANTILE_LEVELS", "Comparison", "compare"]

METRICS = DECISION_METRICS

_CRITERIA = ("roi", "npv", "payback_month")  # the columns the run criteria read


# --------------------------------------------------------------------------- simulation


@dataclass(frozen=True, eq=False)
class Comparison(Mapping):
    """The outcome of :func:`compare`: ``compare.json`` as data, plus the metric arrays.

    It reads like the ``compare.json`` dict (``comparison["pairwise"]``);
    :meth:`to_dict` returns a copy of it.

    Attributes
    ----------
    data : dict
        The content of ``compare.json``.
    values : dict of str to ndarray, shape (n,)
        The chosen metric of every vendor in every paired iteration (read-only).
    """

    data: dict
    values: dict[str, np.ndarray]

    def __getitem__(self, key: str):
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def to_dict(self) -> dict:
        """A deep copy of the ``compare.json`` content."""
        return copy.deepcopy(self.data)

    def __repr__(self) -> str:
        return notebook_views().comparison_repr(self)

    def _repr_html_(self) -> str:
        return notebook_views().comparison_html(self)

    def summary_frame(self) -> pd.DataFrame:
        """One row per vendor: mean, P10/P50/P90 of the metric, P(ROI > 0), P(best)."""
        rows = {}
        for v in self.data["vendors"]:
            m = v["summary"]["metrics"][self.metric]
            rows[v["name"]] = {
                "rank": v["rank"],
                **{k: m[k] for k in ("mean", "p10", "p50", "p90")},
                "prob_roi_positive": v["summary"]["prob_roi_positive"],
                "prob_best": v["prob_best"],
                "expected_regret": v["expected_regret"],
            }
        return pd.DataFrame.from_dict(rows, orient="index").sort_values("rank")

    @property
    def metric(self) -> str:
        return self.data["metric"]

    @property
    def ranking(self) -> tuple[str, ...]:
        """Vendor names by mean metric, highest first."""
        return tuple(v["name"] for v in sorted(self.data["vendors"], key=lambda v: v["rank"]))

    def difference(self, a: str, b: str) -> np.ndarray:
        """``metric(a) - metric(b)`` in each paired iteration, shape (n,)."""
        return self.values[a] - self.values[b]

    def risk_return_points(self) -> list[dict]:
        """``{"name", "mean", "p10", "prob_loss"}`` per vendor; ``prob_loss`` = P(metric < 0)."""
        points = []
        for v in self.data["vendors"]:
            stats = v["summary"]["metrics"][self.metric]
            loss = float(np.mean(self.values[v["name"]] < 0))
            points.append(
                {"name": v["name"], "mean": stats["mean"], "p10": stats["p10"], "prob_loss": loss}
            )
        return points


def _check(scn: Scenario, metric: str) -> None:
    if metric not in METRICS:
        raise SimroiError(f"metric: must be one of {', '.join(METRICS)}, got {metric!r}")
    if len(scn.vendors) < 2:
        found = ", ".join(repr(name) for name, _ in scn.vendors) or "none"
        where = f"{scn.source}: " if scn.source else ""
        raise SimroiError(
            f"{where}vendors: comparing needs at least two vendors under 'vendors:' in the "
            f"scenario, found {len(scn.vendors)} ({found})"
        )


def _shared_inputs(scenarios: Mapping[str, Scenario]) -> list[str]:
    """Uncertain inputs with the same distribution in every vendor: their draws must agree."""
    first, *rest = scenarios.values()
    return [
        path
        for path, dist in first.uncertain.items()
        if all(s.uncertain.get(path) == dist for s in rest)
    ]


def _crn_notes(scenarios: Mapping[str, Scenario], sampler: str, unequal: list[str]) -> list[str]:
    """Why common random numbers do not hold, if they do not (empty list when they do)."""
    sets = {tuple(sorted(s.uncertain)) for s in scenarios.values()}
    if sampler == "sobol" and len(sets) > 1:
        return [
            "common random numbers do not hold: with the sobol sampler the draws depend on the "
            "set of uncertain inputs, and the vendors' sets differ, so vendor differences include "
            "sampling noise; use --sampler lhs (or random) for a paired comparison"
        ]
    if unequal:
        return [
            "common random numbers do not hold: inputs shared unchanged by all vendors got "
            f"different draws ({', '.join(unequal)}), so vendor differences include sampling noise"
        ]
    return []


def _criteria(
    cols: Mapping[str, dict[str, np.ndarray]],
    values: Mapping[str, np.ndarray],
    horizons: Mapping[str, int],
) -> dict[str, tuple[float, float]]:
    """(SE, per-iteration variance) of every criterion a comparison to a precision meets.

    Each vendor's run criteria (:func:`simroi.simulation.precision.criteria`), then
    each vendor's P(best) and every pairwise P(a > b). Expected regret and the
    paired differences are amounts in the currency: their SEs are reported, not targets.
    """
    out = {}
    for name, c in cols.items():
        out.update({f"{name}: {k}": v for k, v in criteria(c, horizons[name]).items()})
    n = next(iter(values.values())).size
    for name, (_, se) in prob_best(values).items():
        out[f"{name}: prob_best"] = (se, se * se * n)
    for a, row in pairwise(values).items():
        out.update({f"pairwise: {a} > {b}": (se, se * se * n) for b, (_, se) in row.items()})
    return out


#: The levels of the metric's quantiles kept in compare.json (0 and 1: min and max), from
#: which a report draws the vendors' CDFs and the leading pair's difference without samples.
QUANTILE_LEVELS = tuple(k / 100 for k in range(101))


def _best_by_metric(by_metric: Mapping[str, Mapping[str, np.ndarray]]) -> dict:
    """``{metric: {vendor: {"prob_best", "prob_best_se"}}}`` for every decision metric:
    whether the vendor most likely best depends on the metric compared."""
    out = {}
    for m in METRICS:
        best = prob_best({name: cols[m] for name, cols in by_metric.items()})
        out[m] = {name: {"prob_best": p, "prob_best_se": se} for name, (p, se) in best.items()}
    return out


def _quantiles(values: Mapping[str, np.ndarray], ranking: list[str]) -> dict:
    """The metric's quantiles at :data:`QUANTILE_LEVELS`, per vendor and of the paired
    difference of the two leading vendors (NaN left out)."""
    levels = np.asarray(QUANTILE_LEVELS)

    def q(x: np.ndarray) -> list[float] | None:
        x = x[np.isfinite(x)]
        return np.quantile(x, levels).tolist() if x.size else None

    a, b = ranking[:2]
    return {
        "levels": list(QUANTILE_LEVELS),
        "vendors": {name: q(v) for name, v in values.items()},
        "difference": {"a": a, "b": b, "values": q(values[a] - values[b])},
    }


def compare(
    scn: Scenario,
    *,
    metric: str = "npv",
    iterations: int | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    progress: Callable[[int], None] | None = None,
    backend: Backend | None = None,
    precision: float | None = None,
    max_iterations: int | None = None,
) -> Comparison:
    """Simulate every vendor of a scenario with common random numbers and compare them.

    Parameters
    ----------
    scn : Scenario
        A validated scenario with at least two ``vendors``.
    metric : {"npv", "roi", "discounted_roi"}
        The metric the vendors are compared on.
    iterations, seed, sampler : optional
        Override the scenario's ``simulation`` section. Without any seed one
        fresh entropy is drawn and used for every vendor (reported as ``seed``).
    progress : callable, optional
        Called with the iterations completed; the total is iterations x vendors.
    backend : Backend, optional
        Where the work units run (default: this process); results do not depend on it.
    precision, max_iterations : optional
        Draw in batches, every vendor the same batches with the same seeds (so
        common random numbers hold and every vendor ends with the same count),
        until for every vendor the SEs of P(ROI > 0), of every payback
        probability and of the mean NPV per P10-P90 range, and the SEs of every
        vendor's P(best) and of every pairwise P(a > b), are all <= precision, or
        max_iterations are drawn (default 10,000,000). ``iterations`` is then
        ignored; ``stopped_by`` and ``precision`` say why it stopped
        (:func:`simroi.simulation.precision.run_batches`).

    Returns
    -------
    Comparison
        ``compare.json`` as data (``.to_dict()``) and the metric arrays (``.values``).
        Keys: ``metric``, ``scenario``, ``currency``, ``iterations``, ``seed``,
        ``sampler``, ``common_random_numbers``, ``notes``, ``vendors`` (each:
        ``name``, ``overrides``, ``summary`` as summary.json plus ``vendor``,
        ``rank``, ``prob_best``, ``prob_best_se``, ``expected_regret``,
        ``expected_regret_se``), ``pairwise``, ``pairwise_se``, ``dominance``,
        ``differences`` (see :func:`paired_statistics`), ``prob_best_by_metric``
        (every vendor's P(best) on each of npv, roi and discounted_roi, with SEs: the
        best vendor may depend on the metric), ``quantiles`` (the metric's quantiles
        at :data:`QUANTILE_LEVELS` per vendor, and of the leading two vendors'
        paired difference: the charts without samples); with ``precision`` also
        ``stopped_by`` and ``precision`` (as in a run's summary.json; the
        criteria are named ``"<vendor>: <criterion>"`` and ``"pairwise: a > b"``).

    Raises
    ------
    SimroiError
        Fewer than two vendors, an unknown metric, or bad simulation settings.
    """
    _check(scn, metric)
    # One seed for all vendors: that is what makes the draws common.
    seed = resolve_seed(seed, scn.seed)
    cap = None if precision is None else check_settings(precision, max_iterations)
    n = scn.iterations if iterations is None else iterations
    sampler = scn.sampler if sampler is None else sampler
    scenarios = {name: vendor_scenario(scn, name) for name, _ in scn.vendors}
    shared = _shared_inputs(scenarios)
    frames = {name: [] for name in scenarios}
    hashes = {name: {p: hashlib.blake2b(digest_size=16) for p in shared} for name in scenarios}
    runs, pooled = {}, {}

    def keep(df: pd.DataFrame, name: str) -> None:
        frames[name].append(df[list(_SUMMARY_COLUMNS)])
        for path, h in hashes[name].items():
            h.update(np.ascontiguousarray(df[path].to_numpy(dtype=float)).tobytes())

    def draw(size: int, batch_seed) -> None:
        for name, vscn in scenarios.items():
            runs[name] = simulate_scenario(
                vscn,
                iterations=size,
                seed=batch_seed,
                sampler=sampler,
                progress=progress,
                on_chunk=lambda df, name=name: keep(df, name),
                keep_samples=False,
                backend=backend,
            )
            pooled[name] = pd.concat(frames[name], ignore_index=True)
            frames[name] = [pooled[name]]

    def measure() -> dict[str, tuple[float, float]]:
        cols = {k: {c: df[c].to_numpy(dtype=float) for c in _CRITERIA} for k, df in pooled.items()}
        values = {k: df[metric].to_numpy(dtype=float) for k, df in pooled.items()}
        return _criteria(cols, values, {k: s.horizon_months for k, s in scenarios.items()})

    def record() -> dict:
        best = prob_best({k: df[metric].to_numpy(dtype=float) for k, df in pooled.items()})
        vendors = {}
        for k, df in pooled.items():
            p, se = probability(df["roi"].to_numpy(dtype=float) > 0)
            vendors[k] = {
                "prob_roi_positive": p,
                "prob_roi_positive_se": se,
                "prob_best": best[k][0],
                "prob_best_se": best[k][1],
            }
        return {"vendors": vendors}

    root = np.random.SeedSequence(seed)
    if precision is None:
        draw(n, seed)
        info = None
    else:
        n, info = run_batches(
            root,
            precision=precision,
            cap=cap,
            min_batch=MIN_BATCH,
            draw=draw,
            measure=measure,
            record=record,
        )

    summaries, values, digests, by_metric = {}, {}, {}, {}
    for name in scenarios:
        res = dataclasses.replace(
            runs[name],
            samples=pooled.pop(name),
            iterations=int(n),
            seed=seed,
            seed_entropy=int(root.entropy),
            precision=info,  # the batches the cash-flow fan redraws
        )
        summary = res.summary()
        for key in ("stopped_by", "precision"):  # said once, for all vendors, in compare.json
            summary.pop(key, None)
        summaries[name] = {"vendor": name, **summary}
        # A copy, so the other result columns can be freed.
        values[name] = np.array(res.column(metric), dtype=float)
        values[name].flags.writeable = False
        by_metric[name] = {m: np.asarray(res.column(m), dtype=float) for m in METRICS}
        digests[name] = {path: h.digest() for path, h in hashes[name].items()}
        del res, frames[name]

    unequal = [p for p in shared if len({d[p] for d in digests.values()}) > 1]
    stats = paired_statistics(values)
    overrides = dict(scn.vendors)
    vendors = [
        {
            "name": v["name"],
            "overrides": copy.deepcopy(overrides[v["name"]]),
            "summary": summaries[v["name"]],
            **{k: x for k, x in v.items() if k != "name"},
        }
        for v in stats["vendors"]
    ]
    notes = _crn_notes(scenarios, sampler, unequal)
    ranking = [v["name"] for v in sorted(vendors, key=lambda v: v["rank"])]
    data = {
        "metric": metric,
        "scenario": scn.name,
        "currency": scn.currency,
        "iterations": int(n),
        "seed": seed,
        "sampler": sampler,
        "common_random_numbers": not notes,
        "notes": notes,
        "vendors": vendors,
        **{k: v for k, v in stats.items() if k != "vendors"},
        "prob_best_by_metric": _best_by_metric(by_metric),
        "quantiles": _quantiles(values, ranking),
    }
    if info is not None:  # a comparison to a precision says why it stopped, as run does
        data["stopped_by"] = info["stopped_by"]
        data["precision"] = info
    return Comparison(data=data, values=values)
