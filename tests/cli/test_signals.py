"""A signal's exception that lands inside a garbage-collector callback is not lost.

The CI failure behind this (a SIGTERM during one of matplotlib's weakref callbacks
printed "Exception ignored ... Traceback" after "Written to ...") is replayed
deterministically: a weakref callback sends the signal to its own process, so
the handler raises where the interpreter cannot propagate. The signal is sent again a
moment later and stops the command there; a command that ends first stops as
interrupted when it ends.
"""

import os
import signal
import time
import weakref

import click
import pytest
from click.testing import CliRunner

from simroi.cli.app import _Group, _Signals
from simroi.runs.rundir import staged_output


class _Thing:
    pass


def _signal_in_a_callback(sig):
    """Send ``sig`` from inside a weakref callback (as garbage collection runs them)."""
    thing = _Thing()
    ref = weakref.ref(thing, lambda _: os.kill(os.getpid(), sig) or sum(range(100)))
    del thing  # the callback runs here, and the handler inside it
    return ref


def _group(tmp_path, publish: bool, seconds: float = 0.0):
    @click.group(cls=_Group)
    def group():
        pass

    @group.command()
    @click.argument("sig", type=int)
    def work(sig):
        if publish:
            with staged_output(tmp_path / "R", writes=["a.txt"], fresh=True, force=False) as tmp:
                (tmp / "a.txt").write_text("whole")
        _signal_in_a_callback(sig)
        end = time.monotonic() + seconds
        while time.monotonic() < end:  # the command's work goes on
            time.sleep(0.01)
        click.echo("the command went on to its end")

    return group


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("publish", [False, True])
def test_a_signal_inside_a_gc_callback_stops_the_command_a_moment_later(tmp_path, sig, publish):
    started = time.monotonic()
    r = CliRunner().invoke(_group(tmp_path, publish, seconds=5.0), ["work", str(int(sig))])
    assert r.exit_code == 128 + sig, r.output
    assert time.monotonic() - started < 2.5  # not after the 5 s of work
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
    assert "the command went on to its end" not in r.stdout
    if publish:
        assert r.stderr.strip() == f"Interrupted after writing {tmp_path / 'R'}/"
    else:
        assert r.stderr.strip() == "Interrupted; nothing was written"
        assert not (tmp_path / "R").exists()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("publish", [False, True])
def test_a_command_that_ends_first_stops_as_interrupted(tmp_path, sig, publish, monkeypatch):
    monkeypatch.setattr(_Signals, "RESEND_AFTER", 60.0)  # the command ends long before
    r = CliRunner().invoke(_group(tmp_path, publish), ["work", str(int(sig))])
    assert r.exit_code == 128 + sig, r.output
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr
    assert "the command went on to its end" in r.stdout
    if publish:
        assert r.stderr.strip() == f"Interrupted after writing {tmp_path / 'R'}/"
        assert (tmp_path / "R" / "a.txt").read_text() == "whole"
    else:
        assert r.stderr.strip() == "Interrupted; nothing was written"


def test_other_unraisable_exceptions_still_reach_the_previous_hook(tmp_path):
    seen = []

    @click.group(cls=_Group)
    def group():
        pass

    @group.command()
    def work():
        thing = _Thing()
        ref = weakref.ref(thing, lambda _: 1 / 0)
        del thing
        click.echo(ref() is None)

    import sys

    old, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        r = CliRunner().invoke(group, ["work"])
    finally:
        sys.unraisablehook = old
    assert r.exit_code == 0
    assert [type(u.exc_value) for u in seen] == [ZeroDivisionError]
