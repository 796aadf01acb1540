"""The Spotify Web API and accounts service, as the emulator serves them (REFERENCE.md 2)."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from song_automations.emulator.context import EmulatorContext

SERVICE = "spotify"
# Spotify counts calls in a rolling 30 s window and does not publish the limit; about
# 180 calls a minute is what developers observe before 429s, hence 90 per 30 s.
RATE_LIMIT: tuple[int, float] | None = (90, 30.0)


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://api.spotify.com/v1``, to mount at ``/spotify/v1``."""
    return []


def accounts_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://accounts.spotify.com``, to mount at ``/spotify-accounts``."""
    return []


def playlists_view(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Every playlist as ``{"id", "name", "items": [track ids in order]}``."""
    with ctx.state.lock:
        playlists = ctx.state.section(SERVICE).get("playlists", {})
        return [
            {"id": pid, "name": p["name"], "items": [uri.rsplit(":", 1)[-1] for uri in p["items"]]}
            for pid, p in playlists.items()
        ]
