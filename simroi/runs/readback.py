"""What a run folder holds, read back: summary, manifest, sensitivity, comparison, samples.

A folder written by ``simroi run`` holds summary.json and run.json (and
samples.parquet); ``simroi sensitivity`` writes sensitivity.json and ``simroi
compare`` compare.json. :func:`read_run_dir` reads whichever are there; a
folder with none of them is an error naming it. A folder is input (people
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

_READ = (  # RunFolder attribute, file: the results the reports are made of, and run.json
    ("summary", SUMMARY),
    ("manifest", RUN_JSON),
    ("sensitivity", FOLDERS["sensitivity"].result),
    ("comparison", FOLDERS["compare"].result),
)


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

    @property
    def kind(self) -> str:
        """``run``, ``compare`` or ``sensitivity``: what wrote the folder."""
        if self.summary is not None:
            return "run"
        return "compare" if self.comparison is not None else "sensitivity"

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
        table = pq.read_table(self.samples_path, columns=wanted)
        return {n: table.column(n).to_numpy() for n in wanted}


def read_run_dir(path: str | os.PathLike[str]) -> RunFolder:
    """Read the output folder ``path`` of ``simroi run``, ``sensitivity`` or ``compare``.

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
    if found["summary"] is None and found["sensitivity"] is None and found["comparison"] is None:
        raise SimroiError(
            f"{folder}: holds no summary.json, sensitivity.json or compare.json; "
            "give a folder written by simroi run, sensitivity or compare"
        )
    samples = folder / SAMPLES
    if not samples.is_file():
        return RunFolder(folder, **found)
    check_samples(samples, found["summary"]["iterations"] if found["summary"] else None)
    return RunFolder(folder, **found, samples_path=samples)
