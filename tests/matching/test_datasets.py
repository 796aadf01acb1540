"""The labelled match-case sets are valid per ../shared/eval/FORMAT.md and reproducible.

Covers data/labelled/cases.jsonl (the project's hand-written development set),
data/labelled/holdout.jsonl (the hand-written holdout, never used for tuning) and the
converted iTunes-Amazon splits in data/itunes_amazon/. A broken line here would silently
skew every precision/recall figure `song-automations eval` reports, so each line is
checked.
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
HOLDOUT = REPO / "data" / "labelled" / "holdout.jsonl"
ITUNES_DIR = REPO / "data" / "itunes_amazon"
ITUNES_SPLITS = {"train": (321, 78), "valid": (109, 27), "test": (109, 27)}
ALL_SETS = [LABELLED, HOLDOUT] + [ITUNES_DIR / f"{s}.jsonl" for s in ITUNES_SPLITS]
PROJECT_SETS = [LABELLED, HOLDOUT]
# Totals: (cases, Spotify, SoundCloud, expected null) per file.
PROJECT_TOTALS = {"cases.jsonl": (3679, 1485, 2194, 1082), "holdout.jsonl": (84, 42, 42, 27)}
WAVE1_CASES = 364
WAVE3_CASES = 195
WAVE4_CASES = 549
WAVE5_CASES = 480
WAVE6_CASES = 479
WAVE7_CASES = 480
WAVE8_CASES = 480
WAVE9_CASES = 480

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
                "acapella", "live", "remaster", "clean", "mono", "alt-take"}
TAG_VOCABULARY = VERSION_TAGS | {
    "trap-other-remix", "trap-radio-extended", "trap-live", "trap-cover", "trap-karaoke",
    "trap-dj-mix", "trap-same-title", "trap-bootleg", "trap-remaster",
    "trap-clean-explicit", "trap-mono-stereo", "trap-alt-take", "trap-language",
    "label-upload", "premiere", "metadata-artist", "extraartists-remix", "compilation",
    "featuring", "diacritics", "anv", "no-match", "blocked", "dj-mix-source"}
# Wave 2 slices: one genre per case, one or more error classes (README, "Wave 2"); wave 3
# adds country (country and folk), which the wave-2 holdout does not hold.
HOLDOUT_GENRES = {"rock", "pop", "hiphop", "rnb", "soul-funk", "reggae", "jazz", "latin", "world",
                  "classical", "citypop", "disco-italo", "house", "techno", "other-electronic"}
GENRES = HOLDOUT_GENRES | {"country"}
ELECTRONIC_GENRES = {"disco-italo", "house", "techno", "other-electronic"}
CLASSES = {str(n) for n in range(1, 14)}
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


def _builder() -> ModuleType:
    return _module(REPO / "data" / "labelled" / "build_cases.py", "build_cases_under_test")


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return _load(LABELLED)


@pytest.fixture(scope="module")
def holdout() -> list[dict]:
    return _load(HOLDOUT)


@pytest.fixture(scope="module", params=PROJECT_SETS, ids=lambda p: p.name)
def project_set(request: pytest.FixtureRequest) -> list[dict]:
    """Each hand-written set in turn: the same rules hold for cases.jsonl and holdout.jsonl."""
    return _load(request.param)


@pytest.fixture(scope="module")
def wave2() -> list[dict]:
    """Every case written in wave 2: the wave-2 part of cases.jsonl and all of the holdout."""
    builder = _builder()
    return builder.build(builder.WAVE2_MODULES) + builder.build(builder.HOLDOUT_MODULES)


@pytest.fixture(scope="module")
def wave3() -> list[dict]:
    """Every case written in wave 3 (all of them in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE3_MODULES)


@pytest.fixture(scope="module")
def wave4() -> list[dict]:
    """Every case of wave 4 (converted from files written blind; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE4_MODULES)


@pytest.fixture(scope="module")
def wave5() -> list[dict]:
    """Every case of wave 5 (written blind like wave 4; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE5_MODULES)


@pytest.fixture(scope="module")
def wave6() -> list[dict]:
    """Every case of wave 6 (written blind like waves 4 and 5; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE6_MODULES)


@pytest.fixture(scope="module")
def wave7() -> list[dict]:
    """Every case of wave 7 (written blind like waves 4 to 6; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE7_MODULES)


@pytest.fixture(scope="module")
def wave8() -> list[dict]:
    """Every case of wave 8 (written blind like waves 4 to 7; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE8_MODULES)


@pytest.fixture(scope="module")
def wave9() -> list[dict]:
    """Every case of wave 9 (written blind like waves 4 to 8; all in cases.jsonl)."""
    builder = _builder()
    return builder.build(builder.WAVE9_MODULES)


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


@pytest.mark.parametrize("path", PROJECT_SETS, ids=lambda p: p.name)
def test_project_set_totals(path: Path) -> None:
    cases = _load(path)
    platforms = Counter(case["platform"] for case in cases)
    nulls = sum(case["expected"] is None for case in cases)
    assert (len(cases), platforms["spotify"], platforms["soundcloud"], nulls) == \
        PROJECT_TOTALS[path.name]


def test_project_set_size_platform_balance_and_no_match_share(project_set: list[dict]) -> None:
    cases = project_set
    platforms = Counter(case["platform"] for case in cases)
    nulls = sum(case["expected"] is None for case in cases)
    assert len(cases) >= 80
    assert platforms["spotify"] >= 0.4 * len(cases)
    assert platforms["soundcloud"] >= 0.4 * len(cases)
    assert nulls >= 0.15 * len(cases)
    for platform in platforms:
        subset = [c for c in cases if c["platform"] == platform]
        assert sum(c["expected"] is None for c in subset) >= 0.15 * len(subset), platform


def _slices(case: dict, prefix: str) -> list[str]:
    return [t[len(prefix):] for t in case["tags"] if t.startswith(prefix)]


def test_project_tags_come_from_the_documented_vocabulary(project_set: list[dict]) -> None:
    for case in project_set:
        genres, classes = _slices(case, "genre:"), _slices(case, "class:")
        assert set(genres) <= GENRES, (case["id"], genres)
        assert set(classes) <= CLASSES, (case["id"], classes)
        tags = {t for t in case["tags"] if not t.startswith(("genre:", "class:"))}
        assert tags <= TAG_VOCABULARY, (case["id"], tags - TAG_VOCABULARY)
        assert tags & VERSION_TAGS, f"{case['id']}: no version tag"
        assert ("no-match" in tags) == (case["expected"] is None), case["id"]
        assert len(case["tags"]) == len(set(case["tags"])), f"{case['id']}: repeated tag"


def test_wave2_cases_carry_one_genre_and_their_error_classes(wave2: list[dict]) -> None:
    assert len(wave2) == PROJECT_TOTALS["holdout.jsonl"][0] + \
        PROJECT_TOTALS["cases.jsonl"][0] - WAVE1_CASES - WAVE3_CASES - WAVE4_CASES - WAVE5_CASES - WAVE6_CASES \
        - WAVE7_CASES - WAVE8_CASES - WAVE9_CASES
    for case in wave2:
        assert len(_slices(case, "genre:")) == 1, case["id"]
        assert _slices(case, "class:"), case["id"]
    genres = Counter(_slices(case, "genre:")[0] for case in wave2)
    assert sum(n for g, n in genres.items() if g not in ELECTRONIC_GENRES) >= len(wave2) / 3
    nulls = sum(case["expected"] is None for case in wave2)
    assert 0.25 * len(wave2) <= nulls <= 0.35 * len(wave2)
    for cls in CLASSES - {"13"}:
        sliced = [case for case in wave2 if cls in _slices(case, "class:")]
        positives = sum(case["expected"] is not None for case in sliced)
        assert positives >= 3 and len(sliced) - positives >= 3, f"class:{cls}"


def test_wave3_cases_carry_one_genre_and_cover_every_class(wave3: list[dict]) -> None:
    """Wave 3: at least 160 cases, half outside electronic music, about 30 % null, both
    platforms, DJ-mix sources, and answered and null cases in every class but 13."""
    assert len(wave3) == WAVE3_CASES >= 160
    for case in wave3:
        assert len(_slices(case, "genre:")) == 1, case["id"]
        assert _slices(case, "class:"), case["id"]
    genres = Counter(_slices(case, "genre:")[0] for case in wave3)
    assert sum(n for g, n in genres.items() if g not in ELECTRONIC_GENRES) >= len(wave3) / 2
    nulls = sum(case["expected"] is None for case in wave3)
    assert 0.25 * len(wave3) <= nulls <= 0.35 * len(wave3)
    platforms = Counter(case["platform"] for case in wave3)
    assert min(platforms["spotify"], platforms["soundcloud"]) >= 0.4 * len(wave3)
    assert sum("dj-mix-source" in case["tags"] for case in wave3) >= 4
    for cls in CLASSES - {"13"}:
        sliced = [case for case in wave3 if cls in _slices(case, "class:")]
        positives = sum(case["expected"] is not None for case in sliced)
        assert positives >= 3 and len(sliced) - positives >= 3, f"class:{cls}"


@pytest.mark.parametrize(("wave", "size", "last"), [
    ("wave4", WAVE4_CASES, WAVE5_CASES + WAVE6_CASES + WAVE7_CASES + WAVE8_CASES + WAVE9_CASES),
    ("wave5", WAVE5_CASES, WAVE6_CASES + WAVE7_CASES + WAVE8_CASES + WAVE9_CASES),
    ("wave6", WAVE6_CASES, WAVE7_CASES + WAVE8_CASES + WAVE9_CASES),
    ("wave7", WAVE7_CASES, WAVE8_CASES + WAVE9_CASES), ("wave8", WAVE8_CASES, WAVE9_CASES), ("wave9", WAVE9_CASES, 0)])
def test_the_blind_waves_close_the_development_set(wave: str, size: int, last: int, labelled: list[dict],
                                                   request: pytest.FixtureRequest) -> None:
    """Waves 4 to 9: their own ids, at the end of cases.jsonl in that order, both
    platforms, about 30 % null, at most one genre per case, half outside electronic music."""
    cases = request.getfixturevalue(wave)
    assert len(cases) == size
    assert [c["id"] for c in labelled[len(labelled) - size - last:len(labelled) - last]] == [c["id"] for c in cases]
    platforms = Counter(case["platform"] for case in cases)
    assert min(platforms["spotify"], platforms["soundcloud"]) >= 0.3 * len(cases)
    nulls = sum(case["expected"] is None for case in cases)
    assert 0.25 * len(cases) <= nulls <= 0.35 * len(cases)
    for case in cases:
        assert len(_slices(case, "genre:")) <= 1, case["id"]
    genres = Counter(g for case in cases for g in _slices(case, "genre:"))
    assert sum(n for g, n in genres.items() if g not in ELECTRONIC_GENRES) >= len(cases) / 3


def test_holdout_spans_the_genres_and_classes(holdout: list[dict]) -> None:
    genres = {_slices(case, "genre:")[0] for case in holdout}
    classes = {c for case in holdout for c in _slices(case, "class:")}
    assert genres == HOLDOUT_GENRES
    assert classes == CLASSES


def test_holdout_and_development_ids_never_overlap(labelled: list[dict],
                                                   holdout: list[dict]) -> None:
    assert {c["id"] for c in labelled}.isdisjoint(c["id"] for c in holdout)


def test_project_sources_are_discogs_shaped(project_set: list[dict]) -> None:
    for case in project_set:
        release, track = case["source"]["release"], case["source"]["track"]
        assert "tracklist" not in release, case["id"]
        for entry in release.get("formats", []):
            assert {"name", "qty", "descriptions"} <= set(entry), case["id"]
            assert isinstance(entry["descriptions"], list), case["id"]
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


def test_project_candidates_are_raw_platform_objects(project_set: list[dict]) -> None:
    for case in project_set:
        check = _check_spotify if case["platform"] == "spotify" else _check_soundcloud
        for candidate in case["candidates"]:
            check(candidate, case["id"])


def test_blocked_uploads_are_never_the_expected_answer(project_set: list[dict]) -> None:
    for case in project_set:
        if case["platform"] == "soundcloud" and case["expected"]:
            chosen = next(c for c in case["candidates"] if c["urn"] == case["expected"])
            assert chosen["access"] != "blocked", case["id"]


def test_expected_durations_agree_with_the_source(project_set: list[dict]) -> None:
    """A labelling slip (the radio edit marked for an extended source) shows up here.

    DJ-mix compilations list the mixed length, so they are exempt.
    """
    for case in project_set:
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


def test_labelled_files_are_what_the_case_modules_serialise() -> None:
    builder = _builder()
    for path, modules in ((LABELLED, builder.MODULES), (HOLDOUT, builder.HOLDOUT_MODULES)):
        expected = builder.render(builder.build(modules))
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name} is stale: run python data/labelled/build_cases.py")
    assert builder.main(["--check"]) == 0


def test_holdout_modules_are_separate_from_the_development_modules() -> None:
    builder = _builder()
    assert set(builder.HOLDOUT_MODULES).isdisjoint(builder.MODULES)
    assert builder.MODULES[:len(builder.WAVE1_MODULES)] == builder.WAVE1_MODULES


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
