"""Control and inspection routes under ``/_emulator`` (INTERFACE.md, "The emulator").

Never delayed, faulted, rate limited or counted. Bad input to ``POST /collection`` gets
a 400 with ``{"error": "<one sentence>"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from . import discogs
from .context import EmulatorContext

PlaylistsView = Callable[[EmulatorContext], list[dict[str, Any]]]
EDIT_KEYS = ("add", "remove", "delete_folder", "rename_folder")


def routes(ctx: EmulatorContext, playlist_views: Mapping[str, PlaylistsView] | None = None) -> list[BaseRoute]:
    """The control routes; ``playlist_views`` maps ``"spotify"``/``"soundcloud"`` to the
    service module's ``playlists_view`` (a missing service lists no playlists)."""
    views = dict(playlist_views or {})

    async def stats(request: Request) -> JSONResponse:
        return JSONResponse(ctx.stats.snapshot())

    async def reset_stats(request: Request) -> JSONResponse:
        ctx.stats.reset()
        return JSONResponse(ctx.stats.snapshot())

    async def playlists(request: Request) -> JSONResponse:
        return JSONResponse({name: (views[name](ctx) if name in views else [])
                             for name in ("spotify", "soundcloud")})

    async def truth(request: Request) -> JSONResponse:
        return JSONResponse(current_truth(ctx))

    async def release_truth(request: Request) -> JSONResponse:
        return JSONResponse(current_release_truth(ctx))

    async def collection(request: Request) -> JSONResponse:
        try:
            edits = parse_collection_edits(await request.body())
            folders = discogs.edit_collection(ctx, **edits)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"folders": folders})

    return [
        Route("/stats", stats, methods=["GET"]),
        Route("/stats/reset", reset_stats, methods=["POST"]),
        Route("/playlists", playlists, methods=["GET"]),
        Route("/truth", truth, methods=["GET"]),
        Route("/truth/releases", release_truth, methods=["GET"]),
        Route("/collection", collection, methods=["POST"]),
    ]


def _listed_releases(ctx: EmulatorContext) -> set[str]:
    """Ids (as strings) of the releases now in the collection or on the wantlist."""
    listed = {str(i["release_id"]) for i in discogs.collection_instances(ctx)}
    return listed | {str(r) for r in discogs.wanted_release_ids(ctx)}


def current_truth(ctx: EmulatorContext) -> dict[str, dict[str, str | None]]:
    """The catalog's truth for the tracks of releases now in the collection or wantlist.

    Keys are ``"<release_id>:<position>"``; a release removed through
    ``POST /_emulator/collection`` drops out, one added from the catalog comes in.
    """
    wanted = _listed_releases(ctx)
    return {
        platform: {key: value for key, value in table.items() if key.split(":", 1)[0] in wanted}
        for platform, table in ctx.catalog.truth.items()
    }


def current_release_truth(ctx: EmulatorContext) -> dict[str, dict[str, str | None]]:
    """Each listed release's digital counterpart: ``{"spotify": {"<release_id>": album
    id | null}, "soundcloud": {"<release_id>": playlist urn | null}}``.

    Same releases as ``current_truth`` (collection and wantlist, edits included).
    """
    wanted = _listed_releases(ctx)
    return {
        platform: {rid: value for rid, value in ctx.catalog.release_truth.get(platform, {}).items()
                   if rid in wanted}
        for platform in ("spotify", "soundcloud")
    }


def parse_collection_edits(body: bytes) -> dict[str, Any]:
    """Validate a ``POST /_emulator/collection`` body and return ``{"add", "remove",
    "delete_folder", "rename_folder"}`` (the last a ``{old name: new name}`` object).

    Raises ``ValueError`` with a sentence saying what is wrong.
    """
    try:
        data = json.loads(body or b"{}")
    except json.JSONDecodeError:
        raise ValueError("the body must be a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    unknown = sorted(set(data) - set(EDIT_KEYS))
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; expected {', '.join(EDIT_KEYS)}")
    edits = {key: data.get(key, {} if key == "rename_folder" else []) for key in EDIT_KEYS}
    renames = edits["rename_folder"]
    if not isinstance(renames, dict) or not all(isinstance(k, str) and k and isinstance(v, str) and v
                                                for k, v in renames.items()):
        raise ValueError("'rename_folder' must map folder names to new names")
    for key, value in edits.items():
        if key != "rename_folder" and not isinstance(value, list):
            raise ValueError(f"{key!r} must be a list")
    for key in ("add", "remove"):
        for entry in edits[key]:
            _check_entry(key, entry)
    for name in edits["delete_folder"]:
        if not isinstance(name, str) or not name:
            raise ValueError(f"'delete_folder' entries must be folder names, got {name!r}")
    return edits


def _check_entry(key: str, entry: Any) -> None:
    if not isinstance(entry, dict) or set(entry) != {"folder", "release_id"}:
        raise ValueError(f"each {key!r} entry must be {{\"folder\": name, \"release_id\": id}}, got {entry!r}")
    if not isinstance(entry["folder"], str) or not entry["folder"]:
        raise ValueError(f"'folder' must be a non-empty folder name, got {entry['folder']!r}")
    release_id = entry["release_id"]
    if isinstance(release_id, bool) or not isinstance(release_id, int) or release_id <= 0:
        raise ValueError(f"'release_id' must be a positive integer, got {release_id!r}")
