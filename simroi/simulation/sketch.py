"""Mergeable summaries of one result column: exact counts and moments, quantiles to a bound.

A run too large to keep is summarised unit by unit: each work unit reduces its
column of a result to a :class:`Part` (a few kB), and the parent adds the parts
in the order of the units to one :class:`Column` (:meth:`Column.add`), so the
numbers do not depend on the back end or on which unit finished first.

Exact parts: the count, minimum, maximum, counts above thresholds, and the mean
and sum of squared deviations, merged pairwise (Chan, Golub & LeVeque 1979: the
update of a mean by a difference of means, stable where a running sum of
squares is not).

Quantiles: a *window* per wanted quantile. A pilot (the run's first rows, the
same on every back end) places each window around its quantile, wide enough
that the run's quantile lies inside it but for a chance of about 1e-9
(:data:`WINDOW_SE` pilot standard errors), and cuts it into equal bins fine
enough that a bin holds at most a twentieth of the quantile's Monte Carlo
standard error in rank. A unit counts the values below each window and, for
each bin, the count, sum, smallest and largest value. An order statistic is
then read inside its bin by interpolating between the bin's smallest and
largest value, so its error is at most that bin's range (none when the bin
holds one value, or one value many times), and the range is known: the caller
checks it against a tenth of the quantile's standard error (or 1e-6 relative)
and, where it is too wide, or the quantile fell outside its window, counts
again in a window of its own (:meth:`Column.bracket`).

Why not a t-digest or KLL sketch: their rank error is about 1/compression
whatever the run's size, so at 10^9 iterations a tenth of a standard error
(about 1e-6 in rank near the median) would need millions of centroids; a window
needs resolution only near its quantile, and its error is measured, not assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["WINDOW_SE", "Column", "Part", "Window", "summarise", "windows_from_pilot"]

#: Half-width of a quantile's window in standard errors of the pilot's quantile.
WINDOW_SE = 6.0
#: A bin holds at most this share of the quantile's standard error, in rank (a tenth,
#: halved so that a density that changes across the bin still keeps the tenth).
BIN_SHARE = 0.05
MIN_BINS, MAX_BINS = 16, 1 << 18


@dataclass(frozen=True)
class Window:
    """``bins`` equal bins over ``[lo, hi]`` (one bin when ``lo == hi``)."""

    lo: float
    hi: float
    bins: int

    def bin_of(self, x: np.ndarray) -> np.ndarray:
        """The bin of each value of ``x`` (all in ``[lo, hi]``), 0..bins-1."""
        if self.bins == 1 or self.hi <= self.lo:
            return np.zeros(x.size, dtype=np.int64)
        idx = ((x - self.lo) * (self.bins / (self.hi - self.lo))).astype(np.int64)
        return np.minimum(idx, self.bins - 1)


def windows_from_pilot(
    pilot: np.ndarray, fractions: list[float], n: int
) -> list[Window]:
    """A window for each quantile ``fractions`` (0..1) of an ``n``-value column, placed
    from the sorted, NaN-free ``pilot`` values (the run's first rows)."""
    m = pilot.size
    out = []
    for q in fractions:
        if m == 0:
            out.append(Window(0.0, 0.0, 1))
            continue
        var = q * (1.0 - q)
        r = WINDOW_SE * math.sqrt(var / m) + 2.0 / m
        lo, hi = np.percentile(pilot, [100 * max(q - r, 0.0), 100 * min(q + r, 1.0)])
        if var == 0.0 or hi <= lo:
            bins = MIN_BINS if hi > lo else 1
        else:
            bins = math.ceil(2 * r / (BIN_SHARE * math.sqrt(var / max(n, 1))))
            bins = min(max(bins, MIN_BINS), MAX_BINS)
        out.append(Window(float(lo), float(hi), int(bins)))
    return out


@dataclass
class Part:
    """One unit's summary of one column (NaN values left out of everything but ``rows``)."""

    rows: int
    n: int
    mean: float
    m2: float
    lo: float
    hi: float
    above: tuple[int, ...]  # values > each threshold
    below: tuple[int, ...]  # per window: values < lo
    below_sum: tuple[float, ...]  # per window: their sum
    bins: tuple[tuple[np.ndarray, ...], ...]  # per window: (index, count, sum, min, max)


def summarise(
    x: np.ndarray, windows: list[Window], thresholds: tuple[float, ...] = ()
) -> Part:
    """The :class:`Part` of the values ``x`` (NaN: missing) for these windows."""
    s = np.sort(x)  # NaN last
    n = int(s.size - np.count_nonzero(np.isnan(s)))
    s = s[:n]
    mean = float(np.mean(s)) if n else 0.0
    m2 = float(np.sum((s - mean) ** 2)) if n else 0.0
    above = tuple(int(n - np.searchsorted(s, t, "right")) for t in thresholds)
    below, below_sum, bins = [], [], []
    for w in windows:
        a, b = np.searchsorted(s, w.lo, "left"), np.searchsorted(s, w.hi, "right")
        below.append(int(a))
        below_sum.append(float(np.sum(s[:a])))
        inside = s[a:b]
        idx = w.bin_of(inside)
        starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]]) if inside.size else idx
        ends = np.r_[starts[1:], inside.size] - 1 if inside.size else idx
        bins.append(
            (
                idx[starts].astype(np.int32),
                np.diff(np.r_[starts, inside.size]).astype(np.int32),
                np.add.reduceat(inside, starts) if inside.size else inside,
                inside[starts],
                inside[ends],
            )
        )
    return Part(
        rows=int(x.size),
        n=n,
        mean=mean,
        m2=m2,
        lo=float(s[0]) if n else math.nan,
        hi=float(s[-1]) if n else math.nan,
        above=above,
        below=tuple(below),
        below_sum=tuple(below_sum),
        bins=tuple(bins),
    )


@dataclass
class Column:
    """The merged summary of one column over every unit added so far, in their order."""

    windows: list[Window]
    thresholds: tuple[float, ...] = ()
    rows: int = 0
    n: int = 0
    mean: float = 0.0
    m2: float = 0.0
    lo: float = math.inf
    hi: float = -math.inf
    above: list[int] = field(default_factory=list)
    below: list[int] = field(default_factory=list)
    below_sum: list[float] = field(default_factory=list)
    dense: list[tuple[np.ndarray, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.above = [0] * len(self.thresholds)
        self.below = [0] * len(self.windows)
        self.below_sum = [0.0] * len(self.windows)
        self.dense = [
            (
                np.zeros(w.bins, np.int64),
                np.zeros(w.bins),
                np.full(w.bins, np.inf),
                np.full(w.bins, -np.inf),
            )
            for w in self.windows
        ]

    def add(self, part: Part, moments: bool = True) -> None:
        """Merge one unit's part (the next in order)."""
        self.rows += part.rows
        if moments and part.n:
            n = self.n + part.n
            delta = part.mean - self.mean
            self.mean += delta * (part.n / n)
            self.m2 += part.m2 + delta * delta * (self.n * part.n / n)
            self.n = n
            self.lo, self.hi = min(self.lo, part.lo), max(self.hi, part.hi)
        self.above = [a + b for a, b in zip(self.above, part.above, strict=True)]
        for k, (idx, count, total, low, high) in enumerate(part.bins):
            self.below[k] += part.below[k]
            self.below_sum[k] += part.below_sum[k]
            c, s, mn, mx = self.dense[k]
            c[idx] += count
            s[idx] += total
            mn[idx] = np.minimum(mn[idx], low)
            mx[idx] = np.maximum(mx[idx], high)

    def extend(self, other: Column) -> None:
        """Take ``other``'s windows (counted over the same units) as more of this column's."""
        self.windows += other.windows
        self.below += other.below
        self.below_sum += other.below_sum
        self.dense += other.dense

    # ------------------------------------------------------------------ reading

    def std(self) -> float | None:
        if self.n < 2:
            return None
        return 0.0 if self.lo == self.hi else math.sqrt(self.m2 / (self.n - 1))

    def order_statistic(self, j: int) -> tuple[float, float] | None:
        """The ``j``-th smallest value (0-based) and a bound on its error; None when no
        window holds it."""
        if j <= 0:
            return self.lo, 0.0
        if j >= self.n - 1:
            return self.hi, 0.0
        best = None
        for k in range(len(self.windows)):
            c, _, mn, mx = self.dense[k]
            inside = j - self.below[k]
            if inside < 0:
                continue
            cum = np.cumsum(c)
            if inside >= cum[-1]:
                continue
            b = int(np.searchsorted(cum, inside, "right"))
            first = int(cum[b] - c[b])
            width = float(mx[b] - mn[b])
            at = inside - first
            value = float(mn[b]) if c[b] == 1 else float(mn[b] + width * (at / (c[b] - 1)))
            if best is None or width < best[1]:
                best = (value, width)
        return best

    def bracket(self, j: int) -> tuple[float, float]:
        """The narrowest interval known to hold the ``j``-th smallest value."""
        lo, hi = self.lo, self.hi
        for k, w in enumerate(self.windows):
            c, _, mn, mx = self.dense[k]
            cum = np.cumsum(c)
            inside = j - self.below[k]
            if inside < 0:
                hi = min(hi, w.lo)
            elif inside >= cum[-1]:
                lo = max(lo, w.hi)
            else:
                b = int(np.searchsorted(cum, inside, "right"))
                lo, hi = max(lo, float(mn[b])), min(hi, float(mx[b]))
        return lo, hi

    def lowest_sum(self, k: int) -> tuple[float, float] | None:
        """The sum of the ``k`` smallest values and a bound on its error (None: no window
        holds the k-th)."""
        best = None
        for i in range(len(self.windows)):
            c, s, mn, mx = self.dense[i]
            inside = k - self.below[i]
            cum = np.cumsum(c)
            if inside < 0 or inside > cum[-1]:
                continue
            if inside == 0:
                return self.below_sum[i], 0.0
            b = int(np.searchsorted(cum, inside - 1, "right"))
            first = int(cum[b] - c[b])
            take = inside - first  # of bin b's c[b] values, the smallest `take`
            width = float(mx[b] - mn[b])
            part = float(np.sum(s[:b])) if b else 0.0
            if take == c[b]:
                part += float(s[b])
                err = 0.0
            else:
                # interpolated like order_statistic: min + width * i / (c - 1), i < take
                part += take * float(mn[b]) + width * take * (take - 1) / (2 * (c[b] - 1))
                err = take * width
            total = self.below_sum[i] + part
            if best is None or err < best[1]:
                best = (total, err)
        return best
