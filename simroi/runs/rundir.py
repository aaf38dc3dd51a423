"""Run folders that cannot collide or mix: run ids, staging, locking, publishing.

A command writes its files into a private staging folder ``.simroi-<token>``
and publishes them only when every file is complete (:func:`staged_output`):

* **swap** -- the destination is new (reserved by an exclusive ``mkdir``),
  empty, or (with ``force``) holds only an earlier simroi run: the staging
  folder is its sibling and replaces it in one ``rename`` (an empty folder) or
  one atomic exchange (``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere the
  earlier run is moved aside and moved back if the publish fails);
* **in place** -- the destination also holds the user's files, is a mount
  point, or its parent is not writable: the staging folder sits inside it and
  the files move in one rename each, the record last. A kill in between is
  rolled back (earlier run restored) by the next simroi command there.

Every published folder holds ``.simroi-files``, the names simroi wrote there;
``force`` replaces only those, never a file simroi did not write. Beside each
staging folder lies ``.simroi-<token>.pid``, a marker its owner keeps
``flock``-ed while it lives: a marker that can be locked belongs to a dead
run (say a SIGKILL), whose leftovers the next command in that folder rolls
back, before it creates its own destination, and only once
:mod:`simroi.runs.recovery` has checked that they are a dead simroi run's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from simroi.errors import SimroiError
from simroi.runs.atomic import os_error
from simroi.runs.recovery import recover, undo
from simroi.runs.staging import RECORD, Stage, megabytes, publish, read_record, signals_blocked

__all__ = [
    "RECORD",
    "default_run_dir",
    "new_run_id",
    "output_bytes",
    "published",
    "read_record",
    "recover",
    "slugify",
    "staged_output",
]

# Disk space, from above (measured on runs of 1e3..1e6 iterations: README "Disk space").
JSON_BYTES = 50_000  # summary.json 9-13 kB, run.json 4-5 kB besides its scenario
CHART_BYTES = 120_000  # a PNG at 150 dpi: 64-135 kB, 75 kB on average
REPORT_BYTES = {"html": 200_000, "xlsx": 50_000, "pdf": 600_000}  # 111-127, 28-31, 360-404 kB
REPORT_BYTES["live"] = 2_000_000  # live.html: 1.5-1.7 MB at 20,000 iterations (about 90 B each)
SAMPLE_BYTES = {"parquet": 8, "sheet": 12, "csv": 24}  # a value: 5.9-6.6, 11-11.5, 14-16 bytes
VARIANT_BYTES = 16_000  # a sweep's or batch's variant in sweep.json and sweep.parquet
CASE_BYTES = 2_000  # a case in cases.csv, cases.parquet and its partial part: 0.6-1 kB


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


def new_run_id(kind: str = "") -> str:
    """``<UTC second>-<8 random hex>[-<kind>]``: unique within a second and a host."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{secrets.token_hex(4)}" + (f"-{kind}" if kind else "")


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
    cases: int = 0,
) -> int:
    """About how many bytes a command's folder takes, from above (for the free-space check).

    A fixed part (the JSON, ``charts`` PNGs, the ``reports``) and a part per
    sample value (``iterations`` x ``columns``): samples.parquet, and with an
    Excel report a Samples sheet or, past its size, samples.csv. A run's
    estimate is between 1.2 and 2 times what it writes (README "Disk space").
    """
    from simroi.runs.layout import EXCEL_ROWS, SHEET_CELLS

    values = iterations * columns
    total = JSON_BYTES + 2 * scenario_bytes + charts * CHART_BYTES + variants * VARIANT_BYTES
    total += cases * CASE_BYTES
    total += sum(REPORT_BYTES[f] for f in reports) + values * SAMPLE_BYTES["parquet"]
    if "xlsx" in reports and values:
        sheet = values <= SHEET_CELLS and iterations <= EXCEL_ROWS
        total += values * SAMPLE_BYTES["sheet" if sheet else "csv"]
    return total


# --------------------------------------------------------------------------- staging


@contextlib.contextmanager
def staged_output(
    final_dir: str | os.PathLike[str],
    *,
    force: bool,
    writes: Collection[str],
    fresh: bool = False,
    expected_bytes: int = 0,
    note: Callable[[str], None] | None = None,
) -> Iterator[Path]:
    """Write a run into a staging folder; publish it at ``final_dir`` only if all went well.

    Everything is checked on entry, before the body (the simulation) runs:
    dead runs' leftovers beside and in ``final_dir`` are rolled back (each
    reported to ``note``), then ``final_dir`` is created if missing (exclusively
    when ``fresh``: a new run folder), locked against other simroi commands,
    and refused when it holds any of ``writes`` -- unless ``force`` and every
    such file is an earlier run's (in its record) -- or lacks ``expected_bytes``
    of free space. Refusals and filesystem errors raise :class:`SimroiError`
    naming the folder.

    On any exception (``KeyboardInterrupt`` included) the staging folder and any
    folder created here are removed, ``final_dir`` is left as it was, and the
    exception propagates (an ``OSError`` as a ``SimroiError``).
    """
    if not os.fspath(final_dir):  # Path("") would be the current folder
        raise SimroiError("output directory: empty path; give a folder, e.g. '.'")
    shown = Path(final_dir)
    tell = note or (lambda _msg: None)
    parent = Path(os.path.realpath(shown)).parent
    recover(parent, tell)  # before the target is made: a dead run may have reserved it
    with _entered(shown, fresh) as (target, created):
        try:
            _lock(target, shown)  # released when _entered exits
            recover(target, tell)
            plan = _plan(target, shown, force, set(writes))
            where = target.parent if plan == "swap" else target
            _check_space(where, shown, expected_bytes)
            with signals_blocked():
                stage = Stage(where, target, plan, reserved=created)
        except BaseException as exc:
            if created and target in _HELD:  # never a folder another command has locked
                with contextlib.suppress(OSError):
                    target.rmdir()
            if isinstance(exc, OSError):
                raise SimroiError(f"output directory {shown}: {exc.strerror or exc}") from exc
            raise
        try:
            yield stage.path
            with signals_blocked():  # a signal arriving now is handled after the publish
                publish(stage, target, shown, force)
                _PUBLISHED[:] = [shown]
        except BaseException as exc:
            if _PUBLISHED and _PUBLISHED[-1] is shown:  # interrupted right after: it is whole
                raise
            undo(stage)
            if created:
                with contextlib.suppress(OSError):
                    target.rmdir()
            oserr = os_error(exc)
            if oserr is not None:
                raise SimroiError(
                    f"output directory {shown}: cannot write "
                    f"({oserr.strerror or oserr}); nothing was written"
                ) from exc
            raise


_PUBLISHED: list[Path] = []  # the folder this process published last (none: empty)


def published() -> Path | None:
    """The folder this process published last, then forgotten: what an interrupted command
    tells its user it had written (see :mod:`simroi.cli.app`)."""
    last = _PUBLISHED[-1] if _PUBLISHED else None
    _PUBLISHED.clear()
    return last


# --------------------------------------------------------------------------- entry


@contextlib.contextmanager
def _entered(shown: Path, fresh: bool) -> Iterator[tuple[Path, bool]]:
    """Resolve and create the destination; yield (real path, created here)."""
    target = Path(os.path.realpath(shown))  # a symlink's target, not the link itself
    made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
    try:
        if target.exists() and not target.is_dir():
            raise SimroiError(f"output directory {shown}: exists and is not a directory")
        for p in target.parents:
            if p.exists():
                if not p.is_dir():
                    raise SimroiError(f"output directory {shown}: {p} is a file, not a folder")
                break
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.mkdir()  # atomic: of two commands, one creates it
            created = True
        except FileExistsError:
            if fresh:
                raise SimroiError(
                    f"output directory {shown}: exists already (run ids collided)"
                ) from None
            created = False
    except OSError as exc:
        for p in made:
            with contextlib.suppress(OSError):
                p.rmdir()
        raise SimroiError(f"output directory {shown}: cannot create it ({exc.strerror})") from exc
    try:
        yield target, created
    finally:
        _unlock(target)
        for p in made:  # parents made for this run only, innermost first
            with contextlib.suppress(OSError):
                p.rmdir()


_HELD: dict[Path, int] = {}


def _lock(target: Path, shown: Path) -> None:
    """An exclusive, non-blocking ``flock`` on the destination folder itself."""
    for _ in range(20):
        fd = os.open(target, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SimroiError(
                f"output directory {shown}: another simroi command is writing there; "
                "wait for it or choose another directory"
            ) from None
        # A publish may have swapped another folder in meanwhile: then lock that one.
        if os.path.samestat(os.fstat(fd), os.stat(target)):
            _HELD[target] = fd
            return
        os.close(fd)
    raise SimroiError(f"output directory {shown}: keeps changing; try again")


def _unlock(target: Path) -> None:
    fd = _HELD.pop(target, None)
    if fd is not None:
        os.close(fd)


def _plan(target: Path, shown: Path, force: bool, writes: set[str]) -> str:
    """'swap' or 'in place', after refusing what would overwrite files we may not touch."""
    present = {p.name for p in target.iterdir()}
    recorded = read_record(target)
    clash = sorted(n for n in writes if n in present)
    if clash and not force:
        what = "a run" if set(clash) <= recorded else "files this command writes"
        raise SimroiError(
            f"output directory {shown} already holds {what} ({', '.join(clash)}); use "
            "--force to replace an earlier run, or choose another directory"
        )
    foreign = [n for n in clash if n not in recorded]
    if foreign:
        raise SimroiError(
            f"output directory {shown}: {', '.join(foreign)} not written by simroi (not in "
            f"its {RECORD}); --force replaces only an earlier run's files; move them or "
            "choose another directory"
        )
    only_a_run = not present or (force and present <= recorded | {RECORD} and RECORD in present)
    parent = target.parent
    movable = (
        parent != target
        and not os.path.ismount(target)
        and os.access(parent, os.W_OK | os.X_OK)
        and os.stat(parent).st_dev == os.stat(target).st_dev
    )
    return "swap" if only_a_run and movable else "in place"


def _check_space(where: Path, shown: Path, expected: int) -> None:
    if expected <= 0:
        return
    free = shutil.disk_usage(where).free
    if expected > free:
        raise SimroiError(
            f"output directory {shown}: the run needs about {megabytes(expected)} MB, only "
            f"{megabytes(free)} MB free; free some space, lower -n, or choose another directory"
        )
