"""`doctor` against a healthy emulator, one whose Spotify login has expired, and one that is down."""

from __future__ import annotations

import re
import time

from song_automations.adapters.spotify import REFRESH_TOKEN_LIFETIME_DAYS

from .conftest import emulator_stats


def _rows(out: str) -> dict[str, str]:
    """``{check name: "state finding..."}`` from doctor's table (wrapped lines joined)."""
    rows: dict[str, str] = {}
    name = None
    for line in out.splitlines():
        found = re.match(r"^(ok|warn|FAIL|skip)\s+(Data directory|Discogs|Spotify login|Spotify|SoundCloud login|"
                         r"SoundCloud)\s+(.*)$", line)
        if found:
            name = found.group(2)
            rows[name] = f"{found.group(1)} {found.group(3).strip()}"
        elif name and line.strip():
            rows[name] += " " + line.strip()
    return rows


def test_a_healthy_set_up_is_ready_and_says_when_the_spotify_login_expires(cli_env, run_cli):
    result = run_cli("doctor")
    assert result.code == 0, result.out
    rows = _rows(result.out)
    assert set(rows) == {"Data directory", "Discogs", "Spotify login", "Spotify", "SoundCloud login", "SoundCloud"}
    assert all(row.startswith("ok ") for row in rows.values()), rows
    assert re.search(r"logged in as \S+; \d+ of \d+ requests left this minute", rows["Discogs"])
    expires = re.search(r"expires on or before (\d{4}-\d\d-\d\d) \(in (\d+) days\)", rows["Spotify login"])
    assert expires and REFRESH_TOKEN_LIFETIME_DAYS - 1 <= int(expires.group(2)) <= REFRESH_TOKEN_LIFETIME_DAYS
    assert "not rate limiting us" in rows["Spotify"] and "not rate limiting us" in rows["SoundCloud"]
    assert result.out.rstrip().endswith("Everything is ready for the next sync.")
    assert result.err == ""


def test_an_expired_spotify_login_is_a_problem_with_its_remedy(cli_env, run_cli, emulator):
    assert run_cli("doctor").code == 0  # the login is first used now
    emulator.ctx.now = lambda: time.time() + (REFRESH_TOKEN_LIFETIME_DAYS + 10) * 86400
    result = run_cli("doctor")
    assert result.code == 1
    rows = _rows(result.out)
    assert rows["Spotify login"].startswith("FAIL the Spotify login has expired or was revoked.")
    assert "→ Run `song-automations auth spotify` (or set a new SPOTIFY_REFRESH_TOKEN)." in rows["Spotify login"]
    assert rows["Discogs"].startswith("ok ")
    assert result.out.rstrip().endswith("1 problem to fix before the next sync.")


def test_a_service_that_is_down_is_named_with_what_to_check(cli_env, run_cli, emulator):
    emulator.stop()
    result = run_cli("doctor")
    assert result.code == 1
    rows = _rows(result.out)
    assert rows["Data directory"].startswith("ok ")
    assert re.match(r"FAIL cannot reach http://127\.0\.0\.1:\d+/discogs \(.*Connection refused\)", rows["Discogs"])
    assert "→ Check the network connection, and DISCOGS_API_URL if you changed it." in rows["Discogs"]
    assert rows["Spotify login"].startswith("FAIL cannot reach") and rows["SoundCloud login"].startswith("FAIL")
    # Each names the setting its address comes from.
    assert "and SPOTIFY_ACCOUNTS_URL if you changed it." in rows["Spotify login"]
    assert "and SOUNDCLOUD_AUTH_URL if you changed it." in rows["SoundCloud login"]
    assert result.out.rstrip().endswith("3 problems to fix before the next sync.")
    assert result.err == ""  # the log lines would only repeat the findings


def test_a_failing_service_is_asked_once_not_retried(cli_env, run_cli, emulator):
    # Every request answers 500: the check reports it after one request, without the
    # backoff a sync would spend on its critical reads (seconds per retry).
    emulator.ctx.config.faults = {"server_error": 1.0}
    result = run_cli("doctor")
    assert result.code == 1
    assert _rows(result.out)["Discogs"].startswith("FAIL")
    assert emulator_stats(emulator)["discogs"]["by_route"] == {"GET /oauth/identity": 1}


def test_a_platform_without_an_app_is_skipped_not_failed(cli_env, run_cli, monkeypatch):
    monkeypatch.delenv("SOUNDCLOUD_CLIENT_ID")
    result = run_cli("doctor")
    assert result.code == 0
    assert _rows(result.out)["SoundCloud"].startswith("skip not configured (no SOUNDCLOUD_CLIENT_ID)")


def test_bad_settings_are_a_usage_error(cli_env, run_cli, monkeypatch):
    monkeypatch.setenv("MIN_CONFIDENCE", "2")
    result = run_cli("doctor")
    assert result.code == 2 and "MIN_CONFIDENCE must be between 0 and 1" in result.err
