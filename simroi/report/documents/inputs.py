"""The inputs and assumptions table: every model input, its distribution in words, its source note.

The inputs come from the resolved scenario in run.json; the note is the YAML
comment on the input's line (else the comment lines right above it), read from
the scenario file when it is still there and unchanged (same SHA-256). A row is
named in words (:func:`~simroi.report.text.labels.input_label`), never by its key, and
an input left at a default that changes nothing (a zero overrun, a risk's cost factor
of 1, a baseline of 0 in a case without that stream) is left out unless the file
comments on it: a reader would take the row for an assumption of the case.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from simroi.errors import ConfigError
from simroi.report.text.i18n import text
from simroi.report.text.labels import input_label, input_unit
from simroi.report.text.money import compact
from simroi.report.text.numbers import compact_percent, sig

__all__ = ["PARAMETERS", "InputRow", "describe_value", "input_rows", "parameters", "source_notes"]

#: A distribution's parameters as numbers, in the workbook's columns: the bounds (min /
#: low, max / high), the mode, the mean and sd, and a 90 % interval's ends (P5, P95).
PARAMETERS = ("min", "mode", "max", "mean", "sd", "p5", "p95")

SECTIONS = ("baseline", "drivers", "benefits", "adoption", "costs", "custom_benefits", "risks")
# A stream follows adoption when its driver is not 0 (hours saved: the productivity stream).
_STREAM_DRIVERS = (
    "conversion_lift",
    "churn_reduction",
    "cycle_shortening",
    "deal_size_lift",
    "hours_saved_per_rep_week",
)


@dataclass(frozen=True)
class InputRow:
    """One input: its model path, label and value in words; ``value`` is the resolved
    scenario's (a number, a distribution's mapping, or a yearly schedule's list) and
    ``unit`` what its numbers are (:func:`~simroi.report.text.labels.input_unit`)."""

    path: str
    label: str
    words: str
    note: str
    value: Any = None
    unit: str = ""


def _leaves(resolved: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(model input path, value) of every number, distribution or yearly schedule.

    A cost line's ``amount`` is the line's own path, a milestone payment is
    ``<line>.month<m>`` and a schedule (a list) is one value, as the model names them
    (:mod:`simroi.scenario.lines`).
    """

    def walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
        if isinstance(node, Mapping) and "dist" not in node:
            for k, v in node.items():
                if k == "name":
                    continue
                if k == "payments" and isinstance(v, list):
                    for pay in v:
                        if isinstance(pay, Mapping) and {"month", "amount"} <= set(pay):
                            yield f"{path}.month{pay['month']}", pay["amount"]
                    continue
                yield from walk(v, path if k == "amount" else f"{path}.{k}")
        elif isinstance(node, list):
            if node and all(_is_value(item) for item in node):
                yield path, list(node)  # a yearly schedule
            for item in node:
                if isinstance(item, Mapping) and "name" in item:
                    yield from walk(item, f"{path}.{item['name']}")
        elif _is_value(node):
            yield path, node

    for section in SECTIONS:
        if section in resolved:
            yield from walk(resolved[section], section)


def _is_value(x: Any) -> bool:
    """A number (not a flag) or a distribution's mapping."""
    if isinstance(x, Mapping):
        return "dist" in x
    return isinstance(x, int | float) and not isinstance(x, bool)


def _value(x: Any, unit: str, lang: str, currency: str) -> str:
    if not isinstance(x, int | float) or not math.isfinite(x):
        return str(x)
    if unit in ("months", "hours"):
        return text(f"value_{unit}", lang, v=sig(x))
    return compact(x, unit, lang, currency)


def describe_value(value: Any, unit: str, lang: str, currency: str = "") -> str:
    """A constant, a distribution or a yearly schedule in words: "PERT: most likely 75 %,
    between 30 % and 90 %", "year 1: 667k USD · year 2: 637k USD"."""
    if isinstance(value, list):
        return " · ".join(
            text("schedule_year", lang, k=k, v=describe_value(v, unit, lang, currency))
            for k, v in enumerate(value, start=1)
        )
    if not isinstance(value, Mapping):
        return _value(value, unit, lang, currency)

    def v(key: str) -> str:
        return _value(value.get(key), unit, lang, currency)

    dist = str(value.get("dist", ""))
    if dist in ("pert", "triangular") and {"min", "mode", "max"} <= set(value):
        return text(f"dist_{dist}", lang, mode=v("mode"), min=v("min"), max=v("max"))
    if dist == "uniform" and {"low", "high"} <= set(value):
        return text("dist_uniform", lang, low=v("low"), high=v("high"))
    if dist == "normal" and {"mean", "sd"} <= set(value):
        return text("dist_normal", lang, mean=v("mean"), sd=v("sd"))
    if "ci90" in value:
        lo, hi = value["ci90"]
        return text(
            "dist_ci90",
            lang,
            dist=dist_name(dist, lang),
            lo=_value(lo, unit, lang, currency),
            hi=_value(hi, unit, lang, currency),
        )
    if dist == "discrete" and "values" in value:
        values = ", ".join(_value(x, unit, lang, currency) for x in value["values"])
        probs = ", ".join(compact_percent(p) for p in value.get("probs", []))
        return text("dist_discrete", lang, values=values, probs=probs)
    return text("dist_other", lang, dist=dist_name(dist, lang))


def parameters(value: Any) -> dict[str, float]:
    """A distribution's parameters by :data:`PARAMETERS` column (``low``/``high`` are the
    bounds, ``ci90`` the ends P5 and P95); a constant is ``{"value": x}``."""
    if not isinstance(value, Mapping):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return {"value": float(value)} if number else {}
    out = {}
    for key, column in (("min", "min"), ("low", "min"), ("mode", "mode"), ("max", "max"),
                        ("high", "max"), ("mean", "mean"), ("sd", "sd")):  # fmt: skip
        if isinstance(value.get(key), int | float):
            out[column] = float(value[key])
    if isinstance(value.get("ci90"), list | tuple) and len(value["ci90"]) == 2:
        out["p5"], out["p95"] = (float(x) for x in value["ci90"])
    if value.get("dist") == "discrete" and value.get("values"):
        out["min"], out["max"] = float(min(value["values"])), float(max(value["values"]))
    return out


def dist_name(dist: str, lang: str) -> str:
    """A distribution family in ``lang``: ``lognormal`` -> "lognormal" / "对数正态"."""
    key = f"dist_name_{dist}"
    from simroi.report.text.i18n import MESSAGES

    return text(key, lang) if key in MESSAGES else dist


def input_rows(
    resolved: Mapping[str, Any], lang: str, notes: Mapping[str, str] | None = None
) -> list[InputRow]:
    """Every input of the resolved scenario that matters, labelled and described in ``lang``
    (an unused default without a note is left out: :func:`unused`)."""
    currency = (resolved.get("scenario") or {}).get("currency", "")
    labels = (resolved.get("scenario") or {}).get("labels") or {}
    notes = notes or {}
    rows = []
    for path, value in _leaves(resolved):
        note = notes.get(path, "")
        if not note and unused(path, value, resolved):
            continue
        if path.startswith("risks.") and path.endswith(".probability"):
            label = input_label(path.rsplit(".", 1)[0], lang, labels)
            words = text("risk_event", lang, p=compact_percent(float(value)))
            unit = "percent"
        else:
            label = input_label(path, lang, labels)
            unit = input_unit(path)
            words = describe_value(value, unit, lang, currency)
        rows.append(InputRow(path, label, words, note, value, unit))
    return rows


def unused(path: str, value: Any, resolved: Mapping[str, Any]) -> bool:
    """Whether ``value`` of input ``path`` changes nothing: a constant at a neutral default
    (0; a risk's multiplier of 1), the share of saved time turned into value when no time
    is saved, or the adoption curve when no benefit follows it."""
    if not isinstance(value, int | float):
        return False
    default = _default(path)
    if default is not None and value == default:
        if default == 0 or path.endswith("_multiplier"):
            return True

    def constant(section: str, key: str) -> float | None:
        x = (resolved.get(section) or {}).get(key)
        return float(x) if isinstance(x, int | float) else None

    if path == "drivers.productivity_realization":
        hours = constant("drivers", "hours_saved_per_rep_week")
        return 0.0 in (hours, constant("baseline", "sales_reps"))
    if path.startswith("adoption."):
        streams = any(constant("drivers", d) != 0.0 for d in _STREAM_DRIVERS)
        ramped = any(
            isinstance(b, Mapping)
            and b.get("ramped", True)
            and (b.get("monthly") or b.get("yearly"))
            for b in resolved.get("custom_benefits") or []
        )
        return not (streams or ramped or constant("costs", "learning_hours_per_rep") != 0.0)
    return False


def _default(path: str) -> float | None:
    """The scenario schema's default of input ``path``; None when it has none (a cost
    line's amount, an input the schema does not know)."""
    from simroi.scenario.schema import SCHEMA, NamedList, Num, Section

    if path.endswith((".risk_adjustment", ".at_month")):
        return 0.0
    node: object = SCHEMA
    parts = path.split(".")
    while parts:
        if isinstance(node, Section):
            node = node.fields.get(parts.pop(0))
        elif isinstance(node, NamedList) and len(parts) > 1:
            parts.pop(0)  # the item's name
            node = node.fields.get(parts.pop(0))
        else:
            return None
    return node.default if isinstance(node, Num) else None


def source_notes(source: str | None, sha256: str | None) -> dict[str, str]:
    """Dotted path -> the YAML comment beside (else just above) it; {} if the file changed.

    ``source`` comes from run.json, which anyone may have edited: it is read as a
    scenario file is (a regular file of at most 2 MB: never a device or a pipe).
    """
    if not source:
        return {}
    from simroi.scenario.yamlfile import parse_yaml, read_bytes  # as validation reads it

    try:
        raw = read_bytes(source)
    except ConfigError:
        return {}
    if sha256 and hashlib.sha256(raw).hexdigest() != sha256:
        return {}
    try:
        _, lines = parse_yaml(raw, source)
    except ConfigError:  # a file that no longer parses has no notes to give
        return {}
    text_lines = raw.decode("utf-8-sig").splitlines()
    return {p: note for p, line in lines.items() if (note := _comment_at(text_lines, line - 1))}


def _comment_at(lines: list[str], i: int) -> str:
    if not 0 <= i < len(lines):
        return ""
    trailing = _trailing_comment(lines[i])
    if trailing:
        return trailing
    above = []
    j = i - 1
    while j >= 0 and lines[j].strip().startswith("#"):
        above.insert(0, lines[j].strip().lstrip("#").strip())
        j -= 1
    return " ".join(a for a in above if a)


def _trailing_comment(line: str) -> str:
    """The ``# ...`` part of a YAML line, outside quotes."""
    quote = None
    for k, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (k == 0 or line[k - 1] in " \t"):
            return line[k + 1 :].strip() if line[:k].strip() else ""
    return ""
