"""The nonparametric bootstrap as weights: resampling records is counting them.

A bootstrap replicate draws ``n`` records with replacement; its statistic is a
function of how often each record was drawn. Every baseline statistic is a
ratio of sums over records, so one matrix of counts ``W`` (replicates x records)
gives all of them at once: ``(W @ x) / (W @ y)``. The same ``W`` for every
statistic of one table keeps their draws jointly consistent (CLV = revenue /
churn uses the same resampled customers for both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Estimate", "counts", "estimate"]

LEVEL = 0.95


def counts(rng: np.random.Generator, n: int, replicates: int) -> np.ndarray:
    """How often each of ``n`` records is drawn in each replicate, shape (replicates, n)."""
    if n == 0:
        return np.zeros((replicates, 0))
    idx = rng.integers(0, n, size=(replicates, n)) + n * np.arange(replicates)[:, None]
    return np.bincount(idx.ravel(), minlength=replicates * n).reshape(replicates, n).astype(float)


@dataclass(frozen=True)
class Estimate:
    """A statistic of the data with its bootstrap distribution.

    ``value`` is the statistic of the data themselves; ``low``/``high`` the
    percentile interval of level :data:`LEVEL` of the replicates; ``se`` their
    standard deviation; ``n`` the records it rests on; ``method`` how it was
    computed, in words.
    """

    value: float
    low: float
    high: float
    se: float
    n: int
    method: str
    unit: str = ""
    draws: np.ndarray = field(default=None, repr=False, compare=False)

    def covers(self, x: float) -> bool:
        return self.low <= x <= self.high

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "ci95": [self.low, self.high],
            "se": self.se,
            "n": self.n,
            "method": self.method,
            "unit": self.unit,
        }


def estimate(
    value: float,
    draws: np.ndarray,
    *,
    n: int,
    method: str,
    unit: str = "",
    interval: tuple[float, float] | None = None,
) -> Estimate:
    """An :class:`Estimate` from the data's value and the replicates' (non-finite ones dropped).

    ``interval``: an interval of level :data:`LEVEL` computed otherwise (monthly
    churn's exact Poisson one), reported instead of the replicates' percentiles;
    the replicates still give ``se`` and the draws.
    """
    draws = np.asarray(draws, dtype=float)
    finite = draws[np.isfinite(draws)]
    if finite.size < 2 or not np.isfinite(value):
        return Estimate(float(value), np.nan, np.nan, np.nan, n, method, unit, draws)
    tail = 100 * (1 - LEVEL) / 2
    low, high = np.percentile(finite, [tail, 100 - tail]) if interval is None else interval
    return Estimate(
        float(value), float(low), float(high), float(finite.std(ddof=1)), n, method, unit, draws
    )
