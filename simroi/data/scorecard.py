"""The post-implementation scorecard: a 0-100 score read in five bands, in Chinese and English.

Score = sum of weight x component score / sum of weights, over the components given.
Each component scores 0-100 with 50 meaning *no change*:

* a quantitative result (``roi``, ``time_saved``, ``churn``, ``growth``) scores
  ``50 + 50 x clip(actual / target, -1, 1)``: the target (the forecast) met or
  beaten is 100, nothing gained 50, a loss as large as the target 0;
* a qualitative rating (``adoption``, ``collaboration``, ``fit``) on the scale
  1 (much worse) .. 3 (no change) .. 5 (much better) scores ``25 x (rating - 1)``.

The total is rounded to a whole number (half up), then read in :data:`BANDS`:
81-100 成功 success, 61-80 有点成功 somewhat successful, 41-60 无变化 no change,
21-40 无太大价值 little value, 0-20 不成功 unsuccessful. :data:`DEFAULT_WEIGHTS`
(sum 100) is what ``simroi scorecard`` uses unless told otherwise.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simroi.errors import ConfigError

__all__ = [
    "BANDS",
    "DEFAULT_WEIGHTS",
    "QUALITATIVE",
    "QUANTITATIVE",
    "Scorecard",
    "band_of",
    "component_scores",
    "scorecard",
]

# (lowest score, highest score, Chinese, English), best first
BANDS = (
    (81, 100, "成功", "success"),
    (61, 80, "有点成功", "somewhat successful"),
    (41, 60, "无变化", "no change"),
    (21, 40, "无太大价值", "little value"),
    (0, 20, "不成功", "unsuccessful"),
)
QUANTITATIVE = {
    "roi": "ROI achieved against the forecast",
    "time_saved": "hours saved per rep and week against the forecast",
    "churn": "churn reduction against the forecast",
    "growth": "growth of new business (conversion lift) against the forecast",
}
QUALITATIVE = {
    "adoption": "team adoption (1 much worse .. 3 no change .. 5 much better)",
    "collaboration": "collaboration across sales, service and marketing (1 .. 5)",
    "fit": "fit to the way the business works (1 .. 5)",
}
DEFAULT_WEIGHTS = {
    "roi": 30.0,
    "time_saved": 15.0,
    "churn": 15.0,
    "growth": 15.0,
    "adoption": 10.0,
    "collaboration": 10.0,
    "fit": 5.0,
}
RATING_RANGE = (1.0, 5.0)


def band_of(score: float) -> tuple[int, str, str]:
    """(rounded score, Chinese band, English band) of a score in [0, 100]; 80 -> 有点成功."""
    if not (isinstance(score, numbers.Real) and 0 <= score <= 100):
        raise ConfigError(f"score: must be a number in [0, 100], got {score!r}")
    whole = int(math.floor(score + 0.5))
    for lo, hi, zh, en in BANDS:
        if lo <= whole <= hi:
            return whole, zh, en
    raise AssertionError(whole)  # the bands cover 0..100


def _number(v: object, where: str, errors: list[str]) -> float | None:
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v):
        errors.append(f"{where}: must be a finite number, got {v!r}")
        return None
    return float(v)


def component_scores(actual, target) -> np.ndarray:
    """``50 + 50 clip(actual / target, -1, 1)``, elementwise (``target`` > 0)."""
    ratio = np.asarray(actual, dtype=float) / np.asarray(target, dtype=float)
    return 50.0 + 50.0 * np.clip(ratio, -1.0, 1.0)


def _rating_score(r: float) -> float:
    return 25.0 * (r - 1.0)


@dataclass(frozen=True)
class Scorecard:
    """A score, its band in both languages, and how each component contributed."""

    score: int
    exact: float
    band_zh: str
    band_en: str
    components: list[dict]
    left_out: list[str]

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "score_exact": self.exact,
            "band": {"zh": self.band_zh, "en": self.band_en},
            "components": self.components,
            "left_out": self.left_out,
            "bands": [{"min": lo, "max": hi, "zh": zh, "en": en} for lo, hi, zh, en in BANDS],
        }


def check_weights(weights: Mapping[str, object] | None) -> dict[str, float]:
    """Validated weights (defaults filled for names not given); every problem at once."""
    errors: list[str] = []
    out = dict(DEFAULT_WEIGHTS)
    for name, w in (weights or {}).items():
        if name not in DEFAULT_WEIGHTS:
            errors.append(f"weights.{name}: unknown component (known: {', '.join(out)})")
            continue
        v = _number(w, f"weights.{name}", errors)
        if v is not None and v < 0:
            errors.append(f"weights.{name}: must be >= 0, got {w!r}")
        elif v is not None:
            out[name] = v
    if errors:
        raise ConfigError(errors)
    return out


def check_ratings(ratings: Mapping[str, object] | None) -> dict[str, float]:
    errors: list[str] = []
    out: dict[str, float] = {}
    lo, hi = RATING_RANGE
    for name, r in (ratings or {}).items():
        if name not in QUALITATIVE:
            errors.append(f"ratings.{name}: unknown rating (known: {', '.join(QUALITATIVE)})")
            continue
        v = _number(r, f"ratings.{name}", errors)
        if v is not None and not lo <= v <= hi:
            errors.append(f"ratings.{name}: must be in [{lo:g}, {hi:g}] (3 = no change), got {r!r}")
        elif v is not None:
            out[name] = v
    if errors:
        raise ConfigError(errors)
    return out


def total(parts: Mapping[str, object], weights: Mapping[str, float]) -> object:
    """Weighted mean of component scores (arrays or floats) over ``parts``; weights sum > 0."""
    w = sum(weights[k] for k in parts)
    if not w > 0:
        raise ConfigError(
            "weights: the components given ("
            + ", ".join(parts)
            + ") have weights summing to 0; give at least one a positive weight"
        )
    return sum(weights[k] * s for k, s in parts.items()) / w


def scorecard(
    *,
    results: Mapping[str, Mapping[str, object]] | None = None,
    ratings: Mapping[str, object] | None = None,
    weights: Mapping[str, object] | None = None,
) -> Scorecard:
    """Score an implementation (module docstring).

    Parameters
    ----------
    results : mapping of component -> {"actual": x, "target": t}
        Quantitative results (``roi``, ``time_saved``, ``churn``, ``growth``);
        ``target`` (the forecast) must be > 0.
    ratings : mapping of name -> 1..5
        ``adoption``, ``collaboration``, ``fit``.
    weights : mapping of component -> weight >= 0, optional
        Over :data:`DEFAULT_WEIGHTS`; components not given are left out and the
        others' weights renormalised.

    Raises
    ------
    ConfigError
        A rating outside 1..5, a negative weight, weights of the given components
        summing to 0, a target <= 0, unknown names: every problem at once.
    """
    errors: list[str] = []
    parts: dict[str, float] = {}
    rows: list[dict] = []
    for name, r in (results or {}).items():
        if name not in QUANTITATIVE:
            errors.append(f"results.{name}: unknown result (known: {', '.join(QUANTITATIVE)})")
            continue
        if not isinstance(r, Mapping) or set(r) != {"actual", "target"}:
            errors.append(f"results.{name}: must be {{actual: x, target: t}}, got {r!r}")
            continue
        a = _number(r["actual"], f"results.{name}.actual", errors)
        t = _number(r["target"], f"results.{name}.target", errors)
        if t is not None and not t > 0:
            errors.append(f"results.{name}.target: must be > 0 (the forecast gain), got {t!r}")
        elif a is not None and t is not None:
            parts[name] = float(component_scores(a, t))
            rows.append({"name": name, "kind": "result", "actual": a, "target": t})
    try:
        rated = check_ratings(ratings)
    except ConfigError as e:
        errors += e.errors
        rated = {}
    try:
        w = check_weights(weights)
    except ConfigError as e:
        errors += e.errors
        w = dict(DEFAULT_WEIGHTS)
    if errors:
        raise ConfigError(errors)
    for name, r in rated.items():
        parts[name] = _rating_score(r)
        rows.append({"name": name, "kind": "rating", "rating": r})
    if not parts:
        raise ConfigError("scorecard: no result and no rating given; nothing to score")
    exact = float(total(parts, w))
    whole, zh, en = band_of(min(max(exact, 0.0), 100.0))
    weight_sum = sum(w[k] for k in parts)
    for row in rows:
        row["score"] = parts[row["name"]]
        row["weight"] = w[row["name"]] / weight_sum
    left_out = [k for k in DEFAULT_WEIGHTS if k not in parts]
    return Scorecard(whole, exact, zh, en, rows, left_out)
