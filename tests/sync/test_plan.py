"""The pure plan: what a sync would change, for the cases users care about."""

from song_automations.sync.plan import ActualPlaylist, PlaylistDeletion, SyncPlan, hold_back, plan_folder


def plan(desired, actual=(), max_size=None):
    return plan_folder("spotify", 7, "House", "Discogs - House", desired, list(actual), max_size)


def test_new_folder_creates_playlist_in_discogs_order_without_duplicates():
    [change] = plan(["a", "b", "a", "c"])
    assert change.create and change.name == "Discogs - House"
    assert change.add == ("a", "b", "c")


def test_empty_folder_still_gets_an_empty_playlist():
    [change] = plan([])
    assert change.create and change.add == () and not change.is_noop


def test_unchanged_playlist_is_a_noop():
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a", "b"), frozenset({"a", "b"}))
    [change] = plan(["a", "b"], [existing])
    assert change.is_noop and change.unchanged == 2


def test_additions_appended_and_only_our_tracks_removed():
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a", "mine", "b"), frozenset({"a", "b"}))
    [change] = plan(["a", "c"], [existing])
    assert change.add == ("c",)
    assert change.remove == ("b",)  # "mine" was added by hand: kept
    assert change.playlist_id == "p1"


def test_duplicate_in_playlist_is_removed_and_added_back_once():
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a", "b", "a"), frozenset({"a", "b"}))
    [change] = plan(["a", "b"], [existing])
    assert change.remove == ("a",) and change.add == ("a",)
    assert change.net_removed == 0


def test_desired_track_already_present_but_untracked_is_kept():
    # a crash after adding and before recording leaves our track unmanaged: no re-add
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a",), frozenset())
    [change] = plan(["a", "b"], [existing])
    assert change.add == ("b",) and change.remove == () and change.adopt == ("a",)


def test_long_folder_is_split_by_the_platform_limit():
    changes = plan([f"t{i}" for i in range(5)], max_size=2)
    assert [c.name for c in changes] == ["Discogs - House", "Discogs - House (2)", "Discogs - House (3)"]
    assert [c.add for c in changes] == [("t0", "t1"), ("t2", "t3"), ("t4",)]


def test_split_keeps_tracks_where_they_are_and_fills_free_room():
    p1 = ActualPlaylist("p1", 1, "Discogs - House", ("t0", "t1"), frozenset({"t0", "t1"}))
    p2 = ActualPlaylist("p2", 2, "Discogs - House (2)", ("t2", "t3"), frozenset({"t2", "t3"}))
    changes = plan(["t1", "t2", "t3", "t4"], [p1, p2], max_size=2)
    assert [(c.playlist_id, c.add, c.remove) for c in changes] == [("p1", ("t4",), ("t0",)), ("p2", (), ())]


def test_safety_gate_holds_back_removing_more_than_half_and_lets_the_rest_through():
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a", "b", "c"), frozenset({"a", "b", "c"}))
    risky = SyncPlan(changes=tuple(plan(["a", "d"], [existing])))
    safe, held = hold_back(risky)
    assert [h.describe() for h in held] == ["spotify 'Discogs - House': removing 2 of 3 tracks"]
    [change] = safe.changes
    assert (change.add, change.remove, change.unchanged) == (("d",), (), 3)  # the addition still goes ahead
    fine = SyncPlan(changes=tuple(plan(["a", "b"], [existing])))
    assert hold_back(fine) == (fine, ())


def test_safety_gate_holds_a_duplicate_in_a_risky_playlist_where_it_is():
    # "a" twice is normally removed and added back once; held back, it is left alone.
    existing = ActualPlaylist("p1", 1, "Discogs - House", ("a", "a", "b", "c", "d"), frozenset("abcd"))
    [change] = hold_back(SyncPlan(changes=tuple(plan(["a"], [existing]))))[0].changes
    assert (change.add, change.remove) == ((), ())


def test_safety_gate_covers_deleting_a_playlist_with_tracks():
    gone = SyncPlan(deletions=(PlaylistDeletion("spotify", 3, "Discogs - Disco", "p9", 4),
                               PlaylistDeletion("spotify", 4, "Discogs - Empty", "p8", 0)))
    safe, held = hold_back(gone)
    assert [d.name for d in safe.deletions] == ["Discogs - Empty"]
    assert [h.describe() for h in held] == ["spotify 'Discogs - Disco': deleting it (4 tracks)"]
