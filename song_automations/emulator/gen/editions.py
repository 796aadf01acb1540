"""What the catalog states about albums: their full-object fields, each release's
digital edition (the release truth) and the album figures.

An album's simplified object lives inside its tracks; the catalog's ``spotify.albums``
adds only what the full ``GET /albums/{id}`` object has besides (UPC, copyrights,
label, popularity, genres), so nothing is stored twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from song_automations.emulator.gen.albums import AlbumIndex
from song_automations.emulator.gen.barcodes import barcode_digits, digital_upc, edition_upc
from song_automations.emulator.gen.names import parse_duration
from song_automations.emulator.gen.world import World

# Digital durations within this many seconds of the sleeve count as "the same" in the figures.
DURATION_TOLERANCE_S = 2


def album_fields(world: World, index: AlbumIndex) -> list[dict]:
    """The full-object fields of every album, ordered by id.

    An edition's UPC derives from its release's barcode (see ``barcodes.edition_upc``);
    decoy and compilation albums get a distributor's code. Popularity is the album's
    most popular track's.
    """
    popularity: Counter[str] = Counter()
    for track in world.spotify.tracks + world.spotify.album_tracks:
        album_id = track["album"]["id"]
        popularity[album_id] = max(popularity[album_id], track["popularity"])
    release_of = {album_id: rid for rid, album_id in index.edition_of.items()}
    out = []
    for album_id in sorted(index.albums):
        album = index.albums[album_id]
        source = world.spotify.album_sources[album_id]
        if album_id in release_of:
            barcode = barcode_digits(world.releases[str(release_of[album_id])])
            upc, _ = edition_upc(world.seed, album_id, barcode)
        else:
            upc = digital_upc(world.seed, album_id)
        year = album["release_date"][:4]
        owner = source.label if source.label != "Not On Label" else album["artists"][0]["name"]
        out.append({
            "id": album_id,
            "copyrights": [{"text": f"© {year} {owner}", "type": "C"},
                           {"text": f"℗ {year} {owner}", "type": "P"}],
            "external_ids": {"upc": upc},
            "genres": [],
            "label": owner,
            "popularity": popularity[album_id],
        })
    return out


def release_truth(world: World, index: AlbumIndex) -> dict[str, str | None]:
    """Each release's digital edition on Spotify (album id), or None.

    The edition is the album of the release's home (itself, or the release a repress
    re-presses) when it holds at least one of the release's right tracks.
    """
    out: dict[str, str | None] = {}
    for item in world.planned:
        album_id = index.edition_of.get(world.home(item))
        holders = {index.track_album[t] for t in world.truth("spotify", item.release_id) if t}
        out[str(item.release_id)] = album_id if album_id in holders else None
    return out


def _upc_relation(barcode: str | None, upc: str) -> str:
    if barcode is None:
        return "no_barcode"
    if upc == barcode:
        return "same"
    return "padded" if upc.lstrip("0") == barcode.lstrip("0") else "differs"


def _durations(release: dict) -> dict[str, int | None]:
    rows = [sub for row in release["tracklist"] for sub in [row, *row.get("sub_tracks", [])]]
    return {row["position"]: parse_duration(row["duration"]) for row in rows if row["position"]}


def album_figures(world: World, index: AlbumIndex, truth: dict[str, str | None],
                  fields: list[dict]) -> dict:
    """Counts of releases by how their edition differs from the record, and of decoys.

    ``flaws`` are not exclusive (an edition may lack a track and have a bonus disc);
    ``exact`` editions hold every track of the release and nothing else.
    """
    upc = {entry["id"]: entry["external_ids"]["upc"] for entry in fields}
    bonus_on: Counter[str] = Counter(t["album"]["id"] for t in world.spotify.album_tracks)
    flaws: Counter[str] = Counter()
    upcs: Counter[str] = Counter()
    timing: Counter[str] = Counter()
    by_id = {t["id"]: t for t in world.spotify.tracks}
    for rid, album_id in truth.items():
        if album_id is None:
            continue
        right = world.truth("spotify", int(rid))
        covered = [t for t in right if t and index.track_album[t] == album_id]
        flaws["missing_tracks"] += len(covered) < len(right)
        for trait in index.traits.get(album_id, ()):
            flaws[trait] += 1
        flaws["exact"] += len(covered) == len(right) and not bonus_on[album_id]
        upcs[_upc_relation(barcode_digits(world.releases[rid]), upc[album_id])] += 1
        _count_durations(world, rid, covered, by_id, timing)
    editions = sum(1 for a in truth.values() if a)
    return {
        "releases": len(truth), "with_album": editions, "no_album": len(truth) - editions,
        "flaws": {k: flaws[k] for k in ("exact", "missing_tracks", "bonus_tracks", "deluxe")},
        "upc_vs_barcode": {k: upcs[k] for k in ("same", "padded", "differs", "no_barcode")},
        "durations": {"tracks_on_edition": timing["tracks"], "without_discogs_duration": timing["unknown"],
                      f"within_{DURATION_TOLERANCE_S}s": timing["close"]},
        "decoy_albums": {k: index.decoys[k] for k in ("same_title", "live", "rerecording", "va_compilations")},
        "compilation_cuts": index.decoys["compilation_cuts"],
        "album_resources": len(index.albums),
        "album_only_tracks": len(world.spotify.album_tracks),
    }


def _count_durations(world: World, rid: str, covered: list[str], by_id: dict[str, dict],
                     timing: Counter) -> None:
    """How close the edition's durations are to the sleeve's, for the figures."""
    sleeve = _durations(world.releases[rid])
    right_positions = defaultdict(list)
    for ref in world.positions(int(rid)):
        right_positions[world.right["spotify"][ref.recording_key]].append(ref.position)
    for track_id in covered:
        for position in right_positions[track_id][:1]:
            timing["tracks"] += 1
            seconds = sleeve.get(position)
            if seconds is None:
                timing["unknown"] += 1
            elif abs(by_id[track_id]["duration_ms"] / 1000 - seconds) <= DURATION_TOLERANCE_S:
                timing["close"] += 1
