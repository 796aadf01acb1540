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


def _other_remix(rec: Recording, r: random.Random, pools: dict) -> dict:
    remixer = _pick(r, pools["remixers"], rec.remixers + rec.artists)
    mix = r.choice(["Remix", "Remix", "Mix", "Dub", "Vocal Mix"])
    return {"remixers": (remixer,), "version": f"{remixer} {mix}", "album_type": "single",
            "album": f"{rec.title} (Remixes)", "duration_s": r.randint(300, 500)}


def _edit(rec: Recording, r: random.Random, pools: dict) -> dict:
    # the radio edit of a club record, or the long version of a short one
    if rec.version in _RADIO_LIKE:
        return {"version": "Radio Edit", "remixers": rec.remixers, "album": rec.title,
                "album_type": "single",
                "duration_s": max(150, int(rec.duration_s * r.uniform(0.42, 0.6)))}
    return {"version": r.choice(["Extended Mix", "Club Mix", "Extended Version"]),
            "album": f"{rec.title} (Club Mixes)", "album_type": "single",
            "duration_s": int(rec.duration_s * r.uniform(1.5, 1.9))}


def _live(rec: Recording, r: random.Random, pools: dict) -> dict:
    venue = r.choice(pools["venues"])
    year = r.randint(max(rec.year, 1995) + 1, 2024) if rec.year < 2024 else 2025
    return {"version": r.choice([f"Live at {venue}, {year}", "Live", f"Live at {venue}"]),
            "album": f"Live at {venue}", "album_type": "album", "year": year,
            "duration_s": int(rec.duration_s * r.uniform(0.9, 1.3))}


def _cover(rec: Recording, r: random.Random, pools: dict) -> dict:
    act = r.choice(pools["cover_acts"])
    return {"artists": (act,), "featured": (), "version": None, "album_artists": (act,),
            "album": r.choice(pools["cover_albums"]), "album_type": "album",
            "duration_s": r.randint(180, 300), "extra": {"original": rec.artists[0]}}


def _karaoke(rec: Recording, r: random.Random, pools: dict) -> dict:
    act = r.choice(pools["karaoke_acts"])
    style = r.choice(["Karaoke Version", f"Originally Performed by {rec.artists[0]}",
                      "Instrumental Karaoke", f"In the Style of {rec.artists[0]}"])
    return {"artists": (act,), "featured": (), "version": style, "album_artists": (act,),
            "album": r.choice(pools["karaoke_albums"]), "album_type": "compilation",
            "duration_s": rec.duration_s + r.randint(-12, 12),
            "extra": {"original": rec.artists[0]}}


def _dj_mix(rec: Recording, r: random.Random, pools: dict) -> dict:
    dj = _pick(r, pools["djs"], rec.artists)
    return {"version": "Mixed", "remixers": rec.remixers, "album_artists": (dj,),
            "album": r.choice(pools["mix_series"]).format(dj=dj), "album_type": "compilation",
            "duration_s": r.randint(110, 260),
            "extra": {"dj": dj, "event": r.choice(pools["events"]),
                      "set_s": str(r.randint(2700, 7200))}}


def _same_title(rec: Recording, r: random.Random, pools: dict) -> dict:
    other = _pick(r, pools["artists"], rec.artists)
    return {"artists": (other,), "featured": (), "version": None, "album": rec.title,
            "album_type": "single", "album_artists": (other,),
            "duration_s": r.randint(170, 420), "year": r.randint(1988, 2024)}


def _bootleg(rec: Recording, r: random.Random, pools: dict) -> dict:
    who = r.choice(pools["bootleggers"])
    version = r.choice([f"{who} Bootleg", f"{who} Edit", "Unofficial Edit", f"{who} Rework"])
    return {"remixers": (who,), "version": version, "album": "", "album_type": "single",
            "duration_s": r.randint(240, 420)}


def _rerecording(rec: Recording, r: random.Random, pools: dict) -> dict:
    year = r.randint(max(rec.year + 8, 2005), 2024)
    version = r.choice(["Re-Recorded", f"{year} Version", "Re-Recorded Version",
                        f"{year} Re-Recording"])
    return {"version": version, "remixers": rec.remixers, "year": year,
            "album": f"{rec.title} ({version})", "album_type": "single",
            "duration_s": rec.duration_s + r.randint(-20, 20)}


def _sped_up(rec: Recording, r: random.Random, pools: dict) -> dict:
    version = f"{rec.version} - Sped Up" if rec.version else "Sped Up"
    return {"version": version, "remixers": rec.remixers, "year": 2023, "album_type": "single",
            "album": f"{rec.title} (Sped Up)", "duration_s": int(rec.duration_s * 0.8)}


# How each kind of decoy differs from the real record: fields to override.
_BUILDERS = {
    "other_remix": _other_remix, "edit": _edit, "live": _live, "cover": _cover,
    "karaoke": _karaoke, "dj_mix": _dj_mix, "same_title": _same_title, "bootleg": _bootleg,
    "rerecording": _rerecording, "sped_up": _sped_up,
}


def _make(rec: Recording, r: random.Random, kind: str, pools: dict) -> Recording:
    """One trap of ``kind`` derived from ``rec`` (key and ISRC filled by the caller)."""
    # decoy albums are shared by name and artist, not tied to the real record's release
    fields = {"kind": kind, "remixers": (), "extra": {}, "forced": {}, "album_key": "decoy"}
    fields.update(_BUILDERS[kind](rec, r, pools))
    return replace(rec, **fields)


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
