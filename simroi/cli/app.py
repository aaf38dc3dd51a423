"""The ``simroi`` command group: every SimroiError becomes ``Error: ...`` lines and exit 2.

SIGINT, SIGTERM and SIGHUP stop a command cleanly: the run's staging folder is
removed (see :func:`simroi.runs.rundir.staged_output`), one line says so, and
the exit status is 128 + the signal number (130, 143, 129). A signal that lands
after the folder is published says so ("Interrupted after writing ..."); one that
lands inside a garbage-collector callback, where no exception can propagate, is
sent again a moment later (see :class:`_Signals`).
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading

import click

from simroi import __version__
from simroi.errors import SimroiError
from simroi.report.text.safe import printable

_CAUGHT = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s))


class Interrupted(BaseException):
    """A SIGTERM or SIGHUP, raised in the main thread like KeyboardInterrupt for SIGINT."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _Signals:
    """The signal handling of one command: SIGTERM and SIGHUP raise :class:`Interrupted` (as
    SIGINT raises KeyboardInterrupt), and a signal whose exception Python could not
    propagate is delivered again.

    Such an exception is raised inside a callback the interpreter cannot propagate from (a
    weakref callback or ``__del__`` during garbage collection, as matplotlib's transforms
    and the process pool have): Python would print "Exception ignored ... Traceback" and
    lose it. The unraisable-exception hook keeps it in :attr:`pending` instead and sends
    the signal again a moment later, from a timer thread, so that it lands outside the
    callback; should the command end first, it stops as interrupted then.
    """

    RESEND_AFTER = 0.01  # seconds: the callback has long returned by then

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.pending: list[int] = []
        self.stopping = False
        self._timers: list[threading.Timer] = []
        self._previous: dict = {}

    def install(self) -> None:
        """Route SIGTERM/SIGHUP to Interrupted and the unraisable hook here."""
        for sig in _CAUGHT:
            try:
                self._previous[sig] = signal.signal(sig, self._handler)
            except (ValueError, OSError):  # not the main thread (an embedding program)
                pass
        if self._previous:
            self._hook = sys.unraisablehook
            sys.unraisablehook = self._unraisable

    def stop(self) -> None:
        """The command is ending: no signal is sent again, and a late one is ignored."""
        self.stopping = True
        for timer in self._timers:
            timer.cancel()

    def restore(self) -> None:
        self.stop()
        for sig, old in self._previous.items():
            signal.signal(sig, old)
        if self._previous:
            sys.unraisablehook = self._hook

    def _handler(self, signum, frame) -> None:
        if os.getpid() != self.owner:  # a forked worker: die as the signal intends
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if not self.stopping:
            raise Interrupted(signum)

    def _unraisable(self, unraisable) -> None:
        exc = unraisable.exc_value
        if not isinstance(exc, (KeyboardInterrupt, Interrupted)):
            self._hook(unraisable)
            return
        signum = getattr(exc, "signum", signal.SIGINT)
        self.pending.append(signum)
        if not self.stopping and os.getpid() == self.owner:  # never from a forked child
            timer = threading.Timer(self.RESEND_AFTER, os.kill, (self.owner, signum))
            timer.daemon = True
            try:
                timer.start()
                self._timers.append(timer)
            except RuntimeError:  # the interpreter is shutting down: pending says it
                pass


def _published():
    """The folder the command published before it was interrupted (None: none)."""
    rundir = sys.modules.get("simroi.runs.rundir")  # not imported: nothing was published
    return rundir.published() if rundir is not None else None


class _Group(click.Group):
    """Turns every SimroiError into 'Error: ...' lines and exit status 2."""

    def invoke(self, ctx: click.Context):
        signals = _Signals()
        signals.install()
        _published()  # forget what an earlier command in this process published
        try:
            result = super().invoke(ctx)
            signals.stop()
            if signals.pending:  # swallowed, and the command ended before it came again
                raise Interrupted(signals.pending[0])
            return result
        except SimroiError as e:
            for line in str(e).splitlines():
                click.echo(f"Error: {printable(line)}", err=True)
            ctx.exit(2)
        except (KeyboardInterrupt, Interrupted) as e:
            signals.stop()
            signum = getattr(e, "signum", signal.SIGINT)
            published = _published()
            if published is None:
                click.echo("Interrupted; nothing was written", err=True)
            else:
                click.echo(f"Interrupted after writing {printable(str(published))}/", err=True)
            ctx.exit(128 + int(signum))
        finally:
            signals.restore()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simroi")
def main() -> None:
    """Monte Carlo ROI, NPV and payback analysis of CRM investments."""


def program() -> None:
    """The ``simroi`` program (its console script and ``python -m simroi``): :func:`main`,
    whose objects are then left out of the interpreter's last garbage collections.

    Once a command is done, Python tears its modules down and collects their cycles: a
    quarter of a second with matplotlib, pandas and Arrow loaded. Frozen, the objects are
    still freed and every exit handler runs; the collector no longer walks them (about
    0.15 s less). Only the program does this: :func:`main` called in a process that goes
    on (a test, a notebook) leaves the collector alone.
    """
    try:
        main(prog_name="simroi")
    finally:
        gc.freeze()
