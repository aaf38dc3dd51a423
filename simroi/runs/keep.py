"""How many of a run's iterations its folder keeps (``--samples``), within the disk it has.

``all`` keeps every iteration (samples.parquet, and summary.json computed from them
exactly); ``none`` keeps none and ``N`` the first N: the summary is then merged from
the work units' summaries (:mod:`simroi.simulation.streaming`). Without the option a
run keeps every iteration when that is an ordinary size -- at most
:data:`KEEP_ALL_UP_TO` iterations whose samples take at most :data:`DISK_SHARE` of
the free space -- and otherwise its first :data:`DEFAULT_KEPT` (fewer when even
they would take more than that share), and says so.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from simroi.runs.rundir import SAMPLE_BYTES
from simroi.runs.staging import megabytes

__all__ = [
    "DEFAULT_KEPT",
    "DISK_SHARE",
    "IN_MEMORY_BYTES",
    "KEEP_ALL_UP_TO",
    "Keep",
    "free_bytes",
    "in_memory",
    "rows_to_keep",
]

KEEP_ALL_UP_TO = 10_000_000  # beyond, the exact summary's sorted columns outgrow a laptop
DISK_SHARE = 0.25  # of the free space, at most, for the samples a run keeps by default
DEFAULT_KEPT = 100_000  # rows kept by default past the ordinary size: charts need no more
#: Bytes of result columns a run keeping every iteration holds in memory for its summary
#: and charts; past it they are read back from samples.parquet one at a time.
IN_MEMORY_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Keep:
    """The rows to keep (None: every one) and, when the default chose fewer, why."""

    rows: int | None
    note: str | None = None


def free_bytes(folder: str | Path) -> int:
    """Free space where ``folder`` is or would be created (its nearest existing parent)."""
    path = Path(folder).absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def rows_to_keep(requested: str | int | None, iterations: int, columns: int, free: int) -> Keep:
    """What ``--samples`` (``"all"``, ``"none"``, a count, or None: the default) keeps of
    a run of ``iterations`` whose samples have ``columns`` columns, with ``free`` bytes."""
    if requested == "all":
        return Keep(None)
    if requested == "none":
        return Keep(0)
    if requested is not None:
        return Keep(None if requested >= iterations else int(requested))
    per_row = columns * SAMPLE_BYTES["parquet"]
    budget = int(DISK_SHARE * free)
    if iterations <= KEEP_ALL_UP_TO and iterations * per_row <= budget:
        return Keep(None)
    rows = min(DEFAULT_KEPT, budget // max(per_row, 1))
    if iterations <= KEEP_ALL_UP_TO:
        why = (
            f"all would need about {megabytes(iterations * per_row)} MB, more than "
            f"{DISK_SHARE:.0%} of the {megabytes(free)} MB free"
        )
    else:
        why = f"more than {KEEP_ALL_UP_TO:,} iterations"
    return Keep(
        rows,
        f"keeping the first {rows:,} of {iterations:,} iterations in samples.parquet ({why}); "
        "the summary is merged from every iteration as it streams; --samples all keeps them all",
    )


def in_memory(iterations: int, columns: Sequence[str]) -> tuple[str, ...]:
    """The ``columns`` a run of ``iterations`` holds whole in memory beside its samples file:
    all of them while they take at most :data:`IN_MEMORY_BYTES`, else none."""
    return tuple(columns) if iterations * len(columns) * 8 <= IN_MEMORY_BYTES else ()
