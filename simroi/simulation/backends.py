"""Where the work units of a simulation run: this process, local processes, or dask.

A work unit is a picklable callable applied to one item; :meth:`Backend.imap`
returns the results in the order of the items while keeping only a bounded
number of units in flight, so a run of 10^9 iterations or a sweep of 10^5
variants streams through the same small window of memory.

* :class:`Serial` — this process (``workers=1``).
* :class:`Processes` — a pool of local worker processes. Each worker runs its
  BLAS on one thread (the pool already uses every core) and dies with its
  parent: on Linux through ``PR_SET_PDEATHSIG``, elsewhere (and as a second
  line) through a watchdog thread that notices the parent is gone.
* :class:`Dask` — a ``dask.distributed`` cluster: an existing scheduler
  (``tcp://host:port``, checked and connected within one timeout: see
  :mod:`simroi.simulation.scheduler`) or a ``LocalCluster`` started for the run (``local``).
  A unit whose worker is lost is run again by the scheduler on another worker;
  the units are deterministic, so the numbers do not change.

dask is an optional dependency (``pip install "simroi[dask]"``), imported only
when a Dask back end is asked for.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from simroi.errors import SimroiError
from simroi.simulation.scheduler import Address, parse_address, probe, timeout

__all__ = ["Backend", "Dask", "Processes", "Serial", "available_cores", "open_backend"]

SCHEDULER_ENV = "SIMROI_SCHEDULER"
DASK_INSTALL = 'pip install "simroi[dask]"'


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


class Backend:
    """Runs ``fn(item)`` for every item; results in item order, a bounded window in flight."""

    workers: int = 1

    def imap(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the workers (idempotent)."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Serial(Backend):
    """Every unit in this process, one after the other."""

    def imap(self, fn, items):
        return map(fn, items)

    def __repr__(self) -> str:
        return "Serial()"


def _windowed(submit: Callable[[Any], Any], result: Callable[[Any], Any], items, window: int):
    """Submit ahead up to ``window`` items; yield results in order as the oldest completes."""
    pending: collections.deque = collections.deque()
    it = iter(items)
    try:
        for item in it:
            pending.append(submit(item))
            if len(pending) >= window:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    finally:
        for future in pending:
            future.cancel()


# --------------------------------------------------------------------------- local processes


def _die_with_parent(parent: int) -> None:
    """Worker initializer: exit when the parent process does (no orphaned workers)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: killed when the parent dies
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        event = threading.Event()
        while not event.wait(0.5):
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="simroi-parent-watch", daemon=True).start()
    one_blas_thread()


def one_blas_thread() -> None:
    """BLAS on one thread in this process: the workers are the parallelism.

    With its default threads, OpenBLAS makes the IRR's matrix products wait for
    a busy second core; one thread per process is as fast on an idle machine and
    much faster on a loaded one. A no-op without threadpoolctl.
    """
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="blas")


class Processes(Backend):
    """A pool of ``workers`` local processes (started on first use)."""

    def __init__(self, workers: int) -> None:
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise SimroiError(f"workers: must be a whole number >= 1, got {workers!r}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, initializer=_die_with_parent, initargs=(os.getpid(),)
            )
        return self._pool

    def imap(self, fn, items):
        it = iter(items)
        head = list(itertools.islice(it, 2))
        if len(head) < 2:  # one unit: starting processes would only cost time
            return map(fn, head)
        pool = self._executor()
        return _windowed(
            lambda x: pool.submit(fn, x),
            lambda f: f.result(),
            itertools.chain(head, it),
            2 * self.workers,
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __repr__(self) -> str:
        return f"Processes({self.workers})"


# --------------------------------------------------------------------------- dask.distributed


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise SimroiError(
            f"--scheduler needs dask.distributed, which is not installed; install it with: "
            f"{DASK_INSTALL}"
        ) from None
    return distributed


class Dask(Backend):
    """Units as tasks on a dask.distributed cluster.

    Parameters
    ----------
    scheduler : str
        ``tcp://host:port`` of a running scheduler, or ``local`` for a
        ``LocalCluster`` of ``workers`` single-threaded worker processes.
    workers : int, optional
        Workers of the local cluster (default: the cores available); for a
        remote scheduler, the window of units in flight is sized from the
        workers the cluster has.
    """

    def __init__(self, scheduler: str, workers: int | None = None) -> None:
        distributed = _import_distributed()
        self.scheduler = scheduler
        self._cluster = None
        try:
            if scheduler == "local":
                self._cluster = distributed.LocalCluster(
                    n_workers=workers or available_cores(),
                    threads_per_worker=1,
                    processes=True,
                    # None still means :8787 to distributed; a free port lets two
                    # local clusters (two simroi commands, two users) run side by side
                    dashboard_address=":0",
                )
                self.client = distributed.Client(self._cluster)
            else:
                self.client = _client(distributed, parse_address(scheduler))
        except OSError as exc:
            self.close()
            raise SimroiError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        except SimroiError:
            self.close()
            raise
        self.client.run(one_blas_thread)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def imap(self, fn, items):
        submit = self.client.submit
        return _windowed(
            lambda x: submit(fn, x, pure=False), lambda f: f.result(), items, 2 * self.workers + 2
        )

    def close(self) -> None:
        client, self.client = getattr(self, "client", None), None
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __repr__(self) -> str:
        return f"Dask({self.scheduler!r}, workers={self.workers})"


def _client(distributed, address: Address):
    """A Client of the scheduler at ``address``, connected within :func:`scheduler.timeout`;
    anything that is not a dask scheduler is a SimroiError."""
    seconds = timeout()
    if address.scheme == "tcp":  # checked before dask reads a length from it
        seconds = max(probe(address, seconds), 0.1)
    try:
        return distributed.Client(address.text, timeout=seconds)
    except OSError:
        raise
    except Exception as exc:  # dask's own error: a bad frame, a refused version, ...
        why = f"{type(exc).__name__}: {exc}"
        raise SimroiError(f"--scheduler {address.text}: not a dask scheduler ({why})") from None


# --------------------------------------------------------------------------- choosing one


def open_backend(workers: int | None = None, scheduler: str | None = None) -> Backend:
    """The back end the options ask for; use it as a context manager.

    ``scheduler`` (else the ``SIMROI_SCHEDULER`` environment variable): a dask
    scheduler address or ``local``; without one, ``workers`` local processes
    (default: the cores available; 1 runs in this process).
    """
    scheduler = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if scheduler is not None:
        if scheduler != "local":
            parse_address(scheduler)  # a bad address fails before dask is imported
            timeout()
        return Dask(scheduler, workers)
    workers = available_cores() if workers is None else workers
    return Serial() if workers == 1 else Processes(workers)
