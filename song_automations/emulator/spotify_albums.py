"""Spotify albums as the emulator serves them (REFERENCE.md 2; the spec's AlbumObject).

An album's simplified object is the one its tracks embed, so a track's ``album`` always
names a resource that exists and lists it. The catalog's ``spotify.albums`` adds the
full-object fields (``external_ids``, ``copyrights``, ``genres``, ``label``,
``popularity``); an album without such an entry (a hand-written or older catalog) gets
empty ones. Tracklists hold the catalog's tracks and its album-only tracks
(``spotify.album_tracks``), ordered by disc and track number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

# Fields only the full album object has, with what an album lacking an entry gets.
FULL_ONLY_DEFAULTS: dict[str, Any] = {"copyrights": [], "external_ids": {}, "genres": [], "label": "",
                                      "popularity": 0}
# Not in development mode (REFERENCE.md 2.1 "Removed fields"; external_ids came back in March 2026).
DEV_REMOVED_FULL = ("label", "popularity")
# A simplified track (album tracklists) has no album, ISRC or popularity.
NOT_IN_SIMPLIFIED_TRACK = ("album", "external_ids", "popularity")


class AlbumStore:
    """The album resources of one catalog, read-only.

    ``tracks`` are every track object that exists (catalog and album-only); ``fields``
    the catalog's ``spotify.albums`` entries.
    """

    def __init__(self, tracks: Iterable[dict[str, Any]], fields: Iterable[dict[str, Any]]) -> None:
        self.simplified: dict[str, dict[str, Any]] = {}
        lists: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
        for track in tracks:
            album = track.get("album") or {}
            if "id" not in album:
                continue
            self.simplified.setdefault(album["id"], album)
            lists[album["id"]].append(track)
        self.tracklists = {
            album_id: sorted(items, key=lambda t: (t.get("disc_number", 1), t.get("track_number", 1), t["id"]))
            for album_id, items in lists.items()
        }
        self.fields = {entry["id"]: entry for entry in fields}
        self.ids = sorted(self.simplified)

    def __contains__(self, album_id: str) -> bool:
        return album_id in self.simplified

    def full_fields(self, album_id: str) -> dict[str, Any]:
        """The full-object-only fields of an album, defaults filled in."""
        entry = self.fields.get(album_id, {})
        return {key: entry.get(key, default) for key, default in FULL_ONLY_DEFAULTS.items()}

    def search_entries(self) -> list[dict[str, Any]]:
        """One entry per album (in ``ids`` order) for ``search.SpotifyAlbumSearch``."""
        out = []
        for album_id in self.ids:
            album, extra = self.simplified[album_id], self.full_fields(album_id)
            out.append({"id": album_id, "name": album.get("name") or "",
                        "artists": [a.get("name") or "" for a in album.get("artists") or []],
                        "release_date": album.get("release_date") or "",
                        "popularity": extra["popularity"], "upc": extra["external_ids"].get("upc") or ""})
        return out
