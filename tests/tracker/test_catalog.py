"""Folders, folder contents, the release cache and playlists as the tracker keeps them."""

from song_automations.models import Folder, FolderItem, SourceTrack


def test_release_cache_round_trip_and_age(tracker, clock):
    tracks = [SourceTrack(5, "A1", "Song", ("X",), labels=("L",), index=0)]
    tracker.store_release(5, {"id": 5, "title": "R"}, tracks)
    assert tracker.cached_release(5) == {"id": 5, "title": "R"}
    assert tracker.source_tracks(5) == tracks
    clock.advance(10)
    assert tracker.cached_release(5, max_age_days=5) is None
    tracker.mark_release_deleted(6)
    assert tracker.cached_release(6) == {"status": "deleted"}
    assert tracker.deleted_releases() == [6]


def test_folder_contents_replaced_in_order(tracker):
    tracker.update_folder_releases(3, [FolderItem(3, 10), FolderItem(3, 11), FolderItem(3, 10)])
    tracker.update_folder_releases(3, [FolderItem(3, 12), FolderItem(3, 10)])
    assert tracker.folder_release_ids(3) == [12, 10]


def test_only_a_complete_folder_list_marks_folders_vanished(tracker):
    tracker.record_folders([Folder(1, "A"), Folder(2, "B")], complete=True)
    tracker.record_folders([Folder(1, "A")], complete=False)
    assert tracker.vanished_folders() == []
    tracker.record_folders([Folder(1, "A")], complete=True)
    assert tracker.vanished_folders() == [Folder(2, "B")]


def test_playlist_tracking_by_id_and_managed_items(tracker):
    tracker.save_playlist("spotify", "p1", 3, 1, "Discogs - A", items=("a",), snapshot="s1")
    tracker.add_managed("spotify", "p1", ["a", "b"])
    tracker.remove_managed("spotify", "p1", ["b"])
    [stored] = tracker.playlists_for_folder("spotify", 3)
    assert (stored.id, stored.items, stored.snapshot) == ("p1", ("a",), "s1")
    assert tracker.managed_items("spotify", "p1") == {"a"}
    tracker.save_playlist("spotify", "p2", 3, 1, "Discogs - A")  # p1 was deleted by hand
    assert [p.id for p in tracker.playlists_for_folder("spotify", 3)] == ["p2"]
    tracker.forget_playlist("spotify", "p1")
    assert tracker.managed_items("spotify", "p1") == set()


def test_runs_and_events(tracker):
    run = tracker.start_run(["spotify"], {"dry_run": False})
    tracker.log_event(run, "release_deleted", release_id=9, status=404)
    tracker.finish_run(run, "ok", {"added": 1})
    [summary] = tracker.runs()
    assert summary["status"] == "ok" and summary["events"] == 1
