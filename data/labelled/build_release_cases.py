"""Serialise and validate the hand-written release cases in data/labelled/src/ to releases.jsonl.

Usage (from the repository root): ``python data/labelled/build_release_cases.py [--check]``.
The modules `src/releases_*.py` hold one hand-written `rcase(...)` call per case (format
and policy: RELEASES.md); this script collects them in a fixed order, validates every
case (`validate`) and writes one JSON object per line (sorted keys, UTF-8), so the
output is byte-for-byte reproducible. It refuses to write an invalid set. ``--check``
compares instead of writing and exits 1 when the committed file is stale or invalid.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "src"
OUTPUT = HERE / "releases.jsonl"
# Fixed order: Spotify themes first, then SoundCloud.
MODULES = ("releases_sp_dance", "releases_sp_pop_rock", "releases_sp_world", "releases_sc")

log = logging.getLogger(__name__)

CASE_KEYS = {"id", "kind", "platform", "source", "candidates", "expected", "acceptable",
             "expected_tracks", "tags"}
RELEASE_KEYS = {"id", "title", "year", "artists", "labels", "formats", "identifiers",
                "extraartists", "tracklist"}
CREDIT_KEYS = {"name", "anv", "join", "role", "tracks", "id", "resource_url"}
LABEL_KEYS = {"name", "catno", "entity_type", "entity_type_name", "id", "resource_url"}
FORMAT_KEYS = {"name", "qty", "descriptions"}
IDENTIFIER_KEYS = {"type", "value", "description"}
TRACK_ENTRY_KEYS = {"position", "type_", "title", "duration", "extraartists"}
HEADING_KEYS = {"position", "type_", "title", "duration"}
INDEX_KEYS = {"position", "type_", "title", "duration", "sub_tracks"}

# Spotify, development mode (REFERENCE.md 2.1): the spec's required AlbumObject fields
# without `available_markets`, `label` and `popularity`, which development mode drops.
SPOTIFY_ALBUM_KEYS = {"album_type", "total_tracks", "external_urls", "href", "id", "images",
                      "name", "release_date", "release_date_precision", "type", "uri",
                      "artists", "tracks", "copyrights", "external_ids", "genres"}
# SimplifiedTrackObject without the deprecated `available_markets`/`preview_url` and the
# relinking-only `is_playable`/`linked_from`/`restrictions` (no market is sent).
SPOTIFY_TRACK_KEYS = {"artists", "disc_number", "duration_ms", "explicit", "external_urls",
                      "href", "id", "is_local", "name", "track_number", "type", "uri"}
SPOTIFY_ARTIST_KEYS = {"external_urls", "href", "id", "name", "type", "uri"}
SPOTIFY_PAGING_KEYS = {"href", "items", "limit", "next", "offset", "previous", "total"}
# SoundCloud: the spec's Playlist response properties, plus the deprecated `id` (still
# returned, as on tracks) and `set_type` (the set's kind; the write field, echoed).
SOUNDCLOUD_PLAYLIST_KEYS = {
    "title", "urn", "kind", "artwork_url", "created_at", "description", "downloadable",
    "duration", "ean", "embeddable_by", "genre", "label_id", "label_name", "last_modified",
    "license", "permalink", "permalink_url", "playlist_type", "purchase_title",
    "purchase_url", "release", "release_day", "release_month", "release_year", "sharing",
    "streamable", "tag_list", "track_count", "tracks", "type", "uri", "user", "user_urn",
    "likes_count", "label", "tracks_uri", "tags", "id", "set_type"}
SOUNDCLOUD_TRACK_KEYS = {
    "kind", "urn", "id", "title", "duration", "access", "streamable", "sharing", "downloadable",
    "download_url", "artwork_url", "permalink_url", "uri", "stream_url", "waveform_url", "genre",
    "tag_list", "label_name", "isrc", "metadata_artist", "bpm", "key_signature", "release",
    "release_day", "release_month", "release_year", "playback_count", "favoritings_count",
    "reposts_count", "comment_count", "download_count", "user_favorite", "user_playback_count",
    "commentable", "embeddable_by", "license", "created_at", "description",
    "available_country_codes", "secret_uri", "purchase_title", "purchase_url", "reveal_stats",
    "reveal_comments", "user"}
SOUNDCLOUD_USER_KEYS = {"urn", "id", "kind", "username", "permalink", "permalink_url",
                        "avatar_url", "uri", "full_name", "followers_count", "followings_count",
                        "track_count", "playlist_count", "public_favorites_count",
                        "reposts_count", "plan", "city", "country", "description",
                        "created_at", "last_modified"}
SET_KINDS = {"album", "ep", "single", "compilation", "playlist"}

TRAP_TAGS = {"trap-deluxe", "trap-compilation", "trap-rerecording", "trap-live-album",
             "trap-same-title", "trap-remix-album", "trap-other-version", "trap-parent-album"}
# Tags that follow from the labels; validate() recomputes them (see RELEASES.md).
DERIVED_TAGS = {"no-match", "digital-extra-tracks", "digital-missing-tracks", "reordered",
                "barcode-match", "barcode-differs", "multi-disc"}
FEATURE_TAGS = {"single-edits", "split-track", "index-tracks", "headings", "playlist-set",
                "blocked-hidden", "preview", "various-artists", "diacritics"}
GENRES = {"house", "techno", "disco", "electronic", "drum-and-bass", "synth-pop", "hip-hop",
          "rock", "folk", "soul-funk", "jazz", "pop", "reggae", "latin", "city-pop"}
FORMATS = {"12in", "7in", "lp", "multi-lp", "cd", "multi-cd", "cassette", "file", "other"}
TAG_VOCABULARY = (TRAP_TAGS | DERIVED_TAGS | FEATURE_TAGS | {f"genre:{g}" for g in GENRES}
                  | {f"format:{f}" for f in FORMATS})

DURATION = re.compile(r"^$|^(\d+:)?\d{1,2}:\d{2}$")
SPOTIFY_ID = re.compile(r"^[0-9A-Za-z]{22}$")
SC_URN = re.compile(r"^soundcloud:(tracks|playlists|users):(\d+)$")
DISC_PREFIX = re.compile(r"^(CD|DVD)?\d+-\d+$")
DURATION_TOLERANCE_S = 10


def build() -> list[dict]:
    """All cases, in module order. Modules not written yet are skipped with a warning."""
    if str(SOURCE_DIR) not in sys.path:
        sys.path.insert(0, str(SOURCE_DIR))
    cases: list[dict] = []
    for name in MODULES:
        if not (SOURCE_DIR / f"{name}.py").exists():
            log.warning("case module %s is missing; skipped", name)
            continue
        cases.extend(importlib.import_module(name).CASES)
    return cases


def render(cases: list[dict]) -> str:
    """JSON Lines text: one case per line, keys sorted, non-ASCII kept as UTF-8."""
    return "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in cases)


# --- validation ----------------------------------------------------------------------

def seconds(text: str) -> int:
    total = 0
    for field in text.split(":"):
        total = total * 60 + int(field)
    return total


def playable_positions(release: dict) -> list[str]:
    out = []
    for entry in release["tracklist"]:
        if entry["type_"] == "track":
            out.append(entry["position"])
        elif entry["type_"] == "index":
            out.extend(s["position"] for s in entry["sub_tracks"])
    return out


def durations(release: dict) -> dict[str, str]:
    out = {}
    for entry in release["tracklist"]:
        for sub in [entry] if entry["type_"] == "track" else entry.get("sub_tracks", []):
            out[sub["position"]] = sub["duration"]
    return out


def key_of(case: dict) -> str:
    return "id" if case["platform"] == "spotify" else "urn"


def tracks_of(case: dict, candidate: dict) -> list[dict]:
    return candidate["tracks"]["items"] if case["platform"] == "spotify" else candidate["tracks"]


def track_ms(case: dict, track: dict) -> int:
    return track["duration_ms"] if case["platform"] == "spotify" else track["duration"]


def digits(code: str | None) -> str:
    """A barcode reduced for comparison: digits only, leading zeros dropped (UPC-A = EAN-13)."""
    return re.sub(r"\D", "", code or "").lstrip("0")


def _check_release(release: dict, err: list[str]) -> None:
    if set(release) != RELEASE_KEYS:
        err.append(f"release keys {sorted(set(release) ^ RELEASE_KEYS)}")
    if not isinstance(release["id"], int) or not isinstance(release["year"], int):
        err.append("release id/year must be ints")
    credits = list(release["artists"]) + list(release["extraartists"])
    for entry in release["tracklist"]:
        for sub in [entry] + entry.get("sub_tracks", []):
            credits += sub.get("artists", []) + sub.get("extraartists", [])
            if not DURATION.match(sub["duration"]):
                err.append(f"bad duration {sub['duration']!r}")
        kind = entry["type_"]
        allowed = {"track": TRACK_ENTRY_KEYS, "heading": HEADING_KEYS, "index": INDEX_KEYS}.get(kind)
        if allowed is None:
            err.append(f"unknown type_ {kind!r}")
            continue
        extra = set(entry) - allowed - ({"artists"} if kind == "track" else set())
        if not allowed <= set(entry) or extra:
            err.append(f"tracklist entry {entry.get('position')!r} keys")
        for sub in entry.get("sub_tracks", []):
            if sub["type_"] != "track" or not TRACK_ENTRY_KEYS <= set(sub):
                err.append(f"sub_track {sub.get('position')!r} must be a track")
    for credit in credits:
        if set(credit) != CREDIT_KEYS:
            err.append(f"credit keys {credit.get('name')!r}")
    for label in release["labels"]:
        if set(label) != LABEL_KEYS:
            err.append(f"label keys {label.get('name')!r}")
    for item in release["formats"]:
        if not FORMAT_KEYS <= set(item) <= FORMAT_KEYS | {"text"} or not isinstance(item["qty"], str):
            err.append("format keys")
    for item in release["identifiers"]:
        if set(item) != IDENTIFIER_KEYS:
            err.append("identifier keys")
    if not release["tracklist"] or not release["formats"]:
        err.append("a release needs a tracklist and a format")


def _check_spotify_album(album: dict, err: list[str]) -> None:
    if set(album) != SPOTIFY_ALBUM_KEYS:
        err.append(f"album keys {sorted(set(album) ^ SPOTIFY_ALBUM_KEYS)}")
        return
    aid = album["id"]
    if not SPOTIFY_ID.match(aid) or album["uri"] != f"spotify:album:{aid}" or album["type"] != "album":
        err.append(f"album id/uri {aid}")
    if album["album_type"] not in ("album", "single", "compilation"):
        err.append(f"album_type {album['album_type']}")
    precision = {4: "year", 7: "month", 10: "day"}.get(len(album["release_date"]))
    if album["release_date_precision"] != precision:
        err.append(f"release_date_precision {aid}")
    paging = album["tracks"]
    items = paging["items"]
    if set(paging) != SPOTIFY_PAGING_KEYS or not (album["total_tracks"] == paging["total"] == len(items)):
        err.append(f"tracks paging {aid}")
    if set(album["external_ids"]) - {"upc", "ean", "isrc"}:
        err.append(f"external_ids {aid}")
    for c in album["copyrights"]:
        if set(c) != {"text", "type"} or c["type"] not in ("C", "P"):
            err.append(f"copyrights {aid}")
    for artist in album["artists"]:
        if set(artist) != SPOTIFY_ARTIST_KEYS:
            err.append(f"album artist keys {aid}")
    disc, number = 1, 0
    for item in items:
        if item.get("disc_number") == disc + 1:
            disc, number = disc + 1, 0
        number += 1
        if item.get("disc_number") != disc or item.get("track_number") != number:
            err.append(f"track numbering {item.get('id')}")
            disc, number = item.get("disc_number"), item.get("track_number")
        if set(item) != SPOTIFY_TRACK_KEYS:
            err.append(f"track keys {item.get('id')}")
            continue
        if not SPOTIFY_ID.match(item["id"]) or item["uri"] != f"spotify:track:{item['id']}":
            err.append(f"track id/uri {item['id']}")
        if not isinstance(item["duration_ms"], int) or not isinstance(item["explicit"], bool):
            err.append(f"track duration/explicit {item['id']}")
        for artist in item["artists"]:
            if set(artist) != SPOTIFY_ARTIST_KEYS:
                err.append(f"track artist keys {item['id']}")


def _check_soundcloud_set(playlist: dict, err: list[str]) -> None:
    if set(playlist) != SOUNDCLOUD_PLAYLIST_KEYS:
        err.append(f"playlist keys {sorted(set(playlist) ^ SOUNDCLOUD_PLAYLIST_KEYS)}")
        return
    match = SC_URN.match(playlist["urn"])
    if not match or match.group(1) != "playlists" or int(match.group(2)) != playlist["id"]:
        err.append(f"playlist urn {playlist['urn']}")
    if playlist["kind"] != "playlist" or playlist["set_type"] not in SET_KINDS:
        err.append(f"playlist kind/set_type {playlist['urn']}")
    if not playlist["playlist_type"] == playlist["type"] == playlist["set_type"]:
        err.append(f"playlist_type/type {playlist['urn']}")
    tracks = playlist["tracks"]
    if playlist["track_count"] < len(tracks) or playlist["duration"] < sum(t["duration"] for t in tracks):
        err.append(f"track_count/duration {playlist['urn']}")
    if set(playlist["user"]) != SOUNDCLOUD_USER_KEYS or playlist["user_urn"] != playlist["user"]["urn"]:
        err.append(f"playlist user {playlist['urn']}")
    urns = [t["urn"] for t in tracks]
    if len(urns) != len(set(urns)):
        err.append(f"a track twice in {playlist['urn']}")
    for track in tracks:
        if set(track) != SOUNDCLOUD_TRACK_KEYS or set(track["user"]) != SOUNDCLOUD_USER_KEYS:
            err.append(f"track keys {track.get('urn')}")
            continue
        match = SC_URN.match(track["urn"])
        if not match or match.group(1) != "tracks" or int(match.group(2)) != track["id"]:
            err.append(f"track urn {track['urn']}")
        if track["access"] not in ("playable", "preview"):
            err.append(f"{track['urn']}: GET /playlists hides blocked tracks by default")


def _album_order(case: dict, album: dict, order: dict[str, int]) -> tuple[list[int], int, set[str]]:
    """(Discogs indexes of the album's mapped tracks in album order, unmapped count, positions held)."""
    by_track: dict[str, list[str]] = {}
    for position, ids in case["expected_tracks"].items():
        for tid in ids:
            by_track.setdefault(tid, []).append(position)
    sequence, unmapped, held = [], 0, set()
    for track in tracks_of(case, album):
        mapped = by_track.get(track[key_of(case)], [])
        if not mapped:
            unmapped += 1
        sequence.extend(sorted(order[p] for p in mapped))
        held.update(mapped)
    return sequence, unmapped, held


def derived_tags(case: dict) -> set[str]:
    """The tags that follow from the labels (documented in RELEASES.md)."""
    release = case["source"]["release"]
    order = {p: i for i, p in enumerate(playable_positions(release))}
    tags: set[str] = set()
    by_id = {c[key_of(case)]: c for c in case["candidates"]}
    if any(DISC_PREFIX.match(p) for p in order) or (case["platform"] == "spotify" and any(
            t["disc_number"] > 1 for c in case["candidates"] for t in c["tracks"]["items"])):
        tags.add("multi-disc")
    if case["expected"] is None:
        return tags | {"no-match"}
    chosen = by_id[case["expected"]]
    sequence, unmapped, held = _album_order(case, chosen, order)
    if unmapped:
        tags.add("digital-extra-tracks")
    if set(order) - held:
        tags.add("digital-missing-tracks")
    if any(b < a for a, b in zip(sequence, sequence[1:])):
        tags.add("reordered")
    codes = {digits(i["value"]) for i in release["identifiers"] if i["type"] == "Barcode"} - {""}
    if case["platform"] == "spotify":
        theirs = {digits(v) for k, v in chosen["external_ids"].items() if k in ("upc", "ean")}
    else:
        theirs = {digits(chosen["ean"])}
    theirs -= {""}
    if codes and theirs:
        tags.add("barcode-match" if codes & theirs else "barcode-differs")
    return tags


def feature_facts(case: dict) -> dict[str, bool]:
    """Feature tags that describe what a case shows, each set exactly when it holds."""
    release = case["source"]["release"]
    kinds = {e["type_"] for e in release["tracklist"]}
    uses = Counter()
    for candidate in case["candidates"]:
        own = {t[key_of(case)] for t in tracks_of(case, candidate)}
        for listed in case["expected_tracks"].values():
            uses[len(own & set(listed))] += 1
    sc = case["platform"] == "soundcloud"
    return {
        "index-tracks": "index" in kinds,
        "headings": "heading" in kinds,
        "split-track": any(n > 1 for n in uses),
        "various-artists": any(a["name"] == "Various" for a in release["artists"]),
        "preview": sc and any(t["access"] == "preview" for c in case["candidates"] for t in c["tracks"]),
        "blocked-hidden": sc and any(c["track_count"] > len(c["tracks"]) for c in case["candidates"]),
        "playlist-set": sc and any(c["set_type"] == "playlist" for c in case["candidates"]),
    }


def validate_case(case: dict) -> list[str]:
    """Every problem with one case, as messages (empty when it is valid)."""
    err: list[str] = []
    if set(case) != CASE_KEYS:
        return [f"case keys {sorted(set(case) ^ CASE_KEYS)}"]
    if case["kind"] != "release" or case["platform"] not in ("spotify", "soundcloud"):
        err.append("kind/platform")
        return err
    if set(case["source"]) != {"release"}:
        err.append("source must hold only the release")
    release = case["source"]["release"]
    _check_release(release, err)
    key = key_of(case)
    ids = [c.get(key) for c in case["candidates"]]
    if len(ids) != len(set(ids)):
        err.append("duplicate candidate ids")
    check = _check_spotify_album if case["platform"] == "spotify" else _check_soundcloud_set
    for candidate in case["candidates"]:
        check(candidate, err)
    if err:
        return err
    track_ids = {t[key] for c in case["candidates"] for t in tracks_of(case, c)}
    if case["platform"] == "spotify" and sum(len(tracks_of(case, c)) for c in case["candidates"]) != len(track_ids):
        err.append("a Spotify track id twice in the case")
    expected, acceptable = case["expected"], case["acceptable"]
    if expected is not None and expected not in ids:
        err.append(f"expected {expected} is not a candidate")
    if len(acceptable) != len(set(acceptable)) or expected in acceptable:
        err.append("acceptable repeats an id or holds the expected one")
    for aid in acceptable:
        if aid not in ids:
            err.append(f"acceptable {aid} is not a candidate")
    positions = playable_positions(release)
    mapping = case["expected_tracks"]
    if list(mapping) != positions and set(mapping) != set(positions):
        err.append(f"expected_tracks keys differ from the positions: {sorted(set(mapping) ^ set(positions))}")
    for position, listed in mapping.items():
        if len(listed) != len(set(listed)):
            err.append(f"{position}: a track twice")
        for tid in listed:
            if tid not in track_ids:
                err.append(f"{position}: {tid} is in no candidate")
    for aid in ([expected] if expected else []) + acceptable:
        if aid not in ids:
            continue
        own = {t[key] for t in tracks_of(case, case["candidates"][ids.index(aid)])}
        covered = sum(1 for p in positions if own & set(mapping.get(p, [])))
        if 2 * covered < len(positions):
            err.append(f"{aid} holds {covered} of {len(positions)} positions (less than half)")
    # A mapped track's length agrees with the Discogs duration (summed when Discogs' one
    # track is split into several digital tracks; skipped when one track holds several
    # positions, as an index's sub-tracks played as one digital track).
    lengths = durations(release)
    uses = Counter(tid for listed in mapping.values() for tid in listed)
    for candidate in case["candidates"]:
        ms_by_id = {t[key]: track_ms(case, t) for t in tracks_of(case, candidate)}
        for position, listed in mapping.items():
            mine = [tid for tid in listed if tid in ms_by_id]
            if not mine or not lengths.get(position) or any(uses[t] > 1 for t in mine):
                continue
            total = sum(ms_by_id[t] for t in mine) / 1000
            if abs(total - seconds(lengths[position])) > DURATION_TOLERANCE_S:
                err.append(f"{position}: {total:.0f} s in {candidate[key]} against {lengths[position]}")
    tags = case["tags"]
    if len(tags) != len(set(tags)) or set(tags) - TAG_VOCABULARY:
        err.append(f"tags outside the vocabulary or repeated: {sorted(set(tags) - TAG_VOCABULARY)}")
    if sum(t.startswith("genre:") for t in tags) != 1 or sum(t.startswith("format:") for t in tags) != 1:
        err.append("exactly one genre: and one format: tag")
    wanted, written = derived_tags(case), set(tags) & DERIVED_TAGS
    if wanted != written:
        err.append(f"derived tags: missing {sorted(wanted - written)}, unfounded {sorted(written - wanted)}")
    for tag, present in feature_facts(case).items():
        if (tag in tags) != present:
            err.append(f"feature tag {tag} {'missing' if present else 'unfounded'}")
    return err


def validate(cases: list[dict]) -> list[str]:
    """Every problem in the set: per-case checks, unique case ids, and one object per id."""
    problems = [f"{case.get('id')}: {msg}" for case in cases for msg in validate_case(case)]
    counts = Counter(case.get("id") for case in cases)
    problems += [f"case id {cid} used {n} times" for cid, n in counts.items() if n > 1]
    seen: dict[str, str] = {}
    for case in cases:
        if "candidates" not in case:
            continue
        key = key_of(case)
        objects = []
        for candidate in case["candidates"]:
            objects.append((candidate[key], candidate))
            objects += [(t[key], t) for t in tracks_of(case, candidate)]
        for oid, obj in objects:
            text = json.dumps(obj, sort_keys=True, ensure_ascii=False)
            if seen.setdefault(oid, text) != text:
                problems.append(f"{case['id']}: {oid} differs from its other appearance")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cases = build()
    problems = validate(cases)
    for problem in problems:
        log.error("%s", problem)
    if problems:
        log.error("%d problems: %s not written", len(problems), OUTPUT.name)
        return 1
    text = render(cases)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            log.error("%s is stale: run python data/labelled/build_release_cases.py", OUTPUT)
            return 1
        log.info("%s is up to date (%d cases)", OUTPUT, len(cases))
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    log.info("wrote %d cases to %s", len(cases), OUTPUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
