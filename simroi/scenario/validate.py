"""The walk of :data:`simroi.scenario.schema.SCHEMA` over a scenario: every problem at once.

:func:`check` collects every problem as ``<dotted.path> (line N): <rule>, got
<value>`` together with the resolved scenario (defaults filled) and the model
inputs by dotted path.
"""

from __future__ import annotations

import copy
import difflib
import math
import re
from collections.abc import Mapping, Sequence

from simroi.errors import ConfigError
from simroi.sampling import distributions, specs
from simroi.sampling.distributions import Distribution
from simroi.scenario import correlations, lines, plausible
from simroi.scenario.messages import hint, join_path, message, show
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

# --------------------------------------------------------------------------- the walk


class Checker:
    """One walk of :data:`SCHEMA` over a scenario: errors, resolved data, inputs."""

    def __init__(self, lines: Mapping[str, int], pinned: Sequence[str] | None = None) -> None:
        self.lines = lines
        self.pinned = pinned  # override paths whose inputs leave their correlations
        self.errors: list[str] = []
        self.failed: set[str] = set()  # paths with an error (inputs there are unusable)
        self.inputs: dict[str, float | Distribution] = {}
        self.vendors: list[tuple[str, dict]] = []  # the vendors worth applying
        self.resolved: dict = {}
        self.warnings: list[str] = []  # legal but unusual values (data, not Python warnings)
        self.notes: list[str] = []  # what an override changed besides its value
        self.dropped: list[list] = []  # correlations entries dropped for a pinned input
        self.written: set[str] = set()  # the paths the scenario gives (the rest: defaults)
        self.schedules: list[tuple[str, int]] = []  # (path, years given), checked against H
        self.months: list[tuple[str, int]] = []  # (path, month) of one-time payments

    def error(self, path: str, text: str) -> None:
        self.errors.append(message(path, text, self.lines))
        self.failed.add(path)

    def warn(self, path: str, text: str) -> None:
        self.warnings.append(message(path, text, self.lines))

    def note(self, path: str, text: str) -> None:
        self.notes.append(message(path, text, self.lines))

    def touched(self, path: str) -> bool:
        """Whether ``path``, an ancestor or a descendant of it had an error."""
        return any(
            f == path
            or f.startswith((path + ".", path + "["))
            or path.startswith((f + ".", f + "["))
            for f in self.failed
        )

    def walk(self, field: object, value: object, path: str) -> object:
        if isinstance(field, Section):
            return self.section(field, value, path)
        if isinstance(field, Num):
            return self.number(field, value, path)
        if isinstance(field, NumMap):
            return self.num_map(field, value, path)
        if isinstance(field, Schedule):
            return lines.schedule(self, field, value, path)
        if isinstance(field, CostLine):
            return lines.cost_line(self, field, value, path)
        if isinstance(field, NumList):
            return self.num_list(field, value, path)
        if isinstance(field, NamedList):
            return self.named_list(field, value, path)
        if isinstance(field, Correlations):
            return correlations.check(self, value, path)
        if isinstance(field, Overrides):
            return self.overrides(value, path)
        ok = {Text: str, Choice: str, Flag: bool}[type(field)]
        if not isinstance(value, ok):
            what = "true or false" if ok is bool else "a string"
            self.error(path, f"must be {what}, got {show(value)}")
        elif isinstance(field, Text) and field.required and not value.strip():
            self.error(path, "must not be empty")
        elif isinstance(field, Choice) and value not in field.options:
            names = ", ".join(repr(o) for o in field.options)
            self.error(
                path, f"must be one of {names}, got {value!r}" + hint(value.lower(), field.options)
            )
        return value

    def default(self, field: object, path: str) -> object:
        if isinstance(field, Num):
            if field.default is None:
                return None
            value = int(field.default) if field.integer else float(field.default)
            if field.dist:
                self.inputs[path] = float(value)
            return value
        if isinstance(field, (Text, Choice, Flag)):
            return field.default
        return self.walk(field, None, path)  # containers: empty (optional ones: null)

    def num_list(self, field: NumList, value: object, path: str) -> list | None:
        if value is None:
            return None
        if not isinstance(value, list) or not value:
            self.error(path, f"must be a non-empty list of numbers, got {show(value)}")
            return value
        out = [self.number(field.item, v, f"{path}[{i}]") for i, v in enumerate(value)]
        if len(set(map(str, out))) != len(out):
            self.error(path, f"must not repeat a value, got {show(value)}")
        return out

    def section(self, schema: Section, value: object, path: str) -> dict | None:
        if value is None and schema.optional:
            return None
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping, got {show(value)}")
            value = {}
        # A misspelled key is reported alone: the key it was meant to be is marked as
        # failed, so neither "required key is missing" nor what depends on its value
        # (a correlation, a baseline check) is reported as well.
        meant = {}
        for key in value:
            if key not in schema.fields:
                close = difflib.get_close_matches(str(key), list(schema.fields), n=1, cutoff=0.6)
                meant[key] = close[0] if close and close[0] not in value else None
        out = {}
        for key, field in schema.fields.items():
            sub = join_path(path, key)
            if key in value:
                self.written.add(sub)
                out[key] = self.walk(field, value[key], sub)
                continue
            if key in meant.values():
                self.failed.add(sub)
            elif getattr(field, "required", False):
                self.error(sub, "required key is missing")
            out[key] = self.default(field, sub)
        known = ", ".join(schema.fields)
        for key in meant:
            guess = hint(key, schema.fields) or f" (known keys: {known})"
            self.error(join_path(path, str(key)), "unknown key" + guess)
        return out

    def number(self, field: Num, value: object, path: str) -> object:
        if value is None and field.nullable:
            return None
        if isinstance(value, dict):
            if not field.dist:
                self.error(
                    path,
                    "must be a constant number (distributions are not allowed here)"
                    f", got {show(value)}",
                )
                return value
            try:
                dist = specs.parse(value, path)
            except ConfigError as exc:
                self.errors += [self.locate(m, path) for m in exc.errors]
                self.failed.add(path)
                return value
            limit = plausible.percent_limit(field)
            percents = plausible.spec_percents(value, limit) if limit is not None else []
            for key, v in percents:
                self.error(f"{path}.{key}", plausible.above_limit_text(field, v))
            if percents:
                return value
            if self.support(field, dist, path):
                for key, v in plausible.spec_percents(value, plausible.HINT_FROM - 1e-12, 100)[:1]:
                    self.errors[-1] += f"; {key} = " + plausible.percent_text(v)
            plausible.unusual(self, field, dist, path)
            self.inputs[path] = dist
            return dict(dist.spec)
        what = "a number or a distribution spec" if field.dist else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"must be {what}, got {show(value)}")
            return value
        limit = plausible.percent_limit(field)
        if limit is not None and value > limit:  # inf too: a range error, not a size one
            self.error(path, plausible.above_limit_text(field, value))
            return value
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > 1e300:
            self.error(path, f"must be a finite number of size at most 1e300, got {show(value)}")
            return value
        if field.integer and value != int(value):
            self.error(path, f"must be an integer, got {show(value)}")
            return value
        if not (field.above_lo(value) and field.below_hi(value)):
            hint_ = plausible.percent_hint(field, value)
            self.error(path, f"must be {field.rule()}, got {show(value)}{hint_}")
            return value
        plausible.unusual(self, field, float(value), path)
        if field.dist:
            self.inputs[path] = float(value)
        return int(value) if field.integer else float(value)

    def locate(self, msg: str, path: str) -> str:
        """Add the line to a ``specs.parse`` message that starts with ``path``."""
        if not msg.startswith(path):
            return msg
        rest = msg[len(path) :]
        sub, sep, text = rest.partition(": ")
        if not sep or " " in sub or (sub and sub[0] not in ".["):
            sub, text = "", rest.removeprefix(":").lstrip()
        return message(path + sub, text, self.lines)

    def support(self, field: Num, dist: Distribution, path: str) -> bool:
        """Whether the distribution's support leaves the field's range (an error then)."""
        lo, hi = (float(b) for b in dist.support)
        bad = [b for b, ok in ((lo, field.above_lo(lo)), (hi, field.below_hi(hi))) if not ok]
        if not bad:
            return False
        name = dist.spec.get("dist", "")
        span = f"[{fmt(lo)}, {fmt(hi)}]"
        text = f"must be {field.rule()}, but the {name} distribution's support is {span}"
        if any(math.isinf(b) for b in bad):
            text += (
                "; truncate it with 'min'/'max'"
                if name == "normal"
                else "; use a bounded distribution (uniform, triangular, pert, beta)"
            )
        self.error(path, text)
        return field.hi == 1 and field.percent_above is None

    def num_map(self, field: NumMap, value: object, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of names to amounts, got {show(value)}")
            return {}
        out = {}
        for key, item in value.items():
            if self.bad_name(key, join_path(path, str(key)), "a name"):
                continue
            self.written.add(join_path(path, key))
            out[key] = self.walk(field.item, item, join_path(path, key))
        return out

    def bad_name(self, name: object, path: str, what: str) -> bool:
        if not isinstance(name, str) or not name.strip():
            self.error(path, f"{what} must be a non-empty string, got {show(name)}")
        elif "." in name:
            self.error(path, f"{what} must not contain '.' (paths are dotted), got {name!r}")
        else:
            return False
        return True

    def named_list(self, field: NamedList, value: object, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"must be a list of mappings with a 'name', got {show(value)}")
            return []
        out, seen = [], {}
        item_fields = Section({k: f for k, f in field.fields.items() if k != "name"})
        for i, item in enumerate(value):
            at = f"{path}[{i}]"
            if not isinstance(item, dict):
                self.error(at, f"must be a mapping with a 'name', got {show(item)}")
                continue
            name = item.get("name")
            if "name" not in item:
                self.error(f"{at}.name", "required key is missing")
            elif self.bad_name(name, f"{at}.name", "'name'"):
                pass
            elif name in seen:
                self.error(f"{at}.name", f"duplicate name {name!r} (also {path}[{seen[name]}])")
            else:
                seen[name] = i
                at = join_path(path, name)
            # risks and vendors carry more than their fields: the event, the overrides
            if path == "risks" and not at.endswith("]"):
                self.inputs[at] = 0.0  # the event itself goes before its parameters
            rest = {k: v for k, v in item.items() if k != "name"}
            out.append({"name": name, **self.section(item_fields, rest, at)})
            if at.endswith("]"):
                continue
            if path == "risks" and self.touched(f"{at}.probability"):
                del self.inputs[at]
            elif path == "risks":
                p = out[-1]["probability"]
                self.inputs[at] = distributions.bernoulli(p) if 0 < p < 1 else float(p)
            if path == "vendors" and not self.touched(f"{at}.overrides"):
                self.vendors.append((name, out[-1]["overrides"]))
        return out

    def overrides(self, value: object, path: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of dotted paths to values, got {show(value)}")
            return {}
        for key in value:
            if not isinstance(key, str):
                self.error(path, f"keys must be dotted paths, got {show(key)}")
        return copy.deepcopy(value)


def check_value(field: object, value: object, name: str) -> object:
    """``value`` checked by the rule of the schema ``field``; the errors name it ``name`` (an
    option standing for a key, e.g. ``--hurdle`` for ``simulation.hurdle_rate``)."""
    ck = Checker({})
    checked = ck.walk(field, value, name)
    if ck.errors:
        raise ConfigError(ck.errors)
    return checked


def check(data: dict, lines: Mapping[str, int], *, pinned: Sequence[str] | None = None) -> Checker:
    """Walk :data:`SCHEMA` over ``data``; the result holds errors, resolved data and inputs.

    Parameters
    ----------
    data : dict
        The scenario as plain data.
    lines : mapping of str to int
        The 1-based line of each dotted path in the file (empty for a dict).
    pinned : sequence of str, optional
        The paths overrides changed, when the correlations are not among them:
        an entry naming an input one of them made constant (or removed) is
        dropped with a note (:mod:`simroi.scenario.correlations`), not an error.
    """
    ck = Checker(lines, pinned)
    ck.resolved = ck.section(SCHEMA, data, "")
    plausible.costs_can_be_positive(ck)
    plausible.check_scenario(ck, data)
    ck.errors.sort(key=_line_of)  # file order; problems without a line first
    return ck


def _line_of(text: str) -> int:
    found = re.search(r" \(line (\d+)\): ", text)
    return int(found.group(1)) if found else 0
