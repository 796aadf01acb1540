"""SoundCloud sets: releases as labels and artists upload them, as public playlists.

A set is made from the account that uploaded the release's tracks: the label's channel
or the artist's. It holds that account's uploads of the release and, in some sets, the
release's other uploads (a blog's premiere); some miss their last track (the B-side
never went up), and some titles are decorated ("OUT NOW: ...", "[CATNO]"). Only the
release's own recordings go in, so a set never contradicts track truth.
"""

from __future__ import annotations

import random
from collections import Counter

from song_automations.emulator.gen import ids
from song_automations.emulator.gen.barcodes import barcode_digits
from song_automations.emulator.gen.names import display_name, slug
from song_automations.emulator.gen.soundcloud import API, stamp
from song_automations.emulator.gen.world import World

SET_SHARE = 0.4  # of releases whose label or artist channel uploaded some of their tracks
WITH_OTHERS_SHARE = 0.7  # sets that also list the release's uploads by other accounts
PARTIAL_SHARE = 0.15  # sets of two or more tracks that miss the last one
DECORATED_SHARE = 0.3
EAN_SHARE = 0.5  # label sets whose label filled in the barcode
SET_IDS = (1_000_000_000, 1_800_000_000)  # below the ids the emulator gives user playlists


def _owners(release: dict) -> tuple[str | None, set[str]]:
    """The label's channel name and the artist channel names a release may be uploaded by."""
    label = display_name(release["labels"][0]["name"]) if release["labels"] else None
    artists = {display_name(a["name"]) for a in release["artists"] if a["name"] != "Various"}
    return label, artists | {f"{a} Official" for a in artists}


def _set_type(release: dict, tracks: int) -> str:
    descriptions = {d for f in release["formats"] for d in f.get("descriptions", [])}
    if any(a["name"] == "Various" for a in release["artists"]) or "Compilation" in descriptions:
        return "compilation"
    if "EP" in descriptions:
        return "ep"
    if {"LP", "Album"} & descriptions or tracks > 6:
        return "album"
    return "ep" if tracks >= 3 else "single"


def _title(r: random.Random, release: dict, set_type: str) -> tuple[str, bool]:
    """The set's title and whether it is decorated beyond the release title."""
    title, who = release["title"], release["artists_sort"]
    catno = release["labels"][0]["catno"] if release["labels"] else "none"
    label = display_name(release["labels"][0]["name"]) if release["labels"] else ""
    if r.random() >= DECORATED_SHARE:
        return r.choice([title, title, f"{who} - {title}"]), False
    options = [f"OUT NOW: {who} - {title}", f"{title} | {label}" if label else f"{title} (Full Release)"]
    if catno.lower() != "none":
        options += [f"{who} - {title} [{catno}]", f"{title} {set_type.upper()} [{catno}]"]
    return r.choice(options), True


def build(world: World) -> tuple[list[dict], dict[str, str | None], dict]:
    """The catalog's sets, each release's set (urn or None) and the set figures."""
    by_urn = {t["urn"]: t for t in world.soundcloud.tracks}
    set_ids = ids.IdPool(world.seed, "sc-set", *SET_IDS)
    sets, by_release, counts = [], {}, Counter()
    for item in world.planned:
        rid = item.release_id
        if world.home(item) != rid or ids.unit(world.seed, "sc-set", rid) >= SET_SHARE:
            continue
        made = _make_set(world, rid, by_urn, set_ids, counts)
        if made is not None:
            sets.append(made)
            by_release[rid] = made
    truth = {}
    for item in world.planned:
        found = set(u for u in world.truth("soundcloud", item.release_id) if u)
        made = by_release.get(world.home(item))
        truth[str(item.release_id)] = made["urn"] if made and found & set(made["track_urns"]) else None
    counts["releases_with_set"] = sum(1 for urn in truth.values() if urn)
    counts["sets"] = len(sets)
    return sorted(sets, key=lambda s: s["id"]), truth, _figures(counts)


def _make_set(world: World, rid: int, by_urn: dict[str, dict], set_ids: ids.IdPool,
              counts: Counter) -> dict | None:
    """The set of release ``rid`` from its label's or artist's channel, or None."""
    release = world.releases[str(rid)]
    right = list(dict.fromkeys(u for u in world.truth("soundcloud", rid) if u))
    label, artists = _owners(release)
    channels = Counter(by_urn[u]["user"]["username"] for u in right
                       if by_urn[u]["user"]["username"] in artists | {label})
    if not channels:
        return None  # only blogs and archives uploaded it: nobody would make the set
    owner = channels.most_common(1)[0][0]
    r = ids.rng(world.seed, "sc-set", rid)
    with_others = r.random() < WITH_OTHERS_SHARE
    tracks = [u for u in right if with_others or by_urn[u]["user"]["username"] == owner]
    if len(tracks) >= 2 and r.random() < PARTIAL_SHARE:
        tracks = tracks[:-1]
    set_type = _set_type(release, len(world.positions(rid)))
    title, decorated = _title(r, release, set_type)
    number = set_ids.get(str(rid))
    made = _set_object(world, r, release, number, title, set_type, owner == label)
    made["user"] = world.soundcloud.users[owner]
    made["user_urn"], made["user_id"] = made["user"]["urn"], made["user"]["id"]
    made["permalink_url"] = f"{made['user']['permalink_url']}/sets/{made['permalink']}"
    made["track_urns"] = tracks
    counts.update({"partial": len(tracks) < len(right), "decorated_titles": decorated,
                   "with_ean": made["ean"] is not None, f"type_{set_type}": 1,
                   "label_channel" if owner == label else "artist_channel": 1})
    return made


def _set_object(world: World, r: random.Random, release: dict, number: int, title: str,
                set_type: str, by_label: bool) -> dict:
    """The public-API playlist fields a label or artist fills in for a release set."""
    urn = f"soundcloud:playlists:{number}"
    label = display_name(release["labels"][0]["name"]) if release["labels"] else None
    catno = release["labels"][0]["catno"] if release["labels"] else "none"
    barcode = barcode_digits(release)
    dated = release["year"] > 0 and r.random() < 0.7
    uploaded = min(2025, max(release["year"], 2010) + r.randint(0, 4))
    art = ids.hexid(world.seed, "sc-set-art", number, length=20)
    return {
        "kind": "playlist", "id": number, "urn": urn, "title": title,
        "description": f"Out now on {label}" if by_label and label else None,
        "sharing": "public", "set_type": set_type, "playlist_type": set_type, "type": set_type,
        "permalink": slug(title), "uri": f"{API}/playlists/{urn}", "tracks_uri": f"{API}/playlists/{urn}/tracks",
        "artwork_url": f"https://i1.sndcdn.com/artworks-{art}-t500x500.jpg",
        "created_at": stamp(r, uploaded), "last_modified": stamp(r, min(2025, uploaded + r.randint(0, 2))),
        "genre": release["styles"][0] if release["styles"] else "", "tag_list": "", "tags": "",
        "label_name": label if by_label or r.random() < 0.3 else None,
        "label_id": None, "label": None,
        "ean": barcode if by_label and barcode and r.random() < EAN_SHARE else None,
        "release": catno if by_label and catno.lower() != "none" and r.random() < 0.4 else None,
        "release_year": release["year"] if dated else None,
        "release_month": r.randint(1, 12) if dated else None,
        "release_day": r.randint(1, 28) if dated else None,
        "license": "all-rights-reserved", "likes_count": int(10 ** r.uniform(0.5, 4)),
        "streamable": True, "downloadable": False, "embeddable_by": "all",
        "purchase_title": "Buy" if by_label else None,
        "purchase_url": None,
    }


def _figures(counts: Counter) -> dict:
    return {
        "sets": counts["sets"], "releases_with_set": counts["releases_with_set"],
        "partial": counts["partial"], "decorated_titles": counts["decorated_titles"],
        "with_ean": counts["with_ean"],
        "by_type": {k: counts[f"type_{k}"] for k in ("album", "ep", "single", "compilation")},
        "by_owner": {"label": counts["label_channel"], "artist": counts["artist_channel"]},
    }
