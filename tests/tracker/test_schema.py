"""The schema: migrations, WAL, indexes used by the hot queries."""

import sqlite3

import pytest

from song_automations.errors import TrackerError
from song_automations.tracker import Tracker
from song_automations.tracker.catalog import SQL_FOLDER_RELEASES, SQL_RELEASE, SQL_SOURCE_TRACKS
from song_automations.tracker.matches import SQL_MATCH, SQL_MATCHES_FOR_RELEASE, SQL_REJECTED
from song_automations.tracker.migrations import known_names
from song_automations.tracker.playlists import SQL_MANAGED, SQL_PLAYLISTS_FOR_FOLDER
from sqlcheck import sql_one, sql_rows


def test_new_database_is_migrated_in_wal_mode(tracker):
    names = [r["name"] for r in sql_rows(tracker, "SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == known_names()
    assert tracker.db.journal_mode == "wal"
    assert {"flagged_for_review", "ambiguous_matches", "missing_report", "match_history",
            "run_summaries", "destination_status"} <= set(tracker.db.view_names())
    assert tracker.integrity_check() == "ok"


def test_reopening_applies_nothing_twice(tmp_path):
    Tracker(tmp_path / "t.db").close()
    with Tracker(tmp_path / "t.db") as again:
        assert sql_one(again, "SELECT COUNT(*) AS n FROM _sqlite_migrations")["n"] == len(known_names())


def test_database_from_a_newer_version_is_refused(tmp_path):
    Tracker(tmp_path / "t.db").close()
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('song_automations', '9999_future', 'x')")
    conn.commit()
    conn.close()
    with pytest.raises(TrackerError, match="newer"):
        Tracker(tmp_path / "t.db")


@pytest.mark.parametrize(
    "sql, params, index",
    [
        (SQL_MATCH, [1, "A1", "spotify"], "idx_matched_tracks_key"),
        (SQL_MATCHES_FOR_RELEASE, [1, "spotify"], "idx_matched_tracks_key"),
        (SQL_FOLDER_RELEASES, [5], "idx_folder_releases_folder"),
        (SQL_REJECTED, [1, "A1", "spotify"], "idx_reviews_track"),
        (SQL_PLAYLISTS_FOR_FOLDER, ["spotify", 5], "idx_playlists_folder"),
        (SQL_MANAGED, ["spotify", "p1"], "sqlite_autoindex_managed_items_1"),
        (SQL_RELEASE, [1], "INTEGER PRIMARY KEY"),
        (SQL_SOURCE_TRACKS, [1], "sqlite_autoindex_source_tracks_1"),
    ],
)
def test_hot_queries_use_an_index(tracker, sql, params, index):
    plan = " ".join(tracker.explain(sql, params))
    assert index in plan and "SCAN" not in plan.replace("SCAN CONSTANT", "")


def test_two_processes_opening_a_new_database_migrate_it_once(tmp_path):
    import threading

    barrier = threading.Barrier(4)
    errors = []

    def open_it():
        barrier.wait()
        try:
            Tracker(tmp_path / "shared.db").close()
        except TrackerError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Tracker(tmp_path / "shared.db") as tracker:
        assert sql_one(tracker, "SELECT COUNT(*) AS n FROM _sqlite_migrations")["n"] == len(known_names())
