"""From Discogs tracks to recordings: the platform-neutral truth the catalogs render.

A *recording* is one specific record ("Café Del Mar (Hardfloor Remix)" by Energy 52):
every Discogs track that carries it (the 12", a repress, a compilation) maps to the
same recording, and each platform holds it at most once. Traps are recordings too,
with ``kind`` naming how they differ from the real one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import (
    display_name,
    parse_duration,
    recording_key,
    split_version,
)
from song_automations.emulator.gen.seeds import Credit, SeedRelease, SeedTrack
from song_automations.matching.versions import STEREO_RECORDS

_COUNTRY_CODES = {
    "UK": "GB", "US": "US", "Germany": "DE", "France": "FR", "Netherlands": "NL",
    "Belgium": "BE", "Italy": "IT", "Sweden": "SE", "Norway": "NO", "Iceland": "IS",
    "Canada": "CA", "Japan": "JP", "Europe": "GB", "Worldwide": "US", "Australia": "AU",
    "Spain": "ES", "Switzerland": "CH", "Austria": "AT", "Denmark": "DK", "Finland": "FI",
}

# Discogs styles of club music: where remixes, edits, "Original Mix" and DJ sets abound.
DANCE_STYLES = frozenset({
    "House", "Deep House", "Garage House", "Chicago House", "Tech House", "Acid House",
    "Speed Garage", "UK Garage", "Techno", "Detroit Techno", "Minimal", "Acid", "Trance",
    "Progressive Trance", "Hard Trance", "Dream Trance", "Progressive House", "Balearic",
    "Drum n Bass", "Jungle", "Liquid Funk", "Atmospheric", "Electro", "Electro House",
    "Breakbeat", "Breaks", "Big Beat", "Bleep", "Hardcore", "Disco", "Nu-Disco", "Hi NRG",
    "Dubstep", "Grime",
})


@dataclass(slots=True)
class Recording:
    """One record as the platforms hold it.

    ``duration_s`` is the true length in seconds; ``album*`` describe where Spotify
    files it; ``mix`` names a mix the platforms mark ("Mono": a mono record of the
    stereo era, whose mono mix streams beside the stereo one and says so); ``forced`` holds seed overrides of platform presence (``{"spotify":
    False}``); ``extra`` carries decoy details (the DJ of a set, a cover's original
    artist).
    """

    key: str
    artists: tuple[str, ...]
    title: str
    version: str | None
    duration_s: int
    year: int
    label: str
    catno: str
    album: str
    album_key: str
    album_artists: tuple[str, ...]
    album_type: str
    styles: tuple[str, ...]
    isrc: str
    featured: tuple[str, ...] = ()
    remixers: tuple[str, ...] = ()
    kind: str = "original"
    track_number: int = 1
    on_spotify: bool = True
    on_soundcloud: bool = True
    forced: dict[str, bool] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    mix: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedRelease:
    """A release that will exist in the catalog: its Discogs id and its seed text."""

    release_id: int
    seed: SeedRelease
    variant_of: int | None = None


@dataclass(frozen=True, slots=True)
class TrackRef:
    """A playable Discogs track and the recording it carries."""

    release_id: int
    position: str
    recording_key: str


def playable_tracks(tracks: tuple[SeedTrack, ...]) -> list[SeedTrack]:
    """Tracks a listener can play: headings dropped, index tracks replaced by their subs."""
    out: list[SeedTrack] = []
    for track in tracks:
        if track.kind == "heading":
            continue
        if track.kind == "index":
            out.extend(track.sub_tracks)
        else:
            out.append(track)
    return out


def scope_covers(scope: str, position: str, order: list[str]) -> bool:
    """Whether a Discogs credit scope such as ``"A1 to B2, C3"`` covers ``position``.

    ``order`` is the release's playable positions in tracklist order, which defines
    what "to" spans. An empty scope covers every track.
    """
    if not scope.strip():
        return True
    for part in (p.strip() for p in scope.split(",")):
        start, sep, end = part.partition(" to ")
        if not sep:
            if part == position:
                return True
            continue
        known = start in order and end in order and position in order
        if known and order.index(start) <= order.index(position) <= order.index(end):
            return True
    return False


def split_featuring(credits: tuple[Credit, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Main and featured artists from a credit chain joined by ``Featuring``/``feat.``."""
    main: list[str] = []
    featured: list[str] = []
    target = main
    for credit in credits:
        target.append(display_name(credit.name))
        if re.fullmatch(r"(?i)feat(\.|uring)?|ft\.?", credit.join.strip()):
            target = featured
    return tuple(main), tuple(featured)


def _isrc(seed: int, country: str, label: str, year: int, key: str) -> str:
    prefix = _COUNTRY_CODES.get(country, "GB")
    registrant = ids.base62(seed, "isrc-registrant", label, length=3).upper()
    yy = f"{(year or 1999) % 100:02d}"
    return f"{prefix}{registrant}{yy}{ids.digest(seed, 'isrc', key) % 100000:05d}"


def _guess_duration(seed: int, key: str, release: SeedRelease) -> int:
    """A plausible length when Discogs has none: club 12"s run longer than album cuts."""
    r = ids.rng(seed, "duration", key)
    if release.format_name == "Vinyl" and '12"' in release.format_descriptions:
        return r.randint(330, 500)
    return r.randint(190, 380)


def recording_for(
    seed: int, planned: PlannedRelease, track: SeedTrack, order: list[str]
) -> Recording:
    """The recording a Discogs track carries (identity, names, duration, label)."""
    release = planned.seed
    main, featured = split_featuring(track.artists or release.artists)
    featured = featured + tuple(display_name(n) for n in track.featuring)
    remixers = [display_name(n) for n in track.remixers]
    for credit in release.credits:
        if credit.role == "Remix" and scope_covers(credit.tracks, track.position, order):
            remixers.append(display_name(credit.name))
    title, version = split_version(track.title)
    if version is None:
        version = track.version or (f"{remixers[0]} Remix" if remixers else None)
    key = recording_key(main, title, version)
    label, catno = release.labels[0] if release.labels else ("Not On Label", "none")
    album_artists = ("Various Artists",) if release.is_compilation else split_featuring(
        release.artists
    )[0]
    return Recording(
        key=key,
        artists=main,
        title=title,
        version=version,
        duration_s=parse_duration(track.duration) or _guess_duration(seed, key, release),
        year=release.year,
        label=display_name(label),
        catno=catno,
        album=release.title,
        album_key=f"{planned.release_id}",
        album_artists=album_artists,
        album_type=_album_type(release, len(order)),
        styles=release.styles,
        isrc=_isrc(seed, release.country, label, release.year, key),
        featured=featured,
        remixers=tuple(dict.fromkeys(remixers)),
        track_number=order.index(track.position) + 1 if track.position in order else 1,
        mix="Mono" if "Mono" in release.format_descriptions and release.year >= STEREO_RECORDS else None,
    )


def _album_type(release: SeedRelease, track_count: int) -> str:
    if release.is_compilation or "Compilation" in release.format_descriptions:
        return "compilation"
    return "album" if track_count > 6 else "single"


def collect(
    seed: int, planned: list[PlannedRelease]
) -> tuple[dict[str, Recording], list[TrackRef]]:
    """Every recording (first appearance wins, non-compilations preferred) and track ref."""
    recordings: dict[str, Recording] = {}
    refs: list[TrackRef] = []
    for item in planned:
        tracks = playable_tracks(item.seed.tracks)
        order = [t.position for t in tracks]
        for track in tracks:
            rec = recording_for(seed, item, track, order)
            refs.append(TrackRef(item.release_id, track.position, rec.key))
            known = recordings.get(rec.key)
            # the original single or album is the canonical home, not a compilation
            if known is None or (
                known.album_type == "compilation" and rec.album_type != "compilation"
            ):
                if known is not None:
                    rec.forced = known.forced
                recordings[rec.key] = rec
            _force_presence(recordings[rec.key], track)
    return recordings, refs


def _force_presence(rec: Recording, track: SeedTrack) -> None:
    if track.on_spotify is not None:
        rec.forced["spotify"] = track.on_spotify
    if track.on_soundcloud is not None:
        rec.forced["soundcloud"] = track.on_soundcloud


def is_dance(rec: Recording) -> bool:
    """Whether the record is club music (remixes, edits and DJ mixes abound)."""
    return not DANCE_STYLES.isdisjoint(rec.styles)
