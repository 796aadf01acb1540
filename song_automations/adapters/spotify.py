"""Spotify Web API track objects into :class:`Candidate` objects (pure), and query syntax."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..errors import BadResponse
from ..models import Album, AlbumQuery, AlbumTrack, Candidate, RemotePlaylist, SearchQuery
from . import parses, plausible_duration, readable

PLATFORM = "spotify"
# What a playlist holds: "spotify:track:<id>".
URI_PREFIX = "spotify:track:"
WEB_TRACK = "https://open.spotify.com/track/"
# Spotify's embeddable player for one track (an <iframe>; 30 s previews without a login).
EMBED_TRACK = "https://open.spotify.com/embed/track/"
# Refresh tokens die this long after the login that issued them; refreshing does not
# extend them (June 2026; REFERENCE.md 2.1). Only `song-automations auth spotify` does.
REFRESH_TOKEN_LIFETIME_DAYS: int | None = 183
# A confidential app keeps its refresh token across refreshes (the answer may omit it).
REFRESH_TOKENS_SINGLE_USE = False
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
    ``verified`` known. Raises :class:`BadResponse` when the object has no id or names no
    artist (every Spotify track credits one: such an object is broken, not anonymous).
    """
    if not isinstance(track, Mapping) or not track.get("id") or isinstance(track.get("id"), (dict, list)):
        raise BadResponse("A Spotify track object has no id.", service=PLATFORM)
    artists = [a for a in _list(track.get("artists")) if isinstance(a, Mapping)]
    if not any(_text(a.get("name")) for a in artists):
        raise BadResponse(f"Spotify track {track['id']} names no artist.", service=PLATFORM)
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
        album_year=_year(album.get("release_date")),
        album_type=_text(album.get("album_type")),
        # Album ``label`` is an extended-mode field too; absent is "unknown", not "none".
        label=_text(album.get("label")),
        duration_s=plausible_duration(duration_ms / 1000 if isinstance(duration_ms, (int, float)) else None),
        isrc=_text(_mapping(track.get("external_ids")).get("isrc")),
        popularity=_popularity(popularity),
        verified=_verified(artists, artist_followers),
        url=_text(_mapping(track.get("external_urls")).get("spotify")),
        playable=track.get("is_playable", True) is not False,
        explicit=track["explicit"] if isinstance(track.get("explicit"), bool) else None,
    )


def candidates(tracks: list, artist_followers: Mapping[str, int] | None = None) -> list[Candidate]:
    """:func:`candidate` for each readable track object of a search page (others are skipped)."""
    return readable(tracks, candidate, "an unreadable Spotify search result", artist_followers)


def _year(release_date: Any) -> int | None:
    """The year of an album's ``release_date`` ("1987-07-21", "1987-07", "1987"), if readable."""
    text = release_date if isinstance(release_date, str) else ""
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None


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


def candidate_id(uri: str) -> str:
    """The id a search result carries for a ``spotify:track:`` URI (the bare track id)."""
    return uri.removeprefix(URI_PREFIX)


def player_url(uri: str) -> str:
    """Spotify's embed player for a ``spotify:track:`` URI."""
    return EMBED_TRACK + uri.removeprefix(URI_PREFIX)


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



@parses(PLATFORM, "an album object")
def album(raw: Mapping) -> Album:
    """An album object (a search result, or the full object with its first page of
    ``tracks``) as an :class:`Album`. Raises :class:`BadResponse` without an id."""
    if not isinstance(raw, Mapping) or not raw.get("id"):
        raise BadResponse("A Spotify album object has no id.", service=PLATFORM)
    artists = tuple(str(a.get("name")) for a in raw.get("artists") or [] if isinstance(a, Mapping) and a.get("name"))
    upc = (raw.get("external_ids") or {}).get("upc") if isinstance(raw.get("external_ids"), Mapping) else None
    date = str(raw.get("release_date") or "")
    page = raw.get("tracks") if isinstance(raw.get("tracks"), Mapping) else {}
    title = str(raw.get("name") or "")
    tracks = tuple(album_track(t, title) for t in page.get("items") or [] if isinstance(t, Mapping) and t.get("id"))
    return Album(
        platform=PLATFORM, id=str(raw["id"]), uri=str(raw.get("uri") or f"spotify:album:{raw['id']}"),
        title=title, artists=artists, album_type=str(raw.get("album_type") or "album"),
        upc="".join(ch for ch in str(upc or "") if ch.isdigit()) or None,
        year=int(date[:4]) if date[:4].isdigit() else None, label=raw.get("label") or _copyright_label(raw),
        total_tracks=int(raw.get("total_tracks") or len(tracks)), tracks=tracks,
        url=(raw.get("external_urls") or {}).get("spotify") if isinstance(raw.get("external_urls"), Mapping) else None,
    )


def albums_of_tracks(tracks: list) -> list[Album]:
    """Full track objects (a track search's results) grouped by the album each embeds,
    in the order the albums first appear: each :class:`Album` holds the tracks of it
    the search returned (``total_tracks`` says how many it has in all) and no barcode,
    which only the full album object carries. Unreadable objects are skipped."""
    grouped: dict[str, tuple[Mapping, list[AlbumTrack]]] = {}
    for embedded, member in readable(tracks, _glimpsed, "an unreadable Spotify search result"):
        grouped.setdefault(str(embedded["id"]), (embedded, []))[1].append(member)
    found = []
    for embedded, members in grouped.values():
        members.sort(key=lambda t: (t.disc, t.number))
        shell = album({k: v for k, v in embedded.items() if k != "tracks"})
        found.append(replace(shell, tracks=tuple(members), total_tracks=max(shell.total_tracks, len(members))))
    return found


@parses(PLATFORM, "a track object")
def _glimpsed(raw: Mapping) -> tuple[Mapping, AlbumTrack]:
    """A track object's embedded album and the track as one of its tracks. Raises
    :class:`BadResponse` without a track or album id."""
    embedded = _mapping(raw.get("album") if isinstance(raw, Mapping) else None)
    if not embedded.get("id"):
        raise BadResponse("A Spotify track object has no album id.", service=PLATFORM)
    return embedded, AlbumTrack(candidate(raw), disc=int(raw.get("disc_number") or 1),
                                number=int(raw.get("track_number") or 0))


@parses(PLATFORM, "an album's track object")
def album_track(raw: Mapping, album_title: str) -> AlbumTrack:
    """A simplified track of an album (no album, ISRC or popularity) with its place."""
    return AlbumTrack(candidate(dict(raw, album={"name": album_title})),
                      disc=int(raw.get("disc_number") or 1), number=int(raw.get("track_number") or 0))


def _copyright_label(raw: Mapping) -> str | None:
    # Development mode drops the album's label; its (P) line names it: "℗ 1979 Epic Records".
    for line in raw.get("copyrights") or []:
        text = str(line.get("text") or "") if isinstance(line, Mapping) else ""
        if text:
            return " ".join(w for w in text.split() if not w.isdigit() and w not in ("©", "℗", "(C)", "(P)")) or None
    return None


def format_album_query(query: AlbumQuery) -> str:
    """An :class:`AlbumQuery` in Spotify's syntax: ``upc:<digits>``, or
    ``album:"..." artist:"..." [year:YYYY]``."""
    if query.upc:
        return f"upc:{query.upc}"
    parts = [f'album:"{_quoted(query.title)}"'] if query.title else []
    if query.artist:
        parts.append(f'artist:"{_quoted(query.artist)}"')
    if query.year:
        parts.append(f"year:{query.year}")
    return " ".join(parts)
