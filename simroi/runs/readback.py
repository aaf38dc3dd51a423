"""What a run folder holds, read back: its result, manifest and samples.

Every command that writes a folder writes its result as ``<kind>.json`` (the row of
:data:`simroi.runs.layout.FOLDERS`: summary.json for ``run``, compare.json, voi.json
...) and run.json; ``run`` also samples.parquet. :func:`read_run_dir` reads whichever
are there; a folder with none of them is an error naming it. A folder is input (people
forward them), so each file is checked against its schema on read
(:mod:`simroi.runs.schema`): past that, the reports can trust it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from simroi.errors import ConfigError, SimroiError
from simroi.runs.layout import FOLDERS, RUN_JSON, SAMPLES, SUMMARY
from simroi.runs.parquet import check_samples
from simroi.runs.schema import read_json

__all__ = ["RunFolder", "read_run_dir"]

_READ = (  # RunFolder attribute, file: the results the reports read most, and run.json
    ("summary", SUMMARY),
    ("manifest", RUN_JSON),
    ("sensitivity", FOLDERS["sensitivity"].result),
    ("comparison", FOLDERS["compare"].result),
)
# The kind a folder is, by the result it holds: the first found (a batch writes the
# same sweep.json as a sweep; its run.json lists its scenarios).
_KINDS = ("run", "compare", "sensitivity", "sweep", "voi", "breakeven", "stress", "reforecast",
          "evaluate", "baseline", "fit", "scorecard", "cases")  # fmt: skip


@dataclass(frozen=True)
class RunFolder:
    """The JSON files of one output folder (None for those it does not hold)."""

    path: Path
    summary: dict | None = None
    manifest: dict | None = None
    sensitivity: dict | None = None
    comparison: dict | None = None
    samples_path: Path | None = None
    samples: Any = None  # an in-memory DataFrame of samples (notebook use), else None
    kind: str = "run"  # the command that wrote it: a key of simroi.runs.layout.FOLDERS
    result: dict | None = None  # its <kind>.json (summary.json for a run), checked

    def columns(self, *names: str) -> dict[str, np.ndarray]:
        """Those sample columns the parquet file holds (none without samples)."""
        if self.samples is not None:
            return {n: self.samples[n].to_numpy(dtype=float) for n in names if n in self.samples}
        if self.samples_path is None:
            return {}
        have = set(pq.read_schema(self.samples_path).names)
        wanted = [n for n in names if n in have]
        if not wanted:
            return {}
        with pq.ParquetFile(self.samples_path) as file:  # not read_table: pyarrow.dataset
            table = file.read(columns=wanted)  # costs 0.2 s to import
        return {n: table.column(n).to_numpy() for n in wanted}


def read_run_dir(path: str | os.PathLike[str]) -> RunFolder:
    """Read the output folder ``path`` of any command that writes one.

    Raises
    ------
    ConfigError
        Listing every problem of every file (``<file>: <key>: <rule>, got <value>``).
    """
    folder = Path(path)
    if not folder.is_dir():
        raise SimroiError(f"{folder}: no such folder (give a folder written by simroi run)")
    found, errors = {}, []
    for key, name in _READ:
        try:
            found[key] = read_json(folder / name) if (folder / name).is_file() else None
        except ConfigError as exc:
            found[key], errors = None, errors + str(exc).splitlines()
    if errors:
        raise ConfigError(errors)
    kind = next((k for k in _KINDS if (folder / FOLDERS[k].result).is_file()), None)
    if kind is None:
        names = ", ".join(dict.fromkeys(FOLDERS[k].result for k in _KINDS))
        raise SimroiError(f"{folder}: holds none of {names}; give a folder simroi wrote")
    result_file = FOLDERS[kind].result
    attribute = next((a for a, name in _READ if name == result_file), None)
    result = found[attribute] if attribute else read_json(folder / result_file)
    if kind == "sweep" and (found["manifest"] or {}).get("scenarios"):
        kind = "batch"  # a batch's run.json lists its files
    samples = folder / SAMPLES
    if not samples.is_file():
        return RunFolder(folder, **found, kind=kind, result=result)
    summary = found["summary"]
    check_samples(samples, summary.get("samples_kept", summary["iterations"]) if summary else None)
    return RunFolder(folder, **found, samples_path=samples, kind=kind, result=result)

