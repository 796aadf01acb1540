"""The Spotify Web API and accounts service, as the emulator serves them (REFERENCE.md 2).

Two modes (``ctx.config.spotify_mode``): ``development`` (default) follows the 2026
Development-Mode rules: search ``limit`` at most 10, no ``popularity`` or artist
``followers``, no album ``label``, playlist contents under ``items`` only (the
deprecated ``tracks`` of ``/me/playlists`` entries is null), and 403 for the removed
routes (``/playlists/{id}/tracks``, ``POST /users/{id}/playlists``, batch ``/tracks``,
``/artists`` and ``/albums``). ``extended`` serves the legacy fields and routes as well.

Albums are resources of their own (``spotify_albums.AlbumStore``): ``GET /albums/{id}``,
``GET /albums/{id}/tracks`` and ``type=album`` search.

Every Web API call needs a live bearer token from ``/api/token`` and counts against a
rolling 30 s window per client id. Payloads are built with the real base URLs and
rewritten to the emulator's origin on the way out, so paging links stay inside it.
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
import secrets
import string
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from song_automations.emulator import oauth
from song_automations.emulator.context import REAL_BASES, EmulatorContext
from song_automations.emulator.ratelimit import SlidingWindow, scaled_limit
from song_automations.emulator.search import LazyIndex, SpotifyAlbumSearch, SpotifySearch
from song_automations.emulator.spotify_albums import DEV_REMOVED_FULL, NOT_IN_SIMPLIFIED_TRACK, AlbumStore
from song_automations.errors import ApiError, NotFound, RequestRejected
from song_automations.ratelimit import SPOTIFY_LIMIT, SPOTIFY_WINDOW_S

SERVICE = "spotify"
# Spotify counts calls in a rolling 30 s window and does not publish the limit; about
# 180 calls a minute is what developers observe before 429s, hence 90 per 30 s: the
# same documented figure the client's default budget is (song_automations.ratelimit).
RATE_LIMIT: tuple[int, float] | None = (SPOTIFY_LIMIT, SPOTIFY_WINDOW_S)

BASE = REAL_BASES["spotify"]
# Refresh tokens die six months after the original login; refreshing does not extend
# them (Spotify blog, 2026-06-18).
REFRESH_TOKEN_LIFETIME_S = 183 * 86400
SEARCH_LIMITS = {"development": (10, 5), "extended": (50, 20)}  # (max, default)
ITEMS_LIMITS = {"items": (50, 20), "tracks": (100, 100)}  # legacy /tracks allowed 100
ALBUM_TRACKS_LIMITS = (50, 20)  # GET /albums/{id}/tracks: 1..50, default 20
BATCH_LIMITS = {"tracks": 50, "artists": 50, "albums": 20}
MAX_URIS_PER_REQUEST = 100
MAX_PLAYLIST_ITEMS = 10_000
SEARCH_MAX_OFFSET = 1000
SEARCH_TYPES = {"album", "artist", "playlist", "track", "show", "episode", "audiobook"}
_URI = re.compile(r"^spotify:(track|episode):([0-9A-Za-z]{22})$")
_ID_CHARS = string.ascii_letters + string.digits
_SPOTIFY_ID = re.compile(r"^[0-9A-Za-z]{22}$")
DEFAULT_USER = {"id": "demo_listener", "display_name": "Demo Listener"}
# Only present outside Development Mode (2026 migration guide "Removed fields").
_DEV_REMOVED_TRACK = ("popularity", "available_markets", "linked_from", "preview_url")
_DEV_REMOVED_ALBUM = ("available_markets", "popularity", "label", "album_group")  # embedded in tracks
_DEV_REMOVED_ARTIST = ("followers", "popularity")

Handler = Callable[[Request, dict[str, Any]], Awaitable[Response]]


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """Spotify's error body, exactly ``{"error": {"status": N, "message": "..."}}``."""
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)


def _rejected(message: str, status: int = 400) -> RequestRejected:
    return RequestRejected(message, service=SERVICE, status=status)


def _now_iso(ctx: EmulatorContext) -> str:
    return datetime.fromtimestamp(ctx.now(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_id() -> str:
    return "".join(secrets.choice(_ID_CHARS) for _ in range(22))


def _new_snapshot() -> str:
    return base64.b64encode(secrets.token_bytes(36)).decode("ascii")


def _int_param(request: Request, name: str, default: int, low: int, high: int, message: str) -> int:
    """Query parameter ``name`` as an int in [low, high]; 400 ``message`` otherwise."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _rejected(message) from None
    if not low <= value <= high:
        raise _rejected(message)
    return value


async def _json_body(request: Request) -> Any:
    """The parsed JSON body, or None when empty; 400 "Error parsing JSON." when malformed."""
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _rejected("Error parsing JSON.") from None


class SpotifyApi:
    """The Web API handlers of one emulator; state lives in ``ctx.state.section("spotify")``."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx
        self.tokens = oauth.TokenStore(ctx, SERVICE)
        limit, window = RATE_LIMIT
        self.limiter = SlidingWindow(scaled_limit(limit, ctx.config.rate_scale), window, now=lambda: ctx.now())
        tracks = ctx.catalog.spotify.get("tracks", [])
        # Album-only tracks (bonus mixes, compilation cuts) exist for /tracks/{id},
        # playlists and album tracklists, but track search never lists them.
        album_only = ctx.catalog.spotify.get("album_tracks", [])
        self.tracks = {t["id"]: t for t in itertools.chain(tracks, album_only)}
        self.artists = {a["id"]: a for a in ctx.catalog.spotify.get("artists", [])}
        self.albums = AlbumStore(itertools.chain(tracks, album_only), ctx.catalog.spotify.get("albums", []))
        self.search_index = LazyIndex(lambda: SpotifySearch(tracks), "spotify-search-index")
        self.search_index.warm()
        self.album_index = LazyIndex(lambda: SpotifyAlbumSearch(self.albums.search_entries()),
                                     "spotify-album-index")
        self.album_index.warm()
        self.user = {**DEFAULT_USER, **ctx.catalog.spotify.get("user", {})}

    @property
    def extended(self) -> bool:
        return self.ctx.config.spotify_mode == "extended"

    # --- plumbing --------------------------------------------------------------------

    def endpoint(self, handler: Handler, *, dev_removed: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """Wrap ``handler`` with token check, rate window and error bodies.

        ``dev_removed`` routes answer 403 in development mode, as Spotify does for the
        endpoints it removed in 2026.
        """

        async def serve(request: Request) -> Response:
            token = oauth.bearer_token(request)
            check = self.tokens.check_access(token)
            if check.status != "ok":
                message = {"expired": "The access token expired", "unknown": "Invalid access token"}[check.status]
                if token is None:
                    message = "No token provided"
                challenge = f'Bearer realm="spotify", error_description="{message}"'
                return error_response(401, message, {"WWW-Authenticate": challenge})
            allowed, _, _, retry_after = self.limiter.hit(check.record["client_id"])
            if not allowed:
                wait = str(max(1, math.ceil(retry_after)))  # whole seconds, as Spotify sends
                return error_response(429, "API rate limit exceeded", {"Retry-After": wait})
            if dev_removed and not self.extended:
                return error_response(403, "Forbidden")
            try:
                return await handler(request, check.record)
            except ApiError as exc:
                return error_response(exc.status or 400, str(exc))

        return serve

    def reply(self, request: Request, payload: Any, status: int = 200) -> Response:
        """Serialise ``payload`` with every real Spotify URL pointed at this emulator."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        body = self.ctx.rewrite_urls(text, request)
        return Response(body, status_code=status, media_type="application/json; charset=utf-8")

    def page(self, path: str, params: dict[str, Any], items: list[Any], offset: int, limit: int, total: int) -> dict:
        """A paging object with absolute ``href``/``next``/``previous`` (``params`` echoed first)."""

        def url(at: int) -> str:
            return f"{BASE}{path}?" + urlencode({**params, "offset": at, "limit": limit})

        return {
            "href": url(offset),
            "items": items,
            "limit": limit,
            "next": url(offset + limit) if offset + limit < total else None,
            "offset": offset,
            "previous": url(max(0, offset - limit)) if offset > 0 else None,
            "total": total,
        }

    # --- shapes ----------------------------------------------------------------------

    def track_out(self, track: dict[str, Any], market: str | None) -> dict[str, Any]:
        """A catalog track as this mode returns it; ``is_playable`` only with a market."""
        out = dict(track)
        if not self.extended:
            for key in _DEV_REMOVED_TRACK:
                out.pop(key, None)
            out["album"] = {k: v for k, v in (track.get("album") or {}).items() if k not in _DEV_REMOVED_ALBUM}
        if market:
            out.pop("available_markets", None)
            out["is_playable"] = bool(track.get("is_playable", True))
        else:
            for key in ("is_playable", "restrictions", "linked_from"):
                out.pop(key, None)
        return out

    def simplified_track_out(self, track: dict[str, Any], market: str | None) -> dict[str, Any]:
        """A track as an album tracklist lists it (SimplifiedTrackObject)."""
        out = self.track_out(track, market)
        for key in NOT_IN_SIMPLIFIED_TRACK:
            out.pop(key, None)
        return out

    def album_out(self, album_id: str, market: str | None) -> dict[str, Any]:
        """The SimplifiedAlbumObject of an album in this mode (search results)."""
        album = dict(self.albums.simplified[album_id])
        if not self.extended or market:
            album.pop("available_markets", None)
        return album

    def full_album_out(self, album_id: str, market: str | None) -> dict[str, Any]:
        """The full AlbumObject: simplified fields, full-only fields and the first 50 tracks."""
        out = {**self.album_out(album_id, market), **self.albums.full_fields(album_id)}
        if not self.extended:
            for key in DEV_REMOVED_FULL:
                out.pop(key, None)
        out["tracks"] = self.album_tracks_page(album_id, 0, ALBUM_TRACKS_LIMITS[0], market)
        return out

    def album_tracks_page(self, album_id: str, offset: int, limit: int, market: str | None) -> dict[str, Any]:
        tracklist = self.albums.tracklists.get(album_id, [])
        items = [self.simplified_track_out(t, market) for t in tracklist[offset : offset + limit]]
        params = {"market": market} if market else {}
        return self.page(f"/albums/{album_id}/tracks", params, items, offset, limit, len(tracklist))

    def artist_out(self, artist: dict[str, Any]) -> dict[str, Any]:
        if self.extended:
            return dict(artist)
        return {k: v for k, v in artist.items() if k not in _DEV_REMOVED_ARTIST}

    def user_ref(self) -> dict[str, Any]:
        uid = self.user["id"]
        return {
            "external_urls": {"spotify": f"https://open.spotify.com/user/{uid}"},
            "href": f"{BASE}/users/{uid}",
            "id": uid,
            "type": "user",
            "uri": f"spotify:user:{uid}",
        }

    def me_out(self) -> dict[str, Any]:
        out = {**self.user_ref(), "display_name": self.user["display_name"], "images": []}
        if self.extended:
            out.update(country="SE", email=f"{self.user['id']}@example.com", product="premium",
                       explicit_content={"filter_enabled": False, "filter_locked": False},
                       followers={"href": None, "total": 0})
        return out

    # --- playlists in state ----------------------------------------------------------

    def playlists(self) -> dict[str, dict[str, Any]]:
        """The mutable playlist records, keyed by id (call under ``ctx.state.lock``)."""
        return self.ctx.state.section(SERVICE).setdefault("playlists", {})

    def playlist(self, playlist_id: str) -> dict[str, Any]:
        """The record of ``playlist_id``; 404 "Not found." when there is none."""
        record = self.playlists().get(playlist_id)
        if record is None:
            raise NotFound("Not found.", service=SERVICE, status=404)
        return record

    def playlist_ref(self, record: dict[str, Any], *, full: bool, market: str | None = None) -> dict[str, Any]:
        """A playlist object: simplified (``items`` is ``{"href","total"}``) or full (a page)."""
        pid = record["id"]
        out = {
            "collaborative": record["collaborative"],
            "description": record["description"],
            "external_urls": {"spotify": f"https://open.spotify.com/playlist/{pid}"},
            "href": f"{BASE}/playlists/{pid}",
            "id": pid,
            "images": [],
            "name": record["name"],
            "owner": {**self.user_ref(), "display_name": self.user["display_name"]},
            "public": record["public"],
            "snapshot_id": record["snapshot_id"],
            "type": "playlist",
            "uri": f"spotify:playlist:{pid}",
        }
        total = len(record["items"])
        if full:
            out["followers"] = {"href": None, "total": 0}
            out["items"] = self.items_page(record, "items", 0, 100, market)
            if self.extended:
                out["tracks"] = self.items_page(record, "tracks", 0, 100, market)
        else:
            out["items"] = {"href": f"{BASE}/playlists/{pid}/items", "total": total}
            # Development mode keeps the deprecated key but nulls it (REFERENCE.md 2.1),
            # so a client written for the old shape meets None, not a missing key.
            out["tracks"] = {"href": f"{BASE}/playlists/{pid}/tracks", "total": total} if self.extended else None
        return out

    def items_page(self, record: dict[str, Any], route: str, offset: int, limit: int, market: str | None) -> dict:
        """One page of a playlist's entries (``item`` plus the deprecated ``track`` alias)."""
        entries = []
        for entry in record["items"][offset : offset + limit]:
            track = self.tracks.get(entry["uri"].rsplit(":", 1)[-1])
            shaped = self.track_out(track, market) if track else None
            entries.append({"added_at": entry["added_at"], "added_by": self.user_ref(), "is_local": False,
                            "item": shaped, "track": shaped})
        params = {"market": market} if market else {}
        return self.page(f"/playlists/{record['id']}/{route}", params, entries, offset, limit, len(record["items"]))

    def new_playlist(self, body: Any) -> dict[str, Any]:
        """Create and store a playlist from a create-playlist body; 400 without a name."""
        if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"]:
            raise _rejected("Missing required field: name")
        record = {
            "id": _new_id(),
            "name": body["name"],
            "description": body.get("description") or "",
            "public": bool(body.get("public", True)),
            "collaborative": bool(body.get("collaborative", False)),
            "snapshot_id": _new_snapshot(),
            "followed": True,
            "items": [],
        }
        with self.ctx.state.lock:
            self.playlists()[record["id"]] = record
            self.ctx.state.save()
        return record

    def checked_uris(self, uris: Any, *, must_exist: bool = True) -> list[str]:
        """Validate a list of item URIs (at most 100, well-formed, known tracks unless
        ``must_exist`` is False); 400 otherwise."""
        if not isinstance(uris, list):
            raise _rejected("Missing required field: uris")
        if len(uris) > MAX_URIS_PER_REQUEST:
            raise _rejected(f"You can add a maximum of {MAX_URIS_PER_REQUEST} tracks per request.")
        for uri in uris:
            found = _URI.match(uri) if isinstance(uri, str) else None
            if not found:
                raise _rejected(f"Invalid track uri: {uri}")
            if must_exist and found.group(2) not in self.tracks:
                raise _rejected("Payload contains a non-existing ID")
        return uris

    def commit(self, record: dict[str, Any]) -> str:
        """Give ``record`` a new snapshot id and persist it (call under the state lock)."""
        record["snapshot_id"] = _new_snapshot()
        self.ctx.state.save()
        return record["snapshot_id"]

    # --- handlers: user, search, catalog ---------------------------------------------

    async def me(self, request: Request, token: dict[str, Any]) -> Response:
        if not token["user"]:
            raise _rejected("This request requires user authentication.", 401)
        return self.reply(request, self.me_out())

    async def search(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /search``: tracks and albums (other types answer empty pages).

        ``query`` is accepted as well as ``q``: Spotify's own paging links spell it so.
        """
        q = (request.query_params.get("q") or request.query_params.get("query") or "").strip()
        if not q:
            raise _rejected("No search query")
        types = [t for t in request.query_params.get("type", "").split(",") if t]
        if not types:
            raise _rejected("Missing parameter type")
        if any(t not in SEARCH_TYPES for t in types):
            raise _rejected("Bad search type field")
        high, default = SEARCH_LIMITS["extended" if self.extended else "development"]
        limit = _int_param(request, "limit", default, 1, high, "Invalid limit")
        offset = _int_param(request, "offset", 0, 0, SEARCH_MAX_OFFSET, "Invalid offset")
        market = request.query_params.get("market")
        echo = {"query": q, "type": ",".join(types)}
        if market:
            echo["market"] = market
        payload = {}
        for kind in types:
            items, total = await self._search_type(kind, q, offset, limit, market)
            payload[f"{kind}s"] = self.page("/search", echo, items, offset, limit, total)
        return self.reply(request, payload)

    async def _search_type(self, kind: str, q: str, offset: int, limit: int,
                           market: str | None) -> tuple[list[Any], int]:
        """One type's page of results: tracks and albums are searched, others are empty."""
        if kind not in ("track", "album"):
            return [], 0
        index = self.search_index if kind == "track" else self.album_index
        # In a worker thread: the first search may wait for the index build, and the
        # event loop must keep serving meanwhile.
        engine = await run_in_threadpool(index.get)
        found = engine.search(q, offset=offset, limit=limit)
        if kind == "track":
            return [self.track_out(engine.items[i], market) for i in found.ids], found.total
        return [self.album_out(engine.items[i]["id"], market) for i in found.ids], found.total

    async def track(self, request: Request, token: dict[str, Any]) -> Response:
        track = self.tracks.get(_checked_id(request.path_params["track_id"]))
        if track is None:
            raise NotFound("Resource not found", service=SERVICE, status=404)
        return self.reply(request, self.track_out(track, request.query_params.get("market")))

    async def tracks_batch(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /tracks?ids=`` (extended mode only): unknown ids come back as null."""
        ids = self._batch_ids(request, BATCH_LIMITS["tracks"])
        market = request.query_params.get("market")
        found = [self.track_out(self.tracks[i], market) if i in self.tracks else None for i in ids]
        return self.reply(request, {"tracks": found})

    async def artist(self, request: Request, token: dict[str, Any]) -> Response:
        artist = self.artists.get(_checked_id(request.path_params["artist_id"]))
        if artist is None:
            raise NotFound("Resource not found", service=SERVICE, status=404)
        return self.reply(request, self.artist_out(artist))

    async def artists_batch(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /artists?ids=`` (extended mode only): at most 50 ids, unknown ones null."""
        ids = self._batch_ids(request, BATCH_LIMITS["artists"])
        found = [self.artist_out(self.artists[i]) if i in self.artists else None for i in ids]
        return self.reply(request, {"artists": found})

    async def album(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /albums/{id}``: the full album with its first 50 tracks."""
        album_id = _checked_id(request.path_params["album_id"])
        if album_id not in self.albums:
            raise NotFound("Resource not found", service=SERVICE, status=404)
        return self.reply(request, self.full_album_out(album_id, request.query_params.get("market")))

    async def album_tracks(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /albums/{id}/tracks``: simplified tracks, ``limit`` 1..50 (default 20)."""
        album_id = _checked_id(request.path_params["album_id"])
        high, default = ALBUM_TRACKS_LIMITS
        limit = _int_param(request, "limit", default, 1, high, "Invalid limit")
        offset = _int_param(request, "offset", 0, 0, MAX_PLAYLIST_ITEMS, "Invalid offset")
        if album_id not in self.albums:
            raise NotFound("Resource not found", service=SERVICE, status=404)
        page = self.album_tracks_page(album_id, offset, limit, request.query_params.get("market"))
        return self.reply(request, page)

    async def albums_batch(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /albums?ids=`` (extended mode only): at most 20 ids, unknown ones null."""
        ids = self._batch_ids(request, BATCH_LIMITS["albums"])
        market = request.query_params.get("market")
        found = [self.full_album_out(i, market) if i in self.albums else None for i in ids]
        return self.reply(request, {"albums": found})

    @staticmethod
    def _batch_ids(request: Request, most: int) -> list[str]:
        ids = [i for i in request.query_params.get("ids", "").split(",") if i]
        if not ids:
            raise _rejected("invalid id")
        if len(ids) > most:
            raise _rejected("Too many ids requested")
        return ids

    # --- handlers: playlists ---------------------------------------------------------

    async def my_playlists(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /me/playlists``: followed playlists, newest first, limit 1..50."""
        limit = _int_param(request, "limit", 20, 1, 50, "Invalid limit")
        offset = _int_param(request, "offset", 0, 0, 100_000, "Invalid offset")
        with self.ctx.state.lock:
            followed = [p for p in reversed(list(self.playlists().values())) if p["followed"]]
            items = [self.playlist_ref(p, full=False) for p in followed[offset : offset + limit]]
        return self.reply(request, self.page("/me/playlists", {}, items, offset, limit, len(followed)))

    async def create_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        """``POST /me/playlists`` (and legacy ``/users/{id}/playlists``): 201 full playlist."""
        if "user_id" in request.path_params and request.path_params["user_id"] != self.user["id"]:
            raise _rejected("You cannot create a playlist for another user", 403)
        record = self.new_playlist(await _json_body(request))
        with self.ctx.state.lock:
            return self.reply(request, self.playlist_ref(record, full=True), 201)

    async def get_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            return self.reply(request, self.playlist_ref(record, full=True, market=request.query_params.get("market")))

    async def change_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        """``PUT /playlists/{id}``: name/public/collaborative/description; 200, empty body."""
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise _rejected("Error parsing JSON.")
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            for key in ("name", "description"):
                if isinstance(body.get(key), str):
                    record[key] = body[key]
            for key in ("public", "collaborative"):
                if key in body:
                    record[key] = bool(body[key])
            self.commit(record)
        return Response(status_code=200)

    async def unfollow(self, request: Request, token: dict[str, Any]) -> Response:
        """``DELETE /playlists/{id}/followers``: drop it from the user's list (Spotify's "delete")."""
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            record["followed"] = False
            self.ctx.state.save()
        return Response(status_code=200)

    # --- handlers: playlist items ----------------------------------------------------

    async def get_items(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /playlists/{id}/items`` (limit 1..50) or legacy ``/tracks`` (1..100)."""
        route = "tracks" if request.url.path.rstrip("/").endswith("/tracks") else "items"
        high, default = ITEMS_LIMITS[route]
        limit = _int_param(request, "limit", default, 1, high, "Invalid limit")
        offset = _int_param(request, "offset", 0, 0, MAX_PLAYLIST_ITEMS, "Invalid offset")
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            page = self.items_page(record, route, offset, limit, request.query_params.get("market"))
        return self.reply(request, page)

    async def add_items(self, request: Request, token: dict[str, Any]) -> Response:
        """``POST .../items``: URIs from ``?uris=``, a bare JSON list or ``{"uris", "position"}``."""
        body = await _json_body(request)
        params = request.query_params
        if params.get("uris"):
            uris: Any = params["uris"].split(",")
        else:
            uris = body if isinstance(body, list) else (body or {}).get("uris")
        position = params.get("position") or (body.get("position") if isinstance(body, dict) else None)
        uris = self.checked_uris(uris)
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            items = record["items"]
            at = len(items) if position is None else _position(position, len(items))
            if len(items) + len(uris) > MAX_PLAYLIST_ITEMS:
                raise _rejected("Playlist size limit reached", 403)
            added_at = _now_iso(self.ctx)
            items[at:at] = [{"uri": uri, "added_at": added_at} for uri in uris]
            snapshot = self.commit(record)
        return self.reply(request, {"snapshot_id": snapshot}, 201)

    async def put_items(self, request: Request, token: dict[str, Any]) -> Response:
        """``PUT .../items``: reorder with ``range_start``/``insert_before``, else replace."""
        body = await _json_body(request)
        body = body if isinstance(body, dict) else {}
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            if "range_start" in body:
                _reorder(record["items"], body)
            else:
                raw = request.query_params["uris"].split(",") if request.query_params.get("uris") else body.get("uris")
                uris = self.checked_uris(raw)
                added_at = _now_iso(self.ctx)
                record["items"] = [{"uri": uri, "added_at": added_at} for uri in uris]
            snapshot = self.commit(record)
        return self.reply(request, {"snapshot_id": snapshot})

    async def remove_items(self, request: Request, token: dict[str, Any]) -> Response:
        """``DELETE .../items``: ``{"items": [{"uri", "positions"?}]}`` (legacy key ``tracks``).

        Without ``positions`` every occurrence goes; with them only those positions, which
        must hold that URI. A stale ``snapshot_id`` is accepted, as on Spotify.
        """
        body = await _json_body(request)
        wanted = (body.get("items") or body.get("tracks")) if isinstance(body, dict) else None
        if not isinstance(wanted, list) or not all(isinstance(w, dict) and "uri" in w for w in wanted):
            raise _rejected("Missing required field: items")
        # Removing a track the catalog no longer knows must work: that is how a stale
        # entry leaves a playlist.
        self.checked_uris([w["uri"] for w in wanted], must_exist=False)
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_id"])
            record["items"] = _without(record["items"], wanted)
            snapshot = self.commit(record)
        return self.reply(request, {"snapshot_id": snapshot})


def _checked_id(raw: str) -> str:
    """A path's Spotify id; 400 "Invalid base62 id" unless it is 22 base-62 characters."""
    if not _SPOTIFY_ID.match(raw):
        raise _rejected("Invalid base62 id")
    return raw


def _position(raw: Any, size: int) -> int:
    """An insert position in [0, size]; 400 "Index out of bounds" otherwise."""
    try:
        position = int(raw)
    except (TypeError, ValueError):
        raise _rejected("Invalid position") from None
    if not 0 <= position <= size:
        raise _rejected("Index out of bounds")
    return position


def _reorder(items: list[dict[str, Any]], body: dict[str, Any]) -> None:
    """Move ``range_length`` entries from ``range_start`` to before ``insert_before``, in place."""
    try:
        start = int(body["range_start"])
        before = int(body.get("insert_before"))
        length = int(body.get("range_length", 1))
    except (TypeError, ValueError):
        raise _rejected("Invalid range") from None
    if start < 0 or length < 1 or start + length > len(items) or not 0 <= before <= len(items):
        raise _rejected("Index out of bounds")
    moved = items[start : start + length]
    rest = items[:start] + items[start + length :]
    at = before if before <= start else before - length
    items[:] = rest[:at] + moved + rest[at:]


def _without(items: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` minus the wanted URIs: all occurrences, or only the given positions."""
    everywhere = {w["uri"] for w in wanted if not w.get("positions")}
    drop: set[int] = set()
    for w in wanted:
        for pos in w.get("positions") or []:
            if not isinstance(pos, int) or not 0 <= pos < len(items) or items[pos]["uri"] != w["uri"]:
                raise _rejected("Could not remove tracks, please check parameters.")
            drop.add(pos)
    return [e for i, e in enumerate(items) if i not in drop and e["uri"] not in everywhere]


class SpotifyAccounts(oauth.TokenEndpoint):
    """``accounts.spotify.com``: ``/authorize`` and ``/api/token`` (three grants);
    ``POST /api/token`` answers the grant's token JSON, or ``{"error", "error_description"}``."""

    service = SERVICE

    def __init__(self, ctx: EmulatorContext) -> None:
        creds = ctx.config.credentials
        super().__init__(ctx, creds.spotify_refresh_token, creds.spotify_client_id)

    def unsupported_grant(self) -> oauth.OAuthError:
        return oauth.OAuthError("unsupported_grant_type", "grant_type parameter is missing or unsupported",
                                service=SERVICE)

    def error_response(self, exc: oauth.OAuthError) -> Response:
        return JSONResponse({"error": exc.error, "error_description": str(exc)}, status_code=exc.status)

    def token_response(self, payload: dict[str, Any]) -> Response:
        return JSONResponse(payload, headers={"Cache-Control": "no-store"})

    def _client(self, request: Request, form: dict[str, str]) -> tuple[str, bool]:
        """``(client_id, confidential)`` from Basic auth or the form; invalid_client otherwise."""
        client_id, secret = oauth.submitted_client(request, form)
        if client_id != self.creds.spotify_client_id:
            raise oauth.OAuthError("invalid_client", "Invalid client", service=SERVICE)
        if secret is not None and secret != self.creds.spotify_client_secret:
            raise oauth.OAuthError("invalid_client", "Invalid client secret", service=SERVICE)
        return client_id, secret is not None

    def _issue(self, client_id: str, scope: str, *, user: bool) -> dict[str, Any]:
        access, ttl = self.tokens.issue_access(client_id, scope, user=user)
        return {"access_token": access, "token_type": "Bearer", "expires_in": ttl, "scope": scope}

    def _authorization_code(self, form: dict[str, str], client_id: str, confidential: bool) -> dict[str, Any]:
        record = self.tokens.take_code(form.get("code", ""))
        if record is None or record["client_id"] != client_id:
            raise oauth.OAuthError("invalid_grant", "Invalid authorization code", service=SERVICE)
        if record["redirect_uri"] != form.get("redirect_uri"):
            raise oauth.OAuthError("invalid_grant", "Invalid redirect URI", service=SERVICE)
        if not confidential:
            verifier = form.get("code_verifier", "")
            if not record.get("challenge") or not oauth.pkce_matches(verifier, record["challenge"]):
                raise oauth.OAuthError("invalid_grant", "code_verifier was incorrect", service=SERVICE)
        payload = self._issue(client_id, record["scope"], user=True)
        payload["refresh_token"] = self.tokens.issue_refresh(client_id, record["scope"])
        return payload

    def _refresh(self, form: dict[str, str], client_id: str, confidential: bool) -> dict[str, Any]:
        """Refresh: confidential clients keep their token (omitted from the reply); PKCE
        clients get a new one in exchange. Either way it dies six months after login."""
        token = form.get("refresh_token", "")
        record = self.tokens.refresh_record(token, consume=False)
        if record is None or record["client_id"] != client_id:
            raise oauth.OAuthError("invalid_grant", "Invalid refresh token", service=SERVICE)
        if self.ctx.now() - record["issued_at"] > REFRESH_TOKEN_LIFETIME_S:
            self.tokens.refresh_record(token, consume=True)
            raise oauth.OAuthError("invalid_grant", "Refresh token revoked", service=SERVICE)
        payload = self._issue(client_id, record["scope"], user=True)
        if not confidential:
            self.tokens.refresh_record(token, consume=True)
            payload["refresh_token"] = self.tokens.issue_refresh(client_id, record["scope"], record["issued_at"])
        return payload

    def _client_credentials(self, form: dict[str, str], client_id: str, confidential: bool) -> dict[str, Any]:
        if not confidential:
            raise oauth.OAuthError("invalid_client", "Invalid client secret", service=SERVICE)
        payload = self._issue(client_id, "", user=False)
        del payload["scope"]
        return payload


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://api.spotify.com/v1``, to mount at ``/spotify/v1``."""
    api = SpotifyApi(ctx)
    e = api.endpoint
    legacy = {"dev_removed": True}
    items = "/playlists/{playlist_id}/items"
    tracks = "/playlists/{playlist_id}/tracks"
    return [
        Route("/me", e(api.me)),
        Route("/me/", e(api.me)),
        Route("/search", e(api.search)),
        Route("/tracks/{track_id}", e(api.track)),
        Route("/tracks", e(api.tracks_batch, **legacy)),
        Route("/tracks/", e(api.tracks_batch, **legacy)),
        Route("/artists/{artist_id}", e(api.artist)),
        Route("/artists", e(api.artists_batch, **legacy)),
        Route("/artists/", e(api.artists_batch, **legacy)),
        Route("/albums/{album_id}", e(api.album)),
        Route("/albums/{album_id}/tracks", e(api.album_tracks)),
        Route("/albums/{album_id}/tracks/", e(api.album_tracks)),  # spotipy's album_tracks()
        Route("/albums", e(api.albums_batch, **legacy)),
        Route("/albums/", e(api.albums_batch, **legacy)),
        Route("/me/playlists", e(api.my_playlists), methods=["GET"]),
        Route("/me/playlists", e(api.create_playlist), methods=["POST"]),
        Route("/users/{user_id}/playlists", e(api.create_playlist, **legacy), methods=["POST"]),
        Route("/playlists/{playlist_id}", e(api.get_playlist), methods=["GET"]),
        Route("/playlists/{playlist_id}", e(api.change_playlist), methods=["PUT"]),
        Route("/playlists/{playlist_id}/followers", e(api.unfollow), methods=["DELETE"]),
        Route(items, e(api.get_items), methods=["GET"]),
        Route(items, e(api.add_items), methods=["POST"]),
        Route(items, e(api.put_items), methods=["PUT"]),
        Route(items, e(api.remove_items), methods=["DELETE"]),
        Route(tracks, e(api.get_items, **legacy), methods=["GET"]),
        Route(tracks, e(api.add_items, **legacy), methods=["POST"]),
        Route(tracks, e(api.put_items, **legacy), methods=["PUT"]),
        Route(tracks, e(api.remove_items, **legacy), methods=["DELETE"]),
    ]


def accounts_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://accounts.spotify.com``, to mount at ``/spotify-accounts``."""
    return SpotifyAccounts(ctx).routes("/api/token")


def playlists_view(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Every followed playlist as ``{"id", "name", "items": [track ids in order]}``."""
    with ctx.state.lock:
        playlists = ctx.state.section(SERVICE).get("playlists", {})
        return [
            {"id": pid, "name": p["name"], "items": [e["uri"].rsplit(":", 1)[-1] for e in p["items"]]}
            for pid, p in playlists.items()
            if p["followed"]
        ]
