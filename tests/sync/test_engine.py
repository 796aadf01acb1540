"""The engine against the emulator (mini catalog), over real sockets."""

from collections import Counter

import pytest

from .conftest import duplicates, routes
from sqlcheck import sql_one, sql_rows

HOUSE, DISCO = "Discogs - House", "Discogs - Disco"
EXPECTED = {
    "spotify": {
        "Discogs - Uncategorized": ["6acCallForLove00000000", "6adPeaceOfMe0000000000"],
        HOUSE: ["6aaAcperienceHardfloor", "6aeOstermalm0000000000"],
        DISCO: ["6aeOstermalm0000000000"],
        "Discogs - Wantlist": ["6afAcidEiffel000000000"],
    },
    "soundcloud": {
        "Discogs - Uncategorized": ["soundcloud:tracks:7003"],
        HOUSE: ["soundcloud:tracks:7001"],
        DISCO: [],  # an empty folder keeps an empty playlist
        "Discogs - Wantlist": ["soundcloud:tracks:7004"],  # a preview is the same recording
    },
}


def test_first_sync_builds_every_playlist_from_the_truth(world):
    report = world.sync()
    assert world.playlists() == EXPECTED
    assert report.releases_fetched == 6 and report.tracks_searched > 0
    assert {p.name for p in report.playlists if p.created} == set(EXPECTED["spotify"])
    with world.tracker() as tracker:
        kinds = Counter(e["kind"] for e in tracker.events(report.run_id))
        [summary] = tracker.runs(1)
        missing = sql_one(tracker, "SELECT COUNT(*) AS n FROM match_state WHERE status = 'missing'")["n"]
        flagged = sql_one(tracker, "SELECT COUNT(*) AS n FROM match_state WHERE status = 'flagged'")["n"]
    assert kinds["playlist_changed"] == 8 and summary["status"] == "ok" and summary["events"] == sum(kinds.values())
    # Every track a first sync flags or misses is news, once.
    assert (kinds["track_missed"], kinds["track_flagged"]) == (missing, flagged)
    assert (report.newly_missed, report.newly_flagged) == (missing, flagged)


def test_rerun_with_nothing_changed_costs_no_search_and_no_fetch(world):
    world.sync()
    world.reset_stats()
    report = world.sync()
    stats = world.stats()
    assert report.tracks_searched == 0 and report.releases_fetched == 0
    assert routes(stats, "discogs", "GET /releases") == 0
    assert routes(stats, "spotify", "GET /search") == 0 and routes(stats, "soundcloud", "GET /tracks") == 0
    # Playlists are not read again: their version markers did not move.
    assert routes(stats, "spotify", "GET /playlists") == 0
    assert routes(stats, "soundcloud", "GET /playlists") == 0
    assert not any(r.startswith(("POST", "PUT", "DELETE")) for s in ("spotify", "soundcloud")
                   for r in stats[s]["by_route"] if "token" not in r)
    assert world.playlists() == EXPECTED


def test_collection_change_fetches_and_changes_only_what_moved(world):
    world.sync()
    world.reset_stats()
    world.edit_collection({"add": [{"folder": "Disco", "release_id": 4242},
                                   {"folder": "Disco", "release_id": 33986376}],
                           "remove": [{"folder": "House", "release_id": 71989}]})
    # SoundCloud's House playlist loses its only track: held back, the rest goes ahead.
    held = world.sync()
    assert [h.describe() for h in held.held_back] == ["soundcloud 'Discogs - House': removing 1 of 1 tracks"]
    assert world.playlists()["soundcloud"][HOUSE] != []
    assert world.playlists()["spotify"][HOUSE] == ["6aeOstermalm0000000000"]
    stats = world.stats()
    assert routes(stats, "discogs", "GET /releases") == 1  # 4242; 33986376 was cached
    with world.tracker() as tracker:
        run_id = tracker.runs(1)[0]["run_id"]
        searched = {r["release_id"] for r in sql_rows(tracker, 
            "SELECT DISTINCT release_id FROM matched_tracks WHERE run_id = ?", [run_id])}
    assert searched == {4242}
    report = world.sync(yes=True)
    assert report.releases_fetched == 0 and report.tracks_searched == 0 and report.held_back == []
    after = world.playlists()
    assert after["spotify"][HOUSE] == ["6aeOstermalm0000000000"]
    assert after["spotify"][DISCO] == ["6aeOstermalm0000000000", "6acCallForLove00000000", "6adPeaceOfMe0000000000"]
    assert after["soundcloud"][HOUSE] == []
    changed = {(p.destination, p.name) for p in report.playlists if p.added or p.removed}
    assert changed == {("soundcloud", HOUSE)}  # the rest went ahead in the first run
    assert not duplicates(after)


def test_dry_run_plans_and_changes_nothing(world):
    report = world.sync(dry_run=True)
    assert world.playlists() == {"spotify": {}, "soundcloud": {}}
    expected_adds = sum(len(items) for playlists in EXPECTED.values() for items in playlists.values())
    assert len(report.plan.creates) == 8 and report.plan.additions == expected_adds


def test_tracks_added_by_hand_are_kept(world):
    first = world.sync(["spotify"])
    house = next(p.playlist_id for p in first.playlists if p.name == HOUSE)
    mine = "spotify:track:6afAcidEiffel000000000"
    with world.tracker() as tracker:
        from song_automations.sync.session import sync_session
        with sync_session(world.settings, ("spotify",), tracker=tracker) as engine:
            engine.clients["spotify"].add_items(house, [mine])
    world.edit_collection({"remove": [{"folder": "House", "release_id": 1}]})
    world.sync(["spotify"])
    assert world.playlists()["spotify"][HOUSE] == ["6aaAcperienceHardfloor", "6afAcidEiffel000000000"]


def test_folder_filter_never_deletes_and_vanished_folder_needs_confirmation(world):
    world.sync()
    world.edit_collection({"delete_folder": ["Disco"]})
    world.sync(folders=["House"])
    assert DISCO in world.playlists()["spotify"]
    held = world.sync()
    # Spotify's Disco playlist still holds a track: kept until confirmed. SoundCloud's is
    # empty (its only track was unavailable there): nothing to lose, deleted at once.
    assert [h.describe() for h in held.held_back] == ["spotify 'Discogs - Disco': deleting it (1 tracks)"]
    assert DISCO in world.playlists()["spotify"] and DISCO not in world.playlists()["soundcloud"]
    report = world.sync(yes=True)
    assert DISCO not in world.playlists()["spotify"] and DISCO not in world.playlists()["soundcloud"]
    assert {d.name for d in report.plan.deletions} == {DISCO}


def test_exclude_wantlist_keeps_its_playlist(world):
    world.sync()
    report = world.sync(exclude_wantlist=True)
    assert "Discogs - Wantlist" in world.playlists()["spotify"]
    assert not report.plan.deletions and all(p.folder != "Wantlist" for p in report.playlists)


def test_reject_removes_the_track_and_it_is_never_picked_again(world):
    world.sync(["spotify"])
    with world.tracker() as tracker:
        match = tracker.get_match(71989, "B1", "spotify")
        tracker.reject(match.id)
    world.sync(["spotify"], yes=True)
    assert world.playlists()["spotify"][HOUSE] == ["6aeOstermalm0000000000"]
    with world.tracker() as tracker:
        assert tracker.get_match(71989, "B1", "spotify").uri != "spotify:track:6aaAcperienceHardfloor"
    world.sync(["spotify"], force_rematch_all=True, yes=True)
    assert "6aaAcperienceHardfloor" not in world.playlists()["spotify"][HOUSE]


def test_override_survives_forced_rematches(world):
    world.sync(["spotify"])
    with world.tracker() as tracker:
        tracker.override(tracker.get_match(71989, "A1", "spotify").id, "spotify:track:6afAcidEiffel000000000")
    world.sync(["spotify"], force_rematch_all=True)
    assert world.playlists()["spotify"][HOUSE] == [
        "6aaAcperienceHardfloor", "6aeOstermalm0000000000", "6afAcidEiffel000000000"]


def test_progress_reports_every_stage(world):
    from song_automations.sync.session import sync_session

    events = []
    with sync_session(world.settings, progress=events.append) as engine:
        engine.run("all")
    stages = {e.stage for e in events}
    assert stages == {"folders", "releases", "matching", "applying"}
    last = {e.stage: e for e in events}
    assert last["releases"].done == last["releases"].total == 6
    assert last["folders"].done == 4


def test_unknown_folder_is_a_clear_error(world):
    from song_automations.errors import ConfigError

    with pytest.raises(ConfigError, match="Nope"):
        world.sync(folders=["Nope"])


class ReleaseGone:
    """The real Discogs client, except that one release id is asked for under an id the
    emulator does not know, so Discogs answers a real 404 for it."""

    def __init__(self, inner, gone: int) -> None:
        self.inner, self.gone = inner, gone

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def release(self, release_id: int) -> dict:
        return self.inner.release(999_999_999 if release_id == self.gone else release_id)


def test_deleted_release_is_recorded_and_reported_not_fatal(world):
    from song_automations.sync.session import sync_session

    world.edit_collection({"add": [{"folder": "House", "release_id": 4242}]})
    with sync_session(world.settings) as engine:
        engine.discogs = ReleaseGone(engine.discogs, 4242)
        report = engine.run("all")
        again = engine.run("all")
    assert report.deleted_releases == [4242]
    assert world.playlists() == EXPECTED
    with world.tracker() as tracker:
        assert tracker.deleted_releases() == [4242]
        assert [e["release_id"] for e in tracker.events(report.run_id) if e["kind"] == "release_deleted"] == [4242]
    assert again.releases_fetched == 0  # a deleted release is not asked for again


def test_refresh_and_force_options_cost_what_they_say(world):
    world.sync(["spotify"])
    world.reset_stats()
    refreshed = world.sync(["spotify"], refresh_releases=True)
    assert refreshed.releases_fetched == 6 and refreshed.tracks_searched + refreshed.tracks_by_release == 0
    forced = world.sync(["spotify"], force_rematch=True)
    with world.tracker() as tracker:
        matched = sql_one(tracker, "SELECT COUNT(*) AS n FROM matched_tracks WHERE destination = 'spotify' "
                              "AND uri IS NOT NULL")["n"]
    # misses wait their turn; the rest are found again (by their release's album or a search)
    assert forced.releases_fetched == 0 and forced.tracks_searched + forced.tracks_by_release == matched
    everything = world.sync(["spotify"], force_rematch_all=True)
    assert everything.tracks_searched + everything.tracks_by_release > matched
    assert world.playlists()["spotify"] == EXPECTED["spotify"]


def test_min_confidence_keeps_weaker_matches_out(world):
    world.sync(["soundcloud"])  # its matches are less than certain; Spotify's here all score 1
    with world.tracker() as tracker:
        weakest = sql_one(tracker, "SELECT MIN(confidence) AS c FROM matched_tracks WHERE uri IS NOT NULL "
                              "AND destination = 'soundcloud'")["c"]
    assert weakest < 1.0
    # (yes: the weakest is its playlist's only track, a removal the safety gate holds back)
    plan = world.sync(["soundcloud"], min_confidence=weakest + 1e-6, dry_run=True, yes=True).plan
    assert plan.removals >= 1 and plan.additions == 0


def test_folder_over_the_size_limit_is_split_and_stays_stable(world):
    from song_automations.sync.session import sync_session

    def run(**options):
        with sync_session(world.settings, ("spotify",)) as engine:
            engine.clients["spotify"].max_playlist_size = 1  # as if Spotify held one track
            return engine.run("spotify", **options)

    run()
    held = world.playlists()["spotify"]
    assert held[HOUSE] == ["6aaAcperienceHardfloor"] and held[HOUSE + " (2)"] == ["6aeOstermalm0000000000"]
    assert all(p.is_noop for p in run().plan.changes)
    world.edit_collection({"remove": [{"folder": "House", "release_id": 71989}]})
    run(yes=True)
    held = world.playlists()["spotify"]
    assert held[HOUSE] == [] and held[HOUSE + " (2)"] == ["6aeOstermalm0000000000"]
