"""The ``simroi`` command group: every SimroiError becomes ``Error: ...`` lines and exit 2.

SIGINT, SIGTERM and SIGHUP stop a command cleanly: the run's staging folder is
removed (see :func:`simroi.runs.rundir.staged_output`), one line says so, and
the exit status is 128 + the signal number (130, 143, 129).
"""

from __future__ import annotations

import os
import signal

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


def _install() -> dict:
    """Route SIGTERM/SIGHUP to Interrupted; the previous handlers, to restore."""
    previous = {}
    handler = _on_signal(os.getpid())
    for sig in _CAUGHT:
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread (an embedding program)
            pass
    return previous


class _Group(click.Group):
    """Turns every SimroiError into 'Error: ...' lines and exit status 2."""

    def invoke(self, ctx: click.Context):
        previous = _install()
        try:
            return super().invoke(ctx)
        except SimroiError as e:
            for line in str(e).splitlines():
                click.echo(f"Error: {printable(line)}", err=True)
            ctx.exit(2)
        except (KeyboardInterrupt, Interrupted) as e:
            signum = getattr(e, "signum", signal.SIGINT)
            published = getattr(e, "published", None)
            if published is None:
                click.echo("Interrupted; nothing was written", err=True)
            else:
                click.echo(f"Interrupted after writing {printable(str(published))}/", err=True)
            ctx.exit(128 + int(signum))
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="simroi")
def main() -> None:
    """Monte Carlo ROI, NPV and payback analysis of CRM investments."""
