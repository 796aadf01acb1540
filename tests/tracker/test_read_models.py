"""The read models: one rule per status, derived here independently and checked row by row.

Every screen counts tracks through the views (``match_state`` and those built on it);
these tests restate the labelling rules in plain Python from the raw tables and fail when
any view, or :class:`StoredMatch`, disagrees on any row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from song_automations.models import Decision, Folder, FolderItem, SourceTrack
from song_automations.tracker import Tracker
from song_automations.tracker.migrations import MIGRATIONS, known_names
from song_automations.tracker.views import VIEWS, view_sql
from sqlcheck import sql_rows

from .conftest import result, track

FIXTURES = Path(__file__).parent / "fixtures"
ADDING = {"accepted", "review"}
MANUAL = {"approved", "override"}


def expected_state(row: dict) -> dict:
    """The statuses of one ``matched_tracks`` row, from the documented rules."""
    in_playlist = row["uri"] is not None and (row["source"] in MANUAL or row["decision"] in ADDING)
    flagged = in_playlist and row["source"] == "auto" and (row["decision"] == "review" or bool(row["ambiguous"]))
    status = "flagged" if flagged else "matched" if in_playlist else "missing"
    return {"in_playlist": in_playlist, "flagged": flagged, "status": status}


@pytest.fixture
def varied(tracker):
    """Two folders, two destinations, a track in every state a match can be in."""
    tracker.record_folders([Folder(5, "House"), Folder(6, "Techno")], complete=True)
    tracker.update_folder_releases(5, [FolderItem(5, 1), FolderItem(5, 1), FolderItem(5, 2)])
    tracker.update_folder_releases(6, [FolderItem(6, 2)])
    for rid in (1, 2):
        tracker.store_release(rid, {"id": rid, "title": f"R{rid}"},
                              [SourceTrack(rid, f"A{i}", f"Song {rid}{i}", ("Artist",), index=i) for i in range(1, 9)])
    states = [(Decision.ACCEPTED, False), (Decision.REVIEW, False), (Decision.ACCEPTED, True), (Decision.LOW, True),
              (Decision.NONE, False), (Decision.REVIEW, False), (Decision.REVIEW, True)]
    for dest in ("spotify", "soundcloud"):
        for i, (decision, ambiguous) in enumerate(states, start=1):
            uri = f"{dest}:track:{i}"
            outcome = result(decision, uri=uri, score=0.7 + i / 100, track_=track(1, f"A{i}"))
            tracker.record_match(replace(outcome, ambiguous=ambiguous, platform=dest), ttl_days=30)
    approve = tracker.get_match(1, "A6", "spotify").id
    tracker.approve(approve)
    tracker.reject(tracker.get_match(1, "A2", "soundcloud").id)
    tracker.override(tracker.get_match(1, "A5", "spotify").id, "spotify:track:pinned", "Pinned", ("Artist",))
    tracker.save_playlist("spotify", "p1", 5, 1, "Discogs - House", items=("a", "b"))
    tracker.save_playlist("spotify", "p2", 5, 2, "Discogs - House (2)", items=("c",))
    return tracker


def test_match_state_agrees_with_the_rules_row_by_row(varied):
    raw = {r["id"]: r for r in sql_rows(varied, "SELECT * FROM matched_tracks")}
    views = {r["review_id"]: r for r in sql_rows(varied, "SELECT * FROM match_state")}
    assert views.keys() == raw.keys()
    seen = set()
    for review_id, row in raw.items():
        want = expected_state(row)
        got = views[review_id]
        assert (bool(got["in_playlist"]), bool(got["flagged"]), got["status"]) == tuple(want.values()), row
        stored = varied.get_match(row["release_id"], row["position"], row["destination"])
        assert (stored.in_playlist, stored.flagged, stored.status) == tuple(want.values())
        seen.add(want["status"])
    assert seen == {"matched", "flagged", "missing"}


def test_every_track_view_shows_the_same_status(varied):
    raw = {r["id"]: expected_state(r) for r in sql_rows(varied, "SELECT * FROM matched_tracks")}
    track_status = {r["review_id"]: r for r in sql_rows(varied, "SELECT * FROM track_status")}
    assert {k: v["status"] for k, v in track_status.items()} == {k: v["status"] for k, v in raw.items()}
    flagged = {r["review_id"] for r in varied.review_rows()}
    assert flagged == {k for k, v in raw.items() if v["flagged"]}
    ambiguous = {r["review_id"] for r in sql_rows(varied, "SELECT review_id FROM ambiguous_matches")}
    assert ambiguous == {r["id"] for r in sql_rows(varied, "SELECT * FROM matched_tracks")
                         if r["ambiguous"] and r["source"] == "auto"}


def test_destination_status_counts_each_status_once(varied):
    rows = sql_rows(varied, "SELECT * FROM matched_tracks")
    for status in varied.status():
        mine = [expected_state(r) for r in rows if r["destination"] == status["destination"]]
        assert status["tracks"] == len(mine)
        assert status["in_playlist"] == sum(m["in_playlist"] for m in mine)
        for word in ("matched", "flagged", "missing"):
            assert status[word] == sum(m["status"] == word for m in mine)
        assert status["matched"] + status["flagged"] + status["missing"] == status["tracks"]


def test_folder_status_counts_discogs_tracks_once_per_folder(varied):
    rows = {(r["release_id"], r["position"], r["destination"]): expected_state(r)
            for r in sql_rows(varied, "SELECT * FROM matched_tracks")}
    folders = {5: {1, 2}, 6: {2}}
    for row in varied.folder_status():
        keys = [(rid, f"A{i}") for rid in sorted(folders[row["folder_id"]]) for i in range(1, 9)]
        states = [rows.get((rid, pos, row["destination"])) for rid, pos in keys]
        assert row["discogs_tracks"] == len(keys)
        assert row["not_searched"] == sum(s is None for s in states)
        for word in ("matched", "flagged", "missing"):
            assert row[word] == sum(s is not None and s["status"] == word for s in states)


def test_playlist_status_separates_playlist_items_from_discogs_tracks(varied):
    [house] = [r for r in varied.playlist_status() if r["folder_id"] == 5]
    [folder] = [r for r in varied.folder_status() if r["folder_id"] == 5 and r["destination"] == "spotify"]
    assert (house["name"], house["parts"], house["playlist_items"]) == ("Discogs - House", 2, 3)
    assert house["discogs_tracks"] == folder["discogs_tracks"] == 16
    assert house["matched"] <= house["discogs_tracks"]


def load_legacy(path: Path) -> None:
    """A database file as the first release left it (its SQL dump, replayed)."""
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "legacy_v2.sql").read_text(encoding="utf-8"))
    conn.close()


def stored_views(tracker) -> dict[str, str]:
    return {r["name"]: r["sql"] for r in sql_rows(tracker, "SELECT name, sql FROM sqlite_master WHERE type = 'view'")}


def test_a_database_of_the_first_release_gets_todays_views_and_keeps_its_rows(tmp_path):
    load_legacy(tmp_path / "old.db")
    with Tracker(tmp_path / "old.db") as upgraded, Tracker(tmp_path / "new.db") as fresh:
        assert stored_views(upgraded) == stored_views(fresh) == {name: view_sql(name) for name in VIEWS}
        assert "_migrations" not in upgraded.db.table_names()
        # Adopted as 0001, then given every later migration.
        assert [r["name"] for r in sql_rows(upgraded, "SELECT name FROM _sqlite_migrations")] == known_names()
        states = {r["position"]: r["status"] for r in sql_rows(
            upgraded, "SELECT * FROM match_state WHERE destination = 'spotify'")}
        assert states == {"A1": "matched", "A2": "flagged", "A3": "flagged", "A4": "missing", "A5": "missing",
                          "A6": "matched"}
        assert [r["action"] for r in sql_rows(upgraded, "SELECT action FROM reviews ORDER BY id")] == [
            "approve", "reject"]
        assert upgraded.integrity_check() == "ok"


def test_a_changed_view_reaches_an_existing_database(tmp_path, monkeypatch):
    Tracker(tmp_path / "t.db").close()
    changed = dict(VIEWS, searched_sources=VIEWS["searched_sources"].replace("ORDER BY st.artist_credit, st.title",
                                                                              "ORDER BY st.title"))
    monkeypatch.setattr("song_automations.tracker.views.VIEWS", changed)
    with Tracker(tmp_path / "t.db") as reopened:
        stored = stored_views(reopened)["searched_sources"]
        assert stored == f"CREATE VIEW searched_sources AS {changed['searched_sources'].strip()}"


def test_a_users_own_view_survives_a_view_refresh(tmp_path, monkeypatch):
    with Tracker(tmp_path / "t.db") as first:
        first.db.execute("CREATE VIEW my_notes AS SELECT 1 AS one")
    changed = dict(VIEWS, match_history="SELECT 1 AS replaced")
    monkeypatch.setattr("song_automations.tracker.views.VIEWS", changed)
    with Tracker(tmp_path / "t.db") as reopened:
        assert "my_notes" in reopened.db.view_names()


def test_names_cached_before_display_forms_existed_are_shown_as_people_write_them(tmp_path):
    """A tracker migrated from 0001 derives each cached track's display credit from the
    release payload it already holds (releases are rarely fetched again)."""
    db = sqlite_utils.Database(tmp_path / "t.db")
    MIGRATIONS.apply(db, stop_before="0005_display_names_and_uploaders")
    payload = {"id": 7, "title": "Dig Your Own Hole", "artists": [
        {"name": "Chemical Brothers, The", "anv": "", "join": "&"}, {"name": "Disclosure (3)", "anv": "", "join": ""}],
        "tracklist": [{"position": "A1", "title": "Setting Sun", "type_": "track"}]}
    db["releases"].insert({"id": 7, "status": "ok", "title": "Dig Your Own Hole", "payload": json.dumps(payload),
                           "fetched_at": "2026-01-01T00:00:00+00:00"})
    old = {"release_id": 7, "position": "A1", "title": "Setting Sun", "artists": ["Chemical Brothers, The"],
           "artist_credit": "Chemical Brothers, The & Disclosure (3)"}
    db["source_tracks"].insert({"release_id": 7, "position": "A1", "track_index": 0, "title": "Setting Sun",
                                "artist_credit": old["artist_credit"], "data": json.dumps(old)})
    db.close()
    with Tracker(tmp_path / "t.db") as tracker:
        [cached] = tracker.source_tracks(7)
        assert cached.artist_credit == "Chemical Brothers, The & Disclosure (3)"  # what the matcher compares
        assert cached.shown_artist == "The Chemical Brothers & Disclosure"
        [row] = sql_rows(tracker, "SELECT artist_display FROM source_tracks")
        assert row["artist_display"] == "The Chemical Brothers & Disclosure"
