"""The emulated Spotify Web API and accounts service, over real sockets with httpx."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from song_automations.emulator.context import DemoCredentials

CREDS = DemoCredentials()
HARDFLOOR_REMIX = "spotify:track:6aaAcperienceHardfloor"
SIX_MONTHS_S = 184 * 86400


def token_request(server, data: dict, *, basic: bool = True) -> httpx.Response:
    auth = (CREDS.spotify_client_id, CREDS.spotify_client_secret) if basic else None
    return httpx.post(f"{server.url}/spotify-accounts/api/token", data=data, auth=auth)


def user_token(server) -> str:
    reply = token_request(server, {"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token})
    assert reply.status_code == 200, reply.text
    return reply.json()["access_token"]


def api(server, token: str | None = None) -> httpx.Client:
    token = token or user_token(server)
    return httpx.Client(base_url=f"{server.url}/spotify/v1", headers={"Authorization": f"Bearer {token}"})


def track_uris(client: httpx.Client, query: str, limit: int = 10) -> list[str]:
    reply = client.get("/search", params={"q": query, "type": "track", "limit": limit})
    assert reply.status_code == 200, reply.text
    return [t["uri"] for t in reply.json()["tracks"]["items"]]


def new_playlist(client: httpx.Client, name: str = "Discogs - House") -> str:
    reply = client.post("/me/playlists", json={"name": name, "public": False, "description": ""})
    assert reply.status_code == 201, reply.text
    return reply.json()["id"]


def playlist_uris(client: httpx.Client, playlist_id: str) -> list[str]:
    page = client.get(f"/playlists/{playlist_id}/items", params={"limit": 50}).json()
    return [entry["item"]["uri"] for entry in page["items"]]


# --- accounts -------------------------------------------------------------------------


def pkce_pair() -> tuple[str, str]:
    verifier = "v" * 64
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize(server, **params) -> dict[str, list[str]]:
    query = {"client_id": CREDS.spotify_client_id, "response_type": "code",
             "redirect_uri": "http://127.0.0.1:8888/callback", "state": "xyz", **params}
    reply = httpx.get(f"{server.url}/spotify-accounts/authorize", params=query)
    assert reply.status_code == 302
    location = reply.headers["location"]
    assert location.startswith("http://127.0.0.1:8888/callback?")
    return parse_qs(urlsplit(location).query)


def test_authorization_code_with_basic_auth_gives_tokens_that_work(emulator):
    code = authorize(emulator, scope="playlist-modify-private")
    assert code["state"] == ["xyz"]
    reply = token_request(emulator, {"grant_type": "authorization_code", "code": code["code"][0],
                                     "redirect_uri": "http://127.0.0.1:8888/callback", "scope": "x", "state": "y"})
    body = reply.json()
    assert reply.status_code == 200 and body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == "playlist-modify-private"
    assert api(emulator, body["access_token"]).get("/me").json()["id"]
    again = token_request(emulator, {"grant_type": "authorization_code", "code": code["code"][0],
                                     "redirect_uri": "http://127.0.0.1:8888/callback"})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_pkce_exchange_checks_the_verifier_and_rotates_the_refresh_token(emulator):
    verifier, challenge = pkce_pair()
    code = authorize(emulator, code_challenge=challenge, code_challenge_method="S256")["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1:8888/callback",
            "client_id": CREDS.spotify_client_id}
    wrong = token_request(emulator, {**form, "code_verifier": "w" * 64}, basic=False)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    code = authorize(emulator, code_challenge=challenge, code_challenge_method="S256")["code"][0]
    good = token_request(emulator, {**form, "code": code, "code_verifier": verifier}, basic=False).json()
    refreshed = token_request(emulator, {"grant_type": "refresh_token", "refresh_token": good["refresh_token"],
                                         "client_id": CREDS.spotify_client_id}, basic=False).json()
    assert refreshed["refresh_token"] != good["refresh_token"]


def test_refresh_omits_refresh_token_and_client_credentials_has_none(emulator):
    refreshed = token_request(emulator, {"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token})
    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json()
    app = token_request(emulator, {"grant_type": "client_credentials"}).json()
    assert set(app) == {"access_token", "token_type", "expires_in"}
    assert api(emulator, app["access_token"]).get("/search", params={"q": "acid", "type": "track"}).status_code == 200
    assert api(emulator, app["access_token"]).get("/me").status_code == 401


def test_token_endpoint_errors(emulator):
    bad_secret = httpx.post(f"{emulator.url}/spotify-accounts/api/token", data={"grant_type": "client_credentials"},
                            auth=(CREDS.spotify_client_id, "wrong"))
    assert bad_secret.status_code == 400 and bad_secret.json()["error"] == "invalid_client"
    unknown = token_request(emulator, {"grant_type": "refresh_token", "refresh_token": "nope"})
    assert unknown.json() == {"error": "invalid_grant", "error_description": "Invalid refresh token"}


def test_refresh_tokens_expire_six_months_after_login(emulator):
    start = emulator.ctx.now()
    emulator.ctx.now = lambda: start + SIX_MONTHS_S
    reply = token_request(emulator, {"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token})
    assert reply.status_code == 400 and reply.json()["error"] == "invalid_grant"


def test_expired_and_unknown_access_tokens_get_401(emulator_factory):
    server = emulator_factory(access_token_ttl_s=60)
    client = api(server)
    assert client.get("/me").status_code == 200
    start = server.ctx.now()
    server.ctx.now = lambda: start + 61
    expired = client.get("/me")
    assert expired.status_code == 401
    assert expired.json() == {"error": {"status": 401, "message": "The access token expired"}}
    unknown = api(server, "not-a-token").get("/me")
    assert unknown.json() == {"error": {"status": 401, "message": "Invalid access token"}}


# --- search, catalog --------------------------------------------------------------------


def test_search_field_filters_match_tokens_in_their_field(emulator):
    client = api(emulator)
    found = track_uris(client, 'track:"Acperience 1" artist:"Hardfloor"')
    assert set(found) == {"spotify:track:6aaAcperienceHardfloor", "spotify:track:6abAcperienceRadioEdit"}
    assert track_uris(client, 'track:"acid eiffel" artist:robotnick') == ["spotify:track:6agAcidEiffelRemix0000"]
    assert track_uris(client, "isrc:DEA619200011") == [HARDFLOOR_REMIX]
    assert track_uris(client, 'track:"Ostermalm"')  # diacritics do not matter
    assert track_uris(client, 'track:"Acperience" artist:"Morcheeba"') == []


def test_search_paging_echoes_query_and_points_at_the_emulator(emulator):
    client = api(emulator)
    page = client.get("/search", params={"q": "acperience", "type": "track", "limit": 1}).json()["tracks"]
    assert page["total"] == 2 and page["limit"] == 1 and page["previous"] is None
    assert page["href"].startswith(f"{emulator.url}/spotify/v1/search?query=acperience&type=track")
    second = client.get(page["next"]).json()["tracks"]
    assert second["offset"] == 1 and second["next"] is None and second["items"][0]["id"] != page["items"][0]["id"]


@pytest.mark.parametrize(("mode", "limit", "status"), [("development", 10, 200), ("development", 11, 400),
                                                       ("extended", 50, 200), ("extended", 51, 400)])
def test_search_limit_depends_on_the_mode(emulator_factory, mode, limit, status):
    reply = api(emulator_factory(spotify_mode=mode)).get("/search", params={"q": "acid", "type": "track",
                                                                          "limit": limit})
    assert reply.status_code == status
    if status == 400:
        assert reply.json() == {"error": {"status": 400, "message": "Invalid limit"}}


def test_development_mode_strips_removed_fields_and_routes(emulator_factory):
    dev, ext = api(emulator_factory()), api(emulator_factory(spotify_mode="extended"))
    dev_track = dev.get("/tracks/6aaAcperienceHardfloor").json()
    ext_track = ext.get("/tracks/6aaAcperienceHardfloor").json()
    assert "popularity" not in dev_track and ext_track["popularity"] == 35
    assert "is_playable" not in dev_track
    assert dev.get("/tracks/6aaAcperienceHardfloor", params={"market": "DE"}).json()["is_playable"] is True
    dev_artist = dev.get("/artists/1kxHardfloor0000000000").json()
    assert "followers" not in dev_artist and "followers" in ext.get("/artists/1kxHardfloor0000000000").json()
    assert dev.get("/artists/", params={"ids": "1kxHardfloor0000000000"}).status_code == 403
    batch = ext.get("/artists/", params={"ids": "1kxHardfloor0000000000,0000000000000000000000"}).json()
    assert batch["artists"][0]["name"] == "Hardfloor" and batch["artists"][1] is None
    assert dev.post("/users/demo_listener/playlists", json={"name": "x"}).status_code == 403
    assert ext.post("/users/demo_listener/playlists", json={"name": "x"}).status_code == 201


def test_playlist_tracks_routes_are_forbidden_in_development_mode(emulator_factory):
    dev, ext = api(emulator_factory()), api(emulator_factory(spotify_mode="extended"))
    dev_id, ext_id = new_playlist(dev), new_playlist(ext)
    for method in ("GET", "POST", "PUT", "DELETE"):
        reply = dev.request(method, f"/playlists/{dev_id}/tracks", json={"uris": [HARDFLOOR_REMIX]})
        assert reply.status_code == 403 and reply.json() == {"error": {"status": 403, "message": "Forbidden"}}
    assert ext.post(f"/playlists/{ext_id}/tracks", json={"uris": [HARDFLOOR_REMIX]}).status_code == 201
    legacy = ext.get(f"/playlists/{ext_id}").json()
    assert legacy["tracks"]["items"][0]["track"]["uri"] == HARDFLOOR_REMIX
    assert "tracks" not in dev.get(f"/playlists/{dev_id}").json()


def test_rate_window_answers_429_with_retry_after(emulator_factory):
    server = emulator_factory(rate_scale=2 / 90)  # two calls per rolling 30 s
    client = api(server)
    assert [client.get("/me").status_code for _ in range(3)] == [200, 200, 429]
    limited = client.get("/me")
    assert limited.json() == {"error": {"status": 429, "message": "API rate limit exceeded"}}
    assert 1 <= int(limited.headers["Retry-After"]) <= 30
    start = server.ctx.now()
    server.ctx.now = lambda: start + 31
    assert client.get("/me").status_code == 200


# --- playlists ----------------------------------------------------------------------------


def test_items_add_in_every_accepted_form_and_reject_bad_uris(emulator):
    client = api(emulator)
    pid = new_playlist(client)
    bare = client.post(f"/playlists/{pid}/items", json=[HARDFLOOR_REMIX])
    assert bare.status_code == 201 and bare.json()["snapshot_id"]
    wrapped = client.post(f"/playlists/{pid}/items", json={"uris": ["spotify:track:6acCallForLove00000000"],
                                                           "position": 0})
    assert wrapped.json()["snapshot_id"] != bare.json()["snapshot_id"]
    client.post(f"/playlists/{pid}/items", params={"uris": "spotify:track:6agAcidEiffelRemix0000"})
    assert playlist_uris(client, pid) == ["spotify:track:6acCallForLove00000000", HARDFLOOR_REMIX,
                                          "spotify:track:6agAcidEiffelRemix0000"]
    bad = client.post(f"/playlists/{pid}/items", json={"uris": ["spotify:local:abc"]})
    assert bad.json() == {"error": {"status": 400, "message": "Invalid track uri: spotify:local:abc"}}
    too_many = client.post(f"/playlists/{pid}/items", json={"uris": [HARDFLOOR_REMIX] * 101})
    assert too_many.status_code == 400
    unknown = "spotify:track:0000000000000000000000"
    assert client.post(f"/playlists/{pid}/items", json=[unknown]).json()["error"]["message"] == (
        "Payload contains a non-existing ID")
    assert client.request("DELETE", f"/playlists/{pid}/items", json={"items": [{"uri": unknown}]}).status_code == 200


def test_items_remove_replace_and_reorder(emulator):
    client = api(emulator)
    pid = new_playlist(client)
    edit, remix, love = "spotify:track:6abAcperienceRadioEdit", HARDFLOOR_REMIX, "spotify:track:6acCallForLove00000000"
    client.post(f"/playlists/{pid}/items", json=[remix, edit, remix, love])
    client.request("DELETE", f"/playlists/{pid}/items", json={"items": [{"uri": remix}], "snapshot_id": "stale"})
    assert playlist_uris(client, pid) == [edit, love]
    client.request("DELETE", f"/playlists/{pid}/items", json={"tracks": [{"uri": love, "positions": [1]}]})
    assert playlist_uris(client, pid) == [edit]
    client.put(f"/playlists/{pid}/items", json={"uris": [remix, edit, love]})
    client.put(f"/playlists/{pid}/items", json={"range_start": 2, "insert_before": 0})
    assert playlist_uris(client, pid) == [love, remix, edit]
    assert [p["items"] for p in emulator.ctx.state.section("spotify")["playlists"].values()][0][0]["uri"] == love


def test_playlist_listing_details_and_unfollow(emulator):
    client = api(emulator)
    pids = [new_playlist(client, f"Discogs - {n}") for n in range(3)]
    client.post(f"/playlists/{pids[0]}/items", json=[HARDFLOOR_REMIX])
    page = client.get("/me/playlists", params={"limit": 2}).json()
    assert page["total"] == 3 and page["next"].startswith(emulator.url)
    assert client.get(page["next"]).json()["items"][0]["items"] == {
        "href": f"{emulator.url}/spotify/v1/playlists/{pids[0]}/items", "total": 1}
    assert client.put(f"/playlists/{pids[1]}", json={"name": "Renamed"}).status_code == 200
    assert client.get(f"/playlists/{pids[1]}").json()["name"] == "Renamed"
    assert client.delete(f"/playlists/{pids[2]}/followers").status_code == 200
    listed = [p["id"] for p in client.get("/me/playlists").json()["items"]]
    assert pids[2] not in listed and len(listed) == 2
    assert client.get("/playlists/unknown0000000000000000").status_code == 404


def test_playlist_items_page_holds_item_and_track_and_pages_by_50(emulator):
    client = api(emulator)
    pid = new_playlist(client)
    for _ in range(2):
        client.post(f"/playlists/{pid}/items", json={"uris": [HARDFLOOR_REMIX] * 30})
    assert client.get(f"/playlists/{pid}/items", params={"limit": 51}).status_code == 400
    first = client.get(f"/playlists/{pid}/items", params={"limit": 50}).json()
    entry = first["items"][0]
    assert entry["item"] == entry["track"] and entry["added_at"].endswith("Z") and entry["added_by"]["id"]
    assert first["total"] == 60 and len(client.get(first["next"]).json()["items"]) == 10


def test_playlists_and_tokens_survive_a_restart_without_secrets_on_disk(emulator_factory, tmp_path):
    state = tmp_path / "state.json"
    first = emulator_factory(state_path=state)
    token = user_token(first)
    pid = new_playlist(api(first, token))
    api(first, token).post(f"/playlists/{pid}/items", json=[HARDFLOOR_REMIX])
    first.stop()
    assert token not in state.read_text() and CREDS.spotify_refresh_token not in state.read_text()
    second = emulator_factory(state_path=state)
    assert playlist_uris(api(second, token), pid) == [HARDFLOOR_REMIX]
