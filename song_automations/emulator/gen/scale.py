"""Which releases a catalog of a given scale holds.

Scale 1 is the seed releases themselves. Each further copy adds, per seed release,
either a repress (new id, catalogue number, country and year, same recordings) or a
remix EP of its lead track (new remix recordings by real remixers). Both keep the
seed release's quirks (credits, headings, index tracks, empty durations), so the
shares of quirks, traps and missing tracks stay the same at every scale.
"""

from __future__ import annotations

from dataclasses import replace

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.names import split_version
from song_automations.emulator.gen.recordings import PlannedRelease, playable_tracks
from song_automations.emulator.gen.seeds import SeedRelease, SeedTrack

REMIX_EP_SHARE = 0.35
_COUNTRIES = ("UK", "Germany", "US", "Netherlands", "Europe", "France", "Italy", "Japan")


def _repress(rel: SeedRelease, copy: int, seed: int, key: str) -> SeedRelease:
    r = ids.rng(seed, "repress", key, copy)
    year = min(2025, (rel.year or 1995) + r.randint(1, 25)) if rel.year else 0
    labels = tuple(
        (name, catno if catno.lower() == "none"
         else r.choice([f"{catno}R", f"{catno}RP", f"RE-{catno}", f"{catno} RE"]))
        for name, catno in rel.labels
    )
    descriptions = tuple(d for d in rel.format_descriptions if d != "Reissue") + (
        r.choice(["Reissue", "Repress", "Reissue, Remastered"]).split(", ")[0],)
    return replace(rel, labels=labels, year=year, released="", country=r.choice(_COUNTRIES),
                   format_descriptions=descriptions, has_master=True, second_folder=None)


def _remix_ep(rel: SeedRelease, copy: int, seed: int, key: str, pools: dict) -> SeedRelease:
    r = ids.rng(seed, "remix-ep", key, copy)
    playable = [t for t in playable_tracks(rel.tracks) if t.position]
    lead = playable[0]
    artists = lead.artists or rel.artists
    remixers = r.sample(pools["remixers"], k=min(len(pools["remixers"]), r.randint(2, 4)))
    title = split_version(lead.title)[0]
    sides = ["A1", "A2", "B1", "B2"] if r.random() < 0.7 else ["1", "2", "3", "4"]
    tracks = tuple(
        SeedTrack(position=sides[i], title=f"{title} ({name} Remix)",
                  duration=r.choice(["", f"{r.randint(5, 8)}:{r.randint(0, 59):02d}"]),
                  remixers=(name,))
        for i, name in enumerate(remixers)
    )
    label, catno = rel.labels[0] if rel.labels else ("Not On Label", "none")
    new_catno = catno if catno.lower() == "none" else f"{catno}RMX{copy}"
    year = min(2025, (rel.year or 2000) + r.randint(1, 20))
    return replace(rel, artists=artists, title=f"{title} (Remixes)",
                   labels=((label, new_catno),), year=year,
                   released="", format_name="Vinyl", format_descriptions=('12"', "EP"),
                   format_qty=1, format_text="", tracks=tracks, credits=(), second_folder=None,
                   has_master=r.random() < 0.8, notes="")


def plan(seeds: list[SeedRelease], scale: int, seed: int, pools: dict) -> list[PlannedRelease]:
    """The releases of a catalog at ``scale`` (>= 1), originals first."""
    release_ids = ids.IdPool(seed, "release", 10_000, 34_000_000)
    planned = [PlannedRelease(release_ids.get(f"0|{s.source}"), s) for s in seeds]
    originals = list(planned)
    for copy in range(1, scale):
        for item in originals:
            key = item.seed.source
            remix = ids.unit(seed, "variant", key, copy) < REMIX_EP_SHARE
            if remix and playable_tracks(item.seed.tracks):
                variant = _remix_ep(item.seed, copy, seed, key, pools)
            else:
                variant = _repress(item.seed, copy, seed, key)
            new_id = release_ids.get(f"{copy}|{key}")
            planned.append(PlannedRelease(new_id, variant, item.release_id))
    return planned
