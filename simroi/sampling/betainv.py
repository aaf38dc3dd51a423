"""The inverse CDF of the beta distribution, fast and exact to rounding.

PERT and beta inputs turn uniforms into values through :func:`beta_ppf`.
scipy's ``betaincinv`` is accurate but costs well over a second per million
values; this computes the same numbers at a third or less of that cost.

Method. The quantile function is tabulated as z = logit(x) against
y = logit(u) on a uniform grid, once per (a, b) (2049 exact ``betaincinv``
values, cached). In these coordinates both tails are asymptotically straight
lines (x ~ (u a B(a, b))^(1/a) near 0), so a cubic Hermite interpolant with
exact slopes is a guess good to ~1e-8, and one Halley step on
betainc(a, b, x) = u makes it exact to rounding (a second step where the guess
was poor). The step solves for the smaller of x and 1 - x (mirroring a and b
in the upper half), which keeps relative accuracy in both tails.

Fallbacks. A value whose Halley step does not converge, and any u outside the
table (u < 3e-17), is computed by ``betaincinv``; where that returns NaN (some
u below ~1e-200) a log-space Newton iteration on log I_x(a, b) = log u takes
over. ``a == 1`` and ``b == 1`` use the closed forms.

Accuracy. Agrees with ``scipy.stats.beta(a, b).ppf`` to about 1e-15 (the tests
hold it to 1e-10 absolute over 10^4 u from 1e-12 to 1 - 1e-12, for shapes from
0.01 to 10^4, and check the far tail by the CDF round trip to 1e-13 relative).
Each value depends on its own u only, never on the array's length or
neighbours, so chunked sampling is exact.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import special

__all__ = ["beta_ppf"]

_GRID_Y = 38.0  # logit(u) range of the table: covers u >= 3e-17 and every double u < 1
_GRID_NODES = 2049
_PIECE = 65536  # values processed at a time
_STEP_TOL = 1e-7  # relative Halley step below which the iteration has converged
_TINY = 1e-290  # table nodes with min(x, 1 - x) below this are unusable
_LOG_MAX = math.log(np.finfo(float).max)  # exp of more overflows


@functools.lru_cache(maxsize=512)
def _beta_table(a: float, b: float) -> tuple[float, float, int, int, np.ndarray, np.ndarray]:
    """(y0, h, first, last usable node, z nodes, dz/dy nodes) of Beta(a, b)."""
    y = np.linspace(-_GRID_Y, _GRID_Y, _GRID_NODES)
    h = y[1] - y[0]
    lower = y <= 0
    p = special.expit(-np.abs(y))  # the smaller tail probability, accurately
    s = np.where(lower, special.betaincinv(a, b, p), special.betaincinv(b, a, p))
    usable = (s > _TINY) & (s < 1.0)
    s = np.where(usable, s, 0.5)
    log_s, log_1ms = np.log(s), np.log1p(-s)
    log_x = np.where(lower, log_s, log_1ms)
    log_1mx = np.where(lower, log_1ms, log_s)
    z = log_x - log_1mx
    # dz/dy = u (1 - u) / (x (1 - x) f(x)), f the Beta(a, b) density
    log_dz = np.log(p) + np.log1p(-p) - a * log_x - b * log_1mx + special.betaln(a, b)
    # a node whose slope overflows is unusable: mark it inf without computing exp of it
    fits = log_dz < _LOG_MAX
    dz = np.where(fits, np.exp(np.where(fits, log_dz, 0.0)), np.inf)
    idx = np.flatnonzero(usable & np.isfinite(dz))
    first, last = (int(idx[0]), int(idx[-1])) if idx.size else (0, -1)
    # usable nodes are contiguous because x(u) is monotone; keep the safe core
    return float(y[0]), float(h), first, last, z, dz


def _halley(s, p, a, b):
    """One Halley step for betainc(a, b, s) = p; returns (new s, relative step)."""
    logf = (a - 1.0) * np.log(s) + (b - 1.0) * np.log1p(-s) - special.betaln(a, b)
    r = (special.betainc(a, b, s) - p) / np.exp(logf)
    curv = (a - 1.0) / s - (b - 1.0) / (1.0 - s)  # f'(s) / f(s)
    step = r / (1.0 - 0.5 * r * curv)
    s_new = s - step
    rel = np.abs(step) / np.minimum(s, 1.0 - s)
    return s_new, rel


def beta_ppf(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """Inverse CDF of Beta(a, b) on [0, 1], fast and exact to rounding.

    Agrees with ``scipy.stats.beta(a, b).ppf`` (``scipy.special.betaincinv``)
    to about 1e-15 at a third or less of its cost: a cached table of exact
    quantiles (built once per (a, b), ~2049 ``betaincinv`` calls), a cubic
    Hermite guess, one Halley step on ``betainc`` (two where the guess was
    poor); any value that does not converge, and u outside the table
    (u < 3e-17), is computed by ``betaincinv`` (or, where that returns NaN
    below u ~ 1e-200, by a log-space Newton iteration). ``a == 1`` or
    ``b == 1`` use the closed forms. Each value depends on its own u only,
    never on the array's length or neighbours (chunking is exact).

    Parameters
    ----------
    u : ndarray
        Probabilities in [0, 1].
    a, b : float
        Positive shape parameters.
    """
    u = np.asarray(u, dtype=float)
    with np.errstate(divide="ignore"):
        if a == 1.0:  # F(x) = 1 - (1 - x)^b: closed form (PERT with mode == min)
            return -np.expm1(np.log1p(-u) / b)
        if b == 1.0:  # F(x) = x^a
            return np.exp(np.log(u) / a)
    table = _beta_table(float(a), float(b))
    flat = u.ravel()
    out = np.empty_like(flat)
    for i in range(0, flat.size, _PIECE):  # cache-sized pieces: ~1.5x faster on 10^6 values
        out[i : i + _PIECE] = _beta_ppf_piece(flat[i : i + _PIECE], a, b, table)
    return out.reshape(u.shape)


def _beta_ppf_piece(flat, a, b, table):
    y0, h, first, last, zt, dzt = table
    out = np.empty_like(flat)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        y = np.log(flat) - np.log1p(-flat)
        t = (y - y0) / h
        inside = (t >= first) & (t <= last)  # NaN and 0 / 1 fall outside
        idx = slice(None) if inside.all() else np.flatnonzero(inside)
        t = t[idx]
        k = np.minimum(t.astype(np.intp), last - 1)
        tau = t - k
        one = 1.0 - tau
        z = (1.0 + 2.0 * tau) * one * one * zt[k] + tau * tau * (3.0 - 2.0 * tau) * zt[k + 1]
        z += h * tau * one * (one * dzt[k] - tau * dzt[k + 1])
        ui = flat[idx]
        upper = ui > 0.5
        # the unknown s is x in the lower half and 1 - x in the upper half
        s = special.expit(np.where(upper, -z, z))
        p = np.where(upper, 1.0 - ui, ui)
        res = np.empty_like(s)
        for mask, aa, bb in ((~upper, a, b), (upper, b, a)):
            sel = np.flatnonzero(mask)
            if sel.size:
                res[sel] = _refine(s[sel], p[sel], aa, bb)
        x = np.where(upper, 1.0 - res, res)
        out[idx] = x
    rest = np.flatnonzero(~inside)
    if rest.size:
        out[rest] = special.betaincinv(a, b, flat[rest])
    bad = np.flatnonzero(np.isnan(out) & ~np.isnan(flat))
    if bad.size:
        out[bad] = special.betaincinv(a, b, flat[bad])
        worse = bad[np.isnan(out[bad])]
        if worse.size:  # betaincinv gives NaN for some u below ~1e-200
            out[worse] = _far_tail(flat[worse], a, b)
    return out


def _far_tail(u, a, b):
    """Beta(a, b) quantiles of tiny u by Newton on log I_x(a, b) = log u in t = log x.

    Starts from the leading tail term I_x ~ x^a / (a B(a, b)); u below the
    smallest normal double is raised to it (a change far below any sampling
    resolution). The upper tail never needs this: 1 - u >= 2**-53 there.
    """
    upper = u > 0.5
    if upper.any():
        out = np.empty_like(u)
        out[upper] = 1.0 - _far_tail(1.0 - u[upper], b, a)
        out[~upper] = _far_tail(u[~upper], a, b)
        return out
    log_u = np.log(np.maximum(u, np.finfo(float).tiny))
    lbeta = special.betaln(a, b)
    t = np.minimum((log_u + math.log(a) + lbeta) / a, -1e-300)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        for _ in range(100):
            x = np.exp(t)
            cdf = special.betainc(a, b, x)
            # d log I / d t = x f(x) / I
            slope = np.exp(a * t + (b - 1.0) * np.log1p(-x) - lbeta - np.log(cdf))
            step = (np.log(cdf) - log_u) / slope
            step = np.where(np.isfinite(step), step, 0.0)
            t = np.minimum(t - step, -1e-300)
            if np.all(np.abs(step) <= 1e-15 * np.maximum(1.0, np.abs(t))):
                break
    return np.exp(t)


def _refine(s, p, a, b):
    """Halley-refine guesses s of betainc(a, b, s) = p; NaN where it does not converge."""
    s1, rel1 = _halley(s, p, a, b)
    in_range = (s1 > 0.0) & (s1 < 1.0)
    ok = (rel1 <= _STEP_TOL) & in_range
    result = np.where(ok, s1, np.nan)
    again = np.flatnonzero(~ok & in_range)
    if again.size:
        s2, rel2 = _halley(s1[again], p[again], a, b)
        good = (rel2 <= _STEP_TOL) & (s2 > 0.0) & (s2 < 1.0)
        result[again] = np.where(good, s2, np.nan)
    return result
