"""Spotify albums as resources: album search, GET /albums/{id}[/tracks], and the
deprecated ``tracks`` of /me/playlists entries, over real sockets with httpx."""

from __future__ import annotations

import pytest

from .test_spotify import api, new_playlist

ESCAPE = "7abEscapeTheChaos00000"  # Morcheeba, 2025, UPC = the Discogs barcode, a bonus dub
ESCAPE_DECOY = "7afEscapeTheChaosRobot"  # Robotnick's album of the same name, 2019
ACID_EIFFEL = "7adAcidEiffel000000000"  # UPC stored as 13 digits, barcode on Discogs has 12
STOCKHOLM = "7acStockholm0000000000"  # no full-object entry in the catalog
DUB = "6ahCallForLoveDub00000"  # album-only bonus track


def album_ids(client, q: str, **params) -> list[str]:
    reply = client.get("/search", params={"q": q, "type": "album", **params})
    assert reply.status_code == 200, reply.text
    return [a["id"] for a in reply.json()["albums"]["items"]]


def test_album_search_filters_by_upc_exactly(emulator):
    client = api(emulator)
    assert album_ids(client, "upc:5060204807961") == [ESCAPE]
    assert album_ids(client, "upc:0731456789012") == [ACID_EIFFEL]
    # the 12-digit barcode does not find the album stored under its 13-digit EAN form
    assert album_ids(client, "upc:731456789012") == []


def test_album_search_filters_by_album_artist_and_year(emulator):
    client = api(emulator)
    assert set(album_ids(client, 'album:"Escape The Chaos"')) == {ESCAPE, ESCAPE_DECOY}
    assert album_ids(client, 'album:"escape the chaos" artist:morcheeba') == [ESCAPE]
    assert album_ids(client, "album:escape year:2019") == [ESCAPE_DECOY]
    assert set(album_ids(client, "year:1990-1995")) == {"7aaAcperienceAlbum0000", ACID_EIFFEL}
    assert album_ids(client, 'artist:"the persuader"') == [STOCKHOLM]
    # filters albums do not have are ignored; a track filter alone finds nothing
    assert album_ids(client, "track:Ostermalm") == []


def test_album_search_ranks_the_full_match_first(emulator):
    assert album_ids(api(emulator), "escape the chaos morcheeba")[0] == ESCAPE
    assert album_ids(api(emulator), "escape the chaos robotnick")[0] == ESCAPE_DECOY


@pytest.mark.demo_catalog
def test_album_search_folds_case_and_diacritics(emulator_factory):
    client = api(emulator_factory(catalog="demo"))
    found = client.get("/search", params={"q": 'album:"cafe del mar" artist:"ENERGY 52"', "type": "album"}).json()
    assert "Café Del Mar" in [a["name"] for a in found["albums"]["items"]]


@pytest.mark.parametrize(("mode", "default", "most"), [("development", 5, 10), ("extended", 20, 50)])
def test_album_search_limit_depends_on_the_mode(emulator_factory, mode, default, most):
    client = api(emulator_factory(spotify_mode=mode))
    page = client.get("/search", params={"q": "year:1900-2100", "type": "album"}).json()["albums"]
    assert page["limit"] == default
    assert client.get("/search", params={"q": "a", "type": "album", "limit": most}).status_code == 200
    too_many = client.get("/search", params={"q": "a", "type": "album", "limit": most + 1})
    assert too_many.status_code == 400 and too_many.json()["error"]["message"] == "Invalid limit"


def test_album_search_pages_with_query_in_the_echoed_links(emulator):
    client = api(emulator)
    first = client.get("/search", params={"q": "year:1900-2100", "type": "album", "limit": 2}).json()["albums"]
    assert first["total"] == 6 and first["previous"] is None
    assert first["href"].startswith(f"{emulator.url}/spotify/v1/search?query=year%3A1900-2100&type=album")
    second = client.get(first["next"]).json()["albums"]
    third = client.get(second["next"]).json()["albums"]
    assert second["offset"] == 2 and third["next"] is None and len(third["items"]) == 2
    seen = [a["id"] for page in (first, second, third) for a in page["items"]]
    assert len(set(seen)) == 6
    assert client.get(second["previous"]).json()["albums"]["items"] == first["items"]


def test_album_and_track_search_in_one_request(emulator):
    reply = api(emulator).get("/search", params={"q": "escape the chaos", "type": "album,track"}).json()
    assert set(reply) == {"albums", "tracks"}
    assert ESCAPE in [a["id"] for a in reply["albums"]["items"]]


def test_album_search_items_are_simplified_albums_in_each_mode(emulator_factory):
    dev, ext = api(emulator_factory()), api(emulator_factory(spotify_mode="extended"))
    dev_album = dev.get("/search", params={"q": "upc:5060204807961", "type": "album"}).json()["albums"]["items"][0]
    ext_album = ext.get("/search", params={"q": "upc:5060204807961", "type": "album"}).json()["albums"]["items"][0]
    assert "available_markets" not in dev_album and ext_album["available_markets"]
    for album in (dev_album, ext_album):
        assert album["total_tracks"] == 3 and "tracks" not in album and "label" not in album
        assert album["artists"][0]["name"] == "Morcheeba"


def test_get_album_is_the_full_object_with_its_tracks(emulator):
    album = api(emulator).get(f"/albums/{ESCAPE}").json()
    assert album["external_ids"] == {"upc": "5060204807961"} and album["genres"] == []
    assert {c["type"] for c in album["copyrights"]} == {"C", "P"}
    assert not {"label", "popularity", "available_markets"} & set(album)  # development mode
    tracks = album["tracks"]
    assert tracks["total"] == album["total_tracks"] == 3 and tracks["limit"] == 50
    assert tracks["href"] == f"{emulator.url}/spotify/v1/albums/{ESCAPE}/tracks?offset=0&limit=50"
    assert [t["name"] for t in tracks["items"]] == ["Call For Love", "Peace Of Me (feat. Oscar #Worldpeace)",
                                                    "Call For Love - Dub"]
    for track in tracks["items"]:
        assert not {"album", "external_ids", "popularity", "available_markets"} & set(track)


def test_extended_mode_adds_label_popularity_and_markets(emulator_factory):
    client = api(emulator_factory(spotify_mode="extended"))
    album = client.get(f"/albums/{ESCAPE}").json()
    assert album["label"] == "100% Records" and album["popularity"] == 61 and album["available_markets"]
    assert "available_markets" in album["tracks"]["items"][0] and "popularity" not in album["tracks"]["items"][0]
    bare = client.get(f"/albums/{STOCKHOLM}").json()
    assert bare["external_ids"] == {} and bare["copyrights"] == [] and bare["label"] == ""


def test_album_tracks_page_and_validate_limit(emulator):
    client = api(emulator)
    first = client.get(f"/albums/{ESCAPE}/tracks", params={"limit": 2}).json()
    assert [t["track_number"] for t in first["items"]] == [1, 3] and first["total"] == 3
    rest = client.get(first["next"]).json()
    assert rest["offset"] == 2 and [t["id"] for t in rest["items"]] == [DUB] and rest["next"] is None
    assert client.get(f"/albums/{ESCAPE}/tracks").json()["limit"] == 20
    for bad in (0, 51, "x"):
        reply = client.get(f"/albums/{ESCAPE}/tracks", params={"limit": bad})
        assert reply.status_code == 400 and reply.json() == {"error": {"status": 400, "message": "Invalid limit"}}
    marked = client.get(f"/albums/{ESCAPE}/tracks", params={"market": "DE"}).json()
    assert all(t["is_playable"] is True for t in marked["items"]) and "market=DE" in marked["href"]


def test_unknown_albums_are_404_and_malformed_ids_400(emulator):
    client = api(emulator)
    for path in ("/albums/0000000000000000000000", "/albums/0000000000000000000000/tracks"):
        reply = client.get(path)
        assert reply.status_code == 404 and reply.json() == {"error": {"status": 404, "message": "Resource not found"}}
    for path in ("/albums/nope", "/albums/nope/tracks", "/tracks/nope", "/artists/nope"):
        reply = client.get(path)
        assert reply.status_code == 400 and reply.json() == {"error": {"status": 400, "message": "Invalid base62 id"}}


def test_batch_albums_is_removed_in_development_mode(emulator_factory):
    dev, ext = api(emulator_factory()), api(emulator_factory(spotify_mode="extended"))
    assert dev.get("/albums", params={"ids": ESCAPE}).status_code == 403
    batch = ext.get("/albums/", params={"ids": f"{ESCAPE},0000000000000000000000"}).json()["albums"]
    assert batch[0]["id"] == ESCAPE and batch[0]["tracks"]["total"] == 3 and batch[1] is None
    assert ext.get("/albums", params={"ids": ",".join([ESCAPE] * 21)}).status_code == 400


def test_every_track_names_an_album_that_lists_it(emulator):
    client = api(emulator)
    catalog = emulator.ctx.catalog.spotify
    for track in catalog["tracks"] + catalog["album_tracks"]:
        served = client.get(f"/tracks/{track['id']}").json()
        listing = client.get(f"/albums/{served['album']['id']}/tracks", params={"limit": 50}).json()
        assert track["id"] in [t["id"] for t in listing["items"]]
        assert served["album"]["total_tracks"] == listing["total"]


def test_album_only_tracks_exist_but_track_search_never_lists_them(emulator):
    client = api(emulator)
    assert client.get(f"/tracks/{DUB}").json()["name"] == "Call For Love - Dub"
    found = client.get("/search", params={"q": "call for love", "type": "track", "limit": 10}).json()
    assert [t["id"] for t in found["tracks"]["items"]] == ["6acCallForLove00000000"]
    playlist = new_playlist(client)
    assert client.post(f"/playlists/{playlist}/items", json=[f"spotify:track:{DUB}"]).status_code == 201


def test_me_playlists_entries_keep_the_deprecated_tracks_key(emulator_factory):
    dev, ext = api(emulator_factory()), api(emulator_factory(spotify_mode="extended"))
    for client, mode in ((dev, "development"), (ext, "extended")):
        playlist = new_playlist(client)
        client.post(f"/playlists/{playlist}/items", json=["spotify:track:6acCallForLove00000000"])
        entry = client.get("/me/playlists").json()["items"][0]
        base = str(client.base_url).rstrip("/")
        assert entry["items"] == {"href": f"{base}/playlists/{playlist}/items", "total": 1}
        if mode == "development":
            assert "tracks" in entry and entry["tracks"] is None  # deprecated: null, not missing
        else:
            assert entry["tracks"] == {"href": f"{base}/playlists/{playlist}/tracks", "total": 1}
