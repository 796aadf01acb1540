"""A sync world: an emulator on 127.0.0.1, settings pointing at it, a tracker, an engine."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from song_automations.platforms import PLATFORMS
from song_automations.settings import load_settings
from song_automations.sync.session import sync_session
from song_automations.tracker import Tracker


class SyncWorld:
    """One emulator plus what a user's machine holds (settings, tracker DB, tokens)."""

    def __init__(self, server, data_dir):
        self.server = server
        env = server.settings_env()
        self.settings = load_settings(environ={**env, "DATA_DIR": str(data_dir)},
                                      env_file=data_dir / "absent.env")
        self.http = httpx.Client(base_url=server.url, timeout=30)

    def sync(self, destinations="all", tracker=None, **options):
        """One sync run, as the CLI would do it; returns the report."""
        with sync_session(self.settings, tracker=tracker) as engine:
            return engine.run(destinations, **options)

    def tracker(self) -> Tracker:
        return Tracker(self.settings.tracker_path)

    def playlists(self) -> dict[str, dict[str, list[str]]]:
        """``{platform: {name: items}}`` as the emulator holds them."""
        raw = self.http.get("/_emulator/playlists").json()
        return {
            "spotify": {p["name"]: p["items"] for p in raw.get("spotify", [])},
            "soundcloud": {p["title"]: p["items"] for p in raw.get("soundcloud", [])},
        }

    def stats(self) -> dict:
        return self.http.get("/_emulator/stats").json()["services"]

    def reset_stats(self) -> None:
        self.http.post("/_emulator/stats/reset").raise_for_status()

    def truth(self) -> dict:
        return self.http.get("/_emulator/truth").json()

    def edit_collection(self, body: dict) -> None:
        self.http.post("/_emulator/collection", json=body).raise_for_status()


def routes(stats: dict, service: str, prefix: str) -> int:
    """Requests to ``service`` whose route template starts with ``prefix``."""
    return sum(n for route, n in stats[service]["by_route"].items() if route.startswith(prefix))


def orphans(world: SyncWorld) -> list[tuple[str, str]]:
    """Playlists the platforms hold that the tracker does not know as ours."""
    raw = world.http.get("/_emulator/playlists").json()
    with world.tracker() as tracker:
        known = {d: {p.id for p in tracker.all_playlists(d)} for d in PLATFORMS}
    return [(d, p.get("id") or p.get("urn")) for d in PLATFORMS for p in raw[d]
            if (p.get("id") or p.get("urn")) not in known[d]]


def duplicates(playlists: dict) -> list[tuple[str, str]]:
    return [(platform, name) for platform, lists in playlists.items() for name, items in lists.items()
            if any(n > 1 for n in Counter(items).values())]


@pytest.fixture
def world(emulator_factory, tmp_path):
    server = emulator_factory(rate_scale=1000.0)
    w = SyncWorld(server, tmp_path / "data")
    yield w
    w.http.close()
