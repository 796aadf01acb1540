"""Worlds for the reliability suite: the demo catalog on an emulator, a client policy whose
sleeps are skipped (retries, backoff and Retry-After pauses happen, nobody waits), and the
playlists of one fault-free sync to compare every faulted one against.

Playlists are compared as sets per playlist name: a track whose search failed in a
faulted run is added by the run that follows, so it may sit later in the playlist than
in an uninterrupted sync (tracks are appended, never reordered, so that "date added"
stays true). Duplicates are checked separately.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator

import pytest

from song_automations.emulator.context import DEMO_CATALOG, Catalog, EmulatorConfig
from song_automations.emulator.server import EmulatorServer
from song_automations.http import HttpPolicy
from song_automations.sync.session import sync_session
from sync.conftest import SyncWorld, duplicates

# Far above what a test sends: no 429 but the injected ones.
RATE_SCALE = 1000.0


class SkipClock:
    """Monotonic time that jumps forward by every sleep instead of waiting for it."""

    def __init__(self) -> None:
        self._skipped = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return time.monotonic() + self._skipped

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self._skipped += max(0.0, seconds)


class FaultWorld(SyncWorld):
    """A :class:`SyncWorld` whose syncs run under a no-wait policy (``timeout_s`` for reads)."""

    def __init__(self, server, data_dir, timeout_s: float = 30.0) -> None:
        super().__init__(server, data_dir)
        self.clock = SkipClock()
        self.timeout_s = timeout_s

    def policy(self) -> HttpPolicy:
        return HttpPolicy(sleep=self.clock.sleep, clock=self.clock.now, timeout_s=self.timeout_s,
                          connect_timeout_s=self.timeout_s)

    def sync(self, destinations="all", tracker=None, **options):
        with sync_session(self.settings, policy=self.policy(), tracker=tracker) as engine:
            return engine.run(destinations, **options)

    def log_in(self) -> None:
        """Both platform logins refreshed once, fault-free, as after `song-automations auth`.

        A SoundCloud refresh token is single-use: a refresh whose answer a fault loses
        spends it for good (tests/reliability/test_logins.py shows what the user is told).
        The fault runs here start from a fresh login instead, like a user's do.
        """
        with sync_session(self.settings, policy=self.policy()) as engine:
            for client in engine.clients.values():
                client.check_login()

    def faults(self, rates: dict[str, float]) -> None:
        self.server.ctx.config.faults = dict(rates)

    def injected(self) -> dict[str, int]:
        """Faults the emulator injected (and a client could notice), by kind, every service."""
        total: dict[str, int] = {}
        for stats in self.stats().values():
            for kind, n in stats.get("by_fault", {}).items():
                total[kind] = total.get(kind, 0) + n
        return total

    def as_sets(self, names: set[str] | None = None) -> dict[str, dict[str, frozenset[str]]]:
        return as_sets(self.playlists(), names)


def as_sets(playlists: dict, names: set[str] | None = None) -> dict[str, dict[str, frozenset[str]]]:
    return {platform: {name: frozenset(items) for name, items in lists.items() if names is None or name in names}
            for platform, lists in playlists.items()}


def demo_server(**config) -> EmulatorServer:
    if not DEMO_CATALOG.exists():
        pytest.skip(f"needs the demo catalog {DEMO_CATALOG}")
    config.setdefault("rate_scale", RATE_SCALE)
    return EmulatorServer(EmulatorConfig(**config), catalog=Catalog.load(DEMO_CATALOG)).start()


def _fault_free_sync(data_dir) -> dict:
    server = demo_server()
    try:
        world = FaultWorld(server, data_dir)
        world.sync()
        playlists = world.playlists()
        world.http.close()
    finally:
        server.stop()
    assert not duplicates(playlists)
    return playlists


@pytest.fixture(scope="session")
def reference(tmp_path_factory) -> dict:
    """The demo catalog synced once without a fault: ``{platform: {name: items}}``.

    Once per test run: under pytest-xdist the first worker that needs it syncs (about
    20 s) and leaves it as JSON in the run's shared temp dir; the other workers wait for
    that file under a lock and read it.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _fault_free_sync(tmp_path_factory.mktemp("reference"))
    # Each worker's basetemp is <the run's basetemp>/popen-gwN: the parent is this run's alone.
    shared = tmp_path_factory.getbasetemp().parent / "reliability-reference.json"
    with open(shared.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shared.exists():
            playlists = _fault_free_sync(tmp_path_factory.mktemp("reference"))
            shared.write_text(json.dumps(playlists), encoding="utf-8")
        return json.loads(shared.read_text(encoding="utf-8"))


@pytest.fixture
def fault_world(tmp_path) -> Iterator:
    """``fault_world(seed=..., fault_delay_s=..., timeout_s=...)``: a logged-in FaultWorld."""
    started: list[EmulatorServer] = []

    def make(seed: int = 1, timeout_s: float = 30.0, **config) -> FaultWorld:
        server = demo_server(seed=seed, **config)
        started.append(server)
        world = FaultWorld(server, tmp_path / f"data-{len(started)}", timeout_s=timeout_s)
        world.log_in()
        return world

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def policy_no_wait() -> HttpPolicy:
    """The product's policy whose sleeps are skipped."""
    clock = SkipClock()
    return HttpPolicy(sleep=clock.sleep, clock=clock.now)
