"""The one table of a run folder's files: what each command writes, and what is published last."""

import os

import pytest

from simroi.runs.layout import FOLDERS, MARKERS, REPORTS, RUN_JSON, SAMPLES_CSV, Chart
from simroi.runs.rundir import staged_output
from simroi.runs.schema import FILES


def test_every_folder_holds_its_result_and_run_json_and_charts_only_when_drawn():
    for kind, folder in FOLDERS.items():
        names = folder.writes()
        assert names[:2] == (folder.result, RUN_JSON), kind
        assert set(folder.charts) <= set(names)
        assert not set(folder.charts) & set(folder.writes(charts=False))
        assert len(set(names)) == len(names), kind


def test_reports_are_written_only_where_reports_are_made():
    reports = {*REPORTS.values(), SAMPLES_CSV}
    # issue 19: every command that writes a folder makes reports (simroi report refuses a
    # kind whose view has no sections yet: simroi.report.documents.compose), a batch of
    # cases too (its pages list the first cases, its workbook every case)
    assert {k for k, f in FOLDERS.items() if f.reports} == set(FOLDERS)
    for kind, folder in FOLDERS.items():
        assert (reports <= set(folder.writes(reports=True))) == folder.reports, kind
        assert not reports & set(folder.writes()), kind


def test_every_chart_belongs_to_a_folder_and_every_result_has_a_schema():
    drawn = {c for f in FOLDERS.values() for c in f.charts}
    assert drawn == set(Chart)
    assert {f.result for f in FOLDERS.values()} | {RUN_JSON} == set(FILES)


def test_the_markers_are_every_result_and_run_json():
    """Review: staging's list lacked voi.json, breakeven.json, stress.json and sweep.json."""
    assert {"voi.json", "breakeven.json", "stress.json", "sweep.json"} <= MARKERS
    assert MARKERS == {RUN_JSON, *(f.result for f in FOLDERS.values())}


@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_an_in_place_publish_moves_the_result_and_run_json_last(tmp_path, monkeypatch, kind):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("the user's")  # a folder of the user's: published in place
    moved = []
    real = os.replace

    def replace(src, dst):
        moved.append(os.path.basename(dst))
        return real(src, dst)

    names = FOLDERS[kind].writes()
    with staged_output(out, force=False, writes=names) as stage:
        for name in names:
            (stage / name).write_text(name)
        monkeypatch.setattr(os, "replace", replace)
    published = [n for n in moved if n in names]
    assert sorted(published) == sorted(names)
    last = {FOLDERS[kind].result, RUN_JSON}
    assert set(published[-len(last) :]) == last, published
