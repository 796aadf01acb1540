"""Every canned query, through Datasette's own client after a demo sync, against rows this
test derives itself: from what the emulator holds (its playlists, its catalog's ISRCs,
its truth and request counts) and from the tracker's raw tables, never from its views."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from song_automations.matching.parse import parse_title, recording_kind
from song_automations.models import Decision
from song_automations.platforms import PLATFORMS, SERVICES
from song_automations.tracker import Tracker
from song_automations.tracker.canned import CANNED_QUERIES
from sqlcheck import sql_rows

ADDS = tuple(d.value for d in Decision if d.adds)


@pytest.fixture(scope="module")
def raw(demo_world):
    """The tracker's tables as rows, read directly."""
    with Tracker(demo_world.tracker_path) as tracker:
        return {table: sql_rows(tracker, f"SELECT * FROM {table}")
                for table in ("matched_tracks", "match_candidates", "missing_tracks", "source_tracks",
                              "folder_releases", "folders", "reviews", "sync_runs")}


@pytest.fixture(scope="module")
def held(demo_world) -> dict[str, set[str]]:
    """Every URI some playlist holds on each platform, as the emulator has it."""
    return {p: {uri for items in demo_world.playlists[p].values() for uri in items} for p in PLATFORMS}


def _in_playlist(match: dict, held: dict[str, set[str]]) -> bool:
    return match["uri"] is not None and match["uri"] in held[match["destination"]]


def _key(row: dict) -> tuple[int, str]:
    return row["release_id"], row["position"]


def test_every_canned_query_answers(datasette):
    for query in CANNED_QUERIES:
        response = datasette.get(f"/tracker/{query.name}.json", _shape="objects")
        assert response.status_code == 200, (query.name, response.text)
        assert response.json()["rows"], f"{query.name} answered no rows on the demo"


def test_track_history_lists_every_candidate_of_the_track_by_run(datasette, raw):
    release_id, position = _key(next(m for m in raw["matched_tracks"] if m["decision"] == "review"))
    rows = datasette.rows("track_history", release_id=str(release_id), position=position)
    expected = [c for c in raw["match_candidates"] if _key(c) == (release_id, position)]
    assert Counter((r["destination"], r["candidate_uri"], r["query"], r["score"]) for r in rows) == Counter(
        (c["destination"], c["candidate_uri"], c["query"], c["score"]) for c in expected)
    assert {r["decision"] for r in rows} <= {d.value for d in Decision}
    assert all(r["components"].startswith("{") for r in rows)
    assert [r["run_id"] for r in rows] == sorted((r["run_id"] for r in rows), reverse=True)
    one_side = datasette.rows("track_history", release_id=str(release_id), position=position,
                              destination=PLATFORMS[1])
    assert len(one_side) == sum(c["destination"] == PLATFORMS[1] for c in expected)


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", (text or "").casefold()))


def test_track_history_finds_tracks_by_artist_or_title_words(datasette, raw):
    rows = datasette.rows("track_history", artist_or_title="Daft Punk")
    searched = {_key(c) for c in raw["match_candidates"]}
    expected = {_key(t) for t in raw["source_tracks"]
                if {"daft", "punk"} <= _words(t["artist_credit"]) | _words(t["title"]) and _key(t) in searched}
    assert {_key(r) for r in rows} == expected and expected
    assert len(rows) == sum(_key(c) in expected for c in raw["match_candidates"])


def _latest_runner_up(raw, match: dict) -> dict | None:
    mine = [c for c in raw["match_candidates"]
            if _key(c) == _key(match) and c["destination"] == match["destination"]]
    latest = max(c["considered_at"] for c in mine)
    others = [c for c in mine if c["considered_at"] == latest and not c["chosen"]]
    return max(others, key=lambda c: (c["score"], -c["id"])) if others else None


def test_flagged_and_ambiguous_rows_carry_the_runner_up_and_the_margin(datasette, raw, held):
    rows = datasette.rows("flagged_and_ambiguous")
    expected = {m["id"]: m for m in raw["matched_tracks"]
                if m["source"] == "auto" and _in_playlist(m, held)
                and (m["decision"] == Decision.REVIEW or m["ambiguous"])}
    assert {r["review_id"] for r in rows} == set(expected) and rows
    for row in rows:
        runner_up = _latest_runner_up(raw, expected[row["review_id"]])
        if runner_up is None:
            assert row["runner_up_score"] is None and row["margin"] is None
            continue
        assert (row["runner_up_uri"], row["runner_up_score"]) == (runner_up["candidate_uri"], runner_up["score"])
        assert row["margin"] == pytest.approx(row["confidence"] - runner_up["score"], abs=1e-4)
    margins = [r["margin"] for r in rows if r["margin"] is not None]
    assert margins == sorted(margins)


def _folder_tracks(raw, folder_name: str) -> set[tuple[int, str]]:
    [folder] = [f for f in raw["folders"] if f["name"] == folder_name]
    releases = {fr["release_id"] for fr in raw["folder_releases"] if fr["folder_id"] == folder["id"]}
    return {_key(t) for t in raw["source_tracks"] if t["release_id"] in releases}


def test_missing_tracks_of_a_folder_are_those_its_playlist_lacks_with_the_closest_candidate(
        datasette, raw, held, demo_world):
    destination = PLATFORMS[0]
    rows = datasette.rows("missing_from_folders", folder="house", destination=destination)
    house = _folder_tracks(raw, "House")
    playlist = set(demo_world.playlists[destination]["Discogs - House"])
    expected = {_key(m) for m in raw["matched_tracks"] if m["destination"] == destination
                and _key(m) in house and (m["uri"] is None or m["uri"] not in playlist)}
    assert {_key(r) for r in rows} == expected and expected
    misses = {_key(m): m for m in raw["missing_tracks"] if m["destination"] == destination}
    for row in rows:
        assert (row["folder"], row["destination"]) == ("House", destination)
        miss = misses[_key(row)]
        assert (row["reason"], row["best_uri"], row["best_score"]) == (miss["reason"], miss["best_uri"],
                                                                       miss["best_score"])
    scores = [r["best_score"] for r in rows if r["best_score"] is not None]
    assert scores == sorted(scores, reverse=True)


def _expected_disagreements(raw, held, isrcs) -> dict[tuple[int, str], str]:
    first, second = PLATFORMS
    by_track = defaultdict(dict)
    for m in raw["matched_tracks"]:
        by_track[_key(m)][m["destination"]] = m
    kinds = {}
    for key, sides in by_track.items():
        if len(sides) < 2:
            continue
        a, b = sides[first], sides[second]
        in_a, in_b = _in_playlist(a, held), _in_playlist(b, held)
        if in_a != in_b:
            kinds[key] = f"{first if in_a else second} only"
        elif in_a and recording_kind(parse_title(a["title"]).version) != recording_kind(parse_title(b["title"]).version):
            kinds[key] = "different version"
        elif in_a and isrcs[a["uri"]] and isrcs[b["uri"]] and isrcs[a["uri"]] != isrcs[b["uri"]]:
            kinds[key] = "different ISRC"
    return kinds


def test_disagreements_are_exactly_the_tracks_where_the_platforms_differ(datasette, raw, held, catalog_isrcs,
                                                                         demo_world):
    rows = datasette.rows("platforms_disagree")
    expected = _expected_disagreements(raw, held, catalog_isrcs)
    assert {_key(r): r["kind"] for r in rows} == expected
    # The demo has no two same-version matches with different ISRCs (tests/tracker has one).
    assert set(expected.values()) == {f"{p} only" for p in PLATFORMS} | {"different version"}
    # One-sided rows include tracks the other platform truly lacks (the emulator's truth).
    first, second = PLATFORMS
    lacking = {key for key, kind in expected.items()
               if demo_world.truth[second if kind == f"{first} only" else first].get(f"{key[0]}:{key[1]}") is None
               and kind.endswith(" only")}
    assert lacking
    only = datasette.rows("platforms_disagree", kind="different version")
    assert {_key(r) for r in only} == {k for k, kind in expected.items() if kind == "different version"}


def test_confidence_distribution_counts_every_scored_match_once(datasette, raw):
    rows = datasette.rows("confidence_by_version")
    expected = Counter()
    for m in raw["matched_tracks"]:
        if m["confidence"] is None:
            continue
        version = parse_title(m["title"]).version.value if m["title"] else "none"
        bucket = min(int(m["confidence"] * 10), 9) / 10
        expected[(m["destination"], version, bucket)] += 1
    assert {(r["destination"], r["version_type"], r["bucket"]): r["tracks"] for r in rows} == dict(expected)
    for row in rows:
        assert row["matched"] + row["flagged"] + row["missing"] == row["tracks"]


def test_sync_runs_show_duration_and_the_requests_the_services_saw(datasette, raw, demo_world):
    runs = datasette.rows("sync_run_report")
    assert [r["run_id"] for r in runs] == sorted((r["id"] for r in raw["sync_runs"]), reverse=True)
    for run, seen in zip(reversed(runs), demo_world.stats, strict=True):
        assert run["status"] == "ok" and run["duration_s"] > 0
        for service in SERVICES:
            # Logins go to the platforms' accounts hosts, which the emulator counts as that service.
            assert 0 < run[f"{service}_requests"] <= seen[service]["requests"], service
        assert run["requests"] == sum(s["requests"] for s in seen.values())
        assert run["throttled_429"] == sum(s["by_status"].get("429", 0) for s in seen.values())
    first, second = reversed(runs)
    assert first["tracks_searched"] > second["tracks_searched"] and first["added"] > 0
    # The second run reuses every cached release: no Discogs release is fetched again.
    assert second["discogs_requests"] < first["discogs_requests"]


def test_reviews_list_every_decision_newest_first(datasette, demo_world):
    rows = datasette.rows("review_decisions")
    assert [(r["action"], r["review_id"]) for r in rows] == list(reversed(demo_world.reviews))
    now = {r["action"]: r for r in rows}
    assert now["approve"]["status_now"] == "matched" and now["override"]["status_now"] == "matched"
    # A rejected candidate never comes back; the track is missing, or searched again and
    # another candidate awaits a person's look.
    rejected = now["reject"]
    assert rejected["uri_now"] != rejected["acted_on_uri"]
    assert rejected["status_now"] in {"missing", "flagged"}
    assert [r["action"] for r in datasette.rows("review_decisions", action="reject")] == ["reject"]
