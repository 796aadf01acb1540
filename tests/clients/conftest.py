"""Helpers for the client tests: a fake clock that never sleeps, policies and settings."""

from __future__ import annotations

import copy
import threading
from pathlib import Path

import pytest

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
    env = server.settings_env()
    env["DATA_DIR"] = str(data_dir)
    env.update(overrides)
    return load_settings(environ=env, env_file=data_dir / "absent.env")


MINI_CATALOG = Path(__file__).resolve().parents[1] / "emulator" / "fixtures" / "mini_catalog.json"
SYNTHETIC_SPOTIFY = 150
SYNTHETIC_SOUNDCLOUD = 520


def spotify_uri(n: int) -> str:
    return f"spotify:track:SynTrack{n:014d}"


def soundcloud_urn(n: int) -> str:
    return f"soundcloud:tracks:{900000 + n}"


@pytest.fixture(scope="session")
def big_catalog_data() -> dict:
    """The mini catalog plus enough synthetic tracks to page, chunk and hit size limits."""
    from song_automations.emulator.context import Catalog

    data = copy.deepcopy(Catalog.load(MINI_CATALOG).data)
    model = data["spotify"]["tracks"][0]
    for n in range(SYNTHETIC_SPOTIFY):
        track_id = spotify_uri(n).rsplit(":", 1)[-1]
        data["spotify"]["tracks"].append({**copy.deepcopy(model), "id": track_id, "uri": spotify_uri(n),
                                          "name": f"Synthetic Track {n}"})
    model = data["soundcloud"]["tracks"][0]
    for n in range(SYNTHETIC_SOUNDCLOUD):
        data["soundcloud"]["tracks"].append({**copy.deepcopy(model), "urn": soundcloud_urn(n),
                                             "id": 900000 + n, "title": f"Synthetic Track {n}", "access": "playable"})
    return data


@pytest.fixture
def big_catalog(big_catalog_data):
    from song_automations.emulator.context import Catalog

    return Catalog(copy.deepcopy(big_catalog_data))


def emulator_playlists(server) -> dict:
    import httpx

    return httpx.get(server.url + "/_emulator/playlists").json()


def emulator_stats(server, service: str) -> dict:
    import httpx

    return httpx.get(server.url + "/_emulator/stats").json()["services"][service]
