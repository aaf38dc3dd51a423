"""The scenario reference, generated from :data:`~simroi.scenario.schema.SCHEMA`.

:func:`rows` walks the schema into one row per key (path, kind and range,
default, unit, meaning, example); :func:`markdown` is the table of
docs/scenario.md (a test checks that the file holds exactly it, so the document
cannot drift from the code), and :func:`explain` lists a resolved scenario's
values with their units, marking the ones that are the default.
``python -m simroi.scenario.reference docs/scenario.md`` rewrites the table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from simroi.scenario.keydocs import KEYDOCS
from simroi.scenario.schema import (
    SCHEMA,
    Choice,
    Correlations,
    CostLine,
    Flag,
    NamedList,
    Num,
    NumList,
    NumMap,
    Overrides,
    Schedule,
    Section,
    Text,
    fmt,
)

__all__ = ["MARKER", "explain", "markdown", "rows"]

MARKER = "<!-- generated from simroi/scenario/schema.py by simroi.scenario.reference -->"

_LINE_KEYS = {
    "one_time": ("amount", "at_month", "payments", "risk_adjustment"),
    "monthly": ("amount", "risk_adjustment"),
    "yearly": ("amount", "risk_adjustment"),
}


def _kind(field: object) -> tuple[str, str]:
    """(kind and range, default) of a field, in words."""
    if isinstance(field, Num):
        what = "integer" if field.integer else "number"
        what += " or distribution" if field.dist else ""
        rule = field.rule() if (field.lo, field.hi) != (-float("inf"), float("inf")) else ""
        extra = []
        if field.percent_above is not None:
            extra.append(f"above {fmt(field.percent_above)} is an error (a percent)")
        if field.warn_above is not None:
            extra.append(f"warns above {fmt(field.warn_above)}")
        text = ", ".join(x for x in (what, rule, *extra) if x)
        default = (
            "required"
            if field.required
            else ("null" if field.default is None else fmt(field.default))
        )
        return text, default
    if isinstance(field, Choice):
        return "one of " + ", ".join(field.options), field.default or "null (the scenario's)"
    if isinstance(field, Flag):
        return "true or false", str(field.default).lower()
    if isinstance(field, Text):
        return "text", "required" if field.required else repr(field.default or "")
    if isinstance(field, NumList):
        return f"list of numbers, each {field.item.rule()}", "null"
    if isinstance(field, Schedule):
        return (
            "yearly schedule: list of N = ceil(H/12) amounts, one amount, or {first, growth}",
            "null",
        )
    if isinstance(field, CostLine):
        return f"amount or {{{', '.join(_LINE_KEYS[field.kind])}}}", "-"
    if isinstance(field, Correlations):
        return "list of [path, path, rho], rho in [-1, 1]", "[]"
    if isinstance(field, Overrides):
        return "mapping of dotted path to value", "{}"
    if isinstance(field, Section):
        return "mapping" + (
            " (optional)" if field.optional else ""
        ), "null" if field.optional else "-"
    raise TypeError(type(field).__name__)


def _walk(field: object, path: str):
    if isinstance(field, Section) and path and path.count(".") and field.optional:
        yield path, field
    if isinstance(field, Section):
        values = list(field.fields.values())
        if len(values) > 1 and all(v is values[0] for v in values):  # benefits.<stream>
            yield from _walk(values[0], f"{path}.<stream>")
            return
        for key, sub in field.fields.items():
            yield from _walk(sub, f"{path}.{key}" if path else key)
    elif isinstance(field, NumMap):
        yield from _walk(field.item, f"{path}.<name>")
    elif isinstance(field, NamedList):
        for key, sub in field.fields.items():
            yield from _walk(sub, f"{path}[].{key}")
    elif isinstance(field, CostLine):
        yield path, field
        for key in _LINE_KEYS[field.kind]:
            yield f"{path}.{key}", None
    else:
        yield path, field


def rows() -> list[dict]:
    """One row per key of the schema, in the schema's order."""
    out = []
    for path, field in _walk(SCHEMA, ""):
        if field is None:  # a cost line's own key
            kind, default = "see the line", "-"
        else:
            kind, default = _kind(field)
        unit, meaning, example = KEYDOCS[path]
        out.append(
            {
                "path": path,
                "kind": kind,
                "default": default,
                "unit": unit,
                "meaning": meaning,
                "example": example,
                "field": field,
            }
        )
    return out


def markdown() -> str:
    """The key table of docs/scenario.md."""
    lines = [
        MARKER,
        "",
        "| key | unit | meaning | type and range | default | example |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows():
        cells = [
            f"`{r['path']}`",
            r["unit"],
            r["meaning"],
            r["kind"],
            r["default"],
            f"`{r['example']}`",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _unit(path: str, currency: str) -> str:
    """The unit of a resolved path, found by its reference path."""
    parts, ref = path.split("."), []
    for i, part in enumerate(parts):
        head = ".".join(ref)
        if head in ("costs.one_time", "costs.monthly", "costs.yearly") and len(ref) == 2:
            ref.append("<name>")
        elif head == "benefits":
            ref.append("<stream>")
        elif head in ("custom_benefits", "risks", "vendors") and i == 1:
            ref[-1] += "[]"
        else:
            ref.append(part)
    key = ".".join(ref)
    while key and key not in KEYDOCS:
        key = key.rpartition(".")[0]
    unit = KEYDOCS[key][0] if key else ""
    return unit.replace("currency", currency)


def _show(value: object) -> str:
    """A resolved value as YAML-like text: ``0.1``, ``[1000, 1100]``, ``{dist: pert, ...}``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return fmt(value)
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def explain(scn) -> list[str]:
    """The resolved scenario, one ``path = value  [unit]`` line per leaf; ``*`` marks defaults."""
    defaults = {r["path"]: r["default"] for r in rows()}
    out = []

    def leaf(path: str, value: object, ref_path: str) -> None:
        shown = _show(value)
        unit = _unit(path, scn.currency)
        default = defaults.get(ref_path, "-")
        is_default = shown.strip('"') == default.strip("'") or (
            value is None and default.startswith("null")
        )
        out.append(
            f"{path} = {shown}" + (f"  [{unit}]" if unit else "") + ("  *" if is_default else "")
        )

    def walk(field: object, value: object, path: str, ref: str) -> None:
        if isinstance(field, Section) and isinstance(value, dict):
            same = list(field.fields.values())
            grouped = len(same) > 1 and all(v is same[0] for v in same)
            for key, sub in field.fields.items():
                walk(
                    sub,
                    value.get(key),
                    f"{path}.{key}" if path else key,
                    f"{ref}.<stream>" if grouped else (f"{ref}.{key}" if ref else key),
                )
        elif isinstance(field, NumMap) and isinstance(value, dict):
            for key, sub in value.items():
                leaf(f"{path}.{key}", sub, f"{ref}.<name>")
        elif isinstance(field, NamedList) and isinstance(value, list):
            for item in value:
                for key, sub in field.fields.items():
                    if key != "name":
                        walk(
                            sub, item.get(key), f"{path}.{item.get('name')}.{key}", f"{ref}[].{key}"
                        )
        elif isinstance(field, Correlations) and value:
            for a, b, rho in value:
                out.append(f"{path}: {a} ~ {b}, rho = {fmt(rho)}")
        elif not isinstance(field, (Correlations, NamedList)):
            leaf(path, value, ref)

    walk(SCHEMA, {k: v for k, v in scn.resolved.items() if k != "vendors"}, "", "")
    for name, overrides in scn.vendors:
        for p, v in overrides.items():
            out.append(f"vendors.{name}.overrides.{p} = {_show(v)}")
    return out


if __name__ == "__main__":  # python -m simroi.scenario.reference docs/scenario.md
    target = Path(sys.argv[1])
    head = target.read_text(encoding="utf-8").split(MARKER)[0]
    target.write_text(head + markdown(), encoding="utf-8")
