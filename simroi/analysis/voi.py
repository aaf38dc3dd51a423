"""The value of information: what is it worth to know an input before deciding?

The decision is the choice with the highest expected value: invest or not (the
value of investing is the NPV, of not investing 0), or which vendor. On ``n``
simulated iterations with values ``NB[i, d]`` of each decision ``d``:

* **EVPI**, the expected value of perfect information, is
  ``mean_i max_d NB[i, d] - max_d mean_i NB[i, d]``: what deciding after
  seeing every uncertainty resolved would gain on average.
* **EVPPI** of an input (or a group of inputs) ``X`` is
  ``mean_i max_d E[NB_d | X = x_i] - max_d mean_i NB[i, d]``: the gain of
  learning ``X`` alone exactly. The conditional means come from a regression
  of each decision's value (relative to the first decision's) on ``X``, on the
  same samples (Strong, Oakley & Brennan 2014; :mod:`simroi.analysis.regression`).

No study is worth more than the EVPPI of what it measures, so the EVPPI is the
ceiling on what to spend on, say, a pilot that measures adoption.

Standard errors: the EVPI's is the Monte Carlo error of its per-iteration
mean; the EVPPI's adds (in quadrature) the spread of the estimate under
coefficient vectors drawn from the regression's sampling distribution. An
estimate is kept inside ``[0, EVPI]``, where the true values lie.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from simroi.analysis.regression import fit
from simroi.analysis.subject import require_uncertain
from simroi.errors import SimroiError
from simroi.sampling.seeds import resolve_seed, root_sequence
from simroi.scenario.config import Scenario, vendor_scenario
from simroi.simulation.backends import Backend
from simroi.simulation.engine import simulate, simulate_scenario

__all__ = ["default_groups", "value_of_information", "voi"]

_DRAWS = 40  # coefficient draws for the regression part of an EVPPI's standard error


def _gain(inb: np.ndarray) -> tuple[np.ndarray, int]:
    """Per-iteration ``max(0, inb) - inb[..., best]`` and the best decision by mean (0: reference).

    ``inb`` (shape (n, k), or (n, draws, k)) holds per iteration each other decision's value
    minus the reference's; ``best`` (per draw) is the decision with the highest mean.
    """
    means = inb.mean(axis=0)  # (k,) or (draws, k)
    best = np.where(means.max(axis=-1) > 0, np.argmax(means, axis=-1) + 1, 0)
    top = np.maximum(inb.max(axis=-1), 0.0)
    idx = np.maximum(best - 1, 0)
    if inb.ndim == 2:
        chosen = inb[:, idx] if best > 0 else 0.0
    else:  # one best decision per draw, picked without copying the draws
        chosen = inb[:, np.arange(inb.shape[1]), idx] * (best > 0)
    return top - chosen, int(np.ravel(best)[0])


def _evppi(columns: Sequence[np.ndarray], inb: np.ndarray, rng: np.random.Generator, evpi: float):
    model = fit(columns, inb)
    gain, _ = _gain(model.fitted)
    value = float(gain.mean())
    spread = _gain(model.draws(rng, _DRAWS))[0].mean(axis=0)
    se = float(np.hypot(np.std(spread, ddof=1), np.std(gain, ddof=1) / np.sqrt(gain.size)))
    return float(np.clip(value, 0.0, evpi)), se


def value_of_information(
    values: Mapping[str, np.ndarray],
    inputs: Mapping[str, np.ndarray | Sequence[np.ndarray]],
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
    seed: int = 0,
) -> dict:
    """EVPI and the EVPPI of each input and group, from simulated samples.

    Parameters
    ----------
    values : mapping of str to ndarray, shape (n,)
        The value (e.g. NPV) of each decision in each iteration; at least two decisions.
    inputs : mapping of str to ndarray, shape (n,), or to a list of such arrays
        Each input's draws (a list when the input takes several columns, e.g. one
        per vendor that changes its distribution).
    groups : mapping of str to list of str, optional
        Named groups of inputs, each valued as one piece of information.
    seed : int
        Seeds the coefficient draws of the standard errors (the estimates do not
        depend on it).

    Returns
    -------
    dict
        ``decisions`` (names), ``decision`` (the best by expected value),
        ``expected_value`` (per decision), ``iterations``, ``evpi``, ``evpi_se``,
        ``evppi`` (input -> ``{value, se}``, highest first) and ``groups``
        (name -> ``{inputs, value, se}``).
    """
    names = list(values)
    if len(names) < 2:
        raise SimroiError(f"values: at least two decisions are needed, got {names}")
    nb = np.column_stack([np.asarray(values[d], dtype=float) for d in names])
    if nb.ndim != 2 or not np.isfinite(nb).all():
        raise SimroiError("values: every decision needs a finite value in every iteration")
    n = nb.shape[0]
    if n < 100:
        raise SimroiError(f"values: at least 100 iterations are needed, got {n}")
    inb = nb[:, 1:] - nb[:, :1]
    gain, best = _gain(inb)
    evpi = float(gain.mean())
    evpi_se = float(np.std(gain, ddof=1) / np.sqrt(n))
    rng = np.random.default_rng(seed)

    def columns(path: str) -> list[np.ndarray]:
        if path not in inputs:
            raise SimroiError(f"groups: {path!r} is not an uncertain input ({', '.join(inputs)})")
        x = inputs[path]
        cols = [x] if isinstance(x, np.ndarray) else list(x)
        for c in cols:
            if np.shape(c) != (n,):
                raise SimroiError(f"inputs[{path!r}]: needs shape ({n},), got {np.shape(c)}")
        return cols

    evppi = {}
    for path in inputs:
        value, se = _evppi(columns(path), inb, rng, evpi)
        evppi[path] = {"value": value, "se": se}
    grouped = {}
    for name, members in (groups or {}).items():
        if isinstance(members, str) or not members:
            raise SimroiError(f"groups[{name!r}]: must be a non-empty list of inputs")
        cols = [c for path in members for c in columns(path)]
        value, se = _evppi(cols, inb, rng, evpi)
        grouped[str(name)] = {"inputs": list(members), "value": value, "se": se}
    return {
        "decisions": names,
        "decision": names[best],
        "expected_value": {d: float(nb[:, j].mean()) for j, d in enumerate(names)},
        "iterations": int(n),
        "evpi": evpi,
        "evpi_se": evpi_se,
        "evppi": dict(sorted(evppi.items(), key=lambda kv: -kv[1]["value"])),
        "groups": dict(sorted(grouped.items(), key=lambda kv: -kv[1]["value"])),
    }


def default_groups(paths: Sequence[str]) -> dict[str, list[str]]:
    """The scenario's sections (``drivers``, ``adoption``, ...) holding two or more inputs."""
    sections: dict[str, list[str]] = {}
    for p in paths:
        sections.setdefault(p.split(".", 1)[0], []).append(p)
    return {f"all {k}": v for k, v in sections.items() if len(v) > 1}


def _same_order(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(np.argsort(a, kind="stable"), np.argsort(b, kind="stable")))


def _scenario_samples(scn: Scenario, metric, iterations, seed, sampler, progress, backend):
    """Decision values and input columns of a scenario (invest or not) or its vendors."""
    if not scn.vendors:
        res = simulate_scenario(
            scn,
            iterations=iterations,
            seed=seed,
            sampler=sampler,
            progress=progress,
            backend=backend,
        )
        y = res.column(metric)
        inputs = {p: res.column(p) for p in scn.uncertain}
        return {"invest": y, "don't invest": np.zeros_like(y)}, inputs, res.seed_entropy
    seed = resolve_seed(seed, scn.seed)
    values, inputs = {}, {}
    for name, _ in scn.vendors:
        res = simulate_scenario(
            vendor_scenario(scn, name),
            iterations=iterations,
            seed=seed,
            sampler=sampler,
            progress=progress,
            backend=backend,
        )
        values[name] = res.column(metric)
        for p in res.scenario.uncertain:
            x = res.column(p)
            seen = inputs.setdefault(p, [])
            # A vendor that changes this input's distribution maps the same uniforms
            # through another inverse CDF: the same ranks, the same information.
            if not any(_same_order(x, c) for c in seen):
                seen.append(x)
    return values, inputs, seed


def voi(
    subject: Scenario | Callable,
    inputs: Mapping[str, object] | None = None,
    n: int | None = None,
    *,
    seed: int | None = None,
    sampler: str | None = None,
    correlations: Sequence[tuple[str, str, float]] = (),
    output: str | None = None,
    decisions: Sequence[str] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    metric: str = "npv",
    progress: Callable[[int], None] | None = None,
    backend: Backend | None = None,
) -> dict:
    """The value of information of a scenario or of any vectorised model of named inputs.

    Parameters
    ----------
    subject : Scenario or callable
        A scenario (decision: invest or not, valued by `metric`; with ``vendors``:
        which vendor) or a model ``f(x) -> array | dict of arrays`` as for
        :func:`simroi.simulate`.
    inputs : mapping, optional
        The model's named input specs (not for a scenario).
    n : int, optional
        Iterations (default: the scenario's, or 10,000 for a model).
    seed, sampler, correlations : optional
        As for :func:`simroi.simulate` (a scenario brings its own correlations).
    output : str, optional
        A model's output that is the value of acting (against 0 for not acting).
    decisions : list of str, optional
        A model's outputs that are the values of alternative decisions.
    groups : mapping, optional
        Named groups of inputs; a scenario's default is one group per section
        holding two or more inputs (``all drivers``, ...).
    metric : str
        A scenario's result that values the decision (``npv``: in the currency).
    backend : Backend, optional
        Where a scenario's work units run (as for :func:`simroi.simulate_scenario`);
        the numbers do not depend on it. A model runs in this process.

    Returns
    -------
    dict
        As :func:`value_of_information`, plus ``metric``, ``seed`` (and for a
        scenario ``scenario`` and ``currency``): the content of ``voi.json``.
    """
    if isinstance(subject, Scenario):
        if inputs is not None:
            raise SimroiError("inputs: a scenario brings its own inputs; pass inputs=None")
        if not subject.vendors:
            require_uncertain(subject)  # invest or not: nothing to learn
        values, columns, used = _scenario_samples(
            subject, metric, n, seed, sampler, progress, backend
        )
        if groups is None:
            groups = default_groups(list(columns))
        out = value_of_information(values, columns, groups=groups, seed=used % 2**32)
        head = {"scenario": subject.name, "currency": subject.currency, "metric": metric}
        return {**head, "seed": used, "sampler": sampler or subject.sampler, **out}
    if not callable(subject):
        raise SimroiError(f"subject: must be a Scenario or a model callable, got {subject!r}")
    if inputs is None:
        raise SimroiError("inputs: a model needs its named input specs")
    root = root_sequence(seed)
    df = simulate(
        subject,
        inputs,
        10_000 if n is None else n,
        seed=root,
        sampler=sampler or "lhs",
        correlations=correlations,
        progress=progress,
    )
    uncertain = [k for k in inputs if df[k].nunique() > 1]
    if decisions is not None:
        missing = [d for d in decisions if d not in df.columns or d in inputs]
        if missing:
            raise SimroiError(f"decisions: {missing} are not outputs of the model")
        values = {d: df[d].to_numpy(dtype=float) for d in decisions}
    else:
        outputs = [c for c in df.columns if c not in inputs]
        if output is None and len(outputs) != 1:
            raise SimroiError(f"output: the model has several outputs {outputs}; choose one")
        name = output or outputs[0]
        if name not in outputs:
            raise SimroiError(f"output: {name!r} is not among the model's outputs {outputs}")
        y = df[name].to_numpy(dtype=float)
        values = {"invest": y, "don't invest": np.zeros_like(y)}
    columns = {k: df[k].to_numpy(dtype=float) for k in uncertain}
    out = value_of_information(values, columns, groups=groups, seed=int(root.entropy) % 2**32)
    return {"metric": output or "output", "seed": int(root.entropy), **out}
