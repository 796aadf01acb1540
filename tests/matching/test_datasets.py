"""The labelled match-case sets are valid per ../shared/eval/FORMAT.md and reproducible.

Covers data/labelled/cases.jsonl (the project's hand-written set) and the converted
iTunes-Amazon splits in data/itunes_amazon/. A broken line here would silently skew
every precision/recall figure `song-automations eval` reports, so each line is checked.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from song_automations.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
LABELLED = REPO / "data" / "labelled" / "cases.jsonl"
ITUNES_DIR = REPO / "data" / "itunes_amazon"
ITUNES_SPLITS = {"train": (321, 78), "valid": (109, 27), "test": (109, 27)}
ALL_SETS = [LABELLED] + [ITUNES_DIR / f"{s}.jsonl" for s in ITUNES_SPLITS]

CASE_KEYS = {"id", "platform", "source", "candidates", "expected"}
SPOTIFY_TRACK_KEYS = {"album", "artists", "disc_number", "duration_ms", "explicit", "external_ids",
                      "external_urls", "href", "id", "is_local", "name", "track_number", "type",
                      "uri"}
SPOTIFY_OPTIONAL = {"popularity"}
SPOTIFY_ARTIST_KEYS = {"external_urls", "href", "id", "name", "type", "uri"}
SPOTIFY_ALBUM_KEYS = {"album_type", "total_tracks", "external_urls", "href", "id", "images", "name",
                      "release_date", "release_date_precision", "type", "uri", "artists"}
SOUNDCLOUD_TRACK_KEYS = {
    "kind", "urn", "id", "title", "duration", "access", "streamable", "sharing", "downloadable",
    "download_url", "artwork_url", "permalink_url", "uri", "stream_url", "waveform_url", "genre",
    "tag_list", "label_name", "isrc", "metadata_artist", "bpm", "key_signature", "release",
    "release_day", "release_month", "release_year", "playback_count", "favoritings_count",
    "reposts_count", "comment_count", "download_count", "user_favorite", "user_playback_count",
    "commentable", "embeddable_by", "license", "created_at", "description",
    "available_country_codes", "secret_uri", "purchase_title", "purchase_url", "reveal_stats",
    "reveal_comments", "user"}
SOUNDCLOUD_USER_KEYS = {"urn", "id", "kind", "username", "permalink", "permalink_url", "avatar_url",
                        "uri", "full_name", "followers_count", "followings_count", "track_count",
                        "playlist_count", "public_favorites_count", "reposts_count", "plan", "city",
                        "country", "description", "created_at", "last_modified"}
ITUNES_CANDIDATE_KEYS = {"id", "name", "artists", "album", "duration_ms"}
DISCOGS_CREDIT_KEYS = {"name", "anv", "join"}
VERSION_TAGS = {"original", "remix", "edit", "radio", "extended", "dub", "instrumental",
                "acapella", "live", "remaster"}
TAG_VOCABULARY = VERSION_TAGS | {
    "trap-other-remix", "trap-radio-extended", "trap-live", "trap-cover", "trap-karaoke",
    "trap-dj-mix", "trap-same-title", "trap-bootleg", "trap-remaster",
    "label-upload", "premiere", "metadata-artist", "extraartists-remix", "compilation",
    "featuring", "diacritics", "anv", "no-match", "blocked", "dj-mix-source"}
DURATION = re.compile(r"^$|^(\d+:)?\d{1,2}:\d{2}$")
SPOTIFY_ID = re.compile(r"^[0-9A-Za-z]{22}$")
SOUNDCLOUD_URN = re.compile(r"^soundcloud:tracks:(\d+)$")


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _key(case: dict) -> str:
    return "id" if case["platform"] == "spotify" else "urn"


def _seconds(text: str) -> int:
    total = 0
    for field in text.split(":"):
        total = total * 60 + int(field)
    return total


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return _load(LABELLED)


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda p: p.name)
def test_every_line_follows_the_format(path: Path) -> None:
    cases = _load(path)
    assert cases, f"{path} is empty"
    for case in cases:
        where = f"{path.name}:{case.get('id')}"
        assert CASE_KEYS <= set(case) <= CASE_KEYS | {"tags"}, where
        assert case["platform"] in ("spotify", "soundcloud"), where
        assert isinstance(case["source"]["release"], dict), where
        track = case["source"]["track"]
        assert isinstance(track["title"], str) and track["title"], where
        assert isinstance(case["candidates"], list), where
        ids = [c[_key(case)] for c in case["candidates"]]
        assert len(ids) == len(set(ids)), f"{where}: duplicate candidate ids"
        assert case["expected"] is None or case["expected"] in ids, where
        assert isinstance(case.get("tags", []), list), where


@pytest.mark.parametrize("path", ALL_SETS, ids=lambda p: p.name)
def test_case_ids_are_unique(path: Path) -> None:
    counts = Counter(case["id"] for case in _load(path))
    assert [cid for cid, n in counts.items() if n > 1] == []


def test_project_set_size_platform_balance_and_no_match_share(labelled: list[dict]) -> None:
    platforms = Counter(case["platform"] for case in labelled)
    nulls = sum(case["expected"] is None for case in labelled)
    assert len(labelled) >= 300
    assert platforms["spotify"] >= 0.4 * len(labelled)
    assert platforms["soundcloud"] >= 0.4 * len(labelled)
    assert nulls >= 0.15 * len(labelled)
    for platform in platforms:
        subset = [c for c in labelled if c["platform"] == platform]
        assert sum(c["expected"] is None for c in subset) >= 0.15 * len(subset), platform


def test_project_tags_come_from_the_documented_vocabulary(labelled: list[dict]) -> None:
    for case in labelled:
        tags = set(case["tags"])
        assert tags <= TAG_VOCABULARY, (case["id"], tags - TAG_VOCABULARY)
        assert tags & VERSION_TAGS, f"{case['id']}: no version tag"
        assert ("no-match" in tags) == (case["expected"] is None), case["id"]


def test_project_sources_are_discogs_shaped(labelled: list[dict]) -> None:
    for case in labelled:
        release, track = case["source"]["release"], case["source"]["track"]
        assert "tracklist" not in release, case["id"]
        assert isinstance(release["id"], int) and isinstance(release["year"], int), case["id"]
        credits = release["artists"] + track.get("artists", []) + track["extraartists"]
        for credit in credits:
            assert DISCOGS_CREDIT_KEYS <= set(credit), case["id"]
        assert {"name", "catno"} <= set(release["labels"][0]), case["id"]
        assert track["type_"] == "track" and isinstance(track["position"], str), case["id"]
        assert DURATION.match(track["duration"]), (case["id"], track["duration"])


def _check_spotify(candidate: dict, where: str) -> None:
    keys = set(candidate)
    assert SPOTIFY_TRACK_KEYS <= keys <= SPOTIFY_TRACK_KEYS | SPOTIFY_OPTIONAL, where
    assert SPOTIFY_ID.match(candidate["id"]), where
    assert candidate["uri"] == f"spotify:track:{candidate['id']}", where
    assert candidate["type"] == "track" and isinstance(candidate["duration_ms"], int), where
    assert set(candidate["album"]) == SPOTIFY_ALBUM_KEYS, where
    for artist in candidate["artists"] + candidate["album"]["artists"]:
        assert set(artist) == SPOTIFY_ARTIST_KEYS and SPOTIFY_ID.match(artist["id"]), where
    assert set(candidate["external_ids"]) <= {"isrc"}, where
    if "popularity" in candidate:
        assert 0 <= candidate["popularity"] <= 100, where


def _check_soundcloud(candidate: dict, where: str) -> None:
    assert set(candidate) == SOUNDCLOUD_TRACK_KEYS, where
    match = SOUNDCLOUD_URN.match(candidate["urn"])
    assert match and int(match.group(1)) == candidate["id"], where
    assert candidate["kind"] == "track" and isinstance(candidate["duration"], int), where
    assert candidate["access"] in ("playable", "preview", "blocked"), where
    assert set(candidate["user"]) == SOUNDCLOUD_USER_KEYS, where
    assert candidate["user"]["urn"] == f"soundcloud:users:{candidate['user']['id']}", where


def test_project_candidates_are_raw_platform_objects(labelled: list[dict]) -> None:
    for case in labelled:
        check = _check_spotify if case["platform"] == "spotify" else _check_soundcloud
        for candidate in case["candidates"]:
            check(candidate, case["id"])


def test_blocked_uploads_are_never_the_expected_answer(labelled: list[dict]) -> None:
    for case in labelled:
        if case["platform"] == "soundcloud" and case["expected"]:
            chosen = next(c for c in case["candidates"] if c["urn"] == case["expected"])
            assert chosen["access"] != "blocked", case["id"]


def test_expected_durations_agree_with_the_source(labelled: list[dict]) -> None:
    """A labelling slip (the radio edit marked for an extended source) shows up here.

    DJ-mix compilations list the mixed length, so they are exempt.
    """
    for case in labelled:
        duration = case["source"]["track"]["duration"]
        if not duration or not case["expected"] or "dj-mix-source" in case["tags"]:
            continue
        chosen = next(c for c in case["candidates"] if c[_key(case)] == case["expected"])
        ms = chosen["duration_ms"] if case["platform"] == "spotify" else chosen["duration"]
        assert abs(ms / 1000 - _seconds(duration)) <= 5, case["id"]


def test_itunes_candidates_keep_only_the_mapped_fields() -> None:
    for split, (count, matches) in ITUNES_SPLITS.items():
        cases = _load(ITUNES_DIR / f"{split}.jsonl")
        assert len(cases) == count
        assert sum(case["expected"] is not None for case in cases) == matches
        for line, case in enumerate(cases, start=1):
            (candidate,) = case["candidates"]
            assert set(candidate) == ITUNES_CANDIDATE_KEYS, case["id"]
            assert candidate["id"] == f"amazon-{line}"
            assert case["platform"] == "spotify"
            assert set(case["source"]["track"]) == {"title", "duration", "position"}


def test_labelled_file_is_what_the_case_modules_serialise() -> None:
    builder = _module(REPO / "data" / "labelled" / "build_cases.py", "build_cases_under_test")
    expected = builder.render(builder.build())
    assert LABELLED.read_text(encoding="utf-8") == expected, (
        "cases.jsonl is stale: run python data/labelled/build_cases.py")


def test_converter_reproduces_the_committed_itunes_files(shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "eval" / "itunes_amazon"
    if not (source / "train.ndjson").is_file():
        pytest.skip(f"the iTunes-Amazon source files are absent from {source}")
    converter = _module(REPO / "benchmarks" / "convert_itunes_amazon.py", "convert_under_test")
    counts = converter.convert(source, tmp_path)
    assert counts == {split: n for split, (n, _) in ITUNES_SPLITS.items()}
    for split in ITUNES_SPLITS:
        produced = (tmp_path / f"{split}.jsonl").read_bytes()
        assert produced == (ITUNES_DIR / f"{split}.jsonl").read_bytes(), split


def test_converter_names_the_missing_source(tmp_path: Path) -> None:
    converter = _module(REPO / "benchmarks" / "convert_itunes_amazon.py", "convert_missing")
    with pytest.raises(ConfigError, match="train.ndjson not found"):
        converter.convert(tmp_path / "nowhere", tmp_path / "out")
    assert converter.main(["--source", str(tmp_path / "nowhere"),
                           "--dest", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
