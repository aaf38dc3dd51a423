"""The inputs and assumptions table: every model input, its distribution in words, its source note.

The inputs come from the resolved scenario in run.json; the note is the YAML
comment on the input's line (else the comment lines right above it), read from
the scenario file when it is still there and unchanged (same SHA-256).
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
from simroi.report.text.numbers import compact_percent

__all__ = ["InputRow", "describe_value", "input_rows", "source_notes"]

SECTIONS = ("baseline", "drivers", "adoption", "costs", "custom_benefits", "risks")


@dataclass(frozen=True)
class InputRow:
    path: str
    label: str
    words: str
    note: str


def _leaves(resolved: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every numeric input or distribution spec."""

    def walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
        if isinstance(node, Mapping) and "dist" not in node:
            for k, v in node.items():
                if k != "name":
                    yield from walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, Mapping) and "name" in item:
                    yield from walk(item, f"{path}.{item['name']}")
        elif isinstance(node, Mapping) or (
            isinstance(node, int | float) and not isinstance(node, bool)
        ):
            yield path, node

    for section in SECTIONS:
        if section in resolved:
            yield from walk(resolved[section], section)


def _value(x: Any, unit: str, lang: str, currency: str) -> str:
    if not isinstance(x, int | float) or not math.isfinite(x):
        return str(x)
    return compact(x, unit, lang, currency)


def describe_value(value: Any, unit: str, lang: str, currency: str = "") -> str:
    """A constant or a distribution in words: "PERT: most likely 75 %, between 30 % and 90 %"."""
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
            dist=dist,
            lo=_value(lo, unit, lang, currency),
            hi=_value(hi, unit, lang, currency),
        )
    if dist == "discrete" and "values" in value:
        values = ", ".join(_value(x, unit, lang, currency) for x in value["values"])
        probs = ", ".join(compact_percent(p) for p in value.get("probs", []))
        return text("dist_discrete", lang, values=values, probs=probs)
    return text("dist_other", lang, dist=dist)


def input_rows(
    resolved: Mapping[str, Any], lang: str, notes: Mapping[str, str] | None = None
) -> list[InputRow]:
    """Every input of the resolved scenario, labelled and described in ``lang``."""
    currency = (resolved.get("scenario") or {}).get("currency", "")
    labels = (resolved.get("scenario") or {}).get("labels") or {}
    notes = notes or {}
    rows = []
    for path, value in _leaves(resolved):
        if path.startswith("risks.") and path.endswith(".probability"):
            label = input_label(path.rsplit(".", 1)[0], lang, labels)
            words = text("risk_event", lang, p=compact_percent(float(value)))
        else:
            label = input_label(path, lang, labels)
            words = describe_value(value, input_unit(path), lang, currency)
        rows.append(InputRow(path, label, words, notes.get(path, "")))
    return rows


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
