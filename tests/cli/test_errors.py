"""Every failure ends with one clear sentence and a non-zero exit; tracebacks only at DEBUG."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest


@pytest.fixture
def always_429() -> Iterator[str]:
    """A service on 127.0.0.1 that answers every request 429 with an hour's Retry-After."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            body = b'{"message": "You are making requests too quickly."}'
            self.send_response(429)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output clean
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_missing_discogs_token_names_the_variable(cli_env, run_cli, monkeypatch):
    monkeypatch.delenv("DISCOGS_USER_TOKEN")
    result = run_cli("sync", "all", "--dry-run")
    assert result.code == 1
    assert "DISCOGS_USER_TOKEN" in result.err
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and result.err.strip().splitlines()[-1] == errors[0]


def test_missing_spotify_credentials_name_the_variable(cli_env, run_cli, monkeypatch):
    monkeypatch.delenv("SPOTIFY_CLIENT_ID")
    monkeypatch.delenv("SPOTIFY_REFRESH_TOKEN")
    result = run_cli("sync", "spotify", "--dry-run")
    assert result.code == 1
    assert "SPOTIFY_CLIENT_ID" in result.err and "Traceback" not in result.err


def test_expired_spotify_login_names_the_auth_command(cli_env, run_cli, monkeypatch):
    monkeypatch.setenv("SPOTIFY_REFRESH_TOKEN", "a-refresh-token-spotify-never-issued")
    result = run_cli("sync", "spotify", "--dry-run")
    assert result.code == 1
    assert "song-automations auth spotify" in result.err and "Traceback" not in result.err


def test_rate_limit_over_the_cap_says_how_long_to_wait(cli_env, run_cli, monkeypatch, always_429):
    monkeypatch.setenv("DISCOGS_API_URL", always_429)
    result = run_cli("sync", "all", "--dry-run")
    assert result.code == 1
    assert "3600" in result.err or "1 h" in result.err or "hour" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [("MIN_CONFIDENCE", "2", "MIN_CONFIDENCE must be between 0 and 1"),
     ("ARTIST_WEIGHT", "heavy", "ARTIST_WEIGHT must be a number"),
     ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
     ("MAX_WORKERS", "0", "MAX_WORKERS must be between 1 and 64")],
)
def test_invalid_setting_is_one_sentence(cli_env, run_cli, monkeypatch, name, value, expected):
    monkeypatch.setenv(name, value)
    result = run_cli("status")
    assert result.code == 2  # bad settings: nothing was done
    assert expected in result.err and "Traceback" not in result.err


def test_usage_errors_exit_2(run_cli):
    result = run_cli("sync", "deezer")
    assert result.code == 2
    assert "Invalid value" in result.err


def _subprocess_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "song_automations.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_traceback_only_with_debug(cli_env, tmp_path):
    env = {**os.environ, **cli_env}
    env.pop("DISCOGS_USER_TOKEN")
    quiet = _subprocess_cli(env, "sync", "all", "--dry-run")
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr and "DISCOGS_USER_TOKEN" in quiet.stderr
    loud = _subprocess_cli({**env, "LOG_LEVEL": "DEBUG"}, "sync", "all", "--dry-run")
    assert loud.returncode == 1
    assert "Traceback" in loud.stderr and "DISCOGS_USER_TOKEN" in loud.stderr
