"""Atomic writes: whole files or none, and every writer's OSError as ``Error: <path>: <reason>``.

A read-only folder cannot be made with chmod when the tests run as root (CI
does), so the failures are made by a path under a regular file, or by an
``os.replace`` that fails the way a read-only or full disk does.
"""

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.errors import SimroiError
from simroi.runs.atomic import WriteError, os_error, replace_atomically

ROOT = Path(__file__).resolve().parents[2]
DEALS = ROOT / "tests" / "data" / "exports" / "deals.csv"
SMB = ROOT / "configs" / "smb.yaml"


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def failing_replace(monkeypatch, code):
    """``os.replace`` of a hidden partial file fails with ``code``; the rest work."""
    real = os.replace

    def replace(src, dst, *a, **k):
        if ".partial-" in os.fspath(src):
            raise OSError(code, os.strerror(code), os.fspath(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)


# --------------------------------------------------------------------------- the function


def test_a_whole_file_replaces_the_old_one_and_nothing_hidden_is_left(tmp_path):
    path = tmp_path / "a.json"
    path.write_text("old")
    assert replace_atomically(path, lambda tmp: tmp.write_text("new")) == path
    assert path.read_text() == "new" and names(tmp_path) == ["a.json"]


def test_the_hidden_name_keeps_the_suffix_for_writers_that_choose_a_format_by_it(tmp_path):
    seen = []
    replace_atomically(tmp_path / "report.pdf", lambda tmp: seen.append(tmp) or tmp.write_text(""))
    assert seen[0].suffix == ".pdf" and seen[0].name.startswith(".report.pdf.partial-")


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC, errno.EACCES])
def test_an_os_error_names_the_file_and_leaves_the_old_one(tmp_path, monkeypatch, code):
    path = tmp_path / "a.json"
    path.write_text("old")
    failing_replace(monkeypatch, code)
    with pytest.raises(WriteError, match=f"^{path}: {os.strerror(code)}$") as caught:
        replace_atomically(path, lambda tmp: tmp.write_text("new"))
    assert caught.value.error.errno == code and isinstance(caught.value, SimroiError)
    assert path.read_text() == "old" and names(tmp_path) == ["a.json"]


def test_a_failing_cleanup_never_hides_the_error_that_caused_it(tmp_path, monkeypatch):
    """Review F3: the cleanup's unlink raised EROFS and hid the real error."""
    failing_replace(monkeypatch, errno.ENOSPC)
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if ".partial-" in self.name:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(WriteError, match="No space left on device"):
        replace_atomically(tmp_path / "a.json", lambda tmp: tmp.write_text("x"))


def test_an_os_error_wrapped_by_a_writer_is_found(tmp_path):
    def write(tmp):
        try:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        except OSError as exc:  # matplotlib's PNG writer does this
            raise AttributeError("'_idat' object has no attribute 'fileno'") from exc

    with pytest.raises(WriteError, match=r"a.png: No space left on device"):
        replace_atomically(tmp_path / "a.png", write)
    assert names(tmp_path) == []


@pytest.mark.parametrize("error", [ValueError("bad value"), KeyboardInterrupt()])
def test_other_errors_pass_unchanged_and_nothing_is_left(tmp_path, error):
    def write(tmp):
        tmp.write_text("half")
        raise error

    with pytest.raises(type(error)):
        replace_atomically(tmp_path / "a.json", write)
    assert names(tmp_path) == []


def test_a_folder_in_the_way_is_an_error_naming_it(tmp_path):
    (tmp_path / "a.json").mkdir()
    with pytest.raises(WriteError, match="a.json: Is a directory"):
        replace_atomically(tmp_path / "a.json", lambda tmp: tmp.write_text("x"))
    assert names(tmp_path) == ["a.json"]


def test_os_error_stops_at_a_simroi_error_that_says_what_went_wrong():
    try:
        try:
            raise FileNotFoundError("x")
        except FileNotFoundError as exc:
            raise SimroiError("bad model") from exc
    except SimroiError as exc:
        assert os_error(exc) is None
    cause = OSError(errno.EROFS, "Read-only file system")
    assert os_error(WriteError("a", cause)) is cause


# --------------------------------------------------------------------------- every writer


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def clean_error(r, *expected):
    """Exit 2, one ``Error:`` line naming what failed, no traceback."""
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, r.stderr
    for text in expected:
        assert text in errors[0], errors[0]


@pytest.fixture
def afile(tmp_path):
    path = tmp_path / "afile"
    path.write_text("a file, not a folder")
    return path


def test_baseline_init_and_fit_refuse_a_file_among_the_folders(afile):
    r = invoke("baseline", DEALS, "-o", afile / "b.yaml")
    clean_error(r, f"{afile / 'b.yaml'}: {afile} is a file, not a folder")
    clean_error(invoke("init", "smb", "-o", afile / "i.yaml"), f"{afile} is a file, not a folder")
    r = invoke("fit", DEALS, "--column", "Amount", "--plot", afile / "sub" / "f.png")
    clean_error(r, f"{afile} is a file, not a folder")
    assert names(afile.parent) == ["afile"]


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_baseline_init_and_fit_on_a_read_only_or_full_disk(tmp_path, monkeypatch, code):
    """Review F3: tracebacks from baseline -o, init -o and fit --plot."""
    failing_replace(monkeypatch, code)
    reason = os.strerror(code)
    clean_error(invoke("baseline", DEALS, "-o", tmp_path / "b.yaml"), f"b.yaml: {reason}")
    clean_error(invoke("init", "smb", "-o", tmp_path / "i.yaml"), f"i.yaml: {reason}")
    r = invoke("fit", DEALS, "--column", "Amount", "--plot", tmp_path / "f.png")
    clean_error(r, f"f.png: {reason}")
    assert names(tmp_path) == []


def test_init_refuses_a_folder_in_the_way_even_with_force(tmp_path):
    (tmp_path / "i.yaml").mkdir()
    clean_error(invoke("init", "smb", "-o", tmp_path / "i.yaml", "--force"), "is a directory")


@pytest.fixture
def run_dir(en_run, tmp_path):
    # A copy of the run as `simroi run` left it (other tests write reports into en_run).
    return Path(
        shutil.copytree(en_run, tmp_path / "run", ignore=shutil.ignore_patterns("report.*"))
    )


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_report_on_a_read_only_or_full_disk(run_dir, monkeypatch, code):
    """Review F3: `simroi report` on a read-only folder raised from the cleanup's unlink."""
    before = names(run_dir)
    failing_replace(monkeypatch, code)
    r = invoke("report", run_dir, "--format", "html,xlsx")
    clean_error(r, f"{run_dir / 'report.html'}: {os.strerror(code)}")
    assert names(run_dir) == before


def test_report_with_a_folder_named_report_html_is_refused_before_writing(run_dir):
    """Review F1: `report.html` a directory gave IsADirectoryError from os.replace."""
    (run_dir / "report.html").mkdir()
    try:
        r = invoke("report", run_dir, "--format", "xlsx,html")
        clean_error(r, "report.html: is a folder, not a file")
        assert not (run_dir / "report.xlsx").exists()
    finally:
        (run_dir / "report.html").rmdir()


@pytest.mark.parametrize(
    "command",
    [
        ["sweep", SMB, "--vary", "costs.seats=5,10"],
        ["batch", SMB],
        ["voi", SMB],
        ["breakeven", SMB],
        ["stress", SMB],
        ["run", SMB, "--report", "html"],
    ],
    ids=lambda c: c[0] if c[0] != "run" else "run-report",
)
def test_staged_commands_say_the_folder_could_not_be_written(tmp_path, monkeypatch, command):
    failing_replace(monkeypatch, errno.ENOSPC)
    out = tmp_path / "out"
    r = invoke(*command, "-n", "300", "--seed", "1", "-o", out)
    clean_error(r, f"output directory {out}: cannot write (No space left on device)")
    assert names(tmp_path) == []


def test_an_empty_output_path_is_refused(tmp_path, monkeypatch):
    """Review F10: -o '' wrote into the current folder."""
    monkeypatch.chdir(tmp_path)
    r = invoke("run", SMB, "-n", "300", "-o", "")
    assert r.exit_code == 2 and "'-o' / '--output-dir': empty path" in r.stderr
    r = invoke("init", "smb", "-o", "")
    assert r.exit_code == 2 and "empty path" in r.stderr
    assert names(tmp_path) == []


def test_write_json_of_the_library_is_atomic_too(tmp_path, monkeypatch):
    from simroi.runs.jsonfiles import write_json

    (tmp_path / "s.json").write_text('{"a": 1}')
    failing_replace(monkeypatch, errno.EROFS)
    with pytest.raises(WriteError):
        write_json(tmp_path / "s.json", {"a": 2})
    assert json.loads((tmp_path / "s.json").read_text()) == {"a": 1}
