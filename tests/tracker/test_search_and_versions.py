"""What Datasette's search box and the disagreement rule read: the version type and ISRC
of every match and candidate, and the full-text indexes kept current by triggers."""

from __future__ import annotations

import sqlite3

import pytest

from song_automations.models import Candidate, Decision, MatchResult, ScoredCandidate, SourceTrack
from song_automations.platforms import PLATFORMS
from song_automations.tracker import Tracker
from song_automations.tracker.migrations import FTS_COLUMNS
from sqlcheck import sql_one, sql_rows

from .conftest import track
from .test_read_models import load_legacy


def _scored(uri: str, title: str, score: float, isrc: str | None) -> ScoredCandidate:
    candidate = Candidate(platform="spotify", id=uri.rsplit(":", 1)[-1], uri=uri, title=title,
                          artists=("Hardfloor",), isrc=isrc)
    return ScoredCandidate(candidate, score, {"artist": 1.0, "title": score}, query="Hardfloor Acperience")


def _search(decision: Decision, source: SourceTrack | None = None) -> MatchResult:
    best = _scored("spotify:track:remix", "Acperience 1 - Hardfloor Remix", 0.9, "DEA119200001")
    other = _scored("spotify:track:orig", "Acperience 1", 0.7, None)
    return MatchResult(track=source or track(title="Acperience 1"), platform="spotify", decision=decision,
                       chosen=best, considered=(best, other))


def test_record_match_stores_each_candidates_version_type_and_isrc(tracker):
    tracker.record_match(_search(Decision.ACCEPTED), ttl_days=30)
    match = sql_one(tracker, "SELECT version_type, isrc FROM matched_tracks")
    assert match == {"version_type": "remix", "isrc": "DEA119200001"}
    history = {r["candidate_uri"]: (r["version_type"], r["isrc"])
               for r in sql_rows(tracker, "SELECT * FROM match_candidates")}
    assert history == {"spotify:track:remix": ("remix", "DEA119200001"), "spotify:track:orig": ("original", None)}


def test_a_miss_and_a_rejection_describe_no_match(tracker):
    tracker.record_match(_search(Decision.LOW), ttl_days=30)
    assert sql_one(tracker, "SELECT version_type, isrc FROM matched_tracks") == {"version_type": None, "isrc": None}
    tracker.record_match(_search(Decision.ACCEPTED), ttl_days=30)
    tracker.reject(tracker.get_match(1, "A1", "spotify").id)
    assert sql_one(tracker, "SELECT version_type, isrc FROM matched_tracks") == {"version_type": None, "isrc": None}


def test_an_override_takes_the_pinned_tracks_version_and_isrc(tracker):
    tracker.record_match(_search(Decision.REVIEW), ttl_days=30)
    tracker.override(tracker.get_match(1, "A1", "spotify").id, "spotify:track:dub", "Acperience 1 (Dub)",
                     ("Hardfloor",), isrc="DEA119200009")
    assert sql_one(tracker, "SELECT version_type, isrc FROM matched_tracks") == {
        "version_type": "dub", "isrc": "DEA119200009"}


def _found(tracker, table: str, words: str) -> list[int]:
    return [r["rowid"] for r in sql_rows(
        tracker, f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid", [words])]


def test_full_text_indexes_follow_every_write(tracker):
    tracker.store_release(1, {"title": "Acperience"}, [track(title="Acperience 1"), track(position="A2",
                                                                                             title="Trance Function")])
    tracker.record_match(_search(Decision.ACCEPTED), ttl_days=30)
    assert len(_found(tracker, "source_tracks", "acperience")) == 1
    assert len(_found(tracker, "match_candidates", "hardfloor remix")) == 1
    # A release fetched again replaces its tracks: the index forgets the old rows.
    tracker.store_release(1, {"title": "Acperience"}, [track(title="Into The Nature")])
    assert _found(tracker, "source_tracks", "acperience") == []
    assert len(_found(tracker, "source_tracks", "nature")) == 1
    for table in FTS_COLUMNS:
        tracker.db.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")


def test_an_existing_database_gets_the_columns_and_an_index_of_its_rows(tmp_path):
    load_legacy(tmp_path / "old.db")
    conn = sqlite3.connect(tmp_path / "old.db")
    tracks = conn.execute("SELECT COUNT(*) FROM source_tracks").fetchone()[0]
    conn.close()
    with Tracker(tmp_path / "old.db") as upgraded:
        assert {"version_type", "isrc"} <= set(upgraded.db["matched_tracks"].columns_dict)
        assert {"version_type", "isrc"} <= set(upgraded.db["match_candidates"].columns_dict)
        assert sql_one(upgraded, "SELECT COUNT(*) AS n FROM source_tracks_fts")["n"] == tracks > 0
        assert sql_one(upgraded, "SELECT COUNT(*) AS n FROM matched_tracks WHERE version_type IS NOT NULL")["n"] == 0


def _on(platform: str, title: str, isrc: str | None, decision: Decision = Decision.ACCEPTED) -> MatchResult:
    candidate = Candidate(platform=platform, id=f"{platform}-{title}", uri=f"{platform}:track:{title}", title=title,
                          artists=("Hardfloor",), isrc=isrc)
    scored = ScoredCandidate(candidate, 0.95, {"artist": 1.0}, query="q")
    return MatchResult(track=track(), platform=platform, decision=decision, chosen=scored, considered=(scored,))


@pytest.mark.parametrize("spotify, soundcloud, kind", [
    (("Acperience 1", "DEA1", Decision.ACCEPTED), ("Acperience 1", None, Decision.LOW), "spotify only"),
    (("Acperience 1", None, Decision.LOW), ("Acperience 1", None, Decision.REVIEW), "soundcloud only"),
    (("Acperience 1", "DEA1", Decision.ACCEPTED), ("Acperience 1 (Dub)", "DEA1", Decision.ACCEPTED),
     "different version"),
    (("Acperience 1", "DEA1", Decision.ACCEPTED), ("Acperience 1", "dea2", Decision.ACCEPTED), "different ISRC"),
    (("Acperience 1", "DEA1", Decision.ACCEPTED), ("Acperience 1", "dea1", Decision.ACCEPTED), None),
    (("Acperience 1", "DEA1", Decision.ACCEPTED), ("Acperience 1", None, Decision.ACCEPTED), None),
])
def test_platform_disagreements_name_the_first_difference(tracker, spotify, soundcloud, kind):
    first, second = PLATFORMS
    for platform, (title, isrc, decision) in ((first, spotify), (second, soundcloud)):
        tracker.record_match(_on(platform, title, isrc, decision), ttl_days=30)
    assert [r["kind"] for r in tracker.platform_disagreements()] == ([kind] if kind else [])
