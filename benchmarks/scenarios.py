"""The sync benchmarks' scenarios: an emulator per scenario, a user's data dir, figures.

Each :class:`Bench` is one emulator (catalog of the chosen scale, realistic latency,
rate limits multiplied by ``rate_scale``) plus a fresh data directory, driven through
the same :func:`~song_automations.sync.session.sync_session` the CLI uses. Figures come
from the emulator's own request counters, not from the client's.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from song_automations.emulator import discogs as emulated_discogs
from song_automations.emulator import spotify as emulated_spotify
from song_automations.emulator.context import DEMO_CATALOG, Catalog, EmulatorConfig
from song_automations.emulator.generate import build_catalog
from song_automations.emulator.server import EmulatorServer
from song_automations.platforms import PLATFORMS, SERVICES
from song_automations.matching.matcher import Matcher
from song_automations.settings import Settings, load_settings
from song_automations.sync.session import sync_session
from song_automations.tracker import Tracker

# Route templates as the emulator counts them.
SEARCH_ROUTES = {"spotify": "GET /search", "soundcloud": "GET /tracks"}
RELEASE_ROUTE = "GET /releases/{id}"


@dataclass(frozen=True)
class Scale:
    """A benchmark size: catalog scale, added latency and rate-limit multiplier."""

    name: str
    catalog_scale: int
    latency_ms: float
    rate_scale: float


# Latency is a fast real-world round trip; rate limits are scaled so that the naive
# baseline (thousands of one-track calls) finishes in minutes, not hours.
SCALES = {
    "small": Scale("small", 1, 10.0, 20.0),
    "medium": Scale("medium", 3, 10.0, 40.0),
    "large": Scale("large", 10, 10.0, 80.0),
}


class OneByOne:
    """A playlist client that sends additions and removals one track per call: the
    naive baseline's "no batching"."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def add_items(self, playlist_id: str, uris: list[str], present=None) -> list[str]:
        return [refused for uri in uris for refused in self.inner.add_items(playlist_id, [uri])]

    def remove_items(self, playlist_id: str, uris: list[str]) -> None:
        for uri in uris:
            self.inner.remove_items(playlist_id, [uri])


def track_by_track(client: Any, settings: Settings) -> Matcher:
    """The naive baseline's matcher: every track searched on its own (no release stage)."""
    return Matcher(client.search, settings, platform=client.platform)


class Bench:
    """One emulator and one user's data directory."""

    def __init__(self, scale: Scale, catalog: dict, edits: dict | None = None) -> None:
        self.scale = scale
        config = EmulatorConfig(latency_ms=scale.latency_ms, rate_scale=scale.rate_scale, seed=1)
        self.server = EmulatorServer(config, catalog=Catalog(catalog)).start()
        self.data_dir = Path(tempfile.mkdtemp(prefix="song-automations-bench-"))
        env = self.server.settings_env()  # includes the scaled Spotify budget the client paces to
        self.settings = load_settings(environ={**env, "DATA_DIR": str(self.data_dir)},
                                      env_file=self.data_dir / "absent.env")
        self.http = httpx.Client(base_url=self.server.url, timeout=60)
        if edits:
            self.edit_collection(edits)

    def sync(self, workers: int | None = None, naive: bool = False) -> dict:
        """One full sync; returns the wall time, the emulator's counters for it, the
        requests per source track on each platform and which stage decided the matches."""
        self.http.post("/_emulator/stats/reset").raise_for_status()
        start = time.perf_counter()
        with sync_session(self.settings) as engine:
            if naive:
                engine.clients = {name: OneByOne(c) for name, c in engine.clients.items()}
                engine.matcher_factory = track_by_track
            engine.run("all", workers=workers, yes=True)
        wall = time.perf_counter() - start
        figures = {"wall_s": round(wall, 3), **self.counters()}
        _, tracks = self.collection_size()
        figures["requests_per_track"] = {p: round(figures["requests"][p] / tracks, 3) if tracks else None
                                         for p in PLATFORMS}
        with Tracker(self.settings.tracker_path) as tracker:
            figures["stages"] = tracker.stage_counts()
        return figures

    def counters(self) -> dict:
        services = self.http.get("/_emulator/stats").json()["services"]
        statuses = Counter()
        for name in SERVICES:
            statuses.update(services[name]["by_status"])
        return {
            "requests": {name: services[name]["requests"] for name in SERVICES},
            "searches": {p: services[p]["by_route"].get(route, 0) for p, route in SEARCH_ROUTES.items()},
            "release_fetches": services["discogs"]["by_route"].get(RELEASE_ROUTE, 0),
            "http_429": statuses.get("429", 0),
            "_by_route": {name: services[name]["by_route"] for name in SERVICES},
        }

    def edit_collection(self, body: dict) -> None:
        self.http.post("/_emulator/collection", json=body).raise_for_status()

    def f1(self) -> dict[str, float]:
        """Per platform, micro-averaged over folders: the playlists against the truth."""
        truth = self.http.get("/_emulator/truth").json()
        held = self.http.get("/_emulator/playlists").json()
        names = {"spotify": "name", "soundcloud": "title"}
        with Tracker(self.settings.tracker_path) as tracker:
            expected = _expected_by_playlist(tracker, self.settings, truth)
        scores = {}
        for platform, key in names.items():
            lists = {p[key]: p["items"] for p in held.get(platform, [])}
            hits = Counter()
            for name, want in expected[platform].items():
                got = set(lists.get(name, []))
                hits["tp"] += len(got & want)
                hits["fp"] += len(got - want)
                hits["fn"] += len(want - got)
            scores[platform] = _f1(hits)
        return scores

    def collection_size(self) -> tuple[int, int]:
        """Releases fetched and their playable tracks, as the tracker holds them."""
        with Tracker(self.settings.tracker_path) as tracker:
            return tracker.catalog_size()

    def duplicates(self) -> int:
        held = self.http.get("/_emulator/playlists").json()
        return sum(len(p["items"]) - len(set(p["items"])) for lists in held.values() for p in lists)

    def close(self) -> None:
        self.http.close()
        self.server.stop()


def _expected_by_playlist(tracker: Tracker, settings, truth: dict) -> dict[str, dict[str, set[str]]]:
    expected: dict[str, dict[str, set[str]]] = {platform: {} for platform in PLATFORMS}
    for folder in tracker.present_folders():
        keys = [t.key for rid in tracker.folder_release_ids(folder.id) for t in tracker.source_tracks(rid)]
        name = settings.playlist_name(folder.name)
        for platform in expected:
            expected[platform][name] = {truth[platform][k] for k in keys if truth[platform].get(k)}
    return expected


def _f1(hits: Counter) -> float:
    precision = hits["tp"] / (hits["tp"] + hits["fp"]) if hits["tp"] + hits["fp"] else 1.0
    recall = hits["tp"] / (hits["tp"] + hits["fn"]) if hits["tp"] + hits["fn"] else 1.0
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def floor_seconds(requests: dict[str, int], scale: Scale) -> float:
    """The least wall time the services' sliding windows allow for these requests.

    A window of ``limit`` requests per ``window_s`` lets the first ``limit`` through at
    once and each further ``limit`` one window later. SoundCloud enforces no general
    limit, so its requests cost nothing here.
    """
    windows = {
        "discogs": emulated_discogs.RATE_LIMIT,
        "spotify": emulated_spotify.RATE_LIMIT,
    }
    floor = 0.0
    for service, limit_window in windows.items():
        if limit_window is None:
            continue
        limit = max(1, math.floor(limit_window[0] * scale.rate_scale))
        floor = max(floor, (math.ceil(requests.get(service, 0) / limit) - 1) * limit_window[1])
    return max(floor, 0.0)


def held_out_releases(catalog: dict, count: int = 2) -> list[dict]:
    """``count`` collection releases in one folder each and not wanted: taken out before
    the first sync and added back as the "small change" (so they cost a fetch then)."""
    folders = {f["id"]: f["name"] for f in catalog["discogs"]["folders"]}
    instances = catalog["discogs"]["collection"]
    per_release = Counter(i["release_id"] for i in instances)
    wanted = {w["release_id"] for w in catalog["discogs"]["wants"]}
    chosen = [i for i in reversed(instances) if per_release[i["release_id"]] == 1 and i["release_id"] not in wanted]
    return [{"folder": folders[i["folder_id"]], "release_id": i["release_id"]} for i in chosen[: count + 1]]


def catalog_for(scale: Scale) -> dict:
    """The committed demo catalog for scale 1 (when built), else a generated one."""
    if scale.catalog_scale == 1 and DEMO_CATALOG.exists():
        return Catalog.load(DEMO_CATALOG).data
    return build_catalog(scale.catalog_scale)
