"""Writing a run's files: JSON, Parquet and PNG, into an output directory, atomically.

Nothing here computes results; it serialises what it is given. A run writes
every file into a private staging folder and publishes it only when
everything succeeded (:func:`staged_output`, in :mod:`simroi.report.rundir`),
so an interrupted or failed run leaves no half-written result.
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
import unicodedata
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import simroi
from simroi.report.atomic import partial_path, replace_atomically
from simroi.report.rundir import new_run_id, staged_output
from simroi.report.safe import printable_lines

__all__ = [
    "WRITES",
    "ParquetSink",
    "default_run_dir",
    "json_text",
    "manifest",
    "output_bytes",
    "save_figure",
    "slugify",
    "staged_output",
    "write_json",
]

# What each command may write: ``-o DIR`` holding one of these is refused without --force.
WRITES = {
    "run": ("summary.json", "run.json", "samples.parquet"),
    "run plots": (
        "roi_histogram.png",
        "roi_cdf.png",
        "payback.png",
        "breakdown.png",
        "cash_flow.png",
    ),
    "sensitivity": ("sensitivity.json", "tornado.png", "spider.png", "sobol.png"),
    "compare": ("compare.json",),
    "compare plots": ("compare_cdf.png", "compare_risk_return.png", "compare_difference.png"),
    "precision plots": ("convergence.png",),
    # simroi.report.build; samples.csv when a run's samples are too many for a sheet
    "reports": ("report.html", "report.xlsx", "report.pdf", "samples.csv"),
    "voi": ("voi.json", "voi.png"),
    "breakeven": ("breakeven.json", "breakeven.png"),
    "stress": ("stress.json", "stress.png"),
    "sweep": ("sweep.json", "sweep.parquet", "sweep_line.png", "sweep_heatmap.png"),
}
LIBRARIES = ("numpy", "scipy", "pandas", "pyarrow", "matplotlib")
DPI = 150

# Disk space, from above (measured on runs of 1e3..1e6 iterations: README "Disk space").
JSON_BYTES = 50_000  # summary.json 9-13 kB, run.json 4-5 kB besides its scenario
CHART_BYTES = 120_000  # a PNG at 150 dpi: 64-135 kB, 75 kB on average
REPORT_BYTES = {"html": 200_000, "xlsx": 50_000, "pdf": 600_000}  # 111-127, 28-31, 360-404 kB
SAMPLE_BYTES = {"parquet": 8, "sheet": 12, "csv": 24}  # a value: 5.9-6.6, 11-11.5, 14-16 bytes
VARIANT_BYTES = 16_000  # a sweep's or batch's variant in sweep.json and sweep.parquet


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

    The run id is the UTC second plus 8 random hex digits, so runs started in the
    same second (parallel jobs, a CI matrix) get different folders; ``kind`` names
    what wrote it (``"compare"``, ``"sensitivity"``; empty for a run). The folder
    is not created here: :func:`staged_output` with ``fresh=True`` creates it
    exclusively (``mkdir`` fails if it exists), so two runs never share one.
    """
    parent = Path(root) / slugify(scenario_name)
    while True:
        candidate = parent / new_run_id(kind)
        if not candidate.exists():
            return candidate


def output_bytes(
    *,
    iterations: int = 0,
    columns: int = 0,
    charts: int = 0,
    reports: tuple[str, ...] = (),
    scenario_bytes: int = 0,
    variants: int = 0,
) -> int:
    """About how many bytes a command's folder takes, from above (for the free-space check).

    A fixed part (the JSON, ``charts`` PNGs, the ``reports``) and a part per
    sample value (``iterations`` x ``columns``): samples.parquet, and with an
    Excel report a Samples sheet or, past its size, samples.csv. A run's
    estimate is between 1.2 and 2 times what it writes (README "Disk space").
    """
    from simroi.report.xlsx_samples import EXCEL_ROWS, SHEET_CELLS

    values = iterations * columns
    total = JSON_BYTES + 2 * scenario_bytes + charts * CHART_BYTES + variants * VARIANT_BYTES
    total += sum(REPORT_BYTES[f] for f in reports) + values * SAMPLE_BYTES["parquet"]
    if "xlsx" in reports and values:
        sheet = values <= SHEET_CELLS and iterations <= EXCEL_ROWS
        total += values * SAMPLE_BYTES["sheet" if sheet else "csv"]
    return total


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
    replace_atomically(path, lambda tmp: tmp.write_text(json_text(obj) + "\n", encoding="utf-8"))
    return path


def save_figure(fig: Any, path: str | os.PathLike[str]) -> Path:
    """Save a matplotlib Figure at 150 dpi (format from the suffix), then free its contents.

    Every text already in the figure is shown literally (a ``$`` in a scenario
    name is a dollar sign, not mathtext) and without control characters (an
    escape code in a name is dropped, not drawn as a box). A glyph missing from the fonts (an
    emoji) is drawn as a box and a name too long to lay out is cut off: neither
    is worth a warning to the user, who chose the name.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower() or "png"
    for text in fig.findobj(lambda artist: hasattr(artist, "set_parse_math")):
        text.set_parse_math(False)
        if text.get_text():
            text.set_text(printable_lines(text.get_text()))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings(
            "ignore", message="constrained_layout not applied", category=UserWarning
        )
        replace_atomically(path, lambda tmp: fig.savefig(tmp, dpi=DPI, format=fmt))
    fig.clear()
    return path


# --------------------------------------------------------------------------- samples


class ParquetSink:
    """Stream chunks of samples into one Parquet file, one row group per chunk.

    Call the sink with each chunk (same columns every time): a DataFrame or a
    mapping of column name -> 1-D array (what a work unit returns; turned into
    an Arrow table without a DataFrame in between, the same file either way).
    The file appears at ``path`` on :meth:`close`, written under a hidden name
    until then, so that at no time does the whole table sit in memory nor a
    half-written file carry the final name. As a context manager, an exception
    discards the partial file. No file is written when no chunk arrived.

    Attributes
    ----------
    rows : int
        Rows written so far.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.rows = 0
        self._partial = partial_path(self.path)
        self._writer: pq.ParquetWriter | None = None
        self._closed = False

    def __call__(self, chunk: pd.DataFrame | Mapping[str, np.ndarray]) -> None:
        if self._closed:
            raise ValueError(f"ParquetSink({self.path}): already closed")
        names = list(chunk.columns if isinstance(chunk, pd.DataFrame) else chunk)
        frame = isinstance(chunk, pd.DataFrame)
        if self._writer is None:
            # A mapping gets the schema (and pandas metadata) it would have as a
            # DataFrame, so that the file is the same either way.
            schema = pa.Schema.from_pandas(
                chunk if frame else _empty_frame(chunk), preserve_index=False
            )
            # Dictionary encoding only costs time on float samples (4x slower, larger).
            self._writer = pq.ParquetWriter(self._partial, schema, use_dictionary=False)
        schema = self._writer.schema
        if names != schema.names:
            raise ValueError(
                f"ParquetSink({self.path}): chunk columns {names} "
                f"differ from the first chunk's {schema.names}"
            )
        if frame:
            table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
        else:  # without pandas' thread pool; NaN stored as null, as from a DataFrame
            table = pa.Table.from_arrays([_arrow(chunk[k]) for k in names], schema=schema)
        self._writer.write_table(table)
        self.rows += table.num_rows

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
            with contextlib.suppress(OSError):  # the error that made us discard it matters
                self._writer.close()
        with contextlib.suppress(OSError):
            self._partial.unlink(missing_ok=True)

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


def _arrow(values: np.ndarray) -> pa.Array:
    """An Arrow array of ``values``, NaN as null; a float array without NaN as it is
    (pyarrow's own NaN scan costs 20x numpy's)."""
    values = np.asarray(values)
    if values.dtype.kind == "f" and not np.isnan(values).any():
        return pa.array(values)
    return pa.array(values, from_pandas=True)


def _empty_frame(columns: Mapping[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame({k: np.asarray(v)[:0] for k, v in columns.items()})


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
