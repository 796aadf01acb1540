"""Spotify vs SoundCloud for one track (stored and live), and where the platforms disagree."""

from __future__ import annotations

import pytest

from song_automations.errors import TrackerError
from song_automations.workbench import diagnostics
from song_automations.workbench.session import shared_tracker
from sqlcheck import sql_rows


def _spotify_only(tracker) -> str:
    frame = diagnostics.disagreements(tracker)
    return frame[frame["kind"] == "spotify only"]["key"].iloc[0]


def test_disagreements_list_tracks_matched_on_one_platform_only(tracker):
    frame = diagnostics.disagreements(tracker)
    pairs = {(r["release_id"], r["position"], r["destination"]): r["uri"]
             for r in sql_rows(tracker, "SELECT release_id, position, destination, uri FROM matched_tracks")}
    for row in frame.itertuples():
        release_id, _, position = row.key.partition(":")
        spotify = pairs[(int(release_id), position, "spotify")]
        soundcloud = pairs[(int(release_id), position, "soundcloud")]
        if row.kind == "spotify only":
            assert spotify and not soundcloud
        elif row.kind == "soundcloud only":
            assert soundcloud and not spotify
    expected_one_sided = sum(1 for (r, p, d), uri in pairs.items()
                             if d == "spotify" and bool(uri) != bool(pairs.get((r, p, "soundcloud"))))
    counts = diagnostics.disagreement_counts(frame).set_index("kind")["tracks"]
    assert counts[[kind for kind in counts.index if kind.endswith(" only")]].sum() == expected_one_sided > 0


def test_history_diagnosis_shows_each_platforms_last_search(tracker):
    key = _spotify_only(tracker)
    result = diagnostics.history_diagnosis(tracker, key)
    assert set(result) == {"spotify", "soundcloud"}
    spotify = result["spotify"]
    assert spotify.decision in ("accepted", "review")
    assert spotify.candidates["chosen"].sum() == 1 and spotify.queries
    assert {"parsed_base", "parsed_version", "artist", "title", "version"} <= set(spotify.candidates.columns)
    assert result["soundcloud"].decision in ("none", "low")
    labels = diagnostics.track_choices(tracker)
    assert key in labels.values()


def test_live_diagnosis_sends_platform_queries_and_agrees_with_the_sync(live):
    runtime, _ = live
    tracker = shared_tracker(runtime)
    key = _spotify_only(tracker)
    result = diagnostics.live_diagnosis(runtime, diagnostics.source_track(tracker, key))
    stored = diagnostics.history_diagnosis(tracker, key)
    assert result["spotify"].queries[0].startswith('track:"')
    assert '"' not in result["soundcloud"].queries[0]
    for platform in ("spotify", "soundcloud"):
        assert result[platform].decision == stored[platform].decision
    chosen = result["spotify"].candidates[result["spotify"].candidates["chosen"]]
    assert list(chosen["uri"]) == list(stored["spotify"].candidates[stored["spotify"].candidates["chosen"]]["uri"])


def test_unknown_track_says_to_sync_first(tracker):
    with pytest.raises(TrackerError, match="run a sync"):
        diagnostics.source_track(tracker, "1:Z9")
