"""Per-iteration results and their summary statistics (summary.json, docs/model.md §6)."""

from __future__ import annotations

import copy
import importlib
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow.parquet as pq

from simroi.simulation.metrics import SUMMARISED
from simroi.simulation.model import COSTS, STREAMS

if TYPE_CHECKING:
    import pandas as pd

    from simroi.scenario.config import Scenario

METRICS = SUMMARISED  # the results summary.json describes, in its order
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
#: Metrics summarised at once (each holds a column and the copy its percentiles select in).
SUMMARY_THREADS = 2


def notebook_views():
    """simroi.report.notebook, imported when a notebook view is asked for.

    The one declared upward edge of the package (tests/test_layout.py allows exactly it):
    ``Results`` and ``Comparison`` are the objects a notebook holds, and their ``repr``,
    HTML and report methods are the report stage's views of them. It is imported by name
    when called, so that simulating never loads the report stage.
    """
    return importlib.import_module("simroi.report.notebook")


def percentile_key(p: float) -> str:
    """``p5``, ``p50``, ``p2.5``: the summary key of a percentile."""
    return f"p{int(p)}" if float(p).is_integer() else f"p{p:g}"


def describe(x: np.ndarray, extra: tuple[float, ...] = ()) -> dict | None:
    """Mean, std (ddof=1), standard error of the mean, min, percentiles, max of x.

    NaN values (a missing IRR) are left out; None when nothing is left. ``extra``
    percentiles (``simulation.percentiles``) are added to the usual ones.
    """
    x = np.asarray(x, dtype=float)
    missing = np.isnan(x)
    if missing.any():
        x = x[~missing]
    del missing
    if x.size == 0:
        return None
    std = float(np.std(x, ddof=1)) if x.size > 1 else None
    if std is not None and x[0] == x[-1] and np.all(x == x[0]):
        std = 0.0  # every iteration alike: no spread, whatever the mean's rounding
    out = {
        "mean": float(x[0]) if std == 0.0 else float(np.mean(x)),
        "std": std,
        "se_mean": std / np.sqrt(x.size) if std is not None else None,
        "n": int(x.size),
    }
    # One selection for every percentile: half the time of sorting a copy where numpy's
    # sort is scalar (docs/performance.md); the same numbers either way.
    keys = {percentile_key(p): p for p in (*PERCENTILES, *extra)}  # each once, usual first
    out["min"] = float(x.min())
    out.update(zip(keys, np.percentile(x, list(keys.values())).tolist(), strict=True))
    out["max"] = float(x.max())
    return out


def probability(event: np.ndarray) -> tuple[float, float]:
    """Share of iterations where ``event`` holds, and its standard error sqrt(p(1-p)/N)."""
    p = float(np.mean(event))
    return p, float(np.sqrt(p * (1.0 - p) / event.size))


def payback_months(horizon: int) -> list[int]:
    """Months reported in ``prob_within_months``: multiples of 6 up to H, and H."""
    return sorted({*range(6, horizon + 1, 6), horizon})


def payback_counts(payback: np.ndarray, horizon: int) -> np.ndarray:
    """How many iterations paid back in month 0..H, shape (H + 1,) (NaN: never, not counted)."""
    return np.bincount(payback[~np.isnan(payback)].astype(int), minlength=horizon + 1)


#: Horizons up to this many months put 24 months (or the horizon, if shorter) in the
#: headline; longer ones this many: three years, the usual limit of an IT investment's
#: payback (docs/scenario.md, ``simulation.headline_payback_month``).
HEADLINE_MONTHS_LONG = 36


def headline_month(horizon: int, chosen: int | None = None) -> int:
    """The month m of the headline's P(payback <= m): ``chosen``
    (``simulation.headline_payback_month``) if given, else 24 for horizons up to
    :data:`HEADLINE_MONTHS_LONG` (the horizon if shorter), else 36; never past the horizon."""
    if chosen is None:
        chosen = 24 if horizon <= HEADLINE_MONTHS_LONG else HEADLINE_MONTHS_LONG
    return max(1, min(int(chosen), horizon))


def report_months(
    horizon: int, months=None, headline_payback_month: int | None = None
) -> tuple[list[int], int]:
    """The months of P(payback <= m) reported (``months``, else :func:`payback_months`)
    with the headline's month among them, and that month (:func:`headline_month`)."""
    headline = headline_month(horizon, headline_payback_month)
    chosen = list(months) if months else payback_months(horizon)
    return sorted({*chosen, headline}), headline


def prob_payback_within(payback: np.ndarray, horizon: int) -> np.ndarray:
    """P(payback <= m) for m = 1..H, shape (H,); a missing payback (NaN) never counts."""
    return np.cumsum(payback_counts(payback, horizon))[1:] / payback.size


def payback_summary(payback: np.ndarray, horizon: int, months: list[int]) -> dict:
    """P(payback <= m) for the chosen months, the median payback month, P(no payback)."""
    within = prob_payback_within(payback, horizon)
    return payback_from_within(within, months, float(np.mean(np.isnan(payback))))


def payback_from_within(within: np.ndarray, months: list[int], never: float) -> dict:
    """``payback`` of summary.json from P(payback <= m) for m = 1..H and P(no payback)."""
    reached = np.flatnonzero(within >= 0.5)
    return {
        "prob_within_months": {str(m): float(within[m - 1]) for m in months},
        "p50_months": int(reached[0]) + 1 if reached.size else None,
        "prob_never": never,
    }


def cvar(x: np.ndarray, alpha: float = 0.05) -> float:
    """Mean of the floor(alpha N) lowest values (at least one)."""
    k = max(1, int(np.floor(alpha * x.size)))
    return float(np.mean(np.partition(x, k - 1)[:k]))


def summarize(
    column: Callable[[str], np.ndarray],
    *,
    scenario: str,
    currency: str,
    iterations: int,
    seed: int,
    sampler: str,
    horizon_months: int,
    hurdle_rate: float | None = None,
    percentiles: tuple[float, ...] | None = None,
    months: tuple[int, ...] | None = None,
    headline_payback_month: int | None = None,
) -> dict:
    """The summary.json from per-iteration result columns.

    ``column(name)`` returns the full array of one result (``roi``, ``npv``,
    ``payback_month``, ``benefit_<stream>``, ...); columns are asked for one at
    a time so a caller may read them from disk one by one. ``hurdle_rate`` adds
    ``hurdle`` (P(ROI > h), P(IRR > h) with standard errors; a missing IRR is
    not above it); ``percentiles`` adds percentiles to every metric and lists
    them as ``percentiles``; ``months`` replaces the payback months reported, to which
    the headline's month (:func:`headline_month` of ``headline_payback_month``) is added
    and recorded as ``payback.headline_month``.
    """
    extra = tuple(percentiles or ())

    def metric(m: str) -> dict:
        x = column(m)  # each column is read once
        out = {"describe": describe(x, extra)}
        if m in ("roi", "npv"):
            out["positive"] = probability(x > 0)
        if m == "npv":
            out["cvar"] = cvar(x)
        if hurdle_rate is not None and m in ("roi", "irr"):
            out["hurdle"] = probability(x > hurdle_rate)  # NaN > h is False
        return out

    # Two metrics at a time: reading, sorting and summing release the GIL, and at
    # the end of a run the workers are done, so the parent has the cores to itself.
    with ThreadPoolExecutor(SUMMARY_THREADS) as pool:
        done = dict(zip(METRICS, pool.map(metric, METRICS), strict=True))
    months, headline = report_months(horizon_months, months, headline_payback_month)
    return assemble(
        done,
        scenario=scenario,
        currency=currency,
        iterations=iterations,
        seed=seed,
        sampler=sampler,
        horizon_months=horizon_months,
        hurdle_rate=hurdle_rate,
        extra=extra,
        payback=payback_summary(column("payback_month"), horizon_months, months),
        headline_month=headline,
        discounted_payback=payback_summary(
            column("discounted_payback_month"), horizon_months, months
        ),
        benefit={s: float(np.mean(column(f"benefit_{s}"))) for s in STREAMS},
        cost={c: float(np.mean(column(f"cost_{c}"))) for c in COSTS},
    )


def assemble(
    done: dict,
    *,
    scenario: str,
    currency: str,
    iterations: int,
    seed: int,
    sampler: str,
    horizon_months: int,
    hurdle_rate: float | None,
    extra: tuple[float, ...],
    payback: dict,
    headline_month: int,
    discounted_payback: dict,
    benefit: dict,
    cost: dict,
) -> dict:
    """summary.json from its parts, in its order: ``done`` maps each metric to its
    ``describe``, ``positive`` (roi, npv), ``cvar`` (npv) and ``hurdle`` entries."""
    metrics = {m: d["describe"] for m, d in done.items()}
    hurdle = {m: d["hurdle"] for m, d in done.items() if "hurdle" in d}
    (p_roi, se_roi), (p_npv, se_npv) = done["roi"]["positive"], done["npv"]["positive"]
    return {
        "scenario": scenario,
        "currency": currency,
        "iterations": int(iterations),
        "seed": seed,
        "sampler": sampler,
        "horizon_months": int(horizon_months),
        "metrics": metrics,
        "prob_roi_positive": p_roi,
        "prob_roi_positive_se": se_roi,
        "prob_npv_positive": p_npv,
        "prob_npv_positive_se": se_npv,
        "cvar5_npv": done["npv"]["cvar"],
        "payback": {**payback, "headline_month": headline_month},
        "discounted_payback": discounted_payback,
        "benefit_breakdown_mean": benefit,
        "cost_breakdown_mean": cost,
        "percentiles": [*PERCENTILES, *(p for p in extra if p not in PERCENTILES)],
        "hurdle": None
        if hurdle_rate is None
        else {
            "rate": float(hurdle_rate),
            "prob_roi_above": hurdle["roi"][0],
            "prob_roi_above_se": hurdle["roi"][1],
            "prob_irr_above": hurdle["irr"][0],
            "prob_irr_above_se": hurdle["irr"][1],
        },
    }


def _read_column(file: pq.ParquetFile, name: str) -> np.ndarray:
    """One column of a samples file as float64 (NaN where missing)."""
    return file.read(columns=[name]).column(0).to_numpy()


@dataclass(frozen=True)
class Results:
    """The outcome of :func:`simroi.simulate_scenario`.

    Attributes
    ----------
    samples : pandas.DataFrame or None
        One row per iteration: uncertain inputs by dotted path, the results of
        docs/model.md §5 and ``benefit_<stream>`` totals. None when the run streamed
        its samples to ``samples_path`` instead of keeping them in memory.
    scenario : Scenario
    iterations : int
    seed : int or None
        As given; None when fresh entropy was drawn.
    seed_entropy : int
        The root SeedSequence's entropy: ``seed=seed_entropy`` reruns exactly.
    sampler : str
    samples_path : Path or None
        A parquet file holding the samples (streamed runs).
    """

    samples: pd.DataFrame | None
    scenario: Scenario
    iterations: int
    seed: int | None
    seed_entropy: int
    sampler: str
    samples_path: Path | None = None
    #: A run to a precision (simulation/precision.py): ``{"stopped_by", "target", ...}``.
    precision: dict | None = None
    #: The summary of a run that kept only its first rows, merged from its units'
    #: summaries (simulation/streaming.py); ``samples`` are then those rows only.
    summarised: dict | None = None
    #: Columns of a streamed run held whole in memory (name -> array of every iteration)
    #: beside ``samples_path``: what the summary and the charts read, without the file.
    columns: Mapping[str, np.ndarray] | None = None

    def column(self, name: str) -> np.ndarray:
        """One column of the samples, from memory or read alone from the parquet file."""
        if self.columns is not None and name in self.columns:
            return self.columns[name]
        if self.samples is not None:
            return self.samples[name].to_numpy(dtype=float)
        if self.samples_path is None:
            raise ValueError("these Results hold no samples")
        return _read_column(pq.ParquetFile(self.samples_path), name)

    def summary(self, *, cash_flow: bool = True) -> dict:
        """The summary.json as a dict of plain Python numbers.

        ``cash_flow`` adds the cumulative cash-flow fan (:mod:`simroi.simulation.cashflow`),
        which evaluates the model again on the first 20,000 iterations at most (on a
        thread, while the statistics are computed).
        """
        with ThreadPoolExecutor(1) as pool:
            if cash_flow:
                from simroi.simulation.cashflow import cash_flow_fan

                fan = pool.submit(cash_flow_fan, self)
            out = self._summary()
            if self.precision is not None:  # a run to a precision says why it stopped
                out["stopped_by"] = self.precision["stopped_by"]
                out["precision"] = self.precision
            if cash_flow:
                out["cash_flow"] = fan.result()
        return out

    def _summary(self) -> dict:
        if self.summarised is not None:
            return copy.deepcopy(self.summarised)
        column = self.column  # held columns first (Results.column)
        if self.samples is None and self.samples_path is not None and self.columns is None:
            # One open file for every column; a lock, as the reads are threaded already.
            file, lock = pq.ParquetFile(self.samples_path), threading.Lock()

            def column(name: str) -> np.ndarray:
                with lock:
                    return _read_column(file, name)

        return summarize(
            column,
            scenario=self.scenario.name,
            currency=self.scenario.currency,
            iterations=self.iterations,
            seed=self.seed if self.seed is not None else self.seed_entropy,
            sampler=self.sampler,
            horizon_months=self.scenario.horizon_months,
            hurdle_rate=self.scenario.hurdle_rate,
            percentiles=self.scenario.percentiles,
            months=self.scenario.payback_months,
            headline_payback_month=self.scenario.headline_payback_month,
        )

    def __repr__(self) -> str:
        return notebook_views().results_repr(self)

    def _repr_html_(self) -> str:
        return notebook_views().results_html(self)

    def summary_frame(self) -> pd.DataFrame:
        """The summary's metrics as a DataFrame: one row per metric, one column per statistic."""
        return notebook_views().summary_frame(self.summary())

    def to_html(self, path: str | Path, *, lang: str | None = None) -> Path:
        """Write the HTML report of these results to ``path``."""
        return notebook_views().write_results(self, path, "html", lang)

    def to_excel(self, path: str | Path, *, lang: str | None = None) -> Path:
        """Write the Excel workbook of these results to ``path``."""
        return notebook_views().write_results(self, path, "xlsx", lang)
