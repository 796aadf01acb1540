"""The /_emulator control routes: stats, playlists, truth and collection edits."""

from __future__ import annotations

import httpx
import pytest

from song_automations.emulator.context import DemoCredentials

from .conftest import TOKEN, USERNAME

AUTH = {"Authorization": f"Discogs token={TOKEN}"}
FOLDERS = f"/discogs/users/{USERNAME}/collection/folders"


def _folders(http) -> dict[str, int]:
    return {f["name"]: f["count"] for f in http.get(FOLDERS, headers=AUTH).json()["folders"]}


def test_stats_count_requests_by_route_template_and_status(http):
    http.get("/discogs/releases/1", headers=AUTH)
    http.get("/discogs/releases/2", headers=AUTH)
    http.get(f"{FOLDERS}/0/releases", headers=AUTH)
    http.post("/discogs/releases/1", headers=AUTH)  # the route exists, the method does not
    stats = http.get("/_emulator/stats").json()
    assert stats["services"]["discogs"] == {
        "requests": 4,
        "by_route": {"GET /releases/{id}": 2, "GET /users/{username}/collection/folders/{folder_id}/releases": 1,
                     "POST /releases/{id}": 1},
        "by_status": {"200": 2, "404": 1, "405": 1},
    }
    assert set(stats["services"]) == {"discogs", "spotify", "soundcloud"}
    assert http.get("/_emulator/stats").json() == stats  # control requests are not counted


def test_stats_reset(http):
    http.get("/discogs/releases/1", headers=AUTH)
    assert http.post("/_emulator/stats/reset").status_code == 200
    assert http.get("/_emulator/stats").json()["services"]["discogs"] == {
        "requests": 0, "by_route": {}, "by_status": {}}


def test_playlists_lists_both_platforms(http):
    assert http.get("/_emulator/playlists").json() == {"spotify": [], "soundcloud": []}


def test_truth_covers_the_collection_and_wantlist_only(http):
    truth = http.get("/_emulator/truth").json()
    assert truth["spotify"]["71989:B1"] == "6aaAcperienceHardfloor"
    assert truth["soundcloud"]["33986376:A1"] == "soundcloud:tracks:7003"
    assert truth["spotify"]["1867708:A"] == "6afAcidEiffel000000000"  # wantlist
    assert truth["spotify"]["9701013:A"] is None  # not on the platform
    assert "4242:A" not in truth["spotify"]  # in the catalog, not in the collection


def test_release_truth_names_each_listed_releases_album_and_set(http):
    truth = http.get("/_emulator/truth/releases").json()
    assert set(truth) == {"spotify", "soundcloud"}
    assert truth["spotify"]["33986376"] == "7abEscapeTheChaos00000"
    assert truth["soundcloud"]["33986376"] == "soundcloud:playlists:1000000101"
    assert truth["spotify"]["1867708"] == "7adAcidEiffel000000000"  # wantlist
    assert truth["spotify"]["71989"] is None and truth["soundcloud"]["1"] is None
    assert set(truth["spotify"]) == set(truth["soundcloud"]) == {"71989", "33986376", "1287017", "9701013",
                                                                 "1", "1867708"}
    # the track-level route keeps its shape: platforms only, "<release_id>:<position>" keys
    assert set(http.get("/_emulator/truth").json()) == {"spotify", "soundcloud"}
    http.post("/_emulator/collection", json={"add": [{"folder": "House", "release_id": 4242}]})
    assert http.get("/_emulator/truth/releases").json()["spotify"]["4242"] is None


@pytest.mark.demo_catalog
def test_release_truth_albums_list_the_track_truth_of_their_releases(emulator_factory):
    """Over HTTP on the demo catalog: the album a release's truth names lists every right
    track of the release that Spotify files on it, and holds at least one."""
    server = emulator_factory(catalog="demo", rate_scale=50)
    creds = DemoCredentials()
    token = httpx.post(f"{server.url}/spotify-accounts/api/token", auth=(creds.spotify_client_id,
                       creds.spotify_client_secret), data={"grant_type": "client_credentials"}).json()
    client = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token['access_token']}"})
    releases = client.get("/_emulator/truth/releases").json()["spotify"]
    tracks = client.get("/_emulator/truth").json()["spotify"]
    catalog_tracks = {t["id"]: t for t in server.ctx.catalog.spotify["tracks"]}
    checked = 0
    for release_id, album_id in releases.items():
        if album_id is None:
            continue
        listed = client.get(f"/spotify/v1/albums/{album_id}/tracks", params={"limit": 50}).json()["items"]
        ids = {t["id"] for t in listed}
        right = {v for k, v in tracks.items() if k.split(":")[0] == release_id and v}
        filed_here = {t for t in right if catalog_tracks[t]["album"]["id"] == album_id}
        assert filed_here and filed_here <= ids, release_id
        assert {i for i in ids if i in catalog_tracks} <= right, release_id
        checked += 1
    assert checked > 150


def test_adding_a_release_shows_in_discogs_and_in_truth(http):
    reply = http.post("/_emulator/collection", json={"add": [{"folder": "House", "release_id": 4242}]})
    assert reply.status_code == 200
    assert {f["name"]: f["count"] for f in reply.json()["folders"]}["House"] == 4
    assert _folders(http)["House"] == 4 and _folders(http)["All"] == 7
    items = http.get(f"{FOLDERS}/2174467/releases", headers=AUTH).json()["releases"]
    added = next(i for i in items if i["id"] == 4242)
    assert added["folder_id"] == 2174467 and added["instance_id"] > 412000006
    assert "4242:A" in http.get("/_emulator/truth").json()["spotify"]


def test_adding_to_a_new_folder_creates_it(http):
    http.post("/_emulator/collection", json={"add": [{"folder": "Acid", "release_id": 4242}]})
    folders = http.get(FOLDERS, headers=AUTH).json()["folders"]
    acid = next(f for f in folders if f["name"] == "Acid")
    assert acid["count"] == 1
    assert http.get(f"{FOLDERS}/{acid['id']}/releases", headers=AUTH).json()["releases"][0]["id"] == 4242


def test_removing_takes_one_instance_out(http):
    http.post("/_emulator/collection", json={"remove": [{"folder": "Disco", "release_id": 1}]})
    assert _folders(http) == {"All": 5, "Uncategorized": 1, "House": 3, "Disco": 1}
    # Still owned once, in House, so its truth stays.
    assert "1:A" in http.get("/_emulator/truth").json()["spotify"]


def test_deleting_a_folder_moves_its_releases_out(http):
    http.post("/_emulator/collection", json={"delete_folder": ["Disco"]})
    assert _folders(http) == {"All": 6, "Uncategorized": 3, "House": 3}
    assert http.get(f"{FOLDERS}/3390012/releases", headers=AUTH).status_code == 404
    moved = http.get(f"{FOLDERS}/1/releases", headers=AUTH).json()["releases"]
    assert {i["id"] for i in moved} == {33986376, 1287017, 1}


@pytest.mark.parametrize("body, complaint", [
    ("not json", "JSON object"),
    ([], "JSON object"),
    ({"move": []}, "unknown key(s) move"),
    ({"add": {"folder": "House"}}, "'add' must be a list"),
    ({"add": [{"folder": "House"}]}, "each 'add' entry"),
    ({"add": [{"folder": "House", "release_id": "4242"}]}, "positive integer"),
    ({"add": [{"folder": "", "release_id": 4242}]}, "non-empty folder name"),
    ({"add": [{"folder": "House", "release_id": 55555}]}, "release 55555 is not in the catalog"),
    ({"add": [{"folder": "All", "release_id": 4242}]}, '"All" folder'),
    ({"remove": [{"folder": "House", "release_id": 33986376}]}, "is not in folder 'House'"),
    ({"remove": [{"folder": "Jazz", "release_id": 1}]}, "no collection folder named 'Jazz'"),
    ({"delete_folder": ["Uncategorized"]}, "cannot be deleted"),
    ({"delete_folder": [3]}, "folder names"),
])
def test_bad_edits_are_400_with_a_reason_and_change_nothing(http, body, complaint):
    before = _folders(http)
    payload = {"content": body} if isinstance(body, str) else {"json": body}
    # A valid add ahead of the bad part proves the edit is all or nothing.
    if isinstance(body, dict) and "add" not in body:
        payload = {"json": {"add": [{"folder": "House", "release_id": 4242}], **body}}
    reply = http.post("/_emulator/collection", **payload)
    assert reply.status_code == 400
    assert complaint in reply.json()["error"]
    assert _folders(http) == before
