"""The SoundCloud public API and its auth host, as the emulator serves them (REFERENCE.md 3).

Calls need ``Authorization: OAuth <token>`` (``Bearer`` is accepted too, as SoundCloud
does). Tokens come from ``/oauth/token``, whose refresh tokens are single-use: each
refresh returns a new one and the old one answers ``invalid_grant``. Objects carry
``urn`` and the deprecated numeric ``id``; every path takes either. Lists are bare
arrays unless ``linked_partitioning`` asks for ``{"collection", "next_href"}`` pages,
whose ``next_href`` is an absolute emulator URL with an opaque cursor.

Playlists are of two kinds: the user's own (in state; ``/me/playlists`` lists them and
only them) and the catalog's public sets (albums and EPs labels and artists uploaded),
which ``GET /playlists?q=`` searches and ``GET /playlists/{urn}[/tracks]`` reads but
nobody here may change (403).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import numpy as np
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from song_automations.emulator import oauth
from song_automations.emulator.context import REAL_BASES, EmulatorContext
from song_automations.emulator.search import LazyIndex, SoundCloudSearch, SoundCloudSetSearch
from song_automations.errors import ApiError, NotFound, RequestRejected

SERVICE = "soundcloud"
# SoundCloud documents no aggregate request limit ("No limit is currently enforced on
# the total number of calls"), only play-stream and token-issuance quotas we never hit.
RATE_LIMIT: tuple[int, float] | None = None

BASE = REAL_BASES["soundcloud"]
MAX_PLAYLIST_TRACKS = 500  # maintainer in soundcloud/api#170
MAX_LIMIT, DEFAULT_LIMIT = 200, 50
ACCESS_LEVELS = ("playable", "preview", "blocked")
DEFAULT_ACCESS = ("playable", "preview")  # blocked tracks stay hidden unless asked for
ERROR_LINK = "https://developers.soundcloud.com/docs/api/explorer/open-api"
AUTH_LINK = "https://developers.soundcloud.com/docs/api/guide#authentication"
_STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                422: "Unprocessable Entity", 429: "Too Many Requests"}
_URN = re.compile(r"^(?:soundcloud:(tracks|playlists|users):)?(\d+)$")
FIRST_PLAYLIST_ID = 1_900_000_001
DEFAULT_ME = {"urn": "soundcloud:users:900000001", "id": 900000001, "username": "demo_listener",
              "permalink": "demo_listener", "full_name": "Demo Listener"}
# Writable playlist fields besides title/sharing/tracks (OpenAPI playlist request body).
_PLAYLIST_FIELDS = ("description", "genre", "tag_list", "label_name", "license", "ean", "purchase_title",
                    "purchase_url", "release", "release_date", "set_type", "permalink")

Handler = Callable[[Request, dict[str, Any]], Awaitable[Response]]


def error_response(status: int, message: str) -> JSONResponse:
    """SoundCloud's error body: ``code/message/link`` plus the deprecated ``status/errors/error``."""
    body = {
        "code": status,
        "message": message,
        "link": ERROR_LINK,
        "status": f"{status} - {_STATUS_TEXT.get(status, 'Error')}",
        "errors": [{"error_message": message}],
        "error": None,
    }
    return JSONResponse(body, status_code=status)


def _unprocessable(message: str) -> RequestRejected:
    return RequestRejected(message, service=SERVICE, status=422)


def _numeric_id(raw: str, kind: str) -> int | None:
    """The number in ``soundcloud:<kind>:N`` or ``N``; None for anything else."""
    found = _URN.match(raw.strip())
    if not found or (found.group(1) and found.group(1) != kind):
        return None
    return int(found.group(2))


def _timestamp(ctx: EmulatorContext) -> str:
    return datetime.fromtimestamp(ctx.now(), tz=UTC).strftime("%Y/%m/%d %H:%M:%S +0000")


def _flag(request: Request, name: str, default: bool) -> bool:
    raw = request.query_params.get(name)
    return default if raw is None else raw.lower() in ("1", "true", "yes")


def _limit(request: Request) -> int:
    """``limit`` clamped to 1..200 (default 50); 400 when not a number."""
    raw = request.query_params.get("limit")
    if not raw:
        return DEFAULT_LIMIT
    try:
        return max(1, min(MAX_LIMIT, int(raw)))
    except ValueError:
        raise RequestRejected("limit must be a number", service=SERVICE, status=400) from None


def _page_key(url: str) -> str:
    """A soundcloud.com page URL reduced to compare equal across http/https, m. and slashes."""
    trimmed = url.strip().split("?", 1)[0].rstrip("/").lower()
    return re.sub(r"^https?://(m\.|www\.)?", "", trimmed)


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _start(request: Request) -> int:
    """Where a page starts: the opaque ``cursor`` when present, else the deprecated ``offset``."""
    cursor = request.query_params.get("cursor")
    try:
        if cursor:
            decoded = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
            kind, _, value = decoded.partition(":")
            if kind != "o":
                raise ValueError(cursor)
            return max(0, int(value))
        return max(0, int(request.query_params.get("offset") or 0))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise RequestRejected("invalid cursor or offset", service=SERVICE, status=400) from None


async def _playlist_fields(request: Request) -> dict[str, Any]:
    """The ``playlist`` object of a JSON body, or of ``playlist[...]`` form fields.

    422 "Could not parse JSON request body." when JSON is malformed or not an object.
    """
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        fields: dict[str, Any] = {}
        for key, value in form.multi_items():
            if key == "playlist[tracks][][urn]":
                fields.setdefault("tracks", []).extend({"urn": u} for u in str(value).split(",") if u)
            elif key.startswith("playlist[") and key.endswith("]"):
                fields[key[len("playlist["):-1]] = value
        return fields
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _unprocessable("Could not parse JSON request body.") from None
    if not isinstance(body, dict) or not isinstance(body.get("playlist", {}), dict):
        raise _unprocessable("Could not parse JSON request body.")
    return body.get("playlist", {})


class SoundCloudApi:
    """The API-host handlers of one emulator; state lives in ``ctx.state.section("soundcloud")``."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx
        self.tokens = oauth.TokenStore(ctx, SERVICE)
        tracks = ctx.catalog.soundcloud.get("tracks", [])
        self.tracks = tracks
        self.by_id = {int(t["id"]) if "id" in t else int(t["urn"].rsplit(":", 1)[-1]): t for t in tracks}
        levels = np.array([t.get("access") or "playable" for t in tracks], dtype=object)
        self.access_masks = {level: levels == level for level in ACCESS_LEVELS}
        self.by_permalink = {_page_key(t["permalink_url"]): t for t in tracks if t.get("permalink_url")}
        self.search_index = LazyIndex(lambda: SoundCloudSearch(tracks), "soundcloud-search-index")
        self.search_index.warm()
        sets = ctx.catalog.soundcloud.get("sets", [])
        self.sets = {int(s["id"]): s for s in sets}
        self.set_list = sets
        self.by_permalink.update((_page_key(s["permalink_url"]), s) for s in sets if s.get("permalink_url"))
        self.set_index = LazyIndex(lambda: SoundCloudSetSearch(sets), "soundcloud-set-index")
        self.set_index.warm()
        self.me = {**DEFAULT_ME, **ctx.catalog.soundcloud.get("me", {})}

    # --- plumbing --------------------------------------------------------------------

    def endpoint(self, handler: Handler, *, user_only: bool = False) -> Callable[[Request], Awaitable[Response]]:
        """Wrap ``handler`` with the token check and SoundCloud error bodies.

        ``user_only`` endpoints (``/me*``, playlist writes) refuse app tokens from the
        client-credentials grant with 401, as they need a logged-in user.
        """

        async def serve(request: Request) -> Response:
            token = oauth.bearer_token(request, ("oauth", "bearer"))
            check = self.tokens.check_access(token)
            if check.status == "expired":
                return error_response(401, "token expired")
            if check.status != "ok":
                return error_response(401, "invalid_token")
            if user_only and not check.record["user"]:
                return error_response(401, "This action requires a user token (authorization code grant)")
            try:
                return await handler(request, check.record)
            except ApiError as exc:
                return error_response(exc.status or 400, str(exc))

        return serve

    def reply(self, request: Request, payload: Any, status: int = 200) -> Response:
        """Serialise ``payload`` with every real SoundCloud URL pointed at this emulator."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        body = self.ctx.rewrite_urls(text, request)
        return Response(body, status_code=status, media_type="application/json; charset=utf-8")

    def listing(self, request: Request, path: str, items: list[Any], start: int, limit: int, more: bool) -> Response:
        """A bare array, or with ``linked_partitioning`` a ``{"collection", "next_href"}`` page."""
        if not _flag(request, "linked_partitioning", False):
            return self.reply(request, items)
        next_href = None
        if more:
            params = {k: v for k, v in request.query_params.items() if k not in ("cursor", "offset", "limit")}
            params.update(limit=limit, cursor=_encode_cursor(start + limit))
            next_href = f"{BASE}{path}?" + urlencode(params)
        return self.reply(request, {"collection": items, "next_href": next_href})

    def access_filter(self, request: Request) -> tuple[str, ...]:
        """The ``access`` levels asked for (default playable,preview); 400 for unknown ones."""
        raw = request.query_params.get("access")
        if not raw:
            return DEFAULT_ACCESS
        levels = tuple(a.strip() for a in raw.split(",") if a.strip())
        if not levels or any(a not in ACCESS_LEVELS for a in levels):
            raise RequestRejected(f"invalid access value: {raw}", service=SERVICE, status=400)
        return levels

    # --- shapes ----------------------------------------------------------------------

    def track_out(self, track: dict[str, Any]) -> dict[str, Any]:
        """A catalog track with both ``urn`` and deprecated ``id`` and a URN-form ``uri``."""
        number = int(track["urn"].rsplit(":", 1)[-1])
        return {**track, "id": number, "uri": f"{BASE}/tracks/{track['urn']}"}

    def user_out(self) -> dict[str, Any]:
        me = self.me
        return {
            "kind": "user", "urn": me["urn"], "id": me["id"], "username": me["username"],
            "permalink": me["permalink"], "permalink_url": f"https://soundcloud.com/{me['permalink']}",
            "uri": f"{BASE}/users/{me['urn']}", "avatar_url": None, "full_name": me["full_name"],
            "first_name": None, "last_name": None, "city": None, "country": None, "description": None,
            "followers_count": 0, "followings_count": 0, "public_favorites_count": 0, "reposts_count": 0,
            "track_count": 0, "playlist_count": len(self.playlists()), "plan": "Free",
            "created_at": "2024/01/01 00:00:00 +0000", "last_modified": "2024/01/01 00:00:00 +0000",
            "website": None, "website_title": None, "discogs_name": None, "subscriptions": [],
        }

    def me_out(self) -> dict[str, Any]:
        return {
            **self.user_out(), "comments_count": 0, "likes_count": 0, "locale": "", "online": False,
            "primary_email_confirmed": True, "private_playlists_count": sum(
                1 for p in self.playlists().values() if p["sharing"] == "private"),
            "private_tracks_count": 0, "quota": {"unlimited_upload_quota": False, "upload_seconds_used": 0,
                                                 "upload_seconds_left": 10800},
            "upload_seconds_left": 10800,
        }

    def playlist_out(self, record: dict[str, Any], *, show_tracks: bool, access: tuple[str, ...] | None = None) -> dict:
        """A playlist object; ``tracks`` is empty unless ``show_tracks``."""
        urn = record["urn"]
        tracks = self.stored_tracks(record)
        shown = [self.track_out(t) for t in tracks if access is None or (t.get("access") or "playable") in access]
        return {
            "kind": "playlist", "urn": urn, "id": record["id"], "title": record["title"],
            "sharing": record["sharing"], "track_count": len(tracks),
            "duration": sum(int(t.get("duration") or 0) for t in tracks),
            "tracks": shown if show_tracks else [],
            "tracks_uri": f"{BASE}/playlists/{urn}/tracks", "uri": f"{BASE}/playlists/{urn}",
            "permalink": record["permalink"],
            "permalink_url": f"https://soundcloud.com/{self.me['permalink']}/sets/{record['permalink']}",
            "user": self.user_out(), "user_urn": self.me["urn"], "user_id": self.me["id"],
            "artwork_url": None, "created_at": record["created_at"], "last_modified": record["last_modified"],
            "likes_count": 0, "streamable": True, "downloadable": False, "embeddable_by": "all",
            "playlist_type": record.get("set_type") or "playlist", "type": record.get("set_type") or "playlist",
            "tags": record.get("tag_list") or "", "label": None, "label_id": None,
            "release_day": None, "release_month": None, "release_year": None,
            **{f: record.get(f) for f in _PLAYLIST_FIELDS if f not in ("permalink", "release_date")},
        }

    def set_out(self, found: dict[str, Any], *, show_tracks: bool, access: tuple[str, ...] | None = None) -> dict:
        """A catalog set as a playlist object: ``track_count``/``duration`` over all its
        tracks, ``tracks`` (``access``-filtered) only with ``show_tracks``."""
        tracks = [self.by_id[n] for n in (int(u.rsplit(":", 1)[-1]) for u in found["track_urns"]) if n in self.by_id]
        shown = [self.track_out(t) for t in tracks if access is None or (t.get("access") or "playable") in access]
        out = {k: v for k, v in found.items() if k != "track_urns"}
        out.update(track_count=len(tracks), duration=sum(int(t.get("duration") or 0) for t in tracks),
                   tracks=shown if show_tracks else [])
        return out

    # --- playlists in state ----------------------------------------------------------

    def playlists(self) -> dict[str, dict[str, Any]]:
        """The mutable playlist records, keyed by URN (call under ``ctx.state.lock``)."""
        return self.ctx.state.section(SERVICE).setdefault("playlists", {})

    def playlist(self, raw: str) -> dict[str, Any]:
        """The user's record for a playlist URN or numeric id.

        403 for a catalog set (someone else's playlist), 404 when there is neither.
        """
        number = _numeric_id(raw, "playlists")
        record = self.playlists().get(f"soundcloud:playlists:{number}") if number is not None else None
        if record is None:
            if number in self.sets:
                raise RequestRejected("403 - Forbidden", service=SERVICE, status=403)
            raise NotFound("404 - Not Found", service=SERVICE, status=404)
        return record

    def catalog_set(self, raw: str) -> dict[str, Any] | None:
        """The catalog set a playlist URN or numeric id names, or None."""
        number = _numeric_id(raw, "playlists")
        return self.sets.get(number) if number is not None else None

    def stored_tracks(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        """The catalog tracks of a playlist record, in order.

        A track the catalog no longer has (state kept across a catalog change) is left
        out, as SoundCloud leaves out deleted tracks.
        """
        numbers = (int(urn.rsplit(":", 1)[-1]) for urn in record["items"])
        return [self.by_id[n] for n in numbers if n in self.by_id]

    def track_urns(self, refs: Any) -> list[str]:
        """Resolve ``[{"urn"}]`` or legacy ``[{"id"}]`` refs; 422 naming an unknown track."""
        if not isinstance(refs, list):
            raise _unprocessable("tracks must be a list of {\"urn\": ...} objects")
        if len(refs) > MAX_PLAYLIST_TRACKS:
            raise _unprocessable(f"Playlists can hold at most {MAX_PLAYLIST_TRACKS} tracks; got {len(refs)}.")
        urns = []
        for ref in refs:
            raw = str(ref.get("urn") or ref.get("id") or "") if isinstance(ref, dict) else str(ref)
            number = _numeric_id(raw, "tracks")
            if number is None or number not in self.by_id:
                raise _unprocessable(f"Track {raw or ref!r} could not be found.")
            urns.append(f"soundcloud:tracks:{number}")
        return urns

    def apply_fields(self, record: dict[str, Any], fields: dict[str, Any]) -> None:
        """Copy writable fields (and a full ``tracks`` replacement) into ``record``."""
        if "tracks" in fields:
            record["items"] = self.track_urns(fields["tracks"])
        if isinstance(fields.get("title"), str) and fields["title"].strip():
            record["title"] = fields["title"]
        if fields.get("sharing") in ("public", "private"):
            record["sharing"] = fields["sharing"]
        for name in _PLAYLIST_FIELDS:
            if name in fields and name != "permalink":
                record[name] = fields[name]
        record["last_modified"] = _timestamp(self.ctx)

    def new_record(self, title: str) -> dict[str, Any]:
        """A fresh playlist record with the next numeric id (not yet stored)."""
        section = self.ctx.state.section(SERVICE)
        number = section.get("next_playlist_id", FIRST_PLAYLIST_ID)
        section["next_playlist_id"] = number + 1
        now = _timestamp(self.ctx)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "playlist"
        return {"urn": f"soundcloud:playlists:{number}", "id": number, "title": title, "sharing": "public",
                "permalink": slug, "created_at": now, "last_modified": now, "items": []}


    # --- handlers ----------------------------------------------------------------------

    async def get_me(self, request: Request, token: dict[str, Any]) -> Response:
        with self.ctx.state.lock:
            return self.reply(request, self.me_out())

    async def search_tracks(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /tracks``: ``q`` full text, ``urns`` filter, ``access`` levels, paging."""
        access = self.access_filter(request)
        limit, start = _limit(request), _start(request)
        allowed = np.logical_or.reduce([self.access_masks[level] for level in access])
        q = request.query_params.get("q", "")
        urns = [u for u in request.query_params.get("urns", request.query_params.get("ids", "")).split(",") if u]
        if urns:
            numbers = [_numeric_id(u, "tracks") for u in urns]
            matched = [self.by_id[n] for n in numbers if n in self.by_id]
            matched = [t for t in matched if (t.get("access") or "playable") in access]
            page, total = matched[start : start + limit], len(matched)
        elif q.strip():
            # In a worker thread: the first search may wait for the index build.
            engine = await run_in_threadpool(self.search_index.get)
            found = engine.search(q, offset=start, limit=limit, mask=allowed)
            page, total = [self.tracks[i] for i in found.ids], found.total
        else:
            indices = np.flatnonzero(allowed)
            page, total = [self.tracks[i] for i in indices[start : start + limit]], int(indices.size)
        items = [self.track_out(t) for t in page]
        return self.listing(request, "/tracks", items, start, limit, start + limit < total)

    async def get_track(self, request: Request, token: dict[str, Any]) -> Response:
        number = _numeric_id(request.path_params["track_urn"], "tracks")
        if number not in self.by_id:
            raise NotFound("404 - Not Found", service=SERVICE, status=404)
        return self.reply(request, self.track_out(self.by_id[number]))

    async def resolve(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /resolve?url=``: 302 to the API resource of a track or set page."""
        found = self.by_permalink.get(_page_key(request.query_params.get("url", "")))
        if found is None:
            raise NotFound("404 - Not Found", service=SERVICE, status=404)
        kind = "playlists" if found.get("kind") == "playlist" else "tracks"
        location = f"{self.ctx.base_url(request, SERVICE)}/{kind}/{found['urn']}"
        body = {"status": "302 - Found", "location": location}
        return JSONResponse(body, status_code=302, headers={"Location": location})

    async def search_playlists(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /playlists``: ``q`` full text over the catalog's public sets (title and
        account), ``show_tracks`` (default true), ``access`` filtering the listed tracks,
        paging. Without ``q`` every set is listed."""
        access = self.access_filter(request)
        limit, start = _limit(request), _start(request)
        show = _flag(request, "show_tracks", True)
        q = request.query_params.get("q", "")
        if q.strip():
            engine = await run_in_threadpool(self.set_index.get)
            found = engine.search(q, offset=start, limit=limit)
            page, total = [self.set_list[i] for i in found.ids], found.total
        else:
            page, total = self.set_list[start : start + limit], len(self.set_list)
        items = [self.set_out(s, show_tracks=show, access=access) for s in page]
        return self.listing(request, "/playlists", items, start, limit, start + limit < total)

    async def my_playlists(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /me/playlists``: newest first; ``show_tracks`` defaults to true."""
        limit, start = _limit(request), _start(request)
        show = _flag(request, "show_tracks", True)
        with self.ctx.state.lock:
            records = list(reversed(list(self.playlists().values())))
            items = [self.playlist_out(r, show_tracks=show) for r in records[start : start + limit]]
        return self.listing(request, "/me/playlists", items, start, limit, start + limit < len(records))

    async def create_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        """``POST /playlists``: 201 with the new playlist; 422 without a title."""
        fields = await _playlist_fields(request)
        title = fields.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _unprocessable("Title can't be blank")
        with self.ctx.state.lock:
            record = self.new_record(title)
            self.apply_fields(record, fields)
            self.playlists()[record["urn"]] = record
            self.ctx.state.save()
            return self.reply(request, self.playlist_out(record, show_tracks=True), 201)

    async def get_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /playlists/{urn}``: one of the user's playlists or a catalog set."""
        access = self.access_filter(request) if request.query_params.get("access") else None
        show = _flag(request, "show_tracks", True)
        found = self.catalog_set(request.path_params["playlist_urn"])
        if found is not None:
            return self.reply(request, self.set_out(found, show_tracks=show, access=access))
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_urn"])
            out = self.playlist_out(record, show_tracks=show, access=access)
        return self.reply(request, out)

    async def update_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        """``PUT /playlists/{urn}``: replace the given fields; ``tracks`` replaces the whole list."""
        fields = await _playlist_fields(request)
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_urn"])
            self.apply_fields(record, fields)
            self.ctx.state.save()
            return self.reply(request, self.playlist_out(record, show_tracks=True))

    async def delete_playlist(self, request: Request, token: dict[str, Any]) -> Response:
        with self.ctx.state.lock:
            record = self.playlist(request.path_params["playlist_urn"])
            del self.playlists()[record["urn"]]
            self.ctx.state.save()
        return Response(status_code=200)

    async def playlist_tracks(self, request: Request, token: dict[str, Any]) -> Response:
        """``GET /playlists/{urn}/tracks``: the tracks in order, ``access``-filtered, paged."""
        access = self.access_filter(request)
        limit, start = _limit(request), _start(request)
        found = self.catalog_set(request.path_params["playlist_urn"])
        if found is not None:
            urn, tracks = found["urn"], self.set_out(found, show_tracks=True, access=access)["tracks"]
        else:
            with self.ctx.state.lock:
                record = self.playlist(request.path_params["playlist_urn"])
                urn, tracks = record["urn"], [self.track_out(t) for t in self.stored_tracks(record)
                                              if (t.get("access") or "playable") in access]
        items = tracks[start : start + limit]
        path = f"/playlists/{urn}/tracks"
        return self.listing(request, path, items, start, limit, start + limit < len(tracks))


class SoundCloudAuth(oauth.TokenEndpoint):
    """``secure.soundcloud.com``: ``/authorize`` and ``/oauth/token`` (rotating refresh
    tokens); ``POST /oauth/token`` answers an ``ExpiringToken``, or ``{"code","message","link"}``."""

    service = SERVICE

    def __init__(self, ctx: EmulatorContext) -> None:
        creds = ctx.config.credentials
        super().__init__(ctx, creds.soundcloud_refresh_token, creds.soundcloud_client_id)

    def unsupported_grant(self) -> oauth.OAuthError:
        return oauth.OAuthError("unsupported_grant", "unsupported_grant", service=SERVICE)

    def error_response(self, exc: oauth.OAuthError) -> Response:
        return JSONResponse({"code": exc.status, "message": exc.error, "link": AUTH_LINK}, status_code=exc.status)

    def _client(self, request: Request, form: dict[str, str]) -> tuple[str, bool]:
        """``(client_id, has_secret)`` from Basic auth or the form; 401 invalid_client otherwise."""
        client_id, secret = oauth.submitted_client(request, form)
        wrong_secret = secret is not None and secret != self.creds.soundcloud_client_secret
        if client_id != self.creds.soundcloud_client_id or wrong_secret:
            raise oauth.OAuthError("invalid_client", "invalid_client", service=SERVICE, status=401)
        return client_id, secret is not None

    def _issue(self, client_id: str, *, user: bool, issued_at: float | None = None) -> dict[str, Any]:
        access, ttl = self.tokens.issue_access(client_id, "", user=user)
        refresh = self.tokens.issue_refresh(client_id, "", issued_at, user=user)
        return {"access_token": access, "expires_in": ttl, "scope": "", "refresh_token": refresh,
                "token_type": "bearer"}

    def _authorization_code(self, form: dict[str, str], client_id: str, has_secret: bool) -> dict[str, Any]:
        record = self.tokens.take_code(form.get("code", ""))
        if record is None or record["client_id"] != client_id or record["redirect_uri"] != form.get("redirect_uri"):
            raise oauth.OAuthError("invalid_grant", "invalid_grant", service=SERVICE)
        challenge = record.get("challenge")
        if challenge and not oauth.pkce_matches(form.get("code_verifier", ""), challenge):
            raise oauth.OAuthError("invalid_grant", "invalid_grant", service=SERVICE)
        if not challenge and not has_secret:
            raise oauth.OAuthError("invalid_client", "invalid_client", service=SERVICE, status=401)
        return self._issue(client_id, user=True)

    def _refresh(self, form: dict[str, str], client_id: str, has_secret: bool) -> dict[str, Any]:
        """Single-use: the presented token is consumed and a new one returned."""
        record = self.tokens.refresh_record(form.get("refresh_token", ""), consume=True)
        if record is None or record["client_id"] != client_id:
            raise oauth.OAuthError("invalid_grant", "invalid_grant", service=SERVICE)
        return self._issue(client_id, user=record.get("user", True), issued_at=record["issued_at"])

    def _client_credentials(self, form: dict[str, str], client_id: str, has_secret: bool) -> dict[str, Any]:
        if not has_secret:
            raise oauth.OAuthError("invalid_client", "invalid_client", service=SERVICE, status=401)
        return self._issue(client_id, user=False)


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://api.soundcloud.com``, to mount at ``/soundcloud``."""
    api = SoundCloudApi(ctx)
    e = api.endpoint
    one = "/playlists/{playlist_urn}"
    return [
        Route("/me", e(api.get_me, user_only=True)),
        Route("/me/playlists", e(api.my_playlists, user_only=True)),
        Route("/tracks", e(api.search_tracks)),
        Route("/tracks/{track_urn}", e(api.get_track)),
        Route("/resolve", e(api.resolve)),
        Route("/playlists", e(api.search_playlists), methods=["GET"]),
        Route("/playlists", e(api.create_playlist, user_only=True), methods=["POST"]),
        Route(one, e(api.get_playlist), methods=["GET"]),
        Route(one, e(api.update_playlist, user_only=True), methods=["PUT"]),
        Route(one, e(api.delete_playlist, user_only=True), methods=["DELETE"]),
        Route(one + "/tracks", e(api.playlist_tracks), methods=["GET"]),
    ]


def auth_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://secure.soundcloud.com``, to mount at ``/soundcloud-auth``."""
    return SoundCloudAuth(ctx).routes("/oauth/token")


def playlists_view(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Every playlist as ``{"urn", "title", "items": [track urns in order]}``."""
    with ctx.state.lock:
        playlists = ctx.state.section(SERVICE).get("playlists", {})
        return [{"urn": urn, "title": p["title"], "items": list(p["items"])} for urn, p in playlists.items()]
