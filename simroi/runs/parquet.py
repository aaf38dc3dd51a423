"""Samples streamed into a Parquet file of a run folder, chunk by chunk, atomically.

A run's samples never sit in memory whole: each work unit's chunk becomes a row
group as it arrives (:class:`ParquetSink`), under a hidden name until the file
is complete (see :mod:`simroi.runs.atomic`). The row groups are encoded and written
by a thread of their own, which Arrow runs without Python's lock: the next unit is
computed (or received) meanwhile.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from simroi.errors import ConfigError
from simroi.runs.atomic import partial_path

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_COLUMNS", "ParquetSink", "check_samples", "write_table"]

MAX_COLUMNS = 100_000  # of a samples file: one per uncertain input and result


class ParquetSink:
    """Stream chunks of samples into one Parquet file, one row group per chunk.

    Call the sink with each chunk (same columns every time): a DataFrame or a
    mapping of column name -> 1-D array (what a work unit returns; turned into
    an Arrow table without pandas, which a run then need not import: the same
    columns and types either way, without pandas' metadata).
    The file appears at ``path`` on :meth:`close`, written under a hidden name
    until then, so that at no time does the whole table sit in memory nor a
    half-written file carry the final name. As a context manager, an exception
    discards the partial file. No file is written when no chunk arrived.

    A call returns once its chunk is queued: a thread converts and writes the
    chunks in order, at most :attr:`AHEAD` of them waiting (a caller must not
    change a chunk after handing it over). An error of the writer is raised by
    the next call or by :meth:`close`.

    Attributes
    ----------
    rows : int
        Rows handed over so far.
    """

    #: Chunks queued before a call waits for the oldest to be written.
    AHEAD = 2

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.rows = 0
        self._partial = partial_path(self.path)
        self._writer: pq.ParquetWriter | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._queued: collections.deque[Future] = collections.deque()
        self._closed = False

    def __call__(self, chunk: pd.DataFrame | Mapping[str, np.ndarray]) -> None:
        if self._closed:
            raise ValueError(f"ParquetSink({self.path}): already closed")
        frame = not isinstance(chunk, Mapping)  # a DataFrame
        names = list(chunk.columns if frame else chunk)
        if self._writer is None:
            if frame:
                schema = pa.Schema.from_pandas(chunk, preserve_index=False)
            else:
                schema = pa.schema([(k, _arrow(np.asarray(chunk[k])[:0]).type) for k in names])
            # Dictionary encoding only costs time on float samples (4x slower, larger).
            self._writer = pq.ParquetWriter(self._partial, schema, use_dictionary=False)
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="simroi-parquet")
        schema = self._writer.schema
        if names != schema.names:
            raise ValueError(
                f"ParquetSink({self.path}): chunk columns {names} "
                f"differ from the first chunk's {schema.names}"
            )
        while len(self._queued) >= self.AHEAD:
            self._queued.popleft().result()  # the writer's error, if any, surfaces here
        self._queued.append(self._thread.submit(self._write, chunk, frame))
        self.rows += len(chunk) if frame else len(next(iter(chunk.values()), ()))

    def _write(self, chunk: pd.DataFrame | Mapping[str, np.ndarray], frame: bool) -> None:
        schema = self._writer.schema
        if frame:
            table = pa.Table.from_pandas(chunk, schema=schema, preserve_index=False)
        else:  # without pandas' thread pool; NaN stored as null, as from a DataFrame
            table = pa.Table.from_arrays([_arrow(chunk[k]) for k in schema.names], schema=schema)
        self._writer.write_table(table)

    def _drain(self, cancel: bool) -> None:
        """Wait for the writer thread (dropping the chunks not begun with ``cancel``)."""
        if self._thread is None:
            return
        try:
            while self._queued:
                future = self._queued.popleft()
                if not (cancel and future.cancel()):
                    future.result()
        finally:
            self._queued.clear()
            self._thread.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        """Finish the file and give it its final name (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            try:
                self._drain(cancel=False)
            except BaseException:
                self.discard()
                raise
            self._writer.close()
            os.replace(self._partial, self.path)

    def discard(self) -> None:
        """Abandon the file: nothing is left at ``path`` or under the hidden name."""
        self._closed = True
        try:
            with contextlib.suppress(Exception):  # the error that made us discard it matters
                self._drain(cancel=True)
            if self._writer is not None:  # not while the thread may still write (interrupted)
                with contextlib.suppress(OSError):
                    self._writer.close()
        finally:
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
    """An Arrow array of ``values``, NaN as null, over numpy's memory.

    Numbers are handed over as Arrow buffers (``pa.array`` would import pandas, a
    quarter of a second, and its own NaN scan costs 20x numpy's); anything else goes
    through ``pa.array``.
    """
    values = np.asarray(values)
    if values.ndim != 1 or values.dtype.kind not in "fiub":
        return pa.array(values, from_pandas=True)
    if not values.dtype.isnative:  # Arrow's buffers are in this machine's byte order
        values = values.astype(values.dtype.newbyteorder("="))
    if values.dtype.kind == "b":
        data = np.packbits(values, bitorder="little")
    else:
        data = np.ascontiguousarray(values)
    validity, nulls = None, 0
    if values.dtype.kind == "f":
        present = ~np.isnan(values)
        nulls = values.size - int(np.count_nonzero(present))
        if nulls:
            validity = pa.py_buffer(np.packbits(present, bitorder="little"))
    kind = pa.from_numpy_dtype(values.dtype)
    return pa.Array.from_buffers(kind, values.size, [validity, pa.py_buffer(data)], nulls)


def write_table(path: str | os.PathLike[str], frame: pd.DataFrame) -> Path:
    """Write ``frame`` as one Parquet file (a sink of one chunk), replacing ``path`` whole."""
    with ParquetSink(path) as sink:
        sink(frame)
    return Path(path)


def check_samples(path: str | os.PathLike[str], iterations: int | None) -> None:
    """Check a samples Parquet file from its footer: a Parquet file of numeric columns,
    ``iterations`` rows (when known), and at most one row per byte of the file.

    simroi's samples take several bytes a row even when every value is alike, so
    a file claiming more rows than it has bytes is a decompression bomb, refused
    before the columns a report reads are allocated.
    """
    from simroi.runs.schema import MAX_ITERATIONS

    path = Path(path)
    try:
        with pq.ParquetFile(path) as file:
            rows, schema = file.metadata.num_rows, file.schema_arrow
    except (OSError, pa.ArrowException) as exc:
        raise ConfigError(f"cannot be read as Parquet ({exc})", source=str(path)) from None
    errors = []
    size = path.stat().st_size
    if iterations is not None and rows != iterations:
        errors.append(f"rows: must be summary.json's iterations ({iterations:,}), got {rows:,}")
    if rows > min(size, MAX_ITERATIONS):
        errors.append(
            f"rows: must be at most one per byte of the file ({size:,}) and at most "
            f"{MAX_ITERATIONS:,}, got {rows:,}"
        )
    if len(schema) > MAX_COLUMNS:
        errors.append(f"columns: must be at most {MAX_COLUMNS:,}, got {len(schema):,}")
    else:
        numeric = (pa.types.is_floating, pa.types.is_integer, pa.types.is_boolean, pa.types.is_null)
        for f in schema:
            if not any(is_kind(f.type) for is_kind in numeric):
                errors.append(f"{f.name}: must be a column of numbers, got {f.type}")
                if len(errors) >= 20:
                    break
    if errors:
        raise ConfigError(errors, source=str(path))
