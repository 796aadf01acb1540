"""The SoundCloud public API and its auth host, as the emulator serves them (REFERENCE.md 3)."""

from __future__ import annotations

from typing import Any

from starlette.routing import BaseRoute

from song_automations.emulator.context import EmulatorContext

SERVICE = "soundcloud"
# SoundCloud documents no aggregate request limit ("No limit is currently enforced on
# the total number of calls"), only play-stream and token-issuance quotas we never hit.
RATE_LIMIT: tuple[int, float] | None = None


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://api.soundcloud.com``, to mount at ``/soundcloud``."""
    return []


def auth_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    """Routes of ``https://secure.soundcloud.com``, to mount at ``/soundcloud-auth``."""
    return []


def playlists_view(ctx: EmulatorContext) -> list[dict[str, Any]]:
    """Every playlist as ``{"urn", "title", "items": [track urns in order]}``."""
    with ctx.state.lock:
        playlists = ctx.state.section(SERVICE).get("playlists", {})
        return [
            {"urn": urn, "title": p["title"], "items": list(p["items"])}
            for urn, p in playlists.items()
        ]
