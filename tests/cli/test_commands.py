"""Every command against an emulator: what it prints, what it changes, how it exits."""

from __future__ import annotations

import json

import httpx
import pytest

from song_automations.tracker import Tracker

from .conftest import emulator_playlists, emulator_stats
from sqlcheck import sql_one

DESTINATIONS = ("spotify", "soundcloud")


def _names(playlists: dict, platform: str) -> set[str]:
    key = "name" if platform == "spotify" else "title"
    return {p[key] for p in playlists[platform]}


def test_dry_run_prints_the_plan_and_changes_nothing(cli_env, run_cli, emulator):
    result = run_cli("sync", "all", "--dry-run")
    assert result.code in (0, 3), result.err  # 3: the dry run flagged new matches for review
    assert "Dry run: the plan (nothing was changed)" in result.out
    assert "Discogs - House" in result.out and " new " in result.out
    assert emulator_playlists(emulator) == {"spotify": [], "soundcloud": []}


def test_sync_creates_one_playlist_per_folder_and_wantlist(cli_env, run_cli, emulator):
    result = run_cli("sync", "all")
    assert result.code == 0, result.err
    assert "Sync summary" in result.out
    playlists = emulator_playlists(emulator)
    for platform in DESTINATIONS:
        assert {"Discogs - House", "Discogs - Disco", "Discogs - Wantlist"} <= _names(playlists, platform)
        for playlist in playlists[platform]:
            assert len(playlist["items"]) == len(set(playlist["items"])), "duplicate track in a playlist"


def test_second_sync_searches_nothing(cli_env, run_cli, emulator):
    assert run_cli("sync", "all").code == 0
    before = emulator_playlists(emulator)
    httpx.post(f"{emulator.url}/_emulator/stats/reset")
    result = run_cli("sync", "all")
    assert result.code == 0, result.err
    routes = {svc: stats["by_route"] for svc, stats in emulator_stats(emulator).items()}
    assert not any("search" in r or r.startswith("GET /tracks?") for r in routes["spotify"])
    assert routes["soundcloud"].get("GET /tracks", 0) == 0
    assert routes["discogs"].get("GET /releases/{id}", 0) == 0
    assert emulator_playlists(emulator) == before


def test_folders_and_exclude_wantlist_limit_the_sync(cli_env, run_cli, emulator):
    result = run_cli("sync", "spotify", "--folders", "House", "--exclude-wantlist",
                     "--workers", "1", "--min-confidence", "0.6")
    assert result.code == 0, result.err
    playlists = emulator_playlists(emulator)
    assert _names(playlists, "spotify") == {"Discogs - House"}
    assert playlists["soundcloud"] == []


def test_unknown_folder_is_one_clear_sentence(cli_env, run_cli):
    result = run_cli("sync", "spotify", "--folders", "Polka")
    assert result.code != 0
    assert "Polka" in result.err and "Traceback" not in result.err


def test_force_rematch_searches_again(cli_env, run_cli, emulator):
    assert run_cli("sync", "spotify").code == 0
    httpx.post(f"{emulator.url}/_emulator/stats/reset")
    assert run_cli("sync", "spotify", "--force-rematch", "--yes").code == 0
    assert emulator_stats(emulator)["spotify"]["by_route"].get("GET /search", 0) > 0
    httpx.post(f"{emulator.url}/_emulator/stats/reset")
    assert run_cli("sync", "spotify", "--force-rematch-all").code == 0
    assert emulator_stats(emulator)["spotify"]["by_route"].get("GET /search", 0) > 0


def test_status_shows_playlists_and_last_run(cli_env, run_cli):
    assert "Nothing synced yet" in run_cli("status").out
    assert run_cli("sync", "all").code in (0, 3)
    result = run_cli("status")
    assert result.code == 0, result.err
    assert 'named "Discogs - <folder>"' in result.out and "\nHouse " in result.out
    assert "Spotify" in result.out and "SoundCloud" in result.out
    assert "Last run #1 (spotify, soundcloud): ok" in result.out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_report_missing(cli_env, run_cli, tmp_path, fmt):
    assert run_cli("sync", "all").code == 0
    out_file = tmp_path / f"missing.{fmt}"
    result = run_cli("report", "missing", "--format", fmt, "--destination", "spotify", "--output", str(out_file))
    assert result.code == 0, result.err
    text = out_file.read_text()
    with Tracker(cli_env["DATA_DIR"] + "/tracker.db") as tracker:
        expected = tracker.missing_rows("spotify")
    if fmt == "json":
        rows = json.loads(text)
        assert len(rows) == len(expected)
        for row in rows:
            assert row["destination"] == "spotify"
            assert set(row) >= {"folder", "artist", "title", "version", "reason", "best_candidate", "best_score"}
    else:
        lines = text.splitlines()
        assert lines[0].startswith("destination,folder,artist,title,version")
        assert len(lines) == len(expected) + 1


def _first_match(cli_env, destination: str) -> dict:
    with Tracker(cli_env["DATA_DIR"] + "/tracker.db") as tracker:
        return sql_one(tracker, "SELECT * FROM matched_tracks WHERE destination = ? AND uri IS NOT NULL "
                           "ORDER BY id LIMIT 1", [destination])


def _items(emulator, destination: str) -> set[str]:
    playlists = emulator_playlists(emulator)[destination]
    return {item for p in playlists for item in p["items"]}


def test_review_reject_removes_the_track_and_it_is_never_picked_again(cli_env, run_cli, emulator):
    assert run_cli("sync", "spotify").code == 0
    match = _first_match(cli_env, "spotify")
    track_id = match["uri"].rsplit(":", 1)[-1]
    assert track_id in _items(emulator, "spotify")
    result = run_cli("review", "reject", str(match["id"]))
    assert result.code == 0 and f"Rejected {match['id']}" in result.out
    assert run_cli("sync", "spotify", "--yes").code == 0
    assert track_id not in _items(emulator, "spotify")


def test_review_override_pins_a_track(cli_env, run_cli, emulator):
    assert run_cli("sync", "soundcloud").code == 0
    match = _first_match(cli_env, "soundcloud")
    current = match["uri"]
    other = next(t["urn"] for t in emulator.ctx.catalog.soundcloud["tracks"] if t["urn"] != current)
    result = run_cli("review", "override", str(match["id"]), other)
    assert result.code == 0, result.err
    assert "Pinned" in result.out
    assert run_cli("sync", "soundcloud", "--yes").code == 0
    items = _items(emulator, "soundcloud")
    assert other in items
    # An override is never undone by a later re-search.
    assert run_cli("sync", "soundcloud", "--force-rematch", "--yes").code == 0
    assert other in _items(emulator, "soundcloud")


def test_review_list_and_approve(cli_env, run_cli):
    assert run_cli("sync", "all").code == 0
    result = run_cli("review", "list")
    assert result.code == 0, result.err
    assert "Nothing to review." in result.out or "matches to review" in result.out
    match = _first_match(cli_env, "spotify")
    approved = run_cli("review", "approve", str(match["id"]))
    assert approved.code == 0 and f"Approved {match['id']}" in approved.out
    with Tracker(cli_env["DATA_DIR"] + "/tracker.db") as tracker:
        assert sql_one(tracker, "SELECT source FROM matched_tracks WHERE id = ?", [match["id"]])["source"] == "approved"


def test_review_unknown_id_is_one_sentence(cli_env, run_cli):
    result = run_cli("review", "approve", "999999")
    assert result.code == 1
    assert "999999" in result.err and "review list" in result.err and "Traceback" not in result.err
