"""Rolling back the leftovers of dead simroi runs, and only those.

A run killed mid-way (SIGKILL, a power cut) leaves its staging folder, its
marker and maybe the earlier run it had moved aside (see
:mod:`simroi.runs.staging`). The next simroi command in that folder puts it
back as it was (:func:`recover`). A folder can come from anyone (a shared
drive, a repository, an unpacked archive), so a marker is evidence to check,
never an instruction: its leftovers are touched only when

* the marker is a regular file and the staging and ``.old`` folders real
  folders (no symlinks), all three owned by the current user;
* its run is dead: the marker can be ``flock``-ed, it names this host, and no
  process has its pid;
* every path comes from where the marker lies: a swap's target is a plain name
  in that folder, an in-place run's target is that folder;
* every folder and file to move or delete is the very one the run recorded
  (same device and inode), and nothing is restored over an existing file.

Anything else is left exactly as it is, with one note naming the leftovers.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

from simroi.runs.staging import (
    MARKER,
    MOVING,
    PREFIX,
    RECORD,
    Stage,
    identity,
    megabytes,
    signals_blocked,
)

__all__ = ["recover", "undo"]

_MARKER_BYTES = 4096  # simroi's markers hold about 120
_LIST_BYTES = 1_000_000  # a run's list of files: a few hundred bytes


class _Doubt(Exception):
    """Why leftovers cannot be vouched for (they are then left alone)."""


def recover(where: Path, note: Callable[[str], None]) -> None:
    """Roll back and remove the leftovers of dead simroi runs in ``where``; note each.

    Leftovers that cannot be vouched for (see the module) are left untouched,
    with one note naming them.
    """
    try:
        markers = sorted(p for p in where.iterdir() if MARKER.fullmatch(p.name))
    except OSError:
        return
    for marker in markers:
        try:
            fd = os.open(marker, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                _left(where, marker, "its marker is a symbolic link", note)
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its run is alive
            if os.fstat(fd).st_nlink == 0:
                continue  # recovered meanwhile by someone else
            stem = where / marker.name.removesuffix(".pid")
            old = stem.with_name(f"{stem.name}.old")
            try:
                info = _dead_run(fd)
                steps = _rollback(where, stem, old, info)
            except _Doubt as doubt:
                _left(where, marker, str(doubt), note)
                continue
            size = _size(stem) + _size(old)
            with signals_blocked():
                _do(steps)
                marker.unlink(missing_ok=True)
            note(
                f"removed the leftovers of an interrupted simroi run (pid {info['pid']}, "
                f"{megabytes(size)} MB) from {where}"
            )
        finally:
            os.close(fd)


def undo(stage: Stage) -> None:
    """Roll back whatever the live run of ``stage`` did, remove its leftovers, drop the marker.

    Should its folder not be as it left it, the leftovers and the marker stay
    for :func:`recover` to report.
    """
    with signals_blocked():
        try:
            steps = _rollback(stage.where, stage.path, stage.old, stage.info)
        except _Doubt:
            os.close(stage.fd)
            stage.fd = -1
            return
        _do(steps)
        stage.done()


def _left(where: Path, marker: Path, why: str, note: Callable[[str], None]) -> None:
    stem = marker.name.removesuffix(".pid")
    names = [n for n in (marker.name, stem, f"{stem}.old") if os.path.lexists(where / n)]
    note(
        f"left what looks like an interrupted simroi run's leftovers in {where} untouched "
        f"({why}): {', '.join(names)}; delete them if no simroi command is writing there"
    )


# --------------------------------------------------------------------------- the checks


def _dead_run(fd: int) -> dict:
    """The marker's record, if it is this user's and its run is dead on this host."""
    meta = os.fstat(fd)
    if not stat.S_ISREG(meta.st_mode):
        raise _Doubt("its marker is not a regular file")
    if meta.st_uid != os.getuid():
        raise _Doubt("they belong to another user")
    try:
        info = json.loads(os.read(fd, _MARKER_BYTES + 1)[:_MARKER_BYTES] or b"null")
    except (ValueError, RecursionError):
        info = None
    if not (
        isinstance(info, dict)
        and isinstance(info.get("pid"), int)
        and info["pid"] > 0
        and isinstance(info.get("host"), str)
        and info.get("plan") in ("swap", "in place")
        and isinstance(info.get("target"), str)
        and isinstance(info.get("reserved"), bool)
        and _is_identity(info.get("target_id"))
    ):
        raise _Doubt("its marker was not written by this version of simroi")
    if info["host"] != socket.gethostname():
        raise _Doubt(f"its run was on another host, {info['host']!r}")
    if _alive(info["pid"]):
        raise _Doubt(f"process {info['pid']} is running")
    return info


def _is_identity(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or no pid at all: not provably dead
    return True


def _plain(name: str) -> bool:
    """A file name in a folder, not a path: no separator, not ``.``/``..``, not hidden ours."""
    return (
        bool(name)
        and name not in (".", "..")
        and "/" not in name
        and "\0" not in name
        and (os.altsep is None or os.altsep not in name)
        and not name.startswith(PREFIX)
    )


def _own_folder(path: Path, what: str) -> bool:
    """Whether ``path`` exists; a real folder of this user's, else a doubt."""
    try:
        meta = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise _Doubt(f"its {what} cannot be read ({exc.strerror})") from None
    if not stat.S_ISDIR(meta.st_mode):
        raise _Doubt(f"its {what} is not a folder")
    if meta.st_uid != os.getuid():
        raise _Doubt(f"its {what} belongs to another user")
    return True


def _file_id(path: Path) -> tuple[int, int] | None:
    """(device, inode) of a regular file (a link is not followed); None when absent."""
    try:
        meta = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(meta.st_mode):
        raise _Doubt(f"{path.name} is not a regular file")
    return meta.st_dev, meta.st_ino


# --------------------------------------------------------------------------- the rollback

Step = tuple[str, Path, Path | None]


def _rollback(where: Path, stage: Path, old: Path, info: dict) -> list[Step]:
    """The steps that put ``where`` back as it was before the run of ``stage``.

    Every step is checked here, before any is taken: a doubt leaves everything.
    """
    has_stage, has_old = _own_folder(stage, "staging folder"), _own_folder(old, ".old folder")
    steps: list[Step] = []
    if info["plan"] == "swap":
        steps += _swap_back(where, old if has_old else None, info)
    else:
        if info["target"] != where.name:
            raise _Doubt(f"its marker names {info['target']!r}, not this folder")
        if has_stage and os.path.lexists(stage / RECORD):  # an in-place publish had not finished
            steps += _in_place_back(where, stage, old if has_old else None)
    if has_old:
        steps.append(("rmtree", old, None))
    if has_stage:
        steps.append(("rmtree", stage, None))
    reserved = where / info["target"]
    if info["plan"] == "swap" and info["reserved"] and _same(reserved, info["target_id"]):
        steps.append(("rmdir if free", reserved, None))  # still empty, nobody holds it
    return steps


def _same(path: Path, ident: list[int]) -> bool:
    try:
        return list(identity(path)) == ident
    except OSError:
        return False


def _swap_back(where: Path, old: Path | None, info: dict) -> list[Step]:
    """A swap killed between moving the earlier run aside and the new one in: move it back."""
    name = info["target"]
    if not _plain(name):
        raise _Doubt(f"its marker names {name!r}, not a folder here")
    if old is None:
        return []
    target = where / name
    if not _same(old, info["target_id"]):
        raise _Doubt(f"its .old folder is not the {name} it moved aside")
    if os.path.lexists(target):
        raise _Doubt(f"{name} exists again, so the earlier run in .old has nowhere to go")
    return [("rename", old, target)]


def _in_place_back(where: Path, stage: Path, old: Path | None) -> list[Step]:
    """Remove the files an in-place publish moved in; move the earlier run's back."""
    text, listed = _small_text(stage / MOVING), set(_small_text(stage / RECORD).splitlines())
    steps: list[Step] = []
    removed = set()
    for line in text.splitlines():
        name, _, ident = line.rpartition("\t")
        if not (_plain(name) and name in listed and _is_identity(_ints(ident))):
            raise _Doubt(f"its list of moving files holds {line[:80]!r}")
        if os.path.lexists(stage / name):
            continue  # not moved yet
        found = _file_id(where / name)
        if found is None:
            continue
        if list(found) != _ints(ident):
            raise _Doubt(f"{name} is not the file it moved in")
        steps.append(("unlink", where / name, None))
        removed.add(name)
    if old is not None:
        names = sorted((p.name for p in old.iterdir()), key=lambda n: n == RECORD)  # record last
        for name in names:
            if not (_plain(name) or name == RECORD) or _file_id(old / name) is None:
                raise _Doubt(f"its .old folder holds {name!r}")
            if os.path.lexists(where / name) and name not in removed:
                raise _Doubt(f"restoring {name} from its .old folder would replace a file")
            steps.append(("rename", old / name, where / name))
    return steps


def _small_text(path: Path) -> str:
    """A list the run wrote: a regular file (no link followed) of at most 1 MB, as text."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        raise _Doubt(f"its {path.name} cannot be read") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Doubt(f"its {path.name} is not a regular file")
        raw = os.read(fd, _LIST_BYTES + 1)
    finally:
        os.close(fd)
    try:
        if len(raw) > _LIST_BYTES:
            raise UnicodeError
        return raw.decode("utf-8")
    except UnicodeError:
        raise _Doubt(f"its {path.name} is not a list simroi wrote") from None


def _ints(text: str) -> list[int] | None:
    try:
        return [int(part) for part in text.split(":")]
    except ValueError:
        return None


def _do(steps: list[Step]) -> None:
    for action, path, to in steps:
        if action == "unlink":
            path.unlink(missing_ok=True)
        elif action == "rename":
            os.rename(path, to)
        elif action == "rmtree":
            shutil.rmtree(path, ignore_errors=True)
        else:
            _rmdir_if_free(path)


def _rmdir_if_free(path: Path) -> None:
    """Remove the folder a dead run reserved: if still a real, empty folder nobody locks."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a live command holds it: keep it
        with contextlib.suppress(OSError):
            path.rmdir()  # fails unless empty
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


def _size(path: Path) -> int:
    """Bytes in the files under ``path`` (links not followed)."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_size
    return total
