"""The labelled release cases (data/labelled/releases.jsonl) are valid and reproducible.

The format and policy are in data/labelled/RELEASES.md. `build_release_cases.validate`
holds the checks (expected/acceptable are candidates, every playable Discogs position
has an entry, the ids it lists exist, the expected edition holds at least half of the
positions, durations agree, derived tags agree with the labels, raw-object key sets);
this module runs them on the committed file, checks that the file is what the case
modules serialise, compares the key sets with the vendors' specs, and checks the set's
size and its trap coverage.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
RELEASES = REPO / "data" / "labelled" / "releases.jsonl"
README = REPO / "data" / "labelled" / "RELEASES.md"

TRAPS = ("trap-deluxe", "trap-compilation", "trap-rerecording", "trap-live-album", "trap-same-title",
         "trap-remix-album", "trap-other-version", "digital-extra-tracks", "digital-missing-tracks",
         "barcode-match", "barcode-differs", "no-match", "single-edits", "multi-disc", "reordered")
# Fields the specs list that development mode or this request (no market) does not return.
SPOTIFY_ALBUM_DROPPED = {"available_markets", "label", "popularity"}
SPOTIFY_TRACK_DROPPED = {"available_markets", "preview_url", "linked_from", "is_playable", "restrictions"}


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _module(REPO / "data" / "labelled" / "build_release_cases.py", "build_release_cases_under_test")


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    with RELEASES.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_every_case_passes_the_builders_checks(builder: ModuleType, cases: list[dict]) -> None:
    assert builder.validate(cases) == []


def test_file_is_what_the_case_modules_serialise(builder: ModuleType) -> None:
    assert RELEASES.read_text(encoding="utf-8") == builder.render(builder.build()), (
        "releases.jsonl is stale: run python data/labelled/build_release_cases.py")


def test_size_platforms_and_trap_coverage(cases: list[dict]) -> None:
    platforms = Counter(case["platform"] for case in cases)
    assert len(cases) >= 70
    assert platforms["spotify"] >= 50 and platforms["soundcloud"] >= 20
    tags = Counter(tag for case in cases for tag in case["tags"])
    for trap in TRAPS:
        assert tags[trap] >= 3, trap
    for platform in platforms:
        subset = [case for case in cases if case["platform"] == platform]
        assert sum(case["expected"] is None for case in subset) >= 0.1 * len(subset), platform
    genres = {tag for tag in tags if tag.startswith("genre:")}
    assert len(genres) >= 10


def test_expected_tracks_cover_exactly_the_playable_positions(builder: ModuleType, cases: list[dict]) -> None:
    for case in cases:
        release = case["source"]["release"]
        assert set(case["expected_tracks"]) == set(builder.playable_positions(release)), case["id"]
        headings = [e for e in release["tracklist"] if e["type_"] == "heading"]
        assert not {h["position"] for h in headings} & set(case["expected_tracks"]), case["id"]


def test_counts_in_the_readme_match_the_file(cases: list[dict]) -> None:
    """RELEASES.md documents the counts per platform, tag and genre; they must be current."""
    text = README.read_text(encoding="utf-8")
    platforms = Counter(case["platform"] for case in cases)
    assert f"{len(cases)} release cases" in text
    assert f"{platforms['spotify']} Spotify" in text and f"{platforms['soundcloud']} SoundCloud" in text
    tags = Counter(tag for case in cases for tag in case["tags"])
    for tag, count in tags.items():
        assert f"| `{tag}` | {count} |" in text, tag


# --- the checks catch what they are meant to catch ----------------------------------

def _first(cases: list[dict], platform: str, predicate=lambda case: True) -> dict:
    return copy.deepcopy(next(c for c in cases if c["platform"] == platform and predicate(c)))


def test_a_missing_position_or_an_unknown_track_is_reported(builder: ModuleType, cases: list[dict]) -> None:
    case = _first(cases, "spotify", lambda c: c["expected"])
    position = next(iter(case["expected_tracks"]))
    del case["expected_tracks"][position]
    assert any("expected_tracks keys" in m for m in builder.validate_case(case))
    case = _first(cases, "soundcloud", lambda c: c["expected"])
    position = next(iter(case["expected_tracks"]))
    case["expected_tracks"][position] = ["soundcloud:tracks:1"]
    assert any("is in no candidate" in m for m in builder.validate_case(case))


def test_an_expected_edition_holding_too_little_is_reported(builder: ModuleType, cases: list[dict]) -> None:
    case = _first(cases, "spotify", lambda c: c["expected"] and len(c["expected_tracks"]) >= 4)
    for position in case["expected_tracks"]:
        case["expected_tracks"][position] = []
    messages = builder.validate_case(case)
    assert any("less than half" in m for m in messages)
    assert any("derived tags" in m for m in messages)


def test_no_match_tag_and_raw_key_sets_are_enforced(builder: ModuleType, cases: list[dict]) -> None:
    case = _first(cases, "spotify", lambda c: c["expected"])
    case["tags"].append("no-match")
    assert any("unfounded ['no-match']" in m for m in builder.validate_case(case))
    case = _first(cases, "spotify")
    case["candidates"][0]["popularity"] = 50
    assert any("album keys" in m for m in builder.validate_case(case))
    case = _first(cases, "soundcloud")
    del case["candidates"][0]["set_type"]
    assert any("playlist keys" in m for m in builder.validate_case(case))


def test_a_wrong_length_mapping_is_reported(builder: ModuleType, cases: list[dict]) -> None:
    case = _first(cases, "spotify", lambda c: c["expected"])
    album = next(c for c in case["candidates"] if c["id"] == case["expected"])
    held = next(t for t in album["tracks"]["items"] if any(t["id"] in v for v in case["expected_tracks"].values()))
    held["duration_ms"] += 60_000
    assert any("against" in m for m in builder.validate_case(case))


# --- the key sets follow the vendors' specs -----------------------------------------

def test_key_sets_follow_the_specs(builder: ModuleType, shared_dir: Path) -> None:
    yaml = pytest.importorskip("yaml")
    spotify = yaml.safe_load((shared_dir / "api" / "specs" / "spotify-openapi.yml").read_text())
    schemas = spotify["components"]["schemas"]
    required = set(schemas["AlbumBase"]["required"]) | set(schemas["AlbumObject"]["required"])
    assert builder.SPOTIFY_ALBUM_KEYS == required - SPOTIFY_ALBUM_DROPPED
    track_fields = set(schemas["SimplifiedTrackObject"]["properties"])
    assert builder.SPOTIFY_TRACK_KEYS == track_fields - SPOTIFY_TRACK_DROPPED
    assert builder.SPOTIFY_ARTIST_KEYS == set(schemas["SimplifiedArtistObject"]["properties"])
    assert builder.SPOTIFY_PAGING_KEYS == set(schemas["PagingObject"]["required"])
    soundcloud = yaml.safe_load((shared_dir / "api" / "specs" / "soundcloud-openapi.yaml").read_text())
    sc = soundcloud["components"]["schemas"]
    assert builder.SOUNDCLOUD_PLAYLIST_KEYS == set(sc["Playlist"]["properties"]) | {"id", "set_type"}
    set_type = sc["CreateUpdatePlaylistRequest"]["properties"]["playlist"]["properties"]["set_type"]
    assert set(set_type["enum"]) <= builder.SET_KINDS
    assert builder.SOUNDCLOUD_TRACK_KEYS == set(sc["Track"]["properties"]) | {"id"}
    assert builder.SOUNDCLOUD_USER_KEYS <= set(sc["User"]["properties"]) | {"id"}
