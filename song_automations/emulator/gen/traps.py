"""Decoys: the wrong-but-close records a real search returns next to the right one.

Each trap is a :class:`Recording` whose ``kind`` names how it differs from the real
record (another remix, the radio edit, a live take, a cover...). Trap keys never equal
a real recording's key, so every Discogs track keeps exactly one right answer.
"""

from __future__ import annotations

import random
from dataclasses import replace

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import recording_key
from song_automations.emulator.gen.recordings import Recording, is_dance

TRAP_KINDS = (
    "other_remix", "edit", "live", "cover", "karaoke", "dj_mix",
    "same_title", "bootleg", "rerecording", "sped_up",
)
# Kinds each platform carries: bootleg edits live on SoundCloud, not in Spotify's
# licensed catalog.
PLATFORM_KINDS = {
    "spotify": tuple(k for k in TRAP_KINDS if k != "bootleg"),
    "soundcloud": TRAP_KINDS,
}
# How many traps a recording gets on one platform, as (count, weight).
TRAP_COUNTS = ((0, 30), (1, 35), (2, 22), (3, 13))
_RADIO_LIKE = {None, "Original Mix", "Extended Mix", "Club Mix", "Extended Version",
               "12\" Version", "Album Version", "Original Version"}


def _weights(rec: Recording, kinds: tuple[str, ...]) -> list[float]:
    dance = is_dance(rec)
    table = {
        "other_remix": 3.0 if dance else 1.0,
        "edit": 3.0 if dance else 1.0,
        "live": 1.5,
        "cover": 1.0 if dance else 2.0,
        "karaoke": 0.4 if dance else 1.5,
        "dj_mix": 2.5 if dance else 0.2,
        "same_title": 1.5,
        "bootleg": 2.0 if dance else 0.5,
        "rerecording": 1.0 if 0 < rec.year < 2005 else 0.0,
        "sped_up": 0.8,
    }
    return [table[k] for k in kinds]


def _pick(r: random.Random, pool: list[str], avoid: tuple[str, ...]) -> str:
    choices = [p for p in pool if p not in avoid]
    return r.choice(choices or pool)


def _make(rec: Recording, r: random.Random, kind: str, pools: dict) -> Recording:
    """One trap of ``kind`` derived from ``rec`` (key and ISRC filled by the caller)."""
    base = replace(rec, kind=kind, remixers=(), featured=rec.featured, extra={}, forced={})
    if kind == "other_remix":
        remixer = _pick(r, pools["remixers"], rec.remixers + rec.artists)
        mix = r.choice(["Remix", "Remix", "Mix", "Dub", "Vocal Mix"])
        return replace(base, remixers=(remixer,), version=f"{remixer} {mix}",
                       album=f"{rec.title} (Remixes)", album_type="single",
                       duration_s=r.randint(300, 500))
    if kind == "edit":
        if rec.version in _RADIO_LIKE:
            return replace(base, version="Radio Edit", remixers=rec.remixers,
                           duration_s=max(150, int(rec.duration_s * r.uniform(0.42, 0.6))))
        return replace(base, version=r.choice(["Extended Mix", "Club Mix", "Extended Version"]),
                       duration_s=int(rec.duration_s * r.uniform(1.5, 1.9)))
    if kind == "live":
        venue = r.choice(pools["venues"])
        year = r.randint(max(rec.year, 1995) + 1, 2024) if rec.year < 2024 else 2025
        version = r.choice([f"Live at {venue}, {year}", "Live", f"Live at {venue}"])
        return replace(base, version=version, album=f"Live at {venue}", album_type="album",
                       duration_s=int(rec.duration_s * r.uniform(0.9, 1.3)), year=year)
    if kind == "cover":
        act = r.choice(pools["cover_acts"])
        return replace(base, artists=(act,), featured=(), version=None,
                       album=r.choice(pools["cover_albums"]), album_type="album",
                       album_artists=(act,), duration_s=r.randint(180, 300),
                       extra={"original": rec.artists[0]})
    if kind == "karaoke":
        act = r.choice(pools["karaoke_acts"])
        style = r.choice(["Karaoke Version", f"Originally Performed by {rec.artists[0]}",
                          "Instrumental Karaoke", f"In the Style of {rec.artists[0]}"])
        return replace(base, artists=(act,), featured=(), version=style,
                       album=r.choice(pools["karaoke_albums"]), album_type="compilation",
                       album_artists=(act,), duration_s=rec.duration_s + r.randint(-12, 12),
                       extra={"original": rec.artists[0]})
    if kind == "dj_mix":
        dj = _pick(r, pools["djs"], rec.artists)
        return replace(base, version="Mixed", remixers=rec.remixers,
                       album=r.choice(pools["mix_series"]).format(dj=dj),
                       album_type="compilation", album_artists=(dj,),
                       duration_s=r.randint(110, 260),
                       extra={"dj": dj, "event": r.choice(pools["events"]),
                              "set_s": str(r.randint(2700, 7200))})
    if kind == "same_title":
        other = _pick(r, pools["artists"], rec.artists)
        return replace(base, artists=(other,), featured=(), version=None,
                       album=rec.title, album_type="single", album_artists=(other,),
                       duration_s=r.randint(170, 420), year=r.randint(1988, 2024))
    if kind == "bootleg":
        who = r.choice(pools["bootleggers"])
        return replace(base, remixers=(who,), version=r.choice(
            [f"{who} Bootleg", f"{who} Edit", "Unofficial Edit", f"{who} Rework"]),
            duration_s=r.randint(240, 420), album="", album_type="single")
    if kind == "rerecording":
        year = r.randint(max(rec.year + 8, 2005), 2024)
        return replace(base, version=r.choice(["Re-Recorded", f"{year} Version",
                                               "Re-Recorded Version", f"{year} Re-Recording"]),
                       remixers=rec.remixers, year=year,
                       duration_s=rec.duration_s + r.randint(-20, 20))
    version = f"{rec.version} - Sped Up" if rec.version else "Sped Up"
    return replace(base, version=version, remixers=rec.remixers, year=2023,
                   album=f"{rec.title} (Sped Up)", album_type="single",
                   duration_s=int(rec.duration_s * 0.8))


def traps_for(
    seed: int, rec: Recording, platform: str, pools: dict, taken: set[str]
) -> list[Recording]:
    """The decoys ``platform`` holds around ``rec``.

    ``taken`` holds the recording keys already on this platform (every real recording
    first); each trap's key is added, so no two entries are the same record.
    """
    r = ids.rng(seed, "traps", platform, rec.key)
    counts, weights = zip(*TRAP_COUNTS, strict=True)
    count = r.choices(counts, weights=weights)[0]
    kinds = PLATFORM_KINDS[platform]
    out: list[Recording] = []
    for _ in range(count * 3):
        if len(out) == count:
            break
        kind = r.choices(kinds, weights=_weights(rec, kinds))[0]
        trap = _make(rec, r, kind, pools)
        key = recording_key(trap.artists, trap.title, trap.version)
        if trap.kind == "dj_mix":
            # a mixed cut on a DJ's compilation is its own rendition
            key += f"|mixed by {trap.extra['dj']}"
        if key in taken:
            continue
        taken.add(key)
        trap.key = key
        serial = ids.digest(seed, "isrc", platform, key) % 100000
        trap.isrc = f"{rec.isrc[:5]}{trap.year % 100:02d}{serial:05d}"
        out.append(trap)
    return out
