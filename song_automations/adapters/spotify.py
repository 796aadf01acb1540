"""Spotify Web API track objects into :class:`Candidate` objects (pure), and query syntax."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import BadResponse
from ..models import Candidate, RemotePlaylist, SearchQuery
from . import parses, plausible_duration, readable

PLATFORM = "spotify"
# What a playlist holds: "spotify:track:<id>".
URI_PREFIX = "spotify:track:"
WEB_TRACK = "https://open.spotify.com/track/"
# Spotify has no "verified" flag on tracks or artists. The original used "more than
# 10,000 followers" as a proxy, but artist followers are only returned to extended-quota
# apps (removed in 2026 development mode, with batch GET /artists): so verified is
# None unless the caller passes follower counts it could fetch.
VERIFIED_MIN_FOLLOWERS = 10_000
# Track popularity is 0..100 where returned; development-mode apps get no field at all.
POPULARITY_SCALE = 100.0


@parses(PLATFORM, "a track object")
def candidate(track: dict, artist_followers: Mapping[str, int] | None = None) -> Candidate:
    """A search-result track object as a :class:`Candidate`.

    ``artist_followers`` (artist id -> follower count, extended mode only) makes
    ``verified`` known. Raises :class:`BadResponse` when the object has no id.
    """
    if not isinstance(track, Mapping) or not track.get("id") or isinstance(track.get("id"), (dict, list)):
        raise BadResponse("A Spotify track object has no id.", service=PLATFORM)
    artists = [a for a in _list(track.get("artists")) if isinstance(a, Mapping)]
    album = _mapping(track.get("album"))
    popularity = track.get("popularity")
    duration_ms = track.get("duration_ms")
    return Candidate(
        platform=PLATFORM,
        id=str(track["id"]),
        uri=str(track.get("uri") or f"spotify:track:{track['id']}"),
        title=str(track.get("name") or ""),
        artists=tuple(str(a.get("name") or "") for a in artists if a.get("name")),
        raw_title=str(track.get("name") or ""),
        album=_text(album.get("name")),
        # Album ``label`` is an extended-mode field too; absent is "unknown", not "none".
        label=_text(album.get("label")),
        duration_s=plausible_duration(duration_ms / 1000 if isinstance(duration_ms, (int, float)) else None),
        isrc=_text(_mapping(track.get("external_ids")).get("isrc")),
        popularity=_popularity(popularity),
        verified=_verified(artists, artist_followers),
        url=_text(_mapping(track.get("external_urls")).get("spotify")),
        playable=track.get("is_playable", True) is not False,
    )


def candidates(tracks: list, artist_followers: Mapping[str, int] | None = None) -> list[Candidate]:
    """:func:`candidate` for each readable track object of a search page (others are skipped)."""
    return readable(tracks, candidate, "an unreadable Spotify search result", artist_followers)


def _mapping(value: Any) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A non-empty string field, or ``None`` (a number or object there is not text)."""
    return value if isinstance(value, str) and value else None


def _popularity(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= POPULARITY_SCALE:
        return None
    return value / POPULARITY_SCALE


def _verified(artists: list[Mapping], followers: Mapping[str, int] | None) -> bool | None:
    first = artists[0].get("id") if artists else None
    if not followers or not isinstance(first, str) or first not in followers:
        return None
    return followers[first] >= VERIFIED_MIN_FOLLOWERS


def _quoted(value: str) -> str:
    # Double quotes delimit a field value; a quote inside would end it early.
    return " ".join(value.replace('"', " ").split())


def format_query(query: SearchQuery) -> str:
    """A :class:`SearchQuery` in Spotify's search syntax: ``track:"..." artist:"..." words``.

    The version goes in as plain words, because Spotify names carry it after a dash
    ("Title - Hardfloor Remix") and a field filter on the whole name would be too strict.
    """
    if query.text:
        return query.text
    if query.isrc:
        return f"isrc:{query.isrc}"
    parts = [f'track:"{_quoted(query.title)}"'] if query.title else []
    if query.artist:
        parts.append(f'artist:"{_quoted(query.artist)}"')
    if query.album:
        parts.append(f'album:"{_quoted(query.album)}"')
    if query.version:
        parts.append(_quoted(query.version))
    return " ".join(parts)


def web_link(uri: str) -> str:
    """The open.spotify.com page of a ``spotify:track:`` URI."""
    return WEB_TRACK + uri.removeprefix(URI_PREFIX)


def page_items(page: dict, route: str) -> list:
    """The ``items`` list of a paging object. Raises :class:`BadResponse` without one."""
    items = page.get("items")
    if not isinstance(items, list):
        raise BadResponse(f"spotify GET {route}: the page has no items list.", service=PLATFORM)
    return items


def entry_uri(entry: Any) -> str | None:
    """The track URI of one playlist entry, or ``None`` for an unavailable (null) one."""
    if not isinstance(entry, dict):
        return None
    # 2026 pages use "item"; "track" is the deprecated alias. Unavailable entries are null.
    item = entry.get("item") or entry.get("track")
    return item.get("uri") if isinstance(item, dict) else None


@parses(PLATFORM, "a playlist entry of /me/playlists")
def playlist_ref(raw: dict) -> RemotePlaylist:
    """A ``GET /me/playlists`` entry (no items); ``extra["total"]`` is its size."""
    counts = raw.get("items") if isinstance(raw.get("items"), dict) else _mapping(raw.get("tracks"))
    total = counts.get("total")
    return RemotePlaylist(PLATFORM, str(raw["id"]), str(raw.get("name") or ""), (), _text(raw.get("snapshot_id")),
                          {"total": total if isinstance(total, int) else None,
                           "owner": _mapping(raw.get("owner")).get("id")})


def artist_features(artist: dict) -> dict[str, Any]:
    """``{"followers", "popularity"}`` of an artist object (extended mode), popularity in [0, 1]."""
    followers = artist.get("followers")
    total = followers.get("total") if isinstance(followers, dict) else None
    popularity = artist.get("popularity")
    return {
        "followers": int(total) if isinstance(total, int) else None,
        "popularity": popularity / 100.0 if isinstance(popularity, (int, float)) else None,
    }

