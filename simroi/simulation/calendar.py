"""Time in the cash-flow model: discount factors, adoption ramps, years, payback inside a month."""

from __future__ import annotations

import numpy as np


def discount_factors(horizon: int, annual_rate: float, convention: str = "monthly") -> np.ndarray:
    """Discount factor of each month ``t = 0 .. horizon``, shape (horizon + 1,).

    ``monthly``: ``d(t) = (1 + r) ** (-t / 12)``. ``annual`` (year-end, as in a
    Forrester TEI study): every month of year y (months 12 (y - 1) + 1 .. 12 y) is
    discounted by ``(1 + r) ** -y``; month 0 is not discounted.
    """
    t = np.arange(horizon + 1)
    if convention == "annual":
        return (1.0 + annual_rate) ** (-np.ceil(t / 12.0))
    return (1.0 + annual_rate) ** (-t / 12.0)


def yearly_flows(cash_flows: np.ndarray) -> np.ndarray:
    """Monthly flows, shape (n, H + 1), summed by the years of ``annual`` discounting.

    Column 0 is month 0 (year 0, not discounted); column y sums months
    12 (y - 1) + 1 .. 12 y (the last year may be short): shape (n, ceil(H / 12) + 1).
    So ``sum_y Y(y) (1 + r) ** -y`` is the NPV under ``annual`` discounting.
    """
    h = cash_flows.shape[1] - 1
    starts = np.r_[0, 1 + 12 * np.arange(years(h))]
    return np.add.reduceat(cash_flows, starts, axis=1)


def years(horizon: int) -> int:
    """Years of a yearly schedule over ``horizon`` months: ``ceil(H / 12)``."""
    return -(-horizon // 12)


def adoption_shape(t: int, t_impl, t_ramp, curve: str) -> np.ndarray:
    """Adoption as a share of its ceiling, ``shape(x(t))`` of docs/model.md §1.

    Parameters
    ----------
    t : int
        Month.
    t_impl, t_ramp : ndarray, shape (n,), or float
        Months before go-live (delays included) and months of ramp-up.
    curve : {"linear", "s-curve"}
    """
    t_ramp = np.asarray(t_ramp, dtype=float)
    ramping = t_ramp > 0
    # T_ramp == 0 is a step at go-live; guard the division for those rows.
    x = np.where(
        ramping,
        np.clip((t - t_impl) / np.where(ramping, t_ramp, 1.0), 0.0, 1.0),
        np.asarray(t > t_impl, dtype=float),
    )
    if curve == "s-curve":
        return x * x * (3.0 - 2.0 * x)
    return x


def share_of_month(before: np.ndarray, net: np.ndarray) -> np.ndarray:
    """Where in a month the cumulative cash flow crosses zero, by linear interpolation.

    ``before`` is the cumulative cash flow at the end of the previous month and
    ``net`` the month's net cash flow; the result lies in [0, 1] (0 when the
    previous month already ended at or above zero).
    """
    share = np.divide(-before, net, out=np.zeros_like(before), where=net > 0)
    return np.clip(share, 0.0, 1.0)
