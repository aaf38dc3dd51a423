"""Scenario YAML file -> plain data plus the line of every dotted path, within bounds.

A scenario is a page or two of YAML; the bounds here only stop hostile or mistaken
input before it costs memory or time: a regular file of at most ``MAX_BYTES`` (no
device, FIFO or socket) holding at most ``MAX_CONTENT`` characters besides
comments (ruamel's pure-Python parser reads about 10,000 values a second, so this
keeps any file to seconds; the shipped scenarios have under 9,000), nesting at
most ``MAX_DEPTH`` deep, at most ``MAX_NODES`` values once every alias is expanded
(an alias bomb is refused in linear time), no number of more than ``MAX_DIGITS``
digits, and parsing time linear in the size of the file (comment blocks included).
Every text is Unicode: a ``\\ud83d`` escape with no partner is refused (it could
not be written to a terminal or a file), an escaped pair (JSON's way of writing 🚀)
is the one character it stands for. The same bounds hold for a value given on the
command line (``--set``, ``--vary``) and for a sweep file: :func:`parse_value`.
"""

from __future__ import annotations

import numbers
import os
import re
import stat
from collections.abc import Mapping

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from simroi.errors import ConfigError
from simroi.scenario.messages import join_path, message, show

__all__ = [
    "MAX_BYTES",
    "MAX_CONTENT",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NODES",
    "check_text",
    "decode",
    "parse_value",
    "parse_yaml",
    "plain",
    "read_bytes",
]

# A scenario is a page or two (100 vendors: ~50 kB); the bounds stop hostile or mistaken
# input and keep the worst case of parsing to seconds.
MAX_BYTES = 2_000_000  # a scenario file
MAX_DEPTH = 64  # nested mappings and lists
MAX_NODES = 200_000  # values once every alias (*name) is expanded
MAX_CONTENT = 256_000  # characters besides comment lines and line breaks
MAX_DIGITS = 1_000  # in a run of digits (values stop at 1e300; Python's int() at 4,300)
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # half of a UTF-16 pair: not a character


def read_bytes(path: str, kind: str = "scenario file") -> bytes:
    """The bytes of a regular file of at most MAX_BYTES (no device, FIFO or socket);
    ``kind`` names what the file should be in the errors."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang (no effect on files)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as fh:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise ConfigError(f"is a directory, not a {kind}", source=path)
            if not stat.S_ISREG(info.st_mode):
                raise ConfigError(
                    f"is not a regular file (a device, pipe or socket); save the {kind} "
                    "to a file and give its path",
                    source=path,
                )
            if info.st_size > MAX_BYTES:
                raise ConfigError(
                    f"is {info.st_size:,} bytes; a {kind} may have at most {MAX_BYTES:,} bytes",
                    source=path,
                )
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError("no such file", source=path) from None
    except IsADirectoryError:
        raise ConfigError(f"is a directory, not a {kind}", source=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    if len(raw) > MAX_BYTES:  # it grew while we read it
        raise ConfigError(f"has more than {MAX_BYTES:,} bytes", source=path)
    return raw


_BLOCK_SCALAR = re.compile(r"(^|[\s:-])[|>][-+0-9]*[ \t]*(#.*)?$", re.MULTILINE)
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)


def _without_comment_lines(text: str) -> str:
    """``text`` with whole-line comments blanked (line numbers kept).

    ruamel's round-trip scanner takes time quadratic in the length of a run of
    comment lines (a 4 MB comment block: 40 s); blank lines cost it nothing. A
    block scalar (``|``, ``>``) may hold lines starting with ``#`` as text, so a
    file that has one is left as it is.
    """
    if _BLOCK_SCALAR.search(text):
        return text
    return _COMMENT_LINE.sub("", text)


def _check_flow_depth(text: str, origin: str) -> None:
    """Refuse ``[[[[...`` or ``{a: {a: ...`` nested past MAX_DEPTH before parsing (linear)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth, quote = 0, ""
    for m in re.finditer(r"[\[\]{}'\"\n#]", text):
        ch = m.group()
        if quote:
            if ch == quote or ch == "\n" and quote == "#":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (m.start() == 0 or text[m.start() - 1] in " \t\n"):
            quote = "#"  # a comment, to the end of the line
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ConfigError(
                    f"nested more than {MAX_DEPTH} levels deep; a scenario needs a few", origin
                )
        elif ch in "]}":
            depth = max(depth - 1, 0)


def _check_size(doc: object, origin: str) -> None:
    """Refuse alias bombs and deep nesting in linear time (shared nodes counted once each)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[object, int, bool]] = [(doc, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if not isinstance(node, (Mapping, list)):
            continue
        if depth > MAX_DEPTH:
            raise ConfigError(
                f"nested more than {MAX_DEPTH} levels deep; a scenario needs a few", origin
            )
        children = [*node.keys(), *node.values()] if isinstance(node, Mapping) else node
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[id(node)] > MAX_NODES:
                raise ConfigError(
                    f"expands to more than {MAX_NODES:,} values once its aliases (*name) "
                    "are expanded; aliases may not multiply the document (an alias bomb?)",
                    origin,
                )
            continue
        if id(node) in sizes:
            continue
        sizes[id(node)] = 1  # in progress: a recursive alias counts once
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children)


def _check_digits(text: str, origin: str) -> None:
    """Refuse a run of more than MAX_DIGITS digits (Python's int() refuses 4,300 with a
    ValueError; no scenario value has more than 301)."""
    found = re.search(f"[0-9]{{{MAX_DIGITS + 1},}}", text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        where = f" (line {line})" if "\n" in text.strip() else ""
        raise ConfigError(
            f"a number of {found.end() - found.start():,} digits{where}; a scenario's "
            f"numbers have at most {MAX_DIGITS:,}",
            origin,
        )


def _load(text: str, origin: str) -> object:
    """``text`` as round-trip YAML nodes (they carry line numbers), within the bounds."""
    content = len(text) - text.count("\n")
    if content > MAX_CONTENT:
        raise ConfigError(
            f"has {content:,} characters of YAML besides comments; a scenario may have "
            f"at most {MAX_CONTENT:,}",
            origin,
        )
    _check_flow_depth(text, origin)
    _check_digits(text, origin)
    try:
        doc = YAML(typ="rt").load(text)
    except RecursionError:
        raise ConfigError(
            f"nested more than {MAX_DEPTH} levels deep; a scenario needs a few", origin
        ) from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        raise ConfigError(f"invalid YAML{where}: {problem}", source=origin) from exc
    except ValueError as exc:  # a scalar YAML reads but Python refuses (2024-02-30)
        raise ConfigError(f"invalid YAML: {exc}", source=origin) from None
    _check_size(doc, origin)
    return doc


def decode(raw: bytes, origin: str) -> str:
    """A file's bytes as UTF-8 text (a byte order mark dropped)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (bad byte at offset {exc.start})", origin) from None


def parse_yaml(raw: bytes, origin: str) -> tuple[dict, dict[str, int]]:
    """A scenario file's bytes -> (plain data, the 1-based line of every dotted path)."""
    doc = _load(_without_comment_lines(decode(raw, origin)), origin)
    if doc is None:
        raise ConfigError(
            "the file is empty; a scenario needs at least 'scenario: {name: ...}'", origin
        )
    if not isinstance(doc, Mapping):
        raise ConfigError(
            f"the top level must be a mapping of sections, got {show(plain(doc))}", origin
        )
    lines: dict[str, int] = {}
    _record_lines(doc, "", lines)
    data = plain(doc)
    check_text(data, lines, origin)
    return data, lines


def parse_value(text: str, origin: str) -> object:
    """A YAML value given as text (``--set PATH=VALUE``, a sweep file) -> plain data, within
    a scenario file's bounds; ``origin`` (``--set costs.seats``) starts every error."""
    data = plain(_load(text, origin))
    check_text(data, {}, origin)
    return data


def check_text(data: object, lines: Mapping[str, int], origin: str | None) -> None:
    """Refuse a text (a value or a key) of plain ``data`` holding half of a UTF-16 pair
    (``"\\ud83d x"``: no terminal or file takes it), naming its path and line."""
    found = []
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                sub = join_path(path, _escaped(str(key)))
                if _SURROGATE.search(str(key)):
                    found.append((sub, str(key)))
                stack.append((sub, value))
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(node))
        elif isinstance(node, str) and _SURROGATE.search(node):
            found.append((path, node))
    problems = []
    for path, text in sorted(found):
        rule = f"contains an unpaired surrogate {_escaped(_SURROGATE.search(text).group())}"
        problems.append(message(path, rule, lines) if path else rule)
    if problems:
        raise ConfigError(problems, origin)


def _escaped(text: str) -> str:
    """``text`` with each surrogate written as its escape (``\\ud83d``): printable."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def plain(node: object) -> object:
    """YAML nodes / user dicts -> plain dict, list, str, int, float, bool, None (deep copy)."""
    if isinstance(node, Mapping):
        return {_plain_key(k): plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, numbers.Integral):
        return int(node)
    if isinstance(node, numbers.Real):
        return float(node)
    if isinstance(node, str):
        return _paired(str(node))
    return node  # None, or something validation will reject by type (a date, a tag)


def _paired(text: str) -> str:
    """``text`` with each escaped UTF-16 pair (``"\\ud83d\\ude80"``) made the character it
    stands for (🚀); a surrogate with no partner is left for :func:`check_text`."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _plain_key(key: object) -> object:
    """A mapping key as plain data; a YAML complex key (``? [a, b]``) becomes its text."""
    data = plain(key)
    return str(data) if isinstance(data, (dict, list)) else data


def _record_lines(node: object, path: str, lines: dict[str, int]) -> None:
    """Map every dotted path of a round-trip YAML tree to its 1-based line."""
    if isinstance(node, Mapping) and hasattr(node, "lc"):
        for key, value in node.items():
            sub = join_path(path, str(_plain_key(key)))
            try:
                lines.setdefault(sub, node.lc.key(key)[0] + 1)
            except (KeyError, TypeError, AttributeError):  # merged (<<) keys carry no position
                pass
            _record_lines(value, sub, lines)
    elif isinstance(node, list) and hasattr(node, "lc"):
        for i, item in enumerate(node):
            name = item.get("name") if isinstance(item, Mapping) else None
            subs = [f"{path}[{i}]"] + ([join_path(path, name)] if isinstance(name, str) else [])
            for sub in subs:
                try:
                    lines.setdefault(sub, node.lc.item(i)[0] + 1)
                except (KeyError, TypeError, AttributeError):
                    pass
                _record_lines(item, sub, lines)
