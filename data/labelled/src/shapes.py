"""Serialisers that turn the hand-written case notes into full raw API objects.

Every case in this directory is written by hand (one function call per case and one
per search result). This module only expands those compact notes into the complete
objects the platforms return: a Discogs credit gets its empty `anv`/`join`/`tracks`
fields, a Spotify track gets its album, URIs and URLs, a SoundCloud track gets its
uploader object and counters. Identifiers are derived from a SHA-1 of the visible
metadata so that the output is deterministic and the same track or uploader keeps
the same id everywhere; counters that the notes leave out are derived the same way.
Nothing here decides what a case contains or what its answer is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_OK = "_expected"


def _digest(*parts: object) -> int:
    """A stable 160-bit integer for the given parts (independent of PYTHONHASHSEED)."""
    text = "\x1f".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest(), "big")


def _base62(*parts: object, length: int = 22) -> str:
    """A Spotify-style base-62 id of `length` characters."""
    n = _digest(*parts)
    out = []
    for _ in range(length):
        n, r = divmod(n, 62)
        out.append(_BASE62[r])
    return "".join(out)


def _hex(*parts: object, length: int = 40) -> str:
    return f"{_digest(*parts):040x}"[:length]


def _spread(lo: int, hi: int, *parts: object) -> int:
    """A deterministic integer in [lo, hi) for filler counters."""
    return lo + _digest(*parts) % (hi - lo)


def ms(duration: str | int | None, *parts: object) -> int | None:
    """Milliseconds for "M:SS" / "H:MM:SS" (plus stable sub-second noise) or an int as is.

    Raises ValueError for any other string, so a typo in a note fails the build.
    """
    if duration is None or isinstance(duration, int):
        return duration
    fields = [int(f) for f in duration.split(":")]
    if len(fields) not in (2, 3) or any(f < 0 for f in fields):
        raise ValueError(f"bad duration {duration!r}")
    seconds = 0
    for f in fields:
        seconds = seconds * 60 + f
    return seconds * 1000 + _spread(0, 1000, duration, *parts)


def slug(text: str) -> str:
    """A SoundCloud-style permalink: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "user"


# --- Discogs -------------------------------------------------------------------------

def art(name: str, anv: str = "", join: str = "") -> dict[str, Any]:
    """A Discogs artist credit as it appears in `artists` (release or track level)."""
    aid = _spread(1, 9_000_000, "discogs-artist", name)
    return {"name": name, "anv": anv, "join": join, "role": "", "tracks": "", "id": aid,
            "resource_url": f"https://api.discogs.com/artists/{aid}"}


def xa(name: str, role: str, anv: str = "") -> dict[str, Any]:
    """A Discogs `extraartists` credit (e.g. role "Remix", "Featuring", "Producer")."""
    credit = art(name, anv)
    credit["role"] = role
    return credit


def lab(name: str, catno: str) -> dict[str, Any]:
    lid = _spread(1, 2_000_000, "discogs-label", name)
    return {"name": name, "catno": catno, "entity_type": "1", "entity_type_name": "Label",
            "id": lid, "resource_url": f"https://api.discogs.com/labels/{lid}"}


def fmt(name: str, *descriptions: str, qty: str = "1", text: str = "") -> dict[str, Any]:
    """A Discogs `formats` entry, e.g. fmt("Vinyl", "LP", "Album", "Live")."""
    entry: dict[str, Any] = {"name": name, "qty": qty, "descriptions": list(descriptions)}
    if text:
        entry["text"] = text
    return entry


def rel(rid: int, title: str, year: int, artists: list, labels: list,
        extra: list | None = None, formats: list | None = None) -> dict[str, Any]:
    """A release payload subset (no tracklist). `artists` items: art() or plain names.

    `formats` (fmt() items) is only written when given, as Discogs' `formats` array.
    """
    release = {"id": rid, "title": title, "year": year,
               "artists": [a if isinstance(a, dict) else art(a) for a in artists],
               "labels": [lab(*item) for item in labels],
               "extraartists": list(extra or [])}
    if formats is not None:
        release["formats"] = list(formats)
    return release


def trk(position: str, title: str, duration: str = "", artists: list | None = None,
        extra: list | None = None) -> dict[str, Any]:
    """A tracklist entry; `artists` only for compilations/splits, as on Discogs."""
    entry: dict[str, Any] = {"position": position, "type_": "track", "title": title,
                             "duration": duration}
    if artists:
        entry["artists"] = [a if isinstance(a, dict) else art(a) for a in artists]
    entry["extraartists"] = list(extra or [])
    return entry


# --- Spotify -------------------------------------------------------------------------

def _sp_artist(name: str) -> dict[str, Any]:
    aid = _base62("spotify-artist", name)
    return {"external_urls": {"spotify": f"https://open.spotify.com/artist/{aid}"},
            "href": f"https://api.spotify.com/v1/artists/{aid}", "id": aid, "name": name,
            "type": "artist", "uri": f"spotify:artist:{aid}"}


def _sp_album(name: str, artists: list[str], atype: str, date: str, total: int,
              variant: str = "") -> dict:
    aid = _base62("spotify-album", name, *artists, date, *([variant] if variant else []))
    precision = {4: "year", 7: "month", 10: "day"}[len(date)]
    images = [{"height": size, "width": size,
               "url": f"https://i.scdn.co/image/ab67616d0000{code}{_hex(aid, size, length=24)}"}
              for size, code in ((640, "b273"), (300, "1e02"), (64, "4851"))]
    return {"album_type": atype, "total_tracks": total,
            "external_urls": {"spotify": f"https://open.spotify.com/album/{aid}"},
            "href": f"https://api.spotify.com/v1/albums/{aid}", "id": aid, "images": images,
            "name": name, "release_date": date, "release_date_precision": precision,
            "type": "album", "uri": f"spotify:album:{aid}",
            "artists": [_sp_artist(a) for a in artists]}


def _isrc(name: str, artists: list[str], date: str) -> str:
    country = ("GB", "US", "DE", "NL", "FR", "BE", "SE")[_spread(0, 7, "cc", *artists)]
    registrant = _base62("reg", artists[0], length=3).upper()
    return f"{country}{registrant}{date[2:4]}{_spread(0, 100000, name, *artists):05d}"


def sp(name: str, artists: str | list[str], album: str, duration: str | int, *,
       date: str = "2000", atype: str = "single", aartists: list[str] | None = None,
       isrc: str | bool = True, pop: int | None = None, explicit: bool = False,
       tn: int = 1, total: int | None = None, disc: int = 1, variant: str = "",
       ok: bool = False) -> dict:
    """A Spotify track object as /v1/search returns it in development mode (2026).

    `duration` is "M:SS" or milliseconds. `isrc`: True derives a plausible code, a
    string is used as given, False leaves `external_ids` empty. `pop` adds the
    `popularity` field (extended-quota responses only). `explicit` is the track's
    explicit-content flag. `variant` only separates the ids of two otherwise identical
    tracks (a clean and an explicit issue of the same album); it is not shown anywhere.
    `ok` marks the expected answer.
    """
    names = [artists] if isinstance(artists, str) else list(artists)
    extra_key = [variant] if variant else []
    tid = _base62("spotify-track", name, *names, album, date, *extra_key)
    external_ids = {}
    if isrc:
        external_ids["isrc"] = isrc if isinstance(isrc, str) else _isrc(name, names, date + variant)
    track = {
        "album": _sp_album(album, aartists or names, atype, date,
                           total or {"single": max(tn, 1), "album": max(tn, 10),
                                     "compilation": max(tn, 14)}[atype], variant),
        "artists": [_sp_artist(a) for a in names], "disc_number": disc,
        "duration_ms": ms(duration, tid), "explicit": explicit, "external_ids": external_ids,
        "external_urls": {"spotify": f"https://open.spotify.com/track/{tid}"},
        "href": f"https://api.spotify.com/v1/tracks/{tid}", "id": tid, "is_local": False,
        "name": name, "track_number": tn, "type": "track", "uri": f"spotify:track:{tid}",
    }
    if pop is not None:
        track["popularity"] = pop
    if ok:
        track[_OK] = True
    return track


# --- SoundCloud ----------------------------------------------------------------------

def _sc_when(created: str, *parts: object) -> str:
    """created_at "YYYY/MM/DD HH:MM:SS +0000" from "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    fields = created.split("-")
    year = int(fields[0])
    month = int(fields[1]) if len(fields) > 1 else _spread(1, 13, "m", *parts)
    day = int(fields[2]) if len(fields) > 2 else _spread(1, 29, "d", *parts)
    hh, mm, ss = (_spread(0, n, k, *parts) for k, n in (("h", 24), ("mi", 60), ("s", 60)))
    return f"{year:04d}/{month:02d}/{day:02d} {hh:02d}:{mm:02d}:{ss:02d} +0000"


def _sc_user(username: str, followers: int | None) -> dict[str, Any]:
    uid = _spread(100_000, 1_300_000_000, "sc-user", username)
    permalink = slug(username)
    fans = followers if followers is not None else _spread(40, 9000, "fans", username)
    return {"urn": f"soundcloud:users:{uid}", "id": uid, "kind": "user", "username": username,
            "permalink": permalink, "permalink_url": f"https://soundcloud.com/{permalink}",
            "avatar_url": f"https://i1.sndcdn.com/avatars-{_hex(uid, length=16)}-large.jpg",
            "uri": f"https://api.soundcloud.com/users/soundcloud:users:{uid}",
            "full_name": "", "followers_count": fans,
            "followings_count": _spread(0, 900, "fol", username),
            "track_count": _spread(1, 400, "tc", username),
            "playlist_count": _spread(0, 60, "pc", username),
            "public_favorites_count": _spread(0, 3000, "pf", username),
            "reposts_count": _spread(0, 500, "rc", username), "plan": "Free",
            "city": None, "country": None, "description": None,
            "created_at": _sc_when(str(_spread(2008, 2020, "uc", username)), username),
            "last_modified": "2026/01/12 10:00:00 +0000"}


def sc(title: str, user: str, duration: str | int, *, meta: str | None = None,
       label: str | None = None, isrc: str | None = None, plays: int | None = None,
       favs: int | None = None, access: str = "playable", genre: str = "",
       tags: str = "", created: str = "2016", ry: int | None = None,
       fol: int | None = None, desc: str | None = None, variant: str = "",
       ok: bool = False) -> dict:
    """A SoundCloud public-API track object as GET /tracks?q= returns it.

    `user` is the uploader's username (`fol` its follower count); `meta` fills
    `metadata_artist`, `label` `label_name`, `ry` `release_year`. Previews keep the
    full `duration` (the snippet length is not reported by the public API). `variant`
    only separates the ids of two uploads with the same title by the same user.
    """
    tid = _spread(10_000_000, 2_200_000_000, "sc-track", title, user,
                  *([variant] if variant else []))
    owner = _sc_user(user, fol)
    permalink = slug(title)[:80]
    plays = plays if plays is not None else _spread(50, 60_000, "plays", tid)
    track = {
        "kind": "track", "urn": f"soundcloud:tracks:{tid}", "id": tid, "title": title,
        "duration": ms(duration, tid), "access": access, "streamable": access != "blocked",
        "sharing": "public", "downloadable": False, "download_url": None,
        "artwork_url": f"https://i1.sndcdn.com/artworks-{_hex(tid, length=16)}-large.jpg",
        "permalink_url": f"{owner['permalink_url']}/{permalink}",
        "uri": f"https://api.soundcloud.com/tracks/soundcloud:tracks:{tid}",
        "stream_url": f"https://api.soundcloud.com/tracks/soundcloud:tracks:{tid}/stream",
        "waveform_url": f"https://wave.sndcdn.com/{_base62('wave', tid, length=12)}_m.png",
        "genre": genre, "tag_list": tags, "label_name": label, "isrc": isrc,
        "metadata_artist": meta, "bpm": None, "key_signature": None, "release": None,
        "release_day": None, "release_month": None, "release_year": ry,
        "playback_count": plays,
        "favoritings_count": favs if favs is not None else plays // _spread(20, 80, "f", tid),
        "reposts_count": plays // _spread(150, 600, "r", tid),
        "comment_count": plays // _spread(300, 2000, "c", tid), "download_count": 0,
        "user_favorite": False, "user_playback_count": None, "commentable": True,
        "embeddable_by": "all", "license": "all-rights-reserved",
        "created_at": _sc_when(created, tid), "description": desc,
        "available_country_codes": None, "secret_uri": None, "purchase_title": None,
        "purchase_url": None, "reveal_stats": True, "reveal_comments": True, "user": owner,
    }
    if ok:
        track[_OK] = True
    return track


# --- Cases ---------------------------------------------------------------------------

def case(cid: str, platform: str, release: dict, track: dict, candidates: list[dict],
         tags: list[str]) -> dict[str, Any]:
    """One match case; the candidate built with ok=True (at most one) is `expected`.

    Raises ValueError when more than one candidate is marked.
    """
    marked = [c for c in candidates if c.pop(_OK, False)]
    if len(marked) > 1:
        raise ValueError(f"{cid}: more than one expected candidate")
    key = "id" if platform == "spotify" else "urn"
    expected = marked[0][key] if marked else None
    tags = list(tags)
    if expected is None and "no-match" not in tags:
        tags.append("no-match")
    return {"id": cid, "platform": platform,
            "source": {"release": release, "track": track},
            "candidates": candidates, "expected": expected, "tags": tags}
