"""SoundCloud sets: the catalog's public label and artist playlists, searched with
GET /playlists?q= and read like any playlist, but nobody's to change; the user's own
playlists are untouched by them. Over real sockets with httpx."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from .test_soundcloud import api, create

ESCAPE = "soundcloud:playlists:1000000101"  # Morcheeba's album set, one track
ACPERIENCE = "soundcloud:playlists:1000000102"  # Hardfloor's EP set: 7001, 7002 (playable), 7004 (preview)


def search(client: httpx.Client, **params) -> httpx.Response:
    reply = client.get("/playlists", params=params)
    assert reply.status_code == 200, reply.text
    return reply


def test_set_search_finds_sets_by_title_and_uploader(emulator):
    client = api(emulator)
    found = search(client, q="escape the chaos").json()
    assert [s["urn"] for s in found] == [ESCAPE]
    assert [s["urn"] for s in search(client, q="hardfloor").json()] == [ACPERIENCE]
    assert search(client, q="no such set anywhere").json() == []


def test_a_set_carries_the_release_fields_labels_fill_in(emulator):
    found = search(api(emulator), q="Morcheeba Escape").json()[0]
    assert found["kind"] == "playlist" and found["sharing"] == "public"
    assert found["set_type"] == found["playlist_type"] == found["type"] == "album"
    assert found["label_name"] == "100% Records" and found["ean"] == "5060204807961"
    assert (found["release_year"], found["release_month"], found["release_day"]) == (2025, 5, 23)
    assert found["user"]["username"] == "Morcheeba" and found["user_urn"] == "soundcloud:users:5003"
    assert found["track_count"] == 1 and found["duration"] == 240000
    assert [t["urn"] for t in found["tracks"]] == ["soundcloud:tracks:7003"]
    assert found["uri"].startswith(f"{emulator.url}/soundcloud/playlists/{ESCAPE}")
    assert "track_urns" not in found


def test_set_search_show_tracks_and_access_filter_the_listed_tracks(emulator):
    client = api(emulator)
    everything = search(client, q="acperience").json()[0]
    assert [t["urn"] for t in everything["tracks"]] == ["soundcloud:tracks:7001", "soundcloud:tracks:7002",
                                                        "soundcloud:tracks:7004"]
    playable = search(client, q="acperience", access="playable").json()[0]
    assert [t["urn"] for t in playable["tracks"]] == ["soundcloud:tracks:7001", "soundcloud:tracks:7002"]
    assert playable["track_count"] == 3  # the set still holds three
    assert search(client, q="acperience", show_tracks="false").json()[0]["tracks"] == []
    assert client.get("/playlists", params={"q": "x", "access": "nope"}).status_code == 400


def test_set_search_pages_with_linked_partitioning(emulator):
    client = api(emulator)
    first = search(client, limit=1, linked_partitioning="true").json()
    assert len(first["collection"]) == 1 and first["next_href"].startswith(f"{emulator.url}/soundcloud/playlists?")
    assert parse_qs(urlsplit(first["next_href"]).query)["limit"] == ["1"]
    second = client.get(first["next_href"]).json()
    assert second["next_href"] is None
    assert {first["collection"][0]["urn"], second["collection"][0]["urn"]} == {ESCAPE, ACPERIENCE}


def test_a_set_reads_by_urn_or_id_and_pages_its_tracks(emulator):
    client = api(emulator)
    assert client.get(f"/playlists/{ESCAPE}").json()["title"] == "Escape The Chaos"
    assert client.get("/playlists/1000000101", params={"show_tracks": "false"}).json()["tracks"] == []
    first = client.get(f"/playlists/{ACPERIENCE}/tracks", params={"limit": 2, "linked_partitioning": "true"}).json()
    assert [t["urn"] for t in first["collection"]] == ["soundcloud:tracks:7001", "soundcloud:tracks:7002"]
    rest = client.get(first["next_href"]).json()
    assert [t["urn"] for t in rest["collection"]] == ["soundcloud:tracks:7004"] and rest["next_href"] is None
    playable = client.get(f"/playlists/{ACPERIENCE}/tracks", params={"access": "playable"}).json()
    assert len(playable) == 2
    assert client.get("/playlists/soundcloud:playlists:1000000999").status_code == 404


def test_sets_are_read_only_and_never_among_my_playlists(emulator):
    client = api(emulator)
    for method in ("PUT", "DELETE"):
        reply = client.request(method, f"/playlists/{ESCAPE}", json={"playlist": {"title": "mine now"}})
        assert reply.status_code == 403 and reply.json()["code"] == 403
    assert client.get(f"/playlists/{ESCAPE}").json()["title"] == "Escape The Chaos"
    assert client.get("/me/playlists").json() == []
    mine = create(client, [{"urn": "soundcloud:tracks:7003"}]).json()
    assert [p["urn"] for p in client.get("/me/playlists").json()] == [mine["urn"]]
    assert mine["urn"] not in [s["urn"] for s in search(client).json()]
    assert client.delete(f"/playlists/{mine['urn']}").status_code == 200


def test_a_set_page_resolves_to_the_set(emulator):
    page = "https://soundcloud.com/morcheeba/sets/escape-the-chaos"
    reply = api(emulator).get("/resolve", params={"url": page}, follow_redirects=False)
    assert reply.status_code == 302
    assert reply.headers["location"] == f"{emulator.url}/soundcloud/playlists/{ESCAPE}"
