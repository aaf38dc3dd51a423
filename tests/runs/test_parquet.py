"""ParquetSink: chunks streamed into one file, the same from frames as from arrays."""

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from simroi.runs.parquet import ParquetSink

CONFIG = Path(__file__).resolve().parents[2] / "configs" / "smb.yaml"


def _chunk(start, stop):
    i = np.arange(start, stop)
    return pd.DataFrame({"roi": i * 0.5, "risks.adoption stalls": (i % 2).astype(float)})


def test_parquet_sink_streams_chunks_into_one_file(tmp_path):
    path = tmp_path / "samples.parquet"
    with ParquetSink(path) as sink:
        for a, b in [(0, 4), (4, 7), (7, 10)]:
            sink(_chunk(a, b))
        assert not path.exists()  # the final name appears only when complete
    assert sink.rows == 10
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    pd.testing.assert_frame_equal(pd.read_parquet(path), _chunk(0, 10))
    assert [p.name for p in tmp_path.iterdir()] == ["samples.parquet"]


def test_parquet_sink_writes_the_same_table_from_arrays_as_from_frames(tmp_path):
    # A work unit's dict of arrays skips the DataFrame (and pandas); the columns, their
    # types, the row groups and NaN stored as null must not change with it.
    frames, arrays = tmp_path / "frames.parquet", tmp_path / "arrays.parquet"
    chunks = [_chunk(0, 4), _chunk(4, 9)]
    chunks[1].loc[1, "roi"] = np.nan
    with ParquetSink(frames) as sink:
        for c in chunks:
            sink(c)
    with ParquetSink(arrays) as sink:
        for c in chunks:
            sink({k: c[k].to_numpy() for k in c.columns})
    assert sink.rows == 9
    from_frames, from_arrays = pq.read_table(frames), pq.read_table(arrays)
    assert from_arrays.equals(from_frames.replace_schema_metadata(None))
    assert from_arrays.schema.metadata is None
    assert pq.ParquetFile(arrays).metadata.num_row_groups == 2
    pd.testing.assert_frame_equal(pd.read_parquet(arrays), pd.concat(chunks, ignore_index=True))
    assert pq.read_table(arrays).column("roi").null_count == 1
    with pytest.raises(ValueError, match="differ from the first chunk"):
        with ParquetSink(tmp_path / "bad.parquet") as sink:
            sink({"roi": np.zeros(2), "npv": np.zeros(2)})
            sink({"npv": np.zeros(2), "roi": np.zeros(2)})


def test_parquet_sink_discards_on_error_and_checks_columns(tmp_path):
    path = tmp_path / "samples.parquet"
    with pytest.raises(ValueError, match="differ from the first chunk"):
        with ParquetSink(path) as sink:
            sink(_chunk(0, 3))
            sink(_chunk(3, 6).rename(columns={"roi": "npv"}))
    assert list(tmp_path.iterdir()) == []


def test_parquet_sink_raises_the_writers_error_and_leaves_nothing(tmp_path):
    # The row groups are written on a thread: its error surfaces in the caller, by the
    # next call or by close, and the partial file is removed.
    path = tmp_path / "samples.parquet"
    with pytest.raises(Exception, match="(?i)float|double|convert"):
        with ParquetSink(path) as sink:
            sink({"roi": np.zeros(3)})
            sink({"roi": np.array(["a", "b", "c"], dtype=object)})
            for _ in range(ParquetSink.AHEAD + 1):
                sink({"roi": np.zeros(3)})
    assert list(tmp_path.iterdir()) == []


def test_a_run_does_not_import_pandas(tmp_path):
    # pandas costs a quarter of a second to import; a run writes its samples without it.
    import subprocess
    import sys

    code = (
        "import sys; from simroi.cli import main; sys.argv = ['simroi', 'run', "
        f"{str(CONFIG)!r}, '-n', '2000', '--no-plots', '-o', {str(tmp_path / 'out')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr
    assert len(pd.read_parquet(tmp_path / "out" / "samples.parquet")) == 2000


def test_arrays_of_every_number_kind_reach_arrow_as_pyarrow_converts_them():
    import pyarrow as pa

    from simroi.runs.parquet import _arrow

    cases = [
        np.array([1.0, np.nan, 3.0]),
        np.array([np.nan] * 3, dtype=np.float32),
        np.arange(5),
        np.arange(5, dtype=np.uint8),
        np.array([True, False, True] * 5),
        np.zeros(0),
        np.arange(10.0)[::2],  # not contiguous
        np.array([1.5, np.nan, -2.0], dtype=">f8"),  # not this machine's byte order
    ]
    for values in cases:
        got = _arrow(values)
        native = values.astype(values.dtype.newbyteorder("="))  # pyarrow takes no other
        assert got.equals(pa.array(native, from_pandas=True)), values
        nulls = int(np.isnan(values).sum()) if values.dtype.kind == "f" else 0
        assert got.null_count == nulls
