"""``simroi explain``: a resolved scenario, one ``path = value  [unit]`` line per key.

Units come from :data:`simroi.scenario.keydocs.KEYDOCS` (``currency`` replaced by
the scenario's); a value the file (or a ``--set``) does not write is its key's
default and is marked ``*``, so a reader sees what the file set (a value written
equal to its default is not marked).
"""

from __future__ import annotations

import json
import textwrap

from simroi.scenario.keydocs import KEYDOCS
from simroi.scenario.schema import SCHEMA, Correlations, NamedList, NumMap, Section, fmt

__all__ = ["explain", "fit"]

WIDTH = 80  # a terminal: every line of ``simroi explain`` fits in it


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


def fit(line: str, width: int = WIDTH) -> list[str]:
    """One ``path = value  [unit]`` entry in lines of at most ``width`` characters.

    An entry too long for one line puts its value (with unit and mark) on the
    following lines, indented by four spaces and wrapped at spaces; a single word
    longer than the width (which no scenario key is) is left whole.
    """
    if len(line) <= width:
        return [line]
    head, sep, rest = line.partition(" = ")
    if not sep:
        head, rest = line, ""
    wrap = {"width": width, "break_long_words": False, "break_on_hyphens": False}
    out = textwrap.wrap(head + sep.rstrip(), subsequent_indent="    ", **wrap)
    if rest:
        out += textwrap.wrap(rest, initial_indent="    ", subsequent_indent="    ", **wrap)
    return out


def explain(scn, width: int = WIDTH) -> list[str]:
    """The resolved scenario, one ``path = value  [unit]`` entry per leaf; ``*`` marks defaults.

    Every line fits in ``width`` columns (see :func:`fit`).
    """
    out = []

    def leaf(path: str, value: object) -> None:
        unit = _unit(path, scn.currency)
        mark = "" if path in scn.written else "  *"
        out.append(f"{path} = {_show(value)}" + (f"  [{unit}]" if unit else "") + mark)

    def walk(field: object, value: object, path: str) -> None:
        if isinstance(field, Section) and isinstance(value, dict):
            for key, sub in field.fields.items():
                walk(sub, value.get(key), f"{path}.{key}" if path else key)
        elif isinstance(field, NumMap) and isinstance(value, dict):
            for key, sub in value.items():
                leaf(f"{path}.{key}", sub)
        elif isinstance(field, NamedList) and isinstance(value, list):
            for item in value:
                for key, sub in field.fields.items():
                    if key != "name":
                        walk(sub, item.get(key), f"{path}.{item.get('name')}.{key}")
        elif isinstance(field, Correlations) and value:
            for a, b, rho in value:
                out.append(f"{path}: {a} ~ {b}, rho = {fmt(rho)}")
        elif not isinstance(field, (Correlations, NamedList)):
            leaf(path, value)

    walk(SCHEMA, {k: v for k, v in scn.resolved.items() if k != "vendors"}, "")
    for name, overrides in scn.vendors:
        for p, v in overrides.items():
            out.append(f"vendors.{name}.overrides.{p} = {_show(v)}")
    return [part for line in out for part in fit(line, width)]
