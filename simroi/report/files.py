"""Writing a run's files: JSON, Parquet and PNG, into an output directory, atomically.

Nothing here computes results; it serialises what it is given. A run writes
every file into a hidden staging directory beside its destination
(:func:`staged_output`) and moves it into place only when everything
succeeded, so an interrupted or failed run leaves no half-written result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import simroi
from simroi.errors import SimroiError

__all__ = [
    "MARKER_FILES",
    "ParquetSink",
    "default_run_dir",
    "json_text",
    "manifest",
    "save_figure",
    "slugify",
    "staged_output",
    "write_json",
]

MARKER_FILES = ("summary.json", "run.json", "sensitivity.json", "compare.json")
# Files simroi writes; a directory holding nothing else is a previous run and may be swapped whole.
OUTPUT_FILES = frozenset(
    {
        *MARKER_FILES,
        "samples.parquet",
        "roi_histogram.png",
        "roi_cdf.png",
        "payback.png",
        "breakdown.png",
        "tornado.png",
        "spider.png",
        "sobol.png",
        "compare_cdf.png",
        "compare_risk_return.png",
        "compare_difference.png",
        "report.html",  # simroi.report.build.REPORT_FILES
        "report.xlsx",
        "report.pdf",
    }
)
LIBRARIES = ("numpy", "scipy", "pandas", "pyarrow", "matplotlib")
DPI = 150


# --------------------------------------------------------------------------- where a run goes


def slugify(name: str) -> str:
    """A lowercase, filesystem-safe form of ``name`` that keeps every script's letters.

    ``"SMB CRM rollout"`` -> ``smb-crm-rollout``; ``"某贸易公司客户管理系统"`` keeps its
    Chinese letters, so two Chinese scenarios never share a folder. Accented Latin
    letters lose their accents (``Café`` -> ``cafe``); runs of anything that is not a
    letter or digit (spaces, punctuation, symbols, full-width brackets) become one
    ``-``; at most 60 characters; an empty result becomes ``scenario``.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = unicodedata.normalize("NFKC", kept).casefold()
    slug = "-".join(re.findall(r"[^\W_]+", kept))[:60].strip("-")
    return slug or "scenario"


def default_run_dir(
    scenario_name: str, root: str | os.PathLike[str] = "outputs", *, kind: str = ""
) -> Path:
    """``<root>/<slug>/<UTC time>[-<kind>]`` (e.g. ``outputs/smb-crm-rollout/20261123T041503Z``).

    ``kind`` names what wrote it (``"compare"``, ``"sensitivity"``; empty for a run).
    A ``-2``, ``-3`` ... suffix is added while that folder exists, so an earlier run
    is never overwritten. The folder is not created here (:func:`staged_output`
    creates it when the run succeeds).
    """
    parent = Path(root) / slugify(scenario_name)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + (f"-{kind}" if kind else "")
    candidate, k = parent / stamp, 1
    while candidate.exists():
        k += 1
        candidate = parent / f"{stamp}-{k}"
    return candidate


@contextlib.contextmanager
def staged_output(
    final_dir: str | os.PathLike[str],
    *,
    force: bool,
    marker_files: Sequence[str] = MARKER_FILES,
) -> Iterator[Path]:
    """Write a run into a staging directory; put it at ``final_dir`` only if all went well.

    Checked on entry, before anything runs: ``final_dir`` holding any of
    ``marker_files`` (an earlier run) raises :class:`SimroiError` unless ``force``.
    The body writes into the yielded directory, a hidden sibling of ``final_dir``
    (same filesystem, so the final move is a rename). On success:

    * ``final_dir`` missing, empty, or holding only files simroi writes (an
      earlier run): the staging directory replaces it in one rename, and the old
      run is deleted afterwards;
    * ``final_dir`` holding other things too (say ``-o`` names a folder of the
      user's): only the run's files are moved in, one atomic rename each,
      ``marker_files`` last; files of an earlier run that this run did not write
      again are removed; nothing else is touched.

    On any exception (``KeyboardInterrupt`` included) the staging directory is
    deleted, ``final_dir`` is left exactly as it was, and the exception propagates.
    """
    final = Path(final_dir)
    if final.exists() and not final.is_dir():
        raise SimroiError(f"output directory {final}: exists and is not a directory")
    held = [name for name in marker_files if (final / name).exists()]
    if held and not force:
        raise SimroiError(
            f"output directory {final} already holds a run ({', '.join(held)}); "
            "use --force to replace it, or choose another directory"
        )
    created = [p for p in (final.parent, *final.parent.parents) if not p.exists()]
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = _fresh_dir(final.parent, f".{final.name}.partial-")
    try:
        yield staging
        _commit(staging, final, marker_files)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:  # parents made for this run only, innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _fresh_dir(parent: Path, prefix: str) -> Path:
    """A new empty directory ``parent/prefix<random>`` (mode from the umask, unlike mkdtemp)."""
    while True:
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            continue


def _commit(staging: Path, final: Path, marker_files: Sequence[str]) -> None:
    existing = {p.name for p in final.iterdir()} if final.is_dir() else set()
    ours = OUTPUT_FILES | set(marker_files)
    if not existing:
        with contextlib.suppress(FileNotFoundError):
            final.rmdir()
        staging.rename(final)
    elif existing <= ours and all((final / n).is_file() for n in existing):
        old = _fresh_dir(final.parent, f".{final.name}.old-")
        old.rmdir()
        final.rename(old)
        try:
            staging.rename(final)
        except BaseException:
            old.rename(final)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        new = {p.name for p in staging.iterdir()}
        for stale in sorted((existing & ours) - new):
            (final / stale).unlink()
        for name in sorted(new, key=lambda n: n in marker_files):  # markers last
            os.replace(staging / name, final / name)
        staging.rmdir()


# --------------------------------------------------------------------------- JSON and figures


def _plain(obj: Any) -> Any:
    """``obj`` with numpy and pandas values made JSON-native and NaN/inf made None."""
    if isinstance(obj, Mapping):
        return {_key(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset | np.ndarray | pd.Series):
        return [_plain(v) for v in (obj.tolist() if hasattr(obj, "tolist") else obj)]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if obj is None or isinstance(obj, str | int | bool):
        return obj
    if obj is pd.NA:
        return None
    if isinstance(obj, os.PathLike):
        return os.fspath(obj)
    raise TypeError(f"cannot write {type(obj).__name__} to JSON: {obj!r}")


def _key(key: Any) -> str | int | float | bool | None:
    return key.item() if isinstance(key, np.generic) else key


def json_text(obj: Any) -> str:
    """``obj`` as JSON text (indent 2, UTF-8 characters kept, NaN/inf as ``null``)."""
    return json.dumps(_plain(obj), indent=2, ensure_ascii=False, allow_nan=False)


def write_json(path: str | os.PathLike[str], obj: Any) -> Path:
    """Write ``obj`` as JSON (see :func:`json_text`), replacing ``path`` atomically."""
    path = Path(path)
    _replace_atomically(path, lambda tmp: tmp.write_text(json_text(obj) + "\n", encoding="utf-8"))
    return path


def save_figure(fig: Any, path: str | os.PathLike[str]) -> Path:
    """Save a matplotlib Figure at 150 dpi (format from the suffix), then free its contents."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    _replace_atomically(path, lambda tmp: fig.savefig(tmp, dpi=DPI, format=fmt))
    fig.clear()
    return path


def _replace_atomically(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.partial-{secrets.token_hex(4)}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- samples


class ParquetSink:
    """Stream DataFrame chunks into one Parquet file, one row group per chunk.

    Call the sink with each chunk (same columns every time); the file appears at
    ``path`` on :meth:`close`, written under a hidden name until then, so that at
    no time does the whole table sit in memory nor a half-written file carry the
    final name. As a context manager, an exception discards the partial file.
    No file is written when no chunk arrived.

    Attributes
    ----------
    rows : int
        Rows written so far.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.rows = 0
        self._partial = self.path.with_name(f".{self.path.name}.partial-{secrets.token_hex(4)}")
        self._writer: pq.ParquetWriter | None = None
        self._closed = False

    def __call__(self, chunk: pd.DataFrame) -> None:
        if self._closed:
            raise ValueError(f"ParquetSink({self.path}): already closed")
        if self._writer is None:
            table = pa.Table.from_pandas(chunk, preserve_index=False)
            # Dictionary encoding only costs time on float samples (4x slower, larger).
            self._writer = pq.ParquetWriter(self._partial, table.schema, use_dictionary=False)
        else:
            schema = self._writer.schema
            if list(chunk.columns) != schema.names:
                raise ValueError(
                    f"ParquetSink({self.path}): chunk columns {list(chunk.columns)} "
                    f"differ from the first chunk's {schema.names}"
                )
            table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
        self._writer.write_table(table)
        self.rows += len(chunk)

    def close(self) -> None:
        """Finish the file and give it its final name (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            self._writer.close()
            os.replace(self._partial, self.path)

    def discard(self) -> None:
        """Abandon the file: nothing is left at ``path`` or under the hidden name."""
        self._closed = True
        if self._writer is not None:
            self._writer.close()
        self._partial.unlink(missing_ok=True)

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


# --------------------------------------------------------------------------- run.json


def manifest(
    *,
    scenario_resolved: dict,
    scenario_sha256: str | None,
    scenario_source: str | None,
    seed: int | None,
    seed_entropy: int,
    sampler: str,
    iterations: int,
    command_line: list[str],
) -> dict:
    """The content of ``run.json``: everything needed to re-run exactly.

    ``seed`` is the seed as given (None: fresh entropy); ``seed_entropy`` the
    root ``SeedSequence`` entropy actually used, which reproduces the run as a
    seed. It may exceed 64 bits, so it is also written as the decimal string
    ``seed_entropy_str`` for tools that read JSON numbers as doubles.
    """
    return {
        "simroi_version": simroi.__version__,
        "versions": {
            "python": platform.python_version(),
            **{lib: importlib.metadata.version(lib) for lib in LIBRARIES},
        },
        "platform": platform.platform(),
        "created_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command_line": list(command_line),
        "seed": seed,
        "seed_entropy": int(seed_entropy),
        "seed_entropy_str": str(int(seed_entropy)),
        "sampler": sampler,
        "iterations": int(iterations),
        "scenario_source": scenario_source,
        "scenario_sha256": scenario_sha256,
        "scenario": scenario_resolved,
    }
