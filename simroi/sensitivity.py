"""Sensitivity analysis: which uncertain input moves the result, and how much.

Functions of a vectorised model ``f`` and named input specs (any model, not only
the CRM one):

* :func:`tornado` and :func:`spider` -- one input at a time, the others at their
  medians, each point evaluated exactly (no sampling);
* :func:`sobol` -- first-order and total Sobol indices (Saltelli 2010 and Jansen
  estimators on a scrambled Sobol design) with bootstrap confidence half-widths.

Functions of a simulated sample (they hold under correlated inputs):
:func:`spearman`, :func:`contribution_to_variance`, :func:`correlation_ratio`
and :func:`downside` (Monte Carlo filtering of loss iterations).

:func:`analyze_scenario` runs them on a scenario and returns the content of
``sensitivity.json`` (SPEC §4). Nothing here draws or writes files.

A risk event is an input whose distribution is ``bernoulli`` (``risks.<name>``):
the tornado swings it from "does not occur" (0, the base case) to "occurs" (1);
the spider leaves it out (a 0/1 step is not a curve); the sample-based measures
and Sobol treat it as the 0/1 input it is.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from scipy.stats import qmc

from simroi import distributions
from simroi.config import Scenario
from simroi.engine import default_chunk_size, scenario_model, simulate_scenario
from simroi.errors import ConfigError, SimroiError

__all__ = [
    "METHODS",
    "METRICS",
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

METRICS = ("npv", "roi", "discounted_roi", "payback_month")
METHODS = ("tornado", "spearman", "sobol", "downside", "all")
SPIDER_PERCENTILES = tuple(round(0.05 * k, 2) for k in range(1, 20))  # 0.05 ... 0.95
DEFAULT_SOBOL_N = 4096
DEFAULT_BOOTSTRAP = 1000
_MIN_SOBOL_N = 8
# Scrambled Sobol points are multiples of 2**-30 and may be exactly 0, where an
# unbounded ppf is infinite; keep them half a grid step inside the open cube.
_U_EDGE = 2.0**-31

Model = Callable[[dict[str, np.ndarray | float]], np.ndarray | Mapping[str, np.ndarray]]


# --------------------------------------------------------------------------- inputs and evaluation


def _parse(inputs: Mapping[str, object]) -> tuple[dict[str, distributions.Distribution], dict]:
    """Split specs into (uncertain Distributions, constants); ConfigError lists every bad spec."""
    if not isinstance(inputs, Mapping):
        raise SimroiError(f"inputs: must be a mapping of name -> spec, got {type(inputs).__name__}")
    dists, constants, errors = {}, {}, []
    for name, spec in inputs.items():
        if isinstance(spec, distributions.Distribution):
            dists[str(name)] = spec
            continue
        try:
            value = distributions.parse(spec, str(name))
        except ConfigError as e:
            errors.extend(e.errors)
            continue
        if isinstance(value, distributions.Distribution):
            dists[str(name)] = value
        else:
            constants[str(name)] = value
    if errors:
        raise ConfigError(errors)
    if not dists:
        raise SimroiError(
            "inputs: no uncertain input (every input is a constant); "
            "sensitivity needs at least one distribution"
        )
    return dists, constants


def _is_event(d: distributions.Distribution) -> bool:
    return d.kind == "bernoulli"


def _base_point(dists: Mapping[str, distributions.Distribution]) -> dict[str, float]:
    """Every input at its median, every risk event not occurring."""
    return {k: 0.0 if _is_event(d) else d.median() for k, d in dists.items()}


def _check_fraction(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise SimroiError(f"{name}: must be a number in (0, 1), got {value!r}")
    if not 0.0 < float(value) < 1.0:
        raise SimroiError(f"{name}: must be in the open interval (0, 1), got {value!r}")
    return float(value)


def _evaluate(
    f: Model, constants: Mapping[str, float], values: Mapping[str, np.ndarray], output: str | None
) -> np.ndarray:
    """``f`` on the rows of ``values`` (constants as floats): a 1-D float array, shape checked."""
    rows = len(next(iter(values.values())))
    out = f({**constants, **values})
    if isinstance(out, Mapping):
        if output is None:
            if len(out) != 1:
                raise SimroiError(
                    f"f returned several outputs ({', '.join(map(str, out))}); "
                    "choose one with output=..."
                )
            output = next(iter(out))
        if output not in out:
            raise SimroiError(
                f"output: {output!r} is not among f's outputs ({', '.join(map(str, out))})"
            )
        out = out[output]
    y = np.asarray(out, dtype=float)
    if y.shape != (rows,):
        raise SimroiError(
            f"f returned shape {y.shape} for {rows} rows, expected ({rows},): the model must be "
            "vectorised (1-D arrays in, a 1-D array of the same length out)"
        )
    return y


def _evaluate_chunked(
    f: Model,
    constants: Mapping[str, float],
    values: Mapping[str, np.ndarray],
    output: str | None,
    chunk: int,
) -> np.ndarray:
    rows = len(next(iter(values.values())))
    parts = [
        _evaluate(f, constants, {k: v[a : a + chunk] for k, v in values.items()}, output)
        for a in range(0, rows, chunk)
    ]
    return np.concatenate(parts)


def _require_finite(y: np.ndarray, where: Callable[[int], str]) -> None:
    bad = ~np.isfinite(y)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise SimroiError(
            f"f gave a non-finite output ({y[i]}) at {int(bad.sum())} point(s), first {where(i)}"
        )


def _point_text(values: Mapping[str, np.ndarray], i: int) -> str:
    return "with " + ", ".join(f"{k} = {v[i]:.6g}" for k, v in values.items())


# --------------------------------------------------------------------------- one at a time


def tornado(
    f: Model,
    inputs: Mapping[str, object],
    low: float = 0.10,
    high: float = 0.90,
    *,
    output: str | None = None,
) -> pd.DataFrame:
    """One-at-a-time swings: each uncertain input at its `low` and `high` percentile.

    Every other input sits at its median and every risk event (a ``bernoulli``
    input) does not occur; the output is computed exactly at each point. A risk
    event's bar swings from "does not occur" (``low_value`` 0, ``output_low`` =
    the base case) to "occurs" (``high_value`` 1).

    Parameters
    ----------
    f : callable
        ``f(x)``, ``x`` a dict of input name -> 1-D array (constants as floats),
        returning a 1-D array of the same length, or a dict of such arrays.
    inputs : mapping
        Input name -> constant or distribution spec (SPEC §3) or Distribution.
    low, high : float
        Percentiles as fractions, ``0 < low < high < 1``.
    output : str, optional
        Which output to use when `f` returns a dict of several.

    Returns
    -------
    pandas.DataFrame
        Columns ``input, low_value, high_value, output_low, output_high, swing``
        (``swing = |output_high - output_low|``), one row per uncertain input,
        largest swing first (ties keep the input order). ``attrs["base"]`` is the
        output at the base case (all medians, no risk event).

    Raises
    ------
    SimroiError
        Bad percentiles, no uncertain input, a non-vectorised `f` or a
        non-finite output (the message names the point).
    """
    low, high = _check_fraction("low", low), _check_fraction("high", high)
    if not low < high:
        raise SimroiError(f"low ({low}) must be < high ({high})")
    dists, constants = _parse(inputs)
    base = _base_point(dists)
    names = list(dists)
    ends = {}
    for k, d in dists.items():
        ends[k] = (0.0, 1.0) if _is_event(d) else (d.quantile(low), d.quantile(high))
    # Row 0 is the base case, rows 2j+1 / 2j+2 input j at its low / high value.
    values = {k: np.full(1 + 2 * len(names), v) for k, v in base.items()}
    for j, k in enumerate(names):
        values[k][2 * j + 1], values[k][2 * j + 2] = ends[k]
    y = _evaluate(f, constants, values, output)
    _require_finite(y, lambda i: _point_text(values, i))
    rows = []
    for j, k in enumerate(names):
        out_low = y[0] if _is_event(dists[k]) else y[2 * j + 1]
        out_high = y[2 * j + 2]
        rows.append(
            {
                "input": k,
                "low_value": ends[k][0],
                "high_value": ends[k][1],
                "output_low": float(out_low),
                "output_high": float(out_high),
                "swing": float(abs(out_high - out_low)),
            }
        )
    df = pd.DataFrame(
        rows, columns=["input", "low_value", "high_value", "output_low", "output_high", "swing"]
    )
    df = df.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs["base"] = float(y[0])
    return df


def spider(
    f: Model,
    inputs: Mapping[str, object],
    *,
    percentiles: Sequence[float] = SPIDER_PERCENTILES,
    output: str | None = None,
) -> pd.DataFrame:
    """The output as each input moves through its percentiles, the others at their medians.

    Risk events (``bernoulli`` inputs) are left out: their tornado bar says all
    there is. Every point is an exact evaluation, as in :func:`tornado`.

    Returns
    -------
    pandas.DataFrame, shape (len(percentiles), inputs)
        Index: the percentiles (fractions); columns: the non-event uncertain
        inputs; values: the output. ``attrs["base"]`` is the base-case output.
    """
    qs = [_check_fraction("percentiles", p) for p in np.atleast_1d(percentiles).tolist()]
    if not qs:
        raise SimroiError("percentiles: at least one is needed")
    dists, constants = _parse(inputs)
    base = _base_point(dists)
    names = [k for k, d in dists.items() if not _is_event(d)]
    m = len(qs)
    # Row 0 is the base case, rows 1 + j*m ... hold input j through the percentiles.
    values = {k: np.full(1 + m * len(names), v) for k, v in base.items()}
    for j, k in enumerate(names):
        values[k][1 + j * m : 1 + (j + 1) * m] = dists[k].ppf(np.asarray(qs))
    y = _evaluate(f, constants, values, output)
    _require_finite(y, lambda i: _point_text(values, i))
    table = pd.DataFrame(
        {k: y[1 + j * m : 1 + (j + 1) * m] for j, k in enumerate(names)},
        index=pd.Index(qs, name="percentile"),
    )
    table.attrs["base"] = float(y[0])
    return table


# --------------------------------------------------------------------------- Sobol


def _child(root: np.random.SeedSequence, name: str) -> np.random.Generator:
    """A generator for one named use of the root seed (independent of every other name)."""
    key = (*root.spawn_key, zlib.crc32(name.encode()))
    return np.random.default_rng(np.random.SeedSequence(root.entropy, spawn_key=key))


def _power_of_two(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < _MIN_SOBOL_N:
        raise SimroiError(f"n: must be a whole number >= {_MIN_SOBOL_N}, got {n!r}")
    return 1 << (int(n) - 1).bit_length()


def _sobol_estimates(means: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """(S1, ST), each shape (..., d), from the means of the per-row terms (see :func:`sobol`)."""
    var = (means[..., 2] + means[..., 3]) / 2 - ((means[..., 0] + means[..., 1]) / 2) ** 2
    s1 = means[..., 4 : 4 + d] / var[..., None]
    st = 0.5 * means[..., 4 + d :] / var[..., None]
    return s1, st


def sobol(
    f: Model,
    inputs: Mapping[str, object],
    n: int = DEFAULT_SOBOL_N,
    *,
    seed: int | np.random.SeedSequence | None = None,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    confidence: float = 0.95,
    output: str | None = None,
    chunk_size: int = 65536,
) -> pd.DataFrame:
    """First-order and total Sobol indices with bootstrap confidence half-widths.

    Two independent ``(n, d)`` matrices A and B come from one scrambled Sobol
    sequence of dimension 2d (columns through each input's inverse CDF); AB_i is
    A with column i from B. With the model outputs centred on their mean,
    ``V = Var([f(A), f(B)])`` and

    * ``S1_i = mean(f(B) (f(AB_i) - f(A))) / V``   (Saltelli et al. 2010),
    * ``ST_i = mean((f(A) - f(AB_i))**2) / (2 V)`` (Jansen 1999),

    ``n (d + 2)`` evaluations in all. The confidence half-width is half the width
    of the bootstrap percentile interval (rows of A, B and AB resampled together).
    The inputs are sampled independently: under correlated inputs use
    :func:`correlation_ratio` on a correlated sample instead.

    Parameters
    ----------
    f, inputs, output
        As in :func:`tornado`.
    n : int
        Base sample count, at least 8; rounded up to a power of two (the balance
        of the Sobol sequence needs it): ``attrs["n"]`` holds the count used and
        ``attrs["n_requested"]`` the one asked for.
    seed : int, SeedSequence or None
        Root of the design's scrambling and of the bootstrap; None draws fresh
        entropy (kept in ``attrs["seed_entropy"]``). Same seed, same result.
    n_bootstrap : int
        Bootstrap resamples (0: no confidence intervals, ``*_conf`` NaN).
    confidence : float
        Level of the bootstrap interval, in (0, 1).
    chunk_size : int
        Rows per call of `f` (bounds memory; the result does not depend on it).

    Returns
    -------
    pandas.DataFrame
        Indexed by input: ``S1, S1_conf, ST, ST_conf``. ``attrs``: ``n``,
        ``n_requested``, ``evaluations``, ``n_bootstrap``, ``confidence``,
        ``variance`` (of the output), ``seed_entropy``.

    Raises
    ------
    SimroiError
        Bad arguments, a non-vectorised `f`, non-finite outputs, or an output
        that does not vary (the indices are then undefined).
    """
    n_used = _power_of_two(n)
    confidence = _check_fraction("confidence", confidence)
    if (
        isinstance(n_bootstrap, bool)
        or not isinstance(n_bootstrap, (int, np.integer))
        or (n_bootstrap < 0)
    ):
        raise SimroiError(f"n_bootstrap: must be a whole number >= 0, got {n_bootstrap!r}")
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, (int, np.integer))
        or (chunk_size < 1)
    ):
        raise SimroiError(f"chunk_size: must be a whole number >= 1, got {chunk_size!r}")
    dists, constants = _parse(inputs)
    names, d = list(dists), len(dists)
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)

    u = qmc.Sobol(2 * d, scramble=True, rng=_child(root, "sobol.design")).random(n_used)
    u = np.clip(u, _U_EDGE, 1.0 - _U_EDGE)
    a = {k: dists[k].ppf(u[:, i]) for i, k in enumerate(names)}
    b = {k: dists[k].ppf(u[:, d + i]) for i, k in enumerate(names)}

    def run(values: dict[str, np.ndarray], label: str) -> np.ndarray:
        y = _evaluate_chunked(f, constants, values, output, int(chunk_size))
        _require_finite(y, lambda i: f"in {label}, {_point_text(values, i)}")
        return y

    f_a, f_b = run(a, "sample A"), run(b, "sample B")
    f_ab = np.empty((d, n_used))
    for i, k in enumerate(names):
        f_ab[i] = run({**a, k: b[k]}, f"sample A with {k} from B")
    shift = (f_a.mean() + f_b.mean()) / 2  # centring: same estimators, fewer lost digits
    f_a, f_b, f_ab = f_a - shift, f_b - shift, f_ab - shift
    # Per-row terms whose means give every estimate; resampling rows = reweighting them.
    terms = np.column_stack(
        [f_a, f_b, f_a**2, f_b**2, (f_b * (f_ab - f_a)).T, ((f_a - f_ab) ** 2).T]
    )
    means = terms.mean(axis=0)
    variance = (means[2] + means[3]) / 2 - ((means[0] + means[1]) / 2) ** 2
    if not variance > 1e-12 * max(1.0, shift**2):
        raise SimroiError(
            f"the output does not vary over the {n_used} Sobol samples (variance {variance:.3g}); "
            "Sobol indices are undefined"
        )
    s1, st = _sobol_estimates(means, d)
    s1_conf = st_conf = np.full(d, np.nan)
    if n_bootstrap:
        rng = _child(root, "sobol.bootstrap")
        reps = []
        for start in range(0, int(n_bootstrap), 64):
            k = min(64, int(n_bootstrap) - start)
            idx = rng.integers(0, n_used, size=(k, n_used))
            weights = np.bincount(
                (idx + n_used * np.arange(k)[:, None]).ravel(), minlength=k * n_used
            ).reshape(k, n_used)
            reps.append(weights @ terms / n_used)
        boot = np.concatenate(reps)
        with np.errstate(divide="ignore", invalid="ignore"):
            b1, bt = _sobol_estimates(boot, d)
        tail = (1 - confidence) / 2
        lo1, hi1 = np.nanquantile(b1, [tail, 1 - tail], axis=0)
        lot, hit = np.nanquantile(bt, [tail, 1 - tail], axis=0)
        s1_conf, st_conf = (hi1 - lo1) / 2, (hit - lot) / 2
    df = pd.DataFrame(
        {"S1": s1, "S1_conf": s1_conf, "ST": st, "ST_conf": st_conf},
        index=pd.Index(names, name="input"),
    )
    df.attrs.update(
        n=n_used,
        n_requested=int(n),
        evaluations=n_used * (d + 2),
        n_bootstrap=int(n_bootstrap),
        confidence=confidence,
        variance=float(variance),
        seed_entropy=int(root.entropy),
    )
    return df


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


def _ks(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov distance sup |F_a - F_b| (ties handled exactly)."""
    a, b = np.sort(a), np.sort(b)
    at = np.concatenate([a, b])
    fa = np.searchsorted(a, at, side="right") / a.size
    fb = np.searchsorted(b, at, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def downside(samples: pd.DataFrame, loss: np.ndarray | pd.Series) -> dict:
    """Which inputs separate loss iterations from the rest (Monte Carlo filtering).

    For each column of `samples`: its mean and median given loss and given no
    loss; ``percentile_shift``, the mean mid-rank percentile of the input in the
    loss iterations minus that in the others (+0.2: losses sit 20 percentile
    points higher in the input's own distribution); ``ks``, the Kolmogorov-Smirnov
    distance between the two conditional distributions; and ``p_loss_worst_quartile``,
    P(loss | the input in its worst quartile), the worst side being the one the
    losses lean to (``worst_side``; ties are kept together, so a 0/1 risk event's
    "quartile" is the iterations where it occurred, and ``worst_quartile_share``
    says how large it really is; None when it is empty).

    Parameters
    ----------
    samples : DataFrame
        One row per iteration, one column per input.
    loss : array of bool, shape (N,)
        Which iterations are losses (ROI < 0 in :func:`analyze_scenario`).

    Returns
    -------
    dict
        ``iterations, n_loss, p_loss, p_loss_se, drivers`` (list of dicts, largest
        ``ks`` first) and ``note``: when no iteration, or every one, is a loss,
        ``drivers`` is empty and ``note`` says so.
    """
    loss = np.asarray(loss, dtype=bool)
    n = len(samples)
    if loss.shape != (n,) or n == 0:
        raise SimroiError(f"loss: expected a boolean array of shape ({n},), got {loss.shape}")
    k = int(loss.sum())
    p = k / n
    out = {
        "iterations": n,
        "n_loss": k,
        "p_loss": p,
        "p_loss_se": math.sqrt(p * (1 - p) / n),
        "drivers": [],
        "note": None,
    }
    if k == 0 or k == n:
        which = "no iteration" if k == 0 else "every iteration"
        out["note"] = f"{which} of {n:,} is a loss, so there is nothing to compare it with"
        return out
    x = samples.to_numpy(dtype=float)
    pct = _ranks(x)
    rows = []
    for j, name in enumerate(samples.columns):
        v, r = x[:, j], pct[:, j]
        shift = float(r[loss].mean() - r[~loss].mean())
        side = "low" if shift < 0 else "high"
        worst = r < 0.25 if side == "low" else r > 0.75
        rows.append(
            {
                "input": name,
                "mean_loss": float(v[loss].mean()),
                "mean_no_loss": float(v[~loss].mean()),
                "median_loss": float(np.median(v[loss])),
                "median_no_loss": float(np.median(v[~loss])),
                "percentile_shift": shift,
                "ks": _ks(v[loss], v[~loss]),
                "worst_side": side,
                "p_loss_worst_quartile": float(loss[worst].mean()) if worst.any() else None,
                "worst_quartile_share": float(worst.mean()),
            }
        )
    out["drivers"] = sorted(rows, key=lambda row: -row["ks"])
    return out


# --------------------------------------------------------------------------- a scenario


def scenario_metric(scn: Scenario, metric: str = "npv") -> Model:
    """The scenario's model as ``f(x) -> metric`` (x: dotted input paths -> arrays).

    ``payback_month`` is "never" (NaN) when the investment does not pay back
    within the horizon; here it is censored at ``horizon_months + 1`` so that
    every analysis has a number.
    """
    if metric not in METRICS:
        raise SimroiError(f"metric: must be one of {', '.join(METRICS)}, got {metric!r}")
    model = scenario_model(scn)
    never = float(scn.horizon_months + 1)

    def f(x: Mapping[str, np.ndarray | float]) -> np.ndarray:
        y = model(x)[metric]
        return np.where(np.isnan(y), never, y) if metric == "payback_month" else y

    return f


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
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Sensitivity of a scenario's `metric`: the content of ``sensitivity.json`` (SPEC §4).

    ``method`` picks what runs: ``tornado`` (tornado and spider: exact points),
    ``spearman`` (rank correlations and the contribution to variance, over a
    simulation), ``sobol`` (Sobol indices, plus the first-order correlation ratio
    on a simulation, valid under the scenario's correlations), ``downside``
    (Monte Carlo filtering of ROI < 0 over a simulation) or ``all``. Keys of
    methods that did not run are None; ``base`` is always there.

    ``iterations``, ``seed`` and ``sampler`` set the simulation (None: the
    scenario's); Sobol uses its own design of ``sobol_n`` (rounded up to a power
    of two) base samples, independent of the simulation's sampler but seeded
    from the same root, so one seed reproduces everything.

    Returns
    -------
    dict
        JSON-able, SPEC §4's keys first: ``metric``, ``base``, ``tornado`` (rows
        of :func:`tornado`), ``spearman`` ({input: rho}, largest ``|rho|``
        first), ``sobol`` ({input: {S1, S1_conf, ST, ST_conf}}); then
        ``scenario``, ``currency``, ``low``, ``high``, ``spider``
        ({percentiles: [...], values: {input: [...]}}, risk events left out),
        ``contribution_to_variance``, ``downside`` (see :func:`downside`; loss
        is ROI < 0 whatever the metric), ``sobol_n``, ``sobol_n_rounded_from``
        (the requested n, None when it was a power of two already),
        ``sobol_bootstrap``, ``sobol_assumes_independence`` (True when the
        scenario has correlations), ``first_order_correlation_ratio`` and
        ``correlation_ratio_bins`` (see :func:`correlation_ratio`),
        ``payback_never_value`` (H + 1 for ``payback_month``, else None),
        ``seed`` (as given), ``seed_entropy`` (reproduces the run as a seed),
        ``iterations`` and ``sampler`` of the simulation (None without one).
    """
    methods = _check_method(method)
    if metric not in METRICS:
        raise SimroiError(f"metric: must be one of {', '.join(METRICS)}, got {metric!r}")
    low, high = _check_fraction("low", low), _check_fraction("high", high)
    if not low < high:
        raise SimroiError(f"low ({low}) must be < high ({high})")
    uncertain = scn.uncertain
    if not uncertain:
        raise SimroiError(f"{scn.name}: no uncertain input; there is nothing to analyse")
    f = scenario_metric(scn, metric)
    seed = scn.seed if seed is None else seed
    root = np.random.SeedSequence(seed)
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
        "sobol_bootstrap": None,
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
            scn, iterations=iterations, seed=int(root.entropy), sampler=sampler, progress=progress
        )
        samples = res.samples
        x = samples[list(uncertain)]
        y = _sample_metric(samples, metric, scn.horizon_months)
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
                n_bootstrap=n_bootstrap,
                chunk_size=default_chunk_size(scn.horizon_months + 1),
            )
            out["sobol"] = {k: row.to_dict() for k, row in sob.iterrows()}
            out["sobol_n"] = sob.attrs["n"]
            if sob.attrs["n"] != sob.attrs["n_requested"]:
                out["sobol_n_rounded_from"] = sob.attrs["n_requested"]
            out["sobol_bootstrap"] = sob.attrs["n_bootstrap"]
            out["sobol_assumes_independence"] = bool(scn.correlations)
            eta = correlation_ratio(x, y)
            out["first_order_correlation_ratio"] = eta.to_dict()
            out["correlation_ratio_bins"] = eta.attrs["bins"]
    return out


def _sample_metric(samples: pd.DataFrame, metric: str, horizon: int) -> np.ndarray:
    y = samples[metric].to_numpy(dtype=float)
    return np.where(np.isnan(y), float(horizon + 1), y) if metric == "payback_month" else y


# --------------------------------------------------------------------------- back to tables


def spider_frame(result: Mapping) -> pd.DataFrame:
    """The ``spider`` entry of an :func:`analyze_scenario` result, as :func:`spider` gives it."""
    sp = result["spider"]
    return pd.DataFrame(sp["values"], index=pd.Index(sp["percentiles"], name="percentile"))


def sobol_frame(result: Mapping) -> pd.DataFrame:
    """The ``sobol`` entry of :func:`analyze_scenario`'s result as the table :func:`sobol` gives."""
    table = pd.DataFrame.from_dict(result["sobol"], orient="index")
    return table.reindex(columns=["S1", "S1_conf", "ST", "ST_conf"]).rename_axis("input")
