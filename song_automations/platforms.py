"""The playlist platforms the product syncs to: the one list everything else reads.

The CLI's choices, the sync session's clients, ``eval``'s adapters, the workbench and
the tracker's cross-platform views all come from here. A platform's parts (its client
class and its payload adapter) are named by import path and loaded on first use, so
importing this module stays cheap and the layers below the clients never import them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from .errors import ConfigError


@dataclass(frozen=True, slots=True)
class Platform:
    """One destination: its name (as stored and typed), how people write it, and where
    its client and adapter live."""

    name: str
    label: str
    client: str  # "module:Class" of its PlaylistClient
    adapter: str  # module with candidate(payload) and format_query(query)
    searches_isrc: bool  # its search finds a track by ISRC (Spotify's isrc: filter)
    searches_upc: bool  # its album search finds an album by barcode (Spotify's upc: filter)
    # Its titles are the releasing label's metadata, so a year in one dates the recording
    # ("(2012)": recorded again); an uploader's year only decorates an upload.
    catalogue_titles: bool


REGISTRY: dict[str, Platform] = {
    p.name: p for p in (
        Platform("spotify", "Spotify", "song_automations.clients.spotify:SpotifyClient",
                 "song_automations.adapters.spotify", searches_isrc=True, searches_upc=True,
                 catalogue_titles=True),
        Platform("soundcloud", "SoundCloud", "song_automations.clients.soundcloud:SoundCloudClient",
                 "song_automations.adapters.soundcloud", searches_isrc=False, searches_upc=False,
                 catalogue_titles=False),
    )
}
PLATFORMS: tuple[str, ...] = tuple(REGISTRY)
# The collection comes from here; requests are counted per service.
SOURCE = "discogs"
SERVICES: tuple[str, ...] = (SOURCE, *PLATFORMS)
# Names every platform at once where a destination is asked for.
ALL = "all"
DESTINATION_CHOICES: tuple[str, ...] = (*PLATFORMS, ALL)


def expand(destination: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Platform names for a destination argument: one name, several, or ``"all"``.

    Raises :class:`ConfigError` naming an unknown destination and the choices.
    """
    names = [destination] if isinstance(destination, str) else list(destination)
    if ALL in names:
        return PLATFORMS
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ConfigError(f"Unknown destination {unknown[0]!r}; choose from {', '.join(DESTINATION_CHOICES)}.")
    return tuple(dict.fromkeys(names))


def label(name: str) -> str:
    """How people write the platform's name ("SoundCloud")."""
    return REGISTRY[name].label


@cache
def client_class(name: str) -> type:
    """The :class:`~song_automations.clients.PlaylistClient` class of platform ``name``."""
    module, _, cls = REGISTRY[name].client.partition(":")
    return getattr(importlib.import_module(module), cls)


@cache
def adapter(name: str) -> ModuleType:
    """The payload adapter module of platform ``name`` (``candidate``, ``format_query``)."""
    return importlib.import_module(REGISTRY[name].adapter)


def _of(uri: str | None) -> ModuleType | None:
    for name in PLATFORMS:
        module = adapter(name)
        if uri and uri.startswith(module.URI_PREFIX):
            return module
    return None


def platform_of(uri: str | None) -> str | None:
    """The platform a track URI/URN belongs to, or ``None``."""
    module = _of(uri)
    return module.PLATFORM if module else None


def web_link(uri: str | None) -> str:
    """A web page for a track URI/URN of any platform ("" when none applies)."""
    module = _of(uri)
    return module.web_link(uri) if module else ""


def candidate_id(uri: str | None) -> str | None:
    """The id the platform's search results carry for a track URI/URN (what the matcher
    excludes when a person rejected it), or ``None``."""
    module = _of(uri)
    return module.candidate_id(uri) if module else None


def player_url(uri: str | None) -> str:
    """The platform's embeddable player for a track URI/URN ("" when none applies): an
    address for an ``<iframe>``."""
    module = _of(uri)
    return module.player_url(uri) if module else ""
