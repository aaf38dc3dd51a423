"""Recovery acts only on what simroi itself wrote: crafted markers move and delete nothing.

The review (S1) planted a ``.simroi-<x>.pid`` marker and a ``.simroi-<x>.old``
folder beside a run folder: the next ``simroi run`` renamed the folder to the
marker's absolute (or ``../``) target, a ``sitecustomize`` package in
site-packages, which ran at the next Python start. A crafted in-place list of
moving files deleted ``precious.txt``. Here the same proofs of concept, with
markers as complete as an attacker can make them, move and delete nothing.
"""

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from simroi.cli import main
from simroi.runs.recovery import recover
from simroi.runs.staging import MOVING, RECORD, identity

ROOT = Path(__file__).resolve().parents[2]
SMB = ROOT / "configs" / "smb.yaml"
TOKEN = "0123456789ab"


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder``, with the bytes of each file (None for a folder)."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def plant(where: Path, info: dict, *, old: bool = True, stage: bool = False) -> dict:
    """A marker with ``info`` (pid, host and the .old folder's identity filled in as
    an attacker with a shell on this host could), and a .old folder holding a package."""
    where.mkdir(parents=True, exist_ok=True)
    stem = where / f".simroi-{TOKEN}"
    if old:
        (where / f"{stem.name}.old").mkdir()
        (where / f"{stem.name}.old" / "__init__.py").write_text("import os; os._exit(99)\n")
    if stage:
        stem.mkdir()
    full = {
        "pid": dead_pid(),
        "host": socket.gethostname(),
        "plan": "swap",
        "reserved": False,
        "target_id": list(identity(where / f"{stem.name}.old")) if old else [0, 0],
        **info,
    }
    (where / f"{stem.name}.pid").write_text(json.dumps(full))
    return full


def notes_of(where: Path) -> list[str]:
    notes: list[str] = []
    recover(where, notes.append)
    return notes


# --------------------------------------------------------------------------- the review's PoCs


@pytest.mark.parametrize("how", ["absolute", "dot-dot"])
@pytest.mark.parametrize("complete", [False, True], ids=["review's marker", "complete marker"])
def test_a_crafted_swap_marker_plants_nothing_in_site_packages(
    tmp_path, monkeypatch, how, complete
):
    """Review S1: `simroi run` moved the marker's .old folder to <site-packages>/sitecustomize."""
    site = tmp_path / "site-packages"
    site.mkdir()
    case = tmp_path / "case"
    case.mkdir()
    monkeypatch.chdir(case)
    slug = case / "outputs" / "smb-professional-services-excel-to-crm"
    target = str(site / "sitecustomize") if how == "absolute" else "../../../site-packages/sc"
    if complete:
        plant(slug, {"target": target})
    else:  # exactly the review's: plan and target only
        slug.mkdir(parents=True)
        (slug / f".simroi-{TOKEN}.old").mkdir()
        (slug / f".simroi-{TOKEN}.old" / "__init__.py").write_text("import os; os._exit(99)\n")
        (slug / f".simroi-{TOKEN}.pid").write_text(json.dumps({"plan": "swap", "target": target}))
    planted = tree(slug)
    r = CliRunner().invoke(main, ["run", str(SMB), "-n", "300", "--no-plots"])
    assert r.exit_code == 0, r.output
    assert list(site.iterdir()) == []  # nothing moved out of the run folder
    left = {k: v for k, v in tree(slug).items() if k.startswith(".simroi-")}
    assert left == planted  # left exactly as it was
    notes = [line for line in r.stderr.splitlines() if line.startswith("Note:")]
    assert len(notes) == 1 and "untouched" in notes[0], r.stderr
    assert f".simroi-{TOKEN}.pid, .simroi-{TOKEN}.old" in notes[0]
    assert "removed" not in r.stderr


@pytest.mark.parametrize("moving", ["precious.txt", "precious.txt\t0:0", "../evil2/precious.txt"])
def test_a_crafted_moving_list_deletes_nothing(tmp_path, moving):
    """Review S1: a planted in-place list of moving files deleted precious.txt (rc 0)."""
    out = tmp_path / "evil2" / "out"
    out.mkdir(parents=True)
    (out / "precious.txt").write_text("mine")
    (tmp_path / "evil2" / "precious.txt").write_text("mine too")
    plant(out, {"plan": "in place", "target": "out"}, old=False, stage=True)
    (out / f".simroi-{TOKEN}" / RECORD).write_text("precious.txt\n")
    (out / f".simroi-{TOKEN}" / MOVING).write_text(moving + "\n")
    before = tree(tmp_path)
    r = CliRunner().invoke(main, ["run", str(SMB), "-n", "300", "--no-plots", "-o", str(out)])
    assert r.exit_code == 0, r.output
    after = tree(tmp_path)
    assert after["evil2/out/precious.txt"] == b"mine"
    assert after["evil2/precious.txt"] == b"mine too"
    assert {k: v for k, v in after.items() if ".simroi-0" in k} == {
        k: v for k, v in before.items() if ".simroi-0" in k
    }
    assert "untouched" in r.stderr and "removed" not in r.stderr


def test_an_old_folder_is_never_restored_over_a_users_file(tmp_path):
    out = tmp_path / "out"
    plant(out, {"plan": "in place", "target": "out"}, old=False, stage=True)
    (out / f".simroi-{TOKEN}" / RECORD).write_text("")
    (out / f".simroi-{TOKEN}" / MOVING).write_text("")
    (out / f".simroi-{TOKEN}.old").mkdir()
    (out / f".simroi-{TOKEN}.old" / "notes.txt").write_text("attacker's")
    (out / "notes.txt").write_text("mine")
    notes = notes_of(out)
    assert (out / "notes.txt").read_text() == "mine"
    assert len(notes) == 1 and "would replace a file" in notes[0]


# --------------------------------------------------------------------------- each check


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"host": "elsewhere"}, "another host, 'elsewhere'"),
        ({"pid": os.getpid()}, f"process {os.getpid()} is running"),
        ({"pid": "1"}, "not written by this version of simroi"),
        ({"target_id": [1, 2]}, "is not the t it moved aside"),
        ({"target": "a/b"}, "its marker names 'a/b', not a folder here"),
        ({"target": ".."}, "its marker names '..', not a folder here"),
        ({"target": ".simroi-files"}, "not a folder here"),
    ],
)
def test_a_marker_that_cannot_be_vouched_for_leaves_everything(tmp_path, change, why):
    plant(tmp_path, {"target": "t", **change})
    before = tree(tmp_path)
    notes = notes_of(tmp_path)
    assert tree(tmp_path) == before and not (tmp_path / "t").exists()
    assert len(notes) == 1 and why in notes[0], notes


def test_another_users_leftovers_are_left(tmp_path, monkeypatch):
    plant(tmp_path, {"target": "t"})
    before = tree(tmp_path)
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    notes = notes_of(tmp_path)
    assert tree(tmp_path) == before and "belong to another user" in notes[0]


@pytest.mark.parametrize("what", ["marker", ".old folder", "staging folder"])
def test_symlinks_are_never_followed(tmp_path, what):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep").write_text("keep")
    where = tmp_path / "w"
    info = plant(where, {"target": "t"}, stage=True)
    name = {"marker": ".pid", ".old folder": ".old", "staging folder": ""}[what]
    link = where / f".simroi-{TOKEN}{name}"
    if what == "marker":
        (elsewhere / "m.pid").write_text(json.dumps(info))
        link.unlink()
    else:
        os.rename(link, elsewhere / "moved")
    link.symlink_to(elsewhere / ("m.pid" if what == "marker" else "moved"))
    before, outside = tree(where), tree(elsewhere)
    notes = notes_of(where)
    assert tree(where) == before and tree(elsewhere) == outside
    assert len(notes) == 1 and "untouched" in notes[0], notes


def test_markers_not_named_like_simroi_are_ignored(tmp_path):
    (tmp_path / ".simroi-files.pid").write_text("{}")
    (tmp_path / ".simroi-x.pid").write_text("{}")
    assert notes_of(tmp_path) == [] and len(list(tmp_path.iterdir())) == 2


def test_a_huge_or_deep_marker_is_a_doubt_not_a_crash(tmp_path):
    (tmp_path / f".simroi-{TOKEN}.pid").write_text("[" * 100_000)
    notes = notes_of(tmp_path)
    assert len(notes) == 1 and "not written by this version" in notes[0]


def test_a_reserved_folder_a_live_command_holds_is_kept(tmp_path):
    """A dead run's reserved folder, now locked by a live command, is that command's."""
    reserved = tmp_path / "R"
    reserved.mkdir()
    plant(tmp_path, {"target": "R", "reserved": True, "target_id": list(identity(reserved))},
          old=False)  # fmt: skip
    fd = os.open(reserved, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        notes = notes_of(tmp_path)
    finally:
        os.close(fd)
    assert reserved.is_dir() and "removed the leftovers" in notes[0]
    assert notes_of(tmp_path) == []  # the marker is gone; the folder stays


# --------------------------------------------------------------------------- real dead runs

KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from simroi.runs import rundir
    out = Path(sys.argv[1])
    with rundir.staged_output(out, force=False, writes=("summary.json",), fresh=True) as s:
        (s / "summary.json").write_text("half")
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_rerun_after_a_sigkill_works_the_first_time_and_says_what_it_cleaned(tmp_path):
    """Review F4: the rerun removed the folder it had just reserved, then failed (3 of 3)."""
    out = tmp_path / "R"
    proc = subprocess.run([sys.executable, "-c", KILLED, str(out)], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert out.is_dir() and len(list(tmp_path.iterdir())) == 3  # R, staging, marker
    r = CliRunner().invoke(main, ["run", str(SMB), "-n", "300", "--no-plots", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Note: removed the leftovers of an interrupted simroi run" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["R"]
    assert json.loads((out / "summary.json").read_text())["iterations"] == 300


@pytest.mark.parametrize("what", [MOVING, RECORD])
def test_a_list_that_is_a_link_to_a_device_is_not_read(tmp_path, what):
    """A planted list linking to /dev/zero would be read forever."""
    out = tmp_path / "out"
    plant(out, {"plan": "in place", "target": "out"}, old=False, stage=True)
    stage = out / f".simroi-{TOKEN}"
    (stage / MOVING).write_text("")
    (stage / RECORD).write_text("")
    (stage / what).unlink()
    (stage / what).symlink_to("/dev/zero")
    notes = notes_of(out)
    assert len(notes) == 1 and f"its {what} cannot be read" in notes[0]
    assert (stage / what).is_symlink()
