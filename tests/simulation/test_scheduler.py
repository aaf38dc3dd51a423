"""--scheduler: the address parsed first, anything but a dask scheduler refused within a timeout.

The listeners here are on 127.0.0.1 only, run in a thread of the test and stop by
themselves (a timeout on accept; closed at the end of the test).
"""

import contextlib
import json
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import simroi
from simroi.cli import main
from simroi.errors import SimroiError
from simroi.simulation import scheduler
from simroi.simulation.backends import Serial, open_backend
from simroi.simulation.scheduler import Address, parse_address

SMB = Path(__file__).resolve().parents[2] / "configs" / "smb.yaml"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("tcp://10.0.0.5:8786", ("tcp", "10.0.0.5", 8786)),
        ("tls://scheduler.example:8786", ("tls", "scheduler.example", 8786)),
        ("ws://h:80", ("ws", "h", 80)),
        ("wss://h:443", ("wss", "h", 443)),
        ("tcp://[::1]:8786", ("tcp", "::1", 8786)),
    ],
)
def test_addresses_dask_accepts(text, parts):
    assert parse_address(text) == Address(text, *parts)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("tcp://[::1", "Invalid IPv6 URL"),  # the review: a ValueError traceback
        ("http://127.0.0.1:1", "the scheme must be tcp, tls, ws or wss"),  # the same
        ("inproc://127.0.0.1/1/1", "the scheme must be"),
        ("somewhere:8786", "the scheme must be"),
        ("tcp://127.0.0.1", "no port"),
        ("tcp://127.0.0.1:0", "no port"),
        ("tcp://127.0.0.1:99999", "Port out of range 0-65535"),
        ("tcp://h:x", "Port could not be cast to integer"),
        ("tcp://:8786", "no host"),
        ("tcp://h:8786/path", "tcp://HOST:PORT has nothing more"),
        ("tcp://user@h:8786", "tcp://HOST:PORT has nothing more"),
    ],
)
def test_a_bad_address_is_named_with_its_rule(text, why):
    with pytest.raises(SimroiError) as caught:
        open_backend(2, text)
    assert str(caught.value).startswith(f"--scheduler {text}: not an address (")
    assert why in str(caught.value)


def test_the_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(scheduler.TIMEOUT_ENV, raising=False)
    assert scheduler.timeout() == 15.0
    monkeypatch.setenv(scheduler.TIMEOUT_ENV, "2.5")
    assert scheduler.timeout() == 2.5
    for bad in ("0", "-1", "nan", "inf", "1e9", "soon"):
        monkeypatch.setenv(scheduler.TIMEOUT_ENV, bad)
        with pytest.raises(SimroiError, match=r"SIMROI_SCHEDULER_TIMEOUT: must be a number of "):
            open_backend(2, "tcp://127.0.0.1:8786")


@contextlib.contextmanager
def listener(answer: bytes | None):
    """A TCP server on 127.0.0.1 that accepts, sends ``answer`` (None: nothing) and holds
    the connection open until the test ends; it stops by itself after 30 s at most."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def serve():
        end = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < end:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            held.append(conn)
            if answer is not None:
                conn.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        server.close()


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (None, "no handshake within 1 s"),  # the review: still hanging at 400 s
        (b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\nhi", "it answered 'HTTP/1.0'"),
        (b"\x08\x00\x00\x00\x00\x00\x00\x00abc", "no handshake within 1 s"),  # too short
        (b"\x00" * 8, "it answered"),
    ],
)
def test_what_is_not_a_dask_scheduler_is_refused_within_the_timeout(monkeypatch, answer, why):
    """The HTTP answer made dask allocate 3.01 EiB (it read 'HTTP/1.0' as a length)."""
    pytest.importorskip("distributed")
    monkeypatch.setenv(scheduler.TIMEOUT_ENV, "1")
    with listener(answer) as address:
        started = time.monotonic()
        with pytest.raises(SimroiError) as caught:
            open_backend(2, address)
        assert time.monotonic() - started < 5
    assert str(caught.value).startswith(f"--scheduler {address}: not a dask scheduler (")
    assert why in str(caught.value)


def test_a_closed_port_cannot_be_connected_to_within_the_timeout(monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv(scheduler.TIMEOUT_ENV, "0.5")
    with listener(None) as address:
        pass  # closed again: nothing listens there now
    started = time.monotonic()
    with pytest.raises(SimroiError, match=r": cannot connect \(Connection refused\)$"):
        open_backend(2, address)
    assert time.monotonic() - started < 3


def test_the_cli_says_so_exits_2_and_writes_nothing(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setenv(scheduler.TIMEOUT_ENV, "1")
    out = tmp_path / "out"
    with listener(None) as address:
        for given, error in [
            ("tcp://[::1", "--scheduler tcp://[::1: not an address (Invalid IPv6 URL)"),
            (address, f"--scheduler {address}: not a dask scheduler (no handshake within 1 s)"),
        ]:
            r = CliRunner().invoke(
                main, ["run", str(SMB), "-n", "500", "--no-plots", "-o", str(out),
                       "--scheduler", given],
            )  # fmt: skip
            assert r.exit_code == 2 and r.stderr == f"Error: {error}\n", r.output
            assert not out.exists()


def test_a_dask_scheduler_over_tcp_gives_the_serial_numbers(monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv(scheduler.TIMEOUT_ENV, "30")
    scn = simroi.load_scenario(SMB)
    ref = simroi.simulate_scenario(scn, iterations=4000, chunk_size=1000, backend=Serial())
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
        host="127.0.0.1", dashboard_address=":0",
    ) as cluster:  # fmt: skip
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with open_backend(None, cluster.scheduler_address) as backend:
            got = simroi.simulate_scenario(scn, iterations=4000, chunk_size=1000, backend=backend)
    assert got.samples.equals(ref.samples)
    assert json.dumps(got.summary()) == json.dumps(ref.summary())
    assert np.isfinite(got.samples["roi"]).all()
