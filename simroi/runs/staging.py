"""The staging folder of a run and publishing it.

:func:`simroi.runs.rundir.staged_output` decides where a run is staged and
how it is published (see there); this module does it. A staging folder
``.simroi-<token>`` has a marker ``.simroi-<token>.pid`` beside it, which its
owner keeps ``flock``-ed while it lives. The marker and the in-place publish's
list of moving files record what the run did, down to the inode of each folder
and file it moves, so that :mod:`simroi.runs.recovery` can roll back a dead
run's leftovers, and only those.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

from simroi.errors import SimroiError
from simroi.runs.layout import MARKERS

__all__ = ["MARKER", "MOVING", "RECORD", "Stage", "identity", "publish", "read_record"]

RECORD = ".simroi-files"  # the names simroi wrote into a folder, one a line
PREFIX = ".simroi-"
MARKER = re.compile(r"\.simroi-[0-9a-f]{12}\.pid")  # the name of a staging folder's marker
MOVING = ".simroi-moving"  # in a staging folder: "<name>\t<device>:<inode>" of each moving file
_SIGNALS = tuple(getattr(signal, s) for s in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, s))


def read_record(folder: Path) -> set[str]:
    """The names listed in ``folder/.simroi-files`` (empty when there is none)."""
    try:
        text = (folder / RECORD).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return set()
    return {line for line in text.splitlines() if line and "/" not in line}


def megabytes(n: int) -> str:
    return f"{n / 1e6:,.0f}" if n >= 1e6 else f"{n / 1e6:.2g}"


def identity(path: Path) -> tuple[int, int]:
    """(device, inode) of ``path`` itself (a link is not followed): what a rename keeps."""
    info = os.lstat(path)
    return info.st_dev, info.st_ino


# --------------------------------------------------------------------------- staging


class Stage:
    """A staging folder ``.simroi-<token>`` and its locked marker ``.simroi-<token>.pid``."""

    def __init__(self, where: Path, target: Path, plan: str, *, reserved: bool) -> None:
        token = secrets.token_hex(6)
        self.where, self.target, self.plan = where, target, plan
        self.path = where / f"{PREFIX}{token}"
        self.old = where / f"{PREFIX}{token}.old"
        self.marker = where / f"{PREFIX}{token}.pid"
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "plan": plan,
            "target": target.name,
            "reserved": reserved,
            "target_id": list(identity(target)),  # the folder a swap moves aside, or reserved
        }
        tmp = where / f"{PREFIX}{token}.pid-new"
        try:
            self.fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as exc:
            raise SimroiError(
                f"output directory {where}: not writable ({exc.strerror}); choose another"
            ) from exc
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # before anyone can see it under its real name
        os.write(self.fd, json.dumps(info).encode())
        os.rename(tmp, self.marker)
        self.info = info
        self.path.mkdir()

    def done(self) -> None:
        if self.fd >= 0:
            self.marker.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = -1


# --------------------------------------------------------------------------- publishing


def publish(stage: Stage, target: Path, shown: Path, force: bool) -> None:
    """Move the staged run into place: all of it or (rolled back) none of it."""
    new = sorted(p.name for p in stage.path.iterdir() if not p.name.startswith(PREFIX))
    if stage.plan == "swap":
        (stage.path / RECORD).write_text("".join(f"{n}\n" for n in new), encoding="utf-8")
        _swap(stage, target)
    else:
        _in_place(stage, target, shown, force, new)
    stage.done()


def _swap(stage: Stage, target: Path) -> None:
    if not any(target.iterdir()):
        os.rename(stage.path, target)  # replaces an empty folder atomically
        return
    if _exchange(stage.path, target):
        shutil.rmtree(stage.path, ignore_errors=True)  # now the earlier run
        return
    target.rename(stage.old)
    try:
        os.rename(stage.path, target)
    except BaseException:
        stage.old.rename(target)
        raise
    shutil.rmtree(stage.old, ignore_errors=True)


def _in_place(stage: Stage, target: Path, shown: Path, force: bool, new: list[str]) -> None:
    recorded = read_record(target)
    present = {p.name for p in target.iterdir()}
    clash = [n for n in new if n in present and not (force and n in recorded)]
    if clash:
        raise SimroiError(f"output directory {shown}: {', '.join(clash)} appeared meanwhile")
    kept = set() if force else recorded & present
    moving = "".join(f"{n}\t{':'.join(map(str, identity(stage.path / n)))}\n" for n in new)
    (stage.path / MOVING).write_text(moving, encoding="utf-8")
    (stage.path / RECORD).write_text(
        "".join(f"{n}\n" for n in sorted(kept | set(new))), encoding="utf-8"
    )
    if force and RECORD in present:  # the earlier run goes aside whole, its record first
        stage.old.mkdir()
        for name in [RECORD, *sorted(recorded & present)]:
            os.replace(target / name, stage.old / name)
    for name in sorted(new, key=lambda n: n in MARKERS):  # the results and run.json last
        os.replace(stage.path / name, target / name)
    os.replace(stage.path / RECORD, target / RECORD)  # the commit point
    shutil.rmtree(stage.old, ignore_errors=True)
    shutil.rmtree(stage.path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Defer SIGINT/SIGTERM/SIGHUP while files move: a publish is never cut half-way."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
