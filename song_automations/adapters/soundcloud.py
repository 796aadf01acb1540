"""SoundCloud public-API track objects into :class:`Candidate` objects (pure), and query syntax.

SoundCloud is where most of the original project's misses came from, because its titles
and uploaders follow conventions Spotify's do not (see ``docs/soundcloud-vs-spotify.md``).
The facts this adapter relies on are the named constants below.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from ..errors import BadResponse
from ..matching.normalize import norm
from ..matching.parse import split_artist_title, strip_prefixes
from ..models import Album, AlbumQuery, AlbumTrack, Candidate, RemotePlaylist, SearchQuery
from . import parses, plausible_duration, readable

PLATFORM = "soundcloud"
# What a playlist holds: the track's URN, "soundcloud:tracks:<n>".
URI_PREFIX = "soundcloud:tracks:"
# A URN carries no permalink, so links open SoundCloud's widget (its embeddable player)
# for the track's API URL: the one page a URN alone can reach.
PLAYER = "https://w.soundcloud.com/player/?url=https://api.soundcloud.com/tracks/"
# The public API has no verified flag (``user.verified`` is internal api-v2 only), so
# verified is always unknown here: its weight is redistributed, never counted as zero.
VERIFIED = None
# ``metadata_artist`` (added 2025) is the artist the uploader typed into the track's
# metadata: the best artist field SoundCloud's public API offers. The internal
# ``publisher_metadata.artist`` the original read does not exist in the public API.
ARTIST_FIELD = "metadata_artist"
# Labels, repost and premiere channels upload other people's records, so their
# username is not the artist. These words in a username mark such a channel: what
# channels are (labels, archives, record collections: "garage house vinyl", "60s psych
# 45s") and what they gather (a genre, a decade). An artist's own account taken for a
# channel costs little (its name is still looked for in the title and the uploader), a
# channel taken for the artist costs the right upload its artist.
CHANNEL_WORDS = re.compile(
    r"\b(?:records?|recordings|recs|rec|music|label|audio|digital|premieres?|promos?|promotions?|"
    r"network|collective|repost|reposts|mag|magazine|radio|tv|channel|sounds|publishing|"
    r"distribution|media|group|official|uploads?|archives?|classics|vinyls?|rips|vault|library|collection|"
    r"gems|hits|oldies|selections|jukebox|tapes|45s|7s|12s|78s|[1-9]0s|wax|12 ?inch|7 ?inch|"
    r"instrumentals|beats|breaks|mixtapes?|bootlegs|dubs|covers|rnb|"
    r"house|techno|disco|jazz|soul|funk|reggae|dancehall|hip ?hop|rap|trance|garage|jungle|dnb|dubstep|"
    r"electro|boogie|italo|city ?pop|punk|psych|roots|ost|anime|bollywood|filmi|classical|baroque|choral)\b",
    re.I,
)
_HANDLE_JOINS = re.compile(r"[_.\-]+")
# What uploaders type into the artist field when a record has no one artist or they
# do not know it: no artist at all.
NO_ARTIST = re.compile(r"^\s*(?:various(?:\s+artists?)?|v\.?\s?a\.?|unknown(?:\s+artist)?|n/?a|-+)\s*$", re.I)
# Play counts span 0 to ~10^9; a log scale keeps a 10M-play upload from dwarfing
# everything (10^7 plays -> 1.0). There is no Spotify-like popularity in the public API.
PLAYS_LOG_SCALE = 7.0
# Refresh tokens are single-use: each refresh returns the next one (REFERENCE.md 3.1),
# and no lifetime is documented.
REFRESH_TOKENS_SINGLE_USE = True
REFRESH_TOKEN_LIFETIME_DAYS: int | None = None
# A "preview" track streams a 30-second snippet to listeners without Go+. When its
# reported duration is that long or shorter it is the snippet's length, which says
# nothing about the recording: treat it as unknown rather than as a 30 s edit.
PREVIEW_SNIPPET_MS = 30_000


def is_channel(username: str | None, label_name: str | None = None) -> bool:
    """Whether an uploader name looks like a label, repost or premiere channel."""
    if not username:
        return False
    if label_name and norm(label_name) and norm(label_name) == norm(username):
        return True
    # A handle's words are joined by "_", "." or "-" ("bronx_wax", "vocalhouse_classics").
    return bool(CHANNEL_WORDS.search(_HANDLE_JOINS.sub(" ", username)))


def artist_and_title(raw_title: str, metadata_artist: str | None, uploader: str | None,
                     label_name: str | None = None) -> tuple[tuple[str, ...], str]:
    """The performing artist(s) and the title without the artist prefix.

    Order of trust: ``metadata_artist``; the "Artist - Title" prefix; the uploader,
    unless the uploader is a label/repost channel (then no artist is known).
    """
    prefix_artist, rest = split_artist_title(raw_title, known=metadata_artist)
    title = rest if prefix_artist else strip_prefixes(raw_title).strip()
    if metadata_artist and metadata_artist.strip():
        return (metadata_artist.strip(),), title
    if prefix_artist:
        return (prefix_artist,), title
    if uploader and not is_channel(uploader, label_name):
        return (uploader,), title
    return (), title


@parses(PLATFORM, "a track object")
def candidate(track: dict) -> Candidate:
    """A public-API track object (search result) as a :class:`Candidate`.

    Raises :class:`BadResponse` when the object has neither ``urn`` nor ``id``.
    """
    if not isinstance(track, Mapping) or not (track.get("urn") or track.get("id")):
        raise BadResponse("A SoundCloud track object has no urn.", service=PLATFORM)
    urn = str(track.get("urn") or f"soundcloud:tracks:{track['id']}")
    user = track.get("user") if isinstance(track.get("user"), Mapping) else {}
    uploader = str(user.get("username") or "") or None
    raw_title = str(track.get("title") or "")
    label_name = str(track.get("label_name") or "") or None
    metadata_artist = track.get(ARTIST_FIELD) if isinstance(track.get(ARTIST_FIELD), str) else None
    if metadata_artist and NO_ARTIST.match(metadata_artist):
        metadata_artist = None
    artists, title = artist_and_title(raw_title, metadata_artist, uploader, label_name)
    # Without metadata, "A - B" was read as artist A and title B; uploads also write "Title - Artist".
    from_title = not (metadata_artist and metadata_artist.strip()) and split_artist_title(raw_title)[0] is not None
    duration = track.get("duration")
    plays = track.get("playback_count")
    return Candidate(
        platform=PLATFORM,
        id=urn,
        uri=urn,
        title=title,
        artists=artists,
        raw_title=raw_title,
        uploader=uploader,
        album=str(track.get("release") or "") or None,
        label=label_name,
        duration_s=_duration_s(duration, track.get("access")),
        isrc=str(track.get("isrc") or "") or None,
        popularity=_popularity(plays),
        verified=VERIFIED,
        url=track.get("permalink_url") if isinstance(track.get("permalink_url"), str) else None,
        playable=track.get("access", "playable") != "blocked",
        artist_from_title=from_title,
    )


def candidates(tracks: list) -> list[Candidate]:
    """:func:`candidate` for each readable track object of a search page (others are skipped)."""
    return readable(tracks, candidate, "an unreadable SoundCloud search result")


def _popularity(plays) -> float | None:
    if isinstance(plays, bool) or not isinstance(plays, (int, float)) or not 0 <= plays < math.inf:
        return None
    return min(1.0, math.log10(plays + 1) / PLAYS_LOG_SCALE)


def _duration_s(duration, access: str | None) -> float | None:
    """The recording's length in seconds, or ``None`` when unknown (or only a preview's)."""
    if isinstance(duration, bool) or not isinstance(duration, (int, float)) or duration <= 0:
        return None
    if access == "preview" and duration <= PREVIEW_SNIPPET_MS:
        return None
    return plausible_duration(duration / 1000)


def format_query(query: SearchQuery) -> str:
    """A :class:`SearchQuery` as SoundCloud full-text: no field syntax, no punctuation noise.

    SoundCloud's ``q`` is plain full text (no field filters; ISRC search is partner-only),
    so quotes and brackets only add tokens that titles may not contain.
    """
    if query.text:
        return query.text
    words = " ".join(p for p in (query.artist, query.title, query.version) if p)
    return " ".join(re.sub(r"[\"()\[\]{}]+", " ", words).split())


def web_link(uri: str) -> str:
    """SoundCloud's player page for a track URN (the URN has no permalink of its own)."""
    return PLAYER + uri.removeprefix(URI_PREFIX)


def candidate_id(uri: str) -> str:
    """The id a search result carries for a track URN: the URN itself."""
    return uri


def player_url(uri: str) -> str:
    """SoundCloud's widget for a track URN (the same page :func:`web_link` opens)."""
    return web_link(uri)


def collection(page, route: str) -> list:
    """The items of a list page: ``linked_partitioning``'s ``{"collection": [...]}``, or
    the bare array older endpoints send. Raises :class:`BadResponse` for anything else."""
    if isinstance(page, list):
        return page
    found = page.get("collection") if isinstance(page, dict) else None
    if not isinstance(found, list):
        raise BadResponse(f"soundcloud GET {route}: the page has no collection.", service=PLATFORM)
    return found


@parses(PLATFORM, "a playlist entry of /me/playlists")
def playlist_ref(raw: dict) -> RemotePlaylist:
    """A ``GET /me/playlists`` entry without tracks; ``extra["total"]`` is its track count."""
    count = raw.get("track_count")
    return RemotePlaylist(PLATFORM, str(raw["urn"]), str(raw.get("title") or ""), (), None,
                          {"total": count if isinstance(count, int) and not isinstance(count, bool) else None})


@parses(PLATFORM, "a playlist")
def playlist(meta: dict, tracks: list, playlist_id: str) -> RemotePlaylist:
    """A playlist's metadata and its track objects (every page) as one :class:`RemotePlaylist`."""
    urns = tuple(str(t["urn"]) for t in tracks if isinstance(t, dict) and t.get("urn"))
    return RemotePlaylist(PLATFORM, str(meta.get("urn") or playlist_id), str(meta.get("title") or ""), urns,
                          None, {"total": len(urns)})


@parses(PLATFORM, "a set object")
def album(raw: Mapping, tracks: list | None = None) -> Album:
    """A set (playlist object, with its tracks inline or given as ``tracks``) as an
    :class:`Album`. Raises :class:`BadResponse` without a urn."""
    if not isinstance(raw, Mapping) or not raw.get("urn"):
        raise BadResponse("A SoundCloud playlist object has no urn.", service=PLATFORM)
    user = raw.get("user") if isinstance(raw.get("user"), Mapping) else {}
    items = tracks if tracks is not None else raw.get("tracks") or []
    year = raw.get("release_year")
    return Album(
        platform=PLATFORM, id=str(raw["urn"]), uri=str(raw["urn"]), title=strip_prefixes(str(raw.get("title") or "")),
        artists=tuple(a for a in (str(user.get("username") or ""),) if a),
        album_type=str(raw.get("set_type") or raw.get("playlist_type") or "playlist"),
        upc="".join(ch for ch in str(raw.get("ean") or "") if ch.isdigit()) or None,
        year=int(year) if isinstance(year, int) and year > 0 else None,
        label=str(raw.get("label_name") or "") or None,
        total_tracks=int(raw.get("track_count") or len(items)),
        tracks=tuple(AlbumTrack(c, number=i) for i, c in enumerate(
            readable(items, candidate, "an unreadable track of a SoundCloud set"), start=1)),
        url=raw.get("permalink_url"),
    )


def format_album_query(query: AlbumQuery) -> str:
    """An :class:`AlbumQuery` as SoundCloud full text: sets are found by artist and title
    (a barcode is no search term there)."""
    words = " ".join(p for p in (query.artist, query.title) if p)
    return " ".join(re.sub(r"[\"()\[\]{}]+", " ", words).split())
