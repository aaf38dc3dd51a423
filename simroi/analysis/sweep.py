"""Sweeps: one scenario under many variants (or many scenario files), side by side.

Every variant is simulated with the same seed, so two variants differ only
where their inputs differ (common random numbers), and each variant's summary
equals ``simroi run CONFIG --set ...`` of that variant bit for bit. All the
variants' work units go through one back end; each variant is reduced to its
summary as soon as its last unit arrives, so memory does not grow with the
number of variants.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from simroi.analysis.headline import MISSING, cell, figures, numeric, payback_p50
from simroi.errors import ConfigError, SimroiError
from simroi.sampling.seeds import resolve_seed
from simroi.scenario.config import load_variants
from simroi.scenario.variants import Variant
from simroi.simulation.backends import Backend
from simroi.simulation.engine import simulate_scenarios

__all__ = ["batch", "sweep", "sweep_frame", "varied_paths"]


def _validate_all(source, overrides: Sequence[Mapping], names: Sequence[str]) -> None:
    """Every variant's problems at once, before anything is simulated (one parse)."""
    found: list[ConfigError] = []
    bad = []
    for name, scn in zip(names, load_variants(source, overrides, errors=found), strict=True):
        if scn is None:
            bad.append(name)
    if found:
        lines = [
            f"variant {n!r}: {e}" for n, exc in zip(bad, found, strict=True) for e in exc.errors
        ]
        raise ConfigError(lines, source=found[0].source)


def sweep(
    source: str | os.PathLike | Mapping,
    variants: Sequence[Variant],
    *,
    base: Mapping[str, object] | None = None,
    iterations: int | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    backend: Backend | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Simulate every variant of one scenario with common random numbers: ``sweep.json``.

    Parameters
    ----------
    source : path or dict
        The scenario (as :func:`simroi.load_scenario` takes it).
    variants : sequence of (name, overrides)
        From :func:`simroi.scenario.variants.grid` or a sweep file.
    base : mapping, optional
        Overrides applied under every variant's (``--set``).
    iterations, seed, sampler : optional
        As for :func:`simroi.simulate_scenario`; without any seed one fresh
        entropy is drawn and used for every variant.
    backend : Backend, optional
        Where the work units run (default: this process).

    Returns
    -------
    dict
        ``scenario``, ``currency``, ``iterations``, ``seed``, ``sampler``,
        ``varied`` (the overridden paths, in order), ``base_overrides`` and
        ``variants``: a list of ``{name, overrides, summary}``, each summary
        shaped exactly like ``summary.json`` but without its ``cash_flow`` fan
        (a model run of its own per variant, which a sweep of many need not pay).
    """
    if not variants:
        raise SimroiError("sweep: no variants (give --vary PATH=V1,V2,... or a sweep file)")
    base = dict(base or {})
    names = [n for n, _ in variants]
    if len(set(names)) != len(names):
        raise SimroiError("sweep: two variants have the same name")
    overrides = [{**base, **ov} for _, ov in variants]
    _validate_all(source, overrides, names)
    first = next(load_variants(source, [overrides[0]]))
    seed = resolve_seed(seed, first.seed)  # one seed: common random numbers
    runs = simulate_scenarios(
        load_variants(source, overrides),
        iterations=iterations,
        seed=seed,
        sampler=sampler,
        backend=backend,
        progress=progress,
        keep_samples=True,
    )
    out = []
    for (name, ov), res in zip(variants, runs, strict=True):
        out.append({"name": name, "overrides": dict(ov), "summary": res.summary(cash_flow=False)})
    return {
        "scenario": first.name,
        "currency": first.currency,
        "iterations": out[0]["summary"]["iterations"],
        "seed": seed,
        "sampler": out[0]["summary"]["sampler"],
        "varied": varied_paths(variants),
        "base_overrides": base,
        "variants": out,
    }


def batch(
    sources: Sequence[str | os.PathLike],
    *,
    base: Mapping[str, object] | None = None,
    iterations: int | None = None,
    seed: int | None = None,
    sampler: str | None = None,
    backend: Backend | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Simulate many scenario files through one back end, each with its own settings.

    Each file keeps its own seed, iterations and sampler unless given here, so
    each summary equals ``simroi run FILE`` bit for bit. The result is shaped
    like :func:`sweep`'s, each variant named by its file, with a ``source``.
    """
    if not sources:
        raise SimroiError("batch: no scenario files given")
    base = dict(base or {})
    errors = []
    scenarios = []
    for src in sources:
        try:
            scenarios.append(next(load_variants(src, [base])))
        except ConfigError as exc:
            errors += [str(exc)]
    if errors:
        raise SimroiError("\n".join(errors))
    del scenarios  # validated; simulated below one at a time

    def each() -> Iterable:
        for src in sources:
            yield next(load_variants(src, [base]))

    runs = simulate_scenarios(
        each(),
        iterations=iterations,
        seed=seed,
        sampler=sampler,
        backend=backend,
        progress=progress,
        keep_samples=True,
    )
    out = []
    for src, res in zip(sources, runs, strict=True):
        summary = res.summary()
        out.append(
            {
                "name": os.fspath(src),
                "source": os.fspath(src),
                "overrides": base,
                "summary": summary,
            }
        )
    return {
        "scenario": None,
        "currency": None,
        "iterations": iterations,
        "seed": seed,
        "sampler": sampler,
        "varied": [],
        "base_overrides": base,
        "variants": out,
    }


def varied_paths(variants: Sequence[Variant]) -> list[str]:
    """The paths any variant overrides, in first-seen order."""
    seen: dict[str, None] = {}
    for _, ov in variants:
        seen.update(dict.fromkeys(ov))
    return list(seen)


def sweep_frame(data: Mapping) -> pd.DataFrame:
    """``sweep.parquet``: one row per variant, its overrides then its headline numbers.

    Columns: ``variant``, one per varied path (float when every value of the
    path is a number, else JSON text in every row: see :mod:`simroi.analysis.headline`),
    ``prob_roi_positive`` and ``_se``, ``prob_npv_positive`` and
    ``_se``, ``roi_p10/p50/p90``, ``roi_mean``, ``npv_p10/p50/p90``,
    ``npv_mean`` and ``npv_mean_se`` (the expected NPV and its error),
    ``cvar5_npv``, ``payback_within_<m>`` for each reported month,
    ``payback_p50_months`` (NaN: not within the horizon) and
    ``payback_prob_never``.
    """
    rows = []
    varied = list(data["varied"])
    for v in data["variants"]:
        s = v["summary"]
        row: dict[str, object] = {"variant": v["name"], **figures(s)}
        pay = s["payback"]
        for m, p in pay["prob_within_months"].items():
            row[f"payback_within_{m}"] = p
        row["payback_p50_months"] = payback_p50(s)
        row["payback_prob_never"] = pay["prob_never"]
        rows.append(row)
    frame = pd.DataFrame(rows)
    for i, p in enumerate(varied, start=1):
        given = [v["overrides"].get(p, MISSING) for v in data["variants"]]
        kind = numeric(given)
        values = pd.Series([cell(x, kind) for x in given], dtype=float if kind else object)
        frame.insert(i, p, values)
    return frame
