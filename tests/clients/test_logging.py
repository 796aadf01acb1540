"""Logs of a full client session at DEBUG: every API call recorded, no secret anywhere."""

from __future__ import annotations

import io
import json
import logging

import pytest

from song_automations.auth import TokenStore
from song_automations.clients.discogs import DiscogsClient
from song_automations.clients.soundcloud import SoundCloudClient
from song_automations.clients.spotify import SpotifyClient
from song_automations.logging import LOG_FILE_NAME, REDACTED, redact, setup_logging
from song_automations.models import SearchQuery

from .conftest import emulator_settings


@pytest.fixture
def restore_root_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def run_session(settings, policy) -> None:
    with DiscogsClient(settings, policy=policy) as discogs:
        discogs.identity()
        discogs.release(71989)
    store = TokenStore(settings.token_dir)
    with SpotifyClient(settings, store, policy=policy) as spotify:
        spotify.search(SearchQuery(artist="Hardfloor", title="Acperience"))
        playlist = spotify.create_playlist("Discogs - Logged")
        spotify.add_items(playlist.id, ["spotify:track:6aaAcperienceHardfloor"])
    with SoundCloudClient(settings, store, policy=policy) as soundcloud:
        soundcloud.search(SearchQuery(artist="Hardfloor", title="Acperience"))
        soundcloud.create_playlist("Discogs - Logged")


def test_a_debug_session_logs_every_call_and_no_secret(emulator, tmp_path, policy, restore_root_logging):
    settings = emulator_settings(emulator, tmp_path, LOG_LEVEL="DEBUG")
    console = io.StringIO()
    setup_logging(settings, console=console)
    run_session(settings, policy)
    logging.getLogger("test").debug("a pasted header: Authorization: Bearer abcdefghijkl, url ?token=xyz123456")
    for handler in logging.getLogger().handlers:
        handler.flush()
    file_text = (settings.log_dir / LOG_FILE_NAME).read_text()
    store = TokenStore(settings.token_dir)
    secrets = {
        settings.discogs_user_token, settings.spotify_client_secret, settings.spotify_refresh_token,
        settings.soundcloud_client_secret, settings.soundcloud_refresh_token, "abcdefghijkl", "xyz123456",
    }
    for service in ("spotify", "soundcloud"):
        stored = store.load(service)
        secrets |= {stored["access_token"], stored["refresh_token"]}
    for text in (console.getvalue(), file_text):
        assert "spotify GET /search" in text or '"route": "/search"' in text
        leaked = sorted(s for s in secrets if s in text)
        assert not leaked, f"secrets in the log: {len(leaked)}"
        assert REDACTED in text
    calls = [json.loads(line) for line in file_text.splitlines() if '"route"' in line]
    services = {c["service"] for c in calls}
    assert {"discogs", "spotify", "soundcloud"} <= services
    assert all({"method", "status", "duration_ms", "attempt", "wait_s"} <= set(c) for c in calls)


def test_redaction_patterns():
    assert redact("Authorization: Discogs token=abcdef123") == f"Authorization: {REDACTED}"
    assert redact("{'Authorization': 'Bearer qwertyuiop'}") == f"{{'Authorization': '{REDACTED}'}}"
    assert redact('{"refresh_token": "r-123456789"}') == f'{{"refresh_token": "{REDACTED}"}}'
    assert redact("GET /x?token=abc123&page=2") == f"GET /x?token={REDACTED}&page=2"
    assert redact("client_secret=s3cr3t!") == f"client_secret={REDACTED}"
