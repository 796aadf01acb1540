"""Match cache, TTL, misses, reviews: the decisions users rely on."""

import json

from song_automations.models import Decision, Folder
from song_automations.tracker import needs_search

from .conftest import in_folder, result, track
from sqlcheck import sql_rows


def test_accepted_match_is_reused_until_the_ttl(tracker, clock):
    tracker.record_match(result(Decision.ACCEPTED), ttl_days=30)
    match = tracker.get_match(1, "A1", "spotify")
    assert match.in_playlist and not needs_search(match, clock(), 30)
    assert needs_search(match, clock(), 30, force=True)
    clock.advance(31)
    assert needs_search(match, clock(), 30)


def test_miss_is_searched_again_on_a_growing_interval(tracker, clock):
    tracker.record_match(result(Decision.NONE), ttl_days=30)
    first = tracker.get_match(1, "A1", "spotify")
    assert not first.in_playlist
    assert not needs_search(first, clock(), 30, force=True)  # --force-rematch: matches only
    assert needs_search(first, clock(), 30, force_all=True)
    clock.advance(1.01)
    assert needs_search(first, clock(), 30)
    tracker.record_match(result(Decision.NONE), ttl_days=30)
    second = tracker.get_match(1, "A1", "spotify")
    clock.advance(1.01)
    assert not needs_search(second, clock(), 30)  # now waits two days
    clock.advance(1.0)
    assert needs_search(second, clock(), 30)


def test_history_and_missing_rows_are_written(tracker):
    in_folder(tracker)
    tracker.record_match(result(Decision.LOW, score=0.6), ttl_days=30, run_id=None)
    [missing] = tracker.missing_rows("spotify")
    assert missing["reason"] == "below_threshold" and missing["best_uri"] == "spotify:track:x"
    [history] = sql_rows(tracker, "SELECT * FROM match_history")
    assert history["query"] == "Artist Song" and json.loads(history["components"])["popularity"] is None
    tracker.record_match(result(Decision.ACCEPTED), ttl_days=30)
    assert tracker.missing_rows() == []


def test_review_flow_approve_is_never_overwritten(tracker, clock):
    tracker.record_match(result(Decision.REVIEW, score=0.75), ttl_days=30)
    [row] = tracker.review_rows()
    assert row["components"]["artist"] == 1.0
    tracker.approve(row["review_id"])
    assert tracker.review_rows() == []
    tracker.record_match(result(Decision.ACCEPTED, uri="spotify:track:other"), ttl_days=30)
    kept = tracker.get_match(1, "A1", "spotify")
    assert kept.uri == "spotify:track:x" and kept.source == "approved"
    clock.advance(1000)
    assert not needs_search(kept, clock(), 30, force=True, force_all=True)


def test_reject_removes_and_excludes_the_candidate_forever(tracker, clock):
    tracker.record_match(result(Decision.REVIEW), ttl_days=30)
    review_id = tracker.review_rows()[0]["review_id"]
    tracker.reject(review_id)
    match = tracker.get_match(1, "A1", "spotify")
    assert not match.in_playlist and needs_search(match, clock(), 30)
    assert tracker.rejected_ids(1, "A1", "spotify") == {"spotify:track:x", "x"}
    tracker.record_match(result(Decision.ACCEPTED, uri="spotify:track:y"), ttl_days=30)
    assert tracker.rejected_ids(1, "A1", "spotify") == {"spotify:track:x", "x"}


def test_override_is_permanent(tracker, clock):
    tracker.record_match(result(Decision.NONE), ttl_days=30)
    review_id = tracker.get_match(1, "A1", "spotify").id
    tracker.override(review_id, "spotify:track:z")
    match = tracker.get_match(1, "A1", "spotify")
    assert match.in_playlist and match.uri == "spotify:track:z"
    assert tracker.missing_rows() == []
    tracker.record_match(result(Decision.NONE), ttl_days=30)
    assert tracker.get_match(1, "A1", "spotify").uri == "spotify:track:z"


def test_status_counts_per_destination(tracker):
    tracker.record_match(result(Decision.ACCEPTED), ttl_days=30)
    tracker.record_match(result(Decision.REVIEW, track_=track(position="A2")), ttl_days=30)
    tracker.record_match(result(Decision.NONE, track_=track(position="B1")), ttl_days=30)
    [status] = tracker.status()
    # "matched" has one meaning everywhere now: in the playlist with nothing to decide.
    # The flagged track is in the playlist too (in_playlist), but not "matched".
    assert (status["tracks"], status["in_playlist"], status["matched"], status["flagged"],
            status["missing"]) == (3, 2, 1, 1, 1)


def test_a_track_no_present_folder_holds_is_not_reported_missing(tracker):
    in_folder(tracker, folder=Folder(5, "Disco"))
    tracker.record_match(result(Decision.NONE), ttl_days=30)
    assert [r["folders"] for r in tracker.missing_rows()] == ["Disco"]
    tracker.record_folders([Folder(6, "House")], complete=True)  # Disco was deleted on Discogs
    assert tracker.missing_rows() == []
