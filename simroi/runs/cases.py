"""A batch of cases in its folder: its table written as cases finish, and kept for a resume.

The finished cases go, a chunk at a time, to two places (:class:`CasesWriter`):

* the folder's ``cases.partial/`` (:data:`PARTIAL`), which outlives an interrupted
  batch: ``state.json`` (the batch's fingerprint, seed and number of cases) and
  ``part-000000.parquet``, ``part-000001.parquet``, ... (consecutive cases, each
  written whole under a hidden name, then renamed);
* ``cases.csv`` and ``cases.parquet`` in the staging folder, appended chunk by chunk
  (:mod:`simroi.runs.staging` publishes them when the batch is done).

A resumed batch (:func:`open_partial`) replays the kept chunks into the new staging
folder before it runs the rest, so its files equal an uninterrupted batch's: cases.csv
byte for byte, cases.parquet row for row (only its row groups may differ). A folder
may come from anyone, so what is read back is checked, never trusted: the state's
fingerprint must be this batch's, and every part a regular file named in sequence, of
the batch's columns and types, no more rows than its bytes or the cases left, holding
exactly the ids, overrides and seeds this batch gives those cases.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simroi.errors import ConfigError, SimroiError
from simroi.runs.atomic import partial_path, replace_atomically
from simroi.runs.fields import Anything, Items, Number, Record, Text
from simroi.runs.jsonfiles import load_json, write_json
from simroi.runs.layout import CASES_CSV, CASES_TABLE, PARTIAL

__all__ = [
    "CASES",
    "CasesWriter",
    "Partial",
    "case_schema",
    "open_partial",
    "read_cases_table",
    "read_part",
    "remove_partial",
    "rows_table",
]

STATE = "state.json"
_PART = re.compile(r"part-([0-9]{6})\.parquet")
_FORMAT = 1  # of cases.partial: a resume refuses any other
CHUNK_ROWS = 1000  # cases per chunk at most,
CHUNK_SECONDS = 10.0  # and a chunk at least this often: an interruption loses little
_STATE_BYTES = 10_000
_MAX_SEED = 2**128 - 1


_EXTREME = Items(Record({"case": Text(1000), "prob_roi_positive": Number(0, 1)}), most=100)
#: The schema of cases.json (simroi.runs.schema checks it on read).
CASES = Record(
    {
        "template": Text(1000),
        "template_source": Text(4096),
        "rows_source": Text(4096),
        "cases": Number(1, integer=True),
        "overridden": Items(Text(1000), most=100_000),
        "iterations": Number(1, integer=True, null=True),
        "seed": Number(0, _MAX_SEED, integer=True),
        "sampler": Text(20, null=True),
        "columns": Items(Text(1000), most=100_100),
        "lowest_prob_roi_positive": _EXTREME,
        "highest_prob_roi_positive": _EXTREME,
        **{k: Anything() for k in ("notes",)},
    },
    required=("cases", "seed", "columns"),
)


def case_schema(paths: Sequence[str], numeric: Mapping[str, bool], figures: Sequence[str]):
    """The columns of cases.csv and cases.parquet: ``case``, one per overridden path
    (float, or JSON text: :mod:`simroi.analysis.headline`), the ``figures`` (float;
    ``currency`` text) and ``seed`` (the case's seed, as decimal text: 128 bits)."""
    fields = [pa.field("case", pa.string())]
    fields += [pa.field(p, pa.float64() if numeric[p] else pa.string()) for p in paths]
    fields += [pa.field(f, pa.string() if f == "currency" else pa.float64()) for f in figures]
    fields.append(pa.field("seed", pa.string()))
    return pa.schema(fields)


def rows_table(rows: Sequence[Mapping[str, object]], schema: pa.Schema) -> pa.Table:
    """``rows`` (dicts of ``schema``'s columns) as a table; NaN stored as null (as pandas
    writes it), so that a table read back equals the one written."""
    return pa.Table.from_arrays(
        [pa.array([r[f.name] for r in rows], f.type, from_pandas=True) for f in schema],
        schema=schema,
    )


class CasesWriter:
    """Rows of finished cases, in case order, to the partial folder and the staging folder.

    Call :meth:`add` with each case's row (a dict of the schema's columns), then
    :meth:`close`; :meth:`replay` first hands it the chunks a resumed batch kept.
    :meth:`save` writes the rows not yet kept (an interrupted batch keeps them).
    """

    def __init__(self, staging: Path, partial: Path, schema: pa.Schema) -> None:
        self.schema, self.partial = schema, partial
        self.csv, self.table = staging / CASES_CSV, staging / CASES_TABLE
        self.rows = 0  # rows written to the staging files
        self.kept = 0  # rows kept in the partial folder
        self._pending: list[dict] = []
        self._since = time.monotonic()
        self._parts = len(_parts(partial))
        self._writer: pq.ParquetWriter | None = None
        self._hidden = partial_path(self.table)

    def _emit(self, table: pa.Table) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._hidden, self.schema)
        self._writer.write_table(table)
        with open(self.csv, "a", encoding="utf-8", newline="") as f:
            table.to_pandas().to_csv(f, header=self.rows == 0, index=False, lineterminator="\n")
        self.rows += table.num_rows

    def replay(self, table: pa.Table) -> None:
        """A chunk a resumed batch kept, written to the staging files only."""
        self._emit(table)
        self.kept += table.num_rows

    def add(self, row: Mapping[str, object]) -> None:
        self._pending.append(dict(row))
        due = time.monotonic() - self._since >= CHUNK_SECONDS
        if len(self._pending) >= CHUNK_ROWS or due:
            self._flush(emit=True)

    def save(self) -> None:
        """Keep the rows not yet kept in the partial folder (nothing else is written)."""
        if self._pending:
            self._flush(emit=False)

    def _flush(self, *, emit: bool) -> None:
        table = rows_table(self._pending, self.schema)
        name = self.partial / f"part-{self._parts:06d}.parquet"
        replace_atomically(name, lambda tmp: pq.write_table(table, tmp))
        self._parts += 1
        self.kept += table.num_rows
        self._pending, self._since = [], time.monotonic()
        if emit:
            self._emit(table)

    def close(self) -> None:
        """Keep and write the last rows; give cases.parquet its name."""
        if self._pending:
            self._flush(emit=True)
        if self._writer is None:
            self._emit(self.schema.empty_table())
        self._writer.close()
        os.replace(self._hidden, self.table)

    def discard(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(OSError):
                self._writer.close()
        with contextlib.suppress(OSError):
            self._hidden.unlink(missing_ok=True)


# --------------------------------------------------------------------------- the partial folder


class Partial:
    """A batch's ``cases.partial`` folder: where it is, the seed, the chunks kept."""

    def __init__(self, path: Path, seed: int, parts: list[Path]) -> None:
        self.path, self.seed, self.parts = path, seed, parts


def _parts(folder: Path) -> list[Path]:
    try:
        names = [n for n in os.listdir(folder) if _PART.fullmatch(n)]
    except OSError:
        return []
    return [folder / n for n in sorted(names)]


def _refuse(shown: Path, problem: str) -> SimroiError:
    return SimroiError(
        f"output directory {shown}: {PARTIAL}/{problem}; use --force to start the batch "
        "over, or choose another directory"
    )


def _state(path: Path, shown: Path) -> dict:
    """state.json, checked: {format, fingerprint, seed, cases}."""
    try:
        data = load_json(path / STATE, _STATE_BYTES)
    except ConfigError as exc:
        raise _refuse(shown, f"{STATE}: {exc.errors[0]}") from None
    ok = (
        isinstance(data, dict)
        and data.get("format") == _FORMAT
        and isinstance(data.get("fingerprint"), str)
        and re.fullmatch(r"[0-9a-f]{64}", data["fingerprint"]) is not None
        and isinstance(data.get("seed"), int)
        and not isinstance(data["seed"], bool)
        and 0 <= data["seed"] <= _MAX_SEED
        and isinstance(data.get("cases"), int)
        and not isinstance(data["cases"], bool)
    )
    if not ok:
        raise _refuse(shown, f"{STATE}: not the state of a batch of cases (format {_FORMAT})")
    return data


def open_partial(
    target: Path,
    shown: Path,
    *,
    fingerprint: str,
    seed: int,
    cases: int,
    resume: bool,
    force: bool,
) -> Partial:
    """The partial folder of the batch about to run in ``target`` (shown as ``shown``).

    Without one, it is created (the batch starts at case 0, drawing with ``seed``). With
    one: ``resume`` continues it when it is this batch's (its fingerprint; its seed is
    used); ``force`` removes it and starts over; neither is an error saying so.
    """
    path = target / PARTIAL
    if os.path.lexists(path):
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode):
            raise _refuse(shown, " is not a folder")
        empty = not os.path.lexists(path / STATE) and not _parts(path)
        if (force and not resume) or empty:  # empty: killed before its state was written
            remove_partial(target)
        else:
            state = _state(path, shown)
            done = sum(pq.ParquetFile(p).metadata.num_rows for p in _checked_parts(path, shown))
            if not resume:
                raise SimroiError(
                    f"output directory {shown} holds an unfinished batch ({done:,} of "
                    f"{state['cases']:,} cases finished); add --resume to finish it, or "
                    "--force to start over"
                )
            if state["fingerprint"] != fingerprint or state["cases"] != cases:
                raise _refuse(
                    shown,
                    f"{STATE}: an unfinished batch of another template, rows file or options "
                    "(-n, --seed, --sampler, --set, simroi's version); resume it with the "
                    "command that started it",
                )
            return Partial(path, state["seed"], _checked_parts(path, shown))
    path.mkdir(exist_ok=True)  # a folder left with only files of the user's
    state = {"format": _FORMAT, "fingerprint": fingerprint, "seed": int(seed), "cases": cases}
    write_json(path / STATE, state)
    return Partial(path, int(seed), [])


def _checked_parts(path: Path, shown: Path) -> list[Path]:
    """The parts, named in sequence from 0, each a regular file."""
    parts = _parts(path)
    for i, p in enumerate(parts):
        if p.name != f"part-{i:06d}.parquet":
            raise _refuse(shown, f"{p.name}: the parts must be numbered from 0 without a gap")
        if not stat.S_ISREG(os.lstat(p).st_mode):
            raise _refuse(shown, f"{p.name}: not a regular file")
    return parts


def read_part(
    part: Path, shown: Path, schema: pa.Schema, start: int, left: int, expected
) -> pa.Table:
    """A kept chunk, once it is what this batch writes for its cases: the batch's columns,
    1 to ``left`` rows (the cases left) and no more than its bytes, and the columns of
    ``expected(start, stop)`` (a table of what the cases are: ids, overrides, seeds) equal."""
    try:
        with pq.ParquetFile(part) as file:
            rows, found = file.metadata.num_rows, file.schema_arrow
            if not found.equals(schema):
                raise _refuse(shown, f"{part.name}: not this batch's columns")
            if not 1 <= rows <= min(left, part.stat().st_size):
                raise _refuse(shown, f"{part.name}: {rows:,} rows; must be 1 to {left:,}")
            table = file.read()
    except (OSError, pa.ArrowException) as exc:
        raise _refuse(shown, f"{part.name}: cannot be read as Parquet ({exc})") from None
    fixed = expected(start, start + rows)
    for column in fixed.schema.names:
        if not table.column(column).equals(fixed.column(column)):
            raise _refuse(shown, f"{part.name}: column {column!r} is not this batch's cases")
    return table


def remove_partial(target: Path) -> None:
    """Remove ``target``'s partial folder: its state, its parts and the hidden files of
    their writes; anything else in it stays (and so does the folder)."""
    path = target / PARTIAL
    if not os.path.lexists(path) or not stat.S_ISDIR(os.lstat(path).st_mode):
        return
    ours = re.compile(r"state\.json|part-[0-9]{6}\.parquet|\.(state\.json|part-[0-9]{6}\.parquet)"
                      r"\.partial-[0-9a-f]{8}\.(json|parquet)")  # fmt: skip
    for name in os.listdir(path):
        if ours.fullmatch(name) and not os.path.isdir(path / name):
            with contextlib.suppress(OSError):
                os.unlink(path / name)
    with contextlib.suppress(OSError):
        path.rmdir()


MAX_TABLE_BYTES = 2_000_000_000  # of cases.parquet read for a report (10^6 cases: ~100 MB)
#: The columns of cases.parquet that hold probabilities (0 to 1, never missing).
PROBABILITIES = ("prob_roi_positive", "prob_npv_positive", "payback_within_headline",
                 "payback_prob_never")  # fmt: skip


def read_cases_table(folder: Path, cases: int, overridden: Sequence[str]) -> pa.Table:
    """A batch folder's ``cases.parquet`` for its report, once it is what a batch writes:
    at most :data:`MAX_TABLE_BYTES`, ``cases`` rows (cases.json's count) and no more
    than its bytes, ``case`` and ``currency`` as text, every figure a number (the
    probabilities from 0 to 1, the iterations at least 1, nothing infinite), and the
    ``overridden`` columns.

    Raises
    ------
    ConfigError
        Naming the file, the column, the rule and the value found.
    """
    from simroi.analysis.cases import FIGURES

    path = folder / CASES_TABLE
    text, numbers = ("case", "currency"), [f for f in FIGURES if f != "currency"]
    try:
        with pq.ParquetFile(path) as file:
            rows, schema = file.metadata.num_rows, file.schema_arrow
            errors, size = [], path.stat().st_size
            if size > MAX_TABLE_BYTES:
                errors.append(f"{size:,} bytes; at most {MAX_TABLE_BYTES:,} are read")
            elif rows > size:  # a case takes dozens of bytes: a decompression bomb
                errors.append(f"{rows:,} rows in {size:,} bytes: more rows than bytes")
            elif rows != cases:
                errors.append(f"{rows:,} rows; cases.json says {cases:,} cases")
            for name in (*text, *numbers, *overridden):
                if name not in schema.names:
                    errors.append(f"column {name!r}: missing")
                elif name in text and not pa.types.is_string(schema.field(name).type):
                    errors.append(f"column {name!r}: must be text, got {schema.field(name).type}")
                elif name in numbers and not _numeric(schema.field(name).type):
                    errors.append(
                        f"column {name!r}: must be numbers, got {schema.field(name).type}"
                    )
            if errors:
                raise ConfigError(errors, source=str(path))
            table = file.read(columns=list(dict.fromkeys((*text, *overridden, *numbers))))
    except (OSError, pa.ArrowException) as exc:
        raise ConfigError([f"cannot be read as Parquet ({exc})"], source=str(path)) from None
    errors = []
    for name in numbers:
        values = table.column(name).to_numpy(zero_copy_only=False).astype(float)
        if name in PROBABILITIES:
            bad, rule = ~((values >= 0) & (values <= 1)), "must be a probability from 0 to 1"
        elif name == "iterations":
            bad, rule = ~((values >= 1) & np.isfinite(values)), "must be at least 1"
        else:  # NaN: a figure a case does not have (no payback within the horizon)
            bad, rule = np.isinf(values), "must be a finite number (or empty)"
        if bad.any():
            i = int(np.argmax(bad))
            errors.append(f"column {name!r}, row {i + 1}: {rule}, got {float(values[i])!r}")
    if errors:
        raise ConfigError(errors, source=str(path))
    return table


def _numeric(kind: pa.DataType) -> bool:
    return pa.types.is_floating(kind) or pa.types.is_integer(kind)
