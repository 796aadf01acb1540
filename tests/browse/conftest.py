"""A user's demo data directory after `--demo sync all` and three reviews, with what the
emulator held at the end (playlists, truth, request counts), for the Datasette tests."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from song_automations import reviewing
from song_automations.emulator.context import DEMO_CATALOG, Catalog
from song_automations.platforms import PLATFORMS, adapter
from song_automations.runtime import open_runtime

# Variables that would point the demo at a user's accounts or data instead of a temp dir.
USER_VARIABLES = ("DISCOGS_USER_TOKEN", "DATA_DIR", "SPOTIFY_REFRESH_TOKEN", "SOUNDCLOUD_REFRESH_TOKEN",
                  "LOG_LEVEL")


@dataclass
class DemoWorld:
    data_dir: Path  # DATA_DIR; the demo's tracker is data_dir/demo/tracker.db
    playlists: dict[str, dict[str, list[str]]]  # {platform: {playlist name: items}}, as the emulator holds them
    truth: dict[str, dict[str, str | None]]
    stats: list[dict[str, dict]]  # the emulator's request counts of each sync run, in order
    reviews: list[tuple[str, int]]  # (action, review id), oldest first

    @property
    def tracker_path(self) -> Path:
        return self.data_dir / "demo" / "tracker.db"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in USER_VARIABLES}
        return {**env, "DATA_DIR": str(self.data_dir)}


def _emulator_playlists(url: str) -> dict[str, dict[str, list[str]]]:
    """``{platform: {name: URIs}}`` (Spotify's state holds bare track ids)."""
    raw = httpx.get(f"{url}/_emulator/playlists", timeout=30).json()

    def uris(platform: str, items: list[str]) -> list[str]:
        prefix = adapter(platform).URI_PREFIX
        return [item if item.startswith(prefix) else prefix + item for item in items]

    return {platform: {p.get("name") or p.get("title"): uris(platform, p["items"]) for p in raw.get(platform, [])}
            for platform in PLATFORMS}


def _review_three(runtime) -> list[tuple[str, int]]:
    """Approve, reject and override one flagged match each, as `review` would."""
    tracker = runtime.tracker()
    rows = tracker.review_rows()

    def runner_up(row) -> dict | None:
        others = tracker.latest_candidates(row["release_id"], row["position"], row["destination"])
        return next((c for c in others if not c["chosen"]), None)

    # The override takes the first flagged match with another candidate to choose.
    third_row = next(r for r in rows if runner_up(r) is not None)
    first, second = [r["review_id"] for r in rows if r is not third_row][:2]
    third = third_row["review_id"]
    reviewing.approve(tracker, first)
    reviewing.reject(tracker, second)
    reviewing.override(tracker, third, runner_up(third_row)["candidate_uri"],
                       lambda destination, ref: runtime.playlist_client(destination).track(ref))
    return [("approve", first), ("reject", second), ("override", third)]


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory) -> DemoWorld:
    if not DEMO_CATALOG.exists():
        pytest.skip(f"needs the demo catalog {DEMO_CATALOG}")
    data_dir = tmp_path_factory.mktemp("browse") / "data"
    environ = {k: v for k, v in os.environ.items() if k not in USER_VARIABLES}
    environ["DATA_DIR"] = str(data_dir)
    stats = []
    with open_runtime(demo=True, environ=environ) as runtime:
        url = runtime.emulator_url
        for run in range(2):  # sync, review three matches, sync again (the reviews reach the playlists)
            if run:
                reviews = _review_three(runtime)
                httpx.post(f"{url}/_emulator/stats/reset", timeout=30).raise_for_status()
            with runtime.session(PLATFORMS) as engine:
                engine.run("all")
            stats.append(httpx.get(f"{url}/_emulator/stats", timeout=30).json()["services"])
        playlists = _emulator_playlists(url)
        truth = httpx.get(f"{url}/_emulator/truth", timeout=30).json()
    return DemoWorld(data_dir, playlists, truth, stats, reviews)


@pytest.fixture(scope="session")
def catalog_isrcs() -> dict[str, str | None]:
    """Every catalog track's ISRC by the URI a playlist holds (the emulator's own data)."""
    catalog = Catalog.load(DEMO_CATALOG)
    found = {f"spotify:track:{t['id']}": (t.get("external_ids") or {}).get("isrc")
             for t in catalog.spotify["tracks"]}
    found.update({t["urn"]: t.get("isrc") for t in catalog.soundcloud["tracks"]})
    return found


class Client:
    """Datasette's own test client over the demo tracker, synchronous for tests."""

    def __init__(self, tracker_path: Path) -> None:
        from song_automations.browse_server import datasette_app

        self.datasette = datasette_app(tracker_path)

    def get(self, path: str, **params):
        return asyncio.run(self.datasette.client.get(path, params=params or None))

    def rows(self, name: str, **params) -> list[dict]:
        response = self.get(f"/tracker/{name}.json", _shape="objects", **params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("truncated"), f"{name} hit the row limit"
        return body["rows"]


@pytest.fixture(scope="session")
def datasette(demo_world) -> Client:
    return Client(demo_world.tracker_path)
