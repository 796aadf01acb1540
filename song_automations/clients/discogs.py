"""Discogs API client: identity, collection folders, folder releases, wantlist, releases.

Every call goes through one :class:`~song_automations.http.ServiceHttp` with a
:class:`~song_automations.ratelimit.DiscogsPacer`, so any number of worker threads
sharing this client stay inside Discogs' 60-requests-a-minute window. Release payloads
are returned raw (the tracker caches them; ``adapters.discogs`` turns them into tracks).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..adapters import discogs as adapter
from ..errors import AuthRequired, BadResponse
from ..http import HttpPolicy, ServiceHttp
from ..logging import register_secret
from ..models import WANTLIST_FOLDER_ID, Folder, FolderItem
from ..ratelimit import DiscogsPacer

SERVICE = adapter.SERVICE
PER_PAGE = 100  # the most Discogs allows per page
ALL_FOLDER_ID = 0  # "All": a view over every folder, not a folder of its own


class DiscogsClient:
    """A Discogs user's collection, read with a personal access token.

    Thread-safe: share one instance between workers. Raises
    :class:`~song_automations.errors.AuthRequired` at construction when
    ``DISCOGS_USER_TOKEN`` is not set.
    """

    def __init__(
        self,
        settings,
        http: ServiceHttp | None = None,
        *,
        policy: HttpPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        token = settings.discogs_user_token
        if not token:
            raise AuthRequired("Discogs is not configured: set DISCOGS_USER_TOKEN to your personal access "
                               "token (Discogs > Settings > Developers).", service=SERVICE)
        register_secret(token)
        if http is None:
            policy = policy or HttpPolicy()
            http = ServiceHttp(SERVICE, settings.discogs_api_url, policy=policy,
                               limiter=policy.limiter(SERVICE, settings),
                               headers={"Authorization": f"Discogs token={token}"}, transport=transport)
        self.http = http
        self._username: str | None = None

    def budget(self) -> tuple[int, int]:
        """``(requests left, requests allowed)`` in Discogs' current one-minute window, as
        the latest answers' ``X-Discogs-Ratelimit*`` headers tell it."""
        limiter = self.http.limiter
        return (limiter.remaining(), limiter.limit) if isinstance(limiter, DiscogsPacer) else (0, 0)

    def identity(self) -> str:
        """The token owner's username (fetched once, then remembered)."""
        if self._username is None:
            # The whole run depends on it: worth the critical attempts.
            payload = self._get("/oauth/identity", route="/oauth/identity", critical=True)
            self._username = _field(payload, "username", str, "/oauth/identity")
        return self._username

    def folders(self) -> list[Folder]:
        """The user's collection folders, without folder 0 ("All"), in Discogs' order."""
        route = "/users/{username}/collection/folders"
        payload = self._get(f"/users/{self.identity()}/collection/folders", route=route, critical=True)
        folders = [adapter.folder(raw, route) for raw in _field(payload, "folders", list, route)]
        return [f for f in folders if f.id != ALL_FOLDER_ID]

    def folder_items(self, folder_id: int) -> list[FolderItem]:
        """Every release instance in ``folder_id``, all pages, in Discogs' default order."""
        path = f"/users/{self.identity()}/collection/folders/{folder_id}/releases"
        route = "/users/{username}/collection/folders/{folder_id}/releases"
        return [adapter.folder_item(raw, folder_id, route) for raw in self._pages(path, route, "releases")]

    def wantlist(self) -> list[FolderItem]:
        """The wantlist as folder items with ``folder_id`` = ``models.WANTLIST_FOLDER_ID``."""
        path = f"/users/{self.identity()}/wants"
        route = "/users/{username}/wants"
        return [adapter.folder_item(raw, WANTLIST_FOLDER_ID, route) for raw in self._pages(path, route, "wants")]

    def release(self, release_id: int) -> dict[str, Any]:
        """The raw ``/releases/{id}`` payload.

        Raises :class:`~song_automations.errors.NotFound` when Discogs no longer has the
        release (callers record it as gone) and ``BadResponse`` for a payload without a
        tracklist.
        """
        payload = self._get(f"/releases/{int(release_id)}", route="/releases/{id}")
        _field(payload, "tracklist", list, "/releases/{id}")
        return payload

    def _pages(self, path: str, route: str, key: str) -> list[dict]:
        items: list[dict] = []
        page, pages = 1, 1
        while page <= pages:
            payload = self._get(path, route=route, params={"page": page, "per_page": PER_PAGE})
            found = _field(payload, key, list, route)
            items.extend(found)
            pages = _field(payload, "pagination", dict, route).get("pages")
            if isinstance(pages, bool) or not isinstance(pages, int):
                raise BadResponse(f"Discogs {route}: the page count is not a number.", service=SERVICE)
            if not found:  # an empty page ends the list, whatever the page count claims
                break
            page += 1
        return items

    def _get(self, path: str, *, route: str, params: dict | None = None, critical: bool = False) -> dict:
        payload = self.http.request("GET", path, route=route, params=params, critical=critical)
        if not isinstance(payload, dict):
            raise BadResponse(f"Discogs {route}: expected a JSON object, got {type(payload).__name__}.",
                              service=SERVICE, method="GET", url=path)
        return payload

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def __enter__(self) -> DiscogsClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _field(payload: dict, key: str, kind: type, route: str):
    value = payload.get(key)
    if not isinstance(value, kind):
        raise BadResponse(f"Discogs {route}: the answer has no {kind.__name__} {key!r}.", service=SERVICE)
    return value
