"""The demo user's folders, collection instances and wantlist."""

from __future__ import annotations

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.recordings import PlannedRelease

USER = {"id": 8812345, "username": "demo_digger", "consumer_name": "song_automations demo"}
UNCATEGORIZED = {"id": 1, "name": "Uncategorized"}

# Where a release is filed when its seed names no folder: the first style (or genre)
# found here decides, as a digger sorting crates by sound would.
FOLDER_BY_STYLE = {
    "Acid": "Acid", "Acid House": "Acid",
    "House": "House", "Deep House": "House", "Garage House": "House",
    "Chicago House": "House", "Tech House": "House", "Vocal": "House", "UK Garage": "House",
    "Techno": "Techno", "Detroit Techno": "Techno", "Minimal": "Techno", "Hard Techno": "Techno",
    "Trance": "Trance & Progressive", "Progressive Trance": "Trance & Progressive",
    "Progressive House": "Trance & Progressive", "Hard Trance": "Trance & Progressive",
    "Drum n Bass": "Drum & Bass / Jungle", "Jungle": "Drum & Bass / Jungle",
    "Ambient": "Ambient & Downtempo", "Downtempo": "Ambient & Downtempo",
    "Trip Hop": "Ambient & Downtempo", "IDM": "Ambient & Downtempo",
    "Disco": "Disco & Soul", "Soul": "Disco & Soul", "Funk": "Disco & Soul",
    "Boogie": "Disco & Soul", "Nu-Disco": "Disco & Soul",
    "Electro": "Electro & Breaks", "Breakbeat": "Electro & Breaks",
    "Big Beat": "Electro & Breaks", "Breaks": "Electro & Breaks",
}
FOLDER_BY_GENRE = {"Rock": "Not Electronic", "Jazz": "Not Electronic",
                   "Hip Hop": "Not Electronic", "Funk / Soul": "Disco & Soul",
                   "Pop": "Not Electronic"}
# Shares of releases given a second instance: a second copy in the same folder, and
# a copy filed in another folder too.
OWNED_TWICE_SHARE = 0.015
TWO_FOLDERS_SHARE = 0.02
UNCATEGORIZED_SHARE = 0.06
# Share of instances whose owner graded media and sleeve (Discogs omits ``notes`` otherwise).
GRADED_SHARE = 0.4
_GRADES = ("Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)",
           "Good Plus (G+)")
_SLEEVES = _GRADES + ("Generic", "No Cover")


def folder_name(item: PlannedRelease, seed: int) -> str:
    """The folder a release is filed in (``"Uncategorized"`` for a few)."""
    rel = item.seed
    if rel.folder:
        return rel.folder
    if ids.unit(seed, "uncategorized", item.release_id) < UNCATEGORIZED_SHARE:
        return UNCATEGORIZED["name"]
    for style in rel.styles:
        if style in FOLDER_BY_STYLE:
            return FOLDER_BY_STYLE[style]
    for genre in rel.genres:
        if genre in FOLDER_BY_GENRE:
            return FOLDER_BY_GENRE[genre]
    return UNCATEGORIZED["name"]


def _timestamp(seed: int, index: int, total: int) -> str:
    """Dates added spread from 2019 to 2025 in collection order, with jitter."""
    r = ids.rng(seed, "added", index)
    day = int(index / max(total, 1) * 2400) + r.randint(0, 2)
    year, rest = 2019 + day // 365, day % 365
    month, dom = min(12, rest // 30 + 1), min(28, rest % 30 + 1)
    return (f"{year}-{month:02d}-{dom:02d}T{r.randint(8, 23):02d}:{r.randint(0, 59):02d}:"
            f"{r.randint(0, 59):02d}-08:00")


def _instance(seed: int, index: int, release_id: int, folder_id: int, total: int) -> dict:
    """One collection row; ``notes`` (media, sleeve grades) only for graded copies."""
    r = ids.rng(seed, "instance", index)
    row = {"instance_id": 412_000_001 + index, "release_id": release_id,
           "folder_id": folder_id, "date_added": _timestamp(seed, index, total),
           "rating": r.choice([0, 0, 0, 0, 3, 4, 5])}
    if r.random() < GRADED_SHARE:
        row["notes"] = [{"field_id": 1, "value": r.choice(_GRADES)},
                        {"field_id": 2, "value": r.choice(_SLEEVES)}]
    return row


def build(planned: list[PlannedRelease], seed: int) -> dict:
    """``folders``, ``collection`` and ``wants`` sections of the catalog.

    Folder order is by name (Uncategorized first); collection entries are in the
    order the user added them.
    """
    folder_ids = ids.IdPool(seed, "folder", 100_000, 9_999_999)
    owned = [p for p in planned if not p.seed.wanted]
    wanted = [p for p in planned if p.seed.wanted]
    entries: list[tuple[PlannedRelease, str]] = []
    names = [folder_name(p, seed) for p in owned]
    seconds = [p.seed.second_folder for p in owned if p.seed.second_folder]
    custom = sorted({n for n in names + seconds if n != UNCATEGORIZED["name"]})
    for item, name in zip(owned, names, strict=True):
        entries.append((item, name))
        if item.seed.second_folder:
            entries.append((item, item.seed.second_folder))
        elif ids.unit(seed, "owned-twice", item.release_id) < OWNED_TWICE_SHARE:
            entries.append((item, name))
        elif ids.unit(seed, "two-folders", item.release_id) < TWO_FOLDERS_SHARE and custom:
            others = [c for c in custom if c != name]
            entries.append((item, ids.rng(seed, "second", item.release_id).choice(others)))
    folders = [UNCATEGORIZED] + [{"id": folder_ids.get(n), "name": n} for n in custom]
    by_name = {f["name"]: f["id"] for f in folders}
    collection = [
        _instance(seed, i, item.release_id, by_name[name], len(entries))
        for i, (item, name) in enumerate(entries)
    ]
    wants = [
        {"release_id": item.release_id, "date_added": _timestamp(seed, 10_000 + i, len(wanted)),
         "rating": 0, "notes": ""}
        for i, item in enumerate(wanted)
    ]
    return {"user": dict(USER), "folders": folders, "collection": collection, "wants": wants}
