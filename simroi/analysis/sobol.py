"""Variance-based sensitivity: first-order and total Sobol indices of a model.

:func:`sobol` evaluates ``f`` on a scrambled Sobol design of two independent
matrices A and B and the d "radial" matrices AB_i (A with column i from B),
``n (d + 2)`` evaluations in all, and estimates the first-order index with
Saltelli et al. (2010) and the total index with Jansen (1999). Confidence
half-widths come from a bootstrap over rows (A, B and AB resampled together),
computed as reweighted means of per-row terms, so it costs no model runs.

The inputs are sampled independently: under correlated inputs use
:func:`simroi.analysis.sensitivity.correlation_ratio` on a correlated sample instead.
A risk event (a ``bernoulli`` input) is treated as the 0/1 input it is.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import qmc

from simroi.errors import SimroiError
from simroi.sampling.seeds import root_sequence
from simroi.simulation.modelcall import (
    Model,
    check_fraction,
    evaluate,
    parse_inputs,
    point_text,
    require_finite,
)

__all__ = ["DEFAULT_BOOTSTRAP", "DEFAULT_SOBOL_N", "sobol"]

DEFAULT_SOBOL_N = 4096
DEFAULT_BOOTSTRAP = 1000
_MIN_SOBOL_N = 8
# Scrambled Sobol points are multiples of 2**-30 and may be exactly 0, where an
# unbounded ppf is infinite; keep them half a grid step inside the open cube.
_U_EDGE = 2.0**-31


def _evaluate_chunked(
    f: Model,
    constants: Mapping[str, float],
    values: Mapping[str, np.ndarray],
    output: str | None,
    chunk: int,
) -> np.ndarray:
    """:func:`~simroi.simulation.modelcall.evaluate` on `chunk` rows at a time (bounds memory)."""
    rows = len(next(iter(values.values())))
    parts = [
        evaluate(f, constants, {k: v[a : a + chunk] for k, v in values.items()}, output)
        for a in range(0, rows, chunk)
    ]
    return np.concatenate(parts)


def _child(root: np.random.SeedSequence, name: str) -> np.random.Generator:
    """A generator for one named use of the root seed (independent of every other name)."""
    key = (*root.spawn_key, zlib.crc32(name.encode()))
    return np.random.default_rng(np.random.SeedSequence(root.entropy, spawn_key=key))


def _whole_number(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise SimroiError(f"{name}: must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _power_of_two(n: object) -> int:
    return 1 << (_whole_number("n", n, _MIN_SOBOL_N) - 1).bit_length()


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
    :func:`simroi.analysis.sensitivity.correlation_ratio` on a correlated sample instead.

    Parameters
    ----------
    f, inputs, output
        As in :func:`simroi.analysis.oat.tornado`.
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
    confidence = check_fraction("confidence", confidence)
    n_bootstrap = _whole_number("n_bootstrap", n_bootstrap, 0)
    chunk_size = _whole_number("chunk_size", chunk_size, 1)
    dists, constants = parse_inputs(inputs)
    names, d = list(dists), len(dists)
    root = root_sequence(seed)

    u = qmc.Sobol(2 * d, scramble=True, rng=_child(root, "sobol.design")).random(n_used)
    u = np.clip(u, _U_EDGE, 1.0 - _U_EDGE)
    a = {k: dists[k].ppf(u[:, i]) for i, k in enumerate(names)}
    b = {k: dists[k].ppf(u[:, d + i]) for i, k in enumerate(names)}

    def run(values: dict[str, np.ndarray], label: str) -> np.ndarray:
        y = _evaluate_chunked(f, constants, values, output, chunk_size)
        require_finite(y, lambda i: f"in {label}, {point_text(values, i)}", limit=1e145)
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
        for start in range(0, n_bootstrap, 64):
            k = min(64, n_bootstrap - start)
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
        n_bootstrap=n_bootstrap,
        confidence=confidence,
        variance=float(variance),
        seed_entropy=int(root.entropy),
    )
    return df
