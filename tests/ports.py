"""A free port for a server that must be told its port before it starts (``marimo run``,
``browse --port``, the OAuth callback named in a redirect URI).

Binding port 0 and closing the socket finds an *ephemeral* port: until the server binds
it, the kernel may hand it to any new connection or port-0 server, the other
pytest-xdist worker's included, and the server then fails to start. :func:`free_port`
picks below the kernel's ephemeral range instead, where the kernel never hands out a
port by itself, from a slice of its own for each xdist worker.
"""

from __future__ import annotations

import itertools
import os
import random
import socket
from pathlib import Path

# Above the well-known ports and those of most local services.
LOWEST = 20000
# Linux's default start of the ephemeral range, when /proc does not say.
EPHEMERAL_START = 32768


def _ephemeral_start() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return EPHEMERAL_START


def _slice() -> range:
    """This process's ports: its share (by xdist worker number) of LOWEST up to the ephemeral range."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    size = (_ephemeral_start() - LOWEST) // workers
    start = LOWEST + (int(worker) if worker.isdigit() else 0) * size
    return range(start, start + size)


# From a random point, so that another test run on the machine starts elsewhere; in
# turn after that, so that a port a test just closed is not reused at once.
_PORTS = _slice()
_turn = itertools.count(random.randrange(len(_PORTS))) if len(_PORTS) else None


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on or is bound to now."""
    if _turn is None:  # no room below the ephemeral range: let the kernel choose
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    for _ in range(len(_PORTS)):
        port = _PORTS[next(_turn) % len(_PORTS)]
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue  # in use (or closing): the next one
            return port
    raise RuntimeError(f"no free port on 127.0.0.1 in {_PORTS.start}-{_PORTS.stop - 1}")
