"""Which values can be drawn and how an axis writes them: metric names, units, tick labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.ticker import Formatter

from simroi.report.text.money import compact, currency_unit, zh_scale
from simroi.report.text.numbers import money_scale
from simroi.simulation.metrics import DECISION_METRICS, of_unit

METRIC_NAMES = {
    "roi": "ROI",
    "discounted_roi": "Discounted ROI",
    "irr": "IRR",
    "npv": "NPV",
    "total_benefit": "Total benefit",
    "total_cost": "Total cost",
    "payback_month": "Payback month",
}
PERCENT_METRICS = of_unit("percent")
MONEY_METRICS = of_unit("money")
BREAKEVEN_METRICS = frozenset(DECISION_METRICS)  # 0 is the loss line


def _finite(values: object) -> np.ndarray:
    """A flat float array without NaN or infinities."""
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=float, na_value=np.nan)
    array = np.asarray(values, dtype=float).ravel()
    return array[np.isfinite(array)]


def _is_number(x: object) -> bool:
    return x is not None and np.isfinite(float(x))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Unit:
    """How the values of one axis are written: ``percent`` (fractions), ``money`` or ``plain``."""

    kind: str
    currency: str | None = None
    lang: str = "en"

    @classmethod
    def of(cls, metric: str, currency: str | None = None, lang: str = "en") -> _Unit:
        if metric in PERCENT_METRICS:
            return cls("percent", lang=lang)
        kind = "money" if metric in MONEY_METRICS or currency else "plain"
        return cls(kind, currency, lang)

    def text(self, x: float) -> str:
        return compact(x, self.kind, self.lang, self.currency)

    def label(self, name: str) -> str:
        unit = "%" if self.kind == "percent" else currency_unit(self.currency, self.lang)
        if self.lang == "zh":
            return f"{name}（{unit}）" if unit else name
        return f"{name} ({unit})" if unit else name

    @property
    def min_pad(self) -> float:
        """Half-width of the axis around data that has no spread at all."""
        return 0.01 if self.kind == "percent" else 1.0


def _metric_axis(metric: str, currency: str | None, lang: str = "en") -> tuple[_Unit, str]:
    """How the values of ``metric`` are written, and its display name (``npv`` -> ``NPV``)."""
    from simroi.report.text.labels import metric_name

    return _Unit.of(metric, currency, lang), metric_name(metric, lang)


class _Ticks(Formatter):
    """Tick labels with the fewest decimals that tell ticks apart: ``250k``, ``1.25M``, ``40 %``."""

    def __init__(self, kind: str, lang: str = "en") -> None:
        self.kind, self.lang = kind, lang
        self.div, self.suffix, self.decimals = 1.0, "", 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        values = np.asarray(locs, dtype=float) * (100.0 if self.kind == "percent" else 1.0)
        if values.size == 0:
            return
        magnitude = float(np.max(np.abs(values)))
        scale = zh_scale if self.lang == "zh" else money_scale
        self.div, self.suffix = scale(magnitude) if self.kind == "money" else (1.0, "")
        scaled = values / self.div
        tol = 1e-6 * max(float(np.ptp(scaled)), magnitude / self.div, 1e-300)
        self.decimals = next(
            (d for d in range(7) if np.all(np.abs(np.round(scaled, d) - scaled) <= tol)), 6
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        value = x * (100.0 if self.kind == "percent" else 1.0) / self.div
        text = f"{value:,.{self.decimals}f}"
        if float(text.replace(",", "")) == 0:
            return "0 %" if self.kind == "percent" else "0"
        return text + self.suffix + (" %" if self.kind == "percent" else "")
