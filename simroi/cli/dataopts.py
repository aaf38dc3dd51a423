"""Options shared by the data commands (baseline, fit, evaluate): sheets, column names, dates."""

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


def parse_columns(pairs, mapping: Path | None, roles: Mapping[str, bool]) -> dict[str, str]:
    """ROLE=NAME pairs over a mapping file's; an unknown role or a bad pair is an error."""
    out: dict[str, str] = {}
    if mapping is not None:
        try:
            data = YAML(typ="safe").load(mapping.read_text(encoding="utf-8"))
        except (OSError, YAMLError) as e:
            raise ConfigError(f"{mapping}: cannot read the column mapping ({e})") from None
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
    from simroi.report.atomic import WriteError, replace_atomically

    check_new(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(path, exc) from None
    replace_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
