"""ParquetSink: chunks streamed into one file, the same from frames as from arrays."""

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from simroi.runs.parquet import ParquetSink


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


def test_parquet_sink_writes_the_same_file_from_arrays_as_from_frames(tmp_path):
    # A work unit's dict of arrays skips the DataFrame; the file (schema, pandas
    # metadata, NaN stored as null) must not change with it.
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
    assert arrays.read_bytes() == frames.read_bytes()
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
