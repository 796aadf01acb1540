"""Spotify albums as resources: each release's digital edition, its flaws, its decoys.

Every album a catalog track already names (its ``album`` object) becomes a resource;
the album a release's own recordings live on is that release's *digital edition*
(a repress shares the edition of the release it re-presses). The edition is what the
label put online, not the record: tracks the platform lacks are missing from it, and
some editions gain bonus mixes (singles and EPs) or a second disc of them (albums,
"deluxe"). Around it sit decoy albums: another artist's album of the same name, a live
album and a re-recording album of the same songs, and various-artists compilations
holding an edit of one of its records. Decoys hold album-only recordings (see
``album_cuts``), never a catalog track, so track search and track truth are untouched.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.album_cuts import CutMaker
from song_automations.emulator.gen.names import fold
from song_automations.emulator.gen.recordings import Recording
from song_automations.emulator.gen.world import World

# Shares of digital editions (decided per edition, so a release's represses agree).
DELUXE_SHARE = 0.2  # LP and CD albums: a second disc of bonus versions
BONUS_SHARE = 0.12  # singles and EPs: one to three extra mixes
SAME_TITLE_SHARE = 0.12
LIVE_SHARE = 0.06
RERECORDING_SHARE = 0.08  # of editions released before RERECORDING_BEFORE
RERECORDING_BEFORE = 2008
COMPILATION_SHARE = 0.12  # an edit of one of its records on a various-artists compilation
COMPILATION_SIZE = (6, 14)
VARIOUS = "Various Artists"


@dataclass
class AlbumIndex:
    """Albums of the built catalog: objects, editions and the recordings on them."""

    albums: dict[str, dict]
    track_album: dict[str, str]
    edition_of: dict[int, str]  # release id -> album id of its own digital edition
    recordings: dict[str, list[Recording]]  # album id -> its catalog recordings
    traits: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    decoys: Counter = field(default_factory=Counter)
    # name pools for same-title decoys, sorted once (drawing from them stays O(1))
    artist_names: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def index_albums(world: World) -> AlbumIndex:
    """Which album holds each catalog track, and each release's own edition."""
    track_album = {t["id"]: t["album"]["id"] for t in world.spotify.tracks}
    edition_of: dict[int, str] = {}
    recordings: defaultdict[str, list[Recording]] = defaultdict(list)
    for key, rec in world.recordings.items():
        track_id = world.right["spotify"].get(key)
        if track_id is None or not rec.album_key.isdigit():
            continue
        album_id = track_album[track_id]
        edition_of[int(rec.album_key)] = album_id
        recordings[album_id].append(rec)
    for recs in recordings.values():
        recs.sort(key=lambda rec: (rec.track_number, rec.key))
    index = AlbumIndex(world.spotify.album_objects(), track_album, edition_of, dict(recordings))
    index.artist_names = sorted(world.spotify.artists)
    index.titles = sorted({rec.title for rec in world.recordings.values()})
    index.labels = sorted({rec.label for rec in world.recordings.values() if rec.label != "Not On Label"})
    return index


def build(world: World) -> AlbumIndex:
    """Add bonus versions and decoy albums to ``world.spotify``; returns the index.

    Raises ConfigError if an album-only track would need a Spotify artist the catalog
    does not have yet (the artist list and its figure must not change).
    """
    index = index_albums(world)
    world.spotify.freeze_artists()
    cuts = CutMaker(world.seed, world.taken["spotify"])
    queue: list[tuple[int, Recording]] = []
    for item in world.planned:
        rid = item.release_id
        album_id = index.edition_of.get(rid)
        if album_id is None or world.home(item) != rid:
            continue
        if index.albums[album_id]["album_type"] == "compilation":
            continue  # a compilation's edition is its own flawed self; no decoys around it
        _extend_edition(world, cuts, index, album_id)
        _decoy_albums(world, cuts, index, album_id)
        if ids.unit(world.seed, "decoy-compilation", album_id) < COMPILATION_SHARE:
            recs = index.recordings[album_id]
            queue.append((rid, ids.rng(world.seed, "compiled", album_id).choice(recs)))
    if world.spotify.has_artist(VARIOUS):
        _compilations(world, cuts, index, queue)
    index.albums = world.spotify.album_objects()
    return index


def _extend_edition(world: World, cuts: CutMaker, index: AlbumIndex, album_id: str) -> None:
    """Maybe give an edition bonus mixes (disc 1) or a deluxe second disc."""
    recs = index.recordings[album_id]
    r = ids.rng(world.seed, "edition-extras", album_id)
    if index.albums[album_id]["album_type"] == "album":
        if ids.unit(world.seed, "deluxe", album_id) >= DELUXE_SHARE:
            return
        trait, disc, count, first = "deluxe", 2, r.randint(3, 8), 1
    else:
        if ids.unit(world.seed, "bonus", album_id) >= BONUS_SHARE:
            return
        trait, disc, count = "bonus_tracks", 1, r.randint(1, 3)
        first = max(rec.track_number for rec in recs) + 1
    for i in range(count):
        cut = cuts.bonus(recs[i % len(recs)], r, first + i)
        if cut is not None:
            world.spotify.add_album_only(cut, disc_number=disc)
            index.traits[album_id].add(trait)


def _decoy_albums(world: World, cuts: CutMaker, index: AlbumIndex, album_id: str) -> None:
    """Maybe a same-title album by another artist, a live album, a re-recording album."""
    recs, album = index.recordings[album_id], index.albums[album_id]
    seed, year = world.seed, recs[0].year
    if ids.unit(seed, "decoy-same-title", album_id) < SAME_TITLE_SHARE:
        _same_title_album(world, cuts, index, album_id)
    if ids.unit(seed, "decoy-live", album_id) < LIVE_SHARE:
        r = ids.rng(seed, "live-album", album_id)
        venue = r.choice(world.pools["venues"])
        live_year = min(2025, r.randint(max(year, 1995) + 1, max(year, 1995) + 20))
        name = r.choice([f"Live at {venue}", f"{album['name']} (Live)", f"Live at {venue} {live_year}"])
        spec = {"name": name, "key": f"live|{album_id}", "venue": venue, "year": live_year,
                "type": "album" if len(recs) >= 4 else "single"}
        songs = _one_per_title(recs)
        _place(world, index, "live", [cuts.live(rec, r, spec, n + 1) for n, rec in enumerate(songs)])
    if 0 < year < RERECORDING_BEFORE and ids.unit(seed, "decoy-rerecording", album_id) < RERECORDING_SHARE:
        r = ids.rng(seed, "rerecording-album", album_id)
        new_year = r.randint(max(year + 8, 2008), 2025)
        version = r.choice(["Re-Recorded", f"{new_year} Version", "Re-Recorded Version"])
        spec = {"name": f"{album['name']} ({version})", "key": f"rerecording|{album_id}",
                "year": new_year, "version": version, "type": "album" if len(recs) >= 4 else "single"}
        songs = _one_per_title(recs)
        _place(world, index, "rerecording",
               [cuts.rerecording(rec, r, spec, n + 1) for n, rec in enumerate(songs)])


def _same_title_album(world: World, cuts: CutMaker, index: AlbumIndex, album_id: str) -> None:
    """Another Spotify artist's album named exactly like the edition."""
    recs, album = index.recordings[album_id], index.albums[album_id]
    r = ids.rng(world.seed, "same-title-album", album_id)
    mine = {a["name"] for a in album["artists"]} | {n for rec in recs for n in rec.artists}
    other = r.choice(index.artist_names)
    if other in mine or other == VARIOUS:
        return  # drawn one of the edition's own artists: no decoy this time
    count = r.randint(1, 5)
    titles = [album["name"]] + r.sample(index.titles, min(count - 1, len(index.titles)))
    spec = {"name": album["name"], "key": f"same-title|{album_id}", "artist": other,
            "year": r.randint(1988, 2024), "label": r.choice(index.labels),
            "type": "single" if count <= 3 else "album"}
    cuts_made = [cuts.same_title(recs[0], r, spec, title, n + 1) for n, title in enumerate(titles)]
    _place(world, index, "same_title", cuts_made)


def _compilations(world: World, cuts: CutMaker, index: AlbumIndex,
                  queue: list[tuple[int, Recording]]) -> None:
    """Group the queued records into various-artists compilations, one edit each."""
    start, volume = 0, 0
    while start < len(queue):
        r = ids.rng(world.seed, "va-compilation", volume)
        members = queue[start : start + r.randint(*COMPILATION_SIZE)]
        start, volume = start + len(members), volume + 1
        series, label = r.choice(world.pools["va_compilations"]).split("|")
        year = min(2025, max(max(rec.year for _, rec in members), 1990) + r.randint(0, 4))
        name = r.choice([f"{series} Vol. {r.randint(1, 12)}", f"{series} {year}"])
        spec = {"name": name, "key": f"va|{volume}", "year": year, "label": label}
        for n, (_, rec) in enumerate(members):
            cut = cuts.compilation(rec, r, spec, n + 1)
            if cut is not None:
                world.spotify.add_album_only(cut)
                index.decoys["compilation_cuts"] += 1
        index.decoys["va_compilations"] += 1


def _place(world: World, index: AlbumIndex, kind: str, made: list[Recording | None]) -> None:
    """Add a decoy album's tracks (those whose key was free); count the album once."""
    placed = [cut for cut in made if cut is not None]
    for cut in placed:
        world.spotify.add_album_only(cut)
    if placed:
        index.decoys[kind] += 1


def _one_per_title(recs: list[Recording], limit: int = 12) -> list[Recording]:
    """A live or re-recording album plays each song once, whatever remixes the record had."""
    seen: set[str] = set()
    songs = []
    for rec in recs:
        if fold(rec.title) not in seen:
            seen.add(fold(rec.title))
            songs.append(rec)
    return songs[:limit]
