"""The review view: flagged rows, their candidates, and decisions persisted as the CLI does."""

from __future__ import annotations

import os

import httpx
import pytest

from song_automations.errors import ConfigError, TrackerError
from song_automations.workbench import review
from song_automations.workbench.session import shared_tracker
from sqlcheck import sql_one, sql_rows


def test_flagged_matches_are_listed_with_their_breakdown_and_link(tracker):
    frame = review.review_frame(tracker)
    ids = {r["review_id"] for r in tracker.review_rows()}
    assert set(frame["review_id"]) == ids and len(ids) >= 2
    for row in frame.itertuples():
        assert row.why.startswith("artist ")
        assert row.link.startswith(("https://open.spotify.com/track/", "https://w.soundcloud.com/player/"))


def test_candidates_show_the_chosen_one_and_its_components(tracker):
    review_id = int(review.review_frame(tracker)["review_id"].iloc[0])
    frame = review.candidate_frame(tracker, review_id)
    stored = sql_one(tracker, "SELECT uri, confidence FROM matched_tracks WHERE id = ?", [review_id])
    chosen = frame[frame["chosen"]]
    assert list(chosen["uri"]) == [stored["uri"]]
    assert chosen["score"].iloc[0] == round(stored["confidence"], 3)
    assert chosen["artist"].iloc[0] is not None and "title" in frame.columns
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)
    with pytest.raises(TrackerError, match="no match with review id 999"):
        review.candidate_frame(tracker, 999)


def test_approve_and_reject_persist_like_the_cli(tracker):
    first, second, *rest = (int(i) for i in review.review_frame(tracker)["review_id"])
    assert review.apply_review(None, tracker, first, "approve") == f"Approved {first}."
    assert sql_one(tracker, "SELECT source FROM matched_tracks WHERE id = ?", [first])["source"] == "approved"
    message = review.apply_review(None, tracker, second, "reject")
    assert message == f"Rejected {second}; the next sync removes it and searches again."
    assert sql_one(tracker, "SELECT uri FROM matched_tracks WHERE id = ?", [second])["uri"] is None
    assert sorted(review.review_frame(tracker)["review_id"]) == sorted(rest)
    actions = [r["action"] for r in sql_rows(tracker, "SELECT action FROM reviews ORDER BY id")]
    assert actions == ["approve", "reject"]


def test_override_resolves_the_track_with_the_platform_client(live):
    runtime, server = live
    tracker = shared_tracker(runtime)
    row = sql_one(tracker, "SELECT id, release_id, position FROM matched_tracks WHERE destination = 'spotify' "
                      "AND uri IS NULL LIMIT 1")
    truth = httpx.get(f"{server.url}/_emulator/truth").json()["spotify"]
    target = next(v for v in truth.values() if v)
    message = review.apply_review(runtime, tracker, row["id"], "override", f"https://open.spotify.com/track/{target}")
    assert message.startswith(f"Pinned {row['id']} to ")
    stored = sql_one(tracker, "SELECT uri, source, confidence FROM matched_tracks WHERE id = ?", [row["id"]])
    assert stored == {"uri": f"spotify:track:{target}", "source": "override", "confidence": 1.0}


def test_bad_review_requests_say_what_is_wrong(tracker):
    with pytest.raises(ConfigError, match="Unknown review action 'delete'"):
        review.apply_review(None, tracker, 1, "delete")
    with pytest.raises(ConfigError, match="Give the track to pin"):
        review.apply_review(None, tracker, 1, "override", "  ")
    with pytest.raises(TrackerError, match="no match with review id 999"):
        review.apply_review(None, tracker, 999, "approve")


def test_platform_links():
    assert review.platform_link("spotify:track:abc") == "https://open.spotify.com/track/abc"
    assert review.platform_link("soundcloud:tracks:42").endswith("api.soundcloud.com/tracks/42")
    assert review.platform_link(None) == ""


def test_the_review_table_links_to_each_tracks_history_while_browse_runs(tracker, tmp_path):
    from song_automations import browse

    assert "history" not in review.review_frame(tracker, data_dir=tmp_path).columns
    browse.record_server(tmp_path, "http://127.0.0.1:8001/", os.getpid())
    frame = review.review_frame(tracker, data_dir=tmp_path)
    rows = {r["review_id"]: r for r in tracker.review_rows()}
    assert len(frame) == len(rows) > 0
    for row in frame.itertuples():
        match = rows[row.review_id]
        assert row.history == browse.track_history_url("http://127.0.0.1:8001", match["release_id"],
                                                       match["position"], match["destination"])
    browse.forget_server(tmp_path)
    assert "history" not in review.review_frame(tracker, data_dir=tmp_path).columns
