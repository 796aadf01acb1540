"""Sync benchmarks against emulators this script starts itself (INTERFACE.md, "Benchmarks").

    python benchmarks/run.py --scale small|medium|large [--out FILE]

Scenarios, each on a fresh emulator with realistic latency and scaled rate limits:

* ``first_sync``: an empty tracker syncs everything (two collection releases are held
  out first, to be added back by the small change);
* ``resync_nochange``: the same again, nothing changed;
* ``resync_small_change``: the two held-out releases added back, one release removed;
* ``baseline``: the first sync done naively on another emulator: one worker, one track
  per playlist call, no cache, every track searched on its own (no release stage);
* ``matcher``: scoring throughput (``benchmarks/matcher_bench.py``).

The last line of stdout is one JSON object; ``--out`` also writes it to a file. Beside
INTERFACE.md's keys, ``first_sync`` and ``baseline`` carry ``requests_per_track`` (per
platform: its requests over the collection's source tracks) and ``stages`` (per platform:
the matches in playlists by the stage that decided them). ``--rate-scale 1`` runs at the
services' real limits; ``--first-sync-only`` stops after the first sync.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import matcher_bench  # noqa: E402
from benchmarks.scenarios import SCALES, Bench, catalog_for, floor_seconds, held_out_releases  # noqa: E402

log = logging.getLogger("benchmarks")


def _public(figures: dict, keys: tuple[str, ...]) -> dict:
    return {k: figures[k] for k in keys}


FIRST_SYNC_KEYS = ("wall_s", "requests", "searches", "release_fetches", "floor_s", "ratio", "http_429", "f1",
                   "duplicates", "requests_per_track", "stages")


def run(scale_name: str, rate_scale: float | None = None, first_sync_only: bool = False) -> dict:
    """Every scenario at ``scale_name`` (``rate_scale``: instead of the scale's own); the
    INTERFACE.md result object (only ``first_sync`` with ``first_sync_only``)."""
    scale = SCALES[scale_name]
    if rate_scale is not None:
        scale = replace(scale, rate_scale=rate_scale)
    catalog = catalog_for(scale)
    held_out = held_out_releases(catalog)
    add_back, removed = held_out[:2], held_out[2:]
    bench = Bench(scale, catalog, edits={"remove": add_back})
    try:
        first = bench.sync()
        first["floor_s"] = round(floor_seconds(first["requests"], scale), 3)
        first["ratio"] = round(first["wall_s"] / first["floor_s"], 3) if first["floor_s"] else None
        first["f1"] = bench.f1()
        first["duplicates"] = bench.duplicates()
        log.info("first sync: %s", first)
        if first_sync_only:
            releases, tracks = bench.collection_size()
            return {"scale": scale.name, "rate_scale": scale.rate_scale, "releases": releases, "tracks": tracks,
                    "first_sync": _public(first, FIRST_SYNC_KEYS)}
        nochange = bench.sync()
        bench.edit_collection({"add": add_back, "remove": removed})
        small_change = bench.sync()
        releases, tracks = bench.collection_size()
    finally:
        bench.close()
    naive = Bench(scale, catalog, edits={"remove": add_back})
    try:
        baseline = naive.sync(workers=1, naive=True)
    finally:
        naive.close()
    io_keys = ("wall_s", "requests", "searches", "release_fetches")
    return {
        "scale": scale.name,
        "releases": releases,
        "tracks": tracks,
        "first_sync": _public(first, FIRST_SYNC_KEYS),
        "resync_nochange": _public(nochange, io_keys),
        "resync_small_change": _public(small_change, io_keys),
        "baseline": _public(baseline, ("wall_s", "requests", "searches", "requests_per_track", "stages")),
        "matcher": matcher_bench.run(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--out", type=Path, help="also write the JSON result to this file")
    parser.add_argument("--rate-scale", type=float, help="multiply the services' real rate limits by this "
                        "instead of the scale's own (1: real limits)")
    parser.add_argument("--first-sync-only", action="store_true",
                        help="only the first sync (at real limits the naive baseline takes an hour)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # As the CLI does: spotipy reports the development-mode 403 the client expects as an
    # ERROR; the product's HTTP policy logs and maps every failure itself.
    logging.getLogger("spotipy").setLevel(logging.CRITICAL)
    result = json.dumps(run(args.scale, args.rate_scale, args.first_sync_only))
    if args.out:
        args.out.write_text(result + "\n", encoding="utf-8")
    sys.stdout.write(result + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
