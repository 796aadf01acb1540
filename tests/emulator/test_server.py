"""Running the emulator: the background server, --state persistence, env settings, and the CLI."""

from __future__ import annotations

import os
import selectors
import signal
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from song_automations.emulator.context import DemoCredentials, EmulatorConfig
from song_automations.emulator.server import EmulatorServer, env_settings

from .conftest import TOKEN, USER_AGENT, USERNAME

MINI = Path(__file__).parent / "fixtures" / "mini_catalog.json"
CREDS = DemoCredentials()
DISCOGS = {"Authorization": f"Discogs token={TOKEN}", "User-Agent": USER_AGENT}


def test_server_reports_its_real_port_and_stops_cleanly(emulator_factory):
    server = emulator_factory()
    assert server.url == f"http://127.0.0.1:{server.port}" and server.port > 0
    assert httpx.get(server.url + "/discogs/releases/1", headers=DISCOGS).status_code == 200
    server.stop()
    server.stop()  # a second stop is harmless
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/discogs/releases/1", headers=DISCOGS)


def test_a_fixed_port_is_used_and_a_taken_one_refused(emulator_factory):
    first = emulator_factory()
    with pytest.raises(OSError):
        EmulatorServer(EmulatorConfig(catalog_path=MINI), port=first.port).start()
    port = first.port
    first.stop()
    again = emulator_factory(port=port)
    assert again.url.endswith(f":{port}")


def _spotify_token(server) -> str:
    reply = httpx.post(f"{server.url}/spotify-accounts/api/token",
                       data={"grant_type": "refresh_token", "refresh_token": CREDS.spotify_refresh_token},
                       auth=(CREDS.spotify_client_id, CREDS.spotify_client_secret))
    return reply.json()["access_token"]


def test_state_file_keeps_edits_playlists_and_tokens_across_restarts(emulator_factory, tmp_path):
    state = tmp_path / "state.json"
    before = emulator_factory(state_path=state)
    httpx.post(before.url + "/_emulator/collection", json={"delete_folder": ["Disco"]})
    token = _spotify_token(before)
    created = httpx.post(f"{before.url}/spotify/v1/me/playlists", json={"name": "Discogs - House"},
                         headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201
    before.stop()

    after = emulator_factory(state_path=state)
    folders = httpx.get(f"{after.url}/discogs/users/{USERNAME}/collection/folders", headers=DISCOGS).json()
    assert [f["name"] for f in folders["folders"]] == ["All", "Uncategorized", "House"]
    playlists = httpx.get(after.url + "/_emulator/playlists").json()["spotify"]
    assert [p["name"] for p in playlists] == ["Discogs - House"]
    mine = httpx.get(f"{after.url}/spotify/v1/me/playlists", headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200  # the access token issued before the restart still works


def test_without_a_state_file_a_restart_forgets(emulator_factory):
    first = emulator_factory()
    httpx.post(first.url + "/_emulator/collection", json={"delete_folder": ["Disco"]})
    first.stop()
    second = emulator_factory()
    folders = httpx.get(f"{second.url}/discogs/users/{USERNAME}/collection/folders", headers=DISCOGS).json()
    assert "Disco" in [f["name"] for f in folders["folders"]]


def test_env_settings_point_every_service_at_the_emulator():
    settings = env_settings("http://127.0.0.1:9999/", CREDS)
    assert settings == {
        "DISCOGS_API_URL": "http://127.0.0.1:9999/discogs",
        "SPOTIFY_API_URL": "http://127.0.0.1:9999/spotify/v1",
        "SPOTIFY_ACCOUNTS_URL": "http://127.0.0.1:9999/spotify-accounts",
        "SOUNDCLOUD_API_URL": "http://127.0.0.1:9999/soundcloud",
        "SOUNDCLOUD_AUTH_URL": "http://127.0.0.1:9999/soundcloud-auth",
        "EMULATOR_URL": "http://127.0.0.1:9999",
        "DISCOGS_USER_TOKEN": CREDS.discogs_token,
        "SPOTIFY_CLIENT_ID": CREDS.spotify_client_id,
        "SPOTIFY_CLIENT_SECRET": CREDS.spotify_client_secret,
        "SPOTIFY_REFRESH_TOKEN": CREDS.spotify_refresh_token,
        "SOUNDCLOUD_CLIENT_ID": CREDS.soundcloud_client_id,
        "SOUNDCLOUD_CLIENT_SECRET": CREDS.soundcloud_client_secret,
        "SOUNDCLOUD_REFRESH_TOKEN": CREDS.soundcloud_refresh_token,
        "SPOTIFY_RATE_LIMIT": "90",  # the real budget: no scaling asked for
    }
    # A scaled emulator tells the client the scaled budget (Spotify has no rate header).
    assert env_settings("http://127.0.0.1:9999/", CREDS, rate_scale=20)["SPOTIFY_RATE_LIMIT"] == "1800"


# --- the CLI command, as a subprocess ------------------------------------------------------

def _cli() -> list[str]:
    script = Path(sys.executable).with_name("song-automations")
    return [str(script)] if script.exists() else [sys.executable, "-m", "song_automations.cli"]


def _read_line(process: subprocess.Popen, timeout_s: float = 30.0) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            raise AssertionError(f"no output from the emulator within {timeout_s:g} s")
    return process.stdout.readline().strip()


@pytest.fixture
def cli_emulator(tmp_path):
    env_file = tmp_path / "emulator.env"
    env_file.write_text("STALE=1\n")  # an existing file is rewritten, and made private
    os.chmod(env_file, 0o644)
    process = subprocess.Popen(
        [*_cli(), "emulator", "--port", "0", "--env-file", str(env_file), "--catalog", str(MINI),
         "--faults", "none", "--seed", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process, env_file
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def test_cli_prints_ready_and_writes_a_private_env_file(cli_emulator):
    """Also: Ctrl-C is the normal way to stop it, so it exits 0."""
    process, env_file = cli_emulator
    line = _read_line(process)
    assert line.startswith("READY http://127.0.0.1:")
    url = line.split(" ", 1)[1]
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    settings = dict(row.split("=", 1) for row in env_file.read_text().splitlines())
    assert settings == env_settings(url, CREDS)

    identity = httpx.get(settings["DISCOGS_API_URL"] + "/oauth/identity",
                         headers={"User-Agent": USER_AGENT,
                                  "Authorization": f"Discogs token={settings['DISCOGS_USER_TOKEN']}"})
    assert identity.json()["username"] == USERNAME

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=15) == 0


def test_cli_stops_on_sigterm_with_status_0(cli_emulator):
    process, _ = cli_emulator
    assert _read_line(process).startswith("READY ")
    process.terminate()
    assert process.wait(timeout=15) == 0


def test_cli_refuses_a_bad_fault_spec_in_one_sentence(tmp_path):
    result = subprocess.run([*_cli(), "emulator", "--faults", '{"meteor": 1}'], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "unknown fault kind(s) meteor" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_reports_a_taken_port_in_one_sentence(emulator):
    result = subprocess.run([*_cli(), "emulator", "--port", str(emulator.port), "--catalog", str(MINI)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2  # a bad --port: a usage error, nothing was done
    assert result.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{emulator.port}")
    assert "Traceback" not in result.stderr


def test_cli_reports_an_unreadable_catalog_in_one_sentence(tmp_path):
    broken = tmp_path / "catalog.json"
    broken.write_text("{not json")
    result = subprocess.run([*_cli(), "emulator", "--catalog", str(broken)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2  # a bad --catalog: a usage error, nothing was done
    assert result.stderr.startswith("Error: cannot read the emulator catalog")
    assert "Traceback" not in result.stderr
