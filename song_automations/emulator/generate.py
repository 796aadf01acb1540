"""Build the emulator's catalog deterministically from the seed data.

    python -m song_automations.emulator.generate --scale 1 --seed 7 --out data/demo_catalog.json.gz

``build_catalog(scale, seed)`` returns the catalog as a dict (format in
``data/CATALOG.md``); the same arguments always give an equal dict and, through
``write_catalog``, byte-identical files. Scale 1 is the hand-written seed releases;
scale N holds about N times as many releases (see ``gen/scale.py``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections import Counter
from pathlib import Path

from song_automations.emulator.gen import albums, collection, editions, figures, sets
from song_automations.emulator.gen.barcodes import add_cd_barcodes
from song_automations.emulator.gen.discogs import DiscogsIds, release_payload
from song_automations.emulator.gen.names import display_name
from song_automations.emulator.gen.presence import assign_presence
from song_automations.emulator.gen.recordings import Recording, collect
from song_automations.emulator.gen.scale import plan
from song_automations.emulator.gen.seeds import load_pools, load_seeds
from song_automations.emulator.gen.soundcloud import SoundCloudBuilder
from song_automations.emulator.gen.spotify import SpotifyBuilder
from song_automations.emulator.gen.traps import traps_for
from song_automations.emulator.gen.world import World
from song_automations.errors import ConfigError

GENERATOR = "song_automations.emulator.generate"


def _render_platforms(
    seed: int, recordings: dict[str, Recording], pools: dict
) -> tuple[SpotifyBuilder, SoundCloudBuilder, dict[str, dict[str, str | None]], dict[str, Counter],
           dict[str, set[str]]]:
    """Both platforms' builders, the right id per recording key, trap counts and the
    recording keys each platform holds."""
    spotify, soundcloud = SpotifyBuilder(seed), SoundCloudBuilder(seed, pools)
    right: dict[str, dict[str, str | None]] = {"spotify": {}, "soundcloud": {}}
    traps: dict[str, Counter] = {"spotify": Counter(), "soundcloud": Counter()}
    taken = {"spotify": set(recordings), "soundcloud": set(recordings)}
    for key, rec in recordings.items():
        right["spotify"][key] = spotify.add(rec) if rec.on_spotify else None
        right["soundcloud"][key] = soundcloud.add_original(rec) if rec.on_soundcloud else None
        for trap in traps_for(seed, rec, "spotify", pools, taken["spotify"]):
            spotify.add(trap)
            traps["spotify"][trap.kind] += 1
        for trap in traps_for(seed, rec, "soundcloud", pools, taken["soundcloud"]):
            soundcloud.add_trap(trap)
            traps["soundcloud"][trap.kind] += 1
    return spotify, soundcloud, right, traps, taken


def build_catalog(scale: int = 1, seed: int = 7, *, release_level: bool = True) -> dict:
    """The whole catalog for ``scale`` (>= 1) and ``seed``, as a JSON-ready dict.

    ``release_level=False`` builds only the track-level world (no albums as resources,
    sets or release truth): exactly what catalogs were before the release level was
    added, which the tests use to prove that adding it changed no existing value.

    Raises ConfigError for a scale below 1 or malformed seed data (including two
    playable tracks of one release sharing a position, which would collide in truth).
    """
    if scale < 1:
        raise ConfigError(f"scale must be 1 or more, not {scale}")
    seeds, pools = load_seeds(), load_pools()
    names = {display_name(c.name) for s in seeds for c in s.artists if c.name != "Various"}
    pools = {**pools, "artists": sorted(names)}
    planned = plan(seeds, scale, seed, pools)
    recordings, refs = collect(seed, planned)
    assign_presence(seed, recordings, refs)
    pool = DiscogsIds(seed)
    discogs = collection.build(planned, seed)
    discogs["releases"] = {str(p.release_id): release_payload(p, pool, seed) for p in planned}
    sp_builder, sc_builder, right, traps, taken = _render_platforms(seed, recordings, pools)
    spotify, soundcloud = sp_builder.section(), sc_builder.section()
    truth: dict[str, dict[str, str | None]] = {"spotify": {}, "soundcloud": {}}
    for ref in refs:
        key = f"{ref.release_id}:{ref.position}"
        if key in truth["spotify"]:
            raise ConfigError(f"two playable tracks share the position {key}")
        for platform, answers in truth.items():
            answers[key] = right[platform][ref.recording_key]
    fig = figures.compute(discogs, truth, recordings, traps, spotify, soundcloud)
    meta = {"generator": GENERATOR, "seed": seed, "scale": scale, "figures": fig}
    catalog = {"meta": meta, "discogs": discogs, "spotify": spotify,
               "soundcloud": soundcloud, "truth": truth}
    if release_level:
        world = World(seed, pools, planned, recordings, refs, discogs["releases"], sp_builder,
                      sc_builder, right, taken)
        _add_release_level(catalog, world)
    return catalog


def _add_release_level(catalog: dict, world: World) -> None:
    """Barcodes on CDs, Spotify albums, SoundCloud sets, release truth and their figures.

    Runs after the track level and only adds: its random draws come from streams of
    their own, its tracks are album-only and its figures go under new keys.
    """
    barcodes_added = add_cd_barcodes(world.seed, world.releases)
    index = albums.build(world)
    fields = editions.album_fields(world, index)
    spotify_truth = editions.release_truth(world, index)
    catalog["spotify"]["albums"] = fields
    catalog["spotify"]["album_tracks"] = sorted(world.spotify.album_tracks, key=lambda t: t["id"])
    set_list, soundcloud_truth, set_figures = sets.build(world)
    catalog["soundcloud"]["sets"] = set_list
    catalog["release_truth"] = {"spotify": spotify_truth, "soundcloud": soundcloud_truth}
    album_figures = editions.album_figures(world, index, spotify_truth, fields)
    catalog["meta"]["figures"]["albums"] = {**album_figures, "cd_barcodes_added": barcodes_added}
    catalog["meta"]["figures"]["sets"] = set_figures


def write_catalog(catalog: dict, path: Path) -> int:
    """Write ``.json`` or ``.json.gz`` reproducibly; returns the size in bytes.

    The JSON is streamed (a scale-100 catalog would otherwise be held twice in memory)
    and the gzip header carries neither a timestamp nor a file name, so equal catalogs
    give byte-identical files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw:
        if path.suffix == ".gz":
            packed = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
            with packed:
                _dump(catalog, packed)
        else:
            _dump(catalog, raw)
    return path.stat().st_size


def _dump(catalog: dict, binary) -> None:
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    json.dump(catalog, text, ensure_ascii=False, separators=(",", ":"))
    text.flush()
    text.detach()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints one summary line (the only printing here)."""
    parser = argparse.ArgumentParser(
        prog="python -m song_automations.emulator.generate",
        description="Build the emulator catalog deterministically from data/seeds.",
    )
    parser.add_argument("--scale", type=int, default=1,
                        help="1 = the demo; 10 and 100 for the benchmarks")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path("data/demo_catalog.json.gz"))
    args = parser.parse_args(argv)
    try:
        catalog = build_catalog(args.scale, args.seed)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    size = write_catalog(catalog, args.out)
    fig = catalog["meta"]["figures"]
    found = fig["found"]
    print(f"wrote {args.out} ({size} bytes): {fig['releases']} releases, {fig['tracks']} tracks, "
          f"found spotify {found['spotify']:.1%} soundcloud {found['soundcloud']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
