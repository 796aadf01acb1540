"""``meta.figures``: what a catalog holds, for benchmarks, notebooks and tests."""

from __future__ import annotations

from collections import Counter

from song_automations.emulator.gen.recordings import Recording


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def compute(
    discogs: dict,
    truth: dict[str, dict[str, str | None]],
    recordings: dict[str, Recording],
    traps: dict[str, Counter],
    spotify: dict,
    soundcloud: dict,
) -> dict:
    """Counts and shares; shares are fractions of Discogs tracks in [0, 1]."""
    keys = list(truth["spotify"])
    on_sp = sum(1 for k in keys if truth["spotify"][k])
    on_sc = sum(1 for k in keys if truth["soundcloud"][k])
    on_both = sum(1 for k in keys if truth["spotify"][k] and truth["soundcloud"][k])
    titles = Counter((r.artists, r.title) for r in recordings.values())
    owned = {c["release_id"] for c in discogs["collection"]}
    wanted = {w["release_id"] for w in discogs["wants"]}
    return {
        "folders": len(discogs["folders"]),
        "custom_folders": sum(1 for f in discogs["folders"] if f["id"] != 1),
        "releases": len(discogs["releases"]),
        "collection_releases": len(owned),
        "collection_instances": len(discogs["collection"]),
        "wantlist_releases": len(wanted),
        "tracks": len(keys),
        "recordings": len(recordings),
        "found": {"spotify": _share(on_sp, len(keys)), "soundcloud": _share(on_sc, len(keys))},
        "missing": {
            "any_platform": _share(len(keys) - on_both, len(keys)),
            "neither": _share(sum(1 for k in keys if not truth["spotify"][k]
                                  and not truth["soundcloud"][k]), len(keys)),
            "spotify_only": _share(on_sp - on_both, len(keys)),
            "soundcloud_only": _share(on_sc - on_both, len(keys)),
        },
        "traps": {platform: dict(sorted(counts.items())) for platform, counts in traps.items()},
        # versions of one song that are all real (Café Del Mar's remixes): the decoys
        # the seed data brings by itself
        "sibling_versions": sum(n for n in titles.values() if n > 1),
        "platform_tracks": {"spotify": len(spotify["tracks"]),
                            "soundcloud": len(soundcloud["tracks"])},
        "platform_artists": {"spotify": len(spotify["artists"]),
                             "soundcloud_users": len(soundcloud["users"])},
    }
