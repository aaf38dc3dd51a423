"""Conditional means E[y | x] on simulated samples: the regression behind EVPPI.

Strong, Oakley & Brennan (2014, Medical Decision Making 34:311) estimate the
expected value of partial perfect information from one probabilistic sample
by regressing each decision's net benefit on the inputs of interest; the fitted
values stand for ``E[NB_d | x]``. Here the regression is a least-squares fit on
a basis of each input:

* an input with few distinct values (a risk event, a discrete month count):
  one indicator per value, so the fit is the exact cell mean;
* any other input: a cubic B-spline on its ranks (``rank / n`` in (0, 1)), with
  equally spaced knots, so every piece holds the same number of iterations and
  heavy tails do not matter;
* a group of inputs: the members' bases side by side (additive) plus the
  pairwise products of their centred ranks (a first interaction).

The fitted coefficients have the usual covariance ``s^2 (X'X)^-1``; drawing
coefficient vectors from it gives the spread of anything computed from the
fitted values, which is how the EVPPI gets the part of its standard error that
comes from the regression.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import interpolate

__all__ = ["Fit", "basis", "fit"]

_DISCRETE_MAX = 12  # at most this many distinct values: one indicator each


def _ranks(x: np.ndarray) -> np.ndarray:
    """(rank + 0.5) / n, ties broken by position (stable): values in (0, 1)."""
    order = np.argsort(x, kind="stable")
    r = np.empty(x.size)
    r[order] = (np.arange(x.size) + 0.5) / x.size
    return r


def _spline(r: np.ndarray, pieces: int) -> np.ndarray:
    """Cubic B-spline basis on [0, 1] with `pieces` equal pieces, first column dropped."""
    k = 3
    t = np.concatenate([np.zeros(k), np.linspace(0.0, 1.0, pieces + 1), np.ones(k)])
    m = interpolate.BSpline.design_matrix(r, t, k).toarray()
    return m[:, 1:]  # the columns sum to 1: one is the intercept's


def basis(columns: Sequence[np.ndarray], *, pieces: int | None = None) -> np.ndarray:
    """The design matrix (intercept first) of a regression on the given input columns."""
    n = len(columns[0])
    pieces = pieces or int(np.clip(n // 4000, 4, 12))
    parts, centred = [np.ones((n, 1))], []
    for x in columns:
        x = np.asarray(x, dtype=float)
        values = np.unique(x)
        if values.size <= _DISCRETE_MAX:
            index = np.searchsorted(values, x)
            parts.append((index[:, None] == np.arange(1, values.size)[None, :]).astype(float))
            centred.append(x - x.mean() if values.size > 1 else None)
        else:
            r = _ranks(x)
            parts.append(_spline(r, pieces))
            centred.append(r - 0.5)
    live = [c for c in centred if c is not None]
    for i in range(len(live)):
        for j in range(i + 1, len(live)):
            parts.append((live[i] * live[j])[:, None])
    return np.hstack(parts)


class Fit:
    """A least-squares fit of the columns of ``y`` (shape (n, k)) on a design matrix."""

    def __init__(self, x: np.ndarray, y: np.ndarray) -> None:
        n, p = x.shape
        # A pseudo-inverse: directions the columns do not span (collinear
        # columns) are dropped rather than amplified.
        w, v = np.linalg.eigh(x.T @ x)
        keep = w > 1e-9 * w[-1]
        self.inverse = (v[:, keep] / w[keep]) @ v[:, keep].T
        self.coef = self.inverse @ (x.T @ y)
        self.fitted = x @ self.coef
        dof = max(n - p, 1)
        self.residual_var = np.sum((y - self.fitted) ** 2, axis=0) / dof
        self.x = x

    def draws(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """`size` fitted-value arrays from coefficients drawn around the fit, (n, size, k)."""
        w, v = np.linalg.eigh(self.inverse)
        root = v * np.sqrt(np.clip(w, 0.0, None))  # any square root of the covariance
        p, k = self.coef.shape
        z = rng.standard_normal((size, p, k))
        beta = self.coef[None] + np.einsum("ij,sjk->sik", root, z) * np.sqrt(self.residual_var)
        # One matrix product for all draws: (n, p) @ (p, size * k).
        stacked = np.ascontiguousarray(beta.transpose(1, 0, 2).reshape(p, size * k))
        return (self.x @ stacked).reshape(-1, size, k)


def fit(columns: Sequence[np.ndarray], y: np.ndarray) -> Fit:
    """Regress ``y`` (shape (n,) or (n, k)) on the basis of `columns`."""
    y = np.asarray(y, dtype=float)
    return Fit(basis(columns), y.reshape(len(y), -1))
