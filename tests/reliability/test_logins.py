"""Logins: access tokens that expire mid-sync are refreshed (once per expiry, whatever the
number of workers) and the run goes on; a refresh token past Spotify's six months, or
revoked, stops the run before anything is read or written, with the command to run; a
SoundCloud refresh whose answer is lost says so."""

from __future__ import annotations

import httpx
import pytest

from cli.conftest import run_cli  # noqa: F401 (a fixture)
from song_automations.auth import TokenManager, TokenStore
from song_automations.emulator.oauth import digest
from song_automations.emulator.spotify import REFRESH_TOKEN_LIFETIME_S
from song_automations.errors import AuthExpired
from song_automations.sync.session import sync_session
from sync.conftest import SyncWorld, duplicates

from .conftest import as_sets
from .test_faults import SUBSET

TOKEN_ROUTES = {"spotify": "POST /api/token", "soundcloud": "POST /oauth/token"}


def expire_access_tokens(server) -> None:
    """Every access token either service issued is expired from now on (as an hour passing would)."""
    ctx = server.ctx
    with ctx.state.lock:
        for service in TOKEN_ROUTES:
            for record in ctx.state.section(service).get("oauth", {}).get("access", {}).values():
                record["expires_at"] = ctx.now() - 1


@pytest.mark.slow
def test_tokens_expiring_mid_sync_are_refreshed_once_per_expiry(fault_world, reference, reliability):
    world = fault_world(seed=1)
    world.reset_stats()
    expiries = []

    def progress(event) -> None:
        # Twice, while four workers are searching both platforms.
        if event.stage == "releases" and event.done in (5, 15) and len(expiries) < 2 and event.done not in expiries:
            expiries.append(event.done)
            expire_access_tokens(world.server)

    with sync_session(world.settings, progress=progress, policy=world.policy()) as engine:
        report = engine.run("all", folders=SUBSET, workers=4)
    assert len(expiries) == 2
    assert not report.partial and not report.faults.get("faults")
    stats = world.stats()
    for service, route in TOKEN_ROUTES.items():
        # One refresh per expiry: the single-use SoundCloud token is never spent twice.
        assert stats[service]["by_route"].get(route) == 2, service
        assert stats[service]["by_status"].get("401", 0) >= 1
    names = {world.settings.playlist_name(f) for f in SUBSET}
    assert world.as_sets(names) == as_sets(reference, names)
    assert not duplicates(world.playlists())
    reliability.record("both platforms' access tokens expired twice mid-sync, 4 workers", runs=1,
                       tried="2 expiries x 2 platforms", problems="none (exactly 1 refresh per expiry)",
                       reproduce="pytest tests/reliability/test_logins.py -k mid_sync")


@pytest.fixture
def cli_world(emulator_factory, tmp_path, monkeypatch) -> SyncWorld:
    world = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    for key in ("LOG_LEVEL", "SPOTIFY_REFRESH_TOKEN", "SOUNDCLOUD_REFRESH_TOKEN"):
        monkeypatch.delenv(key, raising=False)
    for key, value in {**world.server.settings_env(), "DATA_DIR": str(world.settings.data_dir)}.items():
        monkeypatch.setenv(key, value)
    yield world
    world.http.close()


@pytest.mark.parametrize("how", ["past six months", "revoked"])
def test_a_dead_spotify_login_stops_the_run_before_any_work(cli_world, run_cli, reliability, how):  # noqa: F811
    ctx = cli_world.server.ctx
    key = digest(ctx.config.credentials.spotify_refresh_token)
    with ctx.state.lock:
        refresh = ctx.state.section("spotify")["oauth"]["refresh"]
        if how == "revoked":
            del refresh[key]
        else:
            refresh[key]["issued_at"] -= REFRESH_TOKEN_LIFETIME_S + 86400
    result = run_cli("sync", "all")
    assert result.code == 1
    assert "Your Spotify login has expired or was revoked; run `song-automations auth spotify`" in result.err
    assert "Traceback" not in result.err
    stats = cli_world.stats()
    assert stats["discogs"]["requests"] == 0  # not even the folder list was read
    assert set(stats["spotify"]["by_route"]) == {"POST /api/token"}
    assert cli_world.playlists() == {"spotify": {}, "soundcloud": {}}
    with cli_world.tracker() as tracker:
        [run] = tracker.runs(1)
    assert run["status"] == "failed"
    reliability.record(f"Spotify refresh token {how}", runs=1, tried="1 refused refresh",
                       problems="none (stopped before any read or write, exit 1, the auth sentence)",
                       reproduce=f"pytest tests/reliability/test_logins.py -k '{how}'")


class LoseFirstAnswer(httpx.HTTPTransport):
    """A network that delivers the first token request and loses the service's answer."""

    def __init__(self) -> None:
        super().__init__()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if self.lost == 0:
            self.lost += 1
            response.read()
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")
        return response


def test_a_soundcloud_refresh_whose_answer_is_lost_says_what_happened(emulator_factory, tmp_path, policy_no_wait):
    world = SyncWorld(emulator_factory(rate_scale=1000.0), tmp_path / "data")
    network = LoseFirstAnswer()
    manager = TokenManager("soundcloud", world.settings, TokenStore(world.settings.token_dir),
                           policy=policy_no_wait, transport=network)
    with pytest.raises(AuthExpired) as refused:
        manager.access_token()
    manager.close()
    message = str(refused.value)
    assert "SoundCloud did not answer our login refresh" in message
    assert "`song-automations auth soundcloud`" in message
    assert network.lost == 1
    world.http.close()
