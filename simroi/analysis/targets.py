"""Targets on a simulated statistic: ``P(roi>0)>=0.9``, ``mean(npv)>=0``, ``p10(roi)>=0``.

A target is a statistic of one result over the iterations, a comparison and a
level. The statistics:

``P(<metric> <op> <number>)``
    the share of iterations where the comparison holds (a missing value, such
    as a payback that never comes, never counts);
``mean(<metric>)``, ``median(<metric>)``, ``p<k>(<metric>)``
    the mean, the median or the k-th percentile (``p10``, ``p5``, ``p90``).

The comparison is ``>=`` or ``<=`` (``>`` and ``<`` read the same on a
continuous statistic). Numbers may carry a ``%`` (``P(roi>20%)>=90%``).
``payback`` is short for ``payback_month``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from simroi.errors import SimroiError

__all__ = ["Target", "parse_target"]

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?"
_OP = r">=|<=|>|<|≥|≤"
_PROB = re.compile(rf"^P\(\s*(\w+)\s*({_OP})\s*({_NUMBER})\s*\)\s*({_OP})\s*({_NUMBER})$", re.I)
_STAT = re.compile(rf"^(mean|median|p\d{{1,2}})\(\s*(\w+)\s*\)\s*({_OP})\s*({_NUMBER})$", re.I)
_ALIASES = {"payback": "payback_month"}
_EXAMPLES = "e.g. 'P(roi>0)>=0.9', 'P(payback<=12)>=0.8', 'mean(npv)>=0', 'p10(roi)>=0'"


def _number(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def _op(text: str) -> str:
    return {"≥": ">=", "≤": "<=", ">": ">=", "<": "<="}.get(text, text)


@dataclass(frozen=True)
class Target:
    """A parsed target; ``statistic(y)`` on the metric's values, ``gap`` >= 0 where it holds."""

    text: str
    stat: str  # "P", "mean", "median" or "p<k>"
    metric: str
    op: str  # ">=" or "<="
    level: float
    event_op: str | None = None  # for "P": the comparison inside
    threshold: float | None = None

    @property
    def is_probability(self) -> bool:
        return self.stat == "P"

    def statistic(self, y: np.ndarray) -> float:
        """The statistic over the iterations (rows) of ``y``; NaN values never count."""
        if self.stat == "P":
            hit = y >= self.threshold if self.event_op == ">=" else y <= self.threshold
            return float(np.mean(hit & ~np.isnan(y)))
        if np.isnan(y).any():
            raise SimroiError(
                f"target {self.text!r}: {self.metric} is missing in some iterations "
                "(e.g. no payback within the horizon); use a probability such as "
                f"'P({self.metric}<=12)>=0.8'"
            )
        if self.stat == "mean":
            return float(np.mean(y))
        q = 50.0 if self.stat == "median" else float(self.stat[1:])
        return float(np.percentile(y, q))

    def gap(self, value: float) -> float:
        """How far ``value`` is on the good side of the level (negative: target missed)."""
        return value - self.level if self.op == ">=" else self.level - value


def parse_target(text: object, metrics: Sequence[str]) -> Target:
    """Parse ``text`` against the metric names a model offers; SimroiError says what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise SimroiError(f"target: must be a text such as {_EXAMPLES}, got {text!r}")
    clean = text.strip().replace(" ", "")
    m = _PROB.match(clean)
    if m:
        metric, inner, threshold, op, level = m.groups()
        stat = "P"
    else:
        m = _STAT.match(clean)
        if not m:
            raise SimroiError(f"target: cannot read {text!r}; write {_EXAMPLES}")
        stat, metric, op, level = m.groups()
        stat, inner, threshold = stat.lower(), None, None
    metric = _ALIASES.get(metric.lower(), metric)
    if metric not in metrics:
        raise SimroiError(
            f"target {text!r}: unknown metric {metric!r}; known: {', '.join(metrics)}"
        )
    if stat.startswith("p") and stat != "P" and not 1 <= int(stat[1:]) <= 99:
        raise SimroiError(f"target {text!r}: percentile must be p1 ... p99, got {stat}")
    value = _number(level)
    if stat == "P" and not 0.0 < value < 1.0:
        raise SimroiError(
            f"target {text!r}: a probability level must be strictly between 0 and 1 "
            f"(or 0 % and 100 %), got {level}"
        )
    if not math.isfinite(value):
        raise SimroiError(f"target {text!r}: the level must be a finite number, got {level}")
    return Target(
        text=text.strip(),
        stat=stat,
        metric=metric,
        op=_op(op),
        level=value,
        event_op=_op(inner) if inner else None,
        threshold=_number(threshold) if threshold is not None else None,
    )
