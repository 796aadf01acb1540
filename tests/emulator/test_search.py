"""The shared search engine: normalisation, Spotify query syntax and realistic ranking."""

from __future__ import annotations

import numpy as np

from song_automations.emulator.search import (
    Clause,
    SoundCloudSearch,
    SpotifySearch,
    parse_spotify_query,
    tokenize,
)


def sp_track(tid: str, name: str, artists: list[str], popularity: int = 50, album: str = "Album",
             year: str = "1999", isrc: str = "") -> dict:
    return {"id": tid, "name": name, "artists": [{"name": a} for a in artists], "popularity": popularity,
            "album": {"name": album, "release_date": f"{year}-01-01"}, "external_ids": {"isrc": isrc}}


CAFE = [
    sp_track("remix", "Café Del Mar - Three 'N One Remix", ["Energy 52", "Three 'N One"], 80, year="1997"),
    sp_track("orig", "Café Del Mar", ["Energy 52"], 45, album="Café Del Mar", year="1993", isrc="DEA129300001"),
    sp_track("cover", "Café Del Mar (Energy 52 Cover)", ["Ibiza Lounge Band"], 20, year="2012"),
    sp_track("tribute", "Cafe del Mar", ["Chillout Tribute Orchestra"], 10, year="2015"),
    sp_track("other", "Mar Azul", ["Energy 52"], 30, year="1995"),
    sp_track("kid", "Kid Paul Remix", ["Energy 52"], 5, album="Café Del Mar Remixes", year="1998"),
]


def names(search: SpotifySearch, q: str, limit: int = 10) -> list[str]:
    return [search.items[i]["id"] for i in search.search(q, offset=0, limit=limit).ids]


def test_tokens_ignore_case_diacritics_and_apostrophes():
    assert tokenize("Café Del Mar") == ["cafe", "del", "mar"]
    assert tokenize("Røyksopp – Don't Stop (Ärger Mix)") == ["royksopp", "dont", "stop", "arger", "mix"]
    assert tokenize("Three 'N One") == ["three", "n", "one"]
    assert tokenize(None) == [] and tokenize("!!") == []


def test_spotify_query_syntax():
    parsed = parse_spotify_query('remaster track:Doxy artist:Miles Davis year:1955-1960 genre:jazz')
    assert parsed.clauses == (Clause(("doxy",), "track"), Clause(("miles",), "artist"),
                              Clause(("remaster", "davis"), None))
    assert parsed.years == (1955, 1960)
    quoted = parse_spotify_query('track:"Mr. Brightside" artist:"The Killers"')
    assert quoted.clauses == (Clause(("mr", "brightside"), "track"), Clause(("the", "killers"), "artist"))
    assert parse_spotify_query("isrc:USUM71703861").clauses == (Clause(("usum71703861",), "isrc"),)
    assert parse_spotify_query("year:abc").years is None


def test_field_filters_surface_the_original_first_then_its_remixes_not_covers():
    search = SpotifySearch(CAFE)
    found = names(search, 'track:"Café Del Mar" artist:"Energy 52"')
    assert found == ["orig", "remix"]  # the more popular remix still ranks below the exact title


def test_free_words_also_reach_covers_that_name_the_artist():
    search = SpotifySearch(CAFE)
    found = names(search, "Energy 52 Café Del Mar")
    assert found[0] == "orig"
    assert set(found) == {"orig", "remix", "cover", "kid"}  # "kid" matches through its album


def test_a_title_only_search_lists_every_version_with_the_original_near_the_top():
    found = names(SpotifySearch(CAFE), 'track:"cafe del mar"')
    assert set(found) == {"orig", "remix", "cover", "tribute"}
    assert found.index("orig") < found.index("cover")


def test_year_and_isrc_filters_and_paging():
    search = SpotifySearch(CAFE)
    assert names(search, "isrc:dea129300001") == ["orig"]
    assert set(names(search, "artist:energy year:1995-1998")) == {"remix", "other", "kid"}
    assert names(search, "year:1993") == ["orig"]
    page = search.search('artist:"energy 52"', offset=2, limit=2)
    assert page.total == 4 and len(page.ids) == 2
    assert search.search("zzzz", offset=0, limit=5).total == 0


def test_popularity_breaks_ties_between_equal_titles():
    tracks = [sp_track("quiet", "Strings Of Life", ["Rhythim Is Rhythim"], 5),
              sp_track("loud", "Strings Of Life", ["Rhythim Is Rhythim"], 70)]
    assert names(SpotifySearch(tracks), 'track:"strings of life"') == ["loud", "quiet"]


def sc_track(number: int, title: str, user: str, artist: str | None = None, plays: int = 100,
             access: str = "playable") -> dict:
    return {"urn": f"soundcloud:tracks:{number}", "id": number, "title": title, "user": {"username": user},
            "metadata_artist": artist, "playback_count": plays, "access": access}


def test_soundcloud_search_uses_title_uploader_and_metadata_artist_leniently():
    tracks = [
        sc_track(1, "Café Del Mar (Original Mix)", "energy52official", "Energy 52", 5000),
        sc_track(2, "Energy 52 - Cafe Del Mar (Three N One Remix)", "trance classics", plays=90000),
        sc_track(3, "Cafe Del Mar", "ibiza bootlegs", plays=200),
        sc_track(4, "Something Else", "energy 52 fan", plays=10),
    ]
    search = SoundCloudSearch(tracks)
    found = search.search("Energy 52 Cafe Del Mar", offset=0, limit=10)
    ids = [tracks[i]["id"] for i in found.ids]
    assert set(ids[:2]) == {1, 2} and 3 in ids and 4 not in ids  # 60 % of the words must match
    allowed = np.array([t["id"] != 2 for t in tracks])
    masked = search.search("Energy 52 Cafe Del Mar", offset=0, limit=10, mask=allowed)
    assert masked.ids and all(tracks[i]["id"] != 2 for i in masked.ids)
    assert search.search("   ", offset=0, limit=10).total == 0
