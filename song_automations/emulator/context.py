"""What every emulated service shares: configuration, catalog, persistent state, stats.

Each service module (``discogs.py``, ``spotify.py``, ``soundcloud.py``) exposes
``routes(ctx: EmulatorContext) -> list[starlette.routing.BaseRoute]``; ``app.py`` mounts
them under their prefixes and wraps them in the shared middleware (latency, faults,
stats). Services keep their mutable data in ``ctx.state.section(<service>)`` and call
``ctx.state.save()`` after every change, so ``--state PATH`` survives restarts.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEMO_CATALOG = DATA_DIR / "demo_catalog.json.gz"

# Where the real services live; payloads in the catalog use these, and the emulator
# rewrites them to its own origin on the way out so that clients never leave it.
REAL_BASES = {
    "discogs": "https://api.discogs.com",
    "spotify": "https://api.spotify.com/v1",
    "spotify-accounts": "https://accounts.spotify.com",
    "soundcloud": "https://api.soundcloud.com",
    "soundcloud-auth": "https://secure.soundcloud.com",
}
PREFIXES = {
    "discogs": "/discogs",
    "spotify": "/spotify/v1",
    "spotify-accounts": "/spotify-accounts",
    "soundcloud": "/soundcloud",
    "soundcloud-auth": "/soundcloud-auth",
}


# Web sites (not APIs) the app shows: covers and players. The emulator serves stand-ins
# under these prefixes (``media.py``). Payloads keep the real addresses: the tracker
# caches them, and the demo emulator's port changes every run. The app maps an address
# with :func:`site_url` when it knows an emulator is in use (``EMULATOR_URL``).
SITES = {
    "https://i.discogs.com": "/discogs-images",
    "https://open.spotify.com": "/spotify-web",
    "https://w.soundcloud.com": "/soundcloud-widget",
}


def site_url(url: str, emulator_url: str | None) -> str:
    """``url`` pointed at the emulator's stand-in for its site (unchanged without an
    emulator, or for a site it does not stand in for)."""
    if not emulator_url or not url:
        return url
    for real, prefix in SITES.items():
        if url.startswith(real + "/"):
            return emulator_url.rstrip("/") + prefix + url[len(real):]
    return url


@dataclass(frozen=True)
class DemoCredentials:
    """Credentials the emulator accepts out of the box (written by ``--env-file``)."""

    discogs_token: str = "demo-discogs-token"
    spotify_client_id: str = "demo-spotify-client"
    spotify_client_secret: str = "demo-spotify-secret"
    spotify_refresh_token: str = "demo-spotify-refresh"
    soundcloud_client_id: str = "demo-soundcloud-client"
    soundcloud_client_secret: str = "demo-soundcloud-secret"
    soundcloud_refresh_token: str = "demo-soundcloud-refresh-0"


@dataclass
class EmulatorConfig:
    """Options of one emulator instance (the CLI flags of ``song-automations emulator``).

    ``faults`` maps a fault kind to its probability per request: ``server_error``
    (5xx), ``rate_limit`` (429 with Retry-After), ``reset`` (connection dropped),
    ``truncated`` (a 200 whose JSON is cut short), ``timeout`` (the answer comes after
    ``fault_delay_s`` seconds), ``lost_answer`` (served, then the connection dropped).
    ``rate_scale`` multiplies every service's allowed request rate.
    ``access_token_ttl_s`` is how long issued access tokens live (real services: about
    an hour).
    """

    catalog_path: Path | None = None
    state_path: Path | None = None
    latency_ms: float = 0.0
    rate_scale: float = 1.0
    faults: dict[str, float] = field(default_factory=dict)
    seed: int | None = None
    spotify_mode: str = "development"
    access_token_ttl_s: int = 3600
    # Longer than the product's 30 s read timeout (http.HttpPolicy.timeout_s).
    fault_delay_s: float = 35.0
    credentials: DemoCredentials = field(default_factory=DemoCredentials)


class Catalog:
    """The data the emulator serves, loaded once and never mutated.

    Sections (see ``data/CATALOG.md``): ``discogs`` (user, folders, collection, wants,
    releases keyed by id string), ``spotify`` (tracks, artists, albums, album_tracks),
    ``soundcloud`` (tracks, users, sets), ``truth`` (per Discogs track) and
    ``release_truth`` (per release: its Spotify album and SoundCloud set). Sections a
    catalog predating them lacks read as empty.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.meta: dict[str, Any] = data.get("meta", {})
        self.discogs: dict[str, Any] = data["discogs"]
        self.spotify: dict[str, Any] = data["spotify"]
        self.soundcloud: dict[str, Any] = data["soundcloud"]
        self.truth: dict[str, dict[str, str | None]] = data.get("truth", {})
        self.release_truth: dict[str, dict[str, str | None]] = data.get(
            "release_truth", {"spotify": {}, "soundcloud": {}})

    @classmethod
    def load(cls, path: Path | None = None) -> Catalog:
        """Read a catalog from ``.json`` or ``.json.gz`` (default: the demo catalog)."""
        path = Path(path) if path else DEMO_CATALOG
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            return cls(json.load(fh))


class State:
    """Mutable emulator state (playlists, issued tokens, collection edits), JSON-persisted.

    All access goes through ``lock``; ``save`` writes atomically (temp file + rename)
    when a path was given, and is a no-op for the in-memory default.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.lock = threading.RLock()
        self.data: dict[str, Any] = {}
        if self.path and self.path.exists():
            self.data = json.loads(self.path.read_text(encoding="utf-8"))

    def section(self, name: str) -> dict[str, Any]:
        with self.lock:
            return self.data.setdefault(name, {})

    def save(self) -> None:
        if self.path is None:
            return
        with self.lock:
            payload = json.dumps(self.data, separators=(",", ":"))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)


class Stats:
    """Request counts per service, per route template and per status code."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._requests: Counter[str] = Counter()
            self._routes: defaultdict[str, Counter[str]] = defaultdict(Counter)
            self._statuses: defaultdict[str, Counter[str]] = defaultdict(Counter)
            self._faults: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def record_fault(self, service: str, kind: str) -> None:
        """Count one injected fault of ``kind`` (``faults.FAULT_KINDS``)."""
        with self._lock:
            self._faults[service][kind] += 1

    def record(self, service: str, route: str, status: int) -> None:
        with self._lock:
            self._requests[service] += 1
            self._routes[service][route] += 1
            self._statuses[service][str(status)] += 1

    def snapshot(self) -> dict[str, Any]:
        """INTERFACE.md's stats shape; a service that had faults injected also has
        ``"by_fault": {kind: n}`` (a fault answered as a normal status still counts there)."""
        with self._lock:
            services = {
                name: {
                    "requests": self._requests[name],
                    "by_route": dict(self._routes[name]),
                    "by_status": dict(self._statuses[name]),
                }
                for name in ("discogs", "spotify", "soundcloud")
            }
            for name, kinds in self._faults.items():
                services[name]["by_fault"] = dict(kinds)
            return {"services": services}


class EmulatorContext:
    """Everything a service module needs; one per running emulator."""

    def __init__(self, config: EmulatorConfig, catalog: Catalog | None = None) -> None:
        self.config = config
        self.catalog = catalog or Catalog.load(config.catalog_path)
        self.state = State(config.state_path)
        self.stats = Stats()
        self.rng = random.Random(config.seed)
        self.rng_lock = threading.Lock()

    @staticmethod
    def now() -> float:
        """Wall-clock seconds; services read time only through this (tests patch it)."""
        return time.time()

    @staticmethod
    def origin(request) -> str:
        """The emulator's own base URL as the client reached it, e.g. ``http://127.0.0.1:5123``."""
        return f"{request.url.scheme}://{request.url.netloc}"

    def base_url(self, request, service: str) -> str:
        """The emulator URL standing in for ``REAL_BASES[service]``."""
        return self.origin(request) + PREFIXES[service]

    def rewrite_urls(self, text: str, request) -> str:
        """Point every real-service URL inside a serialised payload at this emulator."""
        origin = self.origin(request)
        for service, real in sorted(REAL_BASES.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(real, origin + PREFIXES[service])
        return text
