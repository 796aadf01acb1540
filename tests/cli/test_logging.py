"""The JSON-lines log of a DEBUG sync: every request the emulator counted, and no secret."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from song_automations.emulator.context import DemoCredentials

from .conftest import emulator_stats

# The accounts hosts are counted under their service by the emulator's stats.
SERVICE_OF = {"spotify-accounts": "spotify", "soundcloud-accounts": "soundcloud"}


def test_debug_log_has_every_request_and_no_secret(cli_env, run_cli, monkeypatch, emulator):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    result = run_cli("sync", "all")
    assert result.code == 0, result.err
    data_dir = Path(cli_env["DATA_DIR"])
    log_text = (data_dir / "logs" / "song_automations.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in log_text.splitlines()]
    calls = Counter(SERVICE_OF.get(r["service"], r["service"]) for r in records
                    if "service" in r and "status" in r)
    counted = {name: stats["requests"] for name, stats in emulator_stats(emulator).items()}
    assert dict(calls) == counted
    assert all({"method", "route", "duration_ms", "attempt"} <= set(r) for r in records if "status" in r)
    # Every match decision: one per (track, platform) searched or taken from its
    # release's album, with its evidence.
    decisions = [r["match"] for r in records if "match" in r]
    work = re.search(r"(\d+) tracks? searched(?:, (\d+) taken from their release's album)?", " ".join(result.out.split()))
    assert len(decisions) == int(work.group(1)) + int(work.group(2) or 0) > 0
    assert {d["stage"] for d in decisions} <= {"release", "track"}
    for decision in decisions:
        assert {"track", "platform", "decision", "queries"} <= set(decision)
        if decision["decision"] in ("accepted", "review"):
            assert decision["candidate"] and 0 <= decision["confidence"] <= 1 and decision["components"]
    # Every secret the run used: configured credentials and the tokens it obtained.
    creds = DemoCredentials()
    secrets = {creds.discogs_token, creds.spotify_client_secret, creds.spotify_refresh_token,
               creds.soundcloud_client_secret, creds.soundcloud_refresh_token}
    for token_file in (data_dir / "tokens").glob("*.json"):
        stored = json.loads(token_file.read_text())
        secrets |= {stored.get("access_token"), stored.get("refresh_token")}
    secrets.discard(None)
    assert len(secrets) >= 7
    for secret in secrets:
        assert secret not in log_text
        assert secret not in result.out and secret not in result.err


def test_expected_probe_failures_do_not_alarm_the_user(cli_env, run_cli):
    # Development mode refuses the artist batch endpoint; the probe is expected.
    result = run_cli("sync", "spotify")
    assert result.code == 0, result.err
    assert "ERROR" not in result.err


def test_the_console_digest_shows_a_services_first_pause_and_counts_the_rest():
    import logging

    from song_automations.logging import RateLimitDigest

    digest = RateLimitDigest()

    def record(name: str, msg: str, *args, **extra) -> logging.LogRecord:
        made = logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, None)
        made.__dict__.update(extra)
        return made

    pause = "%s answered 429: pausing every request for %.1f s"
    shown = [digest.filter(record("song_automations.ratelimit", pause, service, 30.0))
             for service in ("spotify", "spotify", "soundcloud", "spotify")]
    assert shown == [True, False, True, False]
    assert not digest.filter(record("song_automations.http", "spotify GET /search failed", status=429))
    assert digest.filter(record("song_automations.sync", "something else worth a warning"))
    assert digest.summary() == ["spotify asked us to slow down 3 times; the run waited 90 s in all."]
