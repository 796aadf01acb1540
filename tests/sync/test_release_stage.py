"""Release-first matching in a sync, against the emulator (mini catalog) over sockets:
tracks taken from their release's album, ISRCs carried from one platform to the other."""

from __future__ import annotations

import json

from song_automations.clients.soundcloud import SoundCloudClient
from song_automations.clients.spotify import SpotifyClient
from song_automations.errors import ServerError
from song_automations.matching.matcher import Matcher

from .test_engine import EXPECTED
from sqlcheck import sql_one, sql_rows


def test_tracks_are_taken_from_their_releases_album_without_a_search_each(world):
    report = world.sync(["spotify"])
    assert world.playlists()["spotify"] == EXPECTED["spotify"]
    with world.tracker() as tracker:
        taken = sql_rows(tracker, "SELECT release_id, position, evidence FROM matched_tracks "
                                  "WHERE destination = 'spotify' AND stage = 'release' AND uri IS NOT NULL")
        tracks = sql_one(tracker, "SELECT COUNT(*) AS n FROM source_tracks")["n"]
        history = sql_rows(tracker, "SELECT c.stage, c.query FROM match_candidates c JOIN matched_tracks m "
                                    "USING (release_id, position, destination) WHERE m.stage = 'release'")
    assert report.tracks_by_release == len(taken) > 0
    evidence = json.loads(taken[0]["evidence"])
    assert evidence["album_uri"].startswith("spotify:album:") and evidence["found_by"] in {"tracks", "barcode", "title"}
    # No search of their own: what they were chosen from is the album the release's look found.
    assert history and {h["stage"] for h in history} == {"release"}
    assert all(h["query"].startswith("album:") for h in history)
    assert report.tracks_searched + report.tracks_by_release == tracks


def test_the_isrc_of_one_platforms_match_decides_the_other_platforms(world):
    world.sync(["spotify"])  # kept in the tracker for the next run's SoundCloud searches
    world.sync(["soundcloud"])
    with world.tracker() as tracker:
        spotify = sql_one(tracker, "SELECT isrc FROM matched_tracks WHERE destination = 'spotify' "
                                   "AND release_id = 71989 AND position = 'B1'")
        soundcloud = sql_one(tracker, "SELECT uri, components, confidence FROM matched_tracks "
                                      "WHERE destination = 'soundcloud' AND release_id = 71989 AND position = 'B1'")
        known = tracker.known_isrcs(71989, "soundcloud")
    assert spotify["isrc"] == "DEA619200011" and known == {"B1": "DEA619200011"}
    # The upload carries the same ISRC: decisive, whatever else its title says.
    assert soundcloud["uri"] == "soundcloud:tracks:7001"
    assert json.loads(soundcloud["components"])["isrc"] == 1.0 and soundcloud["confidence"] == 1.0


def test_a_platform_that_searches_by_isrc_asks_for_the_one_the_other_platform_found(world, monkeypatch):
    asked = []
    real = Matcher.match

    def spy(self, track, exclude=(), isrc=None, max_queries=None):
        result = real(self, track, exclude, isrc, max_queries)
        asked.append((self.platform, track.key, isrc, result.queries))
        return result

    monkeypatch.setattr(Matcher, "match", spy)
    # Spotify's album glimpse finds nothing: every Spotify track is searched on its own,
    # after SoundCloud's searches (a platform that searches by ISRC goes last).
    monkeypatch.setattr(SpotifyClient, "album_glimpse", lambda self, query, limit=None: [])
    monkeypatch.setattr(SpotifyClient, "search_albums", lambda self, query, limit=None: [])
    world.sync()
    spotify = {key: (isrc, queries) for platform, key, isrc, queries in asked if platform == "spotify"}
    isrc, queries = spotify["71989:B1"]
    assert isrc == "DEA619200011" and queries[0] == "isrc:DEA619200011" and len(queries) == 1
    assert world.playlists()["spotify"] == EXPECTED["spotify"]


def test_a_track_missing_from_its_releases_album_gets_one_search(world, monkeypatch):
    budgets = {}
    real = Matcher.match

    def spy(self, track, exclude=(), isrc=None, max_queries=None):
        budgets[(self.platform, track.key)] = max_queries
        return real(self, track, exclude, isrc, max_queries)

    monkeypatch.setattr(Matcher, "match", spy)
    world.sync(["spotify"])
    with world.tracker() as tracker:
        by_release = {(r["release_id"], r["position"]) for r in sql_rows(
            tracker, "SELECT release_id, position FROM matched_tracks WHERE stage = 'release'")}
    # Morcheeba's album (33986376) holds A1 and A3, not B6: B6 is searched once.
    assert {(33986376, "A1"), (33986376, "A3")} <= by_release
    assert budgets[("spotify", "33986376:B6")] == 1



def _failing(real, when):
    def call(self, query, *args, **kwargs):
        if when(query):
            raise ServerError("GET /search: the service failed with 503.", service="spotify", status=503)
        return real(self, query, *args, **kwargs)
    return call


def test_a_failed_album_look_leaves_the_releases_tracks_for_the_next_run(world, monkeypatch):
    # Searching Escape The Chaos's tracks one by one instead would decide them on less
    # evidence than its album gives, and that decision would stick.
    glimpse, albums = SpotifyClient.album_glimpse, SpotifyClient.search_albums
    morcheeba = lambda query: query.title == "Escape The Chaos"
    monkeypatch.setattr(SpotifyClient, "album_glimpse", _failing(glimpse, morcheeba))
    monkeypatch.setattr(SpotifyClient, "search_albums", _failing(albums, morcheeba))
    first = world.sync(["spotify"])
    with world.tracker() as tracker:
        decided = sql_rows(tracker, "SELECT position FROM matched_tracks WHERE release_id = 33986376")
        waiting = [json.loads(e["detail"])["position"] for e in tracker.events(first.run_id)
                   if e["kind"] == "search_failed"]
    assert not decided and sorted(waiting) == ["A1", "A3", "B6"]
    assert first.search_failures == 3 and first.partial

    monkeypatch.setattr(SpotifyClient, "album_glimpse", glimpse)
    monkeypatch.setattr(SpotifyClient, "search_albums", albums)
    second = world.sync(["spotify"])
    assert not second.partial and _as_sets(world.playlists()["spotify"]) == _as_sets(EXPECTED["spotify"])
    with world.tracker() as tracker:
        stages = {r["position"]: r["stage"] for r in sql_rows(
            tracker, "SELECT position, stage FROM matched_tracks WHERE release_id = 33986376")}
    assert stages == {"A1": "release", "A3": "release", "B6": "track"}  # as a run that never failed


def test_a_track_whose_search_failed_on_one_platform_waits_on_the_others(world, monkeypatch):
    # Spotify searches Acperience 1 by the ISRC SoundCloud's upload carries: searched
    # while SoundCloud's search failed, it would be decided without it, for good.
    search = SoundCloudClient.search
    monkeypatch.setattr(SoundCloudClient, "search", _failing(search, lambda query: "Acperience" in query.title))
    first = world.sync()
    with world.tracker() as tracker:
        decided = {(r["destination"], r["position"]) for r in sql_rows(
            tracker, "SELECT destination, position FROM matched_tracks WHERE release_id = 71989")}
        waiting = {(e["destination"], json.loads(e["detail"])["position"]) for e in tracker.events(first.run_id)
                   if e["kind"] == "search_failed"}
    assert waiting == {("soundcloud", "B1"), ("spotify", "B1")} and first.search_failures == 2
    assert decided == {(dest, pos) for dest in ("spotify", "soundcloud") for pos in ("A1", "A2")}

    monkeypatch.setattr(SoundCloudClient, "search", search)
    assert not world.sync().partial
    assert _as_sets(world.playlists()) == _as_sets(EXPECTED)
    with world.tracker() as tracker:
        spotify = sql_one(tracker, "SELECT uri, components FROM matched_tracks WHERE destination = 'spotify' "
                                   "AND release_id = 71989 AND position = 'B1'")
    assert spotify["uri"] == "spotify:track:6aaAcperienceHardfloor" and json.loads(spotify["components"])["isrc"] == 1.0


def _as_sets(playlists: dict) -> dict:
    """Playlists by name (or by platform, then name) as sets: a track found late is appended."""
    return {name: _as_sets(items) if isinstance(items, dict) else set(items) for name, items in playlists.items()}
