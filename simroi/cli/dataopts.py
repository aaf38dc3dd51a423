"""Options shared by the data commands (baseline, fit, evaluate): sheets, columns, file formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import click
from ruamel.yaml import YAML, YAMLError

from simroi.errors import ConfigError


def column_options(f):
    """--sheet, --column ROLE=NAME (repeatable) and --mapping FILE."""
    f = click.option(
        "--mapping",
        type=click.Path(dir_okay=False, path_type=Path),
        help="YAML file of role: column name (e.g. created: 创建日期).",
    )(f)
    f = click.option(
        "--column",
        multiple=True,
        metavar="ROLE=NAME",
        help="The column of a role, e.g. --column created='Opened On' (repeatable).",
    )(f)
    f = click.option("--sheet", help="Sheet of an Excel workbook with several sheets.")(f)
    return f


_OUTCOMES = ("won", "lost", "open")
_DELIMITERS = {",": ",", "comma": ",", ";": ";", "semicolon": ";", "tab": "\t", "\\t": "\t",
               "\t": "\t", "|": "|", "pipe": "|"}  # fmt: skip
_DECIMALS = {",": ",", "comma": ",", ".": ".", "point": ".", "dot": "."}


_READ_OPTIONS = (  # in the order --help lists them
    ("--encoding", "NAME", "Text encoding, e.g. gbk, utf-16, cp1252 (default: detected)."),
    ("--delimiter", "CHAR", "Field delimiter: , ; tab or | (default: sniffed)."),
    ("--decimal", "MARK", "Decimal mark of the numbers: , or . (default: per column)."),
    ("--date-format", "FORMAT", "Dates: dayfirst, monthfirst, or a format such as %d/%m/%Y "
     "(default: decided per column from its cells)."),
)  # fmt: skip


def read_options(*, dates: bool = True):
    """--encoding, --delimiter, --decimal (and --date-format where dates are read)."""

    def add(f):
        for name, metavar, text in reversed(_READ_OPTIONS[: 4 if dates else 3]):
            f = click.option(name, metavar=metavar, help=text)(f)
        return f

    return add


def make_read_options(encoding=None, delimiter=None, decimal=None, date_format=None):
    """The ReadOptions of the command line's values, each checked."""
    import datetime as dt

    from simroi.data.text import ReadOptions

    if encoding is not None:
        try:
            b"a".decode(encoding)
        except LookupError:
            raise ConfigError(f"--encoding {encoding}: unknown text encoding (e.g. utf-8, gbk, "
                              "utf-16, cp1252)") from None  # fmt: skip
    if delimiter is not None:
        if delimiter.lower() not in _DELIMITERS:
            raise ConfigError(f"--delimiter {delimiter!r}: must be one of , ; tab |")
        delimiter = _DELIMITERS[delimiter.lower()]
    if decimal is not None:
        if decimal.lower() not in _DECIMALS:
            raise ConfigError(f"--decimal {decimal!r}: must be , or .")
        decimal = _DECIMALS[decimal.lower()]
    if date_format is not None and date_format not in ("dayfirst", "monthfirst"):
        day = dt.date(2024, 3, 25)
        try:
            ok = dt.datetime.strptime(day.strftime(date_format), date_format).date() == day
        except ValueError:
            ok = False
        if not ok:
            raise ConfigError(f"--date-format {date_format}: not a date format with day, month "
                              "and year (e.g. %d/%m/%Y), dayfirst or monthfirst")  # fmt: skip
    return ReadOptions(encoding, delimiter, decimal, date_format)


def parse_columns(pairs, mapping: Path | None, roles: Mapping[str, bool]) -> dict[str, str]:
    """ROLE=NAME pairs over a mapping file's; an unknown role or a bad pair is an error."""
    return parse_mapping(pairs, mapping, roles)[0]


def parse_mapping(pairs, mapping: Path | None, roles: Mapping[str, bool]):
    """(columns, stages): ROLE=NAME pairs over a mapping file's roles; its ``stages:`` section.

    The file is ``role: column name`` lines and optionally ``stages: {won: [...], lost:
    [...], open: [...]}``, stage names beyond the known ones.
    """
    out: dict[str, str] = {}
    stages: dict[str, list[str]] = {}
    if mapping is not None:
        try:
            data = YAML(typ="safe").load(mapping.read_text(encoding="utf-8"))
        except (OSError, YAMLError) as e:
            reason = " ".join(str(e).split())
            raise ConfigError(f"{mapping}: cannot read the column mapping ({reason})") from None
        if isinstance(data, dict) and "stages" in data:
            data = dict(data)
            stages = _stages(mapping, data.pop("stages"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ConfigError(f"{mapping}: must be a mapping of role: column name, got {data!r}")
        out.update({str(k): v for k, v in data.items()})
    for pair in pairs:
        role, sep, name = pair.partition("=")
        if not sep or not role.strip() or not name.strip():
            raise ConfigError(f"--column {pair}: must be ROLE=NAME, e.g. created='Opened On'")
        out[role.strip()] = name.strip()
    unknown = [r for r in out if r not in roles]
    if unknown:
        raise ConfigError(
            f"--column {unknown[0]}=...: unknown role {unknown[0]!r} (roles: {', '.join(roles)})"
        )
    return out, stages


def _stages(mapping: Path, value: object) -> dict[str, list[str]]:
    ok = isinstance(value, dict) and all(
        k in _OUTCOMES and isinstance(v, list) and all(isinstance(w, str | int) for w in v)
        for k, v in value.items()
    )
    if not ok:
        raise ConfigError(f"{mapping}: stages: must be a mapping of won, lost or open to a list "
                          f"of stage names, got {value!r}")  # fmt: skip
    return {k: [str(w) for w in v] for k, v in value.items()}


def parse_where(pairs) -> list[tuple[str, str]]:
    """COLUMN=VALUE pairs of --where."""
    out = []
    for pair in pairs:
        column, sep, value = pair.partition("=")
        if not sep or not column.strip():
            raise ConfigError(f"--where {pair}: must be COLUMN=VALUE, e.g. Stage='Closed Won'")
        out.append((column.strip(), value.strip()))
    return out


def parse_date(text: str | None, option: str) -> float | None:
    """YYYY-MM-DD as days since 1970-01-01; None stays None."""
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"{option} {text}: must be a date YYYY-MM-DD") from None
    return float((day - dt.date(1970, 1, 1)).days)


def check_new(path: Path, *, force: bool) -> None:
    """An output file may be written: absent, or a file and ``force``; no file among its folders."""
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: exists and is not a file")
    if path.exists() and not force:
        raise ConfigError(f"{path}: exists; use --force to replace it")
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise ConfigError(f"{path}: {folder} is a file, not a folder")
            break


def write_text(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` atomically; an existing file needs ``force``."""
    from simroi.runs.atomic import WriteError, replace_atomically

    check_new(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(path, exc) from None
    replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
