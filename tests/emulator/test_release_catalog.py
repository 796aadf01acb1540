"""The release level of the demo catalog: albums, sets, release truth.

The release level was added to a catalog whose track-level world (every track id,
title, duration, tracklist, truth entry and figure) the benchmarks and the labelled
sets rely on, so the first tests prove it changed no existing value; the rest check
that what it adds is consistent with track truth and as imperfect as promised.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from typing import Any

import pytest

from song_automations.emulator.gen.barcodes import check_digit
from song_automations.emulator.generate import build_catalog

# SHA-256 of the canonical JSON (sorted keys) of data/demo_catalog.json.gz as committed
# before the release level existed (commit e372f26). The track-level-only build, without
# the mono mix marks added since, must still reproduce it exactly.
TRACK_LEVEL_DIGEST = "7fb79146f3e9060f9ae54d66bf6f769207b02f22ae79dce59a95ecae6a8dd5a0"
# What the release level adds, as paths of new keys.
ADDED_KEYS = {"$.release_truth", "$.spotify.albums", "$.spotify.album_tracks", "$.soundcloud.sets",
              "$.meta.figures.albums", "$.meta.figures.sets"}


def canonical_digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def catalog() -> dict:
    return build_catalog(scale=1, seed=7)


@pytest.fixture(scope="module")
def track_level() -> dict:
    return build_catalog(scale=1, seed=7, release_level=False)


def differences(old: Any, new: Any, path: str = "$") -> list[tuple[str, Any, Any]]:
    """Every place where ``new`` does not hold ``old``'s value: ``(path, old, new)``.

    Keys ``new`` adds are reported with ``old`` set to the marker ``"<added>"``; lists
    of different lengths are reported whole.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        out = [(f"{path}.{k}", "<added>", new[k]) for k in new if k not in old]
        for key, value in old.items():
            out += differences(value, new.get(key, "<missing>"), f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new, strict=True)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if old == new else [(path, old, new)]


def without_mix_marks(data: dict) -> dict:
    """``data`` without the marks that later named a mono record's mix ("So What - Mono",
    "So What (Mono)" and its permalink): nothing else of the track level changed since."""
    data = json.loads(json.dumps(data))
    for track in data["spotify"]["tracks"]:
        track["name"] = track["name"].replace(" - Mono / ", " - ").replace(" - Mono", "")
    for track in data["soundcloud"]["tracks"]:
        if " (Mono)" in track["title"]:
            track["title"] = track["title"].replace(" (Mono)", "")
            track["permalink_url"] = track["permalink_url"].replace("-mono", "")
    return data


def test_the_track_level_build_is_the_catalog_committed_before_the_release_level(track_level):
    assert canonical_digest(without_mix_marks(track_level)) == TRACK_LEVEL_DIGEST


def test_a_mono_record_of_the_stereo_era_is_marked_mono_on_both_platforms(track_level):
    # Kind Of Blue, Columbia CL 1355 (1959, "Mono"): the platforms carry its mono mix and say so.
    truth = track_level["truth"]
    names = {t["id"]: t["name"] for t in track_level["spotify"]["tracks"]}
    titles = {t["urn"]: t["title"] for t in track_level["soundcloud"]["tracks"]}
    keys = [k for k in truth["spotify"] if k.startswith("14326499:")]
    assert keys
    assert all(" - Mono" in names[truth["spotify"][k]] for k in keys if truth["spotify"][k])
    assert all("(Mono)" in titles[truth["soundcloud"][k]] for k in keys if truth["soundcloud"][k])
    # ...and no other record is.
    marked = [n for n in names.values() if " - Mono" in n]
    assert len(marked) == sum(1 for k in truth["spotify"] if truth["spotify"][k] and k.split(":")[0] in
                              {"14326499", "29009589"})


def test_the_release_level_changes_no_existing_value(catalog, track_level):
    """Field by field: only new keys, barcodes appended to CDs, and the track count of
    editions that gained bonus tracks (their embedded album must agree with the album)."""
    album_only = Counter(t["album"]["id"] for t in catalog["spotify"]["album_tracks"])
    added, unexplained = set(), []
    for path, old, new in differences(track_level, catalog):
        if old == "<added>":
            added.add(path)
        elif re.fullmatch(r"\$\.discogs\.releases\.\d+\.identifiers", path):
            assert new[: len(old)] == old and all(i["type"] == "Barcode" for i in new[len(old):]), path
        elif re.fullmatch(r"\$\.spotify\.tracks\[\d+\]\.album\.total_tracks", path):
            album_id = catalog["spotify"]["tracks"][int(path.split("[")[1].split("]")[0])]["album"]["id"]
            assert new == old + album_only[album_id], path
        else:
            unexplained.append((path, old, new))
    assert not unexplained, unexplained[:10]
    assert added == ADDED_KEYS
    assert catalog["meta"]["figures"] == {**track_level["meta"]["figures"],
                                          "albums": catalog["meta"]["figures"]["albums"],
                                          "sets": catalog["meta"]["figures"]["sets"]}


def test_the_release_level_is_deterministic_and_seeded(catalog):
    again = build_catalog(scale=1, seed=7)
    for key in ("release_truth", "meta"):
        assert again[key] == catalog[key]
    assert again["spotify"]["albums"] == catalog["spotify"]["albums"]
    assert again["soundcloud"]["sets"] == catalog["soundcloud"]["sets"]
    other = build_catalog(scale=1, seed=8)
    assert other["release_truth"]["spotify"] != catalog["release_truth"]["spotify"]


def _albums(catalog: dict) -> dict[str, list[dict]]:
    out: defaultdict[str, list[dict]] = defaultdict(list)
    for track in catalog["spotify"]["tracks"] + catalog["spotify"]["album_tracks"]:
        out[track["album"]["id"]].append(track)
    return dict(out)


def test_every_album_a_track_names_is_a_resource_that_lists_it(catalog):
    albums = _albums(catalog)
    fields = {a["id"]: a for a in catalog["spotify"]["albums"]}
    assert set(fields) == set(albums)
    for album_id, tracks in albums.items():
        assert {t["album"]["total_tracks"] for t in tracks} == {len(tracks)}, album_id
        entry = fields[album_id]
        assert set(entry) == {"id", "copyrights", "external_ids", "genres", "label", "popularity"}
        assert re.fullmatch(r"\d{12,13}", entry["external_ids"]["upc"]) and entry["genres"] == []
        assert {c["type"] for c in entry["copyrights"]} == {"C", "P"}
    upcs = [a["external_ids"]["upc"] for a in catalog["spotify"]["albums"]]
    assert len(set(upcs)) == len(upcs)


def test_album_only_tracks_are_new_recordings_that_no_truth_names(catalog):
    catalog_ids = {t["id"] for t in catalog["spotify"]["tracks"]}
    album_only = catalog["spotify"]["album_tracks"]
    assert album_only and not catalog_ids & {t["id"] for t in album_only}
    truth = {v for v in catalog["truth"]["spotify"].values() if v}
    assert not truth & {t["id"] for t in album_only}
    # none reads like a right answer: another name or other artists, and its own ISRC
    def label(t: dict) -> tuple:
        return t["name"], tuple(a["name"] for a in t["artists"])
    right = [t for t in catalog["spotify"]["tracks"] if t["id"] in truth]
    assert not {label(t) for t in right} & {label(t) for t in album_only}
    isrcs = Counter(t["external_ids"]["isrc"] for t in catalog["spotify"]["tracks"] + album_only)
    assert not [t for t in album_only if isrcs[t["external_ids"]["isrc"]] > 1]


def _positions_truth(catalog: dict, platform: str, release_id: str) -> list[str | None]:
    prefix = f"{release_id}:"
    return [v for k, v in catalog["truth"][platform].items() if k.startswith(prefix)]


def test_each_release_album_holds_the_same_recordings_as_its_track_truth(catalog):
    albums = _albums(catalog)
    by_id = {t["id"]: t for t in catalog["spotify"]["tracks"]}
    album_only = {t["id"] for t in catalog["spotify"]["album_tracks"]}
    truth = catalog["release_truth"]["spotify"]
    assert set(truth) == set(catalog["discogs"]["releases"])
    for release_id, album_id in truth.items():
        right = [t for t in _positions_truth(catalog, "spotify", release_id) if t]
        if album_id is None:
            continue
        listed = {t["id"] for t in albums[album_id]}
        # the album's catalog tracks are exactly the release's right tracks filed on it
        assert listed - album_only == {t for t in right if by_id[t]["album"]["id"] == album_id}, release_id
        assert listed - album_only, f"{release_id}: its album holds none of its recordings"
        isrcs = {by_id[t]["external_ids"]["isrc"] for t in right}
        assert not isrcs & {t["external_ids"]["isrc"] for t in albums[album_id] if t["id"] in album_only}


def test_each_release_set_holds_only_the_releases_recordings_in_order(catalog):
    sets = {s["urn"]: s for s in catalog["soundcloud"]["sets"]}
    truth = catalog["release_truth"]["soundcloud"]
    assert set(truth) == set(catalog["discogs"]["releases"])
    assert {u for u in truth.values() if u} <= set(sets)
    for release_id, urn in truth.items():
        if urn is None:
            continue
        right = list(dict.fromkeys(u for u in _positions_truth(catalog, "soundcloud", release_id) if u))
        held = sets[urn]["track_urns"]
        assert held and set(held) <= set(right), release_id
        assert held == [u for u in right if u in held], f"{release_id}: set out of tracklist order"


def test_album_figures_count_what_the_catalog_holds(catalog):
    fig = catalog["meta"]["figures"]["albums"]
    albums = _albums(catalog)
    album_only = {t["id"] for t in catalog["spotify"]["album_tracks"]}
    truth = catalog["release_truth"]["spotify"]
    assert fig["with_album"] == sum(1 for a in truth.values() if a) and fig["no_album"] >= 1
    deluxe = {a for a, ts in albums.items() if any(t["disc_number"] == 2 and t["id"] in album_only for t in ts)}
    assert fig["flaws"]["deluxe"] == sum(1 for a in truth.values() if a in deluxe) > 0
    assert all(fig["flaws"][k] > 0 for k in ("exact", "missing_tracks", "bonus_tracks"))
    assert all(fig["upc_vs_barcode"][k] > 0 for k in ("same", "padded", "differs", "no_barcode"))
    assert all(n > 0 for n in fig["decoy_albums"].values())
    compilations = [a for a, ts in albums.items() if all(t["id"] in album_only for t in ts)
                    and ts[0]["album"]["album_type"] == "compilation"]
    assert len(compilations) == fig["decoy_albums"]["va_compilations"]
    assert fig["album_only_tracks"] == len(album_only) and fig["album_resources"] == len(albums)
    timing = fig["durations"]
    assert 0 < timing["without_discogs_duration"] < timing["tracks_on_edition"]
    assert 0 < timing["within_2s"] < timing["tracks_on_edition"] - timing["without_discogs_duration"]


def test_decoy_albums_share_a_name_or_the_songs_but_not_the_recordings(catalog):
    albums = _albums(catalog)
    truth = catalog["release_truth"]["spotify"]
    editions = {a: albums[a][0]["album"] for a in truth.values() if a}
    by_name = defaultdict(set)
    for album_id, tracks in albums.items():
        by_name[tracks[0]["album"]["name"]].add(album_id)
    other_artist = [a for a, e in editions.items() for twin in by_name[e["name"]] - {a}
                    if {x["name"] for x in albums[twin][0]["album"]["artists"]}.isdisjoint(
                        {x["name"] for x in e["artists"]})]
    assert other_artist, "no same-title album by another artist"
    live = [ts for ts in albums.values() if all(" - Live" in t["name"] for t in ts)]
    rerecorded = [ts for ts in albums.values() if all(re.search(r"Re-Record|\d{4} Version", t["name"]) for t in ts)]
    assert live and rerecorded


def test_barcodes_are_discogs_identifiers_and_cds_carry_valid_ones(catalog):
    releases = catalog["discogs"]["releases"].values()
    for release in releases:
        for ident in release["identifiers"]:
            assert set(ident) <= {"type", "value", "description"} and {"type", "value"} <= set(ident)
        assert release["formats"] and all(f["name"] for f in release["formats"])
    cds = [r for r in releases if r["formats"][0]["name"] == "CD" and r["year"] >= 1986]
    assert cds and all(any(i["type"] == "Barcode" for i in r["identifiers"]) for r in cds)
    described = [i for r in releases for i in r["identifiers"] if i["type"] == "Barcode" and "description" in i]
    assert described and all(check_digit(i["value"][:-1]) == i["value"][-1] for i in described)
    assert {f["name"] for r in releases for f in r["formats"]} >= {"Vinyl", "CD"}


def test_sets_are_public_label_or_artist_playlists_some_partial_some_decorated(catalog):
    sets = catalog["soundcloud"]["sets"]
    users = {u["urn"]: u for u in catalog["soundcloud"]["users"]}
    fig = catalog["meta"]["figures"]["sets"]
    assert len(sets) == fig["sets"] > 0
    assert all(s["sharing"] == "public" and s["user"] == users[s["user_urn"]] for s in sets)
    assert {s["set_type"] for s in sets} <= {"album", "ep", "single", "compilation"}
    assert all(s["playlist_type"] == s["type"] == s["set_type"] for s in sets)
    assert fig["partial"] > 0 and fig["decorated_titles"] > 0 and fig["with_ean"] > 0
    releases = catalog["discogs"]["releases"]
    truth = catalog["release_truth"]["soundcloud"]
    for release_id, urn in truth.items():
        found = next((s for s in sets if s["urn"] == urn), None)
        if found and found["ean"]:
            barcode = next(i["value"] for i in releases[release_id]["identifiers"] if i["type"] == "Barcode")
            assert found["ean"] == re.sub(r"\D", "", barcode)
    assert len({s["id"] for s in sets}) == len(sets) and all(s["id"] < 1_900_000_001 for s in sets)


def test_a_repress_shares_the_digital_edition_of_the_release_it_represses():
    catalog = build_catalog(scale=2, seed=7)
    releases = catalog["discogs"]["releases"]
    truth = catalog["release_truth"]["spotify"]
    pairs = [(rid, other) for rid, other in _repress_pairs(releases)]
    shared = [rid for rid, original in pairs if truth[rid] and truth[rid] == truth[original]]
    assert len(shared) >= len(pairs) // 2 > 0


def _repress_pairs(releases: dict[str, dict]) -> list[tuple[str, str]]:
    """(repress, original) pairs: same title, artists and tracklist, different ids."""
    by_content: defaultdict[str, list[str]] = defaultdict(list)
    for rid, release in releases.items():
        key = json.dumps([release["title"], release["artists_sort"],
                          [(r["position"], r["title"]) for r in release["tracklist"]]])
        by_content[key].append(rid)
    return [(rid, group[0]) for group in by_content.values() for rid in group[1:]]
