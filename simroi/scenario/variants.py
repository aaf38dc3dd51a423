"""Scenario variants: ``--set PATH=VALUE``, ``--vary PATH=V1,V2,...`` grids and sweep files.

A variant is a name and a set of overrides in the vendors' override syntax
(dotted paths, list items by name: ``risks.adoption stalls.probability``). This
module only turns text into those overrides; :func:`simroi.scenario.config.load_variants`
applies and validates them.

A sweep file (``sweep.yaml``) holds named variants, a grid, or both (then every
named variant is crossed with every grid point)::

    variants:
      - name: best case
        overrides: {drivers.conversion_lift: 0.9}
      - name: worst case
        overrides: {drivers.conversion_lift: 0.3, risks.adoption stalls.probability: 0.4}
    vary:
      costs.price_per_seat_month: {linspace: [100, 250, 4]}   # start, stop, count
      costs.seats: {values: [10, 20, 40]}
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Mapping, Sequence

from simroi.errors import ConfigError, SimroiError
from simroi.scenario.yamlfile import decode, parse_value, read_bytes

__all__ = [
    "Variant",
    "grid",
    "parse_assignment",
    "parse_vary",
    "read_sweep_file",
    "sweep_variants",
]

Variant = tuple[str, dict[str, object]]  # (name, overrides)
MAX_VARIANTS = 1_000_000


def _split(text: str, option: str) -> tuple[str, str]:
    path, sep, value = text.partition("=")
    path = path.strip()
    if not sep or not path or not value.strip():
        raise SimroiError(f"{option} {text!r}: expected PATH=VALUE, e.g. costs.seats=20")
    return path, value


def parse_assignment(text: str, option: str = "--set") -> tuple[str, object]:
    """``"costs.seats=20"`` -> ``("costs.seats", 20)``; the value is parsed as YAML.

    So ``x=0.3`` is a number, ``x="{dist: pert, min: 1, mode: 2, max: 3}"`` a
    distribution and ``x=null`` removes an optional value.
    """
    path, value = _split(text, option)
    return path, parse_value(value, f"{option} {path}")


def parse_vary(text: str) -> tuple[str, list[object]]:
    """``"costs.seats=10,20,40"`` -> ``("costs.seats", [10, 20, 40])`` (a YAML flow list).

    Values may be anything YAML writes in a flow sequence, distributions too:
    ``drivers.conversion_lift={dist: uniform, low: 0.2, high: 0.4},0.3``.
    """
    path, value = _split(text, "--vary")
    values = parse_value(f"[{value}]", f"--vary {path}")
    if not isinstance(values, list) or not values:
        raise SimroiError(f"--vary {path}: expected one value or more, got {value!r}")
    return path, values


def _range(path: str, spec: object, where: str) -> list[object]:
    """One ``vary`` entry's values: a list, ``{values: [...]}`` or ``{linspace: [a, b, k]}``."""
    if isinstance(spec, list) and spec:
        return spec
    if isinstance(spec, Mapping) and set(spec) == {"values"}:
        values = spec["values"]
        if isinstance(values, list) and values:
            return values
        raise SimroiError(f"{where}.{path}.values: must be a non-empty list, got {values!r}")
    if isinstance(spec, Mapping) and set(spec) == {"linspace"}:
        return linspace(spec["linspace"], f"{where}.{path}.linspace")
    raise SimroiError(
        f"{where}.{path}: must be a list of values, {{values: [...]}} or "
        f"{{linspace: [start, stop, count]}}, got {spec!r}"
    )


def linspace(spec: object, where: str) -> list[float | int]:
    """``[start, stop, count]`` -> count evenly spaced values, both ends included.

    Whole numbers stay integers when start and stop are integers and every
    value is whole (``[10, 40, 4]`` -> ``[10, 20, 30, 40]``).
    """
    ok = isinstance(spec, list) and len(spec) == 3
    nums = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec)
    if not nums or not all(math.isfinite(v) for v in spec[:2]):
        raise SimroiError(f"{where}: must be [start, stop, count] (numbers), got {spec!r}")
    start, stop, count = spec
    if not isinstance(count, int) or count < 1:
        raise SimroiError(f"{where}: count must be a whole number >= 1, got {count!r}")
    if count == 1:
        values = [float(start)]
    else:
        step = (stop - start) / (count - 1)
        values = [start + i * step for i in range(count - 1)] + [float(stop)]
    if isinstance(start, int) and isinstance(stop, int) and all(v == int(v) for v in values):
        return [int(v) for v in values]
    return [float(v) for v in values]


def _label(value: object) -> str:
    if isinstance(value, Mapping) and "dist" in value:
        return f"{value['dist']}({', '.join(f'{k}={v}' for k, v in value.items() if k != 'dist')})"
    return str(value)


def grid(axes: Sequence[tuple[str, Sequence[object]]]) -> list[Variant]:
    """Every combination of the axes' values, the last axis varying fastest.

    Names read ``costs.seats=10, costs.price_per_seat_month=100``. Repeating a
    path is an error (it would silently keep only the last).
    """
    paths = [p for p, _ in axes]
    for p in paths:
        if paths.count(p) > 1:
            raise SimroiError(f"--vary {p}: given more than once; list all its values in one")
    count = math.prod(len(v) for _, v in axes)
    if count > MAX_VARIANTS:
        raise SimroiError(f"the grid has {count:,} variants, more than {MAX_VARIANTS:,}")
    out = []
    for combo in itertools.product(*(values for _, values in axes)):
        overrides = dict(zip(paths, combo, strict=True))
        out.append((", ".join(f"{p}={_label(v)}" for p, v in overrides.items()), overrides))
    return out


def read_sweep_file(path: str | os.PathLike) -> tuple[list[Variant], list[tuple[str, list]]]:
    """A sweep file -> (named variants, grid axes); see the module docstring."""
    where = os.fspath(path)
    # a scenario file's bounds: a regular file, size, depth, aliases, digits
    doc = parse_value(decode(read_bytes(where, "sweep file"), where), where)
    if not isinstance(doc, Mapping) or not set(doc) <= {"variants", "vary"} or not doc:
        raise ConfigError(
            "a sweep file is a mapping with 'variants' (a list of {name, overrides}) "
            f"and/or 'vary' (path: values), got {_short(doc)}",
            source=where,
        )
    errors, named = [], []
    for i, item in enumerate(doc.get("variants") or []):
        if not (isinstance(item, Mapping) and set(item) <= {"name", "overrides"}):
            errors.append(f"variants[{i}]: must be {{name: ..., overrides: {{...}}}}, got {item!r}")
            continue
        name, overrides = item.get("name"), item.get("overrides") or {}
        if not isinstance(name, str) or not name.strip():
            errors.append(f"variants[{i}].name: must be a non-empty text, got {name!r}")
        elif name in {n for n, _ in named}:
            errors.append(f"variants[{i}].name: {name!r} is used twice")
        elif not isinstance(overrides, Mapping):
            errors.append(f"variants.{name}.overrides: must map paths to values, got {overrides!r}")
        else:
            named.append((name, dict(overrides)))
    axes = []
    vary = doc.get("vary") or {}
    if not isinstance(vary, Mapping):
        errors.append(f"vary: must map paths to values, got {vary!r}")
        vary = {}
    for p, spec in vary.items():
        try:
            axes.append((str(p), _range(str(p), spec, "vary")))
        except SimroiError as exc:
            errors.append(str(exc))
    if errors:
        raise ConfigError(errors, source=where)
    return named, axes


def _short(doc: object) -> str:
    text = repr(doc)
    return text if len(text) <= 60 else text[:57] + "..."


def combine(
    named: Sequence[Variant], axes: Sequence[tuple[str, Sequence[object]]]
) -> list[Variant]:
    """Named variants crossed with the grid of ``axes`` (either may be empty)."""
    points = grid(axes) if axes else []
    if not named:
        return points
    if not points:
        return list(named)
    return [(f"{n}, {g}", {**o, **go}) for n, o in named for g, go in points]


def sweep_variants(
    sweep_file: str | os.PathLike | None, vary: Sequence[tuple[str, Sequence[object]]]
) -> list[Variant]:
    """The variants of a sweep: a sweep file's (named, and its ``vary`` ranges) crossed
    with the grid of ``vary`` (``--vary`` axes); nothing to vary is an error."""
    named, axes = read_sweep_file(sweep_file) if sweep_file is not None else ([], [])
    axes = [*axes, *vary]
    if not named and not axes:
        raise SimroiError("sweep: nothing to vary; give --vary PATH=V1,V2,... or --file sweep.yaml")
    return combine(named, axes)
