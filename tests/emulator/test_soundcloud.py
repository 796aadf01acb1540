"""The emulated SoundCloud API and auth host, over real sockets with httpx."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx

from song_automations.emulator import soundcloud
from song_automations.emulator.context import DemoCredentials

CREDS = DemoCredentials()
REDIRECT = "http://127.0.0.1:8889/callback"
REMIX, EDIT, LOVE = "soundcloud:tracks:7001", "soundcloud:tracks:7002", "soundcloud:tracks:7003"


def token_request(server, data: dict) -> httpx.Response:
    return httpx.post(f"{server.url}/soundcloud-auth/oauth/token", data=data,
                      headers={"accept": "application/json; charset=utf-8"})


def refresh(server, refresh_token: str) -> httpx.Response:
    return token_request(server, {"grant_type": "refresh_token", "refresh_token": refresh_token,
                                  "client_id": CREDS.soundcloud_client_id,
                                  "client_secret": CREDS.soundcloud_client_secret, "redirect_uri": REDIRECT})


def api(server, token: str | None = None, scheme: str = "OAuth") -> httpx.Client:
    if token is None:
        reply = refresh(server, CREDS.soundcloud_refresh_token)
        assert reply.status_code == 200, reply.text
        token = reply.json()["access_token"]
    return httpx.Client(base_url=f"{server.url}/soundcloud", headers={"Authorization": f"{scheme} {token}"})


def create(client: httpx.Client, tracks: list[dict], title: str = "Discogs - House") -> httpx.Response:
    return client.post("/playlists", json={"playlist": {"title": title, "sharing": "private", "tracks": tracks}})


# --- auth -------------------------------------------------------------------------------


def test_pkce_login_then_single_use_refresh_rotation(emulator):
    verifier = "k" * 50
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    start = httpx.get(f"{emulator.url}/soundcloud-auth/authorize", params={
        "client_id": CREDS.soundcloud_client_id, "redirect_uri": REDIRECT, "response_type": "code",
        "code_challenge": challenge, "code_challenge_method": "S256", "state": "s1"})
    query = parse_qs(urlsplit(start.headers["location"]).query)
    assert start.status_code == 302 and query["state"] == ["s1"]
    tokens = token_request(emulator, {"grant_type": "authorization_code", "client_id": CREDS.soundcloud_client_id,
                                      "redirect_uri": REDIRECT, "code_verifier": verifier,
                                      "code": query["code"][0]}).json()
    assert tokens["token_type"] == "bearer" and tokens["expires_in"] == 3600
    first = refresh(emulator, tokens["refresh_token"])
    assert first.status_code == 200 and first.json()["refresh_token"] != tokens["refresh_token"]
    reused = refresh(emulator, tokens["refresh_token"])
    assert reused.status_code == 400
    assert reused.json() == {"code": 400, "message": "invalid_grant",
                             "link": "https://developers.soundcloud.com/docs/api/guide#authentication"}
    assert refresh(emulator, first.json()["refresh_token"]).status_code == 200


def test_demo_refresh_token_works_once(emulator):
    assert refresh(emulator, CREDS.soundcloud_refresh_token).status_code == 200
    assert refresh(emulator, CREDS.soundcloud_refresh_token).json()["message"] == "invalid_grant"


def test_client_credentials_with_basic_or_body_and_bad_clients(emulator):
    url = f"{emulator.url}/soundcloud-auth/oauth/token"
    basic = httpx.post(url, data={"grant_type": "client_credentials"},
                       auth=(CREDS.soundcloud_client_id, CREDS.soundcloud_client_secret))
    body = token_request(emulator, {"grant_type": "client_credentials", "client_id": CREDS.soundcloud_client_id,
                                    "client_secret": CREDS.soundcloud_client_secret})
    assert basic.status_code == body.status_code == 200
    app = api(emulator, basic.json()["access_token"])
    assert app.get("/tracks", params={"q": "acperience"}).status_code == 200
    assert app.get("/me").status_code == 401  # /me needs a user
    wrong = httpx.post(url, data={"grant_type": "client_credentials"}, auth=(CREDS.soundcloud_client_id, "x"))
    assert wrong.status_code == 401 and wrong.json()["message"] == "invalid_client"
    assert token_request(emulator, {"grant_type": "password"}).json()["message"] == "unsupported_grant"


def test_access_tokens_expire_and_bearer_is_accepted(emulator_factory):
    server = emulator_factory(access_token_ttl_s=30)
    token = refresh(server, CREDS.soundcloud_refresh_token).json()["access_token"]
    assert api(server, token, scheme="Bearer").get("/me").status_code == 200
    start = server.ctx.now()
    server.ctx.now = lambda: start + 31
    expired = api(server, token).get("/me")
    assert expired.status_code == 401
    assert set(expired.json()) == {"code", "message", "link", "status", "errors", "error"}
    assert api(server, "bogus").get("/me").json()["status"] == "401 - Unauthorized"


# --- tracks ---------------------------------------------------------------------------


def test_search_hides_blocked_tracks_unless_asked(emulator):
    client = api(emulator)
    default = client.get("/tracks", params={"q": "ostermalm persuader"}).json()
    assert default == []
    blocked = client.get("/tracks", params={"q": "ostermalm persuader", "access": "blocked"}).json()
    assert [t["access"] for t in blocked] == ["blocked"]
    preview = client.get("/tracks", params={"q": "acid eiffel", "access": "preview"}).json()
    assert [t["access"] for t in preview] == ["preview"]


def test_search_matches_title_uploader_and_metadata_artist(emulator):
    client = api(emulator)
    titles = [t["title"] for t in client.get("/tracks", params={"q": "Hardfloor Acperience"}).json()]
    assert set(titles) == {"Acperience 1 (Hardfloor Remix)", "Hardfloor - Acperience 1 (Radio Edit)"}
    track = client.get("/tracks", params={"q": "morcheeba call for love"}).json()[0]
    assert track["urn"] == LOVE and track["id"] == 7003 and track["uri"].endswith("/tracks/soundcloud:tracks:7003")


def test_linked_partitioning_pages_with_an_absolute_next_href(emulator):
    client = api(emulator)
    first = client.get("/tracks", params={"q": "acperience", "limit": 1, "linked_partitioning": "true"}).json()
    assert set(first) == {"collection", "next_href"} and len(first["collection"]) == 1
    assert first["next_href"].startswith(f"{emulator.url}/soundcloud/tracks?")
    second = client.get(first["next_href"]).json()
    assert second["next_href"] is None
    assert {first["collection"][0]["urn"], second["collection"][0]["urn"]} == {REMIX, EDIT}


def test_tracks_by_urn_or_id_or_resolved_page_url(emulator):
    client = api(emulator)
    resolved = client.get("/resolve", params={"url": "https://m.soundcloud.com/hardfloor/t7001/"})
    assert resolved.status_code == 302
    assert resolved.json()["location"] == resolved.headers["location"] == f"{emulator.url}/soundcloud/tracks/{REMIX}"
    assert client.get("/resolve", params={"url": "https://soundcloud.com/nobody/none"}).status_code == 404
    assert client.get(f"/tracks/{REMIX}").json()["title"] == client.get("/tracks/7001").json()["title"]
    missing = client.get("/tracks/soundcloud:tracks:1")
    assert missing.status_code == 404 and missing.json()["code"] == 404


# --- playlists ------------------------------------------------------------------------


def test_playlist_create_replace_read_delete(emulator):
    client = api(emulator)
    created = create(client, [{"urn": REMIX}, {"id": 7002}])
    assert created.status_code == 201
    playlist = created.json()
    assert [t["urn"] for t in playlist["tracks"]] == [REMIX, EDIT] and playlist["track_count"] == 2
    urn = playlist["urn"]
    replaced = client.put(f"/playlists/{urn}", json={"playlist": {"tracks": [{"urn": LOVE}, {"urn": REMIX}]}})
    assert [t["urn"] for t in replaced.json()["tracks"]] == [LOVE, REMIX]
    assert [t["urn"] for t in client.get(f"/playlists/{playlist['id']}/tracks").json()] == [LOVE, REMIX]
    assert soundcloud.playlists_view(emulator.ctx) == [{"urn": urn, "title": "Discogs - House",
                                                        "items": [LOVE, REMIX]}]
    assert client.delete(f"/playlists/{urn}").status_code == 200
    assert client.get(f"/playlists/{urn}").status_code == 404


def test_playlist_limits_and_unprocessable_bodies(emulator):
    client = api(emulator)
    too_many = create(client, [{"urn": REMIX}] * 501)
    assert too_many.status_code == 422 and "500" in too_many.json()["message"]
    full = create(client, [{"urn": REMIX}] * 500)
    assert full.status_code == 201
    over = client.put(f"/playlists/{full.json()['urn']}", json={"playlist": {"tracks": [{"urn": EDIT}] * 501}})
    assert over.status_code == 422 and over.json()["code"] == 422
    assert client.get(f"/playlists/{full.json()['urn']}").json()["track_count"] == 500
    unknown = create(client, [{"urn": "soundcloud:tracks:999"}])
    assert unknown.status_code == 422 and "soundcloud:tracks:999" in unknown.json()["message"]
    bad_json = client.post("/playlists", content=b"{not json", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 422
    assert bad_json.json()["errors"] == [{"error_message": "Could not parse JSON request body."}]


def test_me_playlists_show_tracks_and_paging(emulator):
    client = api(emulator)
    for n in range(3):
        create(client, [{"urn": REMIX}], title=f"Discogs - {n}")
    listed = client.get("/me/playlists").json()
    assert [p["title"] for p in listed] == ["Discogs - 2", "Discogs - 1", "Discogs - 0"]
    assert listed[0]["tracks"][0]["urn"] == REMIX
    slim = client.get("/me/playlists", params={"show_tracks": "false", "limit": 2,
                                               "linked_partitioning": "true"}).json()
    assert slim["collection"][0]["tracks"] == [] and slim["collection"][0]["track_count"] == 1
    assert len(client.get(slim["next_href"]).json()["collection"]) == 1
    assert client.get("/me").json()["username"]
