"""Album-only recordings: what digital albums hold besides the catalog's tracks.

Bonus mixes on a digital edition, the live and re-recorded takes of a live or
re-recording album, another artist's songs on a same-title album, the edit of a record
on a various-artists compilation. Each is a *different* recording from every entry
already on Spotify (its key is checked against ``taken``), so every Discogs track
keeps exactly one right answer and picking one of these is always a mistake.
"""

from __future__ import annotations

import random
from dataclasses import replace

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import recording_key
from song_automations.emulator.gen.recordings import Recording, is_dance

# Extra versions a label adds to a digital edition (club records, other records).
DANCE_BONUS = ("Dub", "Instrumental", "Extended Mix", "Acapella", "Club Mix", "Extended Dub", "Beats")
OTHER_BONUS = ("Instrumental", "Demo", "Acoustic Version", "Alternate Version", "Early Version")
# How a compilation cuts a record down to fit (a named remix keeps its name).
COMPILATION_CUTS = ("Radio Edit", "Edit", "Mixed", "Single Edit", "Short Edit")


class CutMaker:
    """Derives album-only recordings from catalog ones, never reusing a Spotify key."""

    def __init__(self, seed: int, taken: set[str]) -> None:
        self.seed = seed
        self.taken = taken

    def _claim(self, rec: Recording, **fields) -> Recording | None:
        """``rec`` with ``fields`` as a new recording, or None when its key is taken."""
        cut = replace(rec, forced={}, extra={}, on_spotify=True, on_soundcloud=False, **fields)
        key = recording_key(cut.artists, cut.title, cut.version)
        if key in self.taken:
            return None
        self.taken.add(key)
        cut.key = key
        serial = ids.digest(self.seed, "isrc", "spotify-album", key) % 100000
        cut.isrc = f"{rec.isrc[:5]}{(cut.year or 1999) % 100:02d}{serial:05d}"
        return cut

    def first_free(self, rec: Recording, versions: list[str], **fields) -> Recording | None:
        """The first of ``versions`` of ``rec`` that is not on Spotify yet."""
        for version in versions:
            cut = self._claim(rec, version=version, **fields)
            if cut is not None:
                return cut
        return None

    def bonus(self, rec: Recording, r: random.Random, track_number: int) -> Recording | None:
        """An extra version of ``rec`` for its own digital edition."""
        pool = list(DANCE_BONUS if is_dance(rec) else OTHER_BONUS)
        r.shuffle(pool)
        if rec.remixers:
            # "Hardfloor Dub": a remixer's other versions carry the remixer's name
            pool = [f"{rec.remixers[0]} {v}" for v in ("Dub", "Instrumental", "Extended Remix")]
            r.shuffle(pool)
        return self.first_free(rec, pool, kind="bonus", track_number=track_number,
                               duration_s=int(rec.duration_s * r.uniform(0.85, 1.35)))

    def live(self, rec: Recording, r: random.Random, album: dict, track_number: int) -> Recording | None:
        """``rec`` played live, on the live album ``album`` (name, key, venue, year)."""
        versions = [f"Live at {album['venue']}", "Live", f"Live at {album['venue']}, {album['year']}"]
        return self.first_free(rec, versions, kind="live", remixers=(), featured=rec.featured,
                               album=album["name"], album_key=album["key"], album_type=album["type"],
                               year=album["year"], track_number=track_number,
                               duration_s=int(rec.duration_s * r.uniform(0.95, 1.3)))

    def rerecording(self, rec: Recording, r: random.Random, album: dict, track_number: int) -> Recording | None:
        """``rec`` recorded anew for the album ``album`` (name, key, year, version)."""
        versions = [album["version"], "Re-Recorded", f"{album['year']} Re-Recording"]
        return self.first_free(rec, versions, kind="rerecording", album=album["name"],
                               album_key=album["key"], album_type=album["type"], year=album["year"],
                               track_number=track_number,
                               duration_s=max(60, rec.duration_s + r.randint(-25, 25)))

    def same_title(self, rec: Recording, r: random.Random, album: dict, title: str,
                   track_number: int) -> Recording | None:
        """Another artist's song ``title`` on their album named like ``rec``'s release."""
        other = album["artist"]
        return self._claim(rec, artists=(other,), featured=(), remixers=(), version=None, title=title,
                           kind="same_title", album=album["name"], album_key=album["key"],
                           album_artists=(other,), album_type=album["type"], year=album["year"],
                           label=album["label"], track_number=track_number,
                           duration_s=r.randint(170, 420))

    def compilation(self, rec: Recording, r: random.Random, album: dict, track_number: int) -> Recording | None:
        """The edit of ``rec`` a various-artists compilation ``album`` carries."""
        versions = list(COMPILATION_CUTS)
        r.shuffle(versions)
        if rec.version and "edit" not in rec.version.lower():
            versions = [f"{rec.version} Edit", f"{rec.version} (Mixed)", *versions]
        return self.first_free(rec, versions, kind="compilation_cut", album=album["name"],
                               album_key=album["key"], album_artists=("Various Artists",),
                               album_type="compilation", year=album["year"], label=album["label"],
                               track_number=track_number,
                               duration_s=max(120, int(rec.duration_s * r.uniform(0.45, 0.75))))
