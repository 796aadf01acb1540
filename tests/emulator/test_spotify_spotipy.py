"""spotipy 2.26, unchanged, against the emulator (pointing recipe of REFERENCE.md 2.9)."""

from __future__ import annotations

import time

import pytest
import requests
import spotipy
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyOAuth

from song_automations.emulator import spotify
from song_automations.emulator.context import DemoCredentials

CREDS = DemoCredentials()
SCOPE = "playlist-modify-private playlist-modify-public playlist-read-private"
REMIX, EDIT = "spotify:track:6aaAcperienceHardfloor", "spotify:track:6abAcperienceRadioEdit"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """requests honours proxy variables; the emulator is on loopback."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def spotipy_client(server, token_info: dict, **options) -> tuple[spotipy.Spotify, MemoryCacheHandler]:
    cache = MemoryCacheHandler(token_info=token_info)
    auth = SpotifyOAuth(client_id=CREDS.spotify_client_id, client_secret=CREDS.spotify_client_secret,
                        redirect_uri="http://127.0.0.1:8765/callback", scope=SCOPE, cache_handler=cache,
                        open_browser=False)
    auth.OAUTH_TOKEN_URL = f"{server.url}/spotify-accounts/api/token"
    auth.OAUTH_AUTHORIZE_URL = f"{server.url}/spotify-accounts/authorize"
    client = spotipy.Spotify(auth_manager=auth, retries=0, status_retries=0, **options)
    client.prefix = f"{server.url}/spotify/v1/"
    return client, cache


def expired_seed() -> dict:
    """A cached login whose access token has expired, so spotipy must refresh first."""
    return {"access_token": "stale", "token_type": "Bearer", "expires_in": 3600, "scope": SCOPE,
            "refresh_token": CREDS.spotify_refresh_token, "expires_at": int(time.time()) - 10}


def test_spotipy_refreshes_searches_and_edits_a_playlist(emulator):
    sp, cache = spotipy_client(emulator, expired_seed())
    assert sp.me()["id"] == "demo_listener"
    refreshed = cache.get_cached_token()
    assert refreshed["access_token"] != "stale"
    assert refreshed["refresh_token"] == CREDS.spotify_refresh_token  # omitted by the server, kept by spotipy

    found = sp.search(q='track:"Acperience 1" artist:"Hardfloor"', limit=10, type="track")
    assert {t["uri"] for t in found["tracks"]["items"]} == {REMIX, EDIT}

    playlist = sp.current_user_playlist_create("Discogs - Acid", public=False, description="synced")
    sp.playlist_add_items(playlist["id"], [REMIX, EDIT, REMIX])
    sp.playlist_add_items(playlist["id"], ["spotify:track:6acCallForLove00000000"], position=0)
    sp.playlist_remove_all_occurrences_of_items(playlist["id"], [REMIX])
    items = sp.playlist_items(playlist["id"], limit=50)
    assert [e["item"]["uri"] for e in items["items"]] == ["spotify:track:6acCallForLove00000000", EDIT]
    assert spotify.playlists_view(emulator.ctx) == [
        {"id": playlist["id"], "name": "Discogs - Acid", "items": ["6acCallForLove00000000", "6abAcperienceRadioEdit"]}]

    mine = sp.current_user_playlists(limit=50)
    assert [p["id"] for p in mine["items"]] == [playlist["id"]]
    sp.current_user_unfollow_playlist(playlist["id"])
    assert sp.current_user_playlists(limit=50)["items"] == []


def test_spotipy_follows_next_links_inside_the_emulator(emulator):
    sp, _ = spotipy_client(emulator, expired_seed())
    first = sp.search(q="acperience", limit=1, type="track")["tracks"]
    second = sp.next(first)["tracks"]
    assert second["offset"] == 1 and second["items"][0]["uri"] != first["items"][0]["uri"]


def test_spotipy_surfaces_errors_without_retrying(emulator_factory):
    server = emulator_factory(rate_scale=2 / 90)
    # A plain session has no urllib3 retry adapter, so the 429's headers survive (spotipy
    # turns an empty status_forcelist back into its defaults).
    sp, _ = spotipy_client(server, expired_seed(), requests_session=requests.Session())
    with pytest.raises(spotipy.SpotifyException) as bad:
        sp.search(q="acid", limit=11, type="track")
    assert bad.value.http_status == 400 and "Invalid limit" in bad.value.msg
    sp.me()  # the second and last call the window allows
    with pytest.raises(spotipy.SpotifyException) as limited:
        sp.me()
    assert limited.value.http_status == 429 and int(limited.value.headers["Retry-After"]) >= 1


def test_spotipy_searches_albums_reads_one_and_pages_its_tracks(emulator):
    sp, _ = spotipy_client(emulator, expired_seed())
    found = sp.search(q='album:"Escape The Chaos" artist:Morcheeba', limit=10, type="album")["albums"]
    assert [a["id"] for a in found["items"]] == ["7abEscapeTheChaos00000"]
    by_upc = sp.search(q="upc:5060204807961", type="album")["albums"]["items"]
    assert by_upc == found["items"]

    album = sp.album("spotify:album:7abEscapeTheChaos00000")
    assert album["name"] == "Escape The Chaos" and album["external_ids"]["upc"] == "5060204807961"
    assert album["tracks"]["total"] == album["total_tracks"] == 3

    first = sp.album_tracks("7abEscapeTheChaos00000", limit=2)
    second = sp.next(first)
    assert [t["track_number"] for t in first["items"] + second["items"]] == [1, 3, 4]
    assert sp.next(second) is None

    page = sp.search(q="year:1900-2100", limit=4, type="album")
    rest = sp.next(page["albums"])
    assert rest["albums"]["offset"] == 4 and len(rest["albums"]["items"]) == 2
