"""Scenario file or dict -> validated :class:`Scenario` (docs/scenario.md), vendors included.

The rules themselves (keys, defaults, ranges, correlations, costs) are in
:mod:`simroi.scenario.schema`; this module reads YAML (keeping line numbers), applies
vendor overrides, and builds the :class:`Scenario`. Every problem of a file is
collected, then one :class:`~simroi.errors.ConfigError` lists them all, each as

    <dotted.path> (line N): <rule>, got <value>

(`` (line N)`` only when the scenario came from a file). List items are named
by their ``name`` (``risks.integration overrun.probability``), or by their
index (``risks[2]``) while they have no valid name. A vendor's problems read
``vendors.<name>: <message>`` or ``vendors.<name>.overrides.<path>: ...``.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping

from simroi.errors import ConfigError
from simroi.scenario.messages import hint, message, show, under
from simroi.scenario.schema import NOT_OVERRIDABLE, SCHEMA, NamedList, NumMap, Section
from simroi.scenario.structure import Scenario, build
from simroi.scenario.validate import Checker, check
from simroi.scenario.yamlfile import check_text, parse_yaml, plain, read_bytes

__all__ = [
    "Scenario",
    "apply_overrides",
    "load_scenario",
    "load_variants",
    "variant_notes",
    "vendor_scenario",
]

# Paths --set and sweeps may not change (a variant is a scenario, not a vendor comparison).
LOCKED_FOR_VARIANTS = ("vendors",)


def load_scenario(
    source: str | os.PathLike | Mapping, *, overrides: Mapping[str, object] | None = None
) -> Scenario:
    """Load and validate a scenario, with every vendor's overrides.

    Parameters
    ----------
    source : str, path-like or dict
        A YAML file (YAML 1.2, so ``1e6`` is a number; duplicate keys are
        errors), or the same content as a dict.
    overrides : mapping of str to object, optional
        Dotted path -> value applied before validation (``--set``), in the
        vendors' override syntax; unlike a vendor's, they may also change the
        ``scenario`` and ``simulation`` sections. The result is validated like
        the file; a problem at an overridden path carries no line number.

    Returns
    -------
    Scenario
        Defaults filled; ``sha256`` is that of the file bytes, or of the
        canonical JSON (sorted keys) of a dict.

    Raises
    ------
    ConfigError
        Listing every problem found, including those of each vendor's scenario.
    """
    return next(load_variants(source, [overrides or {}]))


def load_variants(
    source: str | os.PathLike | Mapping,
    variants: Iterable[Mapping[str, object]],
    *,
    errors: list[ConfigError] | None = None,
) -> Iterator[Scenario | None]:
    """The scenario of each set of overrides, lazily, reading and parsing ``source`` once.

    Each item of ``variants`` is what :func:`load_scenario`'s ``overrides`` takes;
    the scenarios come in the same order. A variant's problems raise
    :class:`ConfigError` when that variant is reached; with an ``errors`` list,
    they are appended to it instead and None is yielded in that variant's place.
    """
    if isinstance(source, Mapping):
        origin, lines, digest, data = None, {}, None, plain(source)
        check_text(data, lines, origin)
    elif isinstance(source, (str, os.PathLike)):
        origin = os.fspath(source)
        raw = read_bytes(origin)
        digest = hashlib.sha256(raw).hexdigest()
        data, lines = parse_yaml(raw, origin)
    else:
        raise ConfigError(
            f"load_scenario() takes a file path or a dict, got {type(source).__name__}"
        )
    if digest is None:
        digest = hashlib.sha256(_canonical(data)).hexdigest()
    for overrides in variants:
        vdata, vlines, errors_here, applied = data, lines, [], []
        if overrides:
            vdata, problems, applied = _apply(data, overrides, locked=LOCKED_FOR_VARIANTS)
            errors_here = [f"{p}: {t}" for p, t in problems]
            vlines = {k: n for k, n in lines.items() if not any(under(k, o) for o in applied)}
        ck = check(vdata, vlines, pinned=_pins(applied))
        errors_here += ck.errors + _check_vendors(vdata, ck, vlines)
        if problems_of_variant := errors_here:
            if errors is None:
                raise ConfigError(problems_of_variant, source=origin)
            errors.append(ConfigError(problems_of_variant, source=origin))
            yield None
            continue
        yield build(ck, origin, digest)


def variant_notes(
    source: str | os.PathLike | Mapping, variants: Iterable[Mapping[str, object]]
) -> list[str]:
    """The distinct notes of the variants' scenarios, in first-seen order.

    A variant that does not validate adds none (its errors are :func:`load_variants`').
    """
    notes: dict[str, None] = {}
    for scn in load_variants(source, variants, errors=[]):
        notes.update(dict.fromkeys(scn.notes if scn is not None else ()))
    return list(notes)


def apply_overrides(raw: dict, overrides: Mapping[str, object]) -> dict:
    """Return a deep copy of ``raw`` with ``overrides`` applied, in order.

    Parameters
    ----------
    raw : dict
        A scenario as plain data (a loaded file, or ``Scenario.resolved``).
    overrides : mapping of str to object
        Dotted path -> replacement value. List items are addressed by name
        (``risks.integration overrun.probability``); a whole section or list may
        be replaced (``risks: [...]``); optional keys the base omits may be set.

    Raises
    ------
    ConfigError
        For every path that does not exist in the schema (with a hint).
    """
    out, problems, _ = _apply(raw, overrides)
    if problems:
        raise ConfigError([f"{path}: {text}" for path, text in problems])
    return out


def vendor_scenario(scn: Scenario, name: str) -> Scenario:
    """The validated scenario of one vendor: the base with its overrides applied.

    The result keeps the base ``name``, ``source`` and ``sha256`` and has no vendors.

    Raises
    ------
    ConfigError
        When ``scn`` has no vendor ``name`` (or its scenario does not validate,
        which :func:`load_scenario` already rules out).
    """
    vendors = dict(scn.vendors)
    if name not in vendors:
        raise ConfigError(f"vendors: no vendor named {name!r}{hint(name, vendors)}", scn.source)
    base = {k: v for k, v in scn.resolved.items() if k != "vendors"}
    data, problems, applied = _apply(base, vendors[name])
    ck = check(data, {}, pinned=_pins(applied))
    errors = [f"vendors.{name}.overrides.{p}: {t}" for p, t in problems]
    errors += [f"vendors.{name}: {e}" for e in ck.errors]
    if errors:
        raise ConfigError(errors, source=scn.source)
    return build(ck, scn.source, scn.sha256)


def _pins(applied: list[str]) -> list[str] | None:
    """The overridden paths whose inputs leave their correlations (none: the
    correlations themselves are overridden, so they must name uncertain inputs)."""
    return None if any(under("correlations", o) for o in applied) else applied


def _canonical(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, default=str).encode()


# --------------------------------------------------------------------------- vendors


def _check_vendors(data: dict, base: Checker, lines: Mapping[str, int]) -> list[str]:
    """Validate each vendor's scenario; report only the problems the base does not have.

    A vendor's notes (the correlations its overrides drop) join the base's.
    """
    errors = []
    rest = {k: v for k, v in data.items() if k != "vendors"}
    if base.dropped:  # vendors start from the correlations the base kept (vendor_scenario)
        rest["correlations"] = base.resolved["correlations"]
    for name, overrides in base.vendors:
        prefix = f"vendors.{name}"
        vdata, problems, applied = _apply(rest, overrides)
        errors += [message(f"{prefix}.overrides.{p}", t, lines) for p, t in problems]
        vlines = _vendor_lines(lines, prefix, applied)
        vendor = check(vdata, vlines, pinned=_pins(applied))
        errors += [f"{prefix}: {e}" for e in vendor.errors if e not in base.errors]
        base.notes += [f"{prefix}: {n}" for n in vendor.notes]
    return errors


def _vendor_lines(lines: Mapping[str, int], prefix: str, overrides: list[str]) -> dict[str, int]:
    """Lines of a vendor's scenario: an overridden path points at its override."""
    out = {p: n for p, n in lines.items() if not any(under(p, o) for o in overrides)}
    for o in overrides:
        at = f"{prefix}.overrides.{o}"
        out.update({o + p[len(at) :]: n for p, n in lines.items() if under(p, at)})
    return out


def _apply(
    raw: dict, overrides: Mapping, *, locked: tuple[str, ...] = NOT_OVERRIDABLE
) -> tuple[dict, list[tuple[str, str]], list[str]]:
    """Apply the valid overrides to a deep copy: (result, [(path, problem)], applied paths)."""
    out, problems, applied = copy.deepcopy(raw), [], []
    for path, value in overrides.items():
        steps = _override_steps(out, path, locked)
        if isinstance(steps, str):
            problems.append((str(path), steps))
            continue
        node = out
        for (kind, key), (after, _) in zip(steps, steps[1:], strict=False):
            if kind == "item":
                node = next(it for it in node if isinstance(it, dict) and it.get("name") == key)
            else:
                if after == "key" and not isinstance(node.get(key), dict):
                    node[key] = {}  # an omitted (or null) section or mapping
                node = node[key]
        kind, key = steps[-1]
        if kind == "item":
            key = next(
                i for i, it in enumerate(node) if isinstance(it, dict) and it.get("name") == key
            )
        node[key] = plain(value)
        applied.append(path)
    return out, problems, applied


def _override_steps(
    data: dict, path: object, locked: tuple[str, ...] = NOT_OVERRIDABLE
) -> list[tuple[str, str]] | str:
    """The ('key' | 'item', token) steps of a valid override path, or what is wrong with it."""
    if not isinstance(path, str) or not path or not all(path.split(".")):
        return f"no such path: {show(path)} is not a dotted path"
    tokens = path.split(".")
    if tokens[0] in locked and locked is LOCKED_FOR_VARIANTS:
        return "the vendors cannot be overridden here; edit the file or run 'simroi compare'"
    if tokens[0] in locked:
        return (
            f"'{tokens[0]}' cannot be overridden by a vendor: vendors are compared under "
            "the base scenario's settings"
        )
    field, node, steps = SCHEMA, data, []
    for i, token in enumerate(tokens):
        here = ".".join(tokens[:i])
        if isinstance(field, NamedList):
            items = [it for it in node if isinstance(it, dict)] if isinstance(node, list) else []
            names = [it.get("name") for it in items]
            if token not in names:
                return f"no such path: '{here}' has no item named {token!r}{hint(token, names)}"
            field, node = Section(field.fields), items[names.index(token)]
            steps.append(("item", token))
            continue
        if isinstance(field, Section) and token not in field.fields:
            match = difflib.get_close_matches(token, list(field.fields), n=1, cutoff=0.6)
            if match:
                guess = ".".join([*tokens[:i], match[0], *tokens[i + 1 :]])
                return f"no such path; did you mean {guess!r}?"
            return f"no such path: {here or 'the top level'!r} has no key {token!r}"
        if isinstance(field, Section):
            field = field.fields[token]
        elif isinstance(field, NumMap):
            field = field.item
        else:
            return f"no such path: '{here}' is a single value; override it as a whole"
        node = node.get(token) if isinstance(node, dict) else None
        steps.append(("key", token))
    return steps
