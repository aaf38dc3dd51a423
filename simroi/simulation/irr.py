"""The annual internal rate of return of monthly (or yearly) cash flows, vectorised over rows.

Pure numpy: a bracket on a fixed grid of rates per period, then Halley's method
safeguarded by bisection (see :func:`irr`).
"""

from __future__ import annotations

import functools

import numpy as np

from simroi.simulation.calendar import yearly_flows


def scenario_irr(cash_flows: np.ndarray, discounting: str) -> np.ndarray:
    """The IRR a scenario reports (docs/model.md §5), shape (n,).

    ``monthly`` discounting: the annual rate of the monthly flows, monthly
    compounded. ``annual`` (TEI): the yearly IRR of the yearly flows
    (:func:`~simroi.simulation.calendar.yearly_flows`), the rate at which that
    convention's NPV is 0.
    """
    if discounting == "annual":
        return irr(yearly_flows(cash_flows), periods_per_year=1)
    return irr(cash_flows)


def irr(cash_flows: np.ndarray, *, periods_per_year: int = 12, max_steps: int = 100) -> np.ndarray:
    """Annual internal rate of return of each row of cash flows, one per period.

    Solves ``sum_t cf(t) / (1 + i) ** t = 0`` for the rate per period ``i > -1``
    and returns ``(1 + i) ** periods_per_year - 1`` (monthly flows: 12; yearly
    flows: 1, the yearly IRR itself); NaN where the cash flows never change sign
    or no root is bracketed.

    The root is bracketed on a fixed grid of monthly rates (``i = 0`` is a grid
    point), choosing the sign change nearest ``i = 0`` when there are several,
    then refined by Halley's method safeguarded by bisection inside the bracket. To keep every power
    bounded the polynomial is written in ``r = 1 / (1 + i)`` for ``i >= 0`` and
    in ``s = 1 + i`` (times ``s ** H``, which keeps the sign) for ``i < 0``, so
    the variable always lies in (0, 1].

    Parameters
    ----------
    cash_flows : ndarray, shape (n, T + 1)
        Net cash flow of each iteration for periods 0..T.
    periods_per_year : int
        12 for monthly flows, 1 for yearly ones.

    Returns
    -------
    ndarray, shape (n,)
    """
    cf = np.asarray(cash_flows, dtype=float)
    n, h1 = cf.shape
    out = np.full(n, np.nan)
    signs = (cf > 0).any(axis=1) & (cf < 0).any(axis=1)
    rows = slice(None) if signs.all() else np.flatnonzero(signs)
    if not isinstance(rows, slice):
        if rows.size == 0:
            return out
        cf = cf[rows]
    to_pos, to_neg = _grid_powers(h1)
    # The sign of the NPV at each grid rate, as one ascending-in-i sequence: the
    # negative side (z ascending), then the positive side (z descending), sharing
    # the point z = 1 (i = 0) at index k0. A value of exactly 0 counts as positive:
    # its root is then a bracket end, which the refinement lands on.
    k0 = _Z_GRID.size - 1
    up = np.empty((cf.shape[0], 2 * k0 + 1), dtype=bool)
    np.greater_equal(cf @ to_neg, 0.0, out=up[:, : k0 + 1])
    np.greater_equal((cf @ to_pos)[:, -2::-1], 0.0, out=up[:, k0 + 1 :])
    # The sign change nearest i = 0 wins (the negative side's on a tie): the first
    # change walking away from k0 on each side (0: none on that side).
    at_zero = up[:, k0 : k0 + 1]
    right = np.argmax(up[:, k0:] != at_zero, axis=1)  # change between k0 + j - 1 and k0 + j
    left = np.argmax(up[:, k0::-1] != at_zero, axis=1)  # change between k0 - j and k0 - j + 1
    use_left = (left > 0) & ((right == 0) | (left <= right))
    k = np.where(use_left, k0 - left, k0 + right - 1)  # the bracket [k, k + 1] of the sequence
    found = (left > 0) | (right > 0)

    # Bracket ends in the side's variable z.
    negative_side = k < k0
    za = _Z_GRID[np.where(negative_side, k, 2 * k0 - k)]
    zb = _Z_GRID[np.where(negative_side, k + 1, 2 * k0 - k - 1)]
    if found.all():
        z = _refine(cf, negative_side, za, zb, max_steps)
    else:
        z = np.full(k.size, np.nan)
        todo = np.flatnonzero(found)
        z[todo] = _refine(cf[todo], negative_side[todo], za[todo], zb[todo], max_steps)
    monthly = np.where(negative_side, z - 1.0, 1.0 / z - 1.0)
    with np.errstate(over="ignore"):
        out[rows] = np.where(np.isfinite(z), (1.0 + monthly) ** periods_per_year - 1.0, np.nan)
    return out


# Grid in the polynomial variable z of each side; z = 1 is i = 0. Fine where rates are
# plausible (|i| up to 50 % a month), so that two roots there are rarely missed; the tiny
# first point stands for the limits i -> -1 and i -> infinity (a root beyond 1e8 a month
# is still bracketed).
_Z_GRID = np.concatenate(
    [
        [1e-300],
        np.geomspace(1e-8, 1e-2, 4)[:-1],
        np.geomspace(1e-2, 0.5, 8)[:-1],
        np.linspace(0.5, 1.0, 26),
    ]
)


@functools.lru_cache(maxsize=16)
def _grid_powers(h1: int) -> tuple[np.ndarray, np.ndarray]:
    """The grid's powers for flows of periods 0..h1-1: ``cf @ to_pos`` is the NPV at
    ``i = 1/z - 1 >= 0`` of each grid z, ``cf @ to_neg`` its sign at ``i = z - 1 <= 0``."""
    t = np.arange(h1)
    return _Z_GRID[None, :] ** t[:, None], _Z_GRID[None, :] ** (h1 - 1 - t)[:, None]


def _poly(coef_t: np.ndarray, z: np.ndarray, derivatives: bool = True):
    """Value (and first two derivatives) of each column's polynomial at its own z.

    ``coef_t`` has shape (degree + 1, m), highest power first; months are rows so
    that each Horner step reads contiguous memory.
    """
    value = coef_t[0].copy()
    if not derivatives:
        for row in coef_t[1:]:
            value *= z
            value += row
        return value
    d1 = np.zeros_like(value)
    d2 = np.zeros_like(value)
    for row in coef_t[1:]:
        d2 *= z
        d2 += d1
        d1 *= z
        d1 += value
        value *= z
        value += row
    return value, d1, 2.0 * d2


def _refine(cf, negative_side, za, zb, max_steps):
    """Halley's method safeguarded by bisection inside brackets [za, zb], vectorised."""
    # Positive side: sum_t cf_t z^t (highest power is month H); negative side:
    # sum_t cf_t z^(H - t) (highest power is month 0). Months are rows: a run's flows
    # come month by month (the model's layout), so this is mostly no copy at all.
    by_month = np.ascontiguousarray(cf.T)
    if not negative_side.any():
        coef_t = by_month[::-1]
    elif negative_side.all():
        coef_t = by_month
    else:
        coef_t = np.where(negative_side[None, :], by_month, by_month[::-1])
    out = np.empty(za.size)
    idx = np.arange(za.size)
    # The grid's matrix product only chose the brackets; values are recomputed
    # elementwise so the result never depends on BLAS blocking (nor on the chunk).
    lo, hi = np.minimum(za, zb), np.maximum(za, zb)
    f_lo = _poly(coef_t, lo, derivatives=False)
    f_hi = _poly(coef_t, hi, derivatives=False)
    z = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)  # secant start
    lo_positive = f_lo > 0
    for _ in range(max_steps):
        if idx.size == 0:
            break
        f, d1, d2 = _poly(coef_t, z)
        # Shrink the bracket around the root, then step; fall back to bisection
        # whenever the step would leave the bracket.
        same_as_lo = (f > 0) == lo_positive
        lo, hi = np.where(same_as_lo, z, lo), np.where(same_as_lo, hi, z)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = z - 2.0 * f * d1 / (2.0 * d1 * d1 - f * d2)
        # Cubic convergence: once a step is below 1e-8, the next error is ~1e-24.
        done = (f == 0) | (np.abs(step - z) <= 1e-8 * np.abs(z))
        z = np.where(
            done,
            np.where(f == 0, z, step),
            np.where((step > lo) & (step < hi), step, 0.5 * (lo + hi)),
        )
        if done.any():
            out[idx[done]] = z[done]
            keep = ~done
            idx, z, lo, hi, lo_positive = idx[keep], z[keep], lo[keep], hi[keep], lo_positive[keep]
            coef_t = coef_t[:, keep]
    out[idx] = z
    return out
