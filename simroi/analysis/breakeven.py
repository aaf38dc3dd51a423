"""Break-even and goal seek: how far must an input move for a target to be reached?

:func:`breakeven` with an ``input`` and a ``target`` (``"P(roi>0)>=0.9"``, see
:mod:`simroi.analysis.targets`) finds the shift ``s`` of the input's whole
distribution (``mode="shift"``: every draw ``x`` becomes ``x + s``) or the
factor ``k`` (``mode="scale"``: ``x`` becomes ``k x``) at which the simulated
statistic crosses the target's level. Every trial value re-evaluates the model
on the *same* draws (common random numbers), so the statistic is a smooth (or,
for a probability, a step) monotone function of the shift, and a bracketing
root finder (expanding steps from 0, then Brent's method) finds the crossing
nearest to no shift.

Its Monte Carlo uncertainty is the delta method: ``se(s) = se(T) / |dT/ds|``
with ``T`` the statistic at the root (a percentile target ``pk(m) >= c`` is the
probability target ``P(m >= c) >= 1 - k/100``, whose binomial error is known)
and the slope a central difference on the same draws. The binomial and mean
errors are those of independent draws; under Latin hypercube sampling the true
error is smaller, so the reported one is on the safe side.

Without an input, :func:`breakeven_table` gives for every uncertain input the
value at which the median case (every other input at its median, no risk event)
has NPV (or any metric) = 0, and where that value sits in the input's own
distribution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy import optimize

from simroi.analysis.subject import Subject, require_uncertain, subject
from simroi.analysis.targets import Target, parse_target
from simroi.errors import SimroiError
from simroi.scenario.config import Scenario

__all__ = ["MODES", "breakeven", "breakeven_table"]

MODES = ("shift", "scale")
_EXPANSIONS = 8  # bracket search: steps of 0.5, 1, 2, ... 64 spreads each way


def _spread(sub: Subject, path: str) -> tuple[float, float]:
    """(median, a natural step: the P10-P90 width, or a tenth of a constant)."""
    if path in sub.dists:
        d = sub.dists[path]
        mid, width = d.median(), d.quantile(0.9) - d.quantile(0.1)
    else:
        mid = float(sub.constants[path])
        width = 0.0
    return mid, width if width > 0 else (abs(mid) * 0.1 or 1.0)


def _check_input(sub: Subject, path: object, mode: str) -> None:
    known = [*sub.dists, *sub.constants]
    if not isinstance(path, str) or path not in known:
        raise SimroiError(f"input: {path!r} is not an input of this model; known: {known}")
    if path in sub.dists and sub.dists[path].kind == "bernoulli":
        raise SimroiError(
            f"input: {path!r} is a risk event (occurs or not); break even on its "
            "probability or impact instead"
        )
    if mode not in MODES:
        raise SimroiError(f"mode: must be one of {', '.join(MODES)}, got {mode!r}")


def _bracket(g: Callable[[float], float], step: float) -> tuple[float, float, float, float]:
    """Points a, b (|a| < |b|) around the sign change of g nearest to 0, with g(a), g(b)."""
    g0 = g(0.0)
    last = {1.0: (0.0, g0), -1.0: (0.0, g0)}
    seen = [g0]
    for j in range(_EXPANSIONS):
        for sign in (1.0, -1.0):
            x = sign * step * 2.0 ** (j - 1)
            gx = g(x)
            seen.append(gx)
            if (gx >= 0) != (g0 >= 0):
                a, ga = last[sign]
                return a, x, ga, gx
            last[sign] = (x, gx)
    span = step * 2.0 ** (_EXPANSIONS - 2)
    raise _NoCrossing(g0 >= 0, span, min(seen), max(seen))


class _NoCrossing(Exception):
    """No sign change within the bracket search (met, span, lowest and highest gap)."""


def _statistic_se(target: Target, y: np.ndarray) -> tuple[Target, float]:
    """The target as a probability or a mean, and the MC error of that statistic in y."""
    n = y.size
    if target.is_probability or target.stat not in ("mean",):
        if not target.is_probability:  # pk(m) >= c  <=>  P(m >= c) >= 1 - k/100
            q = 0.5 if target.stat == "median" else float(target.stat[1:]) / 100
            target = Target(
                text=target.text,
                stat="P",
                metric=target.metric,
                op=target.op,
                level=1.0 - q,
                event_op=">=",
                threshold=target.level,
            )
        p = target.level
        return target, math.sqrt(p * (1.0 - p) / n)
    return target, float(np.std(y, ddof=1) / math.sqrt(n))


def _require_finite(y: np.ndarray, metric: str, path: str, param: float, mode: str) -> None:
    bad = np.isinf(y) if metric == "payback_month" else ~np.isfinite(y)
    if bad.any():
        how = f"shifted by {param:.6g}" if mode == "shift" else f"scaled by {math.exp(param):.6g}"
        raise SimroiError(
            f"the model gave a non-finite {metric} in {int(bad.sum())} iteration(s) with {path} "
            f"{how}; the break-even lies outside the values the model accepts"
        )


def breakeven(
    subject_: Scenario | Callable,
    inputs: Mapping[str, object] | None = None,
    n: int | None = None,
    *,
    input: str | None = None,
    target: str | None = None,
    mode: str = "shift",
    seed: int | None = None,
    sampler: str | None = None,
    correlations: Sequence[tuple[str, str, float]] = (),
    metric: str = "npv",
) -> dict:
    """The shift (or scale) of one input at which a target on a simulated statistic is met.

    Parameters
    ----------
    subject_ : Scenario or callable
        A scenario, or a vectorised model ``f(x)`` of named inputs (as for
        :func:`simroi.simulate`) with its `inputs` specs.
    n, seed, sampler, correlations : optional
        The simulation (default: the scenario's; 10,000 iterations for a model).
    input : str, optional
        The dotted path of the input to move (an uncertain input or a constant).
        Without it, the break-even table of :func:`breakeven_table` (on `metric`).
    target : str
        ``"P(roi>0)>=0.9"``, ``"mean(npv)>=0"``, ``"p10(roi)>=0"``,
        ``"P(payback<=12)>=0.8"``, ... (metrics: the model's outputs).
    mode : {"shift", "scale"}
        Move every draw by ``+ shift`` or multiply it by ``scale``.

    Returns
    -------
    dict
        The content of ``breakeven.json``: ``input``, ``target``, ``mode``,
        ``shift`` (the location shift, in the input's units), ``shift_se``,
        ``value`` (the input's median after the move), ``median`` (before),
        ``scale`` and ``scale_se`` (mode scale), ``direction`` (the target holds
        for values ``"at least"`` or ``"at most"`` this), ``statistic_now``,
        ``statistic_at_breakeven``, ``iterations``, ``seed``, ``sampler``.
    """
    if input is None and isinstance(subject_, Scenario):
        require_uncertain(subject_)  # the table has no row (a constant input can be sought)
    sub = subject(subject_, inputs, n, seed=seed, sampler=sampler, correlations=correlations)
    if input is None:
        return breakeven_table(sub, metric=metric)
    _check_input(sub, input, mode)
    if target is None:
        raise SimroiError("target: needed with an input, e.g. 'P(roi>0)>=0.9'")
    goal = parse_target(target, sub.metrics)
    drawn = sub.design().draw(0, sub.n)
    base = drawn.get(input)
    if base is None:
        base = np.full(sub.n, float(sub.constants[input]))
    median, step = _spread(sub, input)
    if mode == "scale":
        step = 0.2  # the parameter is log(scale)

    def moved(param: float) -> np.ndarray:
        return base + param if mode == "shift" else base * math.exp(param)

    memo: dict[float, np.ndarray] = {}

    def metric_at(param: float) -> np.ndarray:
        if param not in memo:
            y = sub.outputs({**drawn, input: moved(param)}, [goal.metric])[goal.metric]
            _require_finite(y, goal.metric, input, param, mode)
            memo[param] = y
        return memo[param]

    def g(param: float) -> float:
        value = goal.gap(goal.statistic(metric_at(param)))
        return value if value != 0 else 1e-300  # reaching the level counts as met

    try:
        a, b, ga, gb = _bracket(g, step)
    except _NoCrossing as e:
        met, span, low, high = e.args
        moves = (
            f"shifts of {input} between -{span:.6g} and +{span:.6g}"
            if mode == "shift"
            else f"scales of {input} between {math.exp(-span):.3g} and {math.exp(span):.3g}"
        )
        raise SimroiError(
            f"target {goal.text!r} is {'met' if met else 'missed'} for all {moves} (distance "
            f"to the level from {low:.4g} to {high:.4g}); no break-even in that range"
        ) from None
    # A thousandth of a P10-P90 width: well below any Monte Carlo error of the root.
    root = optimize.brentq(g, a, b, xtol=step * 1e-3, rtol=1e-12)
    xtol = step * 1e-3
    holds_above = (gb >= 0) if b > a else (ga >= 0)
    if goal.stat != "mean" and g(root) < 0:  # stopped on the missed side of a step
        root += xtol if holds_above else -xtol
    # The delta method: se(root) = se(T) / |dT/ds|, T a probability or a mean.
    y_root = metric_at(root)
    linear, se_t = _statistic_se(goal, y_root)
    h = max(abs(b - a), step * 1e-3)
    for _ in range(2):  # the slope over about +-2 standard errors of the root
        slope = (linear.statistic(metric_at(root + h)) - linear.statistic(metric_at(root - h))) / (
            2 * h
        )
        se = se_t / abs(slope) if slope != 0 else math.inf
        if not math.isfinite(se) or 0.5 * h <= 2 * se <= 2 * h:
            break
        h = min(max(2 * se, step * 1e-4), 2 * step)
    out = {
        "input": input,
        "target": goal.text,
        "mode": mode,
        "median": median,
        "statistic_now": float(goal.statistic(metric_at(0.0))),
        "statistic_at_breakeven": float(goal.statistic(y_root)),
        "iterations": sub.n,
        "seed": sub.seed if isinstance(sub.seed, int) else None,
        "sampler": sub.sampler,
        "name": sub.name,
        "currency": sub.currency,
        "trials": [
            {
                "shift" if mode == "shift" else "scale": p if mode == "shift" else math.exp(p),
                "statistic": float(goal.statistic(y)),
            }
            for p, y in sorted(memo.items())
        ],
    }
    if mode == "shift":
        out.update(shift=root, shift_se=se, value=median + root)
    else:
        k = math.exp(root)
        out.update(scale=k, scale_se=k * se, shift=median * (k - 1), shift_se=abs(median) * k * se)
        out["value"] = median * k
    out["direction"] = "at least" if holds_above == (mode == "shift" or median >= 0) else "at most"
    return out


def breakeven_table(sub: Subject, *, metric: str = "npv", level: float = 0.0) -> dict:
    """For each uncertain input: the value where the median case has `metric` = `level`.

    The median case: every other input at its median, no risk event occurring
    (as the tornado's base case). Each input is scanned over its 0.05 %-99.95 %
    range and, failing a crossing there, up to 16 P10-P90 widths beyond; the
    crossing nearest the median is refined by Brent's method. ``percentile`` is
    where that value sits in the input's own distribution (0 or 1: outside it).
    """
    if metric not in sub.metrics:
        raise SimroiError(f"metric: must be one of {', '.join(sub.metrics)}, got {metric!r}")
    base = {k: 0.0 if d.kind == "bernoulli" else d.median() for k, d in sub.dists.items()}

    def at(path: str, values: np.ndarray) -> np.ndarray:
        point = {k: np.full(values.size, v) for k, v in base.items()}
        point[path] = values
        return sub.outputs(point, [metric])[metric] - level

    rows = []
    point = {k: np.array([v]) for k, v in base.items()}
    base_value = float(sub.outputs(point, [metric])[metric][0])
    for path, d in sub.dists.items():
        if d.kind == "bernoulli":
            continue
        lo, hi = d.quantile(0.0005), d.quantile(0.9995)
        width = max(d.quantile(0.9) - d.quantile(0.1), 1e-12)
        grid = np.concatenate(
            [
                lo - width * np.geomspace(16, 0.25, 7),
                np.linspace(lo, hi, 41),
                hi + width * np.geomspace(0.25, 16, 7),
            ]
        )
        y = at(path, grid)
        change = np.flatnonzero(np.sign(y[:-1]) * np.sign(y[1:]) <= 0)
        row = {"input": path, "median": d.median(), "value": None, "percentile": None}
        if change.size:
            i = change[np.argmin(np.abs(grid[change] - d.median()))]
            f = lambda v, p=path: float(at(p, np.array([v]))[0])  # noqa: E731
            value = grid[i] if y[i] == 0 else optimize.brentq(f, grid[i], grid[i + 1])
            inside = lo <= value <= hi or d.kind != "discrete"
            row["value"] = float(value)
            cdf = float(d.frozen.cdf(value)) if inside else float(value > d.median())
            row["percentile"] = min(max(cdf, 0.0), 1.0)
            rising = at(path, np.array([value + width * 0.01]))[0] > 0
            row["direction"] = "at least" if rising else "at most"
        else:
            row["note"] = (
                f"{metric} stays {'above' if y[0] > 0 else 'below'} {level:g} over the scan"
            )
        rows.append(row)
    return {
        "metric": metric,
        "level": level,
        "base": base_value,
        "name": sub.name,
        "currency": sub.currency,
        "table": rows,
    }
