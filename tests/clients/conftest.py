"""Helpers for the client tests: a fake clock that never sleeps, policies and settings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from song_automations.emulator.server import env_settings
from song_automations.http import HttpPolicy
from song_automations.settings import Settings, load_settings


class FakeClock:
    """A monotonic clock that moves only when someone sleeps; records every sleep."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(0.0, seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def policy(clock: FakeClock) -> HttpPolicy:
    """The default policy with the fake clock: retries happen, nobody waits."""
    return HttpPolicy(sleep=clock.sleep, clock=clock.now)


def emulator_settings(server, data_dir: Path, **overrides: str) -> Settings:
    """Settings pointing every client at ``server`` with its demo credentials."""
    env = env_settings(server.url, server.ctx.config.credentials)
    env["DATA_DIR"] = str(data_dir)
    env.update(overrides)
    return load_settings(environ=env, env_file=data_dir / "absent.env")
