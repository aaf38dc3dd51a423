"""The ``simroi`` command group: every SimroiError becomes ``Error: ...`` lines and exit 2.

SIGINT, SIGTERM and SIGHUP stop a command cleanly: the run's staging folder is
removed (see :func:`simroi.runs.rundir.staged_output`), one line says so, and
the exit status is 128 + the signal number (130, 143, 129). A signal that lands
after the folder is published says so ("Interrupted after writing ..."); one that
lands inside a garbage-collector callback, where no exception can propagate, is
kept and acted on when the command ends (its folder is then whole).
"""

from __future__ import annotations

import os
import signal
import sys

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


def _on_signal(owner: int):
    def handler(signum, frame):
        if os.getpid() != owner:  # a forked worker: die as the signal intends
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Interrupted(signum)

    return handler


def _deferring(previous, pending: list[int]):
    """An unraisable-exception hook that keeps a swallowed interruption for later.

    A signal's exception raised while the interpreter runs a callback it cannot propagate
    from (a weakref callback or ``__del__`` during garbage collection, as matplotlib's
    transforms have) would be printed as "Exception ignored ... Traceback" and lost. It is
    kept in ``pending`` instead: the command goes on to its end (its folder is whole) and
    then stops as interrupted. Other unraisable exceptions go to ``previous``.
    """

    def hook(unraisable) -> None:
        exc = unraisable.exc_value
        if isinstance(exc, (KeyboardInterrupt, Interrupted)):
            pending.append(getattr(exc, "signum", signal.SIGINT))
        else:
            previous(unraisable)

    return hook


def _install(pending: list[int]) -> dict:
    """Route SIGTERM/SIGHUP to Interrupted; the previous handlers (and hook), to restore."""
    previous: dict = {}
    handler = _on_signal(os.getpid())
    for sig in _CAUGHT:
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread (an embedding program)
            pass
    if previous:
        previous["unraisablehook"] = sys.unraisablehook
        sys.unraisablehook = _deferring(sys.unraisablehook, pending)
    return previous


def _restore(previous: dict) -> None:
    hook = previous.pop("unraisablehook", None)
    for sig, old in previous.items():
        signal.signal(sig, old)
    if hook is not None:
        sys.unraisablehook = hook


def _published():
    """The folder the command published before it was interrupted (None: none)."""
    rundir = sys.modules.get("simroi.runs.rundir")  # not imported: nothing was published
    return rundir.published() if rundir is not None else None


class _Group(click.Group):
    """Turns every SimroiError into 'Error: ...' lines and exit status 2."""

    def invoke(self, ctx: click.Context):
        pending: list[int] = []
        previous = _install(pending)
        _published()  # forget what an earlier command in this process published
        try:
            result = super().invoke(ctx)
            if pending:
                raise Interrupted(pending[0])
            return result
        except SimroiError as e:
            for line in str(e).splitlines():
                click.echo(f"Error: {printable(line)}", err=True)
            ctx.exit(2)
        except (KeyboardInterrupt, Interrupted) as e:
            signum = getattr(e, "signum", signal.SIGINT)
            published = _published()
            if published is None:
                click.echo("Interrupted; nothing was written", err=True)
            else:
                click.echo(f"Interrupted after writing {printable(str(published))}/", err=True)
            ctx.exit(128 + int(signum))
        finally:
            _restore(previous)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simroi")
def main() -> None:
    """Monte Carlo ROI, NPV and payback analysis of CRM investments."""
