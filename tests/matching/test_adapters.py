"""Raw Discogs, Spotify and SoundCloud payloads into the platform-neutral models."""

import pytest

from song_automations.adapters import discogs, soundcloud, spotify
from song_automations.errors import BadResponse
from song_automations.models import SearchQuery


def _artist(name, anv="", join=""):
    return {"name": name, "anv": anv, "join": join, "role": "", "tracks": "", "id": 1}


RELEASE = {
    "id": 3,
    "title": "Profound Sounds Vol. 1",
    "year": 1999,
    "artists": [_artist("Josh Wink")],
    "labels": [{"name": "Ruffhouse Records", "catno": "CK 63628"}, {"name": "Other (2)", "catno": "none"}],
    "extraartists": [
        {"name": "Hardfloor", "anv": "", "role": "Remix", "tracks": "A1 to B1, C3"},
        {"name": "Somebody", "anv": "", "role": "Mastered By", "tracks": ""},
    ],
    "tracklist": [
        {"position": "", "type_": "heading", "title": "Side A"},
        {"position": "A1", "type_": "track", "title": "Untitled 8", "duration": "7:00",
         "artists": [_artist("Heiko Laux", join="&"), _artist("Johannes Heil")]},
        {"position": "", "type_": "index", "title": "Suite", "duration": "15:31", "sub_tracks": [
            {"position": "A2", "type_": "track", "title": "Part One", "duration": ""},
            {"position": "B1", "type_": "track", "title": "Part Two", "duration": "1:02:03"},
        ]},
        {"position": "C1", "title": "When The Funk Hits The Fan (Mood II Swing When The Dub Hits The Fan)",
         "duration": "5:25", "artists": [_artist("Sylk 130")],
         "extraartists": [{"name": "Mood II Swing", "anv": "", "role": "Remix"}]},
        {"position": "C2", "type_": "track", "title": "What's The Time, Mr. Templar", "duration": "4:27",
         "artists": [_artist("Persuader, The", join="Featuring"), _artist("Karl Axel Bissler", anv="K.A.B.")]},
        {"position": "C3", "type_": "track", "title": "Closing", "duration": "bad"},
    ],
}


def test_discogs_release_flattens_skips_headings_and_keeps_display_names():
    tracks = discogs.source_tracks(RELEASE)
    assert [t.position for t in tracks] == ["A1", "A2", "B1", "C1", "C2", "C3"]
    first = tracks[0]
    assert first.artists == ("Heiko Laux", "Johannes Heil")
    assert first.artist_credit == "Heiko Laux & Johannes Heil"
    assert [t.duration_s for t in tracks] == [420, None, 3723, 325, 267, None]
    assert first.labels == ("Ruffhouse Records", "Other (2)") and first.catnos == ("CK 63628",)


def test_discogs_remixers_from_scoped_release_credits_and_track_credits():
    by_position = {t.position: t for t in discogs.source_tracks(RELEASE)}
    assert [p for p, t in by_position.items() if "Hardfloor" in t.remixers] == ["A1", "A2", "B1", "C3"]
    assert "Mood II Swing" in by_position["C1"].remixers


def test_discogs_featuring_join_and_anv():
    track = discogs.source_tracks(RELEASE)[4]
    assert track.artists == ("Persuader, The",)
    assert track.featured == ("K.A.B.",)
    assert track.artist_credit == "Persuader, The Featuring K.A.B."


def test_discogs_the_track_s_singer_is_credited_beside_its_artist():
    # A film song under its music director's name: the platforms credit the singer.
    track = discogs.source_track({"id": 1, "title": "Tezaab", "artists": [_artist("Laxmikant-Pyarelal")]},
                                 {"position": "A1", "title": "Ek Do Teen", "duration": "7:04", "extraartists": [
                                     {"name": "Alka Yagnik", "anv": "", "role": "Vocals"},
                                     {"name": "Choir", "anv": "", "role": "Backing Vocals"},
                                     {"name": "Javed Akhtar", "anv": "", "role": "Lyrics By"}]})
    assert track.artists == ("Laxmikant-Pyarelal",)
    assert track.featured == ("Alka Yagnik",)


@pytest.mark.parametrize("payload", [None, [], {"title": "no id"}, {"id": 1, "tracklist": "x"},
                                     {"id": "not a number", "tracklist": []}])
def test_discogs_broken_payloads_raise_bad_response(payload):
    with pytest.raises(BadResponse):
        discogs.source_tracks(payload)


def test_discogs_entries_that_are_not_tracks_are_skipped():
    payload = {"id": 1, "tracklist": ["x", None, {"position": "A1", "title": "Real", "duration": "5:00"}]}
    assert [t.title for t in discogs.source_tracks(payload)] == ["Real"]


def test_spotify_candidate_in_development_mode_has_no_popularity_or_verified():
    cand = spotify.candidate({"id": "abc", "name": "Song - Hardfloor Remix", "artists": [{"id": "a1", "name": "X"}],
                              "album": {"name": "Album"}, "duration_ms": 300500, "external_ids": {"isrc": "GBAAA0000001"}})
    assert (cand.uri, cand.popularity, cand.verified, cand.duration_s, cand.isrc) == (
        "spotify:track:abc", None, None, 300.5, "GBAAA0000001")
    extended = spotify.candidate({"id": "abc", "name": "S", "artists": [{"id": "a1", "name": "X"}], "popularity": 40},
                                 artist_followers={"a1": 50_000})
    assert (extended.popularity, extended.verified) == (0.4, True)


@pytest.mark.parametrize(("album", "year", "kind"), [
    ({"name": "A", "release_date": "1987-07-21", "album_type": "album"}, 1987, "album"),
    ({"name": "A", "release_date": "1987", "album_type": "compilation"}, 1987, "compilation"),
    ({"name": "A", "release_date": "", "album_type": 3}, None, None),
    ({"name": "A"}, None, None),
])
def test_spotify_candidate_knows_its_album_s_year_and_type(album, year, kind):
    cand = spotify.candidate({"id": "abc", "name": "S", "artists": [{"name": "X"}], "album": album})
    assert (cand.album_year, cand.album_type) == (year, kind)


def test_soundcloud_candidate_artist_from_metadata_title_or_uploader():
    base = {"urn": "soundcloud:tracks:1", "duration": 486000, "user": {"username": "Eye Q Records"}}
    from_title = soundcloud.candidate({**base, "title": "Premiere: Energy 52 - Cafe Del Mar (Three N One Remix) [EYEQ027]"})
    assert from_title.artists == ("Energy 52",) and from_title.title.startswith("Cafe Del Mar (Three N One Remix)")
    from_metadata = soundcloud.candidate({**base, "title": "Cafe Del Mar", "metadata_artist": "Energy 52"})
    assert from_metadata.artists == ("Energy 52",)
    label_channel = soundcloud.candidate({**base, "title": "Cafe Del Mar"})
    assert label_channel.artists == () and label_channel.uploader == "Eye Q Records"
    artist_upload = soundcloud.candidate({**base, "title": "Cafe Del Mar", "user": {"username": "Energy 52"}})
    assert artist_upload.artists == ("Energy 52",)
    assert (from_title.verified, from_title.uri) == (None, "soundcloud:tracks:1")


@pytest.mark.parametrize(("access", "duration_ms", "expected"), [
    ("playable", 30_000, 30.0),       # a genuine 30-second track
    ("preview", 30_000, None),        # only the snippet's length: unknown
    ("preview", 412_000, 412.0),      # a preview reporting the full length
    ("playable", 0, None),
])
def test_soundcloud_preview_snippet_length_is_not_the_recordings(access, duration_ms, expected):
    raw = {"urn": "soundcloud:tracks:1", "title": "Choice - Acid Eiffel", "user": {"username": "acid fan"},
           "access": access, "duration": duration_ms}
    assert soundcloud.candidate(raw).duration_s == expected


def test_query_formatting_per_platform():
    query = SearchQuery(artist='The "Persuader"', title="What's The Time", version="Hardfloor Remix")
    assert spotify.format_query(query) == 'track:"What\'s The Time" artist:"The Persuader" Hardfloor Remix'
    assert soundcloud.format_query(query) == "The Persuader What's The Time Hardfloor Remix"
    assert spotify.format_query(SearchQuery(artist="", title="", isrc="GB1")) == "isrc:GB1"


def test_every_real_discogs_release_fixture_adapts(shared_dir):
    import json

    releases = [p for p in (shared_dir / "api" / "fixtures" / "discogs").rglob("*.json")
                if "release" in p.name or p.parent.name == "releases"]
    adapted = 0
    for path in releases:
        payload = json.loads(path.read_text())
        if isinstance(payload, dict) and "tracklist" in payload:
            tracks = discogs.source_tracks(payload)
            assert all(t.position or t.title for t in tracks)
            adapted += 1
    assert adapted >= 5
    ravel = discogs.source_tracks(json.loads(
        (shared_dir / "api/fixtures/discogs/TRIMMED_release_1287017_index_subtracks.json").read_text()))
    assert [t.position for t in ravel][:6] == ["A1", "A2", "A3", "B1", "B2", "B3"]
    assert ravel[0].artists[0] == "Ravel"  # anv preferred


@pytest.mark.parametrize("handle", ["bronx_wax", "vocalhouse_classics", "newjackswing_12inch", "rnb.instrumentals",
                                    "90s-rnb-jp"])
def test_a_channel_handle_s_words_are_read_apart(handle):
    # An upload titled with the song alone on a channel names no artist: unknown, not the handle.
    raw = {"urn": "soundcloud:tracks:1", "title": "Ego Trippin' [Next Plateau 1986] 12'' vinyl",
           "user": {"username": handle}, "duration": 359_000}
    assert soundcloud.candidate(raw).artists == ()


@pytest.mark.parametrize("handle", ["djshadow", "lighthouse_family", "mr.fingers"])
def test_an_artist_s_handle_stays_the_artist(handle):
    raw = {"urn": "soundcloud:tracks:1", "title": "Song", "user": {"username": handle}, "duration": 200_000}
    assert soundcloud.candidate(raw).artists == (handle,)

