"""The schemas of the data commands' results: evaluate, baseline, fit and scorecard.json.

Written in the language of :mod:`simroi.runs.fields` and checked on read by
:func:`simroi.runs.schema.read_json` like every other file of a run folder (a
folder is input): types, ranges and lengths, then how the keys agree (every
interval a pair, a scorecard file holding a score or a forecast). A bootstrap
estimate whose replicates had no spread is written with null bounds, so the
bounds, the standard error and the value may be null.
"""

from __future__ import annotations

from simroi.runs.fields import Anything, Flag, Items, Number, Record, Table, Text

__all__ = ["BASELINE", "EVALUATE", "FIT", "SCORECARD", "data_agrees", "scorecard_agrees"]

NUMBER, MAYBE, PROB = Number(), Number(null=True), Number(0, 1)
COUNT = Number(0, integer=True)
WORDS = Text(10_000)
NOTES = Items(WORDS, most=100_000)
PAIR = Items(MAYBE, most=2)
SEED = Number(0, integer=True, null=True)
LEVELS = Items(Number(0, 1), most=1001)
QUANTILES = Items(MAYBE, most=1001)

ESTIMATE = Record(  # simroi.data.bootstrap.Estimate.to_dict
    {"value": MAYBE, "ci95": PAIR, "se": MAYBE, "n": COUNT, "method": WORDS, "unit": Text(40)},
    required=("value", "ci95", "se", "n"),
)
SPREAD = Record({"median": MAYBE, "ci95": PAIR, "mean": MAYBE}, required=("median", "ci95"))

EVALUATE = Record(
    {
        "scenario": Text(1000),
        "currency": Text(100),
        "go_live": Text(40),
        "horizon_months": COUNT,
        "months_observed": COUNT,
        "lifts": Table(ESTIMATE, most=100),
        "kept_forecast": Items(Text(1000), most=100),
        "roi_to_date": SPREAD,
        "roi_projected": SPREAD,
        "forecast_roi_to_date": SPREAD,
        "percentile_in_forecast": PROB,
        "percentile_se": PROB,
        "iterations": Number(1, integer=True),
        "costs_to_date": Record({"value": MAYBE, "source": WORDS}),
        "benefit_to_date": Record(SPREAD.fields),
        "actuals": Text(4096),
        "notes": NOTES,
        "before": Table(ESTIMATE, most=100),  # the estimates behind each lift, both sides
        "after": Table(ESTIMATE, most=100),
        "forecast_lifts": Table(Record({k: MAYBE for k in ("p5", "p50", "p95")}), most=100),
        "distribution": Record(  # the chart's curves: quantiles at ``levels``
            {
                "levels": LEVELS,
                **{k: QUANTILES for k in ("roi_to_date", "forecast_roi_to_date")},
            },
            required=("levels", "roi_to_date", "forecast_roi_to_date"),
            null=True,
        ),
    },
    required=(
        "go_live",
        "months_observed",
        "lifts",
        "roi_to_date",
        "roi_projected",
        "forecast_roi_to_date",
        "percentile_in_forecast",
        "percentile_se",
        "iterations",
    ),
)

BASELINE = Record(
    {
        "period": Items(Text(40), most=2),
        "sources": Items(Text(4096), most=10),
        "kind": Text(40, choices=("opportunities", "leads")),
        "measures": Table(Text(1000), most=100),
        "read": Items(Text(10_000), most=10),
        "counts": Table(COUNT, most=100),
        "estimates": Table(ESTIMATE, most=100),
        "given": Table(NUMBER, most=100),
        "notes": NOTES,
        "bootstrap": Record({"replicates": COUNT, "seed": SEED, "level": PROB}),
        "fragment": Text(1_000_000),
    },
    required=("period", "counts", "estimates"),
)

SPEC = Record({"dist": Text(40)}, required=("dist",))  # parsed again when the chart is drawn
CANDIDATE = Record(
    {
        "family": Text(40),
        "spec": SPEC,
        "k": COUNT,
        **{k: MAYBE for k in ("loglik", "aic", "delta_aic", "ks", "ad")},
        "ci95": PAIR,
    },
    required=("family", "spec"),
)
FIT = Record(
    {
        "for": Text(1000, null=True),
        "kind": Text(20, choices=("mean", "values")),
        "column": Text(1000),
        "source": Text(4096),
        "rows": WORDS,
        "notes": NOTES,
        "n": COUNT,
        "family": Text(40),
        "label": Text(100),
        "few_points": Flag(),
        "spec": SPEC,
        "reason": WORDS,
        "warnings": NOTES,
        "left_out": NOTES,
        "candidates": Items(CANDIDATE, most=20),
        **{k: MAYBE for k in ("mean", "se", "values_sd")},
        "ci95": PAIR,
        "replicates": COUNT,
        "seed": SEED,
        "yaml": Text(1_000_000),
        "sample": Record({"levels": LEVELS, "quantiles": QUANTILES}, null=True),
    },
    required=("kind", "column", "n", "family", "spec", "candidates"),
)

BAND = Record(
    {
        "min": Number(0, 100, integer=True),
        "max": Number(0, 100, integer=True),
        "zh": Text(40),
        "en": Text(40),
        "prob": PROB,
        "se": PROB,
    },
    required=("min", "max", "zh", "en"),
)
COMPONENT = Record(
    {
        "name": Text(40),
        "kind": Text(20, choices=("result", "rating")),
        "actual": NUMBER,
        "target": Number(0),
        "rating": Number(1, 5),
        "score": Number(0, 100),
        "weight": Number(0, 1),
    },
    required=("name", "kind", "score", "weight"),
)
SCORECARD = Record(
    {
        "scorecard": Record(
            {
                "score": Number(0, 100, integer=True),
                "score_exact": Number(0, 100),
                "band": Record({"zh": Text(40), "en": Text(40)}, required=("zh", "en")),
                "components": Items(COMPONENT, most=20),
                "left_out": Items(Text(40), most=20),
                "bands": Items(BAND, most=5),
            },
            required=("score", "band", "components"),
            null=True,
        ),
        "forecast": Record(
            {
                "scenario": Text(1000),
                "iterations": Number(1, integer=True),
                "seed": SEED,
                "targets": Table(NUMBER, most=20),
                "target_meaning": Table(Text(1000), most=20),
                "ratings": Table(Number(1, 5), most=20),
                "left_out": Items(Text(40), most=20),
                "score": Record({k: Number(0, 100) for k in ("mean", "p10", "p50", "p90")}),
                "bands": Items(
                    Record(BAND.fields, required=(*BAND.required, "prob", "se")), most=5
                ),  # fmt: skip
            },
            required=("iterations", "bands"),
            null=True,
        ),
        "source": Anything(),
    },
)


def data_agrees(data: dict) -> list[str]:
    """Every interval a pair (a view reads both ends); each curve as long as its levels."""
    errors = [f"{at}: must be a pair [low, high], got {len(node)} items"
              for at, node in _intervals(data, "") if len(node) != 2]  # fmt: skip
    for key in ("distribution", "sample"):
        curves = data.get(key) or {}
        errors += [
            f"{key}.{k}: must have one value per level ({len(curves['levels'])}), got {len(v)}"
            for k, v in curves.items()
            if k != "levels" and isinstance(v, list) and len(v) != len(curves["levels"])
        ]
    return errors


def scorecard_agrees(data: dict) -> list[str]:
    """A scorecard file holds a score, a forecast, or both."""
    if data.get("scorecard") or data.get("forecast"):
        return []
    return ["the file: holds neither a scorecard nor a forecast"]


def _intervals(node, at: str):
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{at}.{key}" if at else str(key)
            if key == "ci95" and isinstance(value, list):
                yield where, value
            else:
                yield from _intervals(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _intervals(value, f"{at}[{i}]")
