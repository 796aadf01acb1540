"""The emulated Discogs API, driven by python3-discogs-client (unchanged) and by raw HTTP."""

from __future__ import annotations

import http.client as http_client
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from discogs_client.exceptions import HTTPError

from .conftest import TOKEN, USERNAME

AUTH = {"Authorization": f"Discogs token={TOKEN}"}
FOLDERS = f"/discogs/users/{USERNAME}/collection/folders"


# --- a real third-party client works unchanged ------------------------------------------

def test_client_reads_identity_folders_and_a_release(discogs_api):
    me = discogs_api.identity()
    assert (me.id, me.username) == (8812345, USERNAME)

    folders = {f.name: f.count for f in me.collection_folders}
    assert folders == {"All": 6, "Uncategorized": 1, "House": 3, "Disco": 2}

    release = discogs_api.release(1287017)
    assert release.title == "Bolero, Rapsodie Espagnole"
    index = release.data["tracklist"][1]
    assert index["type_"] == "index" and [t["position"] for t in index["sub_tracks"]] == ["A2", "B1"]


def test_client_pages_through_a_folder_and_the_wantlist(discogs_api):
    everything = discogs_api.identity().collection_folders[0]
    releases = everything.releases
    releases.per_page = 2
    assert (releases.pages, releases.count) == (3, 6)
    items = list(releases)
    # Default order is label A-Z: "100% Records (2)", "Global Underground (3)", "La Voix...", "Pinkman", "Svek".
    assert [i.id for i in items] == [33986376, 71989, 1287017, 9701013, 1, 1]
    # Owned twice: same release, two instances, each in its own real folder.
    assert {(i.instance_id, i.data["folder_id"]) for i in items if i.id == 1} == {
        (412000005, 2174467), (412000006, 3390012)}

    wants = list(discogs_api.identity().wantlist)
    assert [w.id for w in wants] == [1867708]
    assert wants[0].data["notes"] == "the original, not the remix"


def test_client_sees_not_found_as_the_real_service_says_it(discogs_api):
    with pytest.raises(HTTPError) as caught:
        discogs_api.release(999999999).refresh()
    assert caught.value.status_code == 404
    assert caught.value.msg == "404: Release not found."


# --- payload shapes match the real services' recorded responses -------------------------

# Keys the docs or newer real responses show as sometimes-present (REFERENCE 1.4).
OPTIONAL = {
    "_note",                # annotation in the trimmed fixtures
    "notes", "text",        # absent when empty (collection notes, format text)
    "thumbnail_url",        # newer responses only
    "artists", "extraartists", "sub_tracks",  # per-track, only when they apply
}
PROFILE_OPTIONAL = OPTIONAL | {"avatar_url", "banner_url", "curr_abbr", "email", "uri"}  # newer than the fixture
WANT_OPTIONAL = OPTIONAL | {"date_added", "cover_image", "genres", "styles", "master_id", "master_url",
                            "entity_type_name", "notes_public"}


@pytest.mark.parametrize("path, fixture, optional", [
    ("/oauth/identity", "go-discogs_oauth_identity.json", OPTIONAL),
    (f"/users/{USERNAME}", "joalla_users_example.json", PROFILE_OPTIONAL),
    (f"/users/{USERNAME}/collection/folders", "go-discogs_users_Username_collection_folders.json", OPTIONAL),
    (f"/users/{USERNAME}/collection/folders/0/releases",
     "go-discogs_users_Username_collection_folders_0_releases.json", OPTIONAL),
    (f"/users/{USERNAME}/wants", "joalla_users_example_wants_per_page=50_page=1.json", WANT_OPTIONAL),
    ("/releases/71989", "go-discogs_releases_71989.json", OPTIONAL | {"is_offensive"}),
])
def test_payload_shapes_match_real_responses(http, shared_dir, assert_same_shape, path, fixture, optional):
    real = json.loads((shared_dir / "api" / "fixtures" / "discogs" / fixture).read_text())
    response = http.get("/discogs" + path, headers=AUTH)
    assert response.status_code == 200
    assert_same_shape(response.json(), real, optional)


@pytest.mark.demo_catalog
def test_demo_catalog_releases_have_the_real_shape(http, emulator, shared_dir, assert_same_shape):
    real = json.loads((shared_dir / "api" / "fixtures" / "discogs" / "go-discogs_releases_71989.json").read_text())
    some_ids = list(emulator.ctx.catalog.discogs["releases"])[:5]
    for release_id in some_ids:
        payload = http.get(f"/discogs/releases/{release_id}", headers=AUTH).json()
        assert_same_shape(payload, real, OPTIONAL | {"is_offensive", "master_id", "master_url", "images",
                                                     "videos", "community", "notes", "series"})


def test_collection_items_derive_basic_information_from_the_release(http, emulator):
    page = http.get(f"{FOLDERS}/2174467/releases", headers=AUTH, params={"sort": "year"}).json()
    masterless = next(i for i in page["releases"] if i["id"] == 9701013)
    info = masterless["basic_information"]
    assert (info["master_id"], info["master_url"]) == (0, None)
    assert [a["join"] for a in info["artists"]] == ["Featuring", ""]
    assert info["resource_url"] == f"{emulator.url}/discogs/releases/9701013"
    with_notes = next(i for i in page["releases"] if i["id"] == 71989)
    assert with_notes["notes"][0] == {"field_id": 1, "value": "Very Good Plus (VG+)"}
    assert "notes" not in masterless


# --- pagination -------------------------------------------------------------------------

def _urls_and_link(http, page: int, **params):
    response = http.get(f"{FOLDERS}/0/releases", headers=AUTH, params={"page": page, "per_page": 2, **params})
    return response.json()["pagination"], response.headers.get("link")


def test_pagination_urls_hold_only_the_applicable_keys(http):
    first, link = _urls_and_link(http, 1)
    assert set(first["urls"]) == {"next", "last"}
    assert 'rel="next"' in link and 'rel="last"' in link and 'rel="prev"' not in link
    middle, _ = _urls_and_link(http, 2)
    assert set(middle["urls"]) == {"first", "prev", "next", "last"}
    last, _ = _urls_and_link(http, 3)
    assert set(last["urls"]) == {"first", "prev"}
    single = http.get(f"/discogs/users/{USERNAME}/wants", headers=AUTH)
    assert single.json()["pagination"]["urls"] == {} and "link" not in single.headers


def test_pagination_urls_are_absolute_and_echo_the_effective_query(http, emulator):
    pagination, _ = _urls_and_link(http, 1)
    parts = urlsplit(pagination["urls"]["next"])
    assert f"{parts.scheme}://{parts.netloc}" == emulator.url
    assert parts.path == f"{FOLDERS}/0/releases"
    assert parse_qs(parts.query) == {"page": ["2"], "per_page": ["2"], "sort": ["label"], "sort_order": ["asc"]}
    assert "token" not in parts.query


def test_per_page_is_clamped_to_100(http):
    pagination = http.get(f"{FOLDERS}/0/releases", headers=AUTH, params={"per_page": 500}).json()["pagination"]
    assert (pagination["per_page"], pagination["pages"], pagination["items"]) == (100, 1, 6)


def test_sort_keys_and_order(http):
    def ids(**params):
        page = http.get(f"{FOLDERS}/0/releases", headers=AUTH, params=params).json()
        return [item["instance_id"] for item in page["releases"]]

    assert ids(sort="added", sort_order="desc") == [412000002, 412000004, 412000001, 412000003,
                                                    412000006, 412000005]
    assert ids(sort="rating", sort_order="desc")[:2] == [412000004, 412000001]
    assert ids(sort="year")[0] == 412000003  # year 0 (unknown) sorts first
    assert ids(sort="nonsense") == ids()  # unknown sort falls back to the default


# --- auth, owner-only folders, User-Agent -------------------------------------------------

def test_token_accepted_in_header_and_in_query(http):
    assert http.get("/discogs/oauth/identity", headers=AUTH).status_code == 200
    assert http.get("/discogs/oauth/identity", params={"token": TOKEN}).status_code == 200


@pytest.mark.parametrize("credentials", [{}, {"params": {"token": "wrong"}},
                                         {"headers": {"Authorization": "Discogs token=wrong"}}])
def test_identity_without_valid_token_is_401(http, credentials):
    response = http.get("/discogs/oauth/identity", **credentials)
    assert response.status_code == 401
    assert response.json() == {"message": "You must authenticate to access this resource."}
    assert response.headers["www-authenticate"].startswith("OAuth realm=")


def test_only_the_owner_sees_custom_folders(http):
    anonymous_folders = http.get(FOLDERS).json()["folders"]
    assert [f["id"] for f in anonymous_folders] == [0]
    assert http.get(f"{FOLDERS}/0/releases").status_code == 200
    refused = http.get(f"{FOLDERS}/2174467/releases")
    assert refused.status_code == 401
    assert refused.json() == {"message": "You must authenticate to access this resource."}
    assert http.get(f"{FOLDERS}/2174467/releases", headers=AUTH).status_code == 200
    assert http.get(f"{FOLDERS}/777/releases", headers=AUTH).status_code == 404


def test_a_single_folder_reads_like_its_entry_in_the_list(http, emulator):
    house = http.get(f"{FOLDERS}/2174467", headers=AUTH).json()
    assert house == {"id": 2174467, "name": "House", "count": 3,
                     "resource_url": f"{emulator.url}{FOLDERS}/2174467"}


def test_wantlist_notes_are_private(http):
    anonymous = http.get(f"/discogs/users/{USERNAME}/wants").json()["wants"][0]
    assert "notes" not in anonymous
    assert http.get(f"/discogs/users/{USERNAME}/wants", headers=AUTH).json()["wants"][0]["notes"]


def test_unknown_user_and_unknown_route_are_404_json(http):
    assert http.get("/discogs/users/somebody_else/wants", headers=AUTH).json() == {
        "message": "User does not exist or may have been deleted."}
    unknown = http.get("/discogs/labels/1", headers=AUTH)
    assert unknown.status_code == 404 and unknown.json() == {"message": "The requested resource was not found."}


def test_missing_user_agent_gets_the_documented_empty_response(emulator):
    # http.client sends no User-Agent unless asked to (httpx and requests always add one).
    host, port = emulator.url.removeprefix("http://").split(":")
    connection = http_client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/discogs/releases/1", headers={"Authorization": f"Discogs token={TOKEN}"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 200
    assert body == b""
    assert response.getheader("X-Discogs-Ratelimit-Used") == "1"


def test_release_urls_point_at_the_emulator(http, emulator):
    release = http.get("/discogs/releases/71989", headers=AUTH).json()
    assert release["resource_url"] == f"{emulator.url}/discogs/releases/71989"
    assert release["artists"][0]["resource_url"].startswith(f"{emulator.url}/discogs/artists/")
    assert "api.discogs.com" not in json.dumps(release)
