"""SoundCloud public API client (api.soundcloud.com, OAuth 2.1, URNs) over the shared httpx policy.

One persistent ``httpx.Client`` made in ``__init__`` carries every call, authenticated
with ``Authorization: OAuth <token>`` by :class:`~song_automations.auth.OAuthHeaderAuth`
(refreshed on expiry or after one 401, single-flight; rotated refresh tokens persisted
first). Close it with :meth:`close` or use the client as a context manager.

A SoundCloud track list only changes by ``PUT``-ting the complete new list, at most
500 tracks (``max_playlist_size``: the caller splits longer folders into "Name (2)",
"Name (3)"...). A full-list ``PUT`` is idempotent, so re-sending it after an ambiguous
failure cannot duplicate a track. A 422 (a track SoundCloud refuses to add) is
isolated by bisection: every other track still lands and the refused URNs are
returned.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

import httpx

from ..adapters import soundcloud as adapter
from ..auth import OAuthHeaderAuth, TokenStore
from ..errors import BadResponse, NotFound, PlaylistFull, RequestRejected
from ..http import HttpPolicy, ServiceHttp, send_reconciled
from ..models import Album, AlbumQuery, Candidate, RemotePlaylist, SearchQuery
from .base import LoggedInClient

log = logging.getLogger(__name__)

PLATFORM = "soundcloud"
MAX_PLAYLIST_SIZE = 500  # SoundCloud refuses longer playlists (maintainer, soundcloud/api#170)
SEARCH_LIMIT = 20
# Sets come with their tracks inline: a few are enough to find a release's.
SET_SEARCH_LIMIT = 5
PAGE_LIMIT = 200  # the most any SoundCloud list endpoint returns per page
# Every access level, so a playlist read shows tracks that are blocked in our region too.
ALL_ACCESS = "playable,preview,blocked"
# Search leaves out only what cannot be heard here at all. A "preview" track is the same
# recording (Go+ listeners hear all of it, others 30 s); asking for "playable" alone hid
# the right answer of every release SoundCloud streams only as a preview.
SEARCH_ACCESS = "playable,preview"
_URN = re.compile(r"^soundcloud:(tracks|playlists|users):\d+$")


class SoundCloudClient(LoggedInClient):
    """The user's SoundCloud playlists and track search. Thread-safe: share one instance."""

    platform = PLATFORM
    max_playlist_size: int | None = MAX_PLAYLIST_SIZE
    search_limit = SEARCH_LIMIT

    def __init__(self, settings, token_store: TokenStore, *, transport: httpx.BaseTransport | None = None,
                 **login) -> None:
        """``transport`` carries the API calls (and the login's, unless ``token_transport``
        is given); ``login``: ``policy`` and ``token_transport`` as :class:`LoggedInClient`."""
        login["token_transport"] = login.get("token_transport") or transport
        super().__init__(settings, token_store, **login)
        self.http = ServiceHttp(PLATFORM, settings.soundcloud_api_url, policy=self.policy,
                                limiter=self.policy.limiter(PLATFORM, settings),
                                auth=OAuthHeaderAuth(self.tokens, "OAuth"), transport=transport)

    # --- search and tracks -----------------------------------------------------------

    def search(self, query: SearchQuery, limit: int | None = None) -> list[Candidate]:
        """Audible tracks (playable or preview) for ``query`` (full-text), best first;
        ``limit`` is capped at ``search_limit``."""
        limit = max(1, min(limit or self.search_limit, self.search_limit))
        params = {"q": adapter.format_query(query), "access": SEARCH_ACCESS, "limit": limit,
                  "linked_partitioning": "true"}
        page = self._json("GET", "/tracks", route="/tracks", params=params)
        return adapter.candidates([t for t in adapter.collection(page, "/tracks")[:limit] if isinstance(t, dict)])

    def search_albums(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """Public sets (albums, EPs) for ``query`` with their audible tracks inline, best
        first: one request reads them whole."""
        limit = max(1, min(limit or SET_SEARCH_LIMIT, SET_SEARCH_LIMIT))
        params = {"q": adapter.format_album_query(query), "access": SEARCH_ACCESS, "show_tracks": "true",
                  "limit": limit, "linked_partitioning": "true"}
        page = self._json("GET", "/playlists", route="/playlists", params=params)
        return [adapter.album(p) for p in adapter.collection(page, "/playlists")[:limit]
                if isinstance(p, dict) and p.get("urn")]

    def album_glimpse(self, query: AlbumQuery, limit: int | None = None) -> list[Album]:
        """The set search: it shows sets whole already."""
        return self.search_albums(query, limit)

    def album(self, album_id: str) -> Album:
        """One set with every audible track in order. Raises NotFound."""
        meta = self._json("GET", f"/playlists/{album_id}", route="/playlists/{urn}", params={"show_tracks": "false"})
        params = {"linked_partitioning": "true", "limit": PAGE_LIMIT, "access": SEARCH_ACCESS}
        return adapter.album(meta, self._pages(f"/playlists/{album_id}/tracks", params, "/playlists/{urn}/tracks"))

    def account(self) -> str:
        """The logged-in user's username: one ``GET /me``."""
        payload = self._json("GET", "/me", route="/me")
        return str(payload.get("username") or payload.get("urn") or "")

    def track(self, id_or_url: str) -> Candidate:
        """One track by URN, numeric id, API URL or soundcloud.com page URL. Raises NotFound."""
        ref = id_or_url.strip()
        if ref.startswith(("https://soundcloud.com/", "http://soundcloud.com/", "https://m.soundcloud.com/")):
            ref = self._resolve(ref)
        elif "/tracks/" in ref:
            ref = ref.rstrip("/").rsplit("/", 1)[-1]
        if not (_URN.match(ref) or ref.isdigit()):
            raise RequestRejected(f"{id_or_url!r} is not a SoundCloud track URN, id or URL.", service=PLATFORM)
        payload = self._json("GET", f"/tracks/{ref}", route="/tracks/{urn}")
        return adapter.candidate(payload)

    def _resolve(self, url: str) -> str:
        payload = self._json("GET", "/resolve", route="/resolve", params={"url": url})
        target = payload.get("urn") or payload.get("location") or ""
        ref = str(target).rstrip("/").rsplit("/", 1)[-1]
        if not ref:
            raise BadResponse(f"soundcloud GET /resolve: no track for {url}.", service=PLATFORM)
        return ref

    # --- playlists: reading ------------------------------------------------------------

    def list_playlists(self) -> list[RemotePlaylist]:
        """The user's playlists without tracks (``extra["total"]`` = track count)."""
        params = {"show_tracks": "false", "linked_partitioning": "true", "limit": PAGE_LIMIT}
        # Without the listing no playlist of this destination can be planned: worth more attempts.
        return [adapter.playlist_ref(p) for p in self._pages("/me/playlists", params, "/me/playlists", critical=True)
                if isinstance(p, dict) and p.get("urn")]

    def find_playlist(self, playlist_id: str | None, name: str) -> RemotePlaylist | None:
        """The playlist with the stored URN if it still exists, else the first titled ``name``."""
        if playlist_id:
            try:
                return self.get_playlist(playlist_id)
            except NotFound:
                log.info("soundcloud playlist %s is gone; looking for %r by title", playlist_id, name)
        chosen = next((p for p in self.list_playlists() if p.name == name), None)
        return self.get_playlist(chosen.id) if chosen else None

    def get_playlist(self, playlist_id: str) -> RemotePlaylist:
        """Title and every track URN in order. Raises NotFound."""
        meta = self._json("GET", f"/playlists/{playlist_id}", route="/playlists/{urn}",
                          params={"show_tracks": "false"})
        params = {"linked_partitioning": "true", "limit": PAGE_LIMIT, "access": ALL_ACCESS}
        tracks = self._pages(f"/playlists/{playlist_id}/tracks", params, "/playlists/{urn}/tracks")
        return adapter.playlist(meta, tracks, playlist_id)

    def _pages(self, path: str, params: dict, route: str, critical: bool = False) -> list:
        items: list = []
        url: str | None = path
        while url:
            page = self.http.request("GET", url, route=route, params=params, critical=critical)
            items.extend(adapter.collection(page, route))
            url = page.get("next_href") if isinstance(page, dict) else None
            params = None  # next_href already carries every parameter and the cursor
        return items

    # --- playlists: changing -------------------------------------------------------------

    def create_playlist(self, name: str, description: str = "") -> RemotePlaylist:
        """A new private, empty playlist; after an ambiguous failure, one that did get created is reused."""
        body = {"playlist": {"title": name, "description": description, "sharing": "private", "tracks": []}}

        def send(_: list[str]) -> dict:
            return self._json("POST", "/playlists", route="/playlists", json_body=body, retry_ambiguous=False)

        def still_needed(pending: list[str]) -> list[str]:
            return [] if any(p.name == name for p in self.list_playlists()) else pending

        created = send_reconciled(send, [name], still_needed, self.policy, f"soundcloud create {name!r}")
        if created is None:
            found = next(p for p in self.list_playlists() if p.name == name)
            return RemotePlaylist(PLATFORM, found.id, found.name)
        if not created.get("urn"):
            raise BadResponse("soundcloud POST /playlists: the answer has no playlist urn.", service=PLATFORM)
        return RemotePlaylist(PLATFORM, str(created["urn"]), str(created.get("title", name)))

    def add_items(self, playlist_id: str, uris: list[str], present: Sequence[str] | None = None) -> list[str]:
        """Append the URNs not already there (one full-list PUT); returns the refused URNs.
        ``present``: the items when known for certain (otherwise the playlist is read first)."""
        current = list(self.get_playlist(playlist_id).items if present is None else present)
        held = set(current)
        return self.replace_items(playlist_id, current + [u for u in dict.fromkeys(uris) if u not in held])

    def remove_items(self, playlist_id: str, uris: list[str]) -> None:
        """Remove every occurrence of ``uris`` (one full-list PUT)."""
        drop = set(uris)
        current = self.get_playlist(playlist_id).items
        self.replace_items(playlist_id, [u for u in current if u not in drop])

    def replace_items(self, playlist_id: str, uris: list[str]) -> list[str]:
        """PUT ``uris`` as the complete track list; returns the URNs SoundCloud refused (422).

        Raises :class:`PlaylistFull` for more than 500 tracks: splitting a folder over
        several playlists is the caller's decision.
        """
        uris = list(dict.fromkeys(uris))
        if len(uris) > MAX_PLAYLIST_SIZE:
            raise PlaylistFull(f"A SoundCloud playlist holds at most {MAX_PLAYLIST_SIZE} tracks; got {len(uris)}. "
                               "Split the folder over several playlists.", service=PLATFORM, status=422)
        try:
            self._put_tracks(playlist_id, uris)
            return []
        except RequestRejected as exc:
            if exc.status != 422 or isinstance(exc, PlaylistFull):
                raise
            log.warning("soundcloud refused the track list of %s (%s); isolating the refused tracks",
                        playlist_id, exc)
        return self._isolate_refused(playlist_id, uris)

    def _isolate_refused(self, playlist_id: str, uris: list[str]) -> list[str]:
        """Bisect ``uris`` into accepted and refused; the playlist ends holding every accepted one.

        Each probe PUTs the accepted prefix plus one half; a half that is refused is split
        again until the refused tracks are single URNs. About 2·k·log2(n) PUTs for k bad
        tracks among n.
        """
        accepted: list[str] = []
        refused: list[str] = []
        # The whole list was just refused: start from its halves.
        middle = len(uris) // 2
        pending = [uris[:middle], uris[middle:]] if len(uris) > 1 else []
        if len(uris) == 1:
            refused.append(uris[0])
        while pending:
            chunk = pending.pop(0)
            try:
                self._put_tracks(playlist_id, accepted + chunk)
                accepted.extend(chunk)
            except RequestRejected as exc:
                if exc.status != 422:
                    raise
                if len(chunk) == 1:
                    log.warning("soundcloud refused track %s in playlist %s", chunk[0], playlist_id)
                    refused.extend(chunk)
                else:
                    middle = len(chunk) // 2
                    pending[:0] = [chunk[:middle], chunk[middle:]]
        if refused and not accepted:
            self._put_tracks(playlist_id, [])  # the last successful PUT may still hold an older list
        return refused

    def _put_tracks(self, playlist_id: str, uris: list[str]) -> None:
        # A full-list PUT is idempotent: re-sending it after a timeout or 5xx cannot add a
        # track twice, so the normal retry policy applies (retry_ambiguous=True).
        body = {"playlist": {"tracks": [{"urn": u} for u in uris]}}
        self._json("PUT", f"/playlists/{playlist_id}", route="/playlists/{urn}", json_body=body)

    def delete_playlist(self, playlist_id: str) -> None:
        """Delete the playlist; already gone is fine."""
        try:
            self._json("DELETE", f"/playlists/{playlist_id}", route="/playlists/{urn}")
        except NotFound:
            log.info("soundcloud playlist %s was already gone", playlist_id)

    # --- plumbing --------------------------------------------------------------------

    def _json(self, method: str, url: str, *, route: str, **kwargs):
        payload = self.http.request(method, url, route=route, **kwargs)
        if method in ("GET", "POST") and not isinstance(payload, dict):
            raise BadResponse(f"soundcloud {method} {route}: expected a JSON object, got "
                              f"{type(payload).__name__}.", service=PLATFORM, method=method)
        return payload

    def close(self) -> None:
        """Close the connection pools."""
        self.http.close()
        super().close()
