"""A batch of cases' folder: chunked writes equal whole ones, a kept partial folder is checked
before a resume uses it (it may be crafted), and only simroi's files are removed."""

import math

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import simroi.runs.cases as cases
from simroi.errors import SimroiError
from simroi.runs.cases import (
    CasesWriter,
    case_schema,
    open_partial,
    read_part,
    remove_partial,
    rows_table,
)

FP, OTHER = "a" * 64, "b" * 64
SCHEMA = case_schema(["costs.seats", "x.dist"], {"costs.seats": True, "x.dist": False},
                     ["prob_roi_positive", "currency"])  # fmt: skip
FIXED = pa.schema([SCHEMA.field(n) for n in ("case", "costs.seats", "x.dist", "seed")])


def row(i):
    return {"case": f"c{i}", "costs.seats": math.nan if i % 3 else float(i),
            "x.dist": None if i % 2 else '{"dist": "pert"}', "prob_roi_positive": i / 10,
            "currency": "USD", "seed": str(10**30 + i)}  # fmt: skip


def expected(start, stop):
    return rows_table([row(i) for i in range(start, stop)], FIXED)


def write(folder, n, chunk, monkeypatch):
    monkeypatch.setattr(cases, "CHUNK_ROWS", chunk)
    stage = folder / "stage"
    stage.mkdir(parents=True)
    partial = open_partial(folder, folder, fingerprint=FP, seed=3, cases=n, resume=False,
                           force=False)  # fmt: skip
    writer = CasesWriter(stage, partial.path, SCHEMA)
    for i in range(n):
        writer.add(row(i))
    writer.close()
    return stage


def test_chunks_of_any_size_write_the_same_files(tmp_path, monkeypatch):
    one, many = (
        write(tmp_path / "one", 7, 1000, monkeypatch),
        write(tmp_path / "m", 7, 2, monkeypatch),
    )
    assert (one / "cases.csv").read_bytes() == (many / "cases.csv").read_bytes()
    assert pq.read_table(one / "cases.parquet").equals(pq.read_table(many / "cases.parquet"))
    text = (one / "cases.csv").read_text().splitlines()
    assert text[0] == "case,costs.seats,x.dist,prob_roi_positive,currency,seed"
    assert text[1] == 'c0,0.0,"{""dist"": ""pert""}",0.0,USD,1000000000000000000000000000000'
    assert text[2] == "c1,,,0.1,USD,1000000000000000000000000000001"  # missing: empty
    parts = sorted(p.name for p in (tmp_path / "m" / "cases.partial").iterdir())
    assert parts == [f"part-{i:06d}.parquet" for i in range(4)] + ["state.json"]


def test_a_partial_folder_is_resumed_only_by_its_own_batch(tmp_path, monkeypatch):
    write(tmp_path, 7, 2, monkeypatch)
    with pytest.raises(SimroiError, match=r"unfinished batch \(7 of 7 cases finished\); add"):
        open_partial(tmp_path, tmp_path, fingerprint=FP, seed=3, cases=7, resume=False,
                     force=False)  # fmt: skip
    with pytest.raises(SimroiError, match="another template, rows file or options"):
        open_partial(tmp_path, tmp_path, fingerprint=OTHER, seed=3, cases=7, resume=True,
                     force=False)  # fmt: skip
    got = open_partial(tmp_path, tmp_path, fingerprint=FP, seed=99, cases=7, resume=True,
                       force=False)  # fmt: skip
    assert got.seed == 3 and len(got.parts) == 4  # the first run's seed, not the new one
    tables = []
    for part in got.parts:
        done = sum(t.num_rows for t in tables)
        tables.append(read_part(part, tmp_path, SCHEMA, done, 7 - done, expected))
    assert sum(t.num_rows for t in tables) == 7
    fresh = open_partial(tmp_path, tmp_path, fingerprint=OTHER, seed=4, cases=7, resume=False,
                         force=True)  # fmt: skip
    assert fresh.parts == [] and fresh.seed == 4


def _partial(tmp_path, monkeypatch):
    write(tmp_path, 4, 2, monkeypatch)
    return tmp_path / "cases.partial"


def test_a_crafted_part_is_refused(tmp_path, monkeypatch):
    folder = _partial(tmp_path, monkeypatch)
    part = folder / "part-000000.parquet"
    table = pq.read_table(part)
    forged = table.set_column(0, "case", pa.array(["c0", "mallory"]))
    pq.write_table(forged, part)
    with pytest.raises(SimroiError, match="part-000000.parquet: column 'case' is not this batch"):
        read_part(part, tmp_path, SCHEMA, 0, 4, expected)
    with pytest.raises(SimroiError, match="2 rows; must be 1 to 1"):
        read_part(part, tmp_path, SCHEMA, 0, 1, expected)
    pq.write_table(table.drop_columns(["seed"]), part)
    with pytest.raises(SimroiError, match="not this batch's columns"):
        read_part(part, tmp_path, SCHEMA, 0, 4, expected)
    part.write_bytes(b"PAR1 not really")
    with pytest.raises(SimroiError, match="cannot be read as Parquet"):
        read_part(part, tmp_path, SCHEMA, 0, 4, expected)


def test_a_gap_a_link_or_a_bad_state_is_refused(tmp_path, monkeypatch):
    folder = _partial(tmp_path, monkeypatch)
    resume = dict(fingerprint=FP, seed=3, cases=4, resume=True, force=False)
    (folder / "part-000000.parquet").rename(folder / "part-000002.parquet")
    with pytest.raises(SimroiError, match="numbered from 0 without a gap"):
        open_partial(tmp_path, tmp_path, **resume)
    (folder / "part-000002.parquet").unlink()
    (folder / "part-000000.parquet").symlink_to("/etc/passwd")
    with pytest.raises(SimroiError, match="part-000000.parquet: not a regular file"):
        open_partial(tmp_path, tmp_path, **resume)
    for state in ("[1]", '{"format": 1, "fingerprint": "x", "seed": 3, "cases": 4}', "{" * 9):
        (folder / "state.json").write_text(state)
        with pytest.raises(SimroiError, match="state.json"):
            open_partial(tmp_path, tmp_path, **resume)


def test_removing_a_partial_folder_removes_only_simroi_files(tmp_path, monkeypatch):
    folder = _partial(tmp_path, monkeypatch)
    (folder / "notes.txt").write_text("mine")
    remove_partial(tmp_path)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (folder / "notes.txt").unlink()
    remove_partial(tmp_path)
    assert not folder.exists()
