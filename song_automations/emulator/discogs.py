"""The emulated Discogs API v2 (REFERENCE.md section 1), mounted at ``/discogs``.

Routes: ``/oauth/identity``, ``/users/{username}``, ``/users/{username}/collection/folders``
(and ``/{folder_id}``, ``/{folder_id}/releases``), ``/users/{username}/wants`` and
``/releases/{id}``. Every response, errors and 429s included, carries the three
``X-Discogs-Ratelimit*`` headers. Behaviours worth knowing:

* auth: ``Authorization: Discogs token=...`` or ``?token=``; the only user is the
  catalog's, and the demo token authenticates as that user. A wrong token is a 401.
* rate limit: per client IP over a sliding 60 s window, 60 requests when authenticated
  and 25 when not (the documented tiers), both times ``rate_scale``; the 429 carries
  no ``Retry-After``, like the real service.
* a request without ``User-Agent`` gets a 200 with an empty body: the real service's
  documented symptom ("Why am I getting an empty response from the server?").

The collection (folders and owned instances) is read from the catalog until the first
edit through ``POST /_emulator/collection`` (:func:`edit_collection`); from then on the
edited copy lives in ``ctx.state.section("discogs")`` and persists with ``--state``.
"""

from __future__ import annotations

import copy
import hmac
import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .context import REAL_BASES, EmulatorContext
from .ratelimit import SlidingWindow, scaled_limit

SERVICE = "discogs"
RATE_LIMIT = (60, 60.0)
UNAUTHENTICATED_RATE_LIMIT = (25, 60.0)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
SORT_KEYS = ("label", "artist", "title", "catno", "format", "rating", "added", "year")
DEFAULT_SORT = ("label", "asc")  # observed on the real service (REFERENCE 1.3)
UNCATEGORIZED = {"id": 1, "name": "Uncategorized"}
BASE = REAL_BASES["discogs"]
# Discogs stamps times in US Pacific time; a fixed offset is close enough for new instances.
DISCOGS_TZ = timezone(timedelta(hours=-8))

MSG_AUTH = "You must authenticate to access this resource."
MSG_TOO_FAST = "You are making requests too quickly."
MSG_RELEASE_404 = "Release not found."
MSG_USER_404 = "User does not exist or may have been deleted."
MSG_NOT_FOUND = "The requested resource was not found."


@dataclass(frozen=True)
class Caller:
    """Who is asking: ``owner`` is True when the token authenticates the catalog's user."""

    owner: bool


Handler = Callable[[Request, Caller], Awaitable[Response]]


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """The Discogs routes, sharing one rate limiter per auth tier for this ``ctx``."""
    guard = _Guard(ctx)
    api = _Api(ctx)
    return [
        Route("/oauth/identity", guard.wrap(api.identity), methods=["GET"]),
        Route("/users/{username}", guard.wrap(api.profile), methods=["GET"]),
        Route("/users/{username}/collection/folders", guard.wrap(api.folders), methods=["GET"]),
        Route("/users/{username}/collection/folders/{folder_id}", guard.wrap(api.folder), methods=["GET"]),
        Route("/users/{username}/collection/folders/{folder_id}/releases", guard.wrap(api.folder_releases),
              methods=["GET"]),
        Route("/users/{username}/wants", guard.wrap(api.wants), methods=["GET"]),
        Route("/releases/{id}", guard.wrap(api.release), methods=["GET"]),
        Route("/{path:path}", guard.wrap(api.unknown), methods=["GET"]),
    ]


def json_response(ctx: EmulatorContext, request: Request, payload: Any, status: int = 200,
                  headers: dict[str, str] | None = None) -> Response:
    """Serialise ``payload`` with every ``api.discogs.com`` URL pointed at this emulator."""
    body = ctx.rewrite_urls(json.dumps(payload, ensure_ascii=False), request)
    return Response(body, status_code=status, headers=headers, media_type="application/json")


def message(ctx: EmulatorContext, request: Request, status: int, text: str) -> Response:
    """A Discogs error: ``{"message": text}`` (401s also name the OAuth realm)."""
    headers = {"WWW-Authenticate": f'OAuth realm="{BASE}"'} if status == 401 else None
    return json_response(ctx, request, {"message": text}, status, headers)


class _Guard:
    """What runs before every endpoint: rate limit, User-Agent, credentials."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx
        scale = ctx.config.rate_scale
        clock = lambda: ctx.now()  # noqa: E731 - read ctx.now at call time so tests can patch it
        self.limiters = {
            True: SlidingWindow(scaled_limit(RATE_LIMIT[0], scale), RATE_LIMIT[1], now=clock),
            False: SlidingWindow(scaled_limit(UNAUTHENTICATED_RATE_LIMIT[0], scale),
                                 UNAUTHENTICATED_RATE_LIMIT[1], now=clock),
        }

    def wrap(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            token = request_token(request)
            authenticated = token is not None and hmac.compare_digest(
                token.encode(), self.ctx.config.credentials.discogs_token.encode())
            limiter = self.limiters[authenticated]
            client = request.client.host if request.client else "unknown"
            allowed, used, remaining, _ = limiter.hit(client)
            budget = {
                "X-Discogs-Ratelimit": str(limiter.limit),
                "X-Discogs-Ratelimit-Used": str(used),
                "X-Discogs-Ratelimit-Remaining": str(remaining),
                "X-Discogs-Media-Type": "discogs.v2",
            }
            if not allowed:
                response = message(self.ctx, request, 429, MSG_TOO_FAST)
            elif not request.headers.get("user-agent"):
                response = Response(b"", status_code=200)
            elif token is not None and not authenticated:
                response = message(self.ctx, request, 401, MSG_AUTH)
            else:
                response = await handler(request, Caller(owner=authenticated))
            response.headers.update(budget)
            return response

        return endpoint


def request_token(request: Request) -> str | None:
    """The personal token from ``Authorization: Discogs token=...`` or ``?token=``.

    Returns ``""`` (an invalid token) for an ``Authorization`` header of any other form,
    such as consumer key/secret, which identifies an app but no user.
    """
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, rest = header.partition(" ")
        key, _, value = rest.strip().partition("=")
        if scheme.lower() == "discogs" and key.strip().lower() == "token":
            return value.strip()
        return ""
    return request.query_params.get("token")


class _Api:
    """The endpoint bodies; each gets the request and the already-checked caller."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx
        self.user = ctx.catalog.discogs["user"]
        self.releases: dict[str, Any] = ctx.catalog.discogs["releases"]

    def _user_error(self, request: Request) -> Response | None:
        if request.path_params["username"].lower() != self.user["username"].lower():
            return message(self.ctx, request, 404, MSG_USER_404)
        return None

    async def identity(self, request: Request, caller: Caller) -> Response:
        if not caller.owner:
            return message(self.ctx, request, 401, MSG_AUTH)
        name = self.user["username"]
        return json_response(self.ctx, request, {
            "id": self.user["id"], "username": name, "resource_url": f"{BASE}/users/{name}",
            "consumer_name": self.user.get("consumer_name", "song_automations"),
        })

    async def profile(self, request: Request, caller: Caller) -> Response:
        return self._user_error(request) or json_response(
            self.ctx, request, user_profile(self.ctx, self.user, caller.owner))

    async def folders(self, request: Request, caller: Caller) -> Response:
        if error := self._user_error(request):
            return error
        listed = folder_summaries(self.ctx)
        if not caller.owner:
            # Non-owners only see "All" of a public collection (REFERENCE 1.4).
            listed = listed[:1]
        return json_response(self.ctx, request, {"folders": listed})

    async def folder(self, request: Request, caller: Caller) -> Response:
        if error := self._user_error(request) or self._folder_error(request, caller):
            return error
        folder_id = int(request.path_params["folder_id"])
        summary = next(f for f in folder_summaries(self.ctx) if f["id"] == folder_id)
        return json_response(self.ctx, request, summary)

    def _folder_error(self, request: Request, caller: Caller) -> Response | None:
        raw = request.path_params["folder_id"]
        if not raw.isdigit():
            return message(self.ctx, request, 404, MSG_NOT_FOUND)
        folder_id = int(raw)
        if folder_id != 0 and not caller.owner:
            # Only the owner's token authenticates here, so a non-owner is anonymous: 401.
            return message(self.ctx, request, 401, MSG_AUTH)
        if folder_id != 0 and folder_id not in {f["id"] for f in collection_folders(self.ctx)}:
            return message(self.ctx, request, 404, MSG_NOT_FOUND)
        return None

    async def folder_releases(self, request: Request, caller: Caller) -> Response:
        if error := self._user_error(request) or self._folder_error(request, caller):
            return error
        folder_id = int(request.path_params["folder_id"])
        instances = [i for i in collection_instances(self.ctx) if folder_id in (0, i["folder_id"])]
        page, per_page = page_params(request)
        sort, order = sort_params(request)
        instances = sort_instances(instances, self.releases, sort, order)
        path = f"/users/{self.user['username']}/collection/folders/{folder_id}/releases"
        pagination, window = paginate(path, len(instances), page, per_page,
                                      {"sort": sort, "sort_order": order})
        items = [collection_item(i, self.releases[str(i["release_id"])], caller.owner)
                 for i in instances[window]]
        return self._page(request, pagination, "releases", items)

    async def wants(self, request: Request, caller: Caller) -> Response:
        if error := self._user_error(request):
            return error
        wants = self.ctx.catalog.discogs.get("wants", [])
        page, per_page = page_params(request)
        path = f"/users/{self.user['username']}/wants"
        pagination, window = paginate(path, len(wants), page, per_page, {})
        items = [want_item(w, self.releases[str(w["release_id"])], self.user["username"], caller.owner)
                 for w in wants[window]]
        return self._page(request, pagination, "wants", items)

    def _page(self, request: Request, pagination: dict[str, Any], key: str, items: list) -> Response:
        links = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in pagination["urls"].items())
        headers = {"Link": self.ctx.rewrite_urls(links, request)} if links else None
        return json_response(self.ctx, request, {"pagination": pagination, key: items}, headers=headers)

    async def unknown(self, request: Request, caller: Caller) -> Response:
        return message(self.ctx, request, 404, MSG_NOT_FOUND)

    async def release(self, request: Request, caller: Caller) -> Response:
        payload = self.releases.get(request.path_params["id"])
        if payload is None:
            return message(self.ctx, request, 404, MSG_RELEASE_404)
        return json_response(self.ctx, request, payload)


def user_profile(ctx: EmulatorContext, user: dict[str, Any], owner: bool) -> dict[str, Any]:
    """``GET /users/{username}``: the catalog user with the profile fields Discogs always sends."""
    name = user["username"]
    url = f"{BASE}/users/{name}"
    profile = {
        "id": user["id"], "username": name, "resource_url": url,
        "uri": f"https://www.discogs.com/user/{name}", "name": user.get("name", ""),
        "home_page": "", "location": "", "profile": "", "registered": user.get("registered", "2012-01-01T00:00:00-08:00"),
        "rank": 0.0, "num_pending": 0, "num_for_sale": 0, "num_lists": 0, "releases_contributed": 0,
        "releases_rated": 0, "rating_avg": 0.0, "avatar_url": "", "banner_url": "", "curr_abbr": "USD",
        "num_collection": len(collection_instances(ctx)), "num_wantlist": len(ctx.catalog.discogs.get("wants", [])),
        "inventory_url": f"{url}/inventory", "collection_folders_url": f"{url}/collection/folders",
        "collection_fields_url": f"{url}/collection/fields", "wantlist_url": f"{url}/wants",
    }
    if owner:
        profile["email"] = user.get("email", f"{name}@example.invalid")
    return profile


# --- the collection: catalog until the first edit, then the edited copy in state ----------

def _collection(ctx: EmulatorContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(folders, instances)`` as they are now; callers must not mutate them."""
    with ctx.state.lock:
        section = ctx.state.section(SERVICE)
        if "collection" in section:
            return section["folders"], section["collection"]
    folders = list(ctx.catalog.discogs.get("folders", []))
    if not any(f["id"] == UNCATEGORIZED["id"] for f in folders):
        folders.insert(0, dict(UNCATEGORIZED))
    return folders, ctx.catalog.discogs.get("collection", [])


def collection_folders(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Folder 1 and the custom folders as ``{"id", "name"}`` (folder 0 is computed)."""
    return _collection(ctx)[0]


def collection_instances(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Every owned instance: ``{"instance_id", "release_id", "folder_id", "date_added", "rating"}``."""
    return _collection(ctx)[1]


def folder_summaries(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """The folders list as Discogs serves it: 0 "All" first, each with its ``count``."""
    folders, instances = _collection(ctx)
    user = ctx.catalog.discogs["user"]["username"]
    counts: dict[int, int] = {}
    for instance in instances:
        counts[instance["folder_id"]] = counts.get(instance["folder_id"], 0) + 1
    listed = [{"id": 0, "name": "All", "count": len(instances)}]
    listed += [{"id": f["id"], "name": f["name"], "count": counts.get(f["id"], 0)} for f in folders]
    for folder in listed:
        folder["resource_url"] = f"{BASE}/users/{user}/collection/folders/{folder['id']}"
    return listed


def edit_collection(ctx: EmulatorContext, add: list[dict[str, Any]], remove: list[dict[str, Any]],
                    delete_folder: list[str], rename_folder: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Change the collection as its owner would; returns the new folder summaries.

    Applied in this order: ``remove`` (one instance of the release from the named folder,
    the most recently added), ``add`` (a new instance; an unknown folder name creates the
    folder), ``delete_folder`` (its releases move to "Uncategorized", as Discogs requires
    a folder to be emptied before deletion), ``rename_folder`` (old name -> new name; the
    folder keeps its id). All or nothing: raises ``ValueError`` naming the first problem,
    and nothing changes.
    """
    with ctx.state.lock:
        folders, instances = (copy.deepcopy(part) for part in _collection(ctx))
        for entry in remove:
            _remove_instance(folders, instances, entry["folder"], entry["release_id"])
        for entry in add:
            _add_instance(ctx, folders, instances, entry["folder"], entry["release_id"])
        for name in delete_folder:
            _delete_folder(folders, instances, name)
        for old, new in (rename_folder or {}).items():
            folder_id = _folder_id(folders, old)
            if any(f["name"] == new for f in folders):
                raise ValueError(f"there is already a collection folder named {new!r}")
            next(f for f in folders if f["id"] == folder_id)["name"] = new
        section = ctx.state.section(SERVICE)
        section["folders"], section["collection"] = folders, instances
        ctx.state.save()
    return folder_summaries(ctx)


def _folder_id(folders: list[dict[str, Any]], name: str) -> int:
    for folder in folders:
        if folder["name"] == name:
            return folder["id"]
    raise ValueError(f"there is no collection folder named {name!r}")


def _remove_instance(folders, instances, folder: str, release_id: int) -> None:
    folder_id = _folder_id(folders, folder)
    matches = [i for i in instances if i["folder_id"] == folder_id and i["release_id"] == release_id]
    if not matches:
        raise ValueError(f"release {release_id} is not in folder {folder!r}")
    newest = max(matches, key=lambda i: (_added_at(i), i["instance_id"]))
    instances.remove(newest)


def _add_instance(ctx: EmulatorContext, folders, instances, folder: str, release_id: int) -> None:
    if folder == "All":
        raise ValueError('releases cannot be added to the "All" folder; name a real folder')
    if str(release_id) not in ctx.catalog.discogs["releases"]:
        raise ValueError(f"release {release_id} is not in the catalog")
    try:
        folder_id = _folder_id(folders, folder)
    except ValueError:
        folder_id = max([f["id"] for f in folders] + [1]) + 1
        folders.append({"id": folder_id, "name": folder})
    instances.append({
        "instance_id": max([i["instance_id"] for i in instances] + [0]) + 1,
        "release_id": release_id,
        "folder_id": folder_id,
        "date_added": datetime.fromtimestamp(ctx.now(), DISCOGS_TZ).isoformat(timespec="seconds"),
        "rating": 0,
    })


def _delete_folder(folders, instances, name: str) -> None:
    folder_id = _folder_id(folders, name)
    if folder_id == UNCATEGORIZED["id"]:
        raise ValueError('the "Uncategorized" folder cannot be deleted')
    for instance in instances:
        if instance["folder_id"] == folder_id:
            instance["folder_id"] = UNCATEGORIZED["id"]
    folders[:] = [f for f in folders if f["id"] != folder_id]


# --- lists: paging, sorting, item shapes ---------------------------------------------------

def _int_param(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name, "")
    return int(raw) if raw.strip().lstrip("-").isdigit() else default


def page_params(request: Request) -> tuple[int, int]:
    """``(page, per_page)``: page >= 1, per_page clamped to 1..100 (default 50)."""
    page = max(1, _int_param(request, "page", 1))
    per_page = min(MAX_PER_PAGE, max(1, _int_param(request, "per_page", DEFAULT_PER_PAGE)))
    return page, per_page


def sort_params(request: Request) -> tuple[str, str]:
    """``(sort, sort_order)``; unknown values fall back to the default ``label`` ``asc``."""
    sort = request.query_params.get("sort", DEFAULT_SORT[0])
    order = request.query_params.get("sort_order", DEFAULT_SORT[1])
    return (sort if sort in SORT_KEYS else DEFAULT_SORT[0]), (order if order in ("asc", "desc") else "asc")


def paginate(path: str, total: int, page: int, per_page: int,
             extra: dict[str, str]) -> tuple[dict[str, Any], slice]:
    """The ``pagination`` object for one page and the slice of items it holds.

    ``urls`` holds only the keys that apply (none on a single page) and echoes the
    effective query, defaults included, as the real service does (REFERENCE 1.3).
    """
    pages = max(1, math.ceil(total / per_page))

    def url(n: int) -> str:
        return f"{BASE}{path}?" + urlencode({"page": n, "per_page": per_page, **extra})

    urls: dict[str, str] = {}
    if page > 1:
        urls["first"] = url(1)
        urls["prev"] = url(min(page - 1, pages))
    if page < pages:
        urls["next"] = url(page + 1)
        urls["last"] = url(pages)
    pagination = {"page": page, "pages": pages, "per_page": per_page, "items": total, "urls": urls}
    start = (page - 1) * per_page
    return pagination, slice(start, start + per_page)


def _added_at(instance: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(instance["date_added"])


def _first(items: list[dict[str, Any]], key: str) -> str:
    return str(items[0].get(key, "")).casefold() if items else ""


_SORTERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "label": lambda i, r: _first(r.get("labels", []), "name"),
    "artist": lambda i, r: str(r.get("artists_sort") or _first(r.get("artists", []), "name")).casefold(),
    "title": lambda i, r: str(r.get("title", "")).casefold(),
    "catno": lambda i, r: _first(r.get("labels", []), "catno"),
    "format": lambda i, r: _first(r.get("formats", []), "name"),
    "rating": lambda i, r: i.get("rating", 0),
    "added": lambda i, r: _added_at(i),
    "year": lambda i, r: r.get("year") or 0,
}


def sort_instances(instances: list[dict[str, Any]], releases: dict[str, Any], sort: str,
                   order: str) -> list[dict[str, Any]]:
    """Instances ordered by ``sort``; ties broken by instance id so pages never overlap."""
    key = _SORTERS[sort]
    return sorted(instances, key=lambda i: (key(i, releases[str(i["release_id"])]), i["instance_id"]),
                  reverse=order == "desc")


def basic_information(release: dict[str, Any]) -> dict[str, Any]:
    """The ``basic_information`` block of a list item, derived from the full release payload.

    Masterless releases get ``master_id: 0`` and ``master_url: null`` here, as on Discogs.
    """
    images = release.get("images") or []
    return {
        "id": release["id"],
        "master_id": release.get("master_id") or 0,
        "master_url": release.get("master_url"),
        "resource_url": release.get("resource_url", f"{BASE}/releases/{release['id']}"),
        "thumb": release.get("thumb", ""),
        "cover_image": images[0].get("uri", "") if images else release.get("cover_image", ""),
        "title": release.get("title", ""),
        "year": release.get("year") or 0,
        "formats": release.get("formats", []),
        "labels": [_without(label, "thumbnail_url") for label in release.get("labels", [])],
        "artists": [_without(artist, "thumbnail_url") for artist in release.get("artists", [])],
        "genres": release.get("genres", []),
        "styles": release.get("styles", []),
    }


def _without(entry: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != key}


def collection_item(instance: dict[str, Any], release: dict[str, Any], owner: bool) -> dict[str, Any]:
    """One entry of a folder's ``releases``; ``folder_id`` is the instance's real folder."""
    item = {
        "id": instance["release_id"], "instance_id": instance["instance_id"],
        "date_added": instance["date_added"], "rating": instance.get("rating", 0),
        "basic_information": basic_information(release), "folder_id": instance["folder_id"],
    }
    # Absent when empty, and (being private fields) never shown to other users.
    if owner and instance.get("notes"):
        item["notes"] = instance["notes"]
    return item


def want_item(want: dict[str, Any], release: dict[str, Any], username: str, owner: bool) -> dict[str, Any]:
    """One entry of ``wants``; ``notes`` only for the owner."""
    item = {
        "id": want["release_id"], "rating": want.get("rating", 0),
        "resource_url": f"{BASE}/users/{username}/wants/{want['release_id']}",
        "date_added": want.get("date_added", ""), "basic_information": basic_information(release),
    }
    if owner:
        item["notes"] = want.get("notes", "")
        item["notes_public"] = bool(want.get("notes_public", False))
    return item


def wanted_release_ids(ctx: EmulatorContext) -> set[int]:
    """Release ids on the wantlist."""
    return {w["release_id"] for w in ctx.catalog.discogs.get("wants", [])}
