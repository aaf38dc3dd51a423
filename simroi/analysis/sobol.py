"""Variance-based sensitivity: first-order and total Sobol indices of a model.

:func:`sobol` evaluates ``f`` on a scrambled Sobol design of two independent
matrices A and B and the d "radial" matrices AB_i (A with column i from B),
``n (d + 2)`` evaluations in all, and estimates the first-order index with
Saltelli et al. (2010) and the total index with Jansen (1999). The design is R
independent scramblings of n / R points (randomised QMC replicates); the spread
of the R replicates' estimates gives a t interval, at no extra model runs.

The inputs are sampled independently: under correlated inputs use
:func:`simroi.analysis.sensitivity.correlation_ratio` on a correlated sample instead.
A risk event (a ``bernoulli`` input) is treated as the 0/1 input it is.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
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

__all__ = ["DEFAULT_REPLICATES", "DEFAULT_SOBOL_N", "design_keys", "interval_method", "sobol"]

DEFAULT_SOBOL_N = 4096
DEFAULT_REPLICATES = 16
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


def _replicates(value: object, n: int) -> int:
    """The number of independent scramblings: a power of two leaving >= 8 points each."""
    if value is None:
        return max(1, min(DEFAULT_REPLICATES, n // _MIN_SOBOL_N))
    r = _whole_number("replicates", value, 1)
    if r & (r - 1) or n // r < _MIN_SOBOL_N:
        raise SimroiError(
            f"replicates: must be a power of two with n / replicates >= {_MIN_SOBOL_N} "
            f"(n = {n}), got {r}"
        )
    return r


def sobol(
    f: Model,
    inputs: Mapping[str, object],
    n: int = DEFAULT_SOBOL_N,
    *,
    seed: int | np.random.SeedSequence | None = None,
    replicates: int | None = None,
    confidence: float = 0.95,
    output: str | None = None,
    chunk_size: int = 65536,
) -> pd.DataFrame:
    """First-order and total Sobol indices with confidence half-widths from replicates.

    The design is ``R`` independent scramblings (randomised QMC replicates) of a
    Sobol sequence of dimension 2d, ``m = n / R`` points each: the first d
    columns give the rows of matrix A, the last d those of B (through each
    input's inverse CDF); AB_i is A with column i from B. With the model outputs
    centred on their mean, ``V = Var([f(A), f(B)])`` and

    * ``S1_i = mean(f(B) (f(AB_i) - f(A))) / V``   (Saltelli et al. 2010),
    * ``ST_i = mean((f(A) - f(AB_i))**2) / (2 V)`` (Jansen 1999),

    the means over all ``n`` rows: ``n (d + 2)`` evaluations in all. Each
    replicate gives its own estimates, independent and identically distributed
    (a scrambling is a random draw of the whole design), so the confidence
    half-width is Student's ``t(R - 1)`` quantile times their standard deviation
    over ``sqrt(R)`` (Owen 1997; L'Ecuyer & Lemieux 2002). A bootstrap over rows
    would treat the points of one scrambled design as independent draws, which
    they are not: it measures plain Monte Carlo error, several times the
    design's at n in the thousands.

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
        Root of the scramblings; None draws fresh entropy (kept in
        ``attrs["seed_entropy"]``). Same seed, same result.
    replicates : int, optional
        R, a power of two with ``n / R >= 8``; default 16, or fewer while ``n <
        128``. R = 1 is one scrambled design of n points and no interval
        (``*_conf`` NaN).
    confidence : float
        Level of the interval, in (0, 1).
    chunk_size : int
        Rows per call of `f` (bounds memory; the result does not depend on it).

    Returns
    -------
    pandas.DataFrame
        Indexed by input: ``S1, S1_conf, ST, ST_conf``. ``attrs``: ``n``,
        ``n_requested``, ``evaluations``, ``replicates``, ``interval`` (how the
        half-widths were made, in words), ``confidence``, ``variance`` (of the
        output), ``seed_entropy``.

    Raises
    ------
    SimroiError
        Bad arguments, a non-vectorised `f`, non-finite outputs, or an output
        that does not vary (the indices are then undefined).
    """
    n_used = _power_of_two(n)
    confidence = check_fraction("confidence", confidence)
    reps = _replicates(replicates, n_used)
    chunk_size = _whole_number("chunk_size", chunk_size, 1)
    dists, constants = parse_inputs(inputs)
    names, d = list(dists), len(dists)
    root = root_sequence(seed)

    m = n_used // reps
    u = np.concatenate(
        [
            qmc.Sobol(2 * d, scramble=True, rng=_child(root, f"sobol.design.{r}")).random(m)
            for r in range(reps)
        ]
    )
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
    # Per-row terms whose means give every estimate, averaged within each replicate.
    terms = np.column_stack(
        [f_a, f_b, f_a**2, f_b**2, (f_b * (f_ab - f_a)).T, ((f_a - f_ab) ** 2).T]
    )
    per_replicate = terms.reshape(reps, m, -1).mean(axis=1)
    means = per_replicate.mean(axis=0)
    variance = (means[2] + means[3]) / 2 - ((means[0] + means[1]) / 2) ** 2
    if not variance > 1e-12 * max(1.0, shift**2):
        raise SimroiError(
            f"the output does not vary over the {n_used} Sobol samples (variance {variance:.3g}); "
            "Sobol indices are undefined"
        )
    s1, st = _sobol_estimates(means, d)
    s1_conf = st_conf = np.full(d, np.nan)
    if reps > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            r1, rt = _sobol_estimates(per_replicate, d)
        t = stats.t.ppf((1 + confidence) / 2, reps - 1) / np.sqrt(reps)
        s1_conf, st_conf = t * r1.std(axis=0, ddof=1), t * rt.std(axis=0, ddof=1)
    df = pd.DataFrame(
        {"S1": s1, "S1_conf": s1_conf, "ST": st, "ST_conf": st_conf},
        index=pd.Index(names, name="input"),
    )
    df.attrs.update(
        n=n_used,
        n_requested=int(n),
        evaluations=n_used * (d + 2),
        replicates=reps,
        interval=interval_method(reps),
        confidence=confidence,
        variance=float(variance),
        seed_entropy=int(root.entropy),
    )
    return df


def interval_method(replicates: int) -> str | None:
    """How :func:`sobol`'s half-widths are made, in words (None: there are none)."""
    if replicates < 2:
        return None
    return f"t interval over {replicates} independent scramblings (randomised QMC replicates)"


def design_keys(table: pd.DataFrame) -> dict:
    """The design's keys of ``sensitivity.json`` from a :func:`sobol` table's attrs."""
    a = table.attrs
    return {
        "sobol_n": a["n"],
        "sobol_n_rounded_from": a["n_requested"] if a["n"] != a["n_requested"] else None,
        "sobol_replicates": a["replicates"],
        "sobol_interval": a["interval"],
        "sobol_evaluations": a["evaluations"],
    }
