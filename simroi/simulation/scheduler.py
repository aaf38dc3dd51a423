"""The address of a dask scheduler (``--scheduler``): parsed, then tried within one timeout.

dask.distributed takes whatever it is given: ``tcp://[::1`` and ``http://…`` end in
tracebacks, a port that accepts and never answers hangs forever, and a server that
answers HTTP makes it read ``HTTP/1.0`` as the length of a message and allocate
3 EiB. So the address is parsed here first (scheme ``tcp``, ``tls``, ``ws`` or
``wss``, a host, a port), and a ``tcp://`` scheduler is probed before dask sees it:
a dask scheduler sends its handshake as soon as it accepts a connection, a
message of a few dozen bytes led by its length; anything else is not a dask
scheduler. Connecting (retried while the port refuses, as dask does: a scheduler
may be starting) and the handshake share one deadline of :func:`timeout` seconds.
"""

from __future__ import annotations

import math
import os
import socket
import struct
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from simroi.errors import SimroiError

__all__ = ["SCHEMES", "TIMEOUT_ENV", "Address", "parse_address", "probe", "timeout"]

SCHEMES = ("tcp", "tls", "ws", "wss")  # dask's network protocols (inproc is one process)
TIMEOUT_ENV = "SIMROI_SCHEDULER_TIMEOUT"
DEFAULT_TIMEOUT = 15.0  # seconds to connect and shake hands
MAX_TIMEOUT = 3600.0
MAX_HANDSHAKE = 1 << 20  # bytes; a dask handshake has about 60


@dataclass(frozen=True)
class Address:
    """A scheduler address: ``tcp://host:port`` split into its parts."""

    text: str
    scheme: str
    host: str
    port: int


def _not_an_address(text: str, why: str) -> SimroiError:
    return SimroiError(f"--scheduler {text}: not an address ({why})")


def parse_address(text: str) -> Address:
    """``tcp://10.0.0.5:8786`` -> its parts; anything else is a SimroiError naming the rule."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", "Port out of range 0-65535"
        raise _not_an_address(text, str(exc)) from None
    if parts.scheme not in SCHEMES:
        raise _not_an_address(
            text,
            f"the scheme must be {', '.join(SCHEMES[:-1])} or {SCHEMES[-1]}, as in "
            "tcp://HOST:8786; or give 'local' for a cluster on this machine",
        )
    if not parts.hostname:
        raise _not_an_address(text, "no host")
    if port is None or port == 0:
        raise _not_an_address(text, "no port; a scheduler listens on one, e.g. :8786")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise _not_an_address(text, f"{parts.scheme}://HOST:PORT has nothing more")
    return Address(text, parts.scheme, parts.hostname, port)


def timeout() -> float:
    """Seconds to connect and shake hands: ``SIMROI_SCHEDULER_TIMEOUT``, default 15."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_TIMEOUT:  # NaN too
        raise SimroiError(
            f"{TIMEOUT_ENV}: must be a number of seconds in (0, {MAX_TIMEOUT:g}], got {raw!r}"
        )
    return seconds


def probe(address: Address, seconds: float) -> float:
    """Check within ``seconds`` that a dask scheduler listens at ``address`` (``tcp://``):
    the first 8 bytes it sends are the length of a small message. Returns the seconds left."""
    deadline = time.monotonic() + seconds
    sock = _connect(address, deadline)
    with sock:
        head = _receive(sock, 8, address, deadline, seconds)
        (length,) = struct.unpack("<Q", head)  # what dask reads first (little-endian "Q")
        if not 0 < length <= MAX_HANDSHAKE:
            raise _not_dask(address, f"it answered {head.decode('latin-1')!r}")
        _receive(sock, length, address, deadline, seconds)
    return _left(deadline)


def _not_dask(address: Address, why: str) -> SimroiError:
    return SimroiError(f"--scheduler {address.text}: not a dask scheduler ({why})")


def _left(deadline: float) -> float:
    return deadline - time.monotonic()


def _connect(address: Address, deadline: float) -> socket.socket:
    pause = 0.05
    while True:
        try:
            return socket.create_connection(
                (address.host, address.port), timeout=max(_left(deadline), 0.001)
            )
        except OSError as exc:  # refused (not yet listening?), unreachable, timed out
            if _left(deadline) <= pause:
                why = exc.strerror or str(exc) or type(exc).__name__
                raise SimroiError(f"--scheduler {address.text}: cannot connect ({why})") from None
            time.sleep(pause)
            pause = min(2 * pause, 1.0)


def _receive(sock: socket.socket, n: int, address: Address, deadline: float, seconds: float):
    data = bytearray()
    while len(data) < n:
        left = _left(deadline)
        if left <= 0:
            raise _not_dask(address, f"no handshake within {seconds:g} s")
        sock.settimeout(left)
        try:
            chunk = sock.recv(n - len(data))
        except TimeoutError:
            continue
        except OSError as exc:
            raise _not_dask(address, f"the connection failed: {exc.strerror or exc}") from None
        if not chunk:
            raise _not_dask(address, "it closed the connection without a handshake")
        data += chunk
    return bytes(data)
