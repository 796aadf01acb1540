"""Spotify Web API client (2026 rules) through spotipy, under the project's one HTTP policy.

spotipy is built with its own retries off (``retries=0, status_retries=0`` and a plain
``requests.Session``), so a 429 with a one-hour ``Retry-After`` never freezes a thread
inside urllib3: every call runs through :class:`~song_automations.http.CallRunner`,
which maps spotipy's exceptions onto ``errors.py`` and applies our retry policy and the
service-wide 429 pause. Tokens come from :class:`~song_automations.auth.TokenManager`
(spotipy only asks it for a string).

Development-mode facts handled here: search ``limit`` at most 10; playlist contents via
``/playlists/{id}/items`` in pages of 50; ``POST /me/playlists``; no batch
``/artists?ids=`` (detected once, never called again), so artist-derived features are
absent rather than zero.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import httpx
import requests
import spotipy

from ..adapters import spotify as adapter
from ..auth import TokenStore
from ..errors import (
    ApiError,
    AuthExpired,
    BadResponse,
    NotFound,
    PlaylistFull,
    RequestRejected,
    TimedOut,
    TransportFailure,
)
from ..http import CallRunner, HttpPolicy, Outcome, Slot, error_for_status, send_reconciled
from ..models import Album, AlbumQuery, Candidate, RemotePlaylist, SearchQuery
from .base import LoggedInClient

log = logging.getLogger(__name__)

PLATFORM = "spotify"
SEARCH_LIMIT = 10  # development mode's maximum (extended mode allows 50)
ITEMS_PAGE = 50  # /playlists/{id}/items maximum page size
CHANGE_CHUNK = 100  # most URIs per add/remove request
ARTIST_BATCH = 50  # most ids per GET /artists?ids=
LISTING_TTL_S = 300.0  # how long the user's playlist listing is trusted (our writes invalidate it)
# "Playlists can contain up to 10,000 items" (the emulator refuses the 10,001st with 403):
# a longer folder is split into "Name", "Name (2)"... like SoundCloud's 500.
MAX_PLAYLIST_SIZE = 10_000


class SpotifyClient(LoggedInClient):
    """The user's Spotify playlists and track search. Thread-safe: share one instance."""

    platform = PLATFORM
    search_limit = SEARCH_LIMIT
    max_playlist_size: int | None = MAX_PLAYLIST_SIZE

    def __init__(self, settings, token_store: TokenStore, *, session: requests.Session | None = None,
                 listing_ttl_s: float = LISTING_TTL_S, **login) -> None:
        """``login``: ``policy`` and ``token_transport``, as :class:`LoggedInClient` takes them."""
        super().__init__(settings, token_store, **login)
        self._session = session or requests.Session()
        self._session.trust_env = False  # proxies from the environment must not see emulator traffic
        self._status = threading.local()
        self._session.hooks["response"].append(self._remember_status)
        timeout = (self.policy.connect_timeout_s, self.policy.timeout_s)
        self.sp = spotipy.Spotify(auth_manager=self.tokens, requests_session=self._session, retries=0,
                                  status_retries=0, requests_timeout=timeout)
        self.sp.prefix = settings.spotify_api_url.rstrip("/") + "/"
        # Paced ahead of time to SPOTIFY_RATE_LIMIT calls per rolling 30 s (ratelimit.py).
        self.runner = CallRunner(PLATFORM, self.policy, self.policy.limiter(PLATFORM, settings))
        self.listing_ttl_s = listing_ttl_s
        self._listing: tuple[float, list[RemotePlaylist]] | None = None
        self._listing_lock = threading.Lock()
        self._artist_batch_supported: bool | None = None
        self._artists: dict[str, dict[str, Any]] = {}
        self._artists_lock = threading.Lock()
        self._probe_lock = threading.Lock()

    # --- plumbing --------------------------------------------------------------------

    def _remember_status(self, response: requests.Response, *args, **kwargs) -> None:
        self._status.value = response.status_code
        self._status.headers = response.headers

    def _call(self, method: str, route: str, fn: Callable[..., Any], *args, retry_ambiguous: bool = True,
              expect: type | None = dict, critical: bool = False, **kwargs) -> Any:
        """Run one spotipy call under the policy; ``expect`` is the JSON type the call must return,
        ``critical`` as in :meth:`~song_automations.http.CallRunner.run`."""

        def attempt(slot: Slot) -> Outcome:
            token = self.tokens.access_token()
            try:
                value = self._invoke(method, route, fn, *args, **kwargs)
            except _Unauthorized:
                self.tokens.refresh_after_rejection(token)
                try:
                    value = self._invoke(method, route, fn, *args, **kwargs)
                except _Unauthorized as exc:
                    raise AuthExpired("Spotify refused a freshly refreshed login; run `song-automations auth "
                                      "spotify` to log in again.", service=PLATFORM) from exc
            slot.release(getattr(self._status, "headers", None))
            # spotipy turns an unreadable 2xx body into None instead of failing.
            if expect is not None and not isinstance(value, expect):
                raise BadResponse(f"spotify {method} {route}: the answer is not a JSON {expect.__name__} "
                                  "(empty or cut short).", service=PLATFORM, method=method)
            return Outcome(value, getattr(self._status, "value", None))

        return self.runner.run(attempt, method=method, route=route, retry_ambiguous=retry_ambiguous,
                               critical=critical)

    def _invoke(self, method: str, route: str, fn: Callable[..., Any], *args, **kwargs) -> Any:
        try:
            return fn(*args, **kwargs)
        except spotipy.SpotifyException as exc:
            if exc.http_status == 401:
                raise _Unauthorized() from exc
            raise _mapped(exc, method, route) from exc
        except requests.exceptions.Timeout as exc:
            raise TimedOut(f"spotify {method} {route}: timed out.", service=PLATFORM, method=method) from exc
        except requests.exceptions.RequestException as exc:
            raise TransportFailure(f"spotify {method} {route}: connection failed ({type(exc).__name__}).",
                                   service=PLATFORM, method=method) from exc

    # --- search and tracks -----------------------------------------------------------

    def search(self, query: SearchQuery, limit: int | None = None) -> list[Candidate]:
        """Tracks for ``query`` (field-filtered), best first; ``limit`` is capped at 10."""
        items = self._search(adapter.format_query(query), "track", limit)
        return adapter.candidates(items, self._followers_for(items))

    def search_albums(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """Albums for ``query`` (``upc:`` or album/artist/year filters), best first, without
        their tracks; ``limit`` is capped at 10."""
        return [adapter.album(a) for a in self._search(adapter.format_album_query(query), "album", limit)]

    def album_glimpse(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """Albums as one track search filtered by album (and artist, year) sees them: each
        with the tracks of it the search returned, ISRCs included, but no barcode.
        Costs one request where :meth:`search_albums` and :meth:`album` cost two."""
        return adapter.albums_of_tracks(self._search(adapter.format_album_query(replace(query, upc=None)),
                                                     "track", limit))

    def _search(self, q: str, kind: str, limit: int | None) -> list[dict]:
        """The ``kind`` objects (track or album) of one ``GET /search`` page that have an id;
        ``limit`` is capped at ``search_limit``. Raises ``BadResponse`` without the list."""
        limit = max(1, min(limit or self.search_limit, self.search_limit))
        payload = self._call("GET", "/search", self.sp.search, q=q, limit=limit, type=kind)
        section = payload.get(f"{kind}s")
        if not isinstance(section, dict) or not isinstance(section.get("items"), list):
            raise BadResponse(f"spotify GET /search: the answer has no {kind}s.items list.", service=PLATFORM)
        return [item for item in section["items"] if isinstance(item, dict) and item.get("id")]

    def album(self, album_id: str) -> Album:
        """One album with its barcode and every track in order (the full object carries
        the first 50; longer albums are paged). Raises NotFound."""
        payload = self._call("GET", "/albums/{id}", self.sp.album, album_id)
        found = adapter.album(payload)
        tracks, offset = list(found.tracks), len(found.tracks)
        while offset < found.total_tracks:
            page = self._call("GET", "/albums/{id}/tracks", self.sp.album_tracks, album_id,
                              limit=ITEMS_PAGE, offset=offset)
            entries = adapter.page_items(page, "/albums/{id}/tracks")
            tracks += [adapter.album_track(t, found.title) for t in entries if isinstance(t, dict) and t.get("id")]
            offset += len(entries)
            if not page.get("next") or not entries:
                break
        return replace(found, tracks=tuple(tracks))

    def account(self) -> str:
        """The logged-in user's display name (or id): one ``GET /me``."""
        payload = self._call("GET", "/me", self.sp.me)
        return str(payload.get("display_name") or payload.get("id") or "")

    def track(self, id_or_url: str) -> Candidate:
        """One track by id, ``spotify:track:`` URI or open.spotify.com URL. Raises NotFound."""
        payload = self._call("GET", "/tracks/{id}", self.sp.track, id_or_url.strip())
        return adapter.candidate(payload, self._followers_for([payload]))

    def _followers_for(self, tracks: Iterable[dict]) -> dict[str, int] | None:
        ids = [a["id"] for t in tracks for a in t.get("artists") or [] if isinstance(a, dict) and a.get("id")]
        features = self.artist_features(ids)
        if not features:
            return None
        return {i: f["followers"] for i, f in features.items() if f.get("followers") is not None}

    def artist_features(self, artist_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """``{artist_id: {"followers": int | None, "popularity": float | None}}``, popularity in [0, 1].

        Extended-mode apps only: batch lookups of unique ids, 50 per call, cached. In
        development mode the batch endpoint answers 403/404; that is detected on the first
        call, never repeated, and the result is ``{}`` (features absent, not zero). Other
        failures are logged and leave the affected artists out.
        """
        if self._artist_batch_supported is False:
            return {}
        wanted = list(dict.fromkeys(i for i in artist_ids if i))
        with self._artists_lock:
            missing = [i for i in wanted if i not in self._artists]
        batches = [missing[start : start + ARTIST_BATCH] for start in range(0, len(missing), ARTIST_BATCH)]
        if batches and self._artist_batch_supported is None:
            # The first call tells whether the endpoint exists at all: other threads wait
            # for its answer instead of each sending a call development mode refuses.
            with self._probe_lock:
                if self._artist_batch_supported is None and not self._fetch_artists(batches.pop(0)):
                    batches = []
        for batch in batches:
            if self._artist_batch_supported is False or not self._fetch_artists(batch):
                break
        with self._artists_lock:
            return {i: self._artists[i] for i in wanted if i in self._artists}

    def _fetch_artists(self, batch: list[str]) -> bool:
        try:
            payload = self._call("GET", "/artists?ids=", self.sp.artists, batch)
        except (NotFound, RequestRejected) as exc:
            if exc.status in (403, 404):
                self._artist_batch_supported = False
                log.info("spotify: batch artist lookups are not available (development mode, %s); "
                         "artist followers and popularity will be absent", exc.status)
                return False
            raise
        except ApiError as exc:
            log.warning("spotify: artist lookup failed, features left absent for %d artists: %s", len(batch), exc)
            return False
        self._artist_batch_supported = True
        with self._artists_lock:
            for artist in payload.get("artists") or []:
                if isinstance(artist, dict) and artist.get("id"):
                    self._artists[artist["id"]] = adapter.artist_features(artist)
        return True

    # --- playlists: reading ------------------------------------------------------------

    def list_playlists(self) -> list[RemotePlaylist]:
        """The user's playlists (without items), cached for ``listing_ttl_s`` seconds."""
        with self._listing_lock:
            if self._listing and self.policy.clock() - self._listing[0] < self.listing_ttl_s:
                return list(self._listing[1])
        playlists, offset = [], 0
        while True:
            # Without the listing no playlist of this destination can be planned: worth more attempts.
            page = self._call("GET", "/me/playlists", self.sp.current_user_playlists, limit=50, offset=offset,
                              critical=True)
            entries = adapter.page_items(page, "/me/playlists")
            playlists.extend(adapter.playlist_ref(p) for p in entries if isinstance(p, dict) and p.get("id"))
            offset += len(entries)
            if not page.get("next") or not entries:
                break
        with self._listing_lock:
            self._listing = (self.policy.clock(), playlists)
        return list(playlists)

    def _invalidate_listing(self) -> None:
        with self._listing_lock:
            self._listing = None

    def find_playlist(self, playlist_id: str | None, name: str) -> RemotePlaylist | None:
        """The stored id if the user still follows it, else the first playlist named ``name``."""
        listing = self.list_playlists()
        chosen = next((p for p in listing if playlist_id and p.id == playlist_id), None)
        chosen = chosen or next((p for p in listing if p.name == name), None)
        return self.get_playlist(chosen.id) if chosen else None

    def get_playlist(self, playlist_id: str) -> RemotePlaylist:
        """Name, snapshot and every item URI in order (pages of 50). Raises NotFound."""
        meta = self._call("GET", "/playlists/{id}", self.sp.playlist, playlist_id, additional_types=("track",))
        uris: list[str] = []
        offset = 0
        while True:
            page = self._call("GET", "/playlists/{id}/items", self.sp.playlist_items, playlist_id,
                              limit=ITEMS_PAGE, offset=offset, additional_types=("track",))
            entries = adapter.page_items(page, "/playlists/{id}/items")
            uris.extend(u for u in (adapter.entry_uri(e) for e in entries) if u)
            offset += len(entries)
            if not page.get("next") or not entries:
                break
        return RemotePlaylist(PLATFORM, str(meta.get("id") or playlist_id), str(meta.get("name", "")),
                              tuple(uris), meta.get("snapshot_id"), {"total": len(uris)})

    # --- playlists: changing -------------------------------------------------------------

    def create_playlist(self, name: str, description: str = "") -> RemotePlaylist:
        """A new private playlist; after an ambiguous failure, one that did get created is reused."""

        def send(_: list[str]) -> dict:
            return self._call("POST", "/me/playlists", self.sp.current_user_playlist_create, name, public=False,
                              description=description, retry_ambiguous=False)

        def still_needed(pending: list[str]) -> list[str]:
            self._invalidate_listing()
            return [] if any(p.name == name for p in self.list_playlists()) else pending

        created = send_reconciled(send, [name], still_needed, self.policy, f"spotify create {name!r}")
        self._invalidate_listing()
        if created is None:
            found = next(p for p in self.list_playlists() if p.name == name)
            return RemotePlaylist(PLATFORM, found.id, found.name, (), found.snapshot)
        if not created.get("id"):
            raise BadResponse("spotify POST /me/playlists: the answer has no playlist id.", service=PLATFORM)
        return RemotePlaylist(PLATFORM, created["id"], str(created.get("name", name)), (), created.get("snapshot_id"))

    def add_items(self, playlist_id: str, uris: list[str], present: Sequence[str] | None = None) -> list[str]:
        """Append ``uris`` not already in the playlist, 100 per request; returns the refused
        ones (none: Spotify refuses a bad URI by failing the whole request). ``present``:
        the items when known for certain (otherwise the playlist is read first)."""
        held = set(self.get_playlist(playlist_id).items if present is None else present)
        todo = [u for u in dict.fromkeys(uris) if u not in held]
        self._change(playlist_id, todo, add=True)
        return []

    def remove_items(self, playlist_id: str, uris: list[str]) -> None:
        """Remove every occurrence of ``uris``, 100 per request."""
        self._change(playlist_id, list(dict.fromkeys(uris)), add=False)

    def replace_items(self, playlist_id: str, uris: list[str]) -> list[str]:
        """Make the playlist hold exactly ``uris`` (removes then adds); returns refused URIs (none)."""
        current = self.get_playlist(playlist_id).items
        wanted = set(uris)
        self._change(playlist_id, [u for u in dict.fromkeys(current) if u not in wanted], add=False)
        kept = set(current)
        self._change(playlist_id, [u for u in dict.fromkeys(uris) if u not in kept], add=True)
        return []

    def _change(self, playlist_id: str, uris: list[str], *, add: bool) -> str | None:
        snapshot = None
        verb, route = ("POST", "/playlists/{id}/items") if add else ("DELETE", "/playlists/{id}/items")
        fn = self.sp.playlist_add_items if add else self.sp.playlist_remove_all_occurrences_of_items

        def send(chunk: list[str]) -> str | None:
            try:
                answer = self._call(verb, route, fn, playlist_id, chunk, retry_ambiguous=False)
            except RequestRejected as exc:
                if add and "limit" in str(exc).lower():
                    raise PlaylistFull(f"Spotify playlist {playlist_id} is full: {exc}", service=PLATFORM,
                                       status=exc.status) from exc
                raise
            return answer.get("snapshot_id")

        def still_needed(chunk: list[str]) -> list[str]:
            present = set(self.get_playlist(playlist_id).items)
            return [u for u in chunk if (u not in present) == add]

        for start in range(0, len(uris), CHANGE_CHUNK):
            what = f"spotify {verb} {len(uris)} items of {playlist_id}"
            snapshot = send_reconciled(send, uris[start : start + CHANGE_CHUNK], still_needed, self.policy, what) \
                or snapshot
        if uris:
            self._invalidate_listing()
        return snapshot

    def delete_playlist(self, playlist_id: str) -> None:
        """Unfollow the playlist (Spotify's only delete); already gone is fine."""
        try:
            self._call("DELETE", "/playlists/{id}/followers", self.sp.current_user_unfollow_playlist,
                       playlist_id, expect=None)
        except NotFound:
            log.info("spotify playlist %s was already gone", playlist_id)
        self._invalidate_listing()

    def close(self) -> None:
        """Close the HTTP sessions."""
        self._session.close()
        super().close()


class _Unauthorized(Exception):
    """A 401 from the Web API: refresh the token once and try again."""


def _mapped(exc: spotipy.SpotifyException, method: str, route: str) -> ApiError:
    message = str(exc.msg).split("\n", 1)[-1].strip()
    url = str(exc.msg).split(":\n", 1)[0] if ":\n" in str(exc.msg) else route
    error = error_for_status(PLATFORM, method, url, exc.http_status, exc.headers or {}, message)
    if not isinstance(error, ApiError):  # a 401 was handled before; anything else auth-like is fatal
        raise error
    return error
