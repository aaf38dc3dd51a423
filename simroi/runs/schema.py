"""What a run folder may hold: the schema of every file simroi writes there, checked on read.

Run folders are forwarded, unpacked and edited, so a folder is input and is
read like a scenario: :func:`read_json` reads one of the files in
:data:`FILES` within its size cap and depth (see :mod:`simroi.runs.fields`)
and checks it against its schema -- types, ranges, lengths, and how its keys
agree -- raising every problem at once as ``<file>: <key>: <rule>, got
<value>``; the resolved scenario in ``run.json`` is validated as the scenario
it is. A samples Parquet file is checked from its footer alone
(:func:`simroi.runs.parquet.check_samples`).

This module reads and checks; it shows nothing (no report code).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simroi.errors import ConfigError
from simroi.runs.cases import CASES
from simroi.runs.fields import Anything, Items, Number, Record, Table, Text, check
from simroi.runs.jsonfiles import load_json
from simroi.runs.layout import FOLDERS, RUN_JSON
from simroi.runs.manifest import MANIFEST, MAX_ITERATIONS, scenario_valid
from simroi.runs.schema_data import (
    BASELINE,
    EVALUATE,
    FIT,
    SCORECARD,
    data_agrees,
    scorecard_agrees,
)
from simroi.scenario.messages import show
from simroi.scenario.schema import SCHEMA
from simroi.simulation.results import METRICS

__all__ = ["FILES", "MAX_ITERATIONS", "read_json"]

MAX_MONTHS = int(SCHEMA.fields["scenario"].fields["horizon_months"].hi)
MAX_NAMES = 10_000  # inputs, rows of a table: far beyond any scenario


@dataclass(frozen=True)
class File:
    """One file: its schema, its size cap, and checks of how its keys agree."""

    schema: Record
    most_bytes: int
    checks: tuple[Callable[[dict], list[str]], ...] = ()


# --------------------------------------------------------------------------- the schemas

NUMBER, PROB = Number(), Number(0, 1)
ITERATIONS = Number(1, MAX_ITERATIONS, integer=True)
SEED = Number(0, integer=True, null=True)
SAMPLER = Text(20)
NAME = Text(1000)
MONTH = Number(1, MAX_MONTHS, integer=True)
DESCRIBE = Record(
    {
        **{q: NUMBER for q in ("mean", "p10", "p50", "p90")},
        **{k: Number(null=True) for k in ("std", "se_mean", "min", "max")},
        "n": Number(0, MAX_ITERATIONS, integer=True),
    },
    required=("mean", "p10", "p50", "p90"),
)
PAYBACK = Record(
    {
        "prob_within_months": Table(PROB, most=MAX_MONTHS, months=True),
        "p50_months": Number(1, MAX_MONTHS, integer=True, null=True),
        "prob_never": Number(0, 1, null=True),
        "headline_month": Number(1, MAX_MONTHS, integer=True),
    },
    required=("prob_within_months",),
)
FAN = Items(NUMBER, most=MAX_MONTHS + 1)
SUMMARY = Record(
    {
        "scenario": NAME,
        "currency": Text(100),
        "iterations": ITERATIONS,
        "seed": SEED,
        "sampler": SAMPLER,
        "horizon_months": MONTH,
        "metrics": Record(
            {m: Record(DESCRIBE.fields, DESCRIBE.required, null=True) for m in METRICS}
            | {m: DESCRIBE for m in ("roi", "npv", "total_cost")},
            required=("roi", "npv", "total_cost"),
        ),
        "prob_roi_positive": PROB,
        "prob_roi_positive_se": PROB,
        "prob_npv_positive": PROB,
        "prob_npv_positive_se": PROB,
        "cvar5_npv": NUMBER,
        "payback": PAYBACK,
        "discounted_payback": Record(PAYBACK.fields, PAYBACK.required, null=True),
        "benefit_breakdown_mean": Table(NUMBER, most=64),
        "cost_breakdown_mean": Table(NUMBER, most=64, null=True),
        "percentiles": Items(Number(0, 100), most=200, null=True),
        "hurdle": Record(
            {"rate": NUMBER}
            | {f"prob_{m}_above{se}": PROB for m in ("roi", "irr") for se in ("", "_se")},
            required=(
                "rate",
                "prob_roi_above",
                "prob_roi_above_se",
                "prob_irr_above",
                "prob_irr_above_se",
            ),  # fmt: skip
            null=True,
        ),
        "cash_flow": Record(
            {
                "months": Items(Number(0, MAX_MONTHS, integer=True), most=MAX_MONTHS + 1),
                **{k: FAN for k in ("p10", "p50", "p90", "mean")},
                "iterations_used": Number(1, MAX_ITERATIONS, integer=True, null=True),
            },
            required=("months", "p10", "p50", "p90"),
            null=True,
        ),
        "vendor": Text(1000),
        "samples_kept": Number(0, MAX_ITERATIONS, integer=True),
        "stream": Anything(),
        "stopped_by": Text(40),
        "precision": Anything(),
    },
    required=(
        "scenario",
        "currency",
        "iterations",
        "horizon_months",
        "metrics",
        "prob_roi_positive",
        "prob_npv_positive",
        "cvar5_npv",
        "payback",
        "benefit_breakdown_mean",
    ),  # fmt: skip
)


def _summary_agrees(summary: dict, at: str = "") -> list[str]:
    """Months within the horizon; the cash-flow fan's lists of one length, at most H + 1."""
    horizon, errors = int(summary["horizon_months"]), []
    for key in ("payback", "discounted_payback"):
        pay = summary.get(key) or {}
        late = [m for m in pay.get("prob_within_months", {}) if int(m) > horizon]
        if late:
            errors.append(
                f"{at}{key}.prob_within_months: months must be at most horizon_months "
                f"({horizon}), got {show(late[0])}"
            )
        if (pay.get("p50_months") or 0) > horizon:
            errors.append(
                f"{at}{key}.p50_months: must be at most horizon_months ({horizon}), "
                f"got {show(pay['p50_months'])}"
            )
    if summary.get("samples_kept", 0) > summary["iterations"]:
        errors.append(
            f"{at}samples_kept: must be at most iterations ({summary['iterations']}), "
            f"got {show(summary['samples_kept'])}"
        )
    fan = summary.get("cash_flow")
    if fan:
        lengths = {k: len(fan[k]) for k in ("months", "p10", "p50", "p90", "mean") if k in fan}
        if len(set(lengths.values())) > 1 or lengths["months"] > horizon + 1:
            errors.append(
                f"{at}cash_flow: its lists must have one length, at most horizon_months + 1 "
                f"({horizon + 1}), got {', '.join(f'{k} {n}' for k, n in lengths.items())}"
            )
    return errors


TORNADO_ROW = Record(
    {
        "input": Text(1000),
        **{k: Number(null=True) for k in ("low_value", "high_value", "swing")},
        **{k: NUMBER for k in ("output_low", "output_high")},
        "given": Text(1000, null=True),  # a risk's own amount is swung given its event
        "base_given": Number(null=True),
    },
    required=("input", "output_low", "output_high"),
)
SENSITIVITY = Record(
    {
        "metric": Text(choices=("npv", "roi", "discounted_roi", "payback_month")),
        "base": Number(null=True),
        "tornado": Items(TORNADO_ROW, null=True),
        "spearman": Table(Number(-1, 1, null=True), null=True),
        "scenario": NAME,
        "currency": Text(100),
        "low": Number(0, 1),
        "high": Number(0, 1),
        "iterations": Number(1, MAX_ITERATIONS, integer=True, null=True),  # null: tornado only
        "seed": SEED,
        "sampler": Text(20, null=True),
        **{k: Anything() for k in ("sobol", "spider", "downside", "contribution_to_variance")},
    },
    required=("metric", "scenario", "currency"),
)
COMPARE = Record(
    {
        "metric": Text(choices=("npv", "roi", "discounted_roi")),
        "scenario": NAME,
        "currency": Text(100),
        "iterations": ITERATIONS,
        "seed": SEED,
        "sampler": SAMPLER,
        "notes": Items(Text(10_000)),
        "vendors": Items(
            Record(
                {
                    "name": NAME,
                    "rank": Number(1, MAX_NAMES, integer=True),
                    "summary": SUMMARY,
                    **{k: PROB for k in ("prob_best", "prob_best_se")},
                    **{k: NUMBER for k in ("expected_regret", "expected_regret_se")},
                    "overrides": Anything(),
                },
                required=("name", "rank", "summary", "prob_best", "prob_best_se"),
            ),
            most=1000,
        ),
        **{k: Anything() for k in ("pairwise", "pairwise_se", "dominance", "differences")},
        # every vendor's P(best) on each decision metric, and the metric's quantiles (the
        # report's charts): absent from folders written before them
        "prob_best_by_metric": Table(
            Table(Record({k: PROB for k in ("prob_best", "prob_best_se")}, required=("prob_best",))),
            null=True,
        ),
        "quantiles": Record(
            {
                "levels": Items(Number(0, 1), most=1001),
                "vendors": Table(Items(NUMBER, most=1001, null=True)),
                "difference": Record(
                    {"a": NAME, "b": NAME, "values": Items(NUMBER, most=1001, null=True)},
                    required=("a", "b", "values"),
                ),
            },
            required=("levels", "vendors", "difference"),
            null=True,
        ),
    },
    required=("metric", "scenario", "currency", "iterations", "vendors"),
)


def _vendors_agree(comparison: dict) -> list[str]:
    errors = []
    for i, v in enumerate(comparison["vendors"]):
        errors += _summary_agrees(v["summary"], f"vendors[{i}].summary.")
        if v["summary"]["metrics"].get(comparison["metric"]) is None:
            errors.append(
                f"vendors[{i}].summary.metrics.{comparison['metric']}: required by metric, missing"
            )
    if not comparison["vendors"]:
        errors.append("vendors: must list at least one vendor, got []")
    return errors


SWEEP = Record(  # a batch's files may differ in name, currency, iterations and sampler
    {
        "scenario": Text(1000, null=True),
        "currency": Text(100, null=True),
        "iterations": Number(1, MAX_ITERATIONS, integer=True, null=True),
        "seed": SEED,
        "sampler": Text(20, null=True),
        "varied": Items(Text(1000)),
        "base_overrides": Anything(),
        "variants": Items(
            Record(
                {"name": NAME, "overrides": Anything(), "summary": SUMMARY},
                required=("name", "summary"),
            ),  # fmt: skip
            most=1_000_000,  # simroi.scenario.variants.MAX_VARIANTS
        ),
    },
    required=("variants",),
)
VALUE_SE = Record({"value": NUMBER, "se": NUMBER}, required=("value", "se"))
VOI = Record(
    {
        "scenario": NAME,
        "currency": Text(100),
        "metric": Text(40),
        "iterations": ITERATIONS,
        "decisions": Items(NAME),
        "decision": NAME,
        "expected_value": Table(NUMBER),
        "evpi": NUMBER,
        "evpi_se": NUMBER,
        "evppi": Table(VALUE_SE),
        "groups": Table(Record({**VALUE_SE.fields, "inputs": Items(Text(1000))}, ("value", "se"))),
    },
    required=("evpi", "evpi_se", "evppi"),
)
BREAKEVEN = Record(
    {
        "metric": Text(40),
        "level": NUMBER,
        "base": Number(null=True),
        "name": NAME,
        "currency": Text(100),
        "table": Items(Record({"input": Text(1000)}, required=("input",))),
        # a goal seek (--input/--target) has no table: the input, target and root instead
        "input": Text(1000),
        "target": Text(200),
        "mode": Text(20),
        **{k: Number(null=True) for k in ("median", "statistic_now", "value", "shift_se")},
    },
    required=("name",),
)
STATS = Record(
    {k: Number(null=True) for k in ("prob_positive", "prob_positive_se", "mean", "mean_se")}
)
STRESS = Record(
    {
        "name": NAME,
        "currency": Text(100),
        "metric": Text(40),
        "iterations": ITERATIONS,
        "baseline": STATS,
        "cases": Items(Record({"input": Text(1000), **STATS.fields}, required=("input",))),
    },
    required=("baseline", "cases"),
)

INPUT_STATS = Record({k: NUMBER for k in ("mean", "p5", "p50", "p95")})
REFORECAST = Record(
    {
        "go_live": Text(40),
        "months_observed": Number(0, MAX_MONTHS, integer=True),
        "iterations": ITERATIONS,
        "seed": SEED,
        "sampler": SAMPLER,
        "prior": SUMMARY,
        "posterior": SUMMARY,
        "inputs": Table(
            Record({"prior": INPUT_STATS, "posterior": INPUT_STATS, "informed_by": Text(40)}),
            most=MAX_NAMES,
        ),
        "kept_prior": Items(Text(1000), most=MAX_NAMES),
        "effective_sample_size": NUMBER,
        "sentence": Text(10_000),
        "notes": Items(Text(10_000)),
        **{k: Anything() for k in ("actuals", "months", "evidence", "costs", "seen", "method")},
    },
    required=("go_live", "months_observed", "iterations", "prior", "posterior", "inputs"),
)

MB = 1_000_000
FILES: dict[str, File] = {  # run.json and each command's result (simroi.runs.layout)
    RUN_JSON: File(MANIFEST, 16 * MB, (scenario_valid,)),
    FOLDERS["run"].result: File(SUMMARY, 4 * MB, (_summary_agrees,)),
    FOLDERS["sensitivity"].result: File(SENSITIVITY, 16 * MB),
    FOLDERS["compare"].result: File(COMPARE, 64 * MB, (_vendors_agree,)),
    FOLDERS["sweep"].result: File(SWEEP, 1000 * MB),  # and a batch's
    FOLDERS["cases"].result: File(CASES, 1 * MB),
    FOLDERS["voi"].result: File(VOI, 16 * MB),
    FOLDERS["breakeven"].result: File(BREAKEVEN, 16 * MB),
    FOLDERS["stress"].result: File(STRESS, 16 * MB),
    FOLDERS["reforecast"].result: File(
        REFORECAST,
        64 * MB,
        (
            lambda r: (
                _summary_agrees(r["prior"], "prior.")
                + _summary_agrees(r["posterior"], "posterior.")
            ),
        ),  # fmt: skip
    ),
    FOLDERS["evaluate"].result: File(EVALUATE, 16 * MB, (data_agrees,)),
    FOLDERS["baseline"].result: File(BASELINE, 16 * MB, (data_agrees,)),
    FOLDERS["fit"].result: File(FIT, 16 * MB, (data_agrees,)),
    FOLDERS["scorecard"].result: File(SCORECARD, 16 * MB, (scorecard_agrees,)),
}


def read_json(path: str | os.PathLike[str]) -> dict:
    """The content of ``path``, one of :data:`FILES` by its name, once it is checked.

    Raises
    ------
    ConfigError
        Naming the file and listing every problem (``<key>: <rule>, got <value>``).
    """
    path = Path(path)
    spec = FILES[path.name]
    data = load_json(path, spec.most_bytes)
    errors = check(data, spec.schema)
    if not errors:
        for agree in spec.checks:
            errors += agree(data)
    if errors:
        raise ConfigError(errors, source=str(path))
    return data
