"""Serialisers that turn the hand-written release-case notes into full raw API objects.

The release cases (../RELEASES.md) ask which album (Spotify) or set (SoundCloud) is the
digital counterpart of one Discogs release, and which of its tracks are the release's
recordings. Every case is written by hand: one `rcase(...)` call per case, one
`release(...)` for the Discogs side and one `album(...)`/`sset(...)` per search result.
This module only expands those notes into the complete objects the services return:

- a Discogs `GET /releases/{id}` subset with its tracklist (headings, index tracks with
  sub_tracks), formats, labels and identifiers;
- a Spotify AlbumObject as `GET /albums/{id}` returns it in development mode, with
  all its SimplifiedTrackObjects in `tracks.items`;
- a SoundCloud Playlist object as `GET /playlists/{urn}?show_tracks=true` returns it,
  with full public-API Track objects (built by shapes.sc).

Identifiers come from shapes.py: a SHA-1 of the visible metadata, so the output is
deterministic and a Spotify track keeps the id the track cases give it (same name,
artists, album and date). The notes mark answers, they are never computed here:
`ok=True` marks the expected candidate, `acc=True` an acceptable one, and the third
field of a track note names the Discogs position(s) whose recording the track is.
"""

from __future__ import annotations

from typing import Any

from shapes import _base62, _hex, _sc_user, _sc_when, _spread, art, lab, ms, sc, slug, trk

_OK, _ACC, _POS = "_expected", "_acceptable", "_positions"
DISC = "--next disc--"  # in an album's track list: the following tracks are on the next disc
PLAYLIST_KINDS = ("album", "ep", "single", "compilation", "playlist")


# --- Discogs -------------------------------------------------------------------------

def fmt(name: str, qty: int = 1, *descriptions: str, text: str | None = None) -> dict:
    """A Discogs `formats` entry, e.g. fmt("Vinyl", 2, "LP", "Album")."""
    entry: dict[str, Any] = {"name": name, "qty": str(qty), "descriptions": list(descriptions)}
    if text:
        entry["text"] = text
    return entry


def ident(kind: str, value: str, description: str = "") -> dict:
    """A Discogs `identifiers` entry (type "Barcode", "Matrix / Runout", ...)."""
    return {"type": kind, "value": value, "description": description}


def heading(title: str) -> dict:
    """A tracklist heading ("Side A", "Bonus Tracks"): not a playable position."""
    return {"position": "", "type_": "heading", "title": title, "duration": ""}


def index(title: str, subs: list, position: str = "", duration: str = "") -> dict:
    """An index track (a suite or medley); its sub_tracks carry the positions."""
    return {"position": position, "type_": "index", "title": title, "duration": duration,
            "sub_tracks": [_entry(s) for s in subs]}


def _entry(item: tuple | dict) -> dict:
    if isinstance(item, dict):
        return item
    return trk(*item)


def release(rid: int, title: str, year: int, artists: list, labels: list, formats: list,
            tracklist: list, *, barcode: str | list[str] | None = None,
            identifiers: list | None = None, extra: list | None = None) -> dict:
    """A Discogs release with its tracklist.

    `tracklist` items are (position, title, duration) tuples, trk(...) entries (track
    artists, extraartists), heading(...) or index(...). `barcode` adds Barcode
    identifiers (as printed, spaces kept) before any other `identifiers`.
    """
    codes = [barcode] if isinstance(barcode, str) else list(barcode or [])
    return {"id": rid, "title": title, "year": year,
            "artists": [a if isinstance(a, dict) else art(a) for a in artists],
            "labels": [lab(*item) for item in labels],
            "formats": list(formats),
            "identifiers": [ident("Barcode", c, "Text") for c in codes] + list(identifiers or []),
            "extraartists": list(extra or []),
            "tracklist": [_entry(t) for t in tracklist]}


def positions(rel: dict) -> list[str]:
    """The playable positions of a release: its tracks and index sub-tracks, in order."""
    out = []
    for entry in rel["tracklist"]:
        if entry["type_"] == "track":
            out.append(entry["position"])
        elif entry["type_"] == "index":
            out.extend(s["position"] for s in entry["sub_tracks"])
    return out


# --- Spotify -------------------------------------------------------------------------

def tr(name: str, duration: str | int, pos: str | tuple | None = None, *,
       artists: list[str] | None = None, explicit: bool | None = None) -> dict:
    """A track note for album(): `pos` names the Discogs position(s) it is the recording of."""
    return {"name": name, "duration": duration, "pos": pos, "artists": artists,
            "explicit": explicit}


def _sp_artist(name: str) -> dict[str, Any]:
    aid = _base62("spotify-artist", name)
    return {"external_urls": {"spotify": f"https://open.spotify.com/artist/{aid}"},
            "href": f"https://api.spotify.com/v1/artists/{aid}", "id": aid, "name": name,
            "type": "artist", "uri": f"spotify:artist:{aid}"}


def album(name: str, artists: str | list[str], date: str, tracks: list, *, atype: str = "album",
          upc: str | None = None, label: str | None = None, copyrights: list | None = None,
          explicit: bool = False, variant: str = "", ok: bool = False, acc: bool = False) -> dict:
    """A Spotify AlbumObject as GET /albums/{id} returns it in development mode (2026).

    `tracks`: tr(...) notes or (name, duration[, pos]) tuples; DISC starts the next disc.
    `label` writes the © and ℗ lines of `copyrights` (Spotify's only label trace in
    development mode, where the album's `label` field is gone); `copyrights` overrides
    them with (type, text) pairs. `upc` fills `external_ids`. `explicit` is the default
    for every track. `variant` tells apart two editions that show the same name, artists
    and date (a clean and an explicit one): it joins the id derivation, nothing else.
    """
    names = [artists] if isinstance(artists, str) else list(artists)
    extra = (variant,) if variant else ()
    aid = _base62("spotify-album", name, *names, date, *extra)
    precision = {4: "year", 7: "month", 10: "day"}[len(date)]
    items, disc, number = [], 1, 0
    for note in tracks:
        if note == DISC:
            disc, number = disc + 1, 0
            continue
        if not isinstance(note, dict):
            note = tr(*note)
        number += 1
        track_artists = note["artists"] or names
        tid = _base62("spotify-track", note["name"], *track_artists, name, date, *extra)
        item = {"artists": [_sp_artist(a) for a in track_artists], "disc_number": disc,
                "duration_ms": ms(note["duration"], tid),
                "explicit": explicit if note["explicit"] is None else note["explicit"],
                "external_urls": {"spotify": f"https://open.spotify.com/track/{tid}"},
                "href": f"https://api.spotify.com/v1/tracks/{tid}", "id": tid,
                "is_local": False, "name": note["name"], "track_number": number,
                "type": "track", "uri": f"spotify:track:{tid}"}
        if note["pos"]:
            item[_POS] = note["pos"]
        items.append(item)
    if len(items) > 50:
        raise ValueError(f"{name}: more than one page of tracks")
    year = date[:4]
    if copyrights is None:
        copyrights = [("C", f"© {year} {label}"), ("P", f"℗ {year} {label}")] if label else []
    images = [{"height": size, "width": size,
               "url": f"https://i.scdn.co/image/ab67616d0000{code}{_hex(aid, size, length=24)}"}
              for size, code in ((640, "b273"), (300, "1e02"), (64, "4851"))]
    obj = {"album_type": atype, "total_tracks": len(items),
           "external_urls": {"spotify": f"https://open.spotify.com/album/{aid}"},
           "href": f"https://api.spotify.com/v1/albums/{aid}", "id": aid, "images": images,
           "name": name, "release_date": date, "release_date_precision": precision,
           "type": "album", "uri": f"spotify:album:{aid}",
           "artists": [_sp_artist(a) for a in names],
           "tracks": {"href": f"https://api.spotify.com/v1/albums/{aid}/tracks?offset=0&limit=50",
                      "items": items, "limit": 50, "next": None, "offset": 0,
                      "previous": None, "total": len(items)},
           "copyrights": [{"text": text, "type": kind} for kind, text in copyrights],
           "external_ids": {"upc": upc} if upc else {}, "genres": []}
    if ok:
        obj[_OK] = True
    if acc:
        obj[_ACC] = True
    return obj


# --- SoundCloud ----------------------------------------------------------------------

def st(title: str, user: str, duration: str | int, pos: str | tuple | None = None,
       **kwargs: Any) -> dict:
    """A SoundCloud track (shapes.sc) in a set; `pos` as in tr()."""
    track = sc(title, user, duration, **kwargs)
    if pos:
        if track["access"] == "blocked":
            raise ValueError(f"{title}: a blocked upload is never a release's recording")
        track[_POS] = pos
    return track


def sset(title: str, user: str, tracks: list[dict], *, kind: str = "album",
         label: str | None = None, ry: int | None = None, rm: int | None = None,
         rd: int | None = None, ean: str | None = None, genre: str = "", tags: str = "",
         desc: str | None = None, created: str = "2016", fol: int | None = None,
         likes: int | None = None, release: str | None = None, ok: bool = False,
         acc: bool = False) -> dict:
    """A SoundCloud Playlist object as GET /playlists/{urn}?show_tracks=true returns it.

    `kind` is the set's type ("album", "ep", "single", "compilation" or "playlist"),
    written to `set_type` and, as the project's emulator does, to `playlist_type` and
    `type`. The default `access=playable,preview` leaves blocked tracks out of `tracks`;
    `track_count` and `duration` still count them.
    """
    if kind not in PLAYLIST_KINDS:
        raise ValueError(f"{title}: unknown set kind {kind!r}")
    pid = _spread(100_000_000, 2_100_000_000, "sc-playlist", title, user)
    owner = _sc_user(user, fol)
    urn = f"soundcloud:playlists:{pid}"
    permalink = slug(title)[:80]
    shown = [t for t in tracks if t["access"] != "blocked"]
    obj = {
        "kind": "playlist", "urn": urn, "id": pid, "title": title, "description": desc,
        "sharing": "public", "track_count": len(tracks),
        "duration": sum(t["duration"] for t in tracks), "tracks": shown,
        "tracks_uri": f"https://api.soundcloud.com/playlists/{urn}/tracks",
        "uri": f"https://api.soundcloud.com/playlists/{urn}", "permalink": permalink,
        "permalink_url": f"{owner['permalink_url']}/sets/{permalink}", "user": owner,
        "user_urn": owner["urn"],
        "artwork_url": f"https://i1.sndcdn.com/artworks-{_hex('set', pid, length=16)}-large.jpg",
        "created_at": _sc_when(created, pid), "last_modified": _sc_when(created, "lm", pid),
        "likes_count": likes if likes is not None else _spread(0, 4000, "likes", pid),
        "streamable": True, "downloadable": False, "embeddable_by": "all",
        "set_type": kind, "playlist_type": kind, "type": kind,
        "genre": genre, "tag_list": tags, "tags": tags, "label": None, "label_id": None,
        "label_name": label, "license": "all-rights-reserved", "ean": ean,
        "purchase_title": None, "purchase_url": None, "release": release,
        "release_day": rd, "release_month": rm, "release_year": ry,
    }
    if ok:
        obj[_OK] = True
    if acc:
        obj[_ACC] = True
    return obj


# --- Cases ---------------------------------------------------------------------------

def _tracks(candidate: dict, platform: str) -> list[dict]:
    return candidate["tracks"]["items"] if platform == "spotify" else candidate["tracks"]


def rcase(cid: str, platform: str, rel: dict, candidates: list[dict], tags: list[str]) -> dict:
    """One release case from its notes.

    The candidate marked ok=True (at most one) is `expected`, those marked acc=True are
    `acceptable`; `expected_tracks` lists, for every playable Discogs position, the
    tracks whose notes name that position, across all candidates in their order. A
    `format:` tag naming the Discogs format is added. Raises ValueError for a note that
    names an unknown position or for two expected candidates.
    """
    key = "id" if platform == "spotify" else "urn"
    wanted = positions(rel)
    if len(wanted) != len(set(wanted)) or "" in wanted:
        raise ValueError(f"{cid}: positions must be unique and non-empty")
    mapping: dict[str, list[str]] = {p: [] for p in wanted}
    expected, acceptable = [], []
    for candidate in candidates:
        if candidate.pop(_OK, False):
            expected.append(candidate[key])
        if candidate.pop(_ACC, False):
            acceptable.append(candidate[key])
        for track in _tracks(candidate, platform):
            marked = track.pop(_POS, None)
            for p in ([marked] if isinstance(marked, str) else list(marked or ())):
                if p not in mapping:
                    raise ValueError(f"{cid}: {track[key]} names unknown position {p!r}")
                if track[key] not in mapping[p]:
                    mapping[p].append(track[key])
    if len(expected) > 1:
        raise ValueError(f"{cid}: more than one expected candidate")
    tags = list(tags) + [format_tag(rel)]
    return {"id": cid, "kind": "release", "platform": platform, "source": {"release": rel},
            "candidates": candidates, "expected": expected[0] if expected else None,
            "acceptable": acceptable, "expected_tracks": mapping, "tags": tags}


def format_tag(rel: dict) -> str:
    """`format:` + 12in, 7in, lp, multi-lp (two or more records), cd, multi-cd, cassette or file."""
    first = rel["formats"][0]
    name, qty, desc = first["name"], int(first["qty"]), set(first["descriptions"])
    if name == "Vinyl":
        if qty > 1:
            return "format:multi-lp"
        if "LP" in desc:
            return "format:lp"
        return "format:7in" if '7"' in desc else "format:12in"
    if name == "CD":
        return "format:multi-cd" if qty > 1 else "format:cd"
    return {"Cassette": "format:cassette", "File": "format:file"}.get(name, "format:other")
