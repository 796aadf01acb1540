"""Browser login (authorization code, PKCE), the token store, and single-flight refresh."""

from __future__ import annotations

import os
import stat
import threading
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from ports import free_port

from song_automations.auth import TokenManager, TokenStore, run_authorization_flow
from song_automations.clients.soundcloud import SoundCloudClient
from song_automations.clients.spotify import SpotifyClient
from song_automations.errors import AuthError, AuthRequired

from .conftest import emulator_settings, emulator_stats


def browser(seen: list[str]):
    """Stands in for the user's browser: follows the authorize URL to our callback."""

    def visit(line: str) -> None:
        url = line.rsplit(" ", 1)[-1]
        seen.append(url)
        threading.Thread(target=httpx.get, args=(url,), kwargs={"follow_redirects": True}, daemon=True).start()

    return visit


@pytest.mark.parametrize("service", ["spotify", "soundcloud"])
def test_browser_login_stores_a_private_token_that_the_client_uses(emulator, tmp_path, policy, service):
    redirect = f"http://127.0.0.1:{free_port()}/callback"
    settings = emulator_settings(emulator, tmp_path, **{f"{service.upper()}_REDIRECT_URI": redirect,
                                                         f"{service.upper()}_REFRESH_TOKEN": ""})
    seen: list[str] = []
    path = run_authorization_flow(service, settings, open_browser=False, announce=browser(seen), timeout_s=20)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    query = parse_qs(urlsplit(seen[0]).query)
    assert query["state"][0] and query["redirect_uri"] == [redirect]
    if service == "soundcloud":
        assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    else:
        assert "code_challenge" not in query and "playlist-modify-private" in query["scope"][0]
    client_class = SpotifyClient if service == "spotify" else SoundCloudClient
    with client_class(settings, TokenStore(settings.token_dir), policy=policy) as client:
        assert client.list_playlists() == []


def test_a_callback_with_the_wrong_state_is_refused(emulator, tmp_path):
    port = free_port()
    settings = emulator_settings(emulator, tmp_path, SOUNDCLOUD_REDIRECT_URI=f"http://127.0.0.1:{port}/callback")
    answers: list[int] = []

    def forged_then_real(line: str) -> None:
        url = line.rsplit(" ", 1)[-1]

        def run() -> None:
            forged = httpx.get(f"http://127.0.0.1:{port}/callback?code=stolen&state=forged")
            answers.append(forged.status_code)
            httpx.get(url, follow_redirects=True)

        threading.Thread(target=run, daemon=True).start()

    run_authorization_flow("soundcloud", settings, open_browser=False, announce=forged_then_real, timeout_s=20)
    assert answers == [400]


def test_a_refused_login_says_so(emulator, tmp_path):
    port = free_port()
    settings = emulator_settings(emulator, tmp_path, SPOTIFY_REDIRECT_URI=f"http://127.0.0.1:{port}/callback")

    def deny(line: str) -> None:
        state = parse_qs(urlsplit(line.rsplit(" ", 1)[-1]).query)["state"][0]
        threading.Thread(target=httpx.get, args=(f"http://127.0.0.1:{port}/callback?error=access_denied&state={state}",),
                         daemon=True).start()

    with pytest.raises(AuthError, match="access_denied"):
        run_authorization_flow("spotify", settings, open_browser=False, announce=deny, timeout_s=20)


def test_a_redirect_uri_that_is_not_loopback_is_refused(emulator, tmp_path):
    settings = emulator_settings(emulator, tmp_path, SPOTIFY_REDIRECT_URI="https://example.com/callback")
    with pytest.raises(AuthError, match="SPOTIFY_REDIRECT_URI"):
        run_authorization_flow("spotify", settings, open_browser=False, announce=lambda line: None)


def test_missing_app_credentials_name_the_variables(emulator, tmp_path):
    settings = emulator_settings(emulator, tmp_path).with_overrides(soundcloud_client_id=None)
    with pytest.raises(AuthRequired, match="SOUNDCLOUD_CLIENT_ID"):
        TokenManager("soundcloud", settings, TokenStore(tmp_path))


def test_token_store_writes_atomically_with_private_modes(tmp_path):
    store = TokenStore(tmp_path / "tokens")
    store.save("soundcloud", {"access_token": "a" * 20, "refresh_token": "r" * 20, "expires_at": 1})
    store.save("soundcloud", {"access_token": "b" * 20, "refresh_token": "s" * 20, "expires_at": 2})
    assert store.load("soundcloud")["refresh_token"] == "s" * 20
    assert sorted(p.name for p in (tmp_path / "tokens").iterdir()) == ["soundcloud.json"]  # no temp files left
    assert stat.S_IMODE(os.stat(store.path("soundcloud")).st_mode) == 0o600
    store.path("spotify").write_text("{not json")
    with pytest.raises(AuthRequired, match="auth spotify"):
        store.load("spotify")


def test_concurrent_workers_share_one_refresh(emulator, tmp_path, policy):
    settings = emulator_settings(emulator, tmp_path)
    manager = TokenManager("soundcloud", settings, TokenStore(settings.token_dir), policy=policy)
    tokens: list[str] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        tokens.append(manager.access_token())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    manager.close()
    assert len(set(tokens)) == 1 and len(tokens) == 8
    # One token request only: a second one would have spent the single-use seed twice.
    assert emulator_stats(emulator, "soundcloud")["requests"] == 1


def test_which_refresh_token_a_run_starts_from(tmp_path, policy):
    """Stored login beats the setting; a setting-seeded login keeps its rotations; a new setting wins."""
    sent: list[str] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        sent.append(form["refresh_token"][0])
        return httpx.Response(200, json={"access_token": f"acc-{len(sent):06d}", "expires_in": 3600,
                                         "refresh_token": f"rot-{len(sent):06d}"})

    def first_token(env_token: str | None) -> None:
        from song_automations.settings import load_settings

        env = {"SOUNDCLOUD_CLIENT_ID": "cid", "SOUNDCLOUD_CLIENT_SECRET": "csecret", "DATA_DIR": str(tmp_path)}
        if env_token:
            env["SOUNDCLOUD_REFRESH_TOKEN"] = env_token
        settings = load_settings(environ=env, env_file=tmp_path / "absent.env")
        manager = TokenManager("soundcloud", settings, TokenStore(settings.token_dir), policy=policy,
                               transport=httpx.MockTransport(token_endpoint))
        manager._current()["expires_at"] = 0  # force a refresh as a new run would after an hour
        manager.access_token()
        manager.close()

    first_token("seed-aaaaaa")
    first_token("seed-aaaaaa")  # same setting: continue from the rotated token
    first_token("seed-bbbbbb")  # the user pasted a new token: start from it
    first_token(None)  # no setting: the store
    assert sent == ["seed-aaaaaa", "rot-000001", "seed-bbbbbb", "rot-000003"]
    TokenStore(tmp_path / "tokens").save("soundcloud", {"access_token": "x" * 8, "refresh_token": "login-tok",
                                                        "expires_at": 0})
    first_token("seed-bbbbbb")  # a browser login (no seed recorded) wins over the setting
    assert sent[-1] == "login-tok"
